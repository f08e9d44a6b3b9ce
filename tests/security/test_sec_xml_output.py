"""Results in XML (SPARQL XML results, RDF/XML) never carry what XML forbids.

A literal with a NUL or another control character, or a predicate IRI ending in '/', makes Oxigraph's own XML writers
produce a document no XML parser reads (shown first, so the tests below can fail). The endpoint and `kg query`
refuse such a result with a message that names another format, and still serve it in JSON.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.settings import Settings
from kg.stores import open_store
from kg.web.engine import Operation, execute

CONTROL = "a\x00b\x01c\ufffe"
SLASH_PREDICATE = "http://example.org/ns/"


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    path = tmp_path_factory.mktemp("xml") / "store"
    with open_store(Settings(store=str(path))) as s:
        s.ox.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal(CONTROL), ox.NamedNode("urn:g")))
        s.ox.add(
            ox.Quad(ox.NamedNode("urn:b"), ox.NamedNode(SLASH_PREDICATE), ox.Literal("fine"), ox.NamedNode("urn:g"))
        )
    return path


@pytest.fixture
def store(path):
    with open_store(Settings(store=str(path)), read_only=True) as s:
        yield s


def well_formed(body: bytes) -> bool:
    try:
        ET.fromstring(body)
        return True
    except ET.ParseError:
        return False


def test_oxigraph_alone_writes_xml_no_parser_reads(store):
    s = store
    raw = s.ox.query("SELECT ?o WHERE { ?s <urn:p> ?o }", use_default_graph_as_union=True)
    assert not well_formed(raw.serialize(format=ox.QueryResultsFormat.XML))
    triples = list(s.ox.query(f"CONSTRUCT WHERE {{ ?s <{SLASH_PREDICATE}> ?o }}", use_default_graph_as_union=True))
    rdfxml = ox.serialize(triples, format=ox.RdfFormat.RDF_XML)
    assert b"<oxprefix:" in rdfxml and not well_formed(rdfxml)


def test_the_endpoint_refuses_such_xml_and_serves_json(store):
    s = store
    select = "SELECT ?o WHERE { ?s <urn:p> ?o }"
    answer = execute(s, Operation(text=select, format="xml"))
    assert answer.status == 406 and "U+0000" in answer.error and "JSON" in answer.error
    answer = execute(s, Operation(text=select, format="json"))
    assert answer.status == 200 and json.loads(answer.content())["results"]["bindings"][0]["o"]["value"] == CONTROL
    construct = f"CONSTRUCT WHERE {{ ?s <{SLASH_PREDICATE}> ?o }}"
    answer = execute(s, Operation(text=construct, format="rdfxml"))
    assert answer.status == 406 and "RDF/XML" in answer.error
    assert execute(s, Operation(text=construct, format="turtle")).status == 200


def test_xml_the_format_can_hold_is_still_served_well_formed(store):
    s = store
    answer = execute(s, Operation(text="SELECT ?o WHERE { ?s ?p ?o FILTER(?o = 'fine') }", format="xml"))
    assert answer.status == 200 and well_formed(answer.content())
    answer = execute(s, Operation(text="CONSTRUCT WHERE { ?s <urn:p> ?o } LIMIT 0", format="rdfxml"))
    assert answer.status == 200 and well_formed(answer.content())


def test_kg_query_refuses_such_xml_with_a_message(path, tmp_path):
    query = tmp_path / "controls.rq"
    query.write_text("#+ title: controls\nSELECT ?o WHERE { ?s <urn:p> ?o }\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(query), "--format", "xml", "--store", str(path)])
    assert result.exit_code != 0 and "U+0000" in result.output
    assert "Traceback" not in result.output
