"""The saved queries over HTTP: /queries lists them, /queries/NAME is a form and its results, and
/queries/NAME.json|.csv|.tsv|.xml|.ttl|.nt|.jsonld (or the Accept header) is the API.

Parameters come from the query string (?country=Pakistan); they are bound as RDF terms by
kg.saved_queries, and the bound query runs in the server's worker pool like any /sparql request
(same timeout, row cap and SERVICE policy). A bad parameter is a 400 naming it.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request, url_for

from .. import saved_queries as sq
from ..errors import QueryError
from ..naming import prefixed
from ..sparql import formats
from ..sparql.results import Term
from . import conneg
from .engine import Operation
from .http import answer_response, link, run, settings, wants_html
from .names import Cell, names_for

bp = Blueprint("saved_queries", __name__)

# /queries/NAME.EXT -> the format asked for
# /queries/NAME.ext: results formats by their names (.json, .csv, .tsv, .xml), graphs by their files' extensions
# (.ttl, .nt, .jsonld, ...; .json stays the results' JSON).
EXTENSIONS = {name: name for name in formats.RESULTS} | {
    ext: name for ext, name in formats.EXTENSIONS.items() if ext not in formats.RESULTS
}


class PoolStore:
    """The store's query over the worker pool, for the parameter lookups (kg.saved_queries.entities.Queryable)."""

    def query(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean:
        answer = run(Operation(text=sparql, format="json"))
        if answer.status != 200:
            raise QueryError(answer.error or "query failed")
        return ox.parse_query_results(answer.content(), ox.QueryResultsFormat.JSON)


def _error(status: int, message: str, param: str | None = None) -> Response:
    """The web layer's JSON error shape, plus the name of the offending parameter when there is one."""
    error: dict[str, str | int] = {"status": status, "message": message}
    if param:
        error["param"] = param
    return Response(json.dumps({"error": error}, ensure_ascii=False), status=status, mimetype="application/json")


def _describe(q: sq.SavedQuery) -> dict[str, Any]:
    """A saved query as /queries.json lists it (JSON)."""
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "form": q.form,
        "federated": bool(q.services),
        "url": url_for("saved_queries.show", name=q.name),
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default if p.has_value_default else None,
                "description": p.description,
            }
            for p in q.params
        ],
    }


@bp.route("/queries")
@bp.route("/queries.json", endpoint="listing_json")
def listing() -> Response:
    queries = sq.list_queries()
    if request.path.endswith(".json") or not wants_html():
        body = json.dumps([_describe(q) for q in queries], ensure_ascii=False, indent=1)
        return Response(body, mimetype="application/json")
    return Response(render_template("queries/list.html", queries=queries), mimetype="text/html")


@bp.route("/queries/<name>")
def show(name: str) -> Response:
    fmt = None
    stem, dot, ext = name.rpartition(".")
    if dot:
        if ext not in EXTENSIONS:
            abort(404, f"no format '.{ext}' (one of {', '.join('.' + e for e in EXTENSIONS)})")
        name, fmt = stem, EXTENSIONS[ext]
    try:
        query = sq.load(name)
    except QueryError:
        abort(404, f"no saved query named '{name}' (see /queries)")
    given = {k: v for k, v in request.args.items()}
    if fmt is None and wants_html():
        return _page(query, given)
    return _api(query, given, fmt)


def _bound(query: sq.SavedQuery, given: dict[str, str]) -> str:
    """The query text with its parameters bound; raises ParameterError or QueryError (refused SERVICE)."""
    sq.check_services(query, settings())
    return sq.bound_text(query, sq.bind(query, given, PoolStore(), settings()))


def _api(query: sq.SavedQuery, given: dict[str, str], fmt: str | None) -> Response:
    try:
        text = _bound(query, given)
    except sq.ParameterError as err:
        return _error(400, str(err), err.param)
    except QueryError as err:
        return _error(403, str(err))
    if fmt is None:
        fmt = conneg.override(request.args.get("format"), set(EXTENSIONS.values()))
    answer = run(Operation(text=text, format=fmt, accept=request.headers.get("Accept")))
    response = answer_response(answer)
    response.headers["Vary"] = "Accept"
    return response


def _page(query: sq.SavedQuery, given: dict[str, str]) -> Response:
    """The form (filled with the given values or the defaults) and, when it can run, the results table."""
    # The template's context: values of many kinds.
    context: dict[str, Any] = {
        "q": query,
        "values": {p.name: given.get(p.name, p.default if p.has_value_default else "") for p in query.params},
        "error": None,
        "error_param": None,
        "suggestions": [],
        "columns": [],
        "rows": [],
        "ran": False,
        "text": query.text,
        "links": {
            ext: _show_url(f"{query.name}.{ext}", given)
            for ext in (("json", "csv", "tsv") if query.form == "SELECT" else ("ttl", "jsonld", "nt"))
        },
    }
    status = 200
    missing = [p.name for p in query.params if p.required and not given.get(p.name)]
    if not missing:
        try:
            context["text"] = _bound(query, given)
            result = _results(query, context["text"])
            context["columns"], rows = sq.table(result)
            names = names_for({t.value for row in rows for t in row if isinstance(t, ox.NamedNode)})
            context["rows"] = [[_cell(t, names) for t in row] for row in rows]
            context["ran"] = True
        except sq.ParameterError as err:
            status, context["error"], context["error_param"] = 400, str(err), err.param
            # "Did you mean": each nearest name as a link that runs the form with it instead.
            context["suggestions"] = [
                (n, _show_url(query.name, {**given, err.param: n})) for n in getattr(err, "suggestions", [])
            ]
        except QueryError as err:
            status, context["error"] = (403 if "SERVICE" in str(err) else 503), str(err)
    return Response(render_template("queries/show.html", **context), status=status, mimetype="text/html")


def _show_url(name: str, args: dict[str, str]) -> str:
    """The address of a saved query's page (or, with an extension, its API) with these query-string values."""
    # url_for types its own keywords (_external, _anchor...); to a query string they are values like any other.
    values: dict[str, Any] = dict(args)
    return url_for("saved_queries.show", name=name, **values)


def _results(query: sq.SavedQuery, text: str) -> sq.QueryResult:
    graph = query.form in ("CONSTRUCT", "DESCRIBE")
    answer = run(Operation(text=text, format="nt" if graph else "json"))
    if answer.status != 200:
        raise QueryError(answer.error or "query failed")
    if graph:
        triples = (quad.triple for quad in ox.parse(answer.content(), ox.RdfFormat.N_TRIPLES))
        return sq.collect(triples, query.form, settings().max_rows)
    parsed = ox.parse_query_results(answer.content(), ox.QueryResultsFormat.JSON)
    return sq.collect(parsed, query.form, settings().max_rows)


def _cell(term: Term | None, names: dict[str, str]) -> Cell | None:
    """A result cell: an IRI as a link named by its readable name (else its prefixed name), a literal's value."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"text": names.get(term.value) or prefixed(term.value, settings().base_iri), "href": link(term.value)}
    return {"text": sq.short(term), "href": None}


def run_saved(name: str, given: dict[str, str]) -> sq.QueryResult:
    """A saved query's result for a page (a picture is a view over a saved query's rows, as in the API)."""
    query = sq.load(name)
    return _results(query, _bound(query, given))
