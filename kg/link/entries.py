"""The two records the linking API hands out: gazetteer entries (names to find) and lookup candidates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GazetteerEntry:
    name: str  # a surface form to match: "Türkiye", "Turkish", "UAE", "Kabul"
    type: str  # Country | Place | Organization | Official | Person
    label: str  # the preferred label of the entity it names: "Turkey"
    key: str  # the entity key: "country/turkey" (rdf.Minter makes base + key)
    qid: str | None = None  # the Wikidata id, only from a listed source
    subtype: str | None = None  # finer kg: class local name: City, Region, IntergovernmentalOrganization, ...
    demonym: bool = False  # "Pakistani", "Afghan": names the country as an adjective
    exact: bool = False  # match case for case only ("US", "WHO", "AP"): the lower-case form is a common word
    country: str | None = None  # key of the country it belongs to (a city's, an official's), when known
    position: str | None = None  # an official's post as the source words it: "President of Turkey"


@dataclass(frozen=True)
class Candidate:
    qid: str
    label: str
    type: str
    key: str
    confidence: float
    subtype: str | None = None
    country: str | None = None  # the country's QID (a place's or an official's), when known
