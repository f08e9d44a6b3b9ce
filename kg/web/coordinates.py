"""Where a place is on the map, by its Wikidata id, from the tables the offline knowledge base already ships
(kg/link/data: Natural Earth populated places, dr5hn regions, Natural Earth countries). A country is drawn at its
capital: the knowledge base has no centroid, and a capital is where a country's news is usually made."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "link" / "data"


def _rows(name: str) -> list[dict[str, str]]:
    path = DATA / name
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _point(row: dict[str, str]) -> tuple[float, float] | None:
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


@lru_cache(maxsize=1)
def coordinates() -> dict[str, tuple[float, float]]:
    """{'Q1435': (lat, lon)} for every place, region and country the knowledge base can put on a map."""
    out: dict[str, tuple[float, float]] = {}
    capitals: dict[str, tuple[float, float]] = {}
    for row in _rows("regions-wikidata.csv") + _rows("places-wikidata.csv"):  # a city's own point wins
        point = _point(row)
        if point and row.get("wikidata_qid"):
            out[row["wikidata_qid"]] = point
        if point and row.get("adm0cap") == "1" and row.get("iso_a2"):
            capitals.setdefault(row["iso_a2"], point)
    for row in _rows("countries-wikidata.csv"):
        point = capitals.get(row.get("iso_a2") or "")
        if point and row.get("wikidata_qid"):
            out.setdefault(row["wikidata_qid"], point)
    return out


def locate(wikidata_iri: str | None) -> tuple[float, float] | None:
    """The point of an entity linked to `http://www.wikidata.org/entity/Q…`, or None."""
    if not wikidata_iri:
        return None
    return coordinates().get(wikidata_iri.rsplit("/", 1)[-1])
