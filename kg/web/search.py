"""Search: /search?q= lists the entities whose name or alias contains the words (with their type, the number of
articles that mention them and their Wikidata id), /search/suggest?q= is the same as JSON for the search box's
suggestions, and an unknown name gets "did you mean" from the closest names in the graph."""

from __future__ import annotations

import difflib
import json
import re
import time

from flask import Blueprint, Response, current_app, render_template, request

from ..vocab import ENTITY_TYPES, WD
from .facts import lit, q
from .http import link

bp = Blueprint("search", __name__)

_QID = re.compile(r"^[Qq][1-9][0-9]*$")
MAX_RESULTS = 50
MAX_SUGGESTIONS = 8
NAMES_TTL = 60.0  # seconds the list of names for "did you mean" is reused: it changes only when articles are added


def _type_of(classes: str) -> str:
    """The most specific contract class of an entity (Official over Person)."""
    names = {c.rsplit("#", 1)[-1] for c in classes.split(" ") if c}
    for t in ("Official", "Person", "Country", "Place", "Organization"):
        if t in names:
            return t
    return next(iter(sorted(names)), "")


def find(text: str, kind: str = "", limit: int = MAX_RESULTS) -> list[dict]:
    """Entities matching `text` (a name, part of one, or a Wikidata id), best first: exact, then prefix, then by
    how many articles mention them. One row per entity however many of its names match."""
    text = " ".join(text.split())[:200]
    if not text:
        return []
    needle = lit(text.lower())
    if _QID.match(text):
        match = f"?e owl:sameAs <{WD}{text.upper()}> . ?e rdfs:label ?matched0 . BIND(2 AS ?score)"
    else:
        match = f"""{{ SELECT DISTINCT ?e ?matched0 WHERE {{ {{ ?e rdfs:label ?matched0 }} UNION {{ ?e skos:altLabel ?matched0 }}
            FILTER(CONTAINS(LCASE(STR(?matched0)), {needle})) }} }}
          BIND(IF(LCASE(STR(?matched0)) = {needle}, 2, IF(STRSTARTS(LCASE(STR(?matched0)), {needle}), 1, 0)) AS ?score)"""
    only = f"?e a kg:{kind} ." if kind in ENTITY_TYPES else ""
    rows = q(f"""SELECT ?e (SAMPLE(?label0) AS ?label) (GROUP_CONCAT(DISTINCT STR(?cls); separator=" ") AS ?classes)
          (SAMPLE(?matched0) AS ?matched) (MAX(?score) AS ?rank) (COUNT(DISTINCT ?a) AS ?n) (SAMPLE(?q0) AS ?qid)
        WHERE {{ {match} {only}
          ?e a ?cls . VALUES ?cls {{ {' '.join('kg:' + t for t in ENTITY_TYPES)} }}
          ?e rdfs:label ?label0 .
          OPTIONAL {{ ?e kg:mentionedIn ?a }}
          OPTIONAL {{ ?e owl:sameAs ?q0 }}
        }} GROUP BY ?e ORDER BY DESC(?rank) DESC(?n) ?label LIMIT {int(limit)}""")
    out = []
    for r in rows:
        label, matched = r["label"]["value"], r.get("matched", {}).get("value", "")
        qid = r.get("qid", {}).get("value", "")
        out.append({"label": label, "type": _type_of(r["classes"]["value"]), "href": link(r["e"]["value"]),
                    "count": int(r["n"]["value"]), "wikidata": qid.rsplit("/", 1)[-1] if qid.startswith(str(WD)) else "",
                    # The alias is worth showing only when it is what matched, not the label.
                    "alias": matched if matched and text.lower() not in label.lower() else ""})
    return out


def all_names() -> list[str]:
    """Every label and alias in the graph, cached for NAMES_TTL seconds per server process."""
    cache = current_app.extensions.setdefault("kg_names", {"at": 0.0, "names": []})
    if time.monotonic() - cache["at"] > NAMES_TTL:
        rows = q("SELECT DISTINCT ?name WHERE { { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name } "
                 f"?e a ?cls . VALUES ?cls {{ {' '.join('kg:' + t for t in ENTITY_TYPES)} }} }}")
        cache["names"], cache["at"] = sorted({r["name"]["value"] for r in rows}), time.monotonic()
    return cache["names"]


def did_you_mean(text: str, n: int = 5) -> list[str]:
    """The names closest to an unknown one ('Pakistn' -> 'Pakistan'), compared without case."""
    names = all_names()
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(name.lower(), name)
    return [by_lower[m] for m in difflib.get_close_matches(text.lower(), list(by_lower), n=n, cutoff=0.6)]


@bp.route("/search")
def search_page():
    text, kind = request.args.get("q", "").strip(), request.args.get("type", "")
    results = find(text, kind) if text else []
    suggestions = did_you_mean(text) if text and not results else []
    return Response(render_template("search.html", q=text, kind=kind, results=results, suggestions=suggestions,
                                    types=ENTITY_TYPES), mimetype="text/html")


@bp.route("/search/suggest")
def suggest():
    text = request.args.get("q", "").strip()
    results = find(text, request.args.get("type", ""), MAX_SUGGESTIONS) if len(text) >= 2 else []
    body = {"q": text, "results": results, "did_you_mean": did_you_mean(text) if len(text) >= 3 and not results else []}
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
