"""The store side of linking: which entities have no Wikidata link (report), and linking them in place (relink).

Relinking adds `owl:sameAs wd:Q…` to entity nodes that have none, in every article graph where
the node has its label, so a user who imported entries (or turned on online reconciliation)
does not have to extract the articles again. It never removes or changes an existing link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..stores import Change, Store
from ..vocab import KG, OWL, RDFS, SCHEMA, SKOS, WD
from .posts import PostEvidence

if TYPE_CHECKING:
    from .kb import KnowledgeBase
    from .online import WikidataOnline

OWL_SAME_AS = str(OWL.sameAs)
# The contract's entity classes, the most specific first (an Official is also a Person).
ENTITY_TYPES = ("Country", "Official", "Person", "Organization", "Place")
_PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX rdfs: <{RDFS}>
PREFIX skos: <{SKOS}>
PREFIX owl: <{OWL}>
PREFIX schema: <{SCHEMA}>
"""

UNLINKED = (
    _PREFIXES
    + """
SELECT ?e (SAMPLE(?label) AS ?name) (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?types)
       (COUNT(DISTINCT ?a) AS ?articles)
WHERE {
  ?e kg:mentionedIn ?a ; rdfs:label ?label ; a ?t .
  FILTER NOT EXISTS { ?e owl:sameAs ?linked }
}
GROUP BY ?e
ORDER BY DESC(?articles) ?name
"""
)


def _names_query(iri: str) -> str:
    """The graphs where the entity has a label or altLabel, with those names."""
    return (
        _PREFIXES
        + f"""
SELECT DISTINCT ?g ?name WHERE {{
  GRAPH ?g {{ VALUES ?p {{ rdfs:label skos:altLabel }} <{iri}> ?p ?name }}
}}"""
    )


def _evidence_query(iri: str) -> str:
    """The dates of the articles that name the person, and the Wikidata items of the bodies of its posts there."""
    return (
        _PREFIXES
        + f"""
SELECT DISTINCT ?date ?of WHERE {{
  GRAPH ?g {{
    <{iri}> kg:mentionedIn ?a .
    OPTIONAL {{ ?a schema:datePublished ?date }}
    OPTIONAL {{ <{iri}> kg:holdsPosition ?p . ?p kg:positionIn ?o . ?o owl:sameAs ?of }}
  }}
}}"""
    )


def _neighbours_query(iri: str) -> str:
    """QIDs of the entities that share an article with the entity: the context that breaks ties."""
    return (
        _PREFIXES
        + f"""
SELECT DISTINCT ?same WHERE {{
  GRAPH ?g {{ <{iri}> kg:mentionedIn ?a . ?other kg:mentionedIn ?a ; owl:sameAs ?same }}
  FILTER (?other != <{iri}>)
}}"""
    )


@dataclass
class Unlinked:
    iri: str
    label: str
    type: str | None  # the contract type, when the node has one
    subtype: str | None
    articles: int


@dataclass
class RelinkResult:
    linked: list[tuple[str, str, str]] = field(default_factory=list)  # (iri, label, qid)
    unresolved: int = 0
    quads: int = 0


def unlinked_entities(store: Store, limit: int | None = None) -> list[Unlinked]:
    """The store's entities with no owl:sameAs, most mentioned (in most articles) first."""
    out = []
    for sol in store.select(UNLINKED):
        types = [t.rsplit("#", 1)[-1] for t in sol["types"].value.split()] if sol["types"] else []
        out.append(
            Unlinked(
                iri=sol["e"].value,
                label=sol["name"].value if sol["name"] else "",
                type=next((t for t in ENTITY_TYPES if t in types), None),
                subtype=next((t for t in ("City", "Region") if t in types), None),
                articles=int(sol["articles"].value),
            )
        )
        if limit is not None and len(out) >= limit:
            break
    return out


def relink(
    store: Store, kb: KnowledgeBase, online: WikidataOnline | None = None, dry_run: bool = False
) -> RelinkResult:
    """Links the store's unlinked entities that the knowledge base (or the online service) now knows."""
    result = RelinkResult()
    inserts: list[ox.Quad] = []
    for ent in unlinked_entities(store):
        if ent.type is None:
            continue
        node = ox.NamedNode(ent.iri)
        names_by_graph: dict[str, set[str]] = {}
        for sol in store.select(_names_query(ent.iri)):
            names_by_graph.setdefault(sol["g"].value, set()).add(sol["name"].value)
        names = [ent.label] + sorted({n for ns in names_by_graph.values() for n in ns} - {ent.label})
        context = [sol["same"].value.rsplit("/", 1)[-1] for sol in store.select(_neighbours_query(ent.iri))]
        evidence = _evidence(store, ent) if ent.type in ("Person", "Official") else None
        qid = _agreed_qid(kb, names, ent, context, evidence)
        if qid is None and online is not None:
            cand = online.lookup(ent.label, ent.type)
            qid = cand.qid if cand else None
        if qid is None:
            result.unresolved += 1
            continue
        result.linked.append((ent.iri, ent.label, qid))
        # The link goes in each article graph that names the entity, so it leaves with that article.
        for graph in sorted(names_by_graph):
            inserts.append(ox.Quad(node, ox.NamedNode(OWL_SAME_AS), ox.NamedNode(str(WD[qid])), ox.NamedNode(graph)))
    result.quads = len(inserts)
    if inserts and not dry_run:
        store.apply(Change(insert=inserts))
        store.flush()
    return result


def _evidence(store: Store, ent: Unlinked) -> PostEvidence | None:
    """What the store's articles say about a person: their date (when they agree on one) and whose posts."""
    dates: set[str] = set()
    owners: set[str] = set()
    for sol in store.select(_evidence_query(ent.iri)):
        if sol["date"] is not None:
            dates.add(sol["date"].value[:10])
        if sol["of"] is not None:
            owners.add(sol["of"].value.rsplit("/", 1)[-1])
    evidence = PostEvidence(published=dates.pop() if len(dates) == 1 else None, of=owners)
    return evidence or None


def _agreed_qid(
    kb: KnowledgeBase, names: list[str], ent: Unlinked, context: list[str], evidence: PostEvidence | None = None
) -> str | None:
    """The one QID all of the entity's resolvable names agree on, else None (as link_entities does)."""
    subtype = ent.subtype
    found: set[str] = set()
    for name in names:
        cand = kb.lookup(name, ent.type, context=context, subtype=subtype, evidence=evidence)
        if cand is not None:
            found.add(cand.qid)
    return found.pop() if len(found) == 1 else None
