"""Search: /search?q= lists the entities whose name or alias contains the words (with their type, the number of
articles that mention them and their Wikidata id), /search/suggest?q= is the same as JSON for the search box's
suggestions, and an unknown name gets "did you mean" from the closest names in the graph."""

from __future__ import annotations

import json
import re
import time
from typing import TypedDict

from flask import Blueprint, Response, current_app, render_template, request

from ..naming import closest
from ..vocab import ENTITY_TYPES, WD
from .facts import lit, q
from .http import link

bp = Blueprint("search", __name__)

_QID = re.compile(r"^[Qq][1-9][0-9]*$")
MAX_RESULTS = 50
MAX_SUGGESTIONS = 8
MATCHED = 2000
CANDIDATES = 200  # matched entities whose details are fetched and counted before the best are shown
NAMES_PAGE = 5000
NAMES_TTL = 60.0  # seconds the list of names for "did you mean" is reused: it changes only when articles are added


def _type_of(classes: str) -> str:
    """The most specific contract class of an entity (Official over Person)."""
    names = {c.rsplit("#", 1)[-1] for c in classes.split(" ") if c}
    for t in ("Official", "Person", "Country", "Place", "Organization"):
        if t in names:
            return t
    return next(iter(sorted(names)), "")


class Found(TypedDict):
    """One entity a search found, as the results page and the suggestions' JSON show it."""

    label: str
    type: str
    href: str
    count: int  # the articles that mention it
    wikidata: str  # its Q-id, or ""
    alias: str  # the alias that matched, when the label does not contain the words


class _Details(TypedDict, total=False):
    types: list[str]
    qid: str
    label: str
    count: int


def find(text: str, kind: str = "", limit: int = MAX_RESULTS) -> list[Found]:
    """Entities matching `text` (a name, part of one, or a Wikidata id), best first: exact, then prefix, then by
    how many articles mention them. One row per entity however many of its names match.

    Two small queries rather than one join: Oxigraph's union graph repeats an entity's label, class and
    Wikidata link once per article that mentions it, so joining them multiplies the rows (measured: 30 s for
    "united kingdom" on 400 BBC articles); matched names first, then the details of the best few."""
    text = " ".join(text.split())[:200]
    if not text:
        return []
    low = text.lower()
    # EXISTS, not a join: an entity's class is stated once per article and a join would repeat its names as often.
    only = f"FILTER EXISTS {{ ?e a kg:{kind} }}" if kind in ENTITY_TYPES else ""
    if _QID.match(text):
        match = f"?e owl:sameAs <{WD}{text.upper()}> ; rdfs:label ?name ."
    else:
        match = (
            f"{{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }} "
            f"FILTER(CONTAINS(LCASE(STR(?name)), {lit(low)}))"
        )
    best: dict[str, tuple[int, str]] = {}
    # Past MATCHED names (a two-letter prefix on a big graph), the exact and prefix matches and short names are kept.
    for r in q(
        f"SELECT DISTINCT ?e ?name WHERE {{ {match} {only} }} ORDER BY DESC(LCASE(STR(?name)) = {lit(low)}) "
        f"DESC(STRSTARTS(LCASE(STR(?name)), {lit(low)})) STRLEN(?name) LIMIT {MATCHED}"
    ):
        name = r["name"]["value"]
        score = 2 if name.lower() == low or _QID.match(text) else 1 if name.lower().startswith(low) else 0
        e = r["e"]["value"]
        if e not in best or score > best[e][0]:
            best[e] = (score, name)
    # The candidates most likely wanted (exact, prefix, shorter names), then counted and ordered by mentions.
    candidates = sorted(best, key=lambda e: (-best[e][0], len(best[e][1]), best[e][1]))[:CANDIDATES]
    details = _details(candidates)
    scored: list[tuple[int, Found]] = []
    for e in candidates:
        d = details.get(e, {})
        if not any(t.rsplit("#", 1)[-1] in ENTITY_TYPES for t in d.get("types", [])):
            continue  # a label on something that is not an entity (a class, an event)
        label = d.get("label") or best[e][1]
        matched = best[e][1]
        scored.append(
            (
                best[e][0],
                {
                    "label": label,
                    "type": _type_of(" ".join(d.get("types", []))),
                    "href": link(e),
                    "count": d.get("count", 0),
                    "wikidata": d.get("qid", ""),
                    # The alias is worth showing only when it is what matched, not the label.
                    "alias": matched if low not in label.lower() and matched != label else "",
                },
            )
        )
    scored.sort(key=lambda pair: (-pair[0], -pair[1]["count"], pair[1]["label"]))
    return [found for _, found in scored][:limit]


