"""Helpers shared by the blueprints: the one JSON error shape, the worker pool and IRI links."""

from __future__ import annotations

import json
from typing import IO, NotRequired, TypedDict, cast
from urllib.parse import quote

from flask import Response, current_app, request
from werkzeug.wsgi import wrap_file

from ..errors import QueryError
from ..settings import Settings
from . import conneg
from .engine import Answer, Operation
from .pool import WorkerPool
from .spool import SendBudget

# One term of a row in the SPARQL 1.1 JSON results format, as the pages read them.
JsonTerm = TypedDict(
    "JsonTerm", {"type": str, "value": str, "xml:lang": NotRequired[str], "datatype": NotRequired[str]}
)
# A row: variable -> its term (unbound variables are absent).
Row = dict[str, JsonTerm]


def error_response(status: int, message: str) -> Response:
    """Every error the web layer returns: {"error": {"status": ..., "message": ...}}, never a stack trace."""
    body = json.dumps({"error": {"status": status, "message": message}}, ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json")


def answer_response(answer: Answer) -> Response:
    if answer.status >= 400:
        return error_response(answer.status, answer.error or "error")
    if answer.status == 204:
        return Response(status=204)
    if answer.file is not None:  # sent from its file by the server (waitress's file wrapper), never read in here
        budget: SendBudget = current_app.extensions["kg_send_budget"]
        held = budget.hold(answer.file, answer.size)
        if held is None:
            answer.file.close()
            return error_response(503, "the server is busy sending large results; try again shortly")
        # werkzeug's stub asks for a whole IO[bytes]; its FileWrapper reads, seeks, tells and closes, all _HeldFile has.
        return Response(
            wrap_file(request.environ, cast(IO[bytes], held)),
            status=answer.status,
            direct_passthrough=True,
            content_type=answer.content_type,
            headers={"Vary": "Accept", "Content-Length": str(answer.size)},
        )
    return Response(answer.body, status=answer.status, content_type=answer.content_type, headers={"Vary": "Accept"})


def settings() -> Settings:
    configured: Settings = current_app.config["KG_SETTINGS"]
    return configured


def pool() -> WorkerPool:
    workers: WorkerPool = current_app.extensions["kg_pool"]
    return workers


def prefixes() -> dict[str, str]:
    from ..vocab import PREFIXES

    # No prefix for the base: pyoxigraph would escape every '/' of a local name (id:country\/x).
    return {p: str(ns) for p, ns in PREFIXES.items()}


def run(op: Operation) -> Answer:
    """Runs an operation in the worker pool with the server's limits; a timeout becomes a 503 answer."""
    s = settings()
    op.max_rows = min(op.max_rows, s.max_rows) if op.max_rows else s.max_rows
    op.max_bytes = s.max_result_bytes
    op.service_allow = s.service_allow
    op.prefixes = op.prefixes if op.prefixes is not None else prefixes()
    try:
        return pool().run(op)
    except QueryError as err:  # a timeout or a memory limit (503), a crashed worker (500)
        return Answer.fail(getattr(err, "status", 503), str(err))


def select(sparql: str, max_rows: int | None = None) -> list[Row]:
    """Rows of a SELECT run for a page, as {var: {"type", "value", ...}} dicts; raises on failure."""
    answer = run(Operation(text=sparql, format="json", max_rows=max_rows or settings().max_rows))
    if answer.status != 200:
        raise QueryError(answer.error or "query failed")
    rows: list[Row] = json.loads(answer.content())["results"]["bindings"]
    return rows


def link(iri: str) -> str:
    """Where a resource IRI is shown: itself when it dereferences to this server, else /id/... or /describe."""
    base = settings().base_iri
    if iri.startswith(base):
        if base.startswith(request.url_root + "id/"):
            return iri  # the graph's IRIs are this server's own: they dereference as they are
        return "/id/" + quote(iri[len(base) :], safe="/-_.~")
    return "/describe?iri=" + quote(iri, safe="")


def is_web_address(iri: str) -> bool:
    """Whether an IRI may be a link on a page: http(s) only (never javascript:, data: or the like)."""
    return iri.lower().startswith(("http://", "https://"))


def wants_html() -> bool:
    return conneg.wants_html(request.headers.get("Accept"))
