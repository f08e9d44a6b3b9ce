"""Slow clients against a real `kg serve`: 120 connections that dribble a request byte by byte must not stop a fresh
query from being answered, and a request that takes longer than --request-timeout to arrive is cut off.

The control runs the same flood against waitress with its default settings (about 110 such connections stopped all
service in the review). How fast the fresh query answers under the flood is measured in benchmarks/endpoint.py
(--slow-clients); here the assertions are about answering at all.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from tests.support.served import store_fixture
from tests.support.web import free_port, kg_serve

pytestmark = pytest.mark.slow
ASK = "/sparql?query=ASK%7B%7D"


@contextmanager
def slow_clients(port: int, count: int = 120):
    """`count` connections, each sending the start of a request and then one more header byte every second."""
    socks = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET " + ASK.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        socks.append(s)
    stop = threading.Event()

    def dribble():
        while not stop.wait(1.0):
            for s in socks:
                try:
                    s.sendall(b"a")
                except OSError:
                    pass

    thread = threading.Thread(target=dribble, daemon=True)
    thread.start()
    try:
        yield socks
    finally:
        stop.set()
        thread.join()
        for s in socks:
            s.close()


def answers(url: str, timeout: float) -> bool:
    try:
        with urllib.request.urlopen(url + ASK, timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError):
        return False


store = store_fixture("slow")


def test_a_fresh_query_is_answered_while_120_slow_clients_hold_connections(store):
    with kg_serve(store) as url:
        with slow_clients(int(url.rsplit(":", 1)[1])):
            time.sleep(1.5)  # the flood is in place
            assert answers(url, timeout=10)


@contextmanager
def plain_waitress(store):
    """The same application under waitress.serve with waitress's default connection settings (the control)."""
    port = free_port()
    code = textwrap.dedent(f"""
        import waitress
        from kg.settings import Settings
        from kg.web import create_app
        if __name__ == "__main__":
            waitress.serve(create_app(Settings(store={str(store)!r}), workers=1), host="127.0.0.1", port={port})
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while not answers(url, timeout=2):
            assert time.time() < deadline and proc.poll() is None, "waitress did not start"
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(15)


def test_the_control_waitress_defaults_stop_answering_under_the_same_flood(store):
    with plain_waitress(store) as url:
        with slow_clients(int(url.rsplit(":", 1)[1])):
            time.sleep(1.5)
            assert not answers(url, timeout=5)


def test_a_request_that_does_not_arrive_in_time_is_cut_off(store):
    with kg_serve(store, "--request-timeout", "3") as url:
        with slow_clients(int(url.rsplit(":", 1)[1]), count=1) as (sock,):
            sock.settimeout(20)
            try:
                closed = sock.recv(1000) == b""
            except ConnectionResetError:
                closed = True
            assert closed  # by the server, while the client kept sending (no close within 20 s: a timeout error)
        assert answers(url, timeout=10)
