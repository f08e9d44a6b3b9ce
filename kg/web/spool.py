"""Where a query worker writes one result: in memory while small, in an anonymous file beyond, never past a cap.

The cap is on bytes, so a result of few rows that are each a megabyte is stopped as surely as one of many rows. A
spilled result stays in its file, and the file (not its bytes) is handed to the server process, which sends it to the
client from there: neither process ever holds a large body in its heap, and the worker is free again at once.
"""

from __future__ import annotations

import os
import tempfile
import threading
from typing import IO

# Bodies up to this size travel inline in the answer message (most results); larger ones go through a file.
INLINE_BYTES = 256 * 1024


class ResultTooLarge(Exception):
    """The result passed the byte cap; writing stopped there."""

    def __init__(self, limit: int):
        super().__init__(f"the result is larger than {limit:,} bytes; add a LIMIT (or page with OFFSET)")
        self.limit = limit


def anonymous_file() -> IO[bytes]:
    """A read-write binary file with no name (a memfd on Linux, else an unlinked temporary file)."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("kg-result", os.MFD_CLOEXEC), "w+b")
    return tempfile.TemporaryFile()


class Spool:
    """A binary writer that keeps the first `spill_above` bytes in memory, the rest in an anonymous file, and raises
    ResultTooLarge rather than write past `limit` bytes."""

    def __init__(self, limit: int, spill_above: int | None = None):
        self.limit = limit
        self.spill_above = limit if spill_above is None else spill_above
        self.memory = bytearray()
        self.file: IO[bytes] | None = None
        self.size = 0

    def write(self, data: bytes) -> int:
        n = len(data)
        if self.size + n > self.limit:
            raise ResultTooLarge(self.limit)
        self.size += n
        if self.file is None and self.size <= self.spill_above:
            self.memory += data
        else:
            if self.file is None:
                self.file = anonymous_file()
                self.file.write(self.memory)
                self.memory = bytearray()
            self.file.write(data)
        return n

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def getvalue(self) -> bytes:
        """Everything written so far."""
        if self.file is None:
            return bytes(self.memory)
        self.file.flush()
        return os.pread(self.file.fileno(), self.size, 0)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


class SendBudget:
    """The bytes of spilled results the server process holds for clients still reading them.

    A client that asks for large results and never reads them leaves each one held until its connection times out;
    without a cap on the total, a handful of such clients could fill the memory. Past the budget a large result is
    answered 503 (try again) instead.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.held = 0
        self.lock = threading.Lock()

    def hold(self, file: IO[bytes], size: int) -> _HeldFile | None:
        """The file wrapped so that closing it gives its bytes back, or None when the budget has no room."""
        with self.lock:
            if self.held + size > self.limit:
                return None
            self.held += size
        return _HeldFile(file, size, self)

    def release(self, size: int) -> None:
        with self.lock:
            self.held -= size


class _HeldFile:
    """A spilled result's file as the server sends it (read, seek, tell), returning its bytes to the budget on close."""

    def __init__(self, file: IO[bytes], size: int, budget: SendBudget):
        self.file, self.size, self.budget = file, size, budget
        self.read, self.seek, self.tell = file.read, file.seek, file.tell

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.file.closed:
            self.file.close()
            self.budget.release(self.size)
