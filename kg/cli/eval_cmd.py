"""`kg eval GOLD...`: scores the store against gold annotations (EVALUATION.md), with the same numbers as the neutral
scorer ../shared/eval/score.py.

The scorer is a development tool, kept in the checkout as scripts/scorer.py and not shipped in the package (its
opening comment says why); this command loads it from the checkout the kg package runs from.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from types import ModuleType

import click

from ..errors import ConfigError

# kg/cli/eval_cmd.py -> the checkout's scripts/scorer.py (an editable install runs kg from the checkout).
SCORER = Path(__file__).resolve().parents[2] / "scripts" / "scorer.py"


@functools.cache
def load_scorer(path: Path = SCORER) -> ModuleType:
    """The scorer module (score, evaluate_store, format_report, report_json, packaged_ontology), loaded from `path`."""
    if not path.is_file():
        raise ConfigError(
            f"kg eval needs the scorer of a newskg checkout ({path} is not there): it is a development tool that "
            "the installed package does not ship. Run kg from a checkout (pip install -e .), or score an export "
            "with the neutral scorer: kg export --format nquads -o graph.nq, then "
            "python ../shared/eval/score.py --graph graph.nq --ontology ontology GOLD... (EVALUATION.md)"
        )
    spec = importlib.util.spec_from_file_location("newskg_scorer", path)
    if spec is None or spec.loader is None:  # a file that is not Python source
        raise ConfigError(f"{path} cannot be loaded as the scorer module")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def register(group: click.Group) -> None:
    # Imported here: kg.cli defines these after importing the command modules.
    from . import settings_of, store_option

    @group.command("eval")
    @click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
    @store_option
    @click.option(
        "--ontology",
        type=click.Path(exists=True, file_okay=False),
        help="Folder of ontology .ttl files for subclass closure (default: the packaged ontology).",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
    @click.pass_context
    def eval_command(
        ctx: click.Context, gold: tuple[str, ...], store: str | None, ontology: str | None, as_json: bool
    ) -> None:
        """Score the store against GOLD files; the last line is `overall: F1 ...`.

        \b
        Example:
          kg build seeds/ && kg eval ../shared/gold/seed.gold.json
        """
        from ..stores import open_store

        scorer = load_scorer()
        settings = settings_of(ctx, store=store)
        with open_store(settings, read_only=True) as st:
            report = scorer.evaluate_store(st, list(gold), ontology)
        click.echo(scorer.report_json(report) if as_json else scorer.format_report(report))
