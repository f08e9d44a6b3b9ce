"""What other web origins can do with a local `kg serve`: nothing by default.

The review read an internal service's secret through the user's `kg serve` from a web page, because every answer
allowed any origin (CORS `*`). Now: no CORS unless --cors-origin, and then for /sparql queries only; a Host header
naming another site is refused (DNS rebinding); every HTML page carries a CSP and the anti-framing headers, and the
query page still works under that CSP. The browser tests use Debian's headless Chromium.
"""

from __future__ import annotations

import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.web.pages import YASGUI_BUILD
from tests.support.browser import chromium as launch_chromium
from tests.support.served import server_fixture, store_fixture
from tests.support.web import http_text as http
from tests.support.web import kg_serve

pytestmark = pytest.mark.slow
ASK = "/sparql?query=" + urllib.parse.quote("ASK {}")
OTHER = "http://elsewhere.example"


store = store_fixture("origin")
server = server_fixture()


def test_no_answer_or_preflight_allows_another_origin_by_default(server):
    for method, path, headers in [
        ("GET", ASK, {"Origin": OTHER}),
        ("POST", "/sparql", {"Origin": OTHER, "Content-Type": "application/sparql-query"}),
        ("OPTIONS", "/sparql", {"Origin": OTHER, "Access-Control-Request-Method": "POST"}),
        (
            "OPTIONS",
            "/update",
            {
                "Origin": OTHER,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization",
            },
        ),
        ("GET", "/", {"Origin": OTHER, "Accept": "text/html"}),
    ]:
        _, got, _ = http(method, server + path, "ASK {}" if method == "POST" else None, headers)
        assert "Access-Control-Allow-Origin" not in got, (method, path)


def test_cors_origin_opens_sparql_queries_only(store):
    with kg_serve(store, "--cors-origin", "https://app.example") as url:
        _, got, _ = http("GET", url + ASK, headers={"Origin": "https://app.example"})
        assert got["Access-Control-Allow-Origin"] == "https://app.example" and "Origin" in got["Vary"]
        _, got, _ = http(
            "OPTIONS",
            url + "/sparql",
            headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"},
        )
        assert got["Access-Control-Allow-Origin"] == "https://app.example"
        assert "authorization" not in got["Access-Control-Allow-Headers"].lower()  # the token never crosses
        _, got, _ = http("GET", url + ASK, headers={"Origin": OTHER})
        assert "Access-Control-Allow-Origin" not in got  # only the named origin
        for method, path, body, headers in [
            ("OPTIONS", "/update", None, {"Access-Control-Request-Method": "POST"}),
            ("POST", "/update", "CLEAR ALL", {"Content-Type": "application/sparql-update"}),
            ("POST", "/sparql", "CLEAR ALL", {"Content-Type": "application/sparql-update"}),  # an update at /sparql
            ("GET", "/", None, {"Accept": "text/html"}),
            ("GET", "/queries", None, {"Accept": "text/html"}),
        ]:
            _, got, _ = http(method, url + path, body, {"Origin": "https://app.example", **headers})
            assert "Access-Control-Allow-Origin" not in got, (method, path)


def test_cors_star_is_for_sparql_queries_only_too(store):
    with kg_serve(store, "--cors-origin", "*") as url:
        assert http("GET", url + ASK, headers={"Origin": OTHER})[1]["Access-Control-Allow-Origin"] == "*"
        assert (
            "Access-Control-Allow-Origin"
            not in http("GET", url + "/", headers={"Origin": OTHER, "Accept": "text/html"})[1]
        )


def test_a_host_header_naming_another_site_is_refused(server, store):
    port = urllib.parse.urlsplit(server).port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}"):
        assert http("GET", server + ASK, headers={"Host": host})[0] == 200, host
    status, _, body = http("GET", server + ASK, headers={"Host": f"evil.example:{port}"})
    assert status == 421 and "evil.example" in body
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:  # HTTP/1.0, no Host: not a browser
        sock.sendall(f"GET {ASK} HTTP/1.0\r\n\r\n".encode())
        assert sock.makefile("rb").readline().split()[1] == b"200"
    with kg_serve(store, "--allowed-host", "kg.example.org") as url:
        assert http("GET", url + ASK, headers={"Host": "kg.example.org"})[0] == 200
        assert http("GET", url + ASK, headers={"Host": "evil.example"})[0] == 421


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/queries",
        "/queries/officials",
        "/id/person/anna-berg",
        "/describe?iri=" + urllib.parse.quote("https://w3id.org/newskg/ontology#Country"),
        "/queries/no-such-query",
        "/sparql",
    ],
)
def test_every_html_page_carries_the_security_headers(server, path):
    _, got, _ = http("GET", server + path, headers={"Accept": "text/html"})
    assert got["Content-Type"].startswith("text/html"), path
    csp = got["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert got["X-Frame-Options"] == "DENY"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Referrer-Policy"] == "no-referrer"


# -- in a real browser


@pytest.fixture(scope="module")
def chromium():
    # evil.test resolves to this machine, as a DNS-rebinding site makes its own name do.
    with launch_chromium("--host-resolver-rules=MAP evil.test 127.0.0.1") as browser:
        yield browser


class _AttackerPage(BaseHTTPRequestHandler):
    """A web page on another origin that tries to read an answer of the local kg serve."""

    target = ""

    def do_GET(self):
        body = f"""<!doctype html><title>waiting</title><script>
            fetch({self.target!r} + "/sparql?query=ASK%7B%7D",
                  {{headers: {{Accept: "application/sparql-results+json"}}}})
              .then(r => r.text()).then(t => document.title = "read: " + t)
              .catch(e => document.title = "blocked");
            </script>""".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _attack(browser, target: str) -> str:
    handler = type("Page", (_AttackerPage,), {"target": target})
    site = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{site.server_address[1]}/")
        page.wait_for_function("() => document.title !== 'waiting'", timeout=20000)
        title = page.title()
        page.close()
        return title
    finally:
        site.shutdown()
        site.server_close()


@pytest.mark.browser
def test_a_page_on_another_origin_cannot_read_answers(chromium, server, store):
    assert _attack(chromium, server) == "blocked"
    # The control: with CORS opened to every origin (the old default), the same page reads the answer.
    with kg_serve(store, "--cors-origin", "*") as url:
        assert _attack(chromium, url).startswith('read: {"head"')


@pytest.mark.browser
def test_a_rebound_name_reaches_the_server_but_gets_no_answer(chromium, server, store):
    page = chromium.new_page()
    port = urllib.parse.urlsplit(server).port
    response = page.goto(f"http://evil.test:{port}/queries")
    assert response.status == 421 and "Saved queries" not in page.content()
    with kg_serve(store, "--allowed-host", "evil.test") as url:  # the control: the same name, allowed
        response = page.goto(f"http://evil.test:{urllib.parse.urlsplit(url).port}/queries")
        assert response.status == 200 and "Saved queries" in page.content()
    page.close()


@pytest.mark.browser
def test_the_query_page_runs_under_its_csp_with_no_violation(chromium, server, tmp_path):
    if not YASGUI_BUILD.is_dir():
        pytest.skip("the editor is not installed (make web-assets)")
    page = chromium.new_page()
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', "
        "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(server + "/")
    page.wait_for_selector(".CodeMirror")
    page.click("a.saved-query[data-name=officials]")
    page.wait_for_selector("table.dataTable a.iri", timeout=20000)
    page.screenshot(path=str(tmp_path / "query-page-under-csp.png"), full_page=True)
    assert page.evaluate("window.__csp") == []
    page.close()
