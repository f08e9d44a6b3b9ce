#!/usr/bin/env python3
"""Rebuilds the compact lookup file (SQLite) of the Wikidata linker from the tables in kg/link/data.

    python scripts/build_kb.py                 # into the user cache, where load_kb() finds it
    python scripts/build_kb.py -o kb.sqlite    # anywhere else
    python scripts/build_kb.py --data DIR      # from another copy of the tables

load_kb() rebuilds the cached file by itself when a table changes (the file name carries a
hash of the tables); this script is for doing it ahead of time or for shipping the file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.link.kbfile import build, cache_dir, tables_digest  # noqa: E402
from kg.link.sources import DATA_DIR  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, help="where to write (default: the user cache file)")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder with the tables (default kg/link/data)")
    args = parser.parse_args(argv)
    out = args.output or cache_dir() / f"kb-{tables_digest(args.data)}.sqlite"
    start = time.perf_counter()
    stats = build(out, args.data)
    took = time.perf_counter() - start
    summary = ", ".join(f"{v} {k}" for k, v in sorted(stats.items()))
    print(f"{out}: {summary} ({took:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
