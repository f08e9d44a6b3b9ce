"""A saved query's result for people and programs: a W3C results format or an RDF syntax, a table, short terms."""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import QueryError
from ..sparql.formats import GRAPHS, RESULTS
from ..sparql.results import NotRepresentable, Term, serialize_rows, serialize_triples
from ..vocab import PREFIXES
from .model import QueryResult

TABULAR_FORMATS = RESULTS
GRAPH_FORMATS = GRAPHS


def serialize(result: QueryResult, fmt: str) -> bytes:
    """The result in a W3C results format (SELECT/ASK) or an RDF syntax (CONSTRUCT); json means the
    SPARQL 1.1 JSON results for a table and JSON-LD for a graph. QueryError when the format cannot hold it
    (XML cannot carry some control characters)."""
    try:
        return _serialize(result, fmt)
    except NotRepresentable as err:
        raise QueryError(str(err)) from None


def _serialize(result: QueryResult, fmt: str) -> bytes:
    if result.form == "ASK":
        if fmt not in ("json", "csv", "tsv"):
            raise QueryError(f"an ASK result has no '{fmt}' form")
        if fmt == "json":
            return (f'{{"head":{{}},"boolean":{"true" if result.boolean else "false"}}}').encode()
        return f"{'?' if fmt == 'tsv' else ''}boolean\n{'true' if result.boolean else 'false'}\n".encode()
    if result.form == "SELECT":
        if fmt not in TABULAR_FORMATS:
            raise QueryError(f"a table has no '{fmt}' form (one of {', '.join(TABULAR_FORMATS)})")
        return serialize_rows(result.variables, result.rows, fmt)
    fmt = {"json": "jsonld"}.get(fmt, fmt)
    if fmt in ("csv", "tsv"):
        return serialize_rows(["subject", "predicate", "object"], [_TripleRow(t) for t in result.triples], fmt)
    if fmt not in GRAPH_FORMATS:
        raise QueryError(f"a graph has no '{fmt}' form (one of {', '.join(GRAPH_FORMATS)})")
    return serialize_triples(result.triples, fmt, {p: str(ns) for p, ns in PREFIXES.items()})


class _TripleRow:
    """A triple seen as a row with subject/predicate/object columns (for csv, tsv and tables)."""

    def __init__(self, triple: ox.Triple):
        self.triple = triple

    def __getitem__(self, key: str, /) -> Term:
        term: Term = getattr(self.triple, key)
        return term


def table(result: QueryResult) -> tuple[list[str], list[list[Term | None]]]:
    """Column names and rows of terms for display: SELECT as is, a graph as subject/predicate/object."""
    if result.form == "SELECT":
        return result.variables, [[row[v] for v in result.variables] for row in result.rows]
    if result.form == "ASK":
        return ["boolean"], [[ox.Literal("true" if result.boolean else "false")]]
    return ["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in result.triples]


_NAMESPACES = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


def short(term: Term | None) -> str:
    """A term for people: prefixed IRIs (kg:Meeting), plain literal values, '' for unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for ns, prefix in _NAMESPACES:
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns) :]}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
