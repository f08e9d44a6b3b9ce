"""`kg stats`: what the store holds, as a table or JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the command imports the library only when it runs
    from ..stats import Stats


def register(group: click.Group) -> None:
    # Imported here: kg.cli defines these after importing the command modules.
    from . import settings_of, store_option

    @group.command("stats")
    @store_option
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
    @click.pass_context
    def stats_command(ctx: click.Context, store: str | None, fmt: str) -> None:
        """Count triples, articles, entities by class, events by category and Wikidata links.

        \b
        Example:
          kg stats --format json | jq .events
        """
        from ..stats import stats
        from ..stores import open_store

        settings = settings_of(ctx, store=store)
        with open_store(settings, read_only=True) as st:
            result = stats(st, settings.base_iri)
        if fmt == "json":
            click.echo(json.dumps(result.to_dict(), indent=2))
        else:
            _table(result)


def _table(result: Stats) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for name in ("triples", "quads", "graphs", "articles", "links"):
        table.add_row(name, str(getattr(result, name)))
    for title, counts in (("entities", result.entities), ("events", result.events)):
        table.add_row(title, str(getattr(result, f"{title}_total")))
        for name, n in counts.items():
            table.add_row(f"  {name}", str(n))
    Console().print(table)
