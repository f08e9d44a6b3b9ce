#!/usr/bin/env python3
"""Wikidata linker speed against plain baselines measured in the same run.

    python benchmarks/link.py [--names 20000]

- building the lookup file vs only reading the tables with the csv module (the floor any build pays);
- loading the knowledge base from its cached file (target < 1 s) vs opening the SQLite file bare;
- kb.lookup(name, type) per second vs a Python dict lookup of the normalised names (the floor);
- kb.gazetteer() vs one bare SELECT over the names table.
Prints times and the ratios; no thresholds are asserted (speed goals are read, not tested).
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.link.kb import KnowledgeBase  # noqa: E402
from kg.link.kbfile import build, kb_path  # noqa: E402
from kg.link.normalize import norm  # noqa: E402
from kg.link.sources import DATA_DIR, TABLES  # noqa: E402


def timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def read_tables() -> int:
    rows = 0
    for name in TABLES:
        if name.endswith(".csv"):
            with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
                rows += sum(1 for _ in csv.DictReader(f))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=20_000, help="lookups to time (default 20000)")
    args = parser.parse_args(argv)

    t_csv, rows = timed(read_tables)
    with tempfile.TemporaryDirectory() as tmp:
        t_build, stats = timed(build, Path(tmp) / "kb.sqlite")
    print(
        f"build: {t_build:.2f} s for {rows} rows -> {stats.get('names')} names; "
        f"csv read alone {t_csv:.2f} s; ratio {t_build / t_csv:.1f}x"
    )

    path = kb_path()
    t_bare, _ = timed(
        lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute("SELECT count(*) FROM entities").fetchone()
    )
    t_load, kb = timed(KnowledgeBase, path)
    print(
        f"load (cached file): {t_load * 1000:.1f} ms (target < 1000 ms); bare SQLite open+count "
        f"{t_bare * 1000:.1f} ms; ratio {t_load / max(t_bare, 1e-9):.1f}x"
    )

    con = sqlite3.connect(path)
    pairs = [
        (surface, type_)
        for surface, type_ in con.execute("SELECT n.surface, e.type FROM names n JOIN entities e ON e.id = n.entity")
    ]
    random.Random(7).shuffle(pairs)
    pairs = (pairs * (args.names // max(len(pairs), 1) + 1))[: args.names]
    table = {}
    for surface, type_ in pairs:
        table.setdefault((norm(surface), type_), surface)
    t_dict, _ = timed(lambda: [table.get((norm(s), t)) for s, t in pairs])
    t_lookup, found = timed(lambda: [kb.lookup(s, t) for s, t in pairs])
    linked = sum(1 for c in found if c is not None)
    print(
        f"lookup: {len(pairs) / t_lookup:,.0f} per s ({linked} of {len(pairs)} linked); dict of normalised "
        f"names {len(pairs) / t_dict:,.0f} per s; ratio {t_lookup / t_dict:.1f}x slower"
    )

    t_select, n_rows = timed(lambda: len(con.execute("SELECT norm, surface FROM names WHERE listed = 1").fetchall()))
    t_gaz, entries = timed(lambda: list(kb.gazetteer()))
    print(
        f"gazetteer: {len(entries)} entries in {t_gaz:.2f} s; bare SELECT of {n_rows} listed names "
        f"{t_select:.3f} s; ratio {t_gaz / max(t_select, 1e-9):.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
