"""The 34 W3C SPARQL 1.1 Protocol tests, sent byte for byte (HTTP-in-RDF) to a live `kg serve`.

The server runs with updates allowed (a third of the tests are about the update operation); every
request carries the bearer token, which these tests are not about. Before each test the store is reset
to the test's ut:graphData through the update endpoint itself.
"""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDFS

from tests.support.web import kg_serve, report_summary

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
TOKEN = "protocol-test-token"

FORMATS = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ),
    "RDF": ("text/turtle", "application/rdf+xml", "application/n-triples"),
}


def protocol_tests(manifest: Path) -> list[dict]:
    g = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
    tests = []
    for m in g.subjects(RDF.type, MF.Manifest):
        for test in Collection(g, g.value(m, MF.entries)):
            requests = []
            action = g.value(test, MF.action)
            for req in Collection(g, g.value(action, HT.requests)):
                body = g.value(req, HT.body)
                headers = {}
                if g.value(req, HT.headers) is not None:
                    for h in Collection(g, g.value(req, HT.headers)):
                        headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
                resp = g.value(req, HT.resp)
                requests.append(
                    {
                        "method": str(g.value(req, HT.methodName)),
                        "path": str(g.value(req, HT.absolutePath)),
                        "body": str(g.value(body, CNT.chars)) if body is not None else None,
                        "headers": headers,
                        "status": sorted(str(s).removeprefix(HTS)[0] for s in g.objects(resp, MF.expectedStatus)),
                        "boolean": g.value(resp, MF.expectedBoolean),
                        "format": str(g.value(resp, MF.expectedFormat)) if g.value(resp, MF.expectedFormat) else None,
                    }
                )
            data = {
                str(g.value(d, RDFS.label)): Path(str(g.value(d, UT.graph)).removeprefix("file://"))
                for d in g.objects(test, UT.graphData)
            }
            tests.append({"name": str(test).rsplit("#", 1)[-1], "requests": requests, "data": data})
    return tests


def send(port: int, req: dict) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {**req["headers"], "Authorization": f"Bearer {TOKEN}"}
    body = None
    if req["body"] is not None:
        charset = "utf-16" if "utf-16" in headers.get("content-type", "").lower() else "utf-8"
        body = req["body"].encode(charset)
    # http.client adds no Content-Type of its own, so the "missing media type" tests stay missing.
    conn.request(req["method"], req["path"], body=body, headers=headers)
    resp = conn.getresponse()
    out = resp.status, resp.getheader("Content-Type", ""), resp.read()
    conn.close()
    return out


def reset(port: int, data: dict[str, Path]) -> None:
    """DROP ALL, then each graph's N-Triples as INSERT DATA, through the update endpoint."""
    update = "DROP ALL"
    for name, path in data.items():
        update += f" ; INSERT DATA {{ GRAPH <{name}> {{ {path.read_text(encoding='utf-8')} }} }}"
    status, _, body = send(
        port,
        {"method": "POST", "path": "/update", "body": update, "headers": {"Content-Type": "application/sparql-update"}},
    )
    assert status == 204, body


def check(req: dict, status: int, ctype: str, body: bytes) -> str | None:
    """None when the response is what the manifest expects, else why not."""
    if str(status)[0] not in req["status"]:
        return f"status {status}, expected {req['status']}xx: {body[:200]!r}"
    media = ctype.split(";")[0].strip()
    if req["format"] and media not in FORMATS[req["format"]]:
        return f"content type {media} is not a {req['format']} format"
    if req["boolean"] is not None:
        value = json.loads(body)["boolean"] if "json" in media else b"<boolean>true</boolean>" in body
        if value != req["boolean"].toPython():
            return f"boolean {value}, expected {req['boolean']}"
    return None


@pytest.mark.slow
def test_w3c_protocol(w3c_dir, tmp_path, request):
    manifest = w3c_dir / "rdf-tests" / "sparql" / "sparql11" / "protocol" / "manifest.ttl"
    tests = protocol_tests(manifest)
    failures = []
    with kg_serve(tmp_path / "store", "--allow-update", "--token", TOKEN) as url:
        port = int(url.rsplit(":", 1)[1])
        for test in tests:
            reset(port, test["data"])
            for req in test["requests"]:
                why = check(req, *send(port, req))
                if why:
                    failures.append(f"{test['name']}: {why}")
                    break
    passed = len(tests) - len(failures)
    report_summary(
        request.config,
        [f"W3C SPARQL 1.1 protocol tests against kg serve: {passed}/{len(tests)} passed"]
        + ["  failed: " + f for f in failures],
    )
    assert len(tests) == 34
    assert not failures, "\n".join(failures)
