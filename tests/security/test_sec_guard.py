"""The SERVICE / LOAD guard against the probes that got through the old hand tokeniser, on a real store.

Each probe is first run as it is through pyoxigraph, to show that it really makes the engine send a request; then
through the endpoint's query path (kg.web.engine.execute), where the listener must see nothing.
"""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from kg.settings import Settings
from kg.sparql.guard import MAX_DEPTH, Malformed, Refused, add_using, canonical, check
from kg.stores import open_store
from kg.web.engine import Operation, execute


def probes(url: str) -> list[tuple[str, str]]:
    """(kind, text) of operations that make Oxigraph contact `url` when run as they are."""
    return [
        ("query", f"SELECT * WHERE {{ # hidden\rSERVICE <{url}/cr> {{ ?s ?p ?o }} }}"),
        ("query", f"SELECT * WHERE {{ # hidden\r\nSERVICE <{url}/crlf> {{ ?s ?p ?o }} }}"),
        (
            "query",
            f"SELECT * WHERE {{ BIND(<urn:\\u0061'> AS ?a) SERVICE <{url}/escape> {{?s ?p ?o}} FILTER(?a != 'z') }}",
        ),
        ("query", f"PREFIX : <{url}/> SELECT * WHERE {{ SERVICE:glued {{ ?s ?p ?o }} }}"),
        ("query", f"SELECT * WHERE {{ SERVICESILENT<{url}/silent>{{ ?s ?p ?o }} }}"),
        ("query", f"SELECT * WHERE {{ {{}}SERVICE<{url}/brace>{{}} }}"),
        ("query", f"SELECT * WHERE {{ sErViCe <{url}/case> {{ ?s ?p ?o }} }}"),
        ("query", f"BASE <{url}/> SELECT * WHERE {{ SERVICE <relative> {{ ?s ?p ?o }} }}"),
        ("update", f"#\rLOAD <{url}/load>"),
        ("update", f"LOAD<{url}/glued-load>"),
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(Settings(store=str(tmp_path_factory.mktemp("guard") / "store")))
    s.ox.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"), ox.NamedNode("urn:g")))
    yield s
    s.close()


def _settle(listener, before: int) -> list[bytes]:
    time.sleep(0.3)
    return listener.hits[before:]


def test_each_probe_reaches_the_listener_when_run_as_it_is(listener):
    """The probes are real: Oxigraph itself sends each one's request (so the test below can fail)."""
    raw = ox.Store()
    for kind, text in probes(listener.url):
        before = len(listener.hits)
        try:
            (raw.update if kind == "update" else raw.query)(text)
        except (OSError, RuntimeError, ValueError):
            pass  # the listener answers nothing useful; what counts is that a request went out
        assert _settle(listener, before), f"the engine did not contact the listener for: {text!r}"


def test_no_probe_reaches_the_listener_through_the_endpoint_path(store, listener):
    before = len(listener.hits)
    for kind, text in probes(listener.url):
        answer = execute(store, Operation(text=text, kind=kind))
        assert answer.status in (400, 403), (text, answer.status, answer.error)
    assert _settle(listener, before) == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("SELECT * WHERE { # note\r?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }"),
        (
            "PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:p ?o }",
            "SELECT * WHERE { ?s <http://example.org/p> ?o }",
        ),
        ("SELECT * WHERE { ?s ?p '''two\nlines''' }", 'SELECT * WHERE { ?s ?p "two\\nlines" }'),
        ("SELECT * WHERE { ?s ?p 'it\\'s' }", 'SELECT * WHERE { ?s ?p "it\'s" }'),
        ("SELECT * WHERE { BIND(<urn:a'b> AS ?x) }", "SELECT * WHERE { BIND(<urn:a\\u0027b> AS ?x) }"),
        ("SELECT (CONCAT(?a,?b) AS ?c) WHERE {}", "SELECT (CONCAT(?a,?b) AS ?c) WHERE {}"),
    ],
)
def test_canonical_text_has_no_comment_no_prefix_and_one_way_to_read_each_token(text, expected):
    assert canonical(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICESILENT <http://evil.example/> {} }",  # no keyword: the engine reads SERVICE SILENT
        "SELECT * WHERE { ?s ex:p ?o }",  # an undeclared prefix
        "SELECT * WHERE { ?s ?p 'unterminated }",
        "SELECT * WHERE { ?s ?p ?o } \x00",
        "SELECT * WHERE { BIND('\\uD800' AS ?x) }",  # an escape that names no character
    ],
)
def test_text_the_guard_cannot_read_is_malformed_not_passed_on(text):
    with pytest.raises(Malformed):
        canonical(text)


def test_deep_nesting_is_refused_before_the_engine():
    with pytest.raises(Malformed, match="nests deeper"):
        canonical("SELECT * WHERE " + "{" * 10_000 + "}" * 10_000)
    canonical("SELECT * WHERE " + "{" * (MAX_DEPTH - 1) + "}" * (MAX_DEPTH - 1))


def test_a_deep_query_answers_400_and_does_not_crash_the_worker(store):
    answer = execute(store, Operation(text="ASK " + "{" * 10_000 + "}" * 10_000))
    assert answer.status == 400 and "nests deeper" in answer.error
    assert execute(store, Operation(text="ASK {}")).status == 200


def test_engine_errors_point_into_the_text_the_user_wrote(store):
    # The endpoint adds a BASE and drops comments and PREFIXes; the position must still be the user's.
    text = "PREFIX ex: <http://example.org/>\n# a comment\nSELECT * WHERE { ?s ex:p ?o . FILTER(?o > ) }"
    answer = execute(store, Operation(text=text, base="http://localhost:8000/sparql"))
    assert answer.status == 400
    assert "error at 3:" in answer.error, answer.error


def test_service_to_an_allowed_host_runs_resolved_as_checked():
    checked = check(
        "BASE <http://wikidata.example/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }", ("wikidata.example",), None
    )
    assert "SERVICE <http://wikidata.example/sparql>" in checked.text
    with pytest.raises(Refused):
        check(
            "BASE <http://wikidata.example/> SELECT * WHERE { SERVICE <//other.example/x> { ?s ?p ?o } }",
            ("wikidata.example",),
            None,
        )


def test_using_graph_uri_is_an_iri_never_pasted_text():
    update = canonical("INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    with pytest.raises(Malformed):
        add_using(update, ["http://g/> } ; DROP ALL ; INSERT DATA { <urn:a> <urn:b> <urn:c"], [])
    assert "USING <http://g/1> WHERE" in add_using(update, ["http://g/1"], [])
