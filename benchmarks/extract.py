#!/usr/bin/env python3
"""Extraction speed against bare spaCy, measured in the same run on the same texts.

    python benchmarks/extract.py ../shared/corpora/bbc [--limit 200] [--n-process 2]

Reads every .txt under CORPUS_DIR (first line = title, the rest = body), runs the model's bare
nlp.pipe over the bodies, then the full extraction (kg.extract.extract_many: the same nlp.pipe
plus entity, post, membership and event rules), and prints articles per second for both, their
ratio (target >= 0.8) and peak memory of this process and of its worker processes.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.articles import article_id  # noqa: E402
from kg.model import Article  # noqa: E402


def read_corpus(folder: Path, limit: int | None) -> list[Article]:
    """Plain-text articles: the first non-empty line is the title."""
    articles = []
    for path in sorted(folder.rglob("*.txt")):
        if path.name.upper() == "README.TXT":
            continue
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="folder of .txt articles (e.g. ../shared/corpora/bbc)")
    ap.add_argument("--limit", type=int, help="only the first N articles (quick runs)")
    ap.add_argument("--n-process", type=int, default=2, help="spaCy worker processes for both runs (default 2)")
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows up when redirected to a file

    from kg.extract import extract_many, extraction_pipeline
    from kg.nlp import load_pipeline

    articles = read_corpus(args.corpus, args.limit)
    if not articles:
        sys.exit(f"no .txt articles under {args.corpus}")
    nlp = load_pipeline()
    extractor = extraction_pipeline()
    texts = [a.body for a in articles]
    chars = sum(len(t) for t in texts)
    print(f"{len(articles)} articles, {chars / 1e6:.1f} M characters, model {nlp.meta.get('name')}, "
          f"n_process={args.n_process}, batch_size={args.batch_size}")

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
    print(f"peak memory  {peak_mb(resource.RUSAGE_SELF):.0f} MB main process, "
          f"{peak_mb(resource.RUSAGE_CHILDREN):.0f} MB largest worker")


if __name__ == "__main__":
    main()
