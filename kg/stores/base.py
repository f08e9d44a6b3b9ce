"""What every store backend offers (`Store`), what they share (`BaseStore`), and the one write they take (`Change`).

Every backend offers the same small interface, and query results are always pyoxigraph result objects
(QuerySolutions, QueryBoolean or QueryTriples-like: `QueryResult`), whichever backend answered, so callers (the
saved queries, web/, export.py) never branch on the backend. A caller that wrote a SELECT or a CONSTRUCT itself
asks `select` or `construct`, which answer solutions or triples only.

The default graph seen by queries is the union of all named graphs: every extracted fact lives
in its article's named graph (CONTRACT.md), and users query across articles.

Writes go through `apply(Change)`: one Change (graphs dropped, graphs written, a few triples
deleted and inserted elsewhere) lands whole or not at all; how, is each backend's (kg.stores.embedded,
kg.stores.remote).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import IO, TYPE_CHECKING, Protocol, Self

import pyoxigraph as ox

from ..errors import StoreError

if TYPE_CHECKING:  # kg.settings asks kg.stores which schemes name a server (Settings.is_remote)
    from ..settings import Settings

# The graph holding build bookkeeping (source file -> article, pending writes), under the base IRI.
META_GRAPH_NAME = "meta"


# Terms as pyoxigraph types them: what may stand as a subject, and what as an object.
Subject = ox.NamedNode | ox.BlankNode | ox.Triple
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class Triples(Protocol):
    """A CONSTRUCT or DESCRIBE answer: pyoxigraph's QueryTriples, or a SPARQL server's (kg.stores.remote)."""

    def __iter__(self) -> Iterator[ox.Triple]: ...

    def serialize(self, output: IO[bytes] | None = None, format: ox.RdfFormat | None = None) -> bytes | None: ...


# What a query answers, by its form: SELECT solutions, an ASK boolean, CONSTRUCT/DESCRIBE triples.
QueryResult = ox.QuerySolutions | ox.QueryBoolean | Triples


def meta_graph_iri(settings: Settings) -> str:
    base = settings.base_iri if settings.base_iri.endswith(("/", "#")) else settings.base_iri + "/"
    return base + META_GRAPH_NAME


@dataclass
class Change:
    """One atomic write: drop graphs, (re)write graphs, delete then insert a few other quads."""

    drop: list[str] = field(default_factory=list)
    put: dict[str, Sequence[ox.Triple | ox.Quad]] = field(default_factory=dict)  # graph IRI -> its new triples
    delete: list[ox.Quad] = field(default_factory=list)
    insert: list[ox.Quad] = field(default_factory=list)

    def size(self) -> int:
        return self.put_size() + len(self.insert) + len(self.delete)

    def put_size(self) -> int:
        """How many triples the replaced graphs get."""
        return sum(len(t) for t in self.put.values())

    def put_quads(self) -> Iterable[ox.Quad]:
        for g, triples in self.put.items():
            graph = ox.NamedNode(g)
            for t in triples:
                # Quads already in their graph pass as they are (no new object per triple: this is hot).
                if type(t) is ox.Quad and t.graph_name == graph:
                    yield t
                else:
                    yield ox.Quad(t.subject, t.predicate, t.object, graph)

    def to_sparql(self) -> str:
        """The whole change as one SPARQL 1.1 Update request (one transaction on Oxigraph and Fuseki)."""
        ops = [f"DROP SILENT GRAPH <{g}>" for g in dict.fromkeys([*self.drop, *self.put])]
        if self.delete:
            ops.append("DELETE DATA {\n" + _quad_block(self.delete) + "\n}")
        inserts = list(self.put_quads()) + list(self.insert)
        if inserts:
            ops.append("INSERT DATA {\n" + _quad_block(inserts) + "\n}")
        return " ;\n".join(ops)


def _quad_block(quads: Iterable[ox.Quad]) -> str:
    """Quads grouped by graph in SPARQL's `GRAPH <g> { s p o . }` syntax (terms in N-Triples form)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for g, lines in by_graph.items():
        body = "\n".join(lines)
        parts.append(body if g == "DEFAULT" else f"GRAPH {g} {{\n{body}\n}}")
    return "\n".join(parts)


class Store(Protocol):
    read_only: bool

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None: ...

    # How many graphs / triples one Change should carry (None: no limit); servers refuse huge requests.
    @property
    def max_graphs_per_change(self) -> int | None: ...

    @property
    def max_quads_per_change(self) -> int | None: ...

    def query(
        self,
        sparql: str,
        *,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default: bool = True,
    ) -> QueryResult:
        """Runs a SPARQL query string in the backend's engine; returns a pyoxigraph result object."""

    def select(self, sparql: str, *, union_default: bool = True) -> ox.QuerySolutions:
        """Runs a SELECT query; its solutions."""

    def construct(self, sparql: str, *, union_default: bool = True) -> Triples:
        """Runs a CONSTRUCT or DESCRIBE query; its triples."""

    def update(self, sparql: str) -> None:
        """Runs a SPARQL 1.1 Update."""

    def apply(self, change: Change) -> None:
        """Applies one Change atomically (see the module docstring)."""

    def replace_graph(self, graph_iri: str, quads: Iterable[ox.Quad | ox.Triple]) -> None:
        """Atomically replaces one named graph's content (the article's) with the given triples."""

    def remove_graph(self, graph_iri: str) -> None: ...

    def graphs(self) -> list[str]: ...

    def first_objects(
        self, subjects: list[Subject], predicate: ox.NamedNode, exclude_graphs: Iterable[str] = ()
    ) -> dict[Subject, Term]:
        """subject -> one object of `predicate` stored for it in a named graph not excluded (for single-valued ones)."""

    def count(self, graph: str | None = None) -> int:
        """Number of quads stored (in one graph, or in all named graphs)."""

    def dump(self, output: IO[bytes], format: ox.RdfFormat, graph: str | None = None) -> None:
        """Writes the dataset (or one graph) to a binary file object."""

    def flush(self) -> None: ...

    def close(self) -> None: ...


class BaseStore(ABC):
    """What every backend derives from the few primitives it implements (`query`, `apply`, `close`)."""

    read_only: bool
    max_graphs_per_change: int | None = None
    max_quads_per_change: int | None = None

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default: bool = True,
    ) -> QueryResult: ...

    @abstractmethod
    def apply(self, change: Change) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    def select(self, sparql: str, *, union_default: bool = True) -> ox.QuerySolutions:
        result = self.query(sparql, union_default=union_default)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError(f"a SELECT query was expected, not: {sparql[:80]}")
        return result

    def construct(self, sparql: str, *, union_default: bool = True) -> Triples:
        result = self.query(sparql, union_default=union_default)
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            raise TypeError(f"a CONSTRUCT or DESCRIBE query was expected, not: {sparql[:80]}")
        return result

    def replace_graph(self, graph_iri: str, quads: Iterable[ox.Quad | ox.Triple]) -> None:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        self.apply(Change(put={graph_iri: triples}))

    def remove_graph(self, graph_iri: str) -> None:
        self.apply(Change(drop=[graph_iri]))

    def count(self, graph: str | None = None) -> int:
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        return int(next(iter(self.select(f"SELECT (COUNT(*) AS ?c) WHERE {{ {where} }}")))[0].value)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
