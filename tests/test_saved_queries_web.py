"""The saved queries over HTTP, against the real `kg serve` (waitress, worker processes, real sockets):
the list, the form page with its results, the JSON/CSV/TSV API, content negotiation and named 400s."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from kg.settings import Settings
from tests.support.handmade_graph import BASE, build_handmade_store
from tests.support.served import server_fixture

pytestmark = pytest.mark.slow


server = server_fixture(folder="saved-web", write=lambda path: build_handmade_store(Settings(store=str(path))))


def get(url: str, accept: str | None = None, **params):
    """(status, content type, body) of a GET; HTTP errors are returned, not raised."""
    if params:
        url += "?" + urllib.parse.urlencode(params)
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def labels(body: bytes, var: str) -> list[str]:
    return [b[var]["value"] for b in json.loads(body)["results"]["bindings"] if var in b]


def test_the_list_links_every_saved_query_as_html_and_json(server):
    status, ctype, body = get(server + "/queries", accept="text/html")
    assert status == 200 and ctype.startswith("text/html")
    html = body.decode()
    assert 'href="/queries/country-timeline"' in html and "Timeline of a country" in html
    status, ctype, body = get(server + "/queries.json")
    listed = {q["name"]: q for q in json.loads(body)}
    assert status == 200 and len(listed) >= 15
    assert listed["members"]["params"] == [
        {
            "name": "organization",
            "type": "entity",
            "required": False,
            "default": "IMCTC",
            "description": "the organization (label, key, Wikidata id or IRI)",
        }
    ]
    assert listed["wikidata-federated"]["federated"] is True


def test_the_json_api_binds_the_parameters(server):
    status, ctype, body = get(server + "/queries/members.json", organization="IMCTC")
    assert status == 200 and ctype == "application/sparql-results+json"
    assert labels(body, "memberLabel") == ["Pakistan", "Saudi Arabia", "Turkey"]
    status, _, body = get(server + "/queries/officials.json", of="Taliban")
    assert labels(body, "personLabel") == ["Zabihullah Mujahid"]


def test_the_csv_and_tsv_api_and_the_accept_header(server):
    status, ctype, body = get(server + "/queries/members.csv")
    assert status == 200 and ctype.startswith("text/csv")
    table = list(csv.reader(io.StringIO(body.decode())))
    assert table[0] == ["memberLabel", "type", "member", "wikidata"]
    assert [r[0] for r in table[1:]] == ["Pakistan", "Saudi Arabia", "Turkey"]
    status, ctype, body = get(server + "/queries/members", accept="text/csv")
    assert status == 200 and ctype.startswith("text/csv") and body.decode().splitlines()[1].startswith("Pakistan,")
    status, ctype, body = get(server + "/queries/members", accept="application/sparql-results+json")
    assert ctype == "application/sparql-results+json" and "Turkey" in labels(body, "memberLabel")
    status, ctype, body = get(server + "/queries/members.tsv")
    assert ctype.startswith("text/tab-separated-values") and body.decode().startswith("?memberLabel\t")


def test_a_graph_query_answers_in_turtle(server):
    status, ctype, body = get(server + "/queries/entity-neighbourhood.ttl", entity="Turkey")
    assert status == 200 and ctype.startswith("text/turtle")
    triples = {(t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(body, ox.RdfFormat.TURTLE)}
    assert (
        BASE + "country/turkey",
        "http://www.w3.org/2002/07/owl#sameAs",
        "http://www.wikidata.org/entity/Q43",
    ) in triples


@pytest.mark.parametrize(
    "query,params,param",
    [
        ("officials", {"of": "Atlantis"}, "of"),
        ("officials", {"colour": "red"}, "colour"),
        ("events-between-dates", {"from": "2025-13-01"}, "from"),
        ("most-active-actors", {"category": "<x> } UNION { ?s ?p ?o"}, "category"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(server, query, params, param):
    status, ctype, body = get(f"{server}/queries/{query}.json", **params)
    assert status == 400 and ctype == "application/json"
    error = json.loads(body)["error"]
    assert error["status"] == 400 and error["param"] == param and f"'{param}'" in error["message"]


def test_an_injection_through_http_is_only_a_value_and_changes_nothing(server):
    for value in ('"} ; DROP ALL ; {', "<x> } UNION { ?s ?p ?o"):
        status, _, body = get(server + "/queries/search-entities.json", text=value)
        assert status == 200 and json.loads(body)["results"]["bindings"] == []
    _, _, body = get(server + "/queries/members.json")
    assert len(labels(body, "memberLabel")) == 3


def test_the_page_is_a_form_built_from_the_parameters_with_the_results(server):
    status, ctype, body = get(server + "/queries/officials", accept="text/html", of="Pakistan")
    html = body.decode()
    assert status == 200 and ctype.startswith("text/html")
    assert 'name="of"' in html and 'value="Pakistan"' in html
    assert "Asim Munir" in html and "Raheel Sharif" in html and "chief of defense forces" in html
    assert 'href="/queries/officials.json?of=Pakistan"' in html
    assert 'href="/id/person/asim-munir"' in html  # entities link to their pages
    status, _, body = get(server + "/queries/events-between-dates", accept="text/html")
    html = body.decode()
    assert 'name="from"' in html and 'name="to"' in html and "9 rows" in html


def test_the_page_shows_a_bad_parameter_next_to_the_form_with_a_400(server):
    status, ctype, body = get(server + "/queries/officials", accept="text/html", of="Atlantis")
    html = body.decode()
    assert status == 400 and ctype.startswith("text/html")
    assert "no entity is named" in html and 'aria-invalid="true"' in html


def test_the_federated_query_is_refused_here_with_a_403(server):
    status, ctype, body = get(server + "/queries/wikidata-federated.json")
    assert status == 403 and "SERVICE" in json.loads(body)["error"]["message"]
    status, _, body = get(server + "/queries/wikidata-federated", accept="text/html")
    assert status == 403 and "federated" in body.decode()


def test_unknown_queries_and_formats_are_404(server):
    assert get(server + "/queries/nope.json")[0] == 404
    assert get(server + "/queries/members.exe")[0] == 404


def test_a_graph_query_page_shows_its_triples_as_a_table(server):
    status, _, body = get(server + "/queries/entity-neighbourhood", accept="text/html", entity="Q43")
    html = body.decode()
    assert status == 200 and "<th>subject</th>" in html and "owl:sameAs" in html and "wd:Q43" in html
    assert 'href="/queries/entity-neighbourhood.ttl?entity=Q43"' in html
