"""Entity and article pages: every IRI the graph mints dereferences to HTML, Turtle or JSON-LD."""

from __future__ import annotations

from collections import OrderedDict

from flask import Blueprint, Response, abort, render_template, request

from ..errors import QueryError
from ..vocab import EVENT_CATEGORIES, KG, ROLES, sparql_prefixes
from . import conneg
from .engine import Operation
from .http import answer_response, error_response, is_web_address, link, run, select, settings

bp = Blueprint("entities", __name__)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
NIF_STRING = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"
# Shown in their own sections rather than in the generic property table.
_SECTIONED = {RDF_TYPE, RDFS_LABEL, OWL_SAMEAS, NIF_STRING, str(KG.holdsPosition), str(KG.memberOf)}
# Incoming links already shown as members, office holders or events.
_SHOWN_INCOMING = {str(KG.memberOf), str(KG.positionIn), str(KG.location)} | {str(KG[r]) for r in ROLES}
_EVENT_ROLES = " ".join(f"kg:{r}" for r in ROLES) + " kg:location"


def _iri_ok(iri: str) -> bool:
    return bool(iri) and len(iri) < 2000 and not any(c in iri for c in '<>"{}|^`\\ \n\r\t')


@bp.route("/id/<path:rest>")
def by_path(rest: str):
    return _resource(settings().base_iri + rest)


@bp.route("/describe")
def describe():
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


def _resource(iri: str):
    if not _iri_ok(iri):
        abort(404)
    fmt = _rdf_format()
    if fmt:
        sparql = (f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} "
                  f"UNION {{ ?s ?q <{iri}> }} }}")
        return answer_response(run(Operation(text=sparql, format=fmt)))
    try:
        view = _view(iri)
    except QueryError as err:
        return error_response(503, str(err))
    if view is None:
        abort(404, f"nothing is known about {iri}")
    return Response(render_template("entity.html", v=view), mimetype="text/html")


def _q(body: str) -> list[dict]:
    return select(sparql_prefixes() + body, max_rows=2000)


def _val(row: dict, key: str) -> str | None:
    cell = row.get(key)
    return cell["value"] if cell else None


def _term(row: dict, key: str, label_key: str | None = None) -> dict | None:
    """A value cell ready for the template: text, and a link when it is an IRI."""
    cell = row.get(key)
    if not cell:
        return None
    label = _val(row, label_key) if label_key else None
    if cell["type"] == "uri":
        return {"text": label or cell["value"], "href": link(cell["value"]), "iri": cell["value"]}
    suffix = f"@{cell['xml:lang']}" if "xml:lang" in cell else ""
    return {"text": cell["value"] + suffix, "href": None}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _property_name(row: dict) -> str:
    """A property's name for people: its local name, "CAMEO code" for an event's coded notation."""
    p = _val(row, "p")
    if p == "http://www.w3.org/2004/02/skos/core#notation" and (row.get("o") or {}).get("datatype") == str(KG.cameoCode):
        return "CAMEO code"
    return _local(p)


