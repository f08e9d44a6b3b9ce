"""The slice of Wikidata a news graph needs, as SPARQL queries in Wikidata's own RDF vocabulary.

Each part of the slice is a Task: a listing query that pages through item IRIs (keyset paging: items
after the last one seen, in IRI order, so a stopped fetch resumes where it was and an OFFSET never
has to skip millions of rows), then detail queries for a page of items (names, classes, country,
description, and for people their P39 posts with start and end). Only plain SPARQL 1.1 is used (no
label SERVICE), so a local server holding a Wikidata-shaped sample answers exactly as the public one.

The class ids below are the ones kg/link/wdtypes.py already maps to newskg types; more can be asked
for with `--classes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocab import RDFS, SCHEMA_HTTP, SKOS, WD, WDP, WDPQ, WDPS, WDT, WIKIBASE

PREFIXES = f"""PREFIX wd: <{WD}>
PREFIX wdt: <{WDT}>
PREFIX p: <{WDP}>
PREFIX ps: <{WDPS}>
PREFIX pq: <{WDPQ}>
PREFIX wikibase: <{WIKIBASE}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
PREFIX schema: <{SCHEMA_HTTP}>
"""
ENTITY = str(WD)
_QID = re.compile(r"^Q[1-9][0-9]*$")

# Cities smaller than this are seldom what a news text means by their name (the shipped tables use the same bar).
MIN_CITY_POPULATION = 100_000


@dataclass(frozen=True)
class Task:
    """One part of the slice: items of some classes, read as one newskg type."""

    name: str
    type: str  # Country | Place | Organization | Official
    subtype: str | None
    classes: tuple[str, ...] = ()  # P31 values; empty for the people task
    min_population: int = 0

    def listing(self, after: str, limit: int, since: int) -> str:
        """Up to `limit` item IRIs after `after` (an IRI, or "" for the start), in IRI order."""
        if self.type == "Official":
            # The "whose post" test as EXISTS, not a UNION joined in: the join made Oxigraph read every
            # person's posts three times over for each page (1.9 s a page at 5,000 people; 0.3 s so).
            pattern = f"""?item p:P39 ?st . ?st ps:P39 ?post .
  ?item wdt:P31 wd:Q5 .
  OPTIONAL {{ ?st pq:P582 ?end }}
  FILTER(!BOUND(?end) || YEAR(?end) >= {int(since)})
  FILTER(EXISTS {{ ?st pq:P642 ?a }} || EXISTS {{ ?post wdt:P1001 ?b }} || EXISTS {{ ?post wdt:P17 ?c }})"""
        else:
            values = " ".join(f"wd:{c}" for c in self.classes)
            pattern = f"VALUES ?class {{ {values} }}\n  ?item wdt:P31 ?class ."
            if self.min_population:
                pattern += f"\n  ?item wdt:P1082 ?population . FILTER(?population >= {int(self.min_population)})"
        return (
            PREFIXES
            + f"""SELECT DISTINCT ?item WHERE {{
  {pattern}
  FILTER(STR(?item) > "{_escape(after)}")
}}
ORDER BY STR(?item)
LIMIT {int(limit)}"""
        )


def details_query(qids: list[str]) -> str:
    """English label, aliases and official names, P31 classes, P17 country and description of the items."""
    return (
        PREFIXES
        + f"""SELECT ?item ?label ?alias ?class ?country ?description WHERE {{
  VALUES ?item {{ {_values(qids)} }}
  {{ ?item rdfs:label ?label FILTER(LANG(?label) = "en") }}
  UNION {{ ?item skos:altLabel ?alias FILTER(LANG(?alias) = "en") }}
  UNION {{ ?item wdt:P1448 ?alias FILTER(LANG(?alias) = "en") }}
  UNION {{ ?item wdt:P31 ?class }}
  UNION {{ ?item wdt:P17 ?country }}
  UNION {{ ?item schema:description ?description FILTER(LANG(?description) = "en") }}
}}"""
    )


def posts_query(qids: list[str]) -> str:
    """Every non-deprecated P39 statement of the people: the post, its English label, start, end and whose post."""
    return (
        PREFIXES
        + f"""SELECT ?item ?st ?post ?postLabel ?start ?end ?of WHERE {{
  VALUES ?item {{ {_values(qids)} }}
  ?item p:P39 ?st . ?st ps:P39 ?post .
  OPTIONAL {{ ?st wikibase:rank ?rank }}
  FILTER(!BOUND(?rank) || ?rank != wikibase:DeprecatedRank)
  OPTIONAL {{ ?st pq:P580 ?start }}
  OPTIONAL {{ ?st pq:P582 ?end }}
  OPTIONAL {{ ?post rdfs:label ?postLabel FILTER(LANG(?postLabel) = "en") }}
  OPTIONAL {{ ?st pq:P642 ?ofQualifier }}
  OPTIONAL {{ ?post wdt:P1001 ?ofJurisdiction }}
  OPTIONAL {{ ?post wdt:P17 ?ofCountry }}
  BIND(COALESCE(?ofQualifier, ?ofJurisdiction, ?ofCountry) AS ?of)
}}"""
    )


def default_tasks(extra_classes: tuple[str, ...] = (), min_population: int = MIN_CITY_POPULATION) -> list[Task]:
    """The default slice, countries first (an item found by two tasks keeps the first task's type)."""
    tasks = [
        Task("sovereign states", "Country", None, ("Q3624078", "Q6256")),
        Task("first-level regions", "Place", "Region", ("Q10864048", "Q34876", "Q107390")),
        Task("cities", "Place", "City", ("Q515", "Q1549591", "Q5119", "Q1637706", "Q200250"), min_population),
        Task(
            "intergovernmental organisations", "Organization", "IntergovernmentalOrganization", ("Q245065", "Q484652")
        ),
        Task("alliances", "Organization", "Alliance", ("Q1127126",)),
        Task("armed groups and forces", "Organization", None, ("Q17149090",)),
        Task("political parties", "Organization", "PoliticalParty", ("Q7278",)),
        Task("government bodies", "Organization", "GovernmentBody", ("Q2659904", "Q327333")),
        Task("office holders", "Official", None),
    ]
    if extra_classes:
        tasks.insert(-1, Task("classes given", "Organization", None, tuple(extra_classes)))
    return tasks


def parse_classes(spec: str | None) -> tuple[str, ...]:
    """ "Q123,Q456" (or "wd:Q123 Q456") -> ("Q123", "Q456"); anything that is not an item id is an error."""
    if not spec:
        return ()
    out = []
    for part in re.split(r"[,\s]+", spec.strip()):
        qid = part.removeprefix("wd:").removeprefix(ENTITY)
        if not _QID.match(qid):
            raise ValueError(f"not a Wikidata item id: {part!r}")
        out.append(qid)
    return tuple(out)


def qid_of(iri: str) -> str | None:
    """ "http://www.wikidata.org/entity/Q5" -> "Q5"; None for anything else (a blank node, a literal, a P id)."""
    if iri.startswith(ENTITY):
        local = iri[len(ENTITY) :]
        return local if _QID.match(local) else None
    return None


def _values(qids: list[str]) -> str:
    for q in qids:
        if not _QID.match(q):
            raise ValueError(f"not a Wikidata item id: {q!r}")
    return " ".join(f"wd:{q}" for q in qids)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
