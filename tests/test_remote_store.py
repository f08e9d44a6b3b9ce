"""What is particular to a store behind a SPARQL server (the shared behaviour is in test_store.py)."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, StoreError
from kg.settings import Settings
from kg.sparql.shape import query_form
from kg.stores import open_store

G = "https://w3id.org/newskg/id/article/r1"
OTHER = "http://elsewhere.example/graph"
A, P = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p")


def test_the_query_form_is_read_past_prefixes_and_comments():
    assert (
        query_form("PREFIX kg: <https://w3id.org/newskg/ontology#>\n# a comment\nconstruct { ?s ?p ?o } WHERE {}")
        == "CONSTRUCT"
    )
    assert query_form("BASE <http://a/#x> PREFIX : <http://b#> DESCRIBE <x>") == "DESCRIBE"
    assert query_form("  select * { ?s ?p ?o }") == "SELECT"
    assert query_form("ASK {}") == "ASK"
    assert query_form("INSERT DATA {}") is None
    # Read only as far as the form: what follows it is the server's to judge.
    assert query_form("SELECT * WHERE { ?s ?p ?o } OPTION (QUIETCAST)") == "SELECT"
    assert query_form("DEFINE input:inference 'x' SELECT * {}") is None


def test_a_malformed_query_is_a_syntax_error_carrying_the_servers_message(remote_settings):
    st = open_store(remote_settings)
    with pytest.raises(SyntaxError) as err:
        st.query("SELECT WHERE {")
    assert isinstance(err.value, QueryError)
    assert "400" in str(err.value)


def test_union_param_asks_oxigraph_for_the_union_and_native_relies_on_the_server(remote_settings):
    st = open_store(remote_settings)
    st.replace_graph(G, [ox.Triple(A, P, ox.Literal("x"))])
    assert bool(st.query("ASK { ?s ?p ?o }"))
    # Oxigraph server's own default graph is empty: union=native is for servers whose default graph is the union.
    native = open_store(Settings(store=remote_settings.store + "?union=native"))
    assert not bool(native.query("ASK { ?s ?p ?o }"))


def test_graphs_outside_the_base_iri_are_not_the_knowledge_graphs(remote_settings):
    st = open_store(remote_settings)
    st.replace_graph(G, [ox.Triple(A, P, ox.Literal("mine"))])
    st.update(f"INSERT DATA {{ GRAPH <{OTHER}> {{ <http://example.org/b> <http://example.org/p> 'theirs' }} }}")

    assert st.graphs() == [G]
    assert st.count() == 1
    out = io.BytesIO()
    st.dump(out, ox.RdfFormat.N_QUADS)
    assert b"theirs" not in out.getvalue() and b"mine" in out.getvalue()


def test_first_objects_skips_excluded_graphs(remote_settings):
    st = open_store(remote_settings)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    st.replace_graph(G, [ox.Triple(A, label, ox.Literal("Turkey"))])
    assert st.first_objects([A], label) == {A: ox.Literal("Turkey")}
    assert st.first_objects([A], label, exclude_graphs=[G]) == {}


def test_a_read_only_remote_store_refuses_writes(remote_settings):
    st = open_store(remote_settings, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        st.replace_graph(G, [ox.Triple(A, P, ox.Literal("x"))])


def test_a_triple_only_format_needs_a_graph_name(remote_settings):
    st = open_store(remote_settings)
    with pytest.raises(StoreError, match="one graph"):
        st.dump(io.BytesIO(), ox.RdfFormat.TURTLE)
