"""Worker processes that run SPARQL operations, so a runaway query can be killed.

pyoxigraph has no timeout or cancel API, so each query runs in a worker process with its own store
handle; a worker that overruns the timeout is killed and replaced in the background while the other
workers keep answering. Read-only workers open a read-only snapshot of the embedded store and reopen
it when the store folder changes (a later `kg build`), so a running server sees new articles (Oxigraph
does not promise consistent reads *while* a writer is busy: answers during a build may mix old and new
graphs; after the build they are the new store's). With updates allowed there is exactly one worker
holding the store read-write, which serialises writes.

Each worker's data memory is capped by the kernel (kg.web.limits): a query that asks for more makes the worker
abort, and the pool answers 503 "memory limit" (it reads the worker's last words on stderr to tell that from any
other crash, which is a 500 "crashed", and from a timeout, a 503 "cancelled"). A large result body is not copied
through the pipe: the worker hands over the descriptor of the anonymous file holding it (kg.web.spool).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import signal
import tempfile
import threading
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle, send_handle
from pathlib import Path

from ..errors import QueryError, QueryTimeout, StoreError
from ..settings import Settings
from .engine import Answer, Operation, execute
from .isolation import cut_off_network
from .limits import OUT_OF_MEMORY, cap_memory, format_size
from .spool import INLINE_BYTES

_CTX = mp.get_context("spawn")  # never fork a multi-threaded server process
log = logging.getLogger("kg.web.pool")


class MemoryLimit(QueryError):
    """The query needed more memory than a worker may take (--max-memory)."""

    status = 503


class WorkerCrashed(QueryError):
    """The worker died while running the query, for a reason other than memory."""

    status = 500


def _store_stamp(path: str) -> int:
    """Changes whenever the on-disk store gains or loses files (RocksDB writes new files on flush/compaction)."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def _worker_main(conn: Connection, settings: Settings, read_only: bool) -> None:
    from ..stores import open_store

    # Stderr goes to a file the pool reads if this process dies: that is where a refused allocation is reported.
    os.dup2(recv_handle(conn), 2)
    # A worker on the embedded store needs no network; one for a remote store or allowed SERVICE hosts does.
    isolation: str | None
    if settings.is_remote or settings.service_allow:
        isolation = "the workers need the network (a remote store or --service-allow)"
    else:
        isolation = cut_off_network()
    memory = cap_memory(settings.max_memory) if settings.max_memory else "no --max-memory was set"
    conn.send(("ready", isolation, memory))
    server = os.getppid()
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
            answer = execute(store, op, spill_above=INLINE_BYTES)
        except StoreError as err:
            answer = Answer.fail(503, str(err))
        except MemoryError:
            answer = Answer.fail(503, _memory_message(settings))
        except Exception as err:  # noqa: BLE001 - a worker reports, never dies on one bad operation
            answer = Answer.fail(500, f"internal error: {type(err).__name__}")
        conn.send(answer)
        if answer.file is not None:  # the body's file itself, not its bytes, goes to the server
            send_handle(conn, answer.file.fileno(), server)
            answer.file.close()
    if store is not None:
        store.close()


def _memory_message(settings: Settings) -> str:
    return (
        f"memory limit: the query needed more than the {format_size(settings.max_memory)} a query may use on "
        "this server (--max-memory) and was stopped; narrow it or add a LIMIT"
    )


def _signal_name(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


class Worker:
    def __init__(self, settings: Settings, read_only: bool):
        self.settings = settings
        self.conn, child = _CTX.Pipe()
        self.stderr = tempfile.TemporaryFile(prefix="kg-worker-")  # unlinked: gone with its last descriptor
        self.process = _CTX.Process(target=_worker_main, args=(child, settings, read_only), daemon=True)
        self.process.start()
        child.close()
        send_handle(self.conn, self.stderr.fileno(), self.process.pid)
        self._reported = False
        self._isolation_failure: str | None = "the worker did not report whether it is cut off the network"
        self._memory_failure: str | None = "the worker did not report whether its memory is capped"

    def ready(self, timeout: float = 60) -> None:
        """Reads the worker's first message: whether it is cut off the network and its memory capped (None), or why
        not."""
        if not self._reported and self.conn.poll(timeout):
            _, self._isolation_failure, self._memory_failure = self.conn.recv()
            self._reported = True

    @property
    def isolation_failure(self) -> str | None:
        self.ready()
        return self._isolation_failure

    @property
    def memory_failure(self) -> str | None:
        self.ready()
        return self._memory_failure

    def receive(self) -> Answer:
        answer: Answer = self.conn.recv()
        if answer.spilled:
            answer.file = os.fdopen(recv_handle(self.conn), "rb")
            answer.file.seek(0)
        return answer

    def cause_of_death(self) -> QueryError:
        """Why the worker ended while running a query: its memory refused, or another crash."""
        self.process.join(5)
        code = self.process.exitcode
        tail = os.pread(self.stderr.fileno(), 4096, max(0, os.fstat(self.stderr.fileno()).st_size - 4096))
        said = tail.decode("utf-8", errors="replace")
        if said.strip():
            log.warning(
                "query worker %s ended (%s); its last words:\n%s",
                self.process.pid,
                _signal_name(code),
                said.strip()[-2000:],
            )
        if OUT_OF_MEMORY.search(said):
            return MemoryLimit(_memory_message(self.settings))
        if code == -signal.SIGKILL:
            return MemoryLimit(
                "the query worker was killed (SIGKILL), most likely by the system's out-of-memory "
                "killer; the query was not completed"
            )
        return WorkerCrashed(
            f"the query worker crashed ({_signal_name(code)}) while running this query; the query was not completed"
        )

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(3)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.close()

    def close(self) -> None:
        self.conn.close()
        self.stderr.close()


class WorkerPool:
    """Hands each operation to an idle worker and waits at most `timeout` seconds for its answer."""

    def __init__(self, settings: Settings, size: int, read_only: bool = True):
        self.settings = settings
        self.read_only = read_only
        self.size = 1 if not read_only else max(1, size)
        self.timeout = settings.query_timeout
        # Last in, first out: the worker that answered last has the warmest store cache (each has its own).
        self.idle: queue.LifoQueue[Worker] = queue.LifoQueue()
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

    @property
    def memory_failure(self) -> str | None:
        """None when every worker's memory is capped by the OS; else why one's is not."""
        return next((w.memory_failure for w in list(self.workers) if w.memory_failure), None)

    def run(self, op: Operation) -> Answer:
        worker = self._take()
        try:
            worker.conn.send(op)
            if not worker.conn.poll(self.timeout):
                self._replace(worker)
                raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was cancelled")
            answer = worker.receive()
        except (EOFError, OSError):
            failure = worker.cause_of_death()
            self._replace(worker)
            raise failure from None
        self.idle.put(worker)
        return answer

    def _take(self) -> Worker:
        """An idle worker that is alive (one that died idle, e.g. killed from outside, is replaced first)."""
        while True:
            try:
                worker = self.idle.get(timeout=self.timeout)
            except queue.Empty:
                raise QueryTimeout("all query workers are busy; try again shortly") from None
            worker.ready(self.timeout)
            if worker.process.is_alive():
                return worker
            self._replace(worker)

    def _replace(self, worker: Worker) -> None:
        """Ends the worker and starts its successor, in the background: the request is answered at once."""
        self.workers.discard(worker)
        threading.Thread(target=self._succeed, args=(worker,), daemon=True).start()

    def _succeed(self, worker: Worker) -> None:
        worker.kill()
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
