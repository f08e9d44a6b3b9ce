"""The explorer's pages on a big store: server time and browser time of the heaviest entity pages, search latency,
and a check that no page repeats a row, each against the issue's target and a baseline measured in the same run.

    .venv/bin/python benchmarks/explorer.py --store /tmp/bbc   # after: kg build ../shared/corpora/bbc --store /tmp/bbc
    .venv/bin/python benchmarks/explorer.py --store /tmp/bbc --pages 50 --rounds 5

Starts a real `kg serve` on the store. The heaviest pages are the entities mentioned in the most articles (the
United Kingdom on the BBC corpus). Server time is the time to the last byte of the page, measured on this machine's
loopback (median of --rounds, after one cold request that is reported apart); its baseline is the same server
answering `ASK {}` (the floor any page pays: HTTP, the worker pool). Browser time is Chromium's load event
(navigation start to loadEventEnd, scripts and pictures included). Search is /search/suggest for the first
letters of the most mentioned names. Repeated rows: every one-row-per-fact table of the --pages most mentioned
entities' pages, and of their events' pages, must hold each row once. Targets (issue #12): a page < 1 s on the
server and < 2 s in the browser, a suggestion < 200 ms, no repeated row.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_web_support import kg_serve  # noqa: E402  (the tests' way to run the real server)

ACCEPT_HTML = {"Accept": "text/html"}
TOP = """PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?label (COUNT(DISTINCT ?a) AS ?n) WHERE { ?e kg:mentionedIn ?a . ?e rdfs:label ?label }
GROUP BY ?e ?label ORDER BY DESC(?n) LIMIT %d"""


def fetch(url: str, headers: dict | None = None) -> tuple[float, bytes]:
    start = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=120) as r:
        body = r.read()
    return time.perf_counter() - start, body


def timed(url: str, rounds: int, headers: dict | None = None) -> tuple[float, float]:
    """(cold seconds, median warm seconds) of a GET."""
    cold, _ = fetch(url, headers)
    return cold, statistics.median(fetch(url, headers)[0] for _ in range(rounds))


def top_entities(base: str, n: int) -> list[tuple[str, str, int]]:
    query = urllib.parse.urlencode({"query": TOP % n})
    _, body = fetch(f"{base}/sparql?{query}", {"Accept": "application/sparql-results+json"})
    rows = json.loads(body)["results"]["bindings"]
    return [(r["e"]["value"], r["label"]["value"], int(r["n"]["value"])) for r in rows]


def page_path(iri: str) -> str:
    if "/id/" in iri:
        return "/id/" + iri.split("/id/", 1)[1]
    return "/describe?iri=" + urllib.parse.quote(iri, safe="")


def repeated_rows(html: str) -> list[str]:
    """Rows that appear twice in one facts table of a page."""
    repeats = []
    for table in re.findall(r'<table class="facts[^"]*">(.*?)</table>', html, re.S):
        seen = set()
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
            if text in seen:
                repeats.append(text[:120])
            seen.add(text)
    return repeats


def browser_times(base: str, paths: list[str], rounds: int) -> dict[str, float]:
    if not shutil.which("chromium"):
        return {}
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for path in paths:
            times = []
            for _ in range(rounds):
                page.goto(base + path, wait_until="load")
                times.append(
                    page.evaluate(
                        "(() => { const t = performance.getEntriesByType('navigation')[0]; "
                        "return t.loadEventEnd - t.startTime; })()"
                    )
                    / 1000
                )
            out[path] = statistics.median(times)
        browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", required=True, help="a store built with kg build")
    ap.add_argument("--pages", type=int, default=30, help="entity pages checked for repeated rows")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    with kg_serve(Path(args.store)) as base:
        _, floor = timed(f"{base}/sparql?query=ASK%7B%7D", args.rounds)
        top = top_entities(base, args.pages)
        print(f"store {args.store}: the most mentioned entity is {top[0][1]} ({top[0][2]} articles)")
        print(f"baseline: ASK {{}} over HTTP {floor * 1000:.1f} ms (median of {args.rounds})\n")

        heavy = [page_path(iri) for iri, _, _ in top[:3]]
        heavy.append(heavy[0] + "?events_page=2")
        print(f"{'page':58} {'cold s':>7} {'warm s':>7} {'x ASK':>7}  target < 1 s")
        for path in heavy:
            cold, warm = timed(base + path, args.rounds, ACCEPT_HTML)
            print(f"{path[:58]:58} {cold:7.3f} {warm:7.3f} {warm / floor:7.1f}  {'ok' if warm < 1 else 'SLOW'}")
        for path in ("/network", "/timeline", "/map", "/"):
            cold, warm = timed(base + path, args.rounds, ACCEPT_HTML)
            print(f"{path:58} {cold:7.3f} {warm:7.3f} {warm / floor:7.1f}  {'ok' if warm < 1 else 'SLOW'}")

        print(f"\n{'in Chromium (load event)':58} {'s':>7}  target < 2 s")
        for path, seconds in browser_times(base, heavy[:2] + ["/network", "/map"], args.rounds).items():
            print(f"{path[:58]:58} {seconds:7.3f}  {'ok' if seconds < 2 else 'SLOW'}")

        words = [label for _, label, _ in top[:10]]
        latencies = []
        for word in words:
            for stop in (3, 5, len(word)):
                latencies.append(fetch(f"{base}/search/suggest?q={urllib.parse.quote(word[:stop])}")[0])
        latencies.sort()
        p90 = latencies[int(0.9 * (len(latencies) - 1))]
        print(
            f"\nsearch suggestions: {len(latencies)} requests, median {statistics.median(latencies) * 1000:.0f} ms, "
            f"90th percentile {p90 * 1000:.0f} ms ({statistics.median(latencies) / floor:.1f}x ASK); target < 200 ms"
        )

        checked, repeats = 0, []
        for iri, label, _ in top:
            _, html = fetch(base + page_path(iri), ACCEPT_HTML)
            html = html.decode("utf-8")
            checked += 1
            repeats += [f"{label}: {r}" for r in repeated_rows(html)]
            for event in sorted(set(re.findall(r'href="(/id/event/[0-9a-f]+)"', html)))[:5]:
                _, ev_html = fetch(base + event, ACCEPT_HTML)
                checked += 1
                repeats += [f"{event}: {r}" for r in repeated_rows(ev_html.decode("utf-8"))]
        print(f"repeated rows: {len(repeats)} on {checked} pages" + "".join(f"\n  {r}" for r in repeats[:10]))


if __name__ == "__main__":
    main()
