#!/usr/bin/env python3
"""Score extraction on the shared sets with the neutral scorer, each set built into its own fresh store.

    python scripts/score_sets.py [--shared ../shared] [--sets seed dev dev2 all] [--keep DIR]

For each set: `kg build` its articles, `kg export --format nquads`, then `../shared/eval/score.py` on the export
and the set's gold (the commands of ../shared/EVALUATION.md). "all" is seed + dev + dev2 together (48 articles),
the number the extraction issue's targets are about. Prints each set's table and a summary line per set; exits
1 when the scorer is missing. Third-party articles are read from --shared and never copied.
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sets(shared: Path) -> dict[str, tuple[list[str], list[str]]]:
    """name -> (article folders, gold files)."""
    seed = ([str(shared / "seeds")], [str(shared / "gold" / "seed.gold.json")])
    dev = ([str(shared / "dev" / "articles")], sorted(glob.glob(str(shared / "dev" / "gold" / "*.json"))))
    dev2 = ([str(shared / "dev2" / "articles")], sorted(glob.glob(str(shared / "dev2" / "gold" / "*.json"))))
    return {"seed": seed, "dev": dev, "dev2": dev2, "all": (seed[0] + dev[0] + dev2[0], seed[1] + dev[1] + dev2[1])}


def score(name: str, folders: list[str], gold: list[str], shared: Path, work: Path) -> str:
    kg = str(Path(sys.executable).with_name("kg"))
    store, export = work / name, work / f"{name}.nq"
    env = dict(os.environ, PYTHONHASHSEED="0")
    subprocess.run(
        [kg, "build", *folders, "--store", str(store), "--quiet"], check=True, env=env, stdout=subprocess.DEVNULL
    )
    subprocess.run([kg, "export", "--store", str(store), "--format", "nquads", "-o", str(export)], check=True, env=env)
    out = subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "score.py"),
            "--graph",
            str(export),
            "--ontology",
            str(ROOT / "ontology"),
            *gold,
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )  # the scorer too: its position matching still follows set order
    return out.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--sets", nargs="+", default=["seed", "dev", "dev2", "all"], choices=["seed", "dev", "dev2", "all"])
    ap.add_argument("--keep", type=Path, help="keep the stores and exports in this folder")
    args = ap.parse_args()
    if not (args.shared / "eval" / "score.py").exists():
        sys.exit(f"no scorer at {args.shared / 'eval' / 'score.py'}")
    known = sets(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        summary = []
        for name in args.sets:
            table = score(name, *known[name], args.shared, work)
            print(f"===== {name}\n{table}")
            summary += [
                f"{name:5s} {line}" for line in table.splitlines() if line.startswith(("overall", "event args"))
            ]
        print("\n".join(summary))


if __name__ == "__main__":
    main()
