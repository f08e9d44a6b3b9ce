#!/usr/bin/env python3
"""The model's attribute ruler against kg's table of the same rules (kg/extract/attribute_table.py), same run.

    python benchmarks/attribute_table.py ../shared/corpora/bbc [--limit 300] [--rounds 3]

Parses the articles once (tok2vec, tagger, parser), then runs spaCy's AttributeRuler and the table over copies of
the same Docs, taking turns; prints CPU seconds of each (the table's first round includes working out each new
combination of tag, word and dependency) and checks that both leave the same POS, tag, dependency, morphology and
lemma on every token of every article.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract import read_corpus  # noqa: E402

from kg.extract.attribute_table import table_for  # noqa: E402
from kg.nlp import load_model  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    nlp = load_model()
    ruler, table = nlp.get_pipe("attribute_ruler"), table_for(nlp)
    if table is None:
        sys.exit("this model's attribute ruler has a rule the table cannot read")
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(nlp.pipe(a.body for a in read_corpus(args.corpus, args.limit)))
    columns = [POS, TAG, DEP, MORPH, LEMMA]
    ruler_cpu, table_cpu = [], []
    for r in range(args.rounds):
        by_ruler, by_table = [d.copy() for d in docs], [d.copy() for d in docs]
        t = time.process_time()
        for d in by_ruler:
            ruler(d)
        ruler_cpu.append(time.process_time() - t)
        t = time.process_time()
        for d in by_table:
            table(d)
        table_cpu.append(time.process_time() - t)
        different = sum(
            1
            for a, b in zip(by_ruler, by_table, strict=True)
            if not (a.to_array(columns) == b.to_array(columns)).all()
            or [str(t.morph) for t in a] != [str(t.morph) for t in b]
        )
        print(
            f"round {r + 1}: ruler {ruler_cpu[-1]:.2f} s CPU, table {table_cpu[-1]:.2f} s CPU; "
            f"{different} of {len(docs)} articles annotated differently"
        )
    print(f"first round (table cold): ratio ruler/table {ruler_cpu[0] / table_cpu[0]:.1f}")
    if args.rounds > 1:
        print(
            f"later rounds (median):   ratio ruler/table "
            f"{statistics.median(ruler_cpu[1:]) / statistics.median(table_cpu[1:]):.1f}"
        )


if __name__ == "__main__":
    main()
