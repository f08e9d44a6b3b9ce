"""Extraction as Dask tasks (`kg build --cluster`): the same contract as parallel.extract_parallel, over the
machines of a Dask cluster instead of the cores of one.

- What travels: a task is a batch of Articles, their text inside (workers need no access to the input files);
  its answer is each article's Facts or its error. Here the client keeps the only write path (build.BatchWriter),
  so a task that Dask runs twice (its worker died) can only make the client get the same Facts: nothing is written
  by a worker, nothing twice. This is the path for the embedded store (one writer); into a remote store the
  workers write themselves (cluster_write.py, which reuses this module's per-worker pipeline).
- The pipeline: each worker process builds it once, on its first task, from a picklable zero-argument loader
  (default: the settings' model with the worker's own knowledge base) and keeps it for the next tasks; a
  process per worker with one thread (spaCy is CPU-bound, threads would share one GIL).
- A dying worker: Dask reschedules its tasks elsewhere; one that kills workers again and again comes back as
  KilledWorker, and its batch is then run one article per task, so the article that kills is reported as such and
  no other is lost. Closing the generator (Ctrl-C in `kg build`) cancels every task still queued or running.

Dask is imported here only: a build without --cluster never loads it.
"""

from __future__ import annotations

import functools
import pickle
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from distributed import Client, Future, LocalCluster
from distributed.scheduler import KilledWorker
from spacy.language import Language

from ..model import Article, Facts
from .parallel import WorkerDied, extract_batch, guided_batches

Result = tuple[Article, Facts | None, BaseException | None]
# A picklable zero-argument function that builds the extraction pipeline on a worker.
Loader = Callable[[], Language]
Outcomes = list[tuple[Facts | None, BaseException | None]]

# Tasks queued per worker thread beyond the running one: keeps every worker fed while the client writes.
READ_AHEAD = 3
# How often a started LocalCluster lets Dask rerun a task whose worker died before it gives up (KilledWorker):
# once is enough for the innocent batches that shared a worker with a killer; each rerun costs a worker restart.
LOCAL_ALLOWED_FAILURES = 1


def default_loader(model: str | None = None) -> Loader:
    """The worker's pipeline: the model with the knowledge base found on the worker (shipped tables + overlay)."""
    from .pipeline import extraction_pipeline

    return functools.partial(extraction_pipeline, model)


# -- on the worker

_pipelines: dict[bytes, Language] = {}
_loading = threading.Lock()
loads_in_this_process = 0  # how many pipelines this worker process built (tests check it stays one)


def _pipeline(loader: Loader) -> Language:
    """The loader's pipeline, built once per worker process (keyed by the loader's pickle: the same loader sent
    with every task is equal, not identical)."""
    global loads_in_this_process
    key = pickle.dumps(loader)
    with _loading:
        if key not in _pipelines:
            _pipelines[key] = loader()
            loads_in_this_process += 1
        return _pipelines[key]


def _extract_task(loader: Loader, batch: list[Article]) -> Outcomes:
    return extract_batch(batch, _pipeline(loader))


def pipeline_loads() -> int:
    """Run on a worker (client.run): how many pipelines its process has built."""
    return loads_in_this_process


# -- on the client


@contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the cluster at `address` (tcp://HOST:8786), or of a LocalCluster it starts and stops:
    'local' (a worker per core) or 'local:N'."""
    if address == "local" or address.startswith("local:"):
        import dask

        from ..settings import machine_cores

        n = int(address.partition(":")[2] or machine_cores())
        with dask.config.set({"distributed.scheduler.allowed-failures": LOCAL_ALLOWED_FAILURES}):
            cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0"
            )  # any free port: 8787 may be another cluster's
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
    else:
        with Client(address) as client:
            yield client


def extract_on_cluster(
    articles: Iterable[Article], client: Client, loader: Loader | None = None, batch_size: int = 32
) -> Iterator[Result]:
    """(article, facts, None) or (article, None, error) for every article, in input order."""
    loader = loader or default_loader()
    articles = list(articles)
    threads = max(1, sum(client.nthreads().values()))
    batches = deque(guided_batches(articles, threads, batch_size))
    pending: deque[tuple[list[Article], Future[Outcomes]]] = deque()  # (batch, future), in input order
    try:
        while batches or pending:
            # Bounded read-ahead: the scheduler holds a few batches per worker, the client's memory stays flat
            # (and workers that join later are counted: nthreads is asked again).
            limit = (READ_AHEAD + 1) * max(1, sum(client.nthreads().values()))
            while batches and len(pending) < limit:
                batch = batches.popleft()
                pending.append((batch, client.submit(_extract_task, loader, batch, pure=False)))
            batch, future = pending.popleft()
            try:
                results = future.result()
            except KilledWorker:
                yield from _one_by_one(client, loader, batch)
                continue
            except Exception as failed:  # noqa: BLE001 - e.g. the task could not be unpickled on the worker
                results = [(None, failed)] * len(batch)
            for article, (facts, err) in zip(batch, results, strict=True):
                yield article, facts, err
    finally:
        # Ctrl-C or an early close: nothing keeps running on the cluster for a build that is gone.
        client.cancel([f for _, f in pending], force=True)


def _one_by_one(client: Client, loader: Loader, batch: list[Article]) -> Iterator[Result]:
    """Each article of a batch that kept killing its workers, as a task of its own (all in flight at once)."""
    futures = [client.submit(_extract_task, loader, [a], pure=False) for a in batch]
    try:
        for article, future in zip(batch, futures, strict=True):
            try:
                ((facts, err),) = future.result()
                yield article, facts, err
            except KilledWorker:
                yield (
                    article,
                    None,
                    WorkerDied(
                        f"{article.source_path or article.id}: "
                        "the extracting worker process died, each time it was tried"
                    ),
                )
    finally:
        client.cancel(futures, force=True)
