"""Readable names on pages: kg.naming's one query run through the worker pool, and cells made from them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NotRequired, TypedDict

from ..naming import names_from_rows, names_query, prefixed
from .http import JsonTerm, Row, link, select, settings

CHUNK = 200  # IRIs per names query: a page shows fewer; the bound keeps a VALUES clause small


class Cell(TypedDict):
    """A value as a page shows it: its text, a link (None for a literal) and, for a resource, its IRI."""

    text: str
    href: str | None
    iri: NotRequired[str]


def plain(row: Row) -> dict[str, str]:
    """A SPARQL JSON binding as {variable: lexical value}."""
    return {k: v["value"] for k, v in row.items()}


def value(row: Row, var: str) -> str | None:
    """The lexical value bound to `var` in the row, None when it is unbound."""
    term = row.get(var)
    return term["value"] if term else None


def names_for(iris: Iterable[str | None]) -> dict[str, str]:
    """{iri: readable name} for the IRIs that have one (label, event title, article title)."""
    wanted = sorted({i for i in iris if i})
    out: dict[str, str] = {}
    for start in range(0, len(wanted), CHUNK):
        rows = select(names_query(wanted[start : start + CHUNK]))
        out.update(names_from_rows([plain(r) for r in rows]))
    return out


def iri_cell(iri: str, names: dict[str, str]) -> Cell:
    """A link to the resource's page, named by its readable name or else its prefixed name."""
    return {"text": names.get(iri) or prefixed(iri, settings().base_iri), "href": link(iri), "iri": iri}


def cell(binding: JsonTerm | None, names: dict[str, str]) -> Cell | None:
    """A SPARQL JSON value for a page: IRIs as named links, literals as their value (a language tag kept)."""
    if not binding:
        return None
    if binding["type"] == "uri":
        return iri_cell(binding["value"], names)
    if binding["type"] == "bnode":
        return {"text": "_:" + binding["value"], "href": None}
    lang = binding.get("xml:lang")
    return {"text": binding["value"] + (f" @{lang}" if lang else ""), "href": None}


def iris_in(rows: list[Row]) -> set[str]:
    return {v["value"] for r in rows for v in r.values() if v.get("type") == "uri"}


def evidence_anchor(article: str, begin: str | None, end: str | None) -> str:
    """Where a sentence is in the annotated article: its page with #m-BEGIN-END."""
    return link(article) + (f"#m-{begin}-{end}" if begin and end else "")
