"""Query workers run without network: even a SERVICE that got past the guard reaches no host."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from kg.settings import Settings
from kg.web.pool import WorkerPool
from tests.support.web import write_store

pytestmark = pytest.mark.slow


def _isolated_service(url: str) -> subprocess.CompletedProcess:
    """Cuts a fresh process off the network, then lets Oxigraph run a SERVICE to `url` (no guard at all)."""
    code = textwrap.dedent(f"""
        import pyoxigraph as ox
        from kg.web.isolation import cut_off_network
        why = cut_off_network()
        if why:
            print("NOT ISOLATED:", why); raise SystemExit(3)
        try:
            list(ox.Store().query("SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}"))
            print("ANSWERED")
        except OSError as err:
            print("FAILED:", err)
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_an_isolated_process_cannot_reach_the_listener(listener):
    before = len(listener.hits)
    done = _isolated_service(listener.url)
    if done.returncode == 3:
        pytest.skip(done.stdout.strip())
    time.sleep(0.3)
    assert "FAILED" in done.stdout, done.stdout + done.stderr
    assert listener.hits[before:] == []


def test_the_same_request_gets_out_without_isolation(listener):
    """The control: the same SERVICE from a process that keeps its network does reach the listener."""
    before = len(listener.hits)
    code = (
        "import pyoxigraph as ox\ntry:\n"
        f" list(ox.Store().query('SELECT * WHERE {{ SERVICE <{listener.url}/y> {{ ?s ?p ?o }} }}'))\n"
        "except OSError: pass"
    )
    subprocess.run([sys.executable, "-c", code], timeout=60, check=True)
    time.sleep(0.3)
    assert listener.hits[before:]


def test_the_servers_query_workers_are_isolated(tmp_path):
    probe = subprocess.run(
        [sys.executable, "-c", "from kg.web.isolation import cut_off_network as c; print(c() or '')"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if probe.stdout.strip():
        pytest.skip(f"this platform cannot isolate processes: {probe.stdout.strip()}")
    pool = WorkerPool(write_store(tmp_path / "store"), size=2)
    try:
        assert pool.isolation_failure is None
    finally:
        pool.close()


def test_workers_for_a_remote_store_keep_the_network_and_say_so():
    pool = WorkerPool(Settings(store="sparql+http://127.0.0.1:9/query"), size=1)
    try:
        assert "remote store" in (pool.isolation_failure or "")
    finally:
        pool.close()
