"""`kg validate`: SHACL validation of the store, printed for a person; exit 1 on violations."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # rich and the validator load only when the command runs
    from rich.console import Console

    from ..validate import Violation


def register(group: click.Group) -> None:
    # Imported here: kg.cli defines these after importing the command modules.
    from . import settings_of, store_option

    @group.command("validate")
    @store_option
    @click.option(
        "--limit",
        type=click.IntRange(0, None),
        default=100,
        show_default=True,
        help="Show at most this many violations (0: all); the count is always complete.",
    )
    @click.pass_context
    def validate_command(ctx: click.Context, store: str | None, limit: int) -> None:
        """Check the store against the SHACL shapes of ontology/shapes.ttl.

        Every entity has one rdfs:label; every event is in a category, has a participant, its
        source article and evidence whose offsets match the body; dates are xsd:date, gYearMonth
        or gYear; a position has a title and a positionIn; owl:sameAs points to wd:Q… items.

        \b
        Example:
          kg validate --store .kg/store

        \b
        Exit status: 0 when the store conforms, 1 when there are violations,
        2 for a configuration problem.
        """
        from rich.console import Console

        from ..validate import validate_store

        settings = settings_of(ctx, store=store)
        err = Console(stderr=True)
        with err.status("validating the store …"):
            report = validate_store(settings)
        out = Console()
        if report.conforms:
            out.print(f"The store at {settings.store} conforms to the shapes.", style="green", markup=False)
            return
        _print_violations(out, report.violations, limit)
        sys.exit(1)


def _print_violations(out: Console, violations: Sequence[Violation], limit: int) -> None:
    from rich.markup import escape
    from rich.table import Table

    shown = violations if not limit else violations[:limit]
    table = Table(title="SHACL violations", show_lines=False, expand=False)
    table.add_column("focus node", overflow="fold")
    table.add_column("path", overflow="fold")
    table.add_column("problem", overflow="fold")
    table.add_column("value", overflow="fold")
    for v in shown:
        table.add_row(*(escape(text) for text in (v.focus, v.path or "", v.message, v.value or "")))
    out.print(table)
    nodes = len({v.focus_iri for v in violations})
    more = f" (first {len(shown)} shown; --limit 0 shows all)" if len(shown) < len(violations) else ""
    out.print(f"[red]{len(violations)} violation(s) on {nodes} node(s){more}.[/red]")
