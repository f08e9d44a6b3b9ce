"""The store seam: one suite run against the embedded Oxigraph store and a real Oxigraph server."""

from __future__ import annotations

import io
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.settings import Settings
from kg.stores import Change, EmbeddedStore, meta_graph_iri, open_store

EX = "http://example.org/"
G1 = "https://w3id.org/newskg/id/article/one"
G2 = "https://w3id.org/newskg/id/article/two"


def t(s: str, p: str, o) -> ox.Triple:
    obj = o if isinstance(o, (ox.Literal, ox.NamedNode)) else ox.NamedNode(EX + o)
    return ox.Triple(ox.NamedNode(EX + s), ox.NamedNode(EX + p), obj)


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.slow)])  # remote: `oxigraph serve`
def store(request, tmp_path):
    """An empty writable store of each backend."""
    if request.param == "embedded":
        settings = Settings(store=str(tmp_path / "store"))
    else:
        settings = request.getfixturevalue("remote_settings")
    st = open_store(settings)
    yield st
    st.close()


def rows(result) -> set[tuple]:
    return {tuple(term.value if term is not None else None for term in row) for row in result}


def test_replace_graph_swaps_one_graph_and_leaves_the_others(store):
    store.replace_graph(G1, [t("a", "p", "b"), t("a", "p", "c")])
    store.replace_graph(G2, [t("x", "p", "y")])
    store.replace_graph(G1, [t("a", "q", "d")])

    assert rows(store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")) == {
        (EX + "a", EX + "q", EX + "d")
    }
    assert store.count(G2) == 1
    assert store.graphs() == sorted([G1, G2])


def test_default_graph_is_the_union_of_the_article_graphs(store):
    store.replace_graph(G1, [t("a", "p", "b")])
    store.replace_graph(G2, [t("b", "p", "c")])

    chain = store.query(f"SELECT ?x WHERE {{ <{EX}a> <{EX}p> ?m . ?m <{EX}p> ?x }}")
    assert rows(chain) == {(EX + "c",)}
    assert rows(store.query("SELECT * WHERE { ?s ?p ?o }", union_default=False)) == set()
    assert rows(store.query("SELECT ?o WHERE { ?s ?p ?o }", default_graph=[G2])) == {(EX + "c",)}


def test_results_are_pyoxigraph_objects_whichever_backend(store):
    store.replace_graph(G1, [t("a", "p", "b")])

    assert isinstance(store.query("SELECT * WHERE { ?s ?p ?o }"), ox.QuerySolutions)
    assert isinstance(store.query("ASK { ?s ?p ?o }"), ox.QueryBoolean)
    assert bool(store.query("ASK { ?s ?p ?o }")) is True
    assert bool(store.query(f"ASK {{ <{EX}zz> ?p ?o }}")) is False
    built = list(store.query("CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o }"))
    assert built == [ox.Triple(ox.NamedNode(EX + "b"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + "a"))]


def test_literals_survive_the_round_trip_exactly(store):
    tricky = [
        ox.Literal('He said "no" {braces} \\ and\na new line\ttab'),
        ox.Literal("Türkiye — İstanbul ‘quoted’ 日本", language="tr"),
        ox.Literal("2025-10", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth")),
        ox.Literal("0.75", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    ]
    store.replace_graph(G1, [t("a", f"p{i}", lit) for i, lit in enumerate(tricky)])

    got = {row["o"] for row in store.query(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}")}
    assert got == set(tricky)


def test_a_change_is_applied_whole(store):
    meta = "https://w3id.org/newskg/id/meta"
    store.replace_graph(G1, [t("a", "p", "b")])
    store.apply(
        Change(insert=[ox.Quad(ox.NamedNode(G1), ox.NamedNode(EX + "from"), ox.Literal("f1"), ox.NamedNode(meta))])
    )

    store.apply(
        Change(
            drop=[G1],
            put={G2: [t("c", "p", "d")]},
            delete=[ox.Quad(ox.NamedNode(G1), ox.NamedNode(EX + "from"), ox.Literal("f1"), ox.NamedNode(meta))],
            insert=[ox.Quad(ox.NamedNode(G2), ox.NamedNode(EX + "from"), ox.Literal("f2"), ox.NamedNode(meta))],
        )
    )

    assert store.graphs() == sorted([G2, meta])
    assert rows(store.query(f"SELECT ?g ?f WHERE {{ GRAPH <{meta}> {{ ?g ?p ?f }} }}")) == {(G2, "f2")}


def test_a_broken_update_changes_nothing(store):
    store.replace_graph(G1, [t("a", "p", "b")])
    with pytest.raises(SyntaxError):
        store.update(f"DROP GRAPH <{G1}> ; INSERT DATA {{ GRAPH <{G2}> {{ <{EX}x> <{EX}p> }} }}")
    assert store.graphs() == [G1]


def test_remove_graph(store):
    store.replace_graph(G1, [t("a", "p", "b")])
    store.replace_graph(G2, [t("a", "p", "c")])
    store.remove_graph(G1)
    assert store.graphs() == [G2]
    assert store.count() == 1


def test_dump_writes_every_graph_as_nquads(store):
    store.replace_graph(G1, [t("a", "p", "b")])
    store.replace_graph(G2, [t("a", "p", ox.Literal("x\ny", language="en"))])
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)

    back = set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS))
    assert back == {
        ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + "b"), ox.NamedNode(G1)),
        ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), ox.Literal("x\ny", language="en"), ox.NamedNode(G2)),
    }
    one = io.BytesIO()
    store.dump(one, ox.RdfFormat.TURTLE, graph=G1)
    assert len(list(ox.parse(one.getvalue(), ox.RdfFormat.TURTLE))) == 1


