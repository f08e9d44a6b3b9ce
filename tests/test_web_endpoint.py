"""The SPARQL endpoint over a real socket: `kg serve` (waitress) over a real on-disk store, real HTTP clients."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from tests.support.served import server_fixture, store_fixture
from tests.support.web import filler_quads, http, kg_serve, write_store

pytestmark = pytest.mark.slow

KG = "https://w3id.org/newskg/ontology#"
ID = "https://w3id.org/newskg/id/"
PREFIX = f"PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


store_dir = store_fixture("endpoint")
server = server_fixture("--max-rows", "50", store="store_dir")


def get_query(server, query, **params):
    params = {"query": query, **params}
    headers = params.pop("headers", None)
    return http("GET", f"{server}/sparql?{urllib.parse.urlencode(params)}", headers=headers)


def test_sparqlwrapper_select_reads_labels(server):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(PREFIX + "SELECT ?label WHERE { ?c a kg:Country ; rdfs:label ?label } ORDER BY ?label")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == ["Freedonia", "Ruritania"]


def test_sparqlwrapper_ask_and_construct(server):
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(PREFIX + f"ASK {{ <{ID}country/freedonia> kg:memberOf <{ID}org/northern-alliance> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery(
        PREFIX + "CONSTRUCT { ?o kg:official ?p } WHERE { ?p kg:holdsPosition ?pos . ?pos kg:positionIn ?o }"
    )
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert set(graph) == {(URIRef(f"{ID}country/ruritania"), URIRef(f"{KG}official"), URIRef(f"{ID}person/anna-berg"))}


def test_rdflib_sparqlstore_client(server):
    from rdflib import Dataset
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    # A union Dataset (not a Graph with its own identifier) so no default-graph-uri is sent.
    dataset = Dataset(store=SPARQLStore(f"{server}/sparql"), default_union=True)
    rows = list(dataset.query(PREFIX + "SELECT ?e WHERE { { ?e a kg:Agreement } UNION { ?e a kg:Statement } }"))
    assert len(rows) == 2
    assert (URIRef(f"{ID}country/ruritania"), URIRef(f"{KG}memberOf"), None) not in dataset
    assert (URIRef(f"{ID}country/freedonia"), URIRef(f"{KG}memberOf"), None) in dataset


def test_accept_q_values_choose_the_format(server):
    q = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l LIMIT 1"
    status, headers, body = get_query(
        server, q, headers={"Accept": "application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1"}
    )
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.decode().splitlines() == ["l", "Anna Berg"]
    status, headers, body = get_query(server, q, format="tsv")
    assert headers["Content-Type"].startswith("text/tab-separated-values")
    assert body.decode().splitlines() == ["?l", '"Anna Berg"']
    status, headers, body = get_query(server, q, headers={"Accept": "application/sparql-results+xml"})
    assert b"<literal>Anna Berg</literal>" in body


@pytest.mark.parametrize(
    "accept,rdflib_format",
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-quads", "nquads"),
        ("application/trig", "trig"),
    ],
)
def test_construct_in_every_rdf_format(server, accept, rdflib_format):
    q = PREFIX + "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a kg:Country ; rdfs:label ?l }"
    status, headers, body = get_query(server, q, headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept)
    from rdflib import Dataset

    g = Dataset() if rdflib_format in ("nquads", "trig") else Graph()
    g.parse(data=body, format=rdflib_format)
    labels = sorted(str(o) for _, _, o, *_ in (g.quads() if isinstance(g, Dataset) else g))
    assert labels == ["Freedonia", "Ruritania"]


def test_unacceptable_type_is_406(server):
    status, _, body = get_query(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", headers={"Accept": "image/png"})
    assert status == 406
    assert "JSON" in json.loads(body)["error"]["message"]


def test_malformed_query_is_400_with_the_parser_message(server):
    status, headers, body = get_query(server, "SELECT * WHERE { ?s ?p ")
    error = json.loads(body)["error"]
    assert status == 400 and headers["Content-Type"] == "application/json"
    assert error["status"] == 400 and "expected" in error["message"]
    assert "Traceback" not in body.decode()


def test_post_form_and_direct_and_wrong_type(server):
    ask = "ASK { ?s a <https://w3id.org/newskg/ontology#Country> }"
    status, _, body = http(
        "POST",
        f"{server}/sparql",
        urllib.parse.urlencode({"query": ask}),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = http("POST", f"{server}/sparql", ask, {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, _ = http("POST", f"{server}/sparql", ask, {"Content-Type": "text/plain"})
    assert status == 415


def test_dataset_parameters_select_graphs(server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    _, _, whole = get_query(server, count)
    _, _, none = get_query(server, count, **{"default-graph-uri": "http://example.org/absent"})
    _, _, article = get_query(server, count, **{"default-graph-uri": f"{ID}article/a1"})
    n = lambda body: int(json.loads(body)["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert n(none) == 0 and n(article) == n(whole) > 0
    _, _, body = get_query(
        server, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", **{"named-graph-uri": f"{ID}article/a1"}
    )
    assert [r["g"]["value"] for r in json.loads(body)["results"]["bindings"]] == [f"{ID}article/a1"]


def test_service_description_for_rdf_clients_and_page_for_browsers(server):
    status, headers, body = http("GET", f"{server}/sparql", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert status == 200 and any(str(o) == sd + "SPARQL11Query" for o in g.objects(None, None))
    status, headers, body = http("GET", f"{server}/sparql", headers={"Accept": "text/html,application/xml;q=0.9"})
    assert headers["Content-Type"].startswith("text/html") and b"yasgui" in body.lower()


def test_no_cors_by_default_but_preflight_is_answered(server):
    # Opting in with --cors-origin is tested in tests/security/test_sec_cross_origin.py.
    _, headers, _ = get_query(server, "ASK {}", headers={"Origin": "http://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in headers
    status, headers, _ = http(
        "OPTIONS",
        f"{server}/sparql",
        headers={"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"},
    )
    assert status == 204 and "Access-Control-Allow-Origin" not in headers


def test_updates_refused_when_read_only(server):
    status, _, body = http("POST", f"{server}/sparql", "CLEAR ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, _ = http(
        "POST",
        f"{server}/update",
        urllib.parse.urlencode({"update": "CLEAR ALL"}),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 403
    _, _, body = get_query(server, "ASK { ?s ?p ?o }")
    assert json.loads(body)["boolean"] is True


@pytest.fixture
def listener():
    """A TCP listener on 127.0.0.1 that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    hits = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
                hits.append(conn.recv(1000))
                conn.close()
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    stop.set()
    thread.join()
    sock.close()


