"""What other web origins may do with this server: the Host check, CORS, and the headers every page carries.

A page on any web site the user opens can send requests to the user's local `kg serve` (it listens on 127.0.0.1).
Three things keep such a page from reading the answers:

- No CORS by default. The browser then refuses to show a cross-origin page the answer. `--cors-origin ORIGIN` (or
  `*`) opens /sparql queries to that origin, and nothing else: never /update, an update sent to /sparql, or a page.
- A Host check against DNS rebinding. A hostile site can make its own name resolve to 127.0.0.1, after which the
  browser treats this server as that site (same origin, no CORS needed). Such a request still names the hostile
  site in its Host header; when the server listens on a loopback address it answers only to loopback names and
  the names given with --allowed-host (for a reverse proxy in front).
- HTML pages carry a Content-Security-Policy (scripts and connections from this server only, no framing), and
  every answer `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`, so a text value that
  slipped into a page cannot run script, and no page can be framed to trick a click.
"""

from __future__ import annotations

import ipaddress

from flask import Response, g, request

from .http import error_response, settings

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
QUERY_ENDPOINTS = ("/sparql", "/sparql/")
CORS_HEADERS = "Content-Type, Accept"  # never Authorization: the update token stays out of any other origin's reach


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(bind_host: str, extra: tuple[str, ...]) -> tuple[str, ...] | None:
    """The Host names to answer to when listening on `bind_host`: None (any) on a public address without
    --allowed-host."""
    if is_loopback(bind_host):
        return tuple(dict.fromkeys([*LOOPBACK_NAMES, bind_host.strip("[]").lower(), *(h.lower() for h in extra)]))
    return tuple(h.lower() for h in extra) or None


def _host_name(header: str) -> str:
    """The name in a Host header, without the port ('[::1]:8000' -> '::1')."""
    if header.startswith("["):
        return header[1 : header.find("]")].lower() if "]" in header else header.lower()
    return header.rsplit(":", 1)[0].lower() if header.count(":") == 1 else header.lower()


def check_host() -> Response | None:
    """Before each request: refuses a Host header that names a site this server is not (DNS rebinding)."""
    names = settings().allowed_hosts
    header = request.headers.get("Host", "")
    if names is None or not header:  # no Host at all (an HTTP/1.0 client): no browser, so no rebinding
        return None
    name = _host_name(header)
    if name not in names:
        return error_response(
            421,
            f"this server does not answer to the name '{name}' (a page on another site may "
            "be trying to reach it); start it with --allowed-host to add a name",
        )
    return None


def preflight() -> Response | None:
    """Answers an OPTIONS request (CORS preflight or not) with 204; the CORS headers are added afterwards."""
    if request.method == "OPTIONS":
        return Response(status=204, headers={"Allow": "GET, POST, OPTIONS"})
    return None


def _cors_origin() -> str | None:
    """The Access-Control-Allow-Origin value for this request, or None."""
    allowed = settings().cors_origins
    origin = request.headers.get("Origin")
    if not allowed or request.path not in QUERY_ENDPOINTS or g.get("kg_update"):
        return None
    asked = request.headers.get("Access-Control-Request-Method", "GET")
    if request.method == "OPTIONS" and asked not in ("GET", "POST"):
        return None
    if "*" in allowed:
        return "*"
    return origin if origin in allowed else None


def add_headers(response: Response) -> Response:
    """After each request: CORS for allowed query requests, the security headers for everyone."""
    origin = _cors_origin()
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
        if origin != "*":
            response.vary.add("Origin")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
    return response
