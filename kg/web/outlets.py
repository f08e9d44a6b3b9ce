"""Outlets: who published the articles, browsable (/outlets, /outlets/view?name=) and a filter of an entity's events.

An outlet is read from an article's publisher when the graph has one, else from its `schema:url` as kg.naming.outlet
does: the host of a web address, the words of a `Source:` that is not one ("Gulf Desk"), never a local file path.
"""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, Response, abort, render_template, request

from ..naming import outlet
from .facts import Pager, outlet_pattern, page_number, q
from .names import iri_cell, names_for

bp = Blueprint("outlets", __name__)
PAGE = 50
URL_PAGE = 10_000


def all_outlets() -> Counter[str]:
    """{outlet: number of articles}, from every article's address (read in pages: one per article)."""
    counts: Counter[str] = Counter()
    for offset in range(0, 1_000_000, URL_PAGE):
        rows = q(
            f"""SELECT ?url (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a kg:Article ; schema:url ?url }}
                     GROUP BY ?url ORDER BY ?url LIMIT {URL_PAGE} OFFSET {offset}""",
            max_rows=URL_PAGE,
        )
        for r in rows:
            name = outlet(r["url"]["value"])
            if name:
                counts[name] += int(r["n"]["value"])
        if len(rows) < URL_PAGE:
            break
    # Outlets the sources named in words (schema:publisher): one node each, with its name
    for r in q(
        """SELECT ?name (COUNT(DISTINCT ?a) AS ?n) WHERE {
                    ?a a kg:Article ; schema:publisher ?p . ?p rdfs:label ?name } GROUP BY ?name""",
        max_rows=URL_PAGE,
    ):
        counts[r["name"]["value"]] += int(r["n"]["value"])
    return counts


@bp.route("/outlets")
def listing() -> Response:
    outlets = sorted(all_outlets().items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    return Response(render_template("outlets.html", outlets=outlets), mimetype="text/html")


@bp.route("/outlets/view")
def view() -> Response:
    name = request.args.get("name", "").strip()
    if not name or len(name) > 300:
        abort(400, "name an outlet: /outlets/view?name=...")
    where = f"?a a kg:Article . {outlet_pattern(name)}"
    total = q(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {where} }}")
    pager = Pager(page_number(request.args.get("page")), PAGE, int(total[0]["n"]["value"]) if total else 0)
    rows = q(f"""SELECT ?a (SAMPLE(?p) AS ?pub) WHERE {{ {where} OPTIONAL {{ ?a schema:datePublished ?p }} }}
                 GROUP BY ?a ORDER BY DESC(?pub) ?a LIMIT {pager.size} OFFSET {pager.offset}""")
    names = names_for(r["a"]["value"] for r in rows)
    articles = [iri_cell(r["a"]["value"], names) for r in rows]
    return Response(
        render_template("outlet.html", name=name, articles=articles, pager=pager),
        status=200 if pager.total else 404,
        mimetype="text/html",
    )
