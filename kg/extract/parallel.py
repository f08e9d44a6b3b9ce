"""Extraction over several processes: each worker holds the whole extraction pipeline and turns batches of
articles into Facts.

Why not `nlp.pipe(n_process=…)`: it makes every Doc in the main process (our articles carry their metadata on the
Doc) and ships Doc bytes both ways; on 2 cores the main process's tokenising and (de)serialising took the CPU the
workers needed (measured with benchmarks/extract.py: 0.64× bare spaCy for the whole `kg build`). Here only
Articles go out and Facts come back, a fraction of a Doc's bytes. The workers are forked, so the pipeline loaded
once in the parent is theirs without loading it again (spaCy's own n_process forks the same way on Linux); where
fork is unavailable, extract_many's n_process is used instead.

An article that raises is reported with its error and the rest of its batch still lands; a worker that dies
(killed, out of memory) takes no other article with it: its batch is retried one article at a time, and the one
that kills a worker again is reported as such.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext

from spacy.language import Language

from ..model import Article, Facts
from .pipeline import extract_many

# The pipeline the workers use: set in the parent just before they are forked, inherited by them.
_PIPELINE: Language | None = None

# What a worker gives back for each article of a batch: its facts, or the error it raised.
Outcome = tuple[Facts | None, BaseException | None]


class WorkerDied(RuntimeError):
    """The process extracting an article ended without an answer (killed, out of memory, crashed)."""


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _extract_batch(batch: list[Article]) -> list[Outcome]:
    return extract_batch(batch, _PIPELINE)


def extract_batch(batch: list[Article], nlp: Language | None) -> list[Outcome]:
    """Runs in a worker (a forked one here, a Dask one in cluster.py): the facts of each article, or its error
    (the others still extracted); errors are made picklable, they travel back to the client."""
    try:
        return [(facts, None) for facts in extract_many(batch, nlp=nlp, batch_size=len(batch))]
    except Exception:  # noqa: BLE001 - find which article it was, one at a time
        out: list[Outcome] = []
        for article in batch:
            try:
                out.append((next(extract_many([article], nlp=nlp)), None))
            except Exception as err:  # noqa: BLE001 - reported with the article, the batch goes on
                out.append((None, _portable(err)))
        return out


def _portable(err: BaseException) -> BaseException:
    """The error itself when it survives pickling, else a RuntimeError with its type and message."""
    import pickle

    try:
        pickle.loads(pickle.dumps(err))
        return err
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(err).__name__}: {err}")


def guided_batches(articles: list[Article], n_process: int, batch_size: int, smallest: int = 4) -> list[list[Article]]:
    """Batches that shrink as the work runs out (guided scheduling): full ones while much is left, then each about
    a 2·n_process-th of what remains, so the workers finish together instead of one idling while the other runs a last
    full batch (with 2 workers and batches of 32 BBC articles, a batch takes about 2 s)."""
    out, i = [], 0
    while i < len(articles):
        size = max(smallest, min(batch_size, -(-(len(articles) - i) // (2 * n_process))))
        out.append(articles[i : i + size])
        i += size
    return out


def extract_parallel(
    articles: Iterable[Article], nlp: Language, n_process: int, batch_size: int = 32
) -> Iterator[tuple[Article, Facts | None, BaseException | None]]:
    """(article, facts, None) or (article, None, error) for every article, in input order."""
    global _PIPELINE
    batches = deque(guided_batches(list(articles), n_process, batch_size))
    _PIPELINE = nlp
    context = multiprocessing.get_context("fork")
    pool = _pool(n_process, context)
    try:
        pending: deque[tuple[list[Article], Future[list[Outcome]]]] = deque()
        while batches or pending:
            while batches and len(pending) < 2 * n_process:  # a bounded read-ahead: memory stays flat
                batch = batches.popleft()
                pending.append((batch, pool.submit(_extract_batch, batch)))
            batch, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # A worker died: every batch in flight is lost with the pool. Redo them in a fresh pool, the one
                # that was being answered article by article.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(n_process, context)
                lost = [b for b, _ in pending]
                pending.clear()
                yield from _one_by_one(batch, context)
                batches.extendleft(reversed(lost))
                continue
            for article, (facts, err) in zip(batch, results, strict=True):
                yield article, facts, err
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _PIPELINE = None


def _pool(n_process: int, context: BaseContext) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=n_process, mp_context=context, initializer=die_with_parent)


def die_with_parent() -> None:
    """A worker ends when the build that forked it is killed (SIGKILL leaves no time to shut the pool down):
    without this it would wait for work forever, holding its memory. Linux's PR_SET_PDEATHSIG; elsewhere nothing."""
    import ctypes
    import os
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the line above ran
        os._exit(1)


def _one_by_one(
    batch: list[Article], context: BaseContext
) -> Iterator[tuple[Article, Facts | None, BaseException | None]]:
    """Each article of a batch whose worker died, in a process of its own."""
    for article in batch:
        with _pool(1, context) as pool:
            try:
                ((facts, err),) = pool.submit(_extract_batch, [article]).result()
                yield article, facts, err
            except BrokenProcessPool:
                yield article, None, WorkerDied(f"{article.source_path or article.id}: the extracting process died")
