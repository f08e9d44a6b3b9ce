"""`kg link fetch` against a real SPARQL server: `oxigraph serve` holding a Wikidata-shaped sample (TEST DATA,
invented ids; see tests/fixtures/wikidata/sample.ttl), reached directly or through a real local HTTP proxy
that answers 429 / 503 or slows down. Paging, retry, resume after an error and after a kill."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.link import load_kb
from kg.link.fetch import Fetcher, work_dir_for
from kg.link.sparql_client import SparqlClient, SparqlError
from kg.link.wikidata_slice import default_tasks
from tests.support.servers import oxigraph_binary
from tests.support.wikidata_sample import Proxy, start_sample_server

pytestmark = [
    pytest.mark.slow,  # `oxigraph serve` holds the sample
    pytest.mark.skipif(oxigraph_binary() is None, reason="the oxigraph server is not installed"),
]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    server = start_sample_server(tmp_path_factory.mktemp("wikidata") / "store")
    yield server.url + "query"
    server.stop()


def _fetch(url, overlay, page_size=500, since=1990, **client_options):
    client = SparqlClient(url, timeout=10, backoff=0.05, **client_options)
    result = Fetcher(
        client, overlay, default_tasks(), since=since, page_size=page_size, kb=load_kb(overlay=overlay)
    ).run()
    return result, client


def _entities(overlay) -> set[tuple]:
    con = sqlite3.connect(overlay)
    try:
        rows = con.execute("SELECT qid, label, type, subtype, key, country, position FROM entities").fetchall()
        posts = con.execute("SELECT person, post, start, end, of FROM posts").fetchall()
    finally:
        con.close()
    return set(rows) | {("post",) + p for p in posts}


def test_fetch_builds_an_overlay_that_links_the_slice(endpoint, tmp_path):
    overlay = tmp_path / "overlay.sqlite"
    result, _ = _fetch(endpoint, overlay)
    assert result.items["sovereign states"] == 3 and result.items["office holders"] == 9
    kb = load_kb(overlay=overlay)
    # Organisations by label and by alias, with the class the slice asked for.
    assert kb.lookup("BRICS", "Organization").qid == "Q9900000201"
    quad = kb.lookup("Quad", "Organization")
    assert (quad.qid, quad.subtype) == ("Q9900000202", "IntergovernmentalOrganization")
    assert kb.lookup("Rapid Support Forces", "Organization").qid == "Q9900000204"
    assert kb.lookup("Testlabour Party", "Organization").subtype == "PoliticalParty"
    # People who held a post since 1990, as officials with their latest post's country.
    wong = kb.lookup("Penny Wong", "Person")
    assert (wong.qid, wong.type, wong.country) == ("Q9900000404", "Official", "Q408")
    assert kb.lookup("Tony Blair", "Official").qid == "Q9900000401"
    assert kb.lookup("Wong", "Person") is None  # still never by one word
    # Out of the slice: a post that ended in 1965, a person with no post, a town below the population bar.
    for name in ("Ernest Oldtimer", "Pat Private"):
        assert kb.candidates(name, "Person") == []
    assert kb.lookup("Smallville", "Place") is None and kb.lookup("Bigtown", "Place").subtype == "City"
    # A shipped country keeps its shipped node.
    assert kb.lookup("India", "Country").key == "country/india"
    # Dated posts, with the body they belong to; a deprecated statement is no post.
    marles = [(p.title, p.of, p.start, p.end) for p in kb.posts("Q9900000405")]
    assert marles == [
        ("Deputy Prime Minister of Australia", "Q408", "2022-05-23", None),
        ("Minister for Defence of Australia", "Q408", "2022-06-01", None),
    ]
    assert [p.post for p in kb.posts("Q9900000502")] == ["Q9900000306"]
    assert kb.posts("Q9900000402")[0].of == "Q1065"  # "of" from the statement's pq:P642
    assert kb.description("Q9900000201") == "test intergovernmental grouping (invented id)"
    assert not work_dir_for(overlay).exists()  # the spool is gone once the overlay is written


def test_pages_of_two_items_give_the_same_overlay_as_one_page(endpoint, tmp_path):
    whole, one = _fetch(endpoint, tmp_path / "a.sqlite", page_size=500)
    paged, many = _fetch(endpoint, tmp_path / "b.sqlite", page_size=2)
    assert _entities(tmp_path / "a.sqlite") == _entities(tmp_path / "b.sqlite")
    # 9 office holders in pages of 2 is 5 listings (the last one short), each with its detail and post queries.
    assert many.requests > one.requests + 10
    assert whole.items == paged.items


def test_since_moves_the_people_slice(endpoint, tmp_path):
    _fetch(endpoint, tmp_path / "old.sqlite", since=1960)
    assert load_kb(overlay=tmp_path / "old.sqlite").lookup("Ernest Oldtimer", "Person").qid == "Q9900000701"
    result, _ = _fetch(endpoint, tmp_path / "new.sqlite", since=2010)
    kb = load_kb(overlay=tmp_path / "new.sqlite")
    assert kb.lookup("Tony Blair", "Person") is None  # his post ended in 2007
    assert [c.qid for c in kb.candidates("Alex Namesake", "Person")] == ["Q9900000502"]
    assert result.items["office holders"] == 7


def test_a_429_is_retried_after_retry_after_with_a_polite_user_agent(endpoint, tmp_path):
    with Proxy(endpoint) as proxy:
        proxy.failures = [429, 429]
        started = time.monotonic()
        result, client = _fetch(proxy.url, tmp_path / "overlay.sqlite")
        assert time.monotonic() - started >= 2.0  # Retry-After: 1, twice
    statuses = [status for status, _ in proxy.seen]
    assert statuses[:3] == [429, 429, 200] and set(statuses[3:]) == {200}
    assert client.retried == 2 and client.requests == len(proxy.seen)
    assert all(agent.startswith("newskg/") and "https://" in agent for _, agent in proxy.seen)
    assert load_kb(overlay=tmp_path / "overlay.sqlite").lookup("BRICS", "Organization").qid == "Q9900000201"
    assert result.items["office holders"] == 9


def test_a_server_that_keeps_failing_stops_the_fetch_and_a_rerun_resumes(endpoint, tmp_path):
    overlay = tmp_path / "overlay.sqlite"
    with Proxy(endpoint) as proxy:
        _fetch(proxy.url, tmp_path / "fresh.sqlite", page_size=2)
        fresh = len(proxy.seen)
        proxy.seen.clear()
        proxy.fail_after, proxy.failures = 12, [503] * 4  # past the client's 3 retries
        with pytest.raises(SparqlError, match="503"):
            _fetch(proxy.url, overlay, page_size=2, retries=3)
        state = json.loads((work_dir_for(overlay) / "state.json").read_text())
        assert any(t["done"] for t in state["tasks"].values()) and not overlay.exists()
        first = len([s for s, _ in proxy.seen if s == 200])
        proxy.seen.clear()
        result, _ = _fetch(proxy.url, overlay, page_size=2)
    assert result.resumed
    assert len(proxy.seen) <= fresh - first + 3  # the pages already on disk were not asked for again
    assert _entities(overlay) == _entities(tmp_path / "fresh.sqlite")


def test_kg_link_fetch_resumes_after_a_kill(endpoint, tmp_path):
    overlay = tmp_path / "overlay.sqlite"
    kg = str(Path(sys.executable).with_name("kg"))
    env = dict(os.environ, KG_CACHE_DIR=os.environ.get("KG_CACHE_DIR", str(tmp_path / "cache")))
    with Proxy(endpoint) as proxy:
        command = [kg, "link", "fetch", "--endpoint", proxy.url, "--page-size", "1", "--overlay", str(overlay)]
        subprocess.run(
            command + ["--overlay", str(tmp_path / "fresh.sqlite")], check=True, env=env, capture_output=True
        )
        fresh = len(proxy.seen)
        proxy.seen.clear()
        proxy.delay = 0.1
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        state_file = work_dir_for(overlay) / "state.json"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if state_file.exists() and _items_done(state_file) >= 8:
                break
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert not overlay.exists() and _items_done(state_file) >= 8
        before = len(proxy.seen)
        proxy.seen.clear()
        proxy.delay = 0.0
        out = subprocess.run(command, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "resumed" in out.stdout
    assert len(proxy.seen) < fresh and len(proxy.seen) + before >= fresh
    assert _entities(overlay) == _entities(tmp_path / "fresh.sqlite")
    con = sqlite3.connect(overlay)
    assert con.execute("SELECT count(*) - count(DISTINCT qid) FROM entities").fetchone()[0] == 0
    con.close()


def _items_done(state_file: Path) -> int:
    try:
        return sum(t["items"] for t in json.loads(state_file.read_text())["tasks"].values())
    except (OSError, ValueError):
        return 0


def test_an_endpoint_that_is_not_sparql_is_a_clear_error(tmp_path):
    with pytest.raises(SparqlError):
        SparqlClient("http://127.0.0.1:9/sparql", timeout=1, retries=0).select("ASK {}")