def test_no_query_makes_the_server_send_a_request_or_read_a_file(server, listener):
    port, hits = listener
    target = f"http://127.0.0.1:{port}/sparql"
    attempts = [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
        f"PREFIX x: <http://127.0.0.1:{port}/> SELECT * WHERE {{ service x:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ]
    for q in attempts:
        status, _, body = get_query(server, q)
        assert status == 403, q
        assert "not allowed" in body.decode() or "no graph" in body.decode()
    for update in (f"LOAD <{target}>", "LOAD <file:///etc/passwd>"):
        status, _, _ = http("POST", f"{server}/sparql", update, {"Content-Type": "application/sparql-update"})
        assert status in (401, 403)
    time.sleep(0.5)
    assert hits == []
    # A string or a comment that merely mentions SERVICE is not a SERVICE clause.
    status, _, _ = get_query(server, 'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE <http://y/>')
    assert status == 200


def test_from_naming_a_graph_of_the_store_is_allowed(server):
    status, _, body = get_query(server, f"SELECT (COUNT(*) AS ?n) FROM <{ID}article/a1> WHERE {{ ?s ?p ?o }}")
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0


def test_result_row_cap_has_a_clear_message(server):
    status, _, body = get_query(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413
    assert "more than 50 rows" in json.loads(body)["error"]["message"]


def test_request_body_limit(server):
    big = "ASK {} #" + "x" * 1_100_000
    status, _, body = http("POST", f"{server}/sparql", big, {"Content-Type": "application/sparql-query"})
    assert status == 413 and json.loads(body)["error"]["status"] == 413


def test_put_is_refused(server):
    status, _, body = http(
        "PUT", f"{server}/sparql?query=ASK%7B%7D", "", {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 405 and json.loads(body)["error"]["status"] == 405


def test_a_later_build_is_seen_without_restart(tmp_path):
    path = tmp_path / "store"
    write_store(path)
    with kg_serve(path) as url:
        ask = "ASK { <http://example.org/late> ?p ?o }"
        assert json.loads(get_query(url, ask)[2])["boolean"] is False
        store = ox.Store(str(path))  # what `kg build` does while the server runs
        store.add(
            ox.Quad(
                ox.NamedNode("http://example.org/late"),
                ox.NamedNode("http://example.org/p"),
                ox.Literal("x"),
                ox.NamedNode("http://example.org/g"),
            )
        )
        store.flush()
        del store
        assert json.loads(get_query(url, ask)[2])["boolean"] is True


def test_updates_need_the_bearer_token(tmp_path):
    path = tmp_path / "store"
    write_store(path)
    with kg_serve(path, "--allow-update", "--token", "s3cret") as url:
        insert = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 } }"
        status, _, _ = http("POST", f"{url}/update", insert, {"Content-Type": "application/sparql-update"})
        assert status == 401
        status, _, _ = http(
            "POST",
            f"{url}/update",
            insert,
            {"Content-Type": "application/sparql-update", "Authorization": "Bearer wrong"},
        )
        assert status == 401
        status, _, _ = http(
            "POST",
            f"{url}/update",
            insert,
            {"Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret"},
        )
        assert status == 204
        _, _, body = get_query(url, "ASK { <http://example.org/a> <http://example.org/p> 1 }")
        assert json.loads(body)["boolean"] is True


def test_runaway_query_times_out_while_others_are_answered(tmp_path):
    path = tmp_path / "store"
    write_store(path, extra_quads=filler_quads())
    with kg_serve(path, "--timeout", "3", "--workers", "2") as url:
        cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
        result = {}

        def runaway():
            started = time.time()
            result["status"], _, result["body"] = get_query(url, cartesian)
            result["seconds"] = time.time() - started

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.5)
        started = time.time()
        status, _, body = get_query(url, "ASK { ?s a <https://w3id.org/newskg/ontology#Country> }")
        assert status == 200 and json.loads(body)["boolean"] is True
        assert time.time() - started < 2.5  # answered while the runaway query still runs
        thread.join(30)
        assert result["status"] == 503 and result["seconds"] < 10
        assert "cancelled" in json.loads(result["body"])["error"]["message"]
        # The killed worker is replaced: the server keeps answering at full strength.
        for _ in range(4):
            assert get_query(url, "ASK {}")[0] == 200


def test_serves_a_remote_store(tmp_path):
    """`kg serve --store sparql+http://...` over a real Oxigraph server holding the same graph."""
    import subprocess
    import sys
    from pathlib import Path

    from kg.rdf import facts_to_dataset
    from tests.support.web import free_port, sample_facts

    oxigraph = str(Path(sys.executable).parent / "oxigraph")
    data = tmp_path / "data.nq"
    data.write_text(facts_to_dataset(sample_facts()).serialize(format="nquads"), encoding="utf-8")
    subprocess.run(
        [oxigraph, "load", "--location", str(tmp_path / "ox"), "--file", str(data)], check=True, capture_output=True
    )
    port = free_port()
    ox_server = subprocess.Popen(
        [oxigraph, "serve-read-only", "--location", str(tmp_path / "ox"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with kg_serve(f"sparql+http://127.0.0.1:{port}/") as url:
            _, _, body = get_query(url, PREFIX + "SELECT ?l WHERE { ?c a kg:Country ; rdfs:label ?l } ORDER BY ?l")
            assert [r["l"]["value"] for r in json.loads(body)["results"]["bindings"]] == ["Freedonia", "Ruritania"]
            assert get_query(url, "SELECT * WHERE { ?s ?p }")[0] == 400
            assert get_query(url, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")[0] == 403
    finally:
        ox_server.terminate()
        ox_server.wait(15)
