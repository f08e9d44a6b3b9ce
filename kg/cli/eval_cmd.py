"""`kg eval GOLD...`: scores the store against gold annotations (EVALUATION.md)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    # Imported here: kg.cli defines these after importing the command modules.
    from . import settings_of, store_option

    @group.command("eval")
    @click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
    @store_option
    @click.option("--ontology", type=click.Path(exists=True, file_okay=False),
                  help="Folder of ontology .ttl files for subclass closure (default: the packaged ontology).")
    @click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
    @click.pass_context
    def eval_command(ctx, gold, store, ontology, as_json):
        """Score the store against GOLD files; the last line is `overall: F1 ...`.

        \b
        Example:
          kg build seeds/ && kg eval ../shared/gold/seed.gold.json
        """
        from ..evaluate import evaluate_store, format_report, report_json
        from ..store import open_store

        settings = settings_of(ctx, store=store)
        with open_store(settings, read_only=True) as st:
            report = evaluate_store(st, list(gold), ontology)
        click.echo(report_json(report) if as_json else format_report(report))
