"""Entity and article pages: every IRI the graph mints dereferences to HTML, Turtle or JSON-LD."""

from __future__ import annotations

from typing import Any, TypedDict

from flask import Blueprint, Response, abort, render_template, request

from ..errors import QueryError
from ..naming import local_name, outlet, prefixed
from ..vocab import EVENT_CATEGORIES, KG, NIF, OWL, PROV, RDF, RDFS, ROLES, SCHEMA, SKOS, sparql_prefixes
from . import conneg
from .article_text import annotated
from .engine import Operation
from .facts import EventFilter, Pager, events_of, holders_in, memberships, page_number, posts_of
from .http import Row, answer_response, error_response, is_web_address, link, run, select, settings
from .names import Cell, cell, evidence_anchor, iri_cell, iris_in, names_for, value

bp = Blueprint("entities", __name__)

# The graph's rows come back as plain IRI strings; these are compared with them.
RDF_TYPE = str(RDF.type)
RDFS_LABEL = str(RDFS.label)
OWL_SAMEAS = str(OWL.sameAs)
SCHEMA_URL = str(SCHEMA.url)
NIF_STRING = str(NIF.isString)
_DERIVED_FROM = str(PROV.wasDerivedFrom)
_NOTATION = str(SKOS.notation)
# Shown in their own sections rather than in the generic property table.
_SECTIONED = {
    RDF_TYPE,
    RDFS_LABEL,
    OWL_SAMEAS,
    NIF_STRING,
    str(KG.holdsPosition),
    str(KG.memberOf),
    str(KG.evidence),
    str(KG.mentionedIn),
    str(KG.hasSection),
    _DERIVED_FROM,
}
EVIDENCE_SHOWN = 20  # sentences on a fact's own page; the rest are on its /sources pages
# Incoming links already shown as members, office holders or events.
_SHOWN_INCOMING = (
    {str(KG.memberOf), str(KG.positionIn), str(KG.location), str(KG.member), str(KG.organization)}
    | {str(KG[r]) for r in ROLES}
    | {str(KG.mentionedIn), str(NIF.referenceContext), _DERIVED_FROM}
)
REF_PAGE = 100


def _iri_ok(iri: str) -> bool:
    return bool(iri) and len(iri) < 2000 and not any(c in iri for c in '<>"{}|^`\\ \n\r\t')


@bp.route("/id/<path:rest>")
def by_path(rest: str) -> Response:
    return _resource(settings().base_iri + rest)


@bp.route("/describe")
def describe() -> Response:
    iri = request.args.get("iri", "")
    if not _iri_ok(iri):
        return error_response(400, "give the resource as ?iri=<an absolute IRI>")
    return _resource(iri)


def _rdf_format() -> str | None:
    """The RDF format asked for, or None for the HTML page (browsers and */* get HTML)."""
    forced = conneg.override(request.args.get("format"), set(conneg.GRAPH.values()))
    if forced:
        return forced
    accept = request.headers.get("Accept")
    if conneg.wants_html(accept) or not accept:
        return None
    best = conneg.parse_accept(accept)[0][0] if conneg.parse_accept(accept) else "*/*"
    return conneg.GRAPH.get(best)


def _resource(iri: str) -> Response:
    if not _iri_ok(iri):
        abort(404)
    fmt = _rdf_format()
    if fmt:
        sparql = (
            f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"
        )
        return answer_response(run(Operation(text=sparql, format=fmt)))
    try:
        view = _view(iri)
    except QueryError as err:
        return error_response(503, str(err))
    if view is None:
        abort(404, f"nothing is known about {iri}")
    return Response(render_template("entity.html", v=view), mimetype="text/html")


def _q(body: str) -> list[Row]:
    return select(sparql_prefixes() + body, max_rows=2000)


def _val(row: Row, key: str) -> str:
    """The value of a variable the query always binds (its pattern is not OPTIONAL)."""
    return row[key]["value"]


def _property_name(row: Row) -> str:
    """A property's name for people: its local name, "CAMEO code" for an event's coded notation."""
    p = _val(row, "p")
    if p == _NOTATION and row["o"].get("datatype") == str(KG.cameoCode):
        return "CAMEO code"
    return local_name(p)


