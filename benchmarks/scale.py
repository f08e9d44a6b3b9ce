#!/usr/bin/env python3
"""How `kg build`'s cost grows with the store, and what a second Dask worker buys; baselines measured in the run.

    python benchmarks/scale.py ../shared/corpora/bbc                       # the curve to 20,000 articles
    python benchmarks/scale.py ../shared/corpora/bbc --articles 2000 --checkpoints 500,1000,2000
    python benchmarks/scale.py ../shared/corpora/bbc --workers --articles 1000   # 1 vs 2 Dask workers

The corpus: N articles made from the .txt files under CORPUS_DIR (first line the title), the k-th repeat of a
text given a distinct id (a closing line "Copy k.") and date, written to a temporary folder (never the project).

Curve: builds the articles in chunks up to each checkpoint into one embedded store (optionally --cluster ADDRESS)
and prints, per checkpoint: the build's throughput over the last chunk, the store's size on disk, the builder's
peak memory (this process and its children), and the latency of every saved query (default parameters, not the
federated ones) and of an entity page (the most mentioned entity at the first checkpoint). Then whether each figure
stays flat, grows linearly or worse with the number of articles (first vs last checkpoint; throughput is judged by
its inverse, seconds per article). The baseline is the first checkpoint of the same run.

Workers: the same articles built three ways into fresh stores, each after a warm-up that loads the model, so the
time is extraction and writing only: `kg build` without a cluster (forked processes, a process per core), a
LocalCluster of 1 Dask worker, and one of 2. Prints articles/s, the workers' CPU-seconds per article, and the
ratios 2 workers / 1 worker (issue #11's target: >= 1.7 on 2 free cores) and 2 workers / local build.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.build import build  # noqa: E402
from kg.settings import Settings  # noqa: E402


def write_corpus(source: Path, n: int, into: Path, start: int = 0) -> Path:
    """Articles start..n-1 as files in `into`: the source texts in turn, repeats made distinct (id and date)."""
    texts = [p for p in sorted(source.rglob("*.txt")) if p.name.upper() != "README.TXT"]
    into.mkdir(parents=True, exist_ok=True)
    for i in range(start, n):
        copy, path = divmod(i, len(texts))
        title, _, body = texts[path].read_text(encoding="utf-8", errors="replace").strip().partition("\n")
        day = date(2020, 1, 1) + timedelta(days=i % 1500)
        tail = f"\n\nCopy {copy}." if copy else ""
        (into / f"{i:06d}.txt").write_text(
            f"Title: {title.strip()}\nPublished: {day.isoformat()}\n\n{body.strip()}{tail}\n", encoding="utf-8"
        )
    return into


def peak_mb() -> float:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (self_kb + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def disk_mb(folder: Path) -> float:
    return int(subprocess.run(["du", "-sk", str(folder)], capture_output=True, text=True).stdout.split()[0]) / 1024


SLOW_QUERY = 20.0  # seconds: a query slower than this is timed once per checkpoint


def query_latencies(settings: Settings, entity: str | None) -> dict[str, float]:
    """Median seconds of 3 runs of each saved query, and of the entity page (the web app's own code path)."""
    from kg import saved_queries as sq
    from kg.stores import open_store

    out: dict[str, float] = {}
    store = open_store(settings, read_only=True)
    try:
        for q in sq.list_queries():
            if q.services:
                continue  # federated: would leave the machine
            times = []
            for _ in range(3):
                t = time.perf_counter()
                try:
                    sq.run(store, q, {}, settings)
                except Exception:  # noqa: BLE001 - e.g. a default entity this corpus lacks: not a latency
                    break
                times.append(time.perf_counter() - t)
                if times[-1] > SLOW_QUERY:
                    break  # one run of a slow query says enough; three would take the curve hours
            if times:
                out[q.name] = statistics.median(times)
    finally:
        store.close()
    if entity:
        from kg.web import create_app

        app = create_app(settings, workers=1)
        try:
            client = app.test_client()
            client.get(entity.replace(settings.base_iri, "/id/"))  # the pool's first query starts its worker
            times = []
            for _ in range(3):
                t = time.perf_counter()
                assert client.get(entity.replace(settings.base_iri, "/id/")).status_code == 200
                times.append(time.perf_counter() - t)
            out["entity page"] = statistics.median(times)
        finally:
            app.extensions["kg_pool"].close()
    return out


def most_mentioned(settings: Settings) -> str | None:
    from kg.stores import open_store

    with open_store(settings, read_only=True) as store:
        rows = list(
            store.query(
                "SELECT ?e (COUNT(?a) AS ?n) WHERE { ?e <https://w3id.org/newskg/ontology#mentionedIn> "
                "?a } GROUP BY ?e ORDER BY DESC(?n) LIMIT 1"
            )
        )
    return rows[0]["e"].value if rows else None


def growth(sizes: list[int], values: list[float]) -> str:
    """flat / linear / worse than linear, from the first and last checkpoint (noise margin: 1.5x)."""
    if len(values) < 2 or values[0] <= 0:
        return "-"
    r, s = values[-1] / values[0], sizes[-1] / sizes[0]
    return "flat" if r < 1.5 else "linear" if r <= 1.5 * s else "worse than linear"


def curve(args) -> None:
    checkpoints = [int(c) for c in args.checkpoints.split(",") if int(c) <= args.articles] or [args.articles]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store=str(Path(tmp) / "store"), cluster=args.cluster)
        rows, entity, done = [], None, 0
        for cp in checkpoints:
            chunk = write_corpus(args.corpus, cp, Path(tmp) / f"upto-{cp}", start=done)
            t = time.perf_counter()
            report = build([chunk], settings)
            seconds = time.perf_counter() - t
            entity = entity or most_mentioned(settings)
            rows.append(
                (
                    cp,
                    (cp - done) / seconds,
                    disk_mb(Path(settings.store)),
                    peak_mb(),
                    query_latencies(settings, entity),
                    len(report.errors),
                )
            )
            print(f"  {cp} articles: {rows[-1][1]:.1f} art/s over the last {cp - done}", flush=True)
            done = cp
    names = sorted({n for r in rows for n in r[4]})
    sizes = [r[0] for r in rows]
    print(f"\n{'':28}" + "".join(f"{s:>10}" for s in sizes) + "   growth")
    lines = [
        ("build articles/s", [r[1] for r in rows], [1 / r[1] for r in rows]),
        ("store on disk (MB)", [r[2] for r in rows], None),
        ("builder peak RSS (MB)", [r[3] for r in rows], None),
    ]
    lines += [(f"{n} (ms)", [r[4].get(n, float("nan")) * 1000 for r in rows], None) for n in names]
    for label, values, judged in lines:
        print(f"{label:28}" + "".join(f"{v:10.1f}" for v in values) + f"   {growth(sizes, judged or values)}")
    print(f"errors: {[r[5] for r in rows]}; the baseline of each growth judgement is the first column")


