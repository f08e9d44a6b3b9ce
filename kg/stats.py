"""stats(store): what the knowledge graph holds, counted with a few SPARQL queries (any backend)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from .stores import Store
from .vocab import DEFAULT_BASE, ENTITY_TYPES, EVENT_CATEGORIES, KG, OWL, WD

_COUNT_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  VALUES ?class {{ {classes} }}
  ?x a ?class .
}} GROUP BY ?class"""
_COUNT_ALL = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ VALUES ?class {{ {classes} }} ?x a ?class }}"


@dataclass
class Stats:
    triples: int  # distinct triples in the union of all graphs (what a query sees)
    quads: int  # stored statements: a triple repeated in two article graphs counts twice
    graphs: int
    articles: int
    entities: dict[str, int] = field(default_factory=dict)  # contract class -> distinct nodes
    events: dict[str, int] = field(default_factory=dict)  # contract category -> distinct nodes
    entities_total: int = 0  # distinct nodes of any contract entity class
    events_total: int = 0
    links: int = 0  # entities with an owl:sameAs to Wikidata

    def to_dict(self) -> dict[str, int | dict[str, int]]:
        return asdict(self)


def stats(store: Store, base_iri: str = DEFAULT_BASE) -> Stats:
    """Counts triples, articles, entities by class, events by category and Wikidata links."""
    # Only graphs under the base: a shared server (Virtuoso) also holds its own system graphs.
    mine = f"FILTER(STRSTARTS(STR(?g), {str(ox.Literal(base_iri))}))"
    return Stats(
        triples=_one(
            store,
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {mine} }} }}",
        ),
        quads=store.count(),
        graphs=len(store.graphs()),
        articles=_one(store, f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{KG.Article}> }}"),
        entities=_by_class(store, ENTITY_TYPES),
        events=_by_class(store, EVENT_CATEGORIES),
        entities_total=_one(store, _COUNT_ALL.format(classes=_values(ENTITY_TYPES))),
        events_total=_one(store, _COUNT_ALL.format(classes=_values(EVENT_CATEGORIES))),
        links=_one(
            store,
            f'SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e <{OWL.sameAs}> ?q FILTER(STRSTARTS(STR(?q), "{WD}")) }}',
        ),
    )


def _one(store: Store, sparql: str) -> int:
    row = next(iter(store.select(sparql)), None)
    return int(row[0].value) if row is not None and row[0] is not None else 0


def _by_class(store: Store, names: Iterable[str]) -> dict[str, int]:
    found = dict.fromkeys(names, 0)
    rows = store.select(_COUNT_BY_CLASS.format(classes=_values(names)))
    for row in rows:
        found[row["class"].value.removeprefix(str(KG))] = int(row["n"].value)
    return found


def _values(names: Iterable[str]) -> str:
    return " ".join(f"<{KG[n]}>" for n in names)
