#!/usr/bin/env python3
"""Extraction speed against bare spaCy, measured in the same run on the same texts.

    python benchmarks/extract.py ../shared/corpora/bbc [--limit 200] [--n-process 2]
    python benchmarks/extract.py ../shared/corpora/bbc --end-to-end [--limit 300] [--rounds 3]

Reads every .txt under CORPUS_DIR (first line = title, the rest = body), runs the model's bare
nlp.pipe over the bodies, then the full extraction (kg.extract.extract_many: the same nlp.pipe
plus entity, post, membership and event rules), and prints articles per second for both, their
ratio (target >= 0.8) and peak memory of this process and of its worker processes.

--end-to-end times the whole `kg build` (read -> extract -> link -> write into a fresh embedded store, default
settings: a process per core) against a bare `nlp.pipe` of the same model over the same files with the same
number of processes, each a fresh process (model loading included in both), taking turns for --rounds rounds
(a shared machine's load hits both alike); it prints the medians and their ratio (target >= 0.9).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.articles import article_id  # noqa: E402
from kg.model import Article  # noqa: E402


def read_corpus(folder: Path, limit: int | None) -> list[Article]:
    """Plain-text articles: the first non-empty line is the title."""
    articles = []
    paths = [p for p in sorted(folder.rglob("*.txt")) if p.name.upper() != "README.TXT"]
    if limit and len(paths) > limit:  # evenly over the corpus, so every section (politics, business...) is in
        paths = [paths[i * len(paths) // limit] for i in range(limit)]
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        title, _, body = text.partition("\n")
        body = body.strip()
        if not body:
            continue
        articles.append(Article(id=article_id(body), title=title.strip(), body=body, source_path=str(path)))
        if limit and len(articles) >= limit:
            break
    return articles


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


# The baseline of --end-to-end: what any spaCy user would run over the same files.
_BARE = """
import sys, time
from kg.nlp import load_pipeline
paths, n_process, batch_size = sys.argv[3:], int(sys.argv[1]), int(sys.argv[2])
texts = [open(p, encoding="utf-8", errors="replace").read().strip().partition("\\n")[2].strip() for p in paths]
nlp = load_pipeline()
for _ in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
    pass
"""


def end_to_end(articles: list[Article], rounds: int) -> None:
    from kg.settings import Settings

    settings = Settings()
    paths = [a.source_path for a in articles]
    kg = str(Path(sys.executable).with_name("kg"))
    print(
        f"{len(paths)} articles; kg build with default settings ({settings.workers} processes, batch "
        f"{settings.batch_size}) against bare nlp.pipe (n_process={settings.workers}); {rounds} rounds"
    )
    bare_times, build_times, bare_cpu, build_cpu = [], [], [], []
    for r in range(rounds):
        t0, c0 = time.perf_counter(), children_cpu()
        subprocess.run(
            [sys.executable, "-c", _BARE, str(settings.workers), str(settings.batch_size), *paths], check=True
        )
        bare_times.append(time.perf_counter() - t0)
        bare_cpu.append(children_cpu() - c0)
        with tempfile.TemporaryDirectory() as tmp:
            t0, c0 = time.perf_counter(), children_cpu()
            subprocess.run(
                [kg, "build", *paths, "--store", str(Path(tmp) / "store"), "--quiet"],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            build_times.append(time.perf_counter() - t0)
            build_cpu.append(children_cpu() - c0)
        print(
            f"round {r + 1}: bare {bare_times[-1]:.1f} s ({bare_cpu[-1]:.1f} s CPU), "
            f"kg build {build_times[-1]:.1f} s ({build_cpu[-1]:.1f} s CPU)"
        )
    bare, build = statistics.median(bare_times), statistics.median(build_times)
    n = len(paths)
    print(f"bare nlp.pipe {n / bare:8.1f} articles/s  (median {bare:.1f} s)")
    print(f"kg build      {n / build:8.1f} articles/s  (median {build:.1f} s)")
    print(f"ratio         {bare / build:8.2f} x bare spaCy (target >= 0.90)")
    # CPU seconds (all processes of each run) do not depend on what else the machine runs: the work's own ratio
    print(
        f"CPU ratio     {statistics.median(bare_cpu) / statistics.median(build_cpu):8.2f} "
        f"(median CPU seconds: bare {statistics.median(bare_cpu):.1f}, kg build {statistics.median(build_cpu):.1f})"
    )


def children_cpu() -> float:
    """User + system seconds of this process's finished children (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="folder of .txt articles (e.g. ../shared/corpora/bbc)")
    ap.add_argument("--limit", type=int, help="only the first N articles (quick runs)")
    ap.add_argument("--n-process", type=int, default=2, help="spaCy worker processes for both runs (default 2)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--end-to-end", action="store_true", help="whole `kg build` against bare nlp.pipe")
    ap.add_argument("--rounds", type=int, default=3, help="--end-to-end: rounds, each timing both (default 3)")
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows up when redirected to a file
    if args.end_to_end:
        articles = read_corpus(args.corpus, args.limit or 300)
        if not articles:
            sys.exit(f"no .txt articles under {args.corpus}")
        end_to_end(articles, args.rounds)
        return

    from kg.extract import extract_many, extraction_pipeline
    from kg.nlp import load_pipeline

    articles = read_corpus(args.corpus, args.limit)
    if not articles:
        sys.exit(f"no .txt articles under {args.corpus}")
    nlp = load_pipeline()
    extractor = extraction_pipeline()
    texts = [a.body for a in articles]
    chars = sum(len(t) for t in texts)
    print(
        f"{len(articles)} articles, {chars / 1e6:.1f} M characters, model {nlp.meta.get('name')}, "
        f"n_process={args.n_process}, batch_size={args.batch_size}"
    )

    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process):
        pass
    bare = time.perf_counter() - t0
    n = len(articles)
    print(f"bare spaCy   {n / bare:8.1f} articles/s  ({bare:.1f} s)")

    t0 = time.perf_counter()
    events = entities = 0
    for facts in extract_many(articles, nlp=extractor, batch_size=args.batch_size, n_process=args.n_process):
        events += len(facts.events)
        entities += len(facts.entities)
    full = time.perf_counter() - t0
    print(f"extraction   {n / full:8.1f} articles/s  ({full:.1f} s; {entities} entities, {events} events)")
    print(f"ratio        {bare / full:8.2f} x bare spaCy (target >= 0.80)")
    print(
        f"peak memory  {peak_mb(resource.RUSAGE_SELF):.0f} MB main process, "
        f"{peak_mb(resource.RUSAGE_CHILDREN):.0f} MB largest worker"
    )


if __name__ == "__main__":
    main()
