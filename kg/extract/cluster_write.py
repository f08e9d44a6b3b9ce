"""`kg build --cluster` into a remote store (sparql+http://…): the workers write each article's graph themselves.

Why: with the client as the only writer, every triple crosses the network twice (worker -> client -> server) and one
process parses, maps and sends them all; that caps a cluster at a few dozen workers (docs/scale-out.md). Here a
worker maps its articles' Facts to triples and writes them to the SPARQL server; the client sees only the labels.

What stays with the client, and why: the first-label-wins rule of kg/build.py (an entity keeps the first rdfs:label
stored, later ones become skos:altLabel) depends on the order of the articles, which parallel writers do not have.
So each batch goes in three Dask tasks:

1. extract (worker): the articles' Facts, mapped to triples (rdf.facts_triples); the triples stay on that worker;
2. labels (same worker, small answer): each article's rdfs:label/skos:altLabel triples, its entity keys and events;
3. write (the worker holding 1's result): the client has applied labels.merge_labels to those labels in input order,
   against the labels stored before the build and those it decided earlier in it, and sends each article's final
   label triples and its source records (build's bookkeeping); the worker writes the article's graph as the other
   triples plus those, through the store's `Change` path: one Change per few articles, each graph replaced whole
   (`put`) together with its source records, exactly as build.BatchWriter does on the client.

Exactly once: a write is a replacement decided before it runs, so a write task Dask runs again (its worker died, or
the extract result it needs was lost and recomputed) writes the same graph again; nothing is added twice. A graph
whose write did not finish has no source record, so the next build writes it again (kg/build.py's rule). The client
waits for every write before the build ends, and a write that fails ends the build with its error, as a failed write
of a local build does.

Dask is imported only when a build runs on a cluster (this module's top imports none of it).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..labels import merge_labels
from ..model import Article
from ..rdf import ALT_LABEL, LABEL, facts_triples
from ..settings import Settings

if TYPE_CHECKING:
    from distributed import Client, Future

    from ..build import BatchFn, BuildReport
    from ..rdf import Minter
    from ..stores.base import Store, Subject, Term
    from .cluster import Loader

# An article's final label triples, decided by the client, and a graph's source records.
Plan = list[tuple[int, str, list[ox.Triple | ox.Quad], list[ox.Quad]]]
Written = list[tuple[int, int]]  # (articles, triples) per Change applied

# Extract tasks queued per worker thread beyond the running one (as cluster.READ_AHEAD: keeps every worker fed).
READ_AHEAD = 3
# Write tasks in flight per worker thread before the client waits for the oldest: bounds the extract results that
# workers hold for writes not yet done.
WRITES_AHEAD = 4


# -- on the worker


@dataclass
class _Extracted:
    """One article on the worker: its graph's triples, or its error; and what the build's summary counts."""

    triples: list[ox.Triple] | None
    error: BaseException | None
    entities: list[str]
    events: list[str]


def _extract_graphs(loader: Loader, base_iri: str, batch: list[Article]) -> list[_Extracted]:
    from ..rdf import Minter
    from .cluster import _extract_task

    minter = Minter(base_iri)
    out: list[_Extracted] = []
    for article, (facts, err) in zip(batch, _extract_task(loader, batch), strict=True):
        if facts is None:
            out.append(_Extracted(None, err, [], []))
            continue
        try:
            out.append(
                _Extracted(
                    facts_triples(facts, minter),
                    None,
                    sorted(facts.entities),
                    [str(minter.event(ev, article.id)) for ev in facts.events],
                )
            )
        except Exception as failed:  # noqa: BLE001 - reported with its article, the batch goes on
            from .parallel import _portable

            out.append(_Extracted(None, _portable(failed), [], []))
    return out


def _is_label(triple: ox.Triple) -> bool:
    return bool(triple.predicate == LABEL or triple.predicate == ALT_LABEL)


def _labels(extracted: list[_Extracted]) -> list[_Extracted]:
    """What the client needs of an extract result: the label triples only (the rest stays on the worker)."""
    return [
        _Extracted(None if e.triples is None else [t for t in e.triples if _is_label(t)], e.error, e.entities, e.events)
        for e in extracted
    ]


_stores: dict[str, Store] = {}
graphs_written_in_this_process = 0  # article graphs this worker process wrote (tests read it with client.run)


def _store(settings: Settings) -> Store:
    """The remote store, opened once per worker process (its constructor asks the server a question)."""
    from ..stores import open_store

    if settings.store not in _stores:
        _stores[settings.store] = open_store(settings)
    return _stores[settings.store]


def _write_task(settings: Settings, extracted: list[_Extracted], plan: Plan) -> Written:
    """Writes each planned article (index into `extracted`, graph IRI, final label triples, source records);
    returns (articles, triples) per Change applied."""
    global graphs_written_in_this_process
    from ..stores import Change

    store = _store(settings)
    done: Written = []
    change, quads = Change(), 0
    for i, iri, labels, records in plan:
        triples = extracted[i].triples
        assert triples is not None  # only articles extracted without error are planned
        change.put[iri] = [t for t in triples if not _is_label(t)] + labels
        change.insert.extend(records)
        quads += len(change.put[iri])
        # The boundaries build.BatchWriter uses for this store (a server refuses huge updates).
        if quads >= (store.max_quads_per_change or quads) or len(change.put) >= (
            store.max_graphs_per_change or 1 << 30
        ):
            store.apply(change)
            done.append((len(change.put), quads))
            change, quads = Change(), 0
    if change.put:
        store.apply(change)
        done.append((len(change.put), quads))
    graphs_written_in_this_process += len(plan)
    return done


def graphs_written() -> int:
    """Run on a worker (client.run): how many article graphs its process wrote."""
    return graphs_written_in_this_process


# -- on the client


class DirectWrites:
    """The client's side of a build whose workers write: extraction and writes on the cluster, labels decided here.

    `run` yields (article, None, None) for an article handed to a worker to write, (article, None, error) for one that
    failed (build.build() writes nothing for either); `finish` puts the counts in the report."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        minter: Minter,
        report: BuildReport,
        on_batch: BatchFn | None,
        sources_of: Callable[[str], list[ox.Quad]],
        existing: set[str],
    ):
        self.settings, self.store, self.minter, self.report = settings, store, minter, report
        self.on_batch, self.sources_of = on_batch, sources_of
        self.existing = existing  # graphs in the store before the build: their old labels may still be read
        self.decided: dict[Subject, Term] = {}  # entity -> the rdfs:label this build gave it, in article order
        self.entity_keys: set[str] = set()
        self.event_iris: set[str] = set()

    def run(
        self, articles: list[Article], client: Client, loader: Loader, batch_size: int
    ) -> Iterator[tuple[Article, None, BaseException | None]]:
        from distributed.scheduler import KilledWorker

        from .parallel import WorkerDied, guided_batches

        base = self.settings.base_iri
        threads = max(1, sum(client.nthreads().values()))
        batches = deque(guided_batches(articles, threads, batch_size))
        # (batch, extract future, labels future), in input order
        pending: deque[tuple[list[Article], Future[list[_Extracted]], Future[list[_Extracted]]]] = deque()
        writes: deque[tuple[list[str], Future[Written]]] = deque()  # (graph IRIs, write future), oldest first

        def submit(batch: list[Article]) -> tuple[list[Article], Future[list[_Extracted]], Future[list[_Extracted]]]:
            extract = client.submit(_extract_graphs, loader, base, batch, pure=False)
            return batch, extract, client.submit(_labels, extract, pure=False)

        try:
            while batches or pending:
                nthreads = max(1, sum(client.nthreads().values()))
                while batches and len(pending) < (READ_AHEAD + 1) * nthreads:
                    pending.append(submit(batches.popleft()))
                batch, extract, labels = pending.popleft()
                units: list[tuple[list[Article], Future[list[_Extracted]] | None, list[_Extracted]]]
                try:
                    units = [(batch, extract, labels.result())]
                except KilledWorker:
                    # A batch that kept killing its workers: each article alone, so only the killer is lost.
                    units = []
                    for one in [submit([a]) for a in batch]:
                        try:
                            units.append((one[0], one[1], one[2].result()))
                        except KilledWorker:
                            err = WorkerDied(
                                f"{one[0][0].source_path or one[0][0].id}: "
                                "the extracting worker process died, each time it was tried"
                            )
                            units.append((one[0], None, [_Extracted(None, err, [], [])]))
                except Exception as err:  # noqa: BLE001 - e.g. the task could not be unpickled on the worker
                    units = [(batch, None, [_Extracted(None, err, [], [])] * len(batch))]
                for unit_batch, unit_extract, summary in units:
                    yield from self._write(client, unit_batch, unit_extract, summary, writes)
                    while len(writes) > WRITES_AHEAD * nthreads:
                        self._wait(writes.popleft())
                while writes and writes[0][1].done():
                    self._wait(writes.popleft())
            while writes:
                self._wait(writes.popleft())
        finally:
            # Ctrl-C, an early close or a failed write: nothing keeps running on the cluster for a build that is gone.
            client.cancel([f for _, e, s in pending for f in (e, s)] + [f for _, f in writes], force=True)

    def _write(
        self,
        client: Client,
        batch: list[Article],
        extract: Future[list[_Extracted]] | None,
        summary: list[_Extracted],
        writes: deque[tuple[list[str], Future[Written]]],
    ) -> Iterator[tuple[Article, None, BaseException | None]]:
        """Decides the labels of a batch's articles in input order and sends the write; yields each article."""
        ok = [
            (i, article, e.triples)
            for i, (article, e) in enumerate(zip(batch, summary, strict=True))
            if e.error is None and e.triples is not None
        ]
        iris = [str(self.minter.article(a.id)) for _, a, _ in ok]
        entities = list({t.subject for _, _, triples in ok for t in triples if t.predicate == LABEL})
        # The store's labels, as a local build would read them before writing this batch: graphs of this build whose
        # write may still be on its way are not read (they may hold their old content; their new labels are in
        # `decided`), which matters only for graphs that existed before the build (a --force rebuild).
        in_flight = [g for gs, _ in writes for g in gs]
        exclude = [g for g in iris + in_flight if g in self.existing]
        unknown = [e for e in entities if e not in self.decided]
        stored = self.store.first_objects(unknown, LABEL, exclude) if unknown else {}
        stored.update({e: self.decided[e] for e in entities if e in self.decided})
        plan: Plan = []
        for (i, _, triples), iri in zip(ok, iris, strict=True):
            before = set(stored)
            plan.append((i, iri, merge_labels(triples, stored), self.sources_of(iri)))
            self.decided.update({ent: stored[ent] for ent in stored.keys() - before})
            self.entity_keys.update(summary[i].entities)
            self.event_iris.update(summary[i].events)
        if plan:
            writes.append((iris, client.submit(_write_task, self.settings, extract, plan, pure=False)))
        for article, e in zip(batch, summary, strict=True):
            yield article, None, e.error

    def _wait(self, write: tuple[list[str], Future[Written]]) -> None:
        from distributed.scheduler import KilledWorker

        from ..errors import StoreError

        iris, future = write
        try:
            changes = future.result()
        except KilledWorker as err:
            raise StoreError(
                f"writing {len(iris)} articles: the worker died each time it was tried ({err}); "
                "run the build again to write them"
            ) from err
        future.release()
        for articles, triples in changes:
            self.report.written += articles
            self.report.written_on_cluster += articles
            self.report.triples += triples
            if self.on_batch:
                self.on_batch(articles, triples)

    def finish(self) -> None:
        """The build's summary counts (build.BatchWriter's own are empty: it wrote nothing)."""
        self.report.entities = len(self.entity_keys)
        self.report.events = len(self.event_iris)
