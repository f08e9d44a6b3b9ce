"""Entity and article pages over a real socket: HTML for people, Turtle / JSON-LD by content negotiation."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from rdflib import Graph, URIRef

from tests.support.served import server_fixture
from tests.support.web import free_port, http, kg_serve, write_store

pytestmark = pytest.mark.slow

ID = "https://w3id.org/newskg/id/"
KG = "https://w3id.org/newskg/ontology#"


server = server_fixture(folder="pages")


def page(url: str) -> str:
    status, headers, body = http("GET", url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    return body.decode("utf-8")


def test_official_page_shows_label_type_post_and_evidence(server):
    html = page(f"{server}/id/person/anna-berg")
    assert '<h1 id="label">Anna Berg</h1>' in html
    assert ">Official<" in html
    assert "foreign minister" in html and 'href="/id/country/ruritania"' in html
    assert "Ruritanian foreign minister Anna Berg said the talks would continue." in html  # evidence
    assert (
        'href="/id/article/a1">Ceasefire agreed in Zenda · news.example · 27 Oct 2025<' in html
    )  # source article, readable


def test_country_page_shows_memberships_and_events(server):
    html = page(f"{server}/id/country/freedonia")
    assert 'href="/id/org/northern-alliance">Northern Alliance<' in html
    assert "Ceasefire — Freedonia, Ruritania · Zenda · 27 Oct 2025" in html and "(signatory)" in html
    org = page(f"{server}/id/org/northern-alliance")
    assert 'href="/id/country/freedonia">Freedonia<' in org  # its members


def test_an_event_page_names_its_cameo_code(server):
    import re

    country = page(f"{server}/id/country/freedonia")
    events = re.findall(r'href="(/id/event/[0-9a-f]+)"', country)
    assert events
    html = "".join(page(f"{server}{e}") for e in set(events))
    assert re.search(r"CAMEO code</th>\s*<td>\s*0871", html), html[:2000]


def test_article_page_lists_its_text_entities_and_events(server):
    html = page(f"{server}/id/article/a1")
    assert "Ceasefire agreed in Zenda" in html
    # The text, with the entities it mentions highlighted and linked to their pages.
    assert '<a class="ann ann-Country" href="/id/country/freedonia" title="Country">Freedonia</a> joined the ' in html
    assert 'href="/id/place/zenda">Zenda<' in html
    assert "Statement" in html and "Ceasefire" in html


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_entity_as_rdf_by_content_negotiation(server, accept, fmt):
    status, headers, body = http("GET", f"{server}/id/country/ruritania", headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept)
    g = Graph().parse(data=body, format=fmt)
    node = URIRef(ID + "country/ruritania")
    assert (node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None) in g
    assert g.value(node, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")) == URIRef(KG + "Country")


def test_describe_serves_iris_outside_the_base(server):
    html = page(f"{server}/describe?iri=" + urllib.parse.quote(KG + "Country", safe=""))
    assert "Ruritania" in html and "Freedonia" in html  # the class page lists what points at it
    status, _, body = http("GET", f"{server}/describe?iri=not%20an%20iri")
    assert status == 400 and "error" in json.loads(body)


def test_unknown_resource_is_404(server):
    status, _, body = http("GET", f"{server}/id/country/atlantis", headers={"Accept": "application/json"})
    assert status == 404 and json.loads(body)["error"]["status"] == 404


def test_iris_under_the_servers_own_base_dereference_as_they_are(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}/id/"
    path = tmp_path / "store"
    write_store(path, base=base)
    with kg_serve(path, port=port, env={"KG_BASE_IRI": base}):
        html = page(base + "person/anna-berg")  # the IRI itself is the page's address
        assert "Anna Berg" in html
        assert f'href="{base}country/ruritania"' in html
        status, _, body = http("GET", base + "country/ruritania", headers={"Accept": "text/turtle"})
        assert status == 200 and (URIRef(base + "country/ruritania"), None, None) in Graph().parse(data=body)
