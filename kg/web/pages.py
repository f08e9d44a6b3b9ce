"""The query page at / and the editor's files, served from the npm package installed by `make web-assets`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict

from flask import Blueprint, Response, abort, current_app, render_template, request, send_from_directory

from ..vocab import sparql_prefixes
from .http import settings

bp = Blueprint("pages", __name__)

NODE_MODULES = Path(__file__).parent / "assets" / "node_modules"
YASGUI_BUILD = NODE_MODULES / "@zazuko" / "yasgui" / "build"
YASGUI_FILES = {"yasgui.min.js", "yasgui.min.css", "yasgui.min.js.map"}
# The pictures' libraries, by the name pages use: only these files of node_modules are ever served.
VENDOR_FILES = {
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "d3.min.js": "d3/dist/d3.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
}

# The entities most written about: one row each (DISTINCT before the count, since Oxigraph's union graph repeats
# an entity's label and class once per article), labelled, with the number of articles that mention it.
STARTER_QUERY = """SELECT ?entity ?label ?type (COUNT(DISTINCT ?article) AS ?articles) WHERE {
  {
    SELECT DISTINCT ?entity ?label ?type WHERE {
      VALUES ?type { kg:Country kg:Organization kg:Official kg:Person kg:Place }
      ?entity a ?type ; rdfs:label ?label .
    }
  }
  ?entity kg:mentionedIn ?article .
}
GROUP BY ?entity ?label ?type
ORDER BY DESC(?articles) ?label
LIMIT 100
"""
MAX_NAMES = 500  # IRIs one /names request may ask about (a page of results)


class SavedQueryEntry(TypedDict):
    """A saved query as the query page offers it: its text to load into the editor, and its form's address."""

    name: str
    title: str
    description: str
    sparql: str
    form: str | None


def saved_queries() -> list[SavedQueryEntry]:
    """The saved queries as {name, title, description, sparql} dicts; empty if they cannot be read."""
    try:
        from .. import saved_queries as library

        listed = library.list_queries()
    except Exception:  # noqa: BLE001 - a broken saved-query folder must not take the query page down
        current_app.logger.warning("saved queries unavailable", exc_info=True)
        return []
    forms = "saved_queries" in current_app.blueprints
    return [
        {
            "name": q.name,
            "title": q.title or q.name,
            "description": q.description,
            "sparql": q.text,
            "form": f"/queries/{q.name}" if forms else None,
        }
        for q in listed
    ]


def query_page_context() -> dict[str, Any]:
    """What the query page's template reads (a template context: values of many kinds)."""
    s = settings()
    return {
        "prefixes": sparql_prefixes() + f"PREFIX id: <{s.base_iri}>\n",
        "starter": STARTER_QUERY,
        "saved": saved_queries(),
        "base_iri": s.base_iri,
        "editor_installed": YASGUI_BUILD.is_dir(),
        "timeout": s.query_timeout,
        "max_rows": s.max_rows,
    }


@bp.app_context_processor
def _inject() -> dict[str, Callable[[], dict[str, Any]]]:
    return {"page": query_page_context}


@bp.route("/")
def index() -> Response:
    return Response(render_template("query.html"), mimetype="text/html")


@bp.route("/assets/yasgui/<name>")
def yasgui_file(name: str) -> Response:
    if name not in YASGUI_FILES or not YASGUI_BUILD.is_dir():
        abort(404, "the editor is not installed: run `make web-assets`")
    return send_from_directory(YASGUI_BUILD, name, max_age=3600)


@bp.route("/assets/vendor/<name>")
def vendor_file(name: str) -> Response:
    path = VENDOR_FILES.get(name)
    if path is None or not (NODE_MODULES / path).is_file():
        abort(404, "the pictures' libraries are not installed: run `make web-assets`")
    return send_from_directory(NODE_MODULES, path, max_age=3600)


def vendor_installed() -> bool:
    return all((NODE_MODULES / p).is_file() for p in VENDOR_FILES.values())


@bp.route("/names", methods=["POST"])
def names() -> Response:
    """{iri: readable name} for the IRIs of a results table (the query page shows names, not IRIs)."""
    from .http import error_response
    from .names import names_for

    body = request.get_json(silent=True)
    iris = body.get("iris") if isinstance(body, dict) else None
    if not isinstance(iris, list) or len(iris) > MAX_NAMES or not all(isinstance(i, str) for i in iris):
        return error_response(400, f'send {{"iris": [at most {MAX_NAMES} IRIs]}} as JSON')
    named = names_for(i for i in iris if 0 < len(i) < 2000)
    return Response(json.dumps(named, ensure_ascii=False), mimetype="application/json")
