"""The probes of the hardening review, against a real `kg serve` over a real socket."""

from __future__ import annotations

import time
import urllib.parse

import pytest

from tests.security.test_sec_guard import probes
from tests.support.served import server_fixture
from tests.support.web import http_text as http

pytestmark = pytest.mark.slow
TOKEN = "s3cret-token"


server = server_fixture("--allow-update", "--token", TOKEN, folder="sec")


def test_no_probe_gets_a_request_out_even_with_the_update_token(server, listener):
    before = len(listener.hits)
    for kind, text in probes(listener.url):
        if kind == "query":
            status, _, body = http("GET", f"{server}/sparql?" + urllib.parse.urlencode({"query": text}))
        else:
            status, _, body = http(
                "POST",
                f"{server}/update",
                text,
                {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
            )
        assert status in (400, 403), (text, status, body)
        assert listener.url not in body or "not allowed" in body  # never the listener's own page
    time.sleep(0.5)
    assert listener.hits[before:] == []
    assert http("GET", f"{server}/sparql?query=ASK%7B%7D")[0] == 200  # and the server keeps serving


def test_a_not_found_page_shows_the_path_as_text_not_markup(server):
    status, headers, body = http(
        "GET",
        f"{server}/queries/" + urllib.parse.quote("<img src=x onerror=alert(1)>"),
        headers={"Accept": "text/html"},
    )
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert "<img" not in body and "&lt;img" in body