def workers(args) -> None:
    from kg.extract.cluster import connect

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(args.corpus, args.articles, Path(tmp) / "corpus")
        warm = write_corpus(args.corpus, 4, Path(tmp) / "warm")
        results = {}
        for name, address in [("local build", None), ("dask 1 worker", "local:1"), ("dask 2 workers", "local:2")]:
            store = str(Path(tmp) / name.replace(" ", "-"))
            if address is None:
                build([warm], Settings(store=store + "-warm"))
                t = time.perf_counter()
                report = build([corpus], Settings(store=store))
                seconds = time.perf_counter() - t
                results[name] = (report.written / seconds, None)
            else:
                with connect(address) as client:
                    # A build of 4 files loads the model in every worker: the timed build is extraction and writing.
                    build([warm], Settings(store=store + "-warm", cluster=client.scheduler.address, batch_size=1))
                    before = sum(client.run(time.process_time).values())
                    t = time.perf_counter()
                    report = build([corpus], Settings(store=store, cluster=client.scheduler.address))
                    seconds = time.perf_counter() - t
                    cpu = sum(client.run(time.process_time).values()) - before
                    results[name] = (report.written / seconds, cpu / max(1, report.written))
            print(
                f"  {name}: {report.written} articles in {seconds:.1f}s = {results[name][0]:.1f} art/s"
                + (f", workers' CPU {results[name][1] * 1000:.0f} ms/article" if results[name][1] else ""),
                flush=True,
            )
    two, one, local = results["dask 2 workers"][0], results["dask 1 worker"][0], results["local build"][0]
    print(f"\n2 workers / 1 worker: {two / one:.2f}x (target >= 1.7 on 2 free cores)")
    print(f"2 workers / local build (forked processes): {two / local:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--checkpoints", default="1000,2000,5000,10000,20000")
    parser.add_argument("--cluster", default=None, help="build the curve through this Dask cluster")
    parser.add_argument("--workers", action="store_true", help="compare 1 vs 2 Dask workers instead")
    args = parser.parse_args()
    print(f"{args.articles} articles from {args.corpus}")
    workers(args) if args.workers else curve(args)


if __name__ == "__main__":
    main()
