"""/sources: the articles behind one fact (a post, a membership, an event), each with its evidence sentence
linked to its place in the annotated article. Entity pages load it on demand when a fact's sources are opened."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from werkzeug.datastructures import MultiDict

from .facts import Pager, lit, page_number, q
from .names import evidence_anchor, iri_cell, names_for, value

bp = Blueprint("sources", __name__)
PAGE = 20


def iri_ok(iri: str) -> bool:
    return bool(iri) and len(iri) < 2000 and not any(c in iri for c in '<>"{}|^`\\ \n\r\t')


def fact_pattern(args: MultiDict[str, str]) -> tuple[str, list[str]] | None:
    """The graph pattern binding ?fact to the statements of the fact named by the request, and the IRIs it names."""
    kind, s, of = args.get("kind"), args.get("s", ""), args.get("of", "")
    if not iri_ok(s) or (of and not iri_ok(of)):
        return None
    if kind == "post":
        title = args.get("title", "")
        where_of = f"?fact kg:positionIn <{of}> ." if of else "FILTER NOT EXISTS { ?fact kg:positionIn ?any }"
        return (
            f"<{s}> kg:holdsPosition ?fact . ?fact kg:title ?t FILTER(LCASE(STR(?t)) = {lit(title.lower())}) "
            + where_of,
            [s] + ([of] if of else []),
        )
    if kind == "membership" and of:
        return f"?fact kg:member <{s}> ; kg:organization <{of}> .", [s, of]
    if kind == "event":
        # Several events when look-alikes were merged into one row (facts.merge_lookalikes).
        events = [e for e in args.getlist("s") if iri_ok(e)][:20]
        return f"VALUES ?fact {{ {' '.join(f'<{e}>' for e in events)} }}", events
    return None


@bp.route("/sources")
def sources() -> Response:
    found = fact_pattern(request.args)
    if found is None:
        abort(400, "name a fact: kind=post|membership|event and s=<IRI> (with title=, of=)")
    pattern, named = found
    number = page_number(request.args.get("page"))
    total = q(f"SELECT (COUNT(DISTINCT ?src) AS ?n) WHERE {{ {pattern} ?fact prov:wasDerivedFrom ?src }}")
    pager = Pager(number, PAGE, int(total[0]["n"]["value"]) if total else 0)
    rows = q(f"""SELECT ?src (SAMPLE(?pub0) AS ?pub) (SAMPLE(?text0) AS ?text) (SAMPLE(?b0) AS ?b) (SAMPLE(?e0) AS ?e)
        WHERE {{ {pattern} ?fact prov:wasDerivedFrom ?src .
          OPTIONAL {{ ?src schema:datePublished ?pub0 }}
          OPTIONAL {{ ?fact kg:evidence ?m . ?m nif:referenceContext ?src ; nif:anchorOf ?text0 ;
                      nif:beginIndex ?b0 ; nif:endIndex ?e0 }} }}
        GROUP BY ?src ORDER BY ?pub ?src LIMIT {pager.size} OFFSET {pager.offset}""")
    names = names_for({r["src"]["value"] for r in rows} | set(named))
    items = [
        {
            "article": iri_cell(r["src"]["value"], names),
            "text": value(r, "text"),
            "href": evidence_anchor(r["src"]["value"], value(r, "b"), value(r, "e")),
        }
        for r in rows
    ]
    template = "sources_list.html" if request.args.get("fragment") == "1" else "sources.html"
    return Response(
        render_template(
            template, items=items, pg=pager, about=[iri_cell(i, names) for i in named], title=request.args.get("title")
        ),
        mimetype="text/html",
    )
