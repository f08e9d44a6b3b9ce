"""`kg query`: run a saved query (by name or .rq path) with --param k=v; `kg query --list` shows them."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # the library loads only when the command runs
    from ..saved_queries import QueryResult, SavedQuery
    from ..sparql.results import Term
    from ..stores import Store

FORMATS = ("table", "json", "csv", "tsv", "xml", "turtle", "nt", "jsonld")


def register(group: click.Group) -> None:
    # Imported here: kg.cli defines these after importing the command modules.
    from . import settings_of, store_option

    @group.command("query")
    @click.argument("name_or_file", required=False, metavar="NAME_OR_FILE")
    @click.option(
        "-p",
        "--param",
        "params",
        multiple=True,
        metavar="NAME=VALUE",
        help="A parameter value, e.g. --param country=Pakistan (repeatable).",
    )
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="Output format: a table on a terminal, JSON (SPARQL results; JSON-LD for a graph) when piped.",
    )
    @click.option("--list", "list_only", is_flag=True, help="List the saved queries and their parameters.")
    @click.option("--show", is_flag=True, help="Print the query with its parameters bound instead of running it.")
    @store_option
    @click.pass_context
    def query_command(
        ctx: click.Context,
        name_or_file: str | None,
        params: tuple[str, ...],
        fmt: str | None,
        list_only: bool,
        show: bool,
        store: str | None,
    ) -> None:
        """Run a saved query from the library (see --list) or any .rq file.

        \b
        Examples:
          kg query --list
          kg query country-timeline --param country=Pakistan
          kg query members -p organization=IMCTC --format csv > members.csv
          kg query my-query.rq --format json
        """
        from .. import saved_queries as sq
        from ..stores import open_store

        if list_only:
            _list(sq.list_queries(), fmt)
            return
        if not name_or_file:
            raise click.UsageError("name a saved query or a .rq file (kg query --list shows them)")
        query = sq.load(name_or_file)
        given = _parse_params(params)
        settings = settings_of(ctx, store=store)
        fmt = fmt or ("table" if sys.stdout.isatty() else "json")
        with open_store(settings, read_only=True) as st:
            if show:
                click.echo(sq.bound_text(query, sq.bind(query, given, st, settings)))
                return
            result = sq.run(st, query, given, settings)
            names = _names(st, result) if fmt == "table" else {}
        if fmt == "table":
            _table(result, names, settings.base_iri)
        else:
            sys.stdout.buffer.write(sq.serialize(result, fmt))
            if fmt in ("json", "jsonld"):
                sys.stdout.buffer.write(b"\n")
            sys.stdout.buffer.flush()
        if result.truncated:
            click.echo(f"kg: only the first {settings.max_rows} results are shown", err=True)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    given: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        given[name.strip()] = value
    return given


def _list(queries: Iterable[SavedQuery], fmt: str | None) -> None:
    if fmt == "json" or (fmt is None and not sys.stdout.isatty()):
        import json

        click.echo(json.dumps([_describe(q) for q in queries], indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, box=None, pad_edge=False)
    table.add_column("name", style="bold")
    table.add_column("title")
    table.add_column("parameters")
    for q in queries:
        params = ", ".join(
            f"{p.name} ({p.type}{'' if p.default in ('-', '!') else ' = ' + p.default})" for p in q.params
        )
        title = q.title + (" [federated]" if q.services else "")
        table.add_row(q.name, title, params)
    Console().print(table)


def _describe(q: SavedQuery) -> dict[str, Any]:
    """A saved query as `kg query --list --format json` prints it (JSON)."""
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "form": q.form,
        "services": list(q.services),
        "params": [
            {"name": p.name, "type": p.type, "default": p.default, "description": p.description} for p in q.params
        ],
    }


def _names(store: Store, result: QueryResult) -> dict[str, str]:
    """Readable names of the IRIs in a result (the same as the web pages show), read from the store."""
    import pyoxigraph as ox

    from ..naming import names_from_rows, names_query
    from ..saved_queries import solutions, table

    iris = sorted({t.value for row in table(result)[1] for t in row if isinstance(t, ox.NamedNode)})
    names: dict[str, str] = {}
    for start in range(0, len(iris), 200):
        found = solutions(store, names_query(iris[start : start + 200]))
        rows = [{v: sol[v].value for v in ("s", "k", "v") if sol[v] is not None} for sol in found]
        names.update(names_from_rows(rows))
    return names


def cell_text(term: Term | None, names: dict[str, str], base_iri: str) -> str:
    """A table cell for people: an IRI's readable name or prefixed name (id:country/x, kg:Meeting), a value."""
    import pyoxigraph as ox

    from ..naming import prefixed
    from ..saved_queries import short

    if isinstance(term, ox.NamedNode):
        return names.get(term.value) or prefixed(term.value, base_iri)
    return short(term)


def _table(result: QueryResult, names: dict[str, str], base_iri: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..saved_queries import table

    columns, rows = table(result)
    out = Table(box=None, pad_edge=False, header_style="bold")
    for c in columns:
        out.add_column(c, overflow="fold")
    for row in rows:
        out.add_row(*(cell_text(t, names, base_iri) for t in row))
    console = Console()
    console.print(out)
    console.print(f"[dim]{len(rows)} row{'s' if len(rows) != 1 else ''}[/dim]")
