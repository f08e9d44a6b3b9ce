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

    def start(self, wait: float = 20.0) -> "OxigraphServer":
        binary = oxigraph_binary()
        if binary is None:
            raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
        self.location.mkdir(parents=True, exist_ok=True)
        # A file, not a pipe: nobody reads a pipe during the tests, and a full one would block the server.
        self.log = open(self.location.parent / f"oxigraph-{self.port}.log", "wb")
        self.proc = subprocess.Popen(
            [binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=self.log, stderr=subprocess.STDOUT)
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
