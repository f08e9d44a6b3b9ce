"""`kg link enrich`: the posts Wikidata knows for the store's linked people, as kg:holdsPosition facts.

These facts come from Wikidata, not from an article, so they live in a named graph of their own
(`<base>source/wikidata`), and each position says where it came from with `prov:wasDerivedFrom
wd:Q<person>` instead of an article. A query over article graphs never sees them; the union
default graph does. The graph is rewritten whole on every run (from the store's links and the
overlay's posts as they are then), so running it twice changes nothing and an unlinked person's
posts leave with the link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..rdf import short_hash
from ..stores import Change, Store
from ..vocab import KG, OWL, PROV, RDF, RDFS, WD, XSD

if TYPE_CHECKING:
    from .kb import KnowledgeBase

OWL_SAME_AS = str(OWL.sameAs)
RDF_TYPE = str(RDF.type)
RDFS_LABEL = str(RDFS.label)
RDFS_SEE_ALSO = str(RDFS.seeAlso)
XSD_DATE = str(XSD.date)
_CLASS = {"Country": "Country", "Organization": "Organization", "Place": "Place"}

LINKED = f"""PREFIX kg: <{KG}>
PREFIX owl: <{OWL}>
SELECT DISTINCT ?e ?same WHERE {{
  VALUES ?t {{ kg:Person kg:Official }}
  ?e a ?t ; owl:sameAs ?same .
}}"""
BY_ITEM = f"""SELECT DISTINCT ?e ?same WHERE {{ ?e <{OWL.sameAs}> ?same }}"""


def graph_iri(base_iri: str) -> str:
    """The named graph that holds what came from Wikidata rather than from an article."""
    return base_iri + "source/wikidata"


@dataclass
class EnrichResult:
    people: int = 0  # linked people with at least one known post
    positions: int = 0
    skipped: list[str] = field(default_factory=list)  # posts left out, with the reason
    triples: int = 0


def enrich(store: Store, kb: KnowledgeBase, base_iri: str, dry_run: bool = False) -> EnrichResult:
    """Rewrites the Wikidata graph with the known posts of every linked person in the store."""
    graph = graph_iri(base_iri)
    node_of_item: dict[str, str] = {}
    for sol in store.select(BY_ITEM):
        node_of_item.setdefault(sol["same"].value, sol["e"].value)
    people = sorted({(sol["e"].value, sol["same"].value) for sol in store.select(LINKED)})
    result = EnrichResult()
    triples: set[ox.Triple] = set()
    for person_iri, item in people:
        qid = item.rsplit("/", 1)[-1]
        posts = kb.posts(qid)
        person = ox.NamedNode(person_iri)
        held = 0
        for post in posts:
            owner = _owner_node(post.of, node_of_item, kb, base_iri, triples)
            if owner is None or not post.title:
                result.skipped.append(
                    f"{qid} {post.post}: "
                    + ("no title" if not post.title else f"its body {post.of or '(none)'} is not known")
                )
                continue
            node = ox.NamedNode(f"{base_iri}position/wikidata-{qid.lower()}-{short_hash(post.post, post.start or '')}")
            triples.update(
                [
                    ox.Triple(person, ox.NamedNode(KG.holdsPosition), node),
                    ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(KG.Position)),
                    ox.Triple(node, ox.NamedNode(KG.title), ox.Literal(post.title)),
                    ox.Triple(node, ox.NamedNode(KG.positionIn), owner),
                    ox.Triple(node, ox.NamedNode(PROV.wasDerivedFrom), ox.NamedNode(WD[qid])),
                    ox.Triple(node, ox.NamedNode(RDFS_SEE_ALSO), ox.NamedNode(WD[post.post])),
                ]
            )
            for prop, day in ((KG.startDate, post.start), (KG.endDate, post.end)):
                if day:
                    triples.add(ox.Triple(node, ox.NamedNode(prop), ox.Literal(day, datatype=ox.NamedNode(XSD_DATE))))
            held += 1
        if held:
            # Holding a post makes the person an official (the shapes require it of a kg:holdsPosition subject).
            triples.add(ox.Triple(person, ox.NamedNode(RDF_TYPE), ox.NamedNode(KG.Official)))
            result.people += 1
            result.positions += held
    result.triples = len(triples)
    if not dry_run:
        store.apply(Change(drop=[graph]) if not triples else Change(put={graph: sorted(triples, key=str)}))
        store.flush()
    return result


def _owner_node(
    qid: str | None, node_of_item: dict[str, str], kb: KnowledgeBase, base_iri: str, triples: set[ox.Triple]
) -> ox.NamedNode | None:
    """The store's node for the post's country or body; else one minted from the knowledge base, in this graph."""
    if not qid:
        return None
    item = str(WD[qid])
    if item in node_of_item:
        return ox.NamedNode(node_of_item[item])
    cand = kb.by_qid(qid)
    if cand is None or cand.type not in _CLASS:
        return None
    node = ox.NamedNode(base_iri + cand.key)
    triples.update(
        [
            ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(KG[_CLASS[cand.type]])),
            ox.Triple(node, ox.NamedNode(RDFS_LABEL), ox.Literal(cand.label)),
            ox.Triple(node, ox.NamedNode(OWL_SAME_AS), ox.NamedNode(item)),
        ]
    )
    node_of_item[item] = node.value
    return node
