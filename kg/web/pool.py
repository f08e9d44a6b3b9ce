"""Worker processes that run SPARQL operations, so a runaway query can be killed.

pyoxigraph has no timeout or cancel API, so each query runs in a worker process with its own store
handle; a worker that overruns the timeout is killed and replaced in the background while the other
workers keep answering. Read-only workers open a read-only snapshot of the embedded store and reopen
it when the store folder changes (a later `kg build`), so a running server sees new articles (Oxigraph
does not promise consistent reads *while* a writer is busy: answers during a build may mix old and new
graphs; after the build they are the new store's). With updates allowed there is exactly one worker
holding the store read-write, which serialises writes.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
from pathlib import Path

from ..errors import QueryTimeout, StoreError
from ..settings import Settings
from .engine import Answer, Operation, execute
from .isolation import cut_off_network

_CTX = mp.get_context("spawn")  # never fork a multi-threaded server process


def _store_stamp(path: str) -> int:
    """Changes whenever the on-disk store gains or loses files (RocksDB writes new files on flush/compaction)."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def _worker_main(conn, settings: Settings, read_only: bool) -> None:
    from ..store import open_store

    # A worker on the embedded store needs no network; one for a remote store or allowed SERVICE hosts does.
    if settings.is_remote or settings.service_allow:
        conn.send(("ready", "the workers need the network (a remote store or --service-allow)"))
    else:
        conn.send(("ready", cut_off_network()))
    store, stamp = None, None
    while True:
        try:
            op = conn.recv()
        except (EOFError, KeyboardInterrupt):
            break
        if op is None:
            break
        try:
            if not settings.is_remote and read_only and store is not None and _store_stamp(settings.store) != stamp:
                store.close()
                store = None
            if store is None:
                stamp = _store_stamp(settings.store)
                store = open_store(settings, read_only=read_only)
            answer = execute(store, op)
        except StoreError as err:
            answer = Answer.fail(503, str(err))
        except Exception as err:  # noqa: BLE001 - a worker reports, never dies on one bad operation
            answer = Answer.fail(500, f"internal error: {type(err).__name__}")
        conn.send(answer)
    if store is not None:
        store.close()


class Worker:
    def __init__(self, settings: Settings, read_only: bool):
        self.conn, child = _CTX.Pipe()
        self.process = _CTX.Process(target=_worker_main, args=(child, settings, read_only), daemon=True)
        self.process.start()
        child.close()
        self._reported = False
        self._isolation_failure: str | None = "the worker did not report whether it is cut off the network"

    def ready(self, timeout: float = 60) -> None:
        """Reads the worker's first message: whether it is cut off the network (None) or why not."""
        if not self._reported and self.conn.poll(timeout):
            _, self._isolation_failure = self.conn.recv()
            self._reported = True

    @property
    def isolation_failure(self) -> str | None:
        self.ready()
        return self._isolation_failure

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(3)
        if self.process.is_alive():
            self.kill()


class WorkerPool:
    """Hands each operation to an idle worker and waits at most `timeout` seconds for its answer."""

    def __init__(self, settings: Settings, size: int, read_only: bool = True):
        self.settings = settings
        self.read_only = read_only
        self.size = 1 if not read_only else max(1, size)
        self.timeout = settings.query_timeout
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.closed = False
        self.workers: set[Worker] = set()  # idle or busy, so close() can end them all
        for _ in range(self.size):
            self.idle.put(self._start())

    def _start(self) -> Worker:
        worker = Worker(self.settings, self.read_only)
        self.workers.add(worker)
        return worker

    @property
    def isolation_failure(self) -> str | None:
        """None when every worker runs without network; else why one does not."""
        return next((w.isolation_failure for w in list(self.workers) if w.isolation_failure), None)

    def run(self, op: Operation) -> Answer:
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout("all query workers are busy; try again shortly") from None
        try:
            worker.ready(self.timeout)
            worker.conn.send(op)
            if worker.conn.poll(self.timeout):
                answer = worker.conn.recv()
                self.idle.put(worker)
                return answer
        except (EOFError, OSError):
            pass  # the worker died (e.g. out of memory): replace it like a timed-out one
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
        raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was cancelled")

    def _replace(self, worker: Worker) -> None:
        worker.kill()
        self.workers.discard(worker)
        if not self.closed:
            self.idle.put(self._start())

    def close(self) -> None:
        """Stops idle workers politely and kills busy ones (a runaway query must not outlive the server)."""
        if self.closed:
            return
        self.closed = True
        idle = []
        while True:
            try:
                idle.append(self.idle.get_nowait())
            except queue.Empty:
                break
        for worker in idle:
            worker.stop()
        for worker in self.workers - set(idle):
            worker.kill()
        self.workers.clear()


def store_exists(settings: Settings) -> bool:
    return settings.is_remote or Path(settings.store).exists()
