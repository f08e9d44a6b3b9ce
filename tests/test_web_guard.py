"""The query guard and content negotiation, without a server: what the endpoint refuses and what it picks."""

from __future__ import annotations

import pytest

from kg.sparql.guard import Refused, add_using, canonical, check
from kg.web import conneg

GRAPHS = {"http://example.org/g1", "http://example.org/g2"}


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://evil.example/sparql> { ?s ?p ?o } }",
        "PREFIX e: <http://evil.example/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
        "SELECT * WHERE { VALUES ?e { <http://evil.example/> } SERVICE ?e { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://evil.example/> { ?s ?p ?o } } }",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "BASE <file:///etc/> SELECT * FROM <passwd> WHERE { ?s ?p ?o }",
        "PREFIX f: <file:///etc/> SELECT * FROM NAMED f:passwd WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_refuses_what_would_reach_outside_the_store(query):
    with pytest.raises(Refused):
        check(query, (), lambda: GRAPHS)


def test_load_in_an_update_is_refused():
    with pytest.raises(Refused):
        check("LOAD SILENT <http://evil.example/data.ttl> INTO GRAPH <http://example.org/g1>", (), None)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://evil.example/>" }',
        "SELECT * WHERE { ?s ?p '''FROM <file:///etc/passwd>''' }",
        "# SERVICE <http://evil.example/>\nSELECT * WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s <http://example.org/SERVICE#x> ?o }",
        "SELECT * FROM <http://example.org/g1> FROM NAMED <http://example.org/g2> WHERE { ?s ?p ?o }",
        "PREFIX ex: <http://example.org/> SELECT * FROM ex:g1 WHERE { ?s ?p ?o }",
        "SELECT ?service WHERE { ?service ?p ?o }",
    ],
)
def test_allows_mentions_and_graphs_of_the_store(query):
    check(query, (), lambda: GRAPHS)


def test_operator_allow_list_admits_a_host():
    check("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", ("query.wikidata.org",), None)
    with pytest.raises(Refused):
        check("SELECT * WHERE { SERVICE <https://other.example/sparql> { ?s ?p ?o } }", ("query.wikidata.org",), None)


def test_using_goes_into_every_modify_but_not_delete_where():
    update = (
        "DELETE WHERE { ?a ?b ?c } ; INSERT { GRAPH <http://x/> { ?s a <http://t/> } } WHERE { ?s ?p ?o } ; "
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    )
    out = add_using(canonical(update), ["http://g/1"], ["http://g/2"])
    assert out.count("USING <http://g/1> USING NAMED <http://g/2> WHERE") == 2
    assert out.startswith("DELETE WHERE { ?a ?b ?c }")
    assert canonical("WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }").has_using_or_with


@pytest.mark.parametrize(
    "accept,offers,expected",
    [
        ("text/csv;q=0.5, application/sparql-results+xml", conneg.TABULAR, "xml"),
        ("application/*;q=0.9, text/tab-separated-values;q=0.2", conneg.TABULAR, "json"),
        ("*/*", conneg.GRAPH, "turtle"),
        (None, conneg.GRAPH, "turtle"),
        ("application/ld+json;q=1, text/turtle;q=0.8", conneg.GRAPH, "jsonld"),
        ("image/png", conneg.GRAPH, None),
        ("text/turtle;q=0", conneg.GRAPH, None),
        # A q=0 on a named type excludes it though a wildcard would take it; the named type outranks the wildcard.
        ("*/*;q=0.9, application/ld+json;q=0, application/n-triples;q=0.5", conneg.GRAPH, "turtle"),
        ("text/*, text/csv;q=0", conneg.TABULAR, "xml"),
        ("text/csv, */*", conneg.TABULAR, "csv"),
        # Equally good types go by the client's order; a media type's parameters do not hide it.
        ("application/sparql-results+xml, application/sparql-results+json", conneg.TABULAR, "xml"),
        ("application/rdf+xml, text/turtle", conneg.GRAPH, "rdfxml"),
        ("text/turtle; charset=utf-8", conneg.GRAPH, "turtle"),
    ],
)
def test_accept_with_q_values(accept, offers, expected):
    default = "json" if offers is conneg.TABULAR else "turtle"
    assert conneg.choose(accept, offers, default) == expected


def test_browsers_get_html_and_rdf_clients_do_not():
    assert conneg.wants_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert not conneg.wants_html("text/turtle, */*;q=0.1")
    assert not conneg.wants_html(None)
