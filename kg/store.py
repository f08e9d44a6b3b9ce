"""open_store(settings): the seam between the embedded Oxigraph store and a remote SPARQL server.

Every backend offers the same small interface (see `Store`), and query results are always
pyoxigraph result objects (QuerySolutions, QueryBoolean or QueryTriples), whichever backend
answered, so callers (queries.py, web/, export.py) never branch on the backend.

The default graph seen by queries is the union of all named graphs: every extracted fact lives
in its article's named graph (CONTRACT.md), and users query across articles.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Protocol

import pyoxigraph as ox

from .errors import StoreError
from .settings import Settings


class Store(Protocol):
    read_only: bool

    def query(self, sparql: str, *, default_graph: list[str] | None = None,
              named_graphs: list[str] | None = None, union_default: bool = True):
        """Runs a SPARQL query string in the backend's engine; returns a pyoxigraph result object."""

    def update(self, sparql: str) -> None:
        """Runs a SPARQL 1.1 Update."""

    def replace_graph(self, graph_iri: str, quads: Iterable[ox.Quad]) -> None:
        """Atomically replaces one named graph's content (the article's) with the given triples."""

    def remove_graph(self, graph_iri: str) -> None: ...

    def graphs(self) -> list[str]: ...

    def dump(self, output, format: ox.RdfFormat, graph: str | None = None) -> None:
        """Writes the dataset (or one graph) to a binary file object."""

    def flush(self) -> None: ...

    def close(self) -> None: ...


class EmbeddedStore:
    """An on-disk pyoxigraph store (the default, at ./.kg/store)."""

    def __init__(self, path: str, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        try:
            if read_only:
                if not Path(path).exists():
                    raise StoreError(f"no store at {path}: run 'kg build' first")
                self.ox = ox.Store.read_only(path)
            else:
                os.makedirs(path, exist_ok=True)
                self.ox = ox.Store(path)
        except OSError as err:
            raise StoreError(f"cannot open the store at {path}: {err}") from err

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
        self.ox.update(sparql)

    def replace_graph(self, graph_iri, quads):
        g = ox.NamedNode(graph_iri)
        quads = [ox.Quad(q.subject, q.predicate, q.object, g) for q in quads]
        # One transaction: a reader or a crash never sees the graph half replaced.
        self.ox.update(f"DROP SILENT GRAPH <{graph_iri}>")
        self.ox.extend(quads)

    def remove_graph(self, graph_iri):
        self.ox.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def graphs(self):
        return sorted(g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def dump(self, output, format, graph=None):
        if graph is None:
            self.ox.dump(output, format)
        else:
            self.ox.dump(output, format, from_graph=ox.NamedNode(graph))

    def flush(self):
        self.ox.flush()

    def close(self):
        if not self.read_only:
            self.ox.flush()
        del self.ox

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_store(settings: Settings, read_only: bool = False) -> Store:
    if settings.is_remote:
        raise StoreError("remote stores are not built yet")
    return EmbeddedStore(settings.store, read_only=read_only)