def _view(iri: str) -> dict[str, Any] | None:
    """What entity.html shows of a resource (a template context: values of many kinds), None when nothing is known."""
    out_rows = _q(f"SELECT DISTINCT ?p ?o WHERE {{ <{iri}> ?p ?o }} ORDER BY ?p ?o LIMIT 1000")
    ref_page = page_number(request.args.get("ref_page"))
    in_where = f"?s ?p <{iri}> FILTER(?p NOT IN ({', '.join(f'<{p}>' for p in _SHOWN_INCOMING)}))"
    in_rows = _q(
        f"SELECT DISTINCT ?s ?p WHERE {{ {in_where} }} ORDER BY ?p ?s "
        f"LIMIT {REF_PAGE} OFFSET {(ref_page - 1) * REF_PAGE}"
    )
    if not out_rows and not in_rows and ref_page == 1:
        return None
    types = sorted({_val(r, "o") for r in out_rows if _val(r, "p") == RDF_TYPE})
    # A `Source:` that was a path on the builder's machine is not shown: it says nothing to a reader.
    shown = [
        r
        for r in out_rows
        if _val(r, "p") not in _SECTIONED
        and not (_val(r, "p") == SCHEMA_URL and not is_web_address(_val(r, "o")) and not outlet(_val(r, "o")))
    ]
    names = names_for({iri} | iris_in(shown) | iris_in(in_rows) | set(types))
    labels = [_val(r, "o") for r in out_rows if _val(r, "p") == RDFS_LABEL]
    is_article = str(KG.Article) in types
    view: dict[str, Any] = {
        "iri": iri,
        "label": names.get(iri) or (labels[0] if labels else prefixed(iri, settings().base_iri)),
        "types": [{"text": local_name(t), "href": link(t)} for t in types],
        # Linked only when it is a web address: owl:sameAs <javascript:...> must not become a live link.
        "wikidata": [
            {"text": q.rsplit("/", 1)[-1], "iri": q, "href": q if is_web_address(q) else None}
            for q in sorted({_val(r, "o") for r in out_rows if _val(r, "p") == OWL_SAMEAS})
        ],
        "properties": [{"p": _property_name(r), "o": cell(r.get("o"), names)} for r in shown],
        "incoming": [{"s": cell(r.get("s"), names), "p": local_name(_val(r, "p"))} for r in in_rows],
        "ref_pager": Pager(
            ref_page,
            REF_PAGE,
            _count(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p WHERE {{ {in_where} }} }}"),
        )
        if in_rows
        else None,
        "is_article": is_article,
        "mentions": _count(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ <{iri}> kg:mentionedIn ?a }}"),
    }
    view["positions"] = posts_of(iri)
    view["holders"], view["holders_pager"] = holders_in(iri, page_number(request.args.get("holders_page")))
    view["member_of"] = memberships(iri, outgoing=True)
    view["members"] = memberships(iri, outgoing=False)
    view["filter"] = EventFilter.from_args(request.args)
    view["events"], view["events_pager"], view["categories"] = events_of(
        iri, view["filter"], page_number(request.args.get("events_page")), article=is_article
    )
    body = next((_val(r, "o") for r in out_rows if _val(r, "p") == NIF_STRING), None)
    view["body"], view["legend"] = annotated(body, iri) if body else (None, [])
    if is_article:
        mentioned = _q(f"SELECT DISTINCT ?e WHERE {{ ?e kg:mentionedIn <{iri}> }}")
        more = names_for(iris_in(mentioned))
        view["mentioned"] = sorted(
            (iri_cell(_val(r, "e"), more) for r in mentioned), key=lambda c: c["text"].casefold()
        )
    view["evidence"] = _evidence(iri)
    view["sources_total"] = _count(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ <{iri}> prov:wasDerivedFrom ?a }}")
    view["is_event"] = any(local_name(t) in EVENT_CATEGORIES for t in types if t.startswith(str(KG)))
    return view


class Evidence(TypedDict):
    text: str
    src: Cell | None  # the article, when the sentence's place in it is known
    href: str | None


def _evidence(iri: str) -> list[Evidence]:
    """The sentences a fact (event, post) was read from, each linked to its place in its article."""
    rows = _q(f"""SELECT DISTINCT ?text ?src ?b ?e WHERE {{ <{iri}> kg:evidence ?m . ?m nif:anchorOf ?text .
        OPTIONAL {{ ?m nif:referenceContext ?src ; nif:beginIndex ?b ; nif:endIndex ?e }} }}
        ORDER BY ?src ?b LIMIT {EVIDENCE_SHOWN}""")
    names = names_for({value(r, "src") for r in rows})
    out: list[Evidence] = []
    for r in rows:
        src = value(r, "src")
        out.append(
            {
                "text": _val(r, "text"),
                "src": iri_cell(src, names) if src else None,
                "href": evidence_anchor(src, value(r, "b"), value(r, "e")) if src else None,
            }
        )
    return out


def _count(body: str) -> int:
    rows = _q(body)
    return int(value(rows[0], "n") or 0) if rows else 0
