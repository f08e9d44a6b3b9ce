"""The embedded store: an on-disk Oxigraph store opened in this process (the default, at ./.kg/store).

Small changes are one SPARQL Update, which Oxigraph runs as one transaction. Large changes use pyoxigraph's bulk
loader (several times faster, but not transactional), bracketed by two transactions that mark the graphs being
written as pending in the meta graph; opening the store read-write drops any graph still marked pending, so a build
killed mid-write leaves no half-written article behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from ..errors import StoreError
from ..vocab import KG, XSD
from .base import BaseStore, Change, QueryResult, Subject, Term

if TYPE_CHECKING:
    from rdflib import Dataset

PENDING = ox.NamedNode(str(KG.writePending))
TRUE = ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))

# Above this many quads an embedded change is written in three steps (mark pending, add, unmark) rather than as one
# SPARQL update (measured: ~3-5x faster than the update's text).
BULK_THRESHOLD = 1_000
# The adding step takes pyoxigraph's bulk loader from this many quads on, its transactional extend below: the bulk
# loader builds and ingests files per call, which small batches pay dearly for (measured into a store of 100k quads,
# CPU seconds per 60k quads: batches of 1,000: bulk 3.2, extend 0.9; of 8,000: 0.8 and 1.0; of 12,000: 0.5 and 0.9).
BULK_LOAD_MIN = 10_000


class EmbeddedStore(BaseStore):
    """An on-disk pyoxigraph store (the default, at ./.kg/store)."""

    def __init__(self, path: str, read_only: bool = False, meta_graph: str | None = None) -> None:
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
                raise StoreError(
                    f"the store at {path} is locked by another process (kg serve? kg build?): "
                    "only one process may write it; stop the other one or open it read-only"
                ) from err
            raise StoreError(f"cannot open the store at {path}: {err}") from err
        if not read_only and meta_graph:
            self.recover()

    def query(
        self,
        sparql: str,
        *,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default: bool = True,
    ) -> QueryResult:
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
        if default_graph is not None:
            default = [ox.NamedNode(g) for g in default_graph]
        named: list[ox.NamedNode | ox.BlankNode] | None = None
        if named_graphs is not None:
            named = [ox.NamedNode(g) for g in named_graphs]
        return self.ox.query(
            sparql,
            default_graph=default,
            named_graphs=named,
            use_default_graph_as_union=default is None and union_default,
        )

    def update(self, sparql: str) -> None:
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
        # 2: the bulk of the triples (the pending marks cover a write cut short here).
        if change.put_size() >= BULK_LOAD_MIN:
            self.ox.bulk_extend(change.put_quads())
        else:
            self.ox.extend(change.put_quads())
        # 3: the graphs are complete; record them (one transaction).
        self.ox.update(Change(delete=pending, insert=change.insert).to_sparql())

    def first_objects(
        self, subjects: list[Subject], predicate: ox.NamedNode, exclude_graphs: Iterable[str] = ()
    ) -> dict[Subject, Term]:
        # Direct index lookups, stopping at the first hit: an entity named in thousands of
        # articles costs one step, not thousands (a SPARQL query with VALUES is ~20x slower).
        skip = {ox.NamedNode(g) for g in exclude_graphs}
        found: dict[Subject, Term] = {}
        for subject in subjects:
            for q in self.ox.quads_for_pattern(subject, predicate, None, None):
                if isinstance(q.graph_name, ox.NamedNode) and q.graph_name not in skip:
                    found[subject] = q.object
                    break
        return found

    def recover(self) -> list[str]:
        """Drops graphs a killed bulk write left half written (still marked pending); returns them."""
        if not self.meta_graph:
            return []
        meta = ox.NamedNode(self.meta_graph)
        left = [
            q.subject.value
            for q in self.ox.quads_for_pattern(None, PENDING, None, meta)
            if isinstance(q.subject, ox.NamedNode)
        ]
        if left:
            marks = [ox.Quad(ox.NamedNode(g), PENDING, TRUE, meta) for g in left]
            self.ox.update(Change(drop=left, delete=marks).to_sparql())
        return left

    def graphs(self) -> list[str]:
        """The named graphs holding triples (Oxigraph keeps a graph's name after its last triple goes)."""
        return sorted(
            g.value
            for g in self.ox.named_graphs()
            if isinstance(g, ox.NamedNode) and next(self.ox.quads_for_pattern(None, None, None, g), None)
        )

    def dump(self, output: IO[bytes], format: ox.RdfFormat, graph: str | None = None) -> None:
        if graph is None:
            self.ox.dump(output, format)
        else:
            self.ox.dump(output, format, from_graph=ox.NamedNode(graph))

    def load(self, data: bytes | str | IO[bytes], format: ox.RdfFormat, graph: str | None = None) -> None:
        """Loads a serialisation (bytes, str or binary file) in one transaction."""
        self._check_writable()
        self.ox.load(data, format, to_graph=ox.NamedNode(graph) if graph else None)

    def dataset(self) -> Dataset:
        """An rdflib Dataset over this store (oxrdflib): Dataset.query(str) runs in Oxigraph, not rdflib."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        return Dataset(store=OxigraphStore(store=self.ox), default_union=True)

    def flush(self) -> None:
        if not self.read_only:
            self.ox.flush()

    def close(self) -> None:
        if getattr(self, "ox", None) is None:  # closed already, or never opened
            return
        if not self.read_only:
            self.ox.flush()
        del self.ox  # lets go of the store (and its lock) now, not when this object goes
