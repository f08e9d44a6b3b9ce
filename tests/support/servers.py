"""Starting real servers for tests: the Oxigraph SPARQL server from the `oxigraph` PyPI package.

Usage (a fixture in tests/conftest.py does this for you: `oxigraph_server`):

    with OxigraphServer(tmp_path / "data") as server:
        settings = Settings(store=server.store_url)   # sparql+http://127.0.0.1:PORT/
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The `oxigraph` command next to this Python (the venv), or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


class OxigraphServer:
    """`oxigraph serve --location DIR --bind 127.0.0.1:PORT`, started and stopped around a block."""

    def __init__(self, location: Path, port: int | None = None):
        self.location = Path(location)
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def store_url(self) -> str:
        return f"sparql+http://127.0.0.1:{self.port}/"

    def start(self, wait: float = 20.0) -> OxigraphServer:
        binary = oxigraph_binary()
        if binary is None:
            raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
        self.location.mkdir(parents=True, exist_ok=True)
        # A file, not a pipe: nobody reads a pipe during the tests, and a full one would block the server.
        self.log = open(self.location.parent / f"oxigraph-{self.port}.log", "wb")
        self.proc = subprocess.Popen(
            [binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = Path(self.log.name).read_text(errors="replace")[-500:]
                self.stop()
                raise RuntimeError(f"oxigraph serve exited: {log}")
            try:
                urllib.request.urlopen(self.url + "query?query=ASK%7B%7D", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on port {self.port} within {wait}s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "log", None):
            self.log.close()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def dask_binary() -> str | None:
    """The `dask` command (from dask[distributed]) next to this Python (the venv), or on PATH."""
    beside = Path(sys.executable).with_name("dask")
    return str(beside) if beside.exists() else shutil.which("dask")


def kill_group(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Stops a process started with start_new_session=True and everything it started (a dask worker's nanny spawns
    the worker process): SIGTERM to the group, SIGKILL to whatever is left after `grace` seconds."""
    import os
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    try:  # the leader may be gone while a child it spawned still runs: the group is still there
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


class DaskCluster:
    """`dask scheduler` on a free 127.0.0.1 port and `dask worker` processes (one process, one thread each), each in
    a process group of its own, started and stopped around a block. `client` is a distributed.Client the test uses
    to watch the scheduler (which workers hold which tasks); builds reach the cluster by `address`."""

    def __init__(self, folder: Path, cwd: Path, port: int | None = None):
        self.folder, self.cwd = Path(folder), Path(cwd)
        self.port = port or free_port()
        self.scheduler: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []
        self.client = None
        self._logs: list = []

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = open(self.folder / f"{name}.log", "wb")  # a file, not a pipe nobody reads (a full one blocks)
        self._logs.append(log)
        return subprocess.Popen(args, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def log(self, proc: subprocess.Popen) -> str:
        name = "scheduler" if proc is self.scheduler else f"worker{self.workers.index(proc)}"
        return (self.folder / f"{name}.log").read_text(errors="replace")[-2000:]

    def start(self, wait: float = 60.0) -> DaskCluster:
        binary = dask_binary()
        if binary is None:
            raise RuntimeError("the dask command is not installed (pip install 'dask[distributed]')")
        self.scheduler = self._start(
            "scheduler", [binary, "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"]
        )
        deadline = time.monotonic() + wait
        while True:
            if self.scheduler.poll() is not None:
                log = self.log(self.scheduler)
                self.stop()
                raise RuntimeError(f"dask scheduler exited: {log}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"dask scheduler did not listen on port {self.port} within {wait}s") from None
                time.sleep(0.2)
        from distributed import Client

        self.client = Client(self.address, timeout=wait)
        return self

    def alive_workers(self) -> list[subprocess.Popen]:
        return [w for w in self.workers if w.poll() is None]

    def ensure_workers(self, n: int, wait: float = 60.0) -> None:
        """Starts workers until n of ours run, and waits until the scheduler counts exactly n."""
        binary = dask_binary()
        while len(self.alive_workers()) < n:
            self.workers.append(
                self._start(
                    f"worker{len(self.workers)}",
                    [
                        binary,
                        "worker",
                        self.address,
                        "--nthreads",
                        "1",
                        "--nworkers",
                        "1",
                        "--host",
                        "127.0.0.1",
                        "--no-dashboard",
                        "--local-directory",
                        str(self.folder / "workers"),
                        "--death-timeout",
                        "30",
                    ],
                )
            )  # a worker whose scheduler is gone ends by itself
        deadline = time.monotonic() + wait
        while len(self.client.scheduler_info(n_workers=-1)["workers"]) != n:
            for w in self.workers:
                if w.poll() is not None and w.returncode not in (0, -9, -15):
                    raise RuntimeError(f"dask worker exited: {self.log(w)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the scheduler does not count {n} workers within {wait}s")
            time.sleep(0.2)

    def worker_processes(self) -> dict[str, subprocess.Popen]:
        """Worker address -> our `dask worker` process (the nanny, leader of the process group the worker runs in)."""
        import os

        groups = self.client.run(os.getpgrp)
        return {address: next(w for w in self.workers if w.pid == group) for address, group in groups.items()}

    def stop(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        for proc in self.workers + ([self.scheduler] if self.scheduler else []):
            kill_group(proc)
        for log in self._logs:
            log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
