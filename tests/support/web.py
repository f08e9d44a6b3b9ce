"""Helpers for the web tests: a hand-made graph in a real store, `kg serve` on a free port, one HTTP request
whose errors are answers, and a summary plugin for the conformance counts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from kg.model import Article, Entity, Event, Evidence, Facts, Membership, Position
from kg.rdf import facts_to_dataset
from kg.settings import Settings

from .servers import free_port

REPO = Path(__file__).resolve().parents[2]
KG = [str(Path(sys.executable).parent / "kg")]  # the installed console script

BODY = (
    "Ruritania and Freedonia agreed to a ceasefire in Zenda on Monday. "
    "Ruritanian foreign minister Anna Berg said the talks would continue. "
    "Freedonia joined the Northern Alliance last year."
)


def sample_facts() -> list[Facts]:
    """One article about invented countries, with a post, a membership and two events."""
    art = Article(
        id="a1", title="Ceasefire agreed in Zenda", body=BODY, published="2025-10-27", url="https://news.example/zenda"
    )
    s1 = Evidence(BODY[:65], 0, 65)
    s2_begin = BODY.index("Ruritanian foreign")
    s2 = Evidence(BODY[s2_begin : BODY.index(".", s2_begin) + 1], s2_begin, BODY.index(".", s2_begin) + 1)
    s3_begin = BODY.index("Freedonia joined")
    s3 = Evidence(BODY[s3_begin:], s3_begin, len(BODY))
    facts = Facts(article=art)
    for ent in (
        Entity("country/ruritania", "Country", "Ruritania", {"Ruritanian"}),
        Entity("country/freedonia", "Country", "Freedonia"),
        Entity("place/zenda", "Place", "Zenda", subtype="City"),
        Entity("person/anna-berg", "Official", "Anna Berg"),
        Entity("org/northern-alliance", "Organization", "Northern Alliance"),
    ):
        facts.entities[ent.key] = ent
    facts.positions.append(Position("person/anna-berg", "foreign minister", "country/ruritania", s2))
    facts.memberships.append(Membership("country/freedonia", "org/northern-alliance", s3))
    facts.events.append(
        Event(
            "Agreement",
            [s1],
            fine_type="Ceasefire",
            roles={"signatory": ["country/ruritania", "country/freedonia"]},
            location="place/zenda",
            date="2025-10-27",
            cameo="0871",
        )
    )
    facts.events.append(Event("Statement", [s2], roles={"speaker": ["person/anna-berg"]}, date="2025-10-27"))
    return [facts]


def write_store(path: Path, base: str | None = None, extra_quads: list | None = None) -> Settings:
    """A real on-disk Oxigraph store holding the sample graph (one named graph per article)."""
    ds = facts_to_dataset(sample_facts(), **({"base": base} if base else {}))
    store = ox.Store(str(path))
    store.load(ds.serialize(format="nquads").encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    if extra_quads:
        store.extend(extra_quads)
    store.flush()
    del store
    return Settings(store=str(path), **({"base_iri": base} if base else {}))


def filler_quads(count: int = 3000) -> list[ox.Quad]:
    """`count` triples <s{i}> <p> i in their own graph: with them a cross product of three patterns runs long."""
    return [
        ox.Quad(
            ox.NamedNode(f"http://example.org/s{i}"),
            ox.NamedNode("http://example.org/p"),
            ox.Literal(i),
            ox.NamedNode("http://example.org/big"),
        )
        for i in range(count)
    ]


@contextmanager
def kg_serve(store: Path, *args: str, env: dict | None = None, port: int | None = None):
    """Runs the real `kg serve` (waitress) in a subprocess and yields its base URL once it answers."""
    with kg_serve_process(store, *args, env=env, port=port) as (url, _proc):
        yield url


@contextmanager
def kg_serve_process(store: Path, *args: str, env: dict | None = None, port: int | None = None):
    """kg_serve, yielding (base URL, the server's Popen) for tests that look at its processes or its output."""
    port = port or free_port()
    if "--workers" not in args:
        args = ("--workers", "2", *args)  # fewer processes than the default: tests start many servers
    cmd = KG + ["serve", "--store", str(store), "--port", str(port), *args]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}, cwd=str(REPO)
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"kg serve exited: {proc.stdout.read().decode(errors='replace')}")
            try:
                urllib.request.urlopen(url + "/sparql?query=ASK%7B%7D", timeout=10).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def http(method, url, body=None, headers=None):
    """(status, headers, body bytes) of one request; HTTP errors are returned, not raised."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def http_text(method, url, body=None, headers=None):
    """http, with the body decoded as UTF-8 (the security probes compare text)."""
    status, got, raw = http(method, url, body, headers)
    return status, got, raw.decode()


class _SummaryLines:
    """A tiny pytest plugin that prints lines in the terminal summary (visible without -s)."""

    def __init__(self):
        self.lines: list[str] = []

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.section("newskg web conformance")
        for line in self.lines:
            terminalreporter.write_line(line)


def report_summary(config, lines: list[str]) -> None:
    plugin = config.pluginmanager.get_plugin("newskg-summary")
    if plugin is None:
        plugin = _SummaryLines()
        config.pluginmanager.register(plugin, "newskg-summary")
    plugin.lines.extend(lines)
