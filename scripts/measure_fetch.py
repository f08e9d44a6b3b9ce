#!/usr/bin/env python3
"""How large a `kg link fetch` is: rows, requests, seconds and disk, against a local `oxigraph serve`.

    python scripts/measure_fetch.py [--people 20000] [--orgs 10000] [--cities 5000] [--regions 3000]

Generates a Wikidata-shaped dataset of the default slice's shape (TEST DATA: every id is invented,
Q99100000000 and up, far above Wikidata's range), loads it into a fresh `oxigraph serve` on 127.0.0.1,
runs the fetch with the default page size and prints what it cost. docs/wikidata.md scales these
numbers to the public service.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from servers import OxigraphServer  # noqa: E402

from kg.link.fetch import Fetcher  # noqa: E402
from kg.link.sparql_client import SparqlClient  # noqa: E402
from kg.link.wikidata_slice import default_tasks  # noqa: E402

BASE = 99_100_000_000  # invented ids start here
WD, WDT, P, PS, PQ = (
    "http://www.wikidata.org/entity/",
    "http://www.wikidata.org/prop/direct/",
    "http://www.wikidata.org/prop/",
    "http://www.wikidata.org/prop/statement/",
    "http://www.wikidata.org/prop/qualifier/",
)
LABEL, ALT = "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel"
DESC = "http://schema.org/description"
DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


def generate(people: int, orgs: int, cities: int, regions: int, out) -> int:
    """Writes N-Triples; returns the number of triples."""
    rnd = random.Random(7)
    n = 0
    next_id = iter(range(BASE, BASE + 10_000_000))

    def t(s, p, o):
        nonlocal n
        out.write(f"<{s}> <{p}> {o} .\n")
        n += 1

    def item(label: str, classes: list[str], aliases: int = 2) -> str:
        q = WD + f"Q{next(next_id)}"
        for c in classes:
            t(q, WDT + "P31", f"<{WD}{c}>")
        t(q, LABEL, f'"{label}"@en')
        for k in range(aliases):
            t(q, ALT, f'"{label} alias {k}"@en')
        t(q, DESC, f'"synthetic test item {label}"@en')
        return q

    countries = [item(f"Country {i}", ["Q3624078"], 3) for i in range(200)]
    posts = []
    for i in range(400):
        post = WD + f"Q{next(next_id)}"
        t(post, LABEL, f'"Post {i}"@en')
        t(post, WDT + "P1001", f"<{rnd.choice(countries)}>")
        posts.append(post)
    for i in range(regions):
        t(item(f"Region {i}", ["Q10864048"], 1), WDT + "P17", f"<{rnd.choice(countries)}>")
    for i in range(cities):
        q = item(f"City {i}", ["Q515"], 1)
        t(q, WDT + "P17", f"<{rnd.choice(countries)}>")
        t(q, WDT + "P1082", f'"{rnd.choice([50_000, 150_000, 2_000_000])}"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    org_classes = ["Q245065", "Q1127126", "Q17149090", "Q7278", "Q2659904", "Q327333"]
    for i in range(orgs):
        t(item(f"Body {i}", [rnd.choice(org_classes)], 2), WDT + "P17", f"<{rnd.choice(countries)}>")
    for i in range(people):
        q = item(f"Person {i}", ["Q5"], 1)
        for k in range(2):  # two posts each, the second one still held
            st = f"http://www.wikidata.org/entity/statement/S{i}-{k}"
            t(q, P + "P39", f"<{st}>")
            t(st, PS + "P39", f"<{rnd.choice(posts)}>")
            t(st, PQ + "P580", f'"{1995 + 10 * k}-01-01T00:00:00Z"^^<{DATETIME}>')
            if k == 0:
                t(st, PQ + "P582", f'"2004-12-31T00:00:00Z"^^<{DATETIME}>')
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=20_000)
    ap.add_argument("--orgs", type=int, default=10_000)
    ap.add_argument("--cities", type=int, default=5_000)
    ap.add_argument("--regions", type=int, default=3_000)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="measure-fetch-"))
    data = work / "sample.nt"
    with open(data, "w", encoding="utf-8") as out:
        triples = generate(args.people, args.orgs, args.cities, args.regions, out)
    with OxigraphServer(work / "store") as server:
        request = urllib.request.Request(
            server.url + "store?default",
            data=data.read_bytes(),
            method="POST",
            headers={"Content-Type": "application/n-triples"},
        )
        urllib.request.urlopen(request, timeout=600).read()
        client = SparqlClient(server.url + "query")
        overlay = work / "overlay.sqlite"
        started = time.monotonic()
        result = Fetcher(client, overlay, default_tasks()).run()
        seconds = time.monotonic() - started
    items = sum(result.items.values())
    print(f"sample: {triples:,} triples ({data.stat().st_size / 1e6:.1f} MB N-Triples)")
    print(
        f"fetched: {items:,} items, {result.rows:,} result rows, {result.requests:,} requests in {seconds:.1f} s "
        f"({items / seconds:,.0f} items/s); overlay {overlay.stat().st_size / 1e6:.1f} MB"
    )
    for name, count in result.items.items():
        print(f"  {count:>8,}  {name}")


if __name__ == "__main__":
    main()
