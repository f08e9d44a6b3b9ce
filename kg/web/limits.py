"""The operating system's limits on a query worker: how much memory it may take.

A query can ask the engine for unbounded memory (an ORDER BY over a cross product grows by gigabytes a second), and
pyoxigraph has no memory budget of its own. So each worker process asks the kernel to refuse it more than a fixed
amount of data memory; Oxigraph's allocator then fails, the worker aborts, and the pool answers 503 "memory limit"
and starts a fresh worker, while the other workers and the server process go on untouched.

RLIMIT_DATA (heap and private anonymous mappings, Linux >= 4.7) is the measure, not RLIMIT_AS: an idle worker with
the store open already reserves over a gigabyte of address space (RocksDB and per-thread allocator arenas) while
using about a hundred megabytes of data.
"""

from __future__ import annotations

import re

# What a worker prints on the way down when its memory is refused: Rust's allocation failure, Python's MemoryError.
OUT_OF_MEMORY = re.compile(r"memory allocation of \d+ bytes failed|MemoryError")

_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def cap_memory(max_bytes: int) -> str | None:
    """Limits the calling process's data memory to `max_bytes`; the reason when the platform cannot."""
    try:
        import resource
    except ImportError:
        return "this platform has no resource limits"
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (max_bytes, max_bytes))
    except (ValueError, OSError) as err:
        return f"setrlimit(RLIMIT_DATA) failed: {err}"
    return None


def parse_size(text: str) -> int:
    """'1G', '512M', '1.5G', '800000000' -> bytes; '0' means no limit."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", text.upper())
    if not m:
        raise ValueError(f"{text!r} is not a size (e.g. 1G, 512M)")
    return int(float(m.group(1)) * _UNITS[m.group(2)])


def format_size(n: int) -> str:
    for unit in ("T", "G", "M", "K"):
        if n >= _UNITS[unit]:
            return f"{n / _UNITS[unit]:.3g} {unit}B"
    return f"{n} bytes"