def _details(iris: list[str]) -> dict[str, _Details]:
    """Label, classes, Wikidata id and number of articles of each entity, each made DISTINCT before counting."""
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in iris)
    out: dict[str, _Details] = {i: {"types": []} for i in iris}
    for r in q(f"""SELECT DISTINCT ?e ?k ?v WHERE {{ VALUES ?e {{ {values} }}
            {{ ?e rdfs:label ?v BIND("label" AS ?k) }} UNION {{ ?e a ?v BIND("type" AS ?k) }}
            UNION {{ ?e owl:sameAs ?v BIND("qid" AS ?k) }} }}"""):
        d, k, v = out[r["e"]["value"]], r["k"]["value"], r["v"]["value"]
        if k == "type":
            d.setdefault("types", []).append(v)
        elif k == "qid" and v.startswith(str(WD)):
            d["qid"] = v.rsplit("/", 1)[-1]
        elif k == "label":
            d["label"] = min(d.get("label", v), v)
    for r in q(
        f"SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {{ VALUES ?e {{ {values} }} ?e kg:mentionedIn ?a }} GROUP BY ?e"
    ):
        out[r["e"]["value"]]["count"] = int(r["n"]["value"])
    return out


def all_names() -> list[str]:
    """Every label and alias in the graph, cached for NAMES_TTL seconds per server process."""
    cache = current_app.extensions.setdefault("kg_names", {"at": 0.0, "names": []})
    if time.monotonic() - cache["at"] > NAMES_TTL:
        names: set[str] = set()
        for offset in range(0, 200_000, NAMES_PAGE):  # in pages: a result is capped below the graph's size
            rows = q(
                f"SELECT DISTINCT ?name WHERE {{ {{ ?e rdfs:label ?name }} UNION {{ ?e skos:altLabel ?name }} }} "
                f"ORDER BY ?name LIMIT {NAMES_PAGE} OFFSET {offset}",
                max_rows=NAMES_PAGE,
            )
            names.update(r["name"]["value"] for r in rows)
            if len(rows) < NAMES_PAGE:
                break
        cache["names"], cache["at"] = sorted(names), time.monotonic()
    names_now: list[str] = cache["names"]
    return names_now


def did_you_mean(text: str, n: int = 5) -> list[str]:
    """The names closest to an unknown one ('Pakistn' -> 'Pakistan'), compared without case."""
    return closest(text, all_names(), n)


@bp.route("/search")
def search_page() -> Response:
    text, kind = request.args.get("q", "").strip(), request.args.get("type", "")
    results = find(text, kind) if text else []
    suggestions = did_you_mean(text) if text and not results else []
    return Response(
        render_template("search.html", q=text, kind=kind, results=results, suggestions=suggestions, types=ENTITY_TYPES),
        mimetype="text/html",
    )


@bp.route("/search/suggest")
def suggest() -> Response:
    text = request.args.get("q", "").strip()
    results = find(text, request.args.get("type", ""), MAX_SUGGESTIONS) if len(text) >= 2 else []
    body = {"q": text, "results": results, "did_you_mean": did_you_mean(text) if len(text) >= 3 and not results else []}
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
