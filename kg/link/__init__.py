"""Wikidata linking: an offline knowledge base from the tables in kg/link/data. (Stub: being built.)

The API the extraction uses (kept stable; the linking work fills it in):

    kb = load_kb()                                   # cached, offline
    kb.gazetteer() -> Iterable[GazetteerEntry]       # surface names for spaCy's EntityRuler
    kb.lookup(name, type=None, context=None) -> Candidate | None
    link_facts(facts, kb) -> Facts                   # sets Entity.wikidata (and link_confidence) where sure
"""

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


@dataclass(frozen=True)
class Candidate:
    qid: str
    label: str
    type: str
    key: str
    confidence: float


def load_kb():
    return None


def link_facts(facts, kb):
    return facts
