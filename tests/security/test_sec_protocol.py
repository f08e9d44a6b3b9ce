"""The review's protocol probes, against a real `kg serve`: each request gets the answer the protocol asks for.

A non-ASCII bearer token is a 401 (it was a 500); a POST with a query in the URL as well as in its body is a 400 (the
body ran silently); an unknown format= is a 400 (it was ignored); every HTML error page shows what the request said
as text, never as markup; and a query nested ten thousand deep is refused by `kg query` too (it crashed the process).
"""

from __future__ import annotations

import json
import subprocess
import urllib.parse

import pytest

from tests.support.served import server_fixture, store_fixture
from tests.support.web import KG
from tests.support.web import http_text as http

pytestmark = pytest.mark.slow
TOKEN = "s3cret-token"
INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 } }"
SCRIPT = "<script>alert(1)</script>"


store = store_fixture("protocol")
server = server_fixture("--allow-update", "--token", TOKEN)


def test_a_non_ascii_bearer_token_is_401_not_500(server):
    for token in ("s3cret-tökén", "\u0100\u2603"):
        raw = f"Bearer {token}".encode().decode("latin-1")  # as the bytes arrive on the wire
        status, headers, _ = http(
            "POST", f"{server}/update", INSERT, {"Content-Type": "application/sparql-update", "Authorization": raw}
        )
        assert status == 401 and headers["WWW-Authenticate"] == "Bearer"
    status, _, _ = http(
        "POST",
        f"{server}/update",
        INSERT,
        {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert status == 204


def test_a_query_in_the_url_and_in_the_body_is_400(server):
    url = f"{server}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    status, _, body = http(
        "POST", url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"Content-Type": "application/sparql-query"}
    )
    assert status == 400 and "not in the URL" in json.loads(body)["error"]["message"]
    status, _, _ = http(
        "POST", url, urllib.parse.urlencode({"query": "ASK {}"}), {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 400
    # The protocol's own parameters in the URL of a POST stay fine.
    status, _, _ = http(
        "POST",
        f"{server}/sparql?default-graph-uri=http%3A%2F%2Fexample.org%2Fg",
        "ASK {}",
        {"Content-Type": "application/sparql-query"},
    )
    assert status == 200


def test_an_unknown_format_is_400_and_one_that_does_not_fit_is_406(server):
    query = urllib.parse.quote("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    status, _, body = http("GET", f"{server}/sparql?query={query}&format=bogus")
    assert status == 400 and "unknown format 'bogus'" in json.loads(body)["error"]["message"]
    status, _, body = http("GET", f"{server}/sparql?query={query}&format=turtle")
    assert status == 406 and "does not suit a SELECT result" in json.loads(body)["error"]["message"]
    assert http("GET", f"{server}/sparql?query={query}&format=csv")[0] == 200
    assert http("GET", f"{server}/sparql?format=bogus", headers={"Accept": "text/turtle"})[0] == 400


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/queries/" + urllib.parse.quote(SCRIPT)),
        ("GET", "/id/" + urllib.parse.quote(SCRIPT)),
        ("PUT", "/sparql?query=" + urllib.parse.quote(SCRIPT)),
        ("GET", "/queries/officials?" + urllib.parse.urlencode({"of": SCRIPT})),
        ("GET", "/queries/events-between-dates?" + urllib.parse.urlencode({"from": SCRIPT})),
    ],
)
def test_html_error_pages_show_the_request_as_text(server, method, path):
    status, headers, body = http(method, server + path, headers={"Accept": "text/html"})
    assert status >= 400 and headers["Content-Type"].startswith("text/html"), (status, body[:200])
    assert "<script>alert" not in body


def test_kg_query_refuses_a_query_nested_ten_thousand_deep(tmp_path, store):
    deep = tmp_path / "deep.rq"
    deep.write_text("#+ title: deep\nSELECT * WHERE " + "{" * 10_000 + "}" * 10_000 + "\n", encoding="utf-8")
    done = subprocess.run([*KG, "query", str(deep), "--store", str(store)], capture_output=True, text=True, timeout=120)
    assert done.returncode in (1, 2), (done.returncode, done.stderr[-500:])  # not -11 / 139: no crash
    assert "nests deeper" in done.stderr and "Traceback" not in done.stderr
