"""Wikidata classes (P31 values) mapped to newskg's entity types: for imported dump lines and online results."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict

# An entity in Wikidata's JSON (a dump line, or one of wbgetentities' answer): read with .get(), whatever it holds.
WikidataEntity = dict[str, Any]


class HeldPost(TypedDict):
    """One P39 (position held) statement: the post's item, whose post it is, from and to (ISO days), its id."""

    post: str
    of: str | None
    start: str | None
    end: str | None
    statement: str | None


# class QID -> (type, subtype). Only classes whose instances are unmistakably one of our types.
CLASSES: dict[str, tuple[str, str | None]] = {
    "Q6256": ("Country", None),  # country
    "Q3624078": ("Country", None),  # sovereign state
    "Q515": ("Place", "City"),  # city
    "Q1549591": ("Place", "City"),  # big city
    "Q5119": ("Place", "City"),  # capital city
    "Q1637706": ("Place", "City"),  # city with millions of inhabitants
    "Q200250": ("Place", "City"),  # metropolis
    "Q3957": ("Place", "City"),  # town
    "Q486972": ("Place", "City"),  # human settlement
    "Q10864048": ("Place", "Region"),  # first-level administrative country subdivision
    "Q34876": ("Place", "Region"),  # province
    "Q107390": ("Place", "Region"),  # federated state
    "Q43229": ("Organization", None),  # organization
    "Q484652": ("Organization", "IntergovernmentalOrganization"),  # international organization
    "Q245065": ("Organization", "IntergovernmentalOrganization"),  # intergovernmental organization
    "Q1127126": ("Organization", "Alliance"),  # military alliance
    "Q192283": ("Organization", "NewsAgency"),  # news agency
    "Q1331793": ("Organization", "MediaOrganization"),  # media company
    "Q1002697": ("Organization", "MediaOrganization"),  # periodical
    "Q7278": ("Organization", "PoliticalParty"),  # political party
    "Q17149090": ("Organization", None),  # armed organization (armed forces or a militant group)
    "Q2659904": ("Organization", "GovernmentBody"),  # government organization
    "Q327333": ("Organization", "GovernmentBody"),  # government agency
    "Q5": ("Person", None),  # human
}

# Types (and subtypes) a user may write in the CSV's `type` column.
CSV_TYPES: dict[str, tuple[str, str | None]] = {
    "country": ("Country", None),
    "place": ("Place", None),
    "city": ("Place", "City"),
    "region": ("Place", "Region"),
    "province": ("Place", "Region"),
    "state": ("Place", "Region"),
    "organization": ("Organization", None),
    "organisation": ("Organization", None),
    "person": ("Person", None),
    "official": ("Official", None),
    "human": ("Person", None),
}


def type_of_classes(classes: Iterable[str]) -> tuple[str, str | None] | None:
    """Our (type, subtype) for an item's P31 classes, or None when none is known or they disagree."""
    found = {CLASSES[c] for c in classes if c in CLASSES}
    types = {t for t, _ in found}
    if len(types) != 1:
        return None
    subtypes = sorted({s for _, s in found if s})
    return types.pop(), subtypes[0] if len(subtypes) == 1 else None


def p31_of(entity: WikidataEntity) -> list[str]:
    """The P31 (instance of) values of an entity in Wikidata's JSON (dump line or wbgetentities)."""
    return _item_values(entity, "P31")


def p17_of(entity: WikidataEntity) -> str | None:
    """The first P17 (country) value, or None."""
    values = _item_values(entity, "P17")
    return values[0] if values else None


def p39_of(entity: WikidataEntity) -> list[HeldPost]:
    """The P39 (position held) statements of an entity in Wikidata's JSON: post, start, end, of, statement id."""
    out: list[HeldPost] = []
    for claim in (entity.get("claims") or {}).get("P39", []):
        post = _item_id(((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value"))
        if claim.get("rank") == "deprecated" or post is None:
            continue
        qualifiers = claim.get("qualifiers") or {}
        start, end = _first_value(qualifiers, "P580"), _first_value(qualifiers, "P582")
        out.append(
            {
                "post": post,
                "of": _item_id(_first_value(qualifiers, "P642")),
                "statement": claim.get("id"),
                "start": _time(start),
                "end": _time(end),
            }
        )
    return out


def _first_value(qualifiers: dict[str, Any], prop: str) -> Any:
    """The value of a statement's first qualifier of `prop` that has one (Any: a time, an item, ...), or None."""
    for snak in qualifiers.get(prop, []):
        value = (snak.get("datavalue") or {}).get("value")
        if value is not None:
            return value
    return None


def _time(value: object) -> str | None:
    """A time value ({"time": "+2019-05-30T00:00:00Z", ...}) as "2019-05-30"; None before year 1 or absent."""
    text: str | None = value.get("time") if isinstance(value, dict) else None
    if not text or not text.startswith("+"):
        return None
    return text[1:11]


def _item_id(value: object) -> str | None:
    if isinstance(value, dict):
        qid: str | None = value.get("id") or (f"Q{value['numeric-id']}" if "numeric-id" in value else None)
        return qid
    return None


def _item_values(entity: WikidataEntity, prop: str) -> list[str]:
    out = []
    for claim in (entity.get("claims") or {}).get(prop, []):
        if claim.get("rank") == "deprecated":
            continue
        value = ((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict):
            qid = value.get("id") or (f"Q{value['numeric-id']}" if "numeric-id" in value else None)
            if qid:
                out.append(qid)
    return out
