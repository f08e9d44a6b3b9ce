"""One SPARQL operation against a Store: guard, run in Oxigraph, cap, negotiate and serialise.

This is the single query path of the endpoint: the worker processes call `execute`, and the W3C
query-evaluation tests call it directly over a store loaded with their data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import QueryError, QueryTimeout
from ..sparql import guard
from . import conneg
from .results import serialize_boolean, serialize_rows, serialize_triples


@dataclass
class Operation:
    text: str
    kind: str = "query"  # "query" | "update"
    default_graphs: list[str] = field(default_factory=list)  # default-graph-uri / using-graph-uri
    named_graphs: list[str] = field(default_factory=list)  # named-graph-uri / using-named-graph-uri
    accept: str | None = None
    format: str | None = None
    max_rows: int = 10_000
    service_allow: tuple[str, ...] = ()
    prefixes: dict[str, str] | None = None  # bound in Turtle/TriG/RDF-XML output
    base: str | None = None  # relative IRIs resolve against it (the endpoint's own URL, as the protocol allows)
    # The endpoint's default graph is the union of the article graphs; the W3C tests use the store's own.
    union_default: bool = True


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    error: str | None = None  # the message when status >= 400

    @classmethod
    def fail(cls, status: int, message: str) -> "Answer":
        return cls(status, "application/json", b"", message)


def execute(store, op: Operation) -> Answer:
    """Runs one query or update; every failure becomes an Answer with a status and a plain message."""
    try:
        checked = guard.check(op.text, op.service_allow, lambda: set(store.graphs()), base=op.base or "")
    except guard.Refused as err:
        return Answer.fail(403, str(err))
    except guard.Malformed as err:
        return Answer.fail(400, f"malformed {op.kind}: {err}")
    if op.kind == "update":
        return _update(store, op, checked)
    try:
        # A protocol dataset is exactly what it names: named graphs alone leave the default graph empty, and the
        # other way round (SPARQL 1.1 Protocol, 2.1.4).
        given = bool(op.default_graphs or op.named_graphs)
        # The canonical text the guard checked runs, never the text as sent.
        result = store.query(checked.text, default_graph=op.default_graphs if given else None,
                             named_graphs=op.named_graphs if given else None,
                             union_default=op.union_default and not given)
    except SyntaxError as err:
        return Answer.fail(400, f"malformed query: {guard.engine_error(checked, op.text, str(err))}")
    except QueryTimeout as err:
        return Answer.fail(503, str(err))
    except (OSError, ValueError, RuntimeError, QueryError) as err:
        return Answer.fail(400, f"query failed: {err}")
    try:
        return _serialise(result, op)
    except (OSError, ValueError, RuntimeError) as err:
        # Evaluation is lazy: errors in the engine (e.g. a type error in a function) surface while iterating.
        return Answer.fail(500, f"query evaluation failed: {err}")


def _serialise(result, op: Operation) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        fmt = conneg.override(op.format, {"json", "xml"}) or conneg.choose(
            op.accept, {**conneg.BOOLEAN, **conneg.BOOLEAN_FALLBACK}, "json")
        if fmt is None:
            return Answer.fail(406, "ASK results are available as application/sparql-results+json or +xml")
        return Answer(200, conneg.MEDIA_TYPE[fmt], serialize_boolean(result, fmt))
    if isinstance(result, ox.QuerySolutions):
        fmt = conneg.override(op.format, {"json", "xml", "csv", "tsv"}) or conneg.choose(op.accept, conneg.TABULAR, "json")
        if fmt is None:
            return Answer.fail(406, "SELECT results are available as SPARQL JSON, XML, CSV or TSV")
        variables = [v.value for v in result.variables]
        rows = _capped(result, op.max_rows)
        if rows is None:
            return Answer.fail(413, f"the result has more than {op.max_rows} rows; add a LIMIT (or page with OFFSET)")
        return Answer(200, conneg.MEDIA_TYPE[fmt], serialize_rows(variables, rows, fmt))
    fmt = conneg.override(op.format, set(conneg.GRAPH.values())) or conneg.choose(op.accept, conneg.GRAPH, "turtle")
    if fmt is None:
        return Answer.fail(406, "CONSTRUCT/DESCRIBE results are available as Turtle, N-Triples, JSON-LD, RDF/XML, "
                                "N-Quads or TriG")
    triples = _capped(result, op.max_rows)
    if triples is None:
        return Answer.fail(413, f"the result has more than {op.max_rows} triples; add a LIMIT")
    return Answer(200, conneg.MEDIA_TYPE[fmt], serialize_triples(triples, fmt, op.prefixes))


def _capped(result, cap: int) -> list | None:
    items = []
    for item in result:
        items.append(item)
        if len(items) > cap:
            return None
    return items


def _update(store, op: Operation, checked: guard.Checked) -> Answer:
    text = checked.text
    if op.default_graphs or op.named_graphs:
        if checked.has_using_or_with:
            return Answer.fail(400, "using-graph-uri / using-named-graph-uri conflict with USING or WITH in the update")
        try:
            text = guard.add_using(checked, op.default_graphs, op.named_graphs)
        except guard.Malformed as err:
            return Answer.fail(400, str(err))
    try:
        store.update(text)
    except SyntaxError as err:
        return Answer.fail(400, f"malformed update: {guard.engine_error(checked, op.text, str(err))}")
    except (OSError, ValueError, RuntimeError) as err:
        return Answer.fail(400, f"update failed: {err}")
    return Answer(204, "text/plain", b"")
