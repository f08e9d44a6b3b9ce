"""open_store(settings): the seam between the embedded Oxigraph store and a remote SPARQL server.

Every backend offers the same small interface (see `Store`), and query results are always
pyoxigraph result objects (QuerySolutions, QueryBoolean or QueryTriples-like), whichever backend
answered, so callers (queries.py, web/, export.py) never branch on the backend.

The default graph seen by queries is the union of all named graphs: every extracted fact lives
in its article's named graph (CONTRACT.md), and users query across articles.

Writes go through `apply(Change)`: one Change (graphs dropped, graphs written, a few triples
deleted and inserted elsewhere) lands whole or not at all. Small changes are one SPARQL Update,
which Oxigraph runs as one transaction. Large embedded changes use pyoxigraph's bulk loader
(several times faster, but not transactional), bracketed by two transactions that mark the
graphs being written as pending in the meta graph; opening the store read-write drops any graph
still marked pending, so a build killed mid-write leaves no half-written article behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Protocol

import pyoxigraph as ox

from .errors import StoreError
from .settings import Settings
from .vocab import KG

# The graph holding build bookkeeping (source file -> article, pending writes), under the base IRI.
META_GRAPH_NAME = "meta"
PENDING = ox.NamedNode(str(KG.writePending))
TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))

# Above this many quads an embedded change is bulk loaded (measured: ~3-5x faster than a transaction).
BULK_THRESHOLD = 1_000


def meta_graph_iri(settings: Settings) -> str:
    base = settings.base_iri if settings.base_iri.endswith(("/", "#")) else settings.base_iri + "/"
    return base + META_GRAPH_NAME


@dataclass
class Change:
    """One atomic write: drop graphs, (re)write graphs, delete then insert a few other quads."""

    drop: list[str] = field(default_factory=list)
    put: dict[str, list[ox.Triple | ox.Quad]] = field(default_factory=dict)  # graph IRI -> its new triples
    delete: list[ox.Quad] = field(default_factory=list)
    insert: list[ox.Quad] = field(default_factory=list)

    def size(self) -> int:
        return sum(len(t) for t in self.put.values()) + len(self.insert) + len(self.delete)

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
    # How many graphs / triples one Change should carry (None: no limit); servers refuse huge requests.
    max_graphs_per_change: int | None
    max_quads_per_change: int | None

    def query(self, sparql: str, *, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None, union_default: bool = True):
        """Runs a SPARQL query string in the backend's engine; returns a pyoxigraph result object."""

    def update(self, sparql: str) -> None:
        """Runs a SPARQL 1.1 Update."""

    def apply(self, change: Change) -> None:
        """Applies one Change atomically (see the module docstring)."""

    def replace_graph(self, graph_iri: str, quads: Iterable[ox.Quad | ox.Triple]) -> None:
        """Atomically replaces one named graph's content (the article's) with the given triples."""

    def remove_graph(self, graph_iri: str) -> None: ...

    def graphs(self) -> list[str]: ...

    def first_objects(self, subjects: list, predicate: ox.NamedNode, exclude_graphs=()) -> dict:
        """subject -> one object of `predicate` stored for it in a named graph not excluded (for single-valued ones)."""

    def count(self, graph: str | None = None) -> int:
        """Number of quads stored (in one graph, or in all named graphs)."""

    def dump(self, output, format: ox.RdfFormat, graph: str | None = None) -> None:
        """Writes the dataset (or one graph) to a binary file object."""

    def flush(self) -> None: ...

    def close(self) -> None: ...


