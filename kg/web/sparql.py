"""The SPARQL 1.1 Protocol at /sparql (query, and update when allowed) and /update."""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, g, render_template, request

from . import conneg
from .engine import Operation
from .http import answer_response, error_response, run, settings, wants_html
from .service_description import service_description

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _charset_ok() -> bool:
    charset = request.mimetype_params.get("charset")
    return charset is None or charset.lower().replace("-", "") == "utf8"


def _body_text() -> str:
    try:
        return request.get_data(cache=True).decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not UTF-8") from None


def _read_operation(allow_query: bool = True) -> tuple[str, str, dict[str, list[str]]]:
    """(kind, text, params) of the request, or a ProtocolError with the status the protocol asks for."""
    params = {k: request.args.getlist(k) for k in request.args}
    if request.method == "GET":
        if "update" in params:
            raise ProtocolError(400, "updates must be sent with POST")
        queries = params.get("query", [])
        if len(queries) != 1:
            raise ProtocolError(400, "give exactly one query parameter")
        return "query", queries[0], params
    if "query" in params or "update" in params:
        # Which would run, the URL's or the body's? Neither: the protocol puts a POST's operation in its body.
        raise ProtocolError(400, "a POST carries its query or update in the body, not in the URL")
    mimetype = request.mimetype
    if not mimetype:
        raise ProtocolError(415, f"a POST needs a Content-Type: {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")
    if not _charset_ok():
        raise ProtocolError(415, "only UTF-8 request bodies are accepted")
    if mimetype == FORM:
        _body_text()  # rejects a non-UTF-8 body before the form parser guesses
        for k in request.form:
            params.setdefault(k, []).extend(request.form.getlist(k))
        queries, updates = params.get("query", []), params.get("update", [])
        if len(queries) + len(updates) != 1:
            raise ProtocolError(400, "give exactly one query or update parameter")
        if queries and allow_query:
            return "query", queries[0], params
        if updates:
            return "update", updates[0], params
        raise ProtocolError(400, "this endpoint only takes updates")
    if mimetype == QUERY_TYPE and allow_query:
        return "query", _body_text(), params
    if mimetype == UPDATE_TYPE:
        return "update", _body_text(), params
    raise ProtocolError(415, f"unsupported Content-Type {mimetype}: use {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")


def _authorised() -> bool:
    token = settings().update_token
    if not token:
        return False
    given = request.headers.get("Authorization", "")
    # Compared as bytes: a header is any Latin-1 text, and compare_digest refuses non-ASCII str (a 500 before).
    return given.startswith("Bearer ") and hmac.compare_digest(
        given[7:].strip().encode("utf-8", "surrogateescape"), token.encode("utf-8")
    )


def _format_param(params: dict[str, list[str]]) -> str | None:
    """The format= value if it names a format at all (which kind of result it suits is the engine's to check)."""
    formats = params.get("format")
    given = formats[0] if formats else None
    if given is not None and not conneg.known(given):
        raise ProtocolError(400, f"unknown format '{given}' (one of {', '.join(conneg.FORMAT_NAMES)}, or a media type)")
    return given


def _handle(allow_query: bool) -> Response:
    try:
        kind, text, params = _read_operation(allow_query)
        fmt = _format_param(params)
    except ProtocolError as err:
        return error_response(err.status, str(err))
    s = settings()
    if kind == "update":
        g.kg_update = True  # no CORS for it, even at /sparql (kg.web.headers)
        if not s.allow_update:
            return error_response(403, "this endpoint is read-only (start it with --allow-update and a token)")
        if not _authorised():
            return Response(
                '{"error": {"status": 401, "message": "updates need an Authorization: Bearer token"}}',
                status=401,
                mimetype="application/json",
                headers={"WWW-Authenticate": "Bearer"},
            )
        op = Operation(
            text=text,
            kind="update",
            default_graphs=params.get("using-graph-uri", []),
            named_graphs=params.get("using-named-graph-uri", []),
            base=request.base_url,
        )
    else:
        op = Operation(
            text=text,
            default_graphs=params.get("default-graph-uri", []),
            named_graphs=params.get("named-graph-uri", []),
            accept=request.headers.get("Accept"),
            format=fmt,
            base=request.base_url,
        )
    return answer_response(run(op))


@bp.route("/sparql", methods=["GET", "POST"])
@bp.route("/sparql/", methods=["GET", "POST"])
def sparql() -> Response:
    if request.method == "GET" and not request.args.getlist("query") and not request.args.getlist("update"):
        if wants_html():
            return Response(render_template("query.html"), mimetype="text/html")
        try:
            _format_param({k: request.args.getlist(k) for k in request.args})
        except ProtocolError as err:
            return error_response(err.status, str(err))
        fmt = conneg.override(request.args.get("format"), set(conneg.GRAPH.values())) or conneg.choose(
            request.headers.get("Accept"), conneg.GRAPH, "turtle"
        )
        if fmt is None:
            return error_response(
                406, "the service description is available as Turtle, N-Triples, JSON-LD, RDF/XML, N-Quads or TriG"
            )
        return Response(
            service_description(request.base_url, s=settings(), fmt=fmt), content_type=conneg.MEDIA_TYPE[fmt]
        )
    return _handle(allow_query=True)


@bp.route("/update", methods=["POST"])
def update() -> Response:
    return _handle(allow_query=False)
