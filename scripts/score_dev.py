#!/usr/bin/env python3
"""Extract seed or dev articles, link, write N-Quads and run the neutral scorer on them.

    python scripts/score_dev.py --gold ../shared/gold/seed.gold.json seeds/
    python scripts/score_dev.py --gold '../shared/dev/gold/*.json' ../shared/dev/articles/

Uses kg.link.load_kb(); until the linker ships a knowledge base, a table-backed stand-in reads the
gazetteer CSVs in kg/link/data (countries, places, regions, organisations, officials).
"""

from __future__ import annotations

import argparse
import csv
import glob
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.articles import read_paths  # noqa: E402
from kg.extract import extract_many  # noqa: E402
from kg.link import GazetteerEntry, link_facts, load_kb  # noqa: E402
from kg.nlp import load_pipeline  # noqa: E402
from kg.rdf import facts_to_dataset, slug  # noqa: E402


class TableKB:
    """A stand-in knowledge base over the CSV tables: gazetteer names only."""

    def __init__(self, data: Path):
        self.entries: list[GazetteerEntry] = []
        add = self.entries.append
        with (data / "countries-aliases.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if not row["wikidata_qid"]:
                    continue
                label, key, qid = row["name_common"], f"country/{slug(row['name_common'])}", row["wikidata_qid"]
                names = {label, row["name_official"]} | set(row["alt_spellings"].split("|"))
                for n in list(names):
                    if n.isupper() and 2 <= len(n) <= 3:
                        names.add(".".join(n) + ".")
                for n in names:
                    if n and (len(n) > 2 or n in ("US", "UK")) and n.isascii() or n == label:
                        add(GazetteerEntry(n, "Country", label, key, qid))
                for d in {row["demonym_m"], row["demonym_f"]} - {""}:
                    add(GazetteerEntry(d, "Country", label, key, qid, demonym=True))
        with (data / "places-wikidata.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if "capital" not in row["featurecla"].lower() and int(row["scalerank"] or 9) > 5:
                    continue
                label = row["name_en"] or row["name"]
                add(GazetteerEntry(label, "Place", label, f"place/{slug(label)}", row["wikidata_qid"], "City"))
        with (data / "regions-wikidata.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["top_level"] != "yes":
                    continue
                label = row["name"]
                add(GazetteerEntry(label, "Place", label, f"place/{slug(label)}", row["wikidata_qid"], "Region"))
        with (data / "organizations-wikidata.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                label = row["name"]
                key = f"org/{slug(label)}"
                for n in {label, row["abbreviation"]} | set(row["other_names"].split("|")):
                    if n:
                        add(GazetteerEntry(n, "Organization", label, key, row["wikidata_qid"]))
        with (data / "officials-wikidata.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                label = row["person"]
                add(GazetteerEntry(label, "Official", label, f"person/{slug(label)}", row["person_qid"]))

    def gazetteer(self):
        return self.entries


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--gold", required=True, help="gold file(s); a quoted glob is expanded")
    ap.add_argument("--out", default="/tmp/kg-score-dev.nq")
    ap.add_argument("--scorer", default=str(REPO.parent / "shared" / "eval" / "score.py"))
    args = ap.parse_args()

    kb = load_kb() or TableKB(REPO / "kg" / "link" / "data")
    articles = read_paths(args.paths).articles
    facts = [link_facts(f, kb) for f in extract_many(articles, nlp=load_pipeline(), kb=kb)]
    facts_to_dataset(facts).serialize(args.out, format="nquads")
    gold = sorted(p for g in args.gold.split() for p in glob.glob(g))
    subprocess.run([sys.executable, args.scorer, "--graph", args.out, "--ontology", str(REPO / "ontology"), *gold],
                   check=False)


if __name__ == "__main__":
    main()
