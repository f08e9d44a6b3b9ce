"""Measure how the PETRARCH2-derived trigger patterns fire on a news corpus.

    python scripts/measure_triggers.py BBC_DIR [--limit N] [--report PATH]

Parses the corpus's .txt files with en_core_web_sm (nlp.pipe, two processes), applies every pattern of
kg/extract/lexicon/triggers.petrarch2.jsonl (and its blockers) with spaCy's DependencyMatcher, resolves
overlaps the way the lexicon README prescribes, and prints per pattern: matches, distinct sentences and a few
sample phrases (the matched tokens only, never a sentence). --report writes the same as JSON; keep it out of
the repository, since the samples are corpus text.

The resolution (`resolve`) is also what the tests use to check that an invented sentence gets the expected
category.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

LEXICON = Path(__file__).resolve().parents[1] / "kg" / "extract" / "lexicon"
SAMPLES_PER_PATTERN = 5


def load_patterns(lexicon: Path = LEXICON) -> list[dict]:
    """The triggers, then the blockers (category None)."""
    records = []
    for name in ("triggers.petrarch2.jsonl", "triggers.petrarch2.blockers.jsonl"):
        path = lexicon / name
        if path.exists():
            records += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return records


def build_matcher(vocab, records: list[dict]):
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(vocab)
    for rec in records:
        matcher.add(rec["id"], [rec["pattern"]])
    return matcher


def resolve(doc, matcher, by_id: dict[str, dict]) -> list[tuple[dict, list[int]]]:
    """Matches that stand, as (record, token indices in pattern order).

    On each trigger token the most specific matches win (the most pattern nodes: PETRARCH codes the longest
    pattern); if a blocker is among them, nothing is coded on that token. Equally specific matches of
    different categories all stand (the dictionary is ambiguous there)."""
    best: dict[int, list[tuple[dict, list[int]]]] = {}
    for match_id, token_ids in matcher(doc):
        rec = by_id[doc.vocab.strings[match_id]]
        trigger = token_ids[0]
        current = best.get(trigger)
        size = len(rec["pattern"])
        if current is None or size > len(current[0][0]["pattern"]):
            best[trigger] = [(rec, token_ids)]
        elif size == len(current[0][0]["pattern"]) and all(r["id"] != rec["id"] for r, _ in current):
            current.append((rec, token_ids))
    out = []
    for trigger in sorted(best):
        matches = best[trigger]
        if any(rec["category"] is None for rec, _ in matches):
            continue
        out.extend(matches)
    return out


def categories_in(doc, matcher, by_id) -> set[str]:
    return {rec["category"] for rec, _ in resolve(doc, matcher, by_id)}


def sample_phrase(doc, token_ids: list[int]) -> str:
    """The matched tokens in text order, plus the trigger's direct object when the pattern has none."""
    tokens = set(token_ids)
    trigger = doc[token_ids[0]]
    if len(token_ids) == 1:
        tokens |= {child.i for child in trigger.children if child.dep_ in ("dobj", "nsubjpass", "prt")}
    return " ".join(doc[i].text for i in sorted(tokens)).lower()


def read_corpus(corpus: Path, limit: int | None) -> list[str]:
    files = sorted(p for p in corpus.rglob("*.txt") if p.name.upper() != "README.TXT")
    if limit:
        files = files[:limit]
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def measure(texts: list[str], records: list[dict], n_process: int = 2) -> dict[str, dict]:
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    matcher = build_matcher(nlp.vocab, records)
    by_id = {rec["id"]: rec for rec in records}
    stats: dict[str, dict] = defaultdict(lambda: {"matches": 0, "sentences": set(), "samples": []})
    for doc_index, doc in enumerate(nlp.pipe(texts, n_process=n_process, batch_size=32)):
        for rec, token_ids in resolve(doc, matcher, by_id):
            entry = stats[rec["id"]]
            entry["matches"] += 1
            entry["sentences"].add((doc_index, doc[token_ids[0]].sent.start))
            phrase = sample_phrase(doc, token_ids)
            if len(entry["samples"]) < SAMPLES_PER_PATTERN and phrase not in entry["samples"]:
                entry["samples"].append(phrase)
            lemma = doc[token_ids[0]].lemma_.lower()
            entry.setdefault("lemmas", defaultdict(int))[lemma] += 1
    return {
        pattern_id: {
            "category": by_id[pattern_id]["category"],
            "fine": by_id[pattern_id]["fine"],
            "matches": entry["matches"],
            "sentences": len(entry["sentences"]),
            "lemmas": dict(sorted(entry["lemmas"].items(), key=lambda kv: -kv[1])),
            "samples": entry["samples"],
        }
        for pattern_id, entry in stats.items()
    }


def print_table(results: dict[str, dict], records: list[dict], out=sys.stdout) -> None:
    per_category: dict[str, int] = defaultdict(int)
    for rec in records:
        if rec["category"]:
            per_category[rec["category"]] += 1
    fired: dict[str, int] = defaultdict(int)
    for pattern_id, row in sorted(results.items(), key=lambda kv: (-kv[1]["matches"], kv[0])):
        fired[row["category"]] += row["matches"]
        lemmas = ", ".join(f"{k} {v}" for k, v in list(row["lemmas"].items())[:4])
        print(
            f"{row['matches']:6d} {row['sentences']:6d}  {pattern_id:50s} {row['category']}/{row['fine']}"
            f"  [{lemmas}]  e.g. {' | '.join(row['samples'][:3])}",
            file=out,
        )
    print("\ncategory          patterns  matches", file=out)
    for category in sorted(per_category):
        print(f"{category:16s} {per_category[category]:9d} {fired[category]:8d}", file=out)
    print(f"{len(results)} of {sum(per_category.values())} patterns fired", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of .txt articles (searched recursively)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles (sorted by path)")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--report", type=Path, help="write the per-pattern results as JSON (not for committing)")
    args = parser.parse_args(argv)
    records = load_patterns()
    texts = read_corpus(args.corpus, args.limit)
    results = measure(texts, records, args.n_process)
    print(f"{len(texts)} articles", file=sys.stderr)
    print_table(results, records)
    if args.report:
        args.report.write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
