"""One SPARQL operation against a Store: guard, run in Oxigraph, cap, negotiate and serialise.

This is the single query path of the endpoint: the worker processes call `execute`, and the W3C
query-evaluation tests call it directly over a store loaded with their data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

import pyoxigraph as ox

from ..errors import QueryError, QueryTimeout
from ..sparql import guard
from ..sparql.native_results import TooManyRows, XmlChecked, write_solutions
from ..sparql.results import NotRepresentable, serialize_boolean, serialize_rows, write_triples
from ..stores import Store
from . import conneg
from .spool import ResultTooLarge, Spool


@dataclass
class Operation:
    text: str
    kind: str = "query"  # "query" | "update"
    default_graphs: list[str] = field(default_factory=list)  # default-graph-uri / using-graph-uri
    named_graphs: list[str] = field(default_factory=list)  # named-graph-uri / using-named-graph-uri
    accept: str | None = None
    format: str | None = None
    max_rows: int = 10_000
    max_bytes: int = 64 << 20  # the largest body a result may have
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
    size: int = 0  # the body's length in bytes
    # A large body is in this file (read from the start) instead of `body`. Never pickled: the query worker hands
    # the server the file descriptor itself (kg.web.pool), and `spilled` says one follows the answer.
    file: IO[bytes] | None = field(default=None, compare=False)
    spilled: bool = False

    @classmethod
    def fail(cls, status: int, message: str) -> Answer:
        return cls(status, "application/json", b"", message)

    def content(self) -> bytes:
        """The whole body, wherever it is (a body in a file is read into memory and the file closed)."""
        if self.file is not None:
            self.file.seek(0)
            self.body = self.file.read()
            self.file.close()
            self.file = None
        return self.body

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "file": None}


def execute(store: Store, op: Operation, spill_above: int | None = None) -> Answer:
    """Runs one query or update; every failure becomes an Answer with a status and a plain message.

    The body stays in memory up to `spill_above` bytes (by default: always) and goes to an anonymous file beyond.
    """
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
        result = store.query(
            checked.text,
            default_graph=op.default_graphs if given else None,
            named_graphs=op.named_graphs if given else None,
            union_default=op.union_default and not given,
        )
    except SyntaxError as err:
        return Answer.fail(400, f"malformed query: {guard.engine_error(checked, op.text, str(err))}")
    except QueryTimeout as err:
        return Answer.fail(503, str(err))
    except (OSError, ValueError, RuntimeError, QueryError) as err:
        return Answer.fail(400, f"query failed: {err}")
    spool = Spool(op.max_bytes, spill_above)
    try:
        content_type = _serialise(result, op, spool)
    except (TooManyRows, ResultTooLarge) as err:
        spool.close()
        return Answer.fail(413, str(err))
    except NotRepresentable as err:
        spool.close()
        return Answer.fail(406, str(err))
    except _NotAcceptable as err:
        return Answer.fail(406, str(err))
    except (OSError, ValueError, RuntimeError) as err:
        # Evaluation is lazy: errors in the engine (e.g. a type error in a function) surface while serialising.
        spool.close()
        return Answer.fail(500, f"query evaluation failed: {err}")
    if spool.file is not None:
        spool.file.flush()
        return Answer(200, content_type, b"", size=spool.size, file=spool.file, spilled=True)
    return Answer(200, content_type, bytes(spool.memory), size=spool.size)


class _NotAcceptable(Exception):
    """No format of this kind of result is acceptable to the client."""


def _chosen(
    op: Operation,
    allowed: set[str],
    offers: dict[str, str],
    default: str,
    kind: str,
    stand_ins: dict[str, str] | None = None,
) -> str:
    """The format: format= when given (it must suit this kind of result), else the best the Accept header takes.

    `stand_ins` maps a format= value this kind has no form in to the one it gets instead (an ASK as csv -> json).
    """
    names = ", ".join(conneg.DISPLAY[f] for f in conneg.FORMAT_NAMES if f in allowed)
    if op.format:
        named = conneg.override(op.format, allowed | set(stand_ins or ())) or ""
        named = (stand_ins or {}).get(named, named)
        if named not in allowed:
            raise _NotAcceptable(f"format={op.format} does not suit {kind}, which is available as {names}")
        return named
    chosen = conneg.choose(op.accept, offers, default)
    if chosen is None:
        raise _NotAcceptable(f"{kind} is available as {names}")
    return chosen


def _serialise(result: ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple], op: Operation, out: Spool) -> str:
    """Writes the result into `out` in the negotiated format; returns its media type."""
    if isinstance(result, ox.QueryBoolean):
        fmt = _chosen(
            op,
            {"json", "xml"},
            {**conneg.BOOLEAN, **conneg.BOOLEAN_FALLBACK},
            "json",
            "an ASK result",
            stand_ins={"csv": "json", "tsv": "json"},
        )
        out.write(serialize_boolean(result, fmt))
        return conneg.MEDIA_TYPE[fmt]
    if isinstance(result, ox.QuerySolutions):
        fmt = _chosen(op, {"json", "xml", "csv", "tsv"}, conneg.TABULAR, "json", "a SELECT result")
        if fmt == "csv":  # no row mark in CSV: rows counted one by one (kg.sparql.native_results)
            rows = _capped(result, op.max_rows)
            if rows is None:
                raise TooManyRows(op.max_rows)
            out.write(serialize_rows([v.value for v in result.variables], rows, fmt))
        else:
            write_solutions(result, fmt, out, op.max_rows)
        return conneg.MEDIA_TYPE[fmt]
    fmt = _chosen(
        op,
        set(conneg.GRAPH.values()),
        conneg.GRAPH,
        "turtle",
        "a CONSTRUCT/DESCRIBE result",
        stand_ins={"json": "jsonld"},
    )
    triples = _capped(result, op.max_rows)
    if triples is None:
        raise TooManyRows(op.max_rows, "triples")
    write_triples(triples, fmt, XmlChecked(out, rdf=True) if fmt == "rdfxml" else out, op.prefixes)
    return conneg.MEDIA_TYPE[fmt]


_Item = TypeVar("_Item")


def _capped(result: Iterable[_Item], cap: int) -> list[_Item] | None:
    items: list[_Item] = []
    for item in result:
        items.append(item)
        if len(items) > cap:
            return None
    return items


def _update(store: Store, op: Operation, checked: guard.Checked) -> Answer:
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