def test_large_changes_take_the_bulk_path_and_land_whole(tmp_path, monkeypatch):
    import kg.stores.embedded

    monkeypatch.setattr(kg.stores.embedded, "BULK_THRESHOLD", 10)
    settings = Settings(store=str(tmp_path / "store"))
    with open_store(settings) as st:
        graphs = {f"{G1}-{i}": [t(f"s{i}", "p", f"o{j}") for j in range(20)] for i in range(5)}
        st.apply(Change(put=graphs))
        assert st.graphs() == sorted(graphs)
        assert st.count() == 100
        # The pending marks of the bulk path are gone once the change is complete.
        assert st.count(meta_graph_iri(settings)) == 0


def test_a_graph_left_pending_by_a_killed_bulk_write_is_dropped_on_open(tmp_path):
    settings = Settings(store=str(tmp_path / "store"))
    meta = meta_graph_iri(settings)
    with open_store(settings) as st:
        st.replace_graph(G1, [t("a", "p", "b")])
        # What steps 1-2 of a bulk write leave behind when the process dies before step 3.
        st.update(
            f"INSERT DATA {{ GRAPH <{meta}> {{ <{G2}> <https://w3id.org/newskg/ontology#writePending> true }} "
            f"GRAPH <{G2}> {{ <{EX}half> <{EX}p> <{EX}written> }} }}"
        )
    with open_store(settings) as st:
        assert st.graphs() == [G1]


def test_len_and_queries_through_rdflib_run_in_oxigraph(tmp_path):
    with EmbeddedStore(str(tmp_path / "store")) as st:
        st.replace_graph(G1, [t("a", "p", "b"), t("a", "p", "c")])
        st.replace_graph(G2, [t("a", "p", "b")])
        ds = st.dataset()
        # TRIPLE() is SPARQL 1.2, which Oxigraph speaks and rdflib's own engine cannot parse:
        # an answer proves the query string reached Oxigraph instead of falling back to rdflib.
        result = ds.query("SELECT (COUNT(DISTINCT TRIPLE(?s, ?p, ?o)) AS ?n) WHERE { ?s ?p ?o }")
        assert [int(row[0]) for row in result] == [2]
        assert len(ds) == 2
        from pyparsing import ParseException
        from rdflib.plugins.sparql import prepareQuery

        with pytest.raises(ParseException):
            prepareQuery("SELECT (COUNT(DISTINCT TRIPLE(?s, ?p, ?o)) AS ?n) WHERE { ?s ?p ?o }")


def test_a_second_writer_gets_a_clear_error_and_readers_still_open(tmp_path):
    path = str(tmp_path / "store")
    with EmbeddedStore(path) as st:
        st.replace_graph(G1, [t("a", "p", "b")])
        st.flush()
        other = subprocess.run(
            [sys.executable, "-c", f"from kg.stores import EmbeddedStore; EmbeddedStore({path!r})"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert other.returncode != 0
        assert "locked by another process" in other.stderr
        reader = EmbeddedStore(path, read_only=True)
        assert reader.graphs() == [G1]
        with pytest.raises(StoreError):
            reader.replace_graph(G2, [])
        reader.close()


def test_read_only_open_of_a_missing_store_says_to_build(tmp_path):
    with pytest.raises(StoreError, match="kg build"):
        open_store(Settings(store=str(tmp_path / "none")), read_only=True)


def test_an_unreachable_server_is_a_store_error():
    from tests.support.servers import free_port

    with pytest.raises(StoreError, match="cannot reach"):
        open_store(Settings(store=f"sparql+http://127.0.0.1:{free_port()}/"))


def test_a_location_is_opened_by_the_backend_its_scheme_names(tmp_path, monkeypatch):
    from kg.stores import OPENERS, scheme_of

    monkeypatch.chdir(tmp_path)
    assert scheme_of(str(tmp_path / "store")) == "" and scheme_of("sparql+https://h/kg/") == "sparql+https"
    assert {"", "sparql+http", "sparql+https"} <= set(OPENERS)
    with open_store(Settings(store=str(tmp_path / "store"))) as st:
        assert type(st).__name__ == "EmbeddedStore"
    # A scheme no backend is registered for is refused, not taken for a folder named "ftp:".
    with pytest.raises(StoreError, match="no store backend for ftp://"):
        open_store(Settings(store="ftp://h/kg"))
    assert list(tmp_path.iterdir()) == [tmp_path / "store"]


def test_a_location_is_remote_when_the_scheme_table_opens_it_as_a_server(tmp_path, monkeypatch):
    from kg.stores import OPENERS, RemoteStore

    for location in ("sparql+http://h:7878/", "sparql+https://h/kg/", "http://h:3030/kg", "https://h/kg"):
        assert Settings(store=location).is_remote
    for location in (str(tmp_path / "store"), "store", "ftp://h/kg"):
        assert not Settings(store=location).is_remote
    # One list of schemes: a backend registered for a new scheme makes its locations remote, with no other edit.
    monkeypatch.setitem(OPENERS, "sparql+unix", lambda location, settings, read_only: RemoteStore(location))
    assert Settings(store="sparql+unix:///run/kg.sock").is_remote


def test_remote_locations_name_their_endpoints():
    from kg.stores.remote import parse_location

    assert parse_location("sparql+http://h:7878/") == {
        "query": "http://h:7878/query",
        "update": "http://h:7878/update",
        "union": "param",
    }
    assert parse_location("sparql+http://h:8890/?query=/sparql&update=/sparql&union=native") == {
        "query": "http://h:8890/sparql",
        "update": "http://h:8890/sparql",
        "union": "native",
    }
    assert (
        parse_location("http://h:3030/kg?query=query&update=update&union=native")["query"] == "http://h:3030/kg/query"
    )
    with pytest.raises(StoreError):
        parse_location("sparql+http://h/?union=maybe")