class BaseStore:
    """What every backend derives from the few primitives it implements."""

    read_only: bool
    max_graphs_per_change: int | None = None
    max_quads_per_change: int | None = None

    def replace_graph(self, graph_iri, quads):
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        self.apply(Change(put={graph_iri: triples}))

    def remove_graph(self, graph_iri):
        self.apply(Change(drop=[graph_iri]))

    def count(self, graph=None):
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        return int(next(iter(self.query(f"SELECT (COUNT(*) AS ?c) WHERE {{ {where} }}")))[0].value)

    def _check_writable(self):
        if self.read_only:
            raise StoreError("the store is open read-only")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class EmbeddedStore(BaseStore):
    """An on-disk pyoxigraph store (the default, at ./.kg/store)."""

    def __init__(self, path: str, read_only: bool = False, meta_graph: str | None = None):
        self.path = path
        self.read_only = read_only
        self.meta_graph = meta_graph
        try:
            if read_only:
                if not Path(path).exists():
                    raise StoreError(f"no store at {path}: run 'kg build' first")
                self.ox = ox.Store.read_only(path)
            else:
                os.makedirs(path, exist_ok=True)
                self.ox = ox.Store(path)
        except OSError as err:
            if "lock" in str(err).lower():
                raise StoreError(f"the store at {path} is locked by another process (kg serve? kg build?): "
                                 "only one process may write it; stop the other one or open it read-only") from err
            raise StoreError(f"cannot open the store at {path}: {err}") from err
        if not read_only and meta_graph:
            self.recover()

    def query(self, sparql, *, default_graph=None, named_graphs=None, union_default=True):
        kwargs = {}
        if default_graph is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        elif union_default:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        return self.ox.query(sparql, **kwargs)

    def update(self, sparql):
        self._check_writable()
        self.ox.update(sparql)

    def apply(self, change: Change) -> None:
        self._check_writable()
        if change.size() < BULK_THRESHOLD or not self.meta_graph:
            self.ox.update(change.to_sparql())
            return
        meta = ox.NamedNode(self.meta_graph)
        pending = [ox.Quad(ox.NamedNode(g), PENDING, TRUE, meta) for g in change.put]
        # 1: old content and old bookkeeping go, the new graphs are marked pending (one transaction).
        self.ox.update(Change(drop=[*change.drop, *change.put], delete=change.delete, insert=pending).to_sparql())
        # 2: the bulk of the triples, fast but not transactional.
        self.ox.bulk_extend(change.put_quads())
        # 3: the graphs are complete; record them (one transaction).
        self.ox.update(Change(delete=pending, insert=change.insert).to_sparql())

    def first_objects(self, subjects, predicate, exclude_graphs=()):
        # Direct index lookups, stopping at the first hit: an entity named in thousands of
        # articles costs one step, not thousands (a SPARQL query with VALUES is ~20x slower).
        skip = {ox.NamedNode(g) for g in exclude_graphs}
        found = {}
        for subject in subjects:
            for q in self.ox.quads_for_pattern(subject, predicate, None, None):
                if isinstance(q.graph_name, ox.NamedNode) and q.graph_name not in skip:
                    found[subject] = q.object
                    break
        return found

    def recover(self) -> list[str]:
        """Drops graphs a killed bulk write left half written (still marked pending); returns them."""
        meta = ox.NamedNode(self.meta_graph)
        left = [q.subject.value for q in self.ox.quads_for_pattern(None, PENDING, None, meta)]
        if left:
            marks = [ox.Quad(ox.NamedNode(g), PENDING, TRUE, meta) for g in left]
            self.ox.update(Change(drop=left, delete=marks).to_sparql())
        return left

    def graphs(self):
        """The named graphs holding triples (Oxigraph keeps a graph's name after its last triple goes)."""
        return sorted(g.value for g in self.ox.named_graphs()
                      if isinstance(g, ox.NamedNode) and next(self.ox.quads_for_pattern(None, None, None, g), None))

    def dump(self, output, format, graph=None):
        if graph is None:
            self.ox.dump(output, format)
        else:
            self.ox.dump(output, format, from_graph=ox.NamedNode(graph))

    def load(self, data, format: ox.RdfFormat, graph: str | None = None) -> None:
        """Loads a serialisation (bytes, str or binary file) in one transaction."""
        self._check_writable()
        self.ox.load(data, format, to_graph=ox.NamedNode(graph) if graph else None)

    def dataset(self):
        """An rdflib Dataset over this store (oxrdflib): Dataset.query(str) runs in Oxigraph, not rdflib."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        return Dataset(store=OxigraphStore(store=self.ox), default_union=True)

    def flush(self):
        if not self.read_only:
            self.ox.flush()

    def close(self):
        if getattr(self, "ox", None) is None:
            return
        if not self.read_only:
            self.ox.flush()
        self.ox = None


def open_store(settings: Settings, read_only: bool = False) -> Store:
    """The store the settings name: a folder (embedded Oxigraph) or a sparql+http:// endpoint."""
    if settings.is_remote:
        from .remote_store import RemoteStore

        return RemoteStore(settings.store, read_only=read_only, timeout=settings.query_timeout,
                           meta_graph=meta_graph_iri(settings), base_iri=settings.base_iri)
    return EmbeddedStore(settings.store, read_only=read_only, meta_graph=meta_graph_iri(settings))
