"""Pictures, each a view over a saved query's rows with the same rows as a table beside it: /network (who acts
with whom: queries/co-participants.rq, drawn by Cytoscape.js), /timeline (queries/timeline.rq, drawn with D3) and
/map (queries/events-by-place.rq, placed by kg.web.coordinates on world-atlas's Natural Earth countries, with D3).
The rows go into the page as JSON in a <script type="application/json"> element (the CSP forbids inline script);
static/network.js and static/timeline.js draw them with the libraries served from node_modules."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TypedDict

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from .. import saved_queries as sq
from ..errors import QueryError
from ..naming import humanise, local_name
from ..sparql.results import Term
from ..vocab import EVENT_CATEGORIES
from .coordinates import locate
from .http import link
from .names import names_for
from .pages import vendor_installed
from .saved_queries import run_saved

bp = Blueprint("pictures", __name__)

# One colour per event category, shared by the pictures, their legends and their tables (Tableau-like,
# colour-blind aware).
COLOURS = dict(
    zip(
        EVENT_CATEGORIES,
        (
            "#4e79a7",
            "#f28e2b",
            "#59a14f",
            "#76b7b2",
            "#edc948",
            "#b07aa1",
            "#e15759",
            "#9c755f",
            "#bab0ac",
            "#ff9da7",
            "#86bcb6",
            "#8cd17d",
            "#d37295",
        ),
        strict=True,
    )
)


def _params() -> dict[str, str]:
    return {k: request.args.get(k, "").strip() for k in ("entity", "from", "to") if request.args.get(k, "").strip()}


def _focus(given: dict[str, str]) -> str:
    """The entity a picture is about, as people call it (its label when it was given as an IRI)."""
    entity = given.get("entity", "")
    if entity.startswith(("http://", "https://")):
        return names_for([entity]).get(entity, entity)
    return entity


def _run(name: str, given: dict[str, str]) -> tuple[sq.QueryResult | None, str | None, list[str]]:
    """(result, error, did-you-mean names) of a saved query run for a picture."""
    try:
        return run_saved(name, given), None, []
    except sq.ParameterError as err:
        return None, err.reason.split(" (did you mean")[0], list(getattr(err, "suggestions", []))
    except QueryError as err:
        return None, str(err), []


def _value(term: Term | None) -> str:
    """The value of a variable the saved query always binds (an IRI or a literal)."""
    assert isinstance(term, ox.NamedNode | ox.Literal), f"a bound IRI or literal, not {term}"
    return term.value


def _optional(term: Term | None) -> str | None:
    """The value of an OPTIONAL variable, None when it is unbound."""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else None


class NetworkNode(TypedDict):
    id: str
    label: str
    href: str
    weight: int  # the events it shares with the others drawn


class NetworkEdge(TypedDict):
    source: str
    target: str
    category: str
    colour: str
    events: int
    sourceLabel: str
    targetLabel: str


class Network(TypedDict):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class TimelinePoint(TypedDict):
    href: str
    category: str
    label: str
    colour: str
    date: str
    title: str


class Timeline(TypedDict):
    points: list[TimelinePoint]
    years: list[str]
    counts: dict[str, Counter[str]]  # year -> category -> events


class MapItem(TypedDict):
    label: str
    href: str
    events: int


class MapPoint(MapItem):
    lat: float
    lon: float


class PlaceMap(TypedDict):
    points: list[MapPoint]
    unplaced: list[MapItem]  # places the knowledge base cannot locate


def network_data(result: sq.QueryResult) -> Network:
    """Nodes (with their total number of shared events) and edges (pair, category, events) from the rows."""
    nodes: dict[str, NetworkNode] = {}
    edges: list[NetworkEdge] = []
    for row in result.rows:
        a, b, category, n = (
            _value(row["a"]),
            _value(row["b"]),
            local_name(_value(row["category"])),
            int(_value(row["events"])),
        )
        for iri, label in ((a, _value(row["aLabel"])), (b, _value(row["bLabel"]))):
            node = nodes.setdefault(iri, {"id": iri, "label": label, "href": link(iri), "weight": 0})
            node["weight"] += n
        edges.append(
            {
                "source": a,
                "target": b,
                "category": category,
                "colour": COLOURS.get(category, "#999"),
                "events": n,
                "sourceLabel": nodes[a]["label"],
                "targetLabel": nodes[b]["label"],
            }
        )
    return {"nodes": sorted(nodes.values(), key=lambda n: -n["weight"]), "edges": edges}


@bp.route("/network")
def network() -> Response:
    given = _params()
    result, error, near = _run("co-participants", given)
    data: Network = network_data(result) if result else {"nodes": [], "edges": []}
    used = sorted({e["category"] for e in data["edges"]}, key=EVENT_CATEGORIES.index)
    return Response(
        render_template(
            "network.html",
            data=data,
            given=given,
            error=error,
            near=near,
            focus=_focus(given),
            legend=[(c, humanise(c), COLOURS[c]) for c in used],
            installed=vendor_installed(),
        ),
        status=400 if error else 200,
        mimetype="text/html",
    )


def timeline_data(result: sq.QueryResult) -> Timeline:
    """Points (event, category, date, title) and the counts by category and year for the table."""
    events = [(_value(r["event"]), local_name(_value(r["category"])), _value(r["date"])) for r in result.rows]
    names = names_for({e for e, _, _ in events})
    points: list[TimelinePoint] = [
        {
            "href": link(e),
            "category": c,
            "label": humanise(c),
            "colour": COLOURS.get(c, "#999"),
            "date": d,
            "title": names.get(e, e),
        }
        for e, c, d in events
    ]
    by_year: dict[str, Counter[str]] = defaultdict(Counter)
    for _, c, d in events:
        by_year[d[:4]][c] += 1
    return {"points": points, "years": sorted(by_year), "counts": by_year}


@bp.route("/timeline")
def timeline() -> Response:
    given = _params()
    result, error, near = _run("timeline", given)
    data: Timeline = timeline_data(result) if result else {"points": [], "years": [], "counts": {}}
    used = [c for c in EVENT_CATEGORIES if any(p["category"] == c for p in data["points"])]
    return Response(
        render_template(
            "timeline.html",
            data=data,
            given=given,
            error=error,
            near=near,
            focus=_focus(given),
            categories=[(c, humanise(c), COLOURS[c]) for c in used],
            installed=vendor_installed(),
        ),
        status=400 if error else 200,
        mimetype="text/html",
    )


def map_data(result: sq.QueryResult) -> PlaceMap:
    """Points (place, events, where) for the places the knowledge base can locate; the others listed apart."""
    points: list[MapPoint] = []
    unplaced: list[MapItem] = []
    for row in result.rows:
        place, label, events = _value(row["place"]), _value(row["placeLabel"]), int(_value(row["events"]))
        where = locate(_optional(row["wikidata"]))
        item: MapItem = {"label": label, "href": link(place), "events": events}
        if where:
            points.append({**item, "lat": where[0], "lon": where[1]})
        else:
            unplaced.append(item)
    return {"points": points, "unplaced": unplaced}


@bp.route("/map")
def world_map() -> Response:
    given = _params()
    result, error, near = _run("events-by-place", given)
    data: PlaceMap = map_data(result) if result else {"points": [], "unplaced": []}
    return Response(
        render_template(
            "map.html",
            data=data,
            given=given,
            error=error,
            near=near,
            focus=_focus(given),
            installed=vendor_installed(),
        ),
        status=400 if error else 200,
        mimetype="text/html",
    )