def _view(iri: str) -> dict | None:
    out_rows = _q(f"SELECT ?p ?o ?oLabel WHERE {{ <{iri}> ?p ?o OPTIONAL {{ ?o rdfs:label|dcterms:title ?oLabel }} }} LIMIT 1000")
    in_rows = _q(f"SELECT ?s ?p ?sLabel WHERE {{ ?s ?p <{iri}> OPTIONAL {{ ?s rdfs:label|dcterms:title ?sLabel }} "
                 f"FILTER(?p NOT IN (kg:mentionedIn, nif:referenceContext, prov:wasDerivedFrom)) }} LIMIT 1000")
    if not out_rows and not in_rows:
        return None
    types = sorted({_val(r, "o") for r in out_rows if _val(r, "p") == RDF_TYPE})
    labels = [_val(r, "o") for r in out_rows if _val(r, "p") == RDFS_LABEL]
    view = {
        "iri": iri,
        "label": labels[0] if labels else _local(iri),
        "types": [{"text": _local(t), "href": link(t)} for t in types],
        # Linked only when it is a web address: owl:sameAs <javascript:...> must not become a live link.
        "wikidata": [{"text": q.rsplit("/", 1)[-1], "iri": q, "href": q if is_web_address(q) else None}
                     for q in sorted({_val(r, "o") for r in out_rows if _val(r, "p") == OWL_SAMEAS})],
        "properties": [{"p": _property_name(r), "o": _term(r, "o", "oLabel")} for r in out_rows
                       if _val(r, "p") not in _SECTIONED],
        "incoming": [{"s": _term(r, "s", "sLabel"), "p": _local(_val(r, "p"))} for r in in_rows
                     if _val(r, "p") not in _SHOWN_INCOMING],
        "body": next((_val(r, "o") for r in out_rows if _val(r, "p") == NIF_STRING), None),
        "is_article": str(KG.Article) in types,
    }
    view["positions"] = _q(f"""SELECT ?title ?of ?ofLabel ?text ?src ?srcTitle WHERE {{
        <{iri}> kg:holdsPosition ?pos . ?pos kg:title ?title .
        OPTIONAL {{ ?pos kg:positionIn ?of OPTIONAL {{ ?of rdfs:label ?ofLabel }} }}
        OPTIONAL {{ ?pos kg:evidence ?m . ?m nif:anchorOf ?text }}
        OPTIONAL {{ ?pos prov:wasDerivedFrom ?src OPTIONAL {{ ?src dcterms:title ?srcTitle }} }} }} LIMIT 200""")
    view["positions"] = [{"title": _val(r, "title"), "of": _term(r, "of", "ofLabel"), "text": _val(r, "text"),
                          "src": _term(r, "src", "srcTitle")} for r in view["positions"]]
    holders = _q(f"""SELECT ?person ?personLabel ?title WHERE {{
        ?person kg:holdsPosition ?pos . ?pos kg:positionIn <{iri}> ; kg:title ?title .
        OPTIONAL {{ ?person rdfs:label ?personLabel }} }} LIMIT 500""")
    view["holders"] = [{"person": _term(r, "person", "personLabel"), "title": _val(r, "title")} for r in holders]
    member_of = _q(f"SELECT ?org ?orgLabel WHERE {{ <{iri}> kg:memberOf ?org OPTIONAL {{ ?org rdfs:label ?orgLabel }} }}")
    members = _q(f"SELECT ?m ?mLabel WHERE {{ ?m kg:memberOf <{iri}> OPTIONAL {{ ?m rdfs:label ?mLabel }} }}")
    view["member_of"] = [_term(r, "org", "orgLabel") for r in member_of]
    view["members"] = [_term(r, "m", "mLabel") for r in members]
    view["events"] = _events(f"?ev ?role <{iri}> . VALUES ?role {{ {_EVENT_ROLES} }}")
    if view["is_article"]:
        categories = " ".join(f"kg:{c}" for c in EVENT_CATEGORIES)
        view["events"] = _events(f"?ev prov:wasDerivedFrom <{iri}> ; a ?category . VALUES ?category {{ {categories} }}",
                                 role=False)
        mentioned = _q(f"SELECT ?e ?label WHERE {{ ?e kg:mentionedIn <{iri}> ; rdfs:label ?label }} ORDER BY ?label")
        view["mentioned"] = [_term(r, "e", "label") for r in mentioned]
    view["evidence"] = [{"text": _val(r, "text"), "src": _term(r, "src", "srcTitle")} for r in _q(f"""
        SELECT ?text ?src ?srcTitle WHERE {{ <{iri}> kg:evidence ?m . ?m nif:anchorOf ?text .
        OPTIONAL {{ ?m nif:referenceContext ?src OPTIONAL {{ ?src dcterms:title ?srcTitle }} }} }} LIMIT 200""")]
    return view


def _events(pattern: str, role: bool = True) -> list[dict]:
    rows = _q(f"""SELECT ?ev ?type ?date {'?role' if role else ''} ?text ?src ?srcTitle WHERE {{
        {pattern}
        ?ev a ?type .
        OPTIONAL {{ ?ev kg:date ?date }}
        OPTIONAL {{ ?ev kg:evidence ?m . ?m nif:anchorOf ?text }}
        OPTIONAL {{ ?ev prov:wasDerivedFrom ?src OPTIONAL {{ ?src dcterms:title ?srcTitle }} }}
    }} ORDER BY ?date ?ev LIMIT 1000""")
    events: OrderedDict[str, dict] = OrderedDict()
    for r in rows:
        ev = events.setdefault(_val(r, "ev"), {"href": link(_val(r, "ev")), "types": set(), "roles": set(),
                                              "date": _val(r, "date"), "evidence": [], "sources": {}})
        ev["types"].add(_local(_val(r, "type")))
        if role and _val(r, "role"):
            ev["roles"].add(_local(_val(r, "role")))
        if _val(r, "text") and _val(r, "text") not in ev["evidence"]:
            ev["evidence"].append(_val(r, "text"))
        src = _term(r, "src", "srcTitle")
        if src:
            ev["sources"][src["href"]] = src
    for ev in events.values():
        ev["types"] = sorted(ev["types"])
        ev["roles"] = sorted(ev["roles"])
        ev["sources"] = list(ev["sources"].values())
    return list(events.values())
