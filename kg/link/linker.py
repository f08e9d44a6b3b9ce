"""link_entities: sets Entity.wikidata where the knowledge base is sure, and says which keys become the KB's."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Entity, Position
from .entries import Candidate
from .kb import MIN_CONFIDENCE, NameLookup, _region_suffix
from .normalize import norm
from .posts import PostEvidence

# Suffix of the key of an entity whose name is a known item's but whose link was not confirmed.
UNRESOLVED = "unresolved"


def link_entities(
    entities: dict[str, Entity],
    kb: NameLookup | None,
    min_confidence: float = MIN_CONFIDENCE,
    published: str | None = None,
    positions: Iterable[Position] = (),
) -> dict[str, str]:
    """Links each entity by its label, then its aliases, with its type and the article's other entities as context.

    Sets Entity.wikidata where the knowledge base is sure and returns the key changes that follow: a linked
    entity takes the knowledge base's key for that item (one node per QID across articles; two entities of one
    article that turn out to be the same item then share it), and an unlinked entity whose key is a linked
    item's moves to "<key>-unresolved", so it never shares that item's node (and link) in the union graph.
    """
    renames: dict[str, str] = {}
    if kb is None:
        return renames
    ents = list(entities.values())
    # What each entity tells about the article (its item, its country), worked out once per article.
    told = [_context_of(kb, e) for e in ents]
    evidence = _post_evidence(entities, kb, published, positions)
    for i, ent in enumerate(ents):
        context = sorted(set[str]().union(*(t for j, t in enumerate(told) if j != i)))
        cand = link_entity(ent, kb, context, evidence.get(ent.key))
        if cand is None or cand.confidence < min_confidence:
            ent.wikidata, ent.link_confidence = None, None
            if hasattr(kb, "by_key") and kb.by_key(ent.key) is not None:
                renames[ent.key] = f"{ent.key}-{UNRESOLVED}"
            continue
        ent.wikidata, ent.link_confidence = cand.qid, cand.confidence
        if (
            cand.key
            and cand.key != ent.key
            and ent.type == cand.type
            or (cand.key != ent.key and ent.type == "Person" and cand.type == "Official")
        ):
            renames[ent.key] = cand.key
    return renames


def link_entity(
    ent: Entity, kb: NameLookup, context: list[str], evidence: PostEvidence | None = None
) -> Candidate | None:
    """The candidate for one entity: its label first, then each alias; a person only by a full official name."""
    names = [ent.label] + sorted(a for a in ent.aliases if a != ent.label)
    subtype = ent.subtype if ent.subtype in ("City", "Region") else None
    if ent.type == "Place" and subtype is None and any(_says_region(a) for a in names):
        subtype = "Region"
    found = []
    for name in names:
        if evidence and ent.type in ("Person", "Official"):
            cand = kb.lookup(name, type=ent.type, context=context, subtype=subtype, evidence=evidence)
        else:
            cand = kb.lookup(name, type=ent.type, context=context, subtype=subtype)
        if cand is not None:
            found.append(cand)
    if not found:
        return None
    if len({c.qid for c in found}) > 1:
        return None  # the entity's names disagree: better no link than a wrong one
    return found[0]


def _post_evidence(
    entities: dict[str, Entity], kb: NameLookup, published: str | None, positions: Iterable[Position]
) -> dict[str, PostEvidence]:
    """Per person key: the article's date and the QIDs of the bodies whose post the article gives the person."""
    out: dict[str, PostEvidence] = {}
    positions = list(positions)
    if not published and not positions:
        return out
    by_key = getattr(kb, "by_key", None)  # a knowledge base with lookup only knows no keys
    for key, ent in entities.items():
        if ent.type in ("Person", "Official"):
            out[key] = PostEvidence(published=published)
    for pos in positions:
        ev = out.get(pos.holder)
        owner = entities.get(pos.of) if pos.of else None
        if ev is None or owner is None:
            continue
        known = by_key(owner.key) if by_key is not None and not owner.wikidata else None
        qid = owner.wikidata or (known.qid if known else None)
        if qid:
            ev.of.add(qid)
            ev.titles.add(pos.title)
    return out


def _context_of(kb: NameLookup, ent: Entity) -> set[str]:
    """QIDs an entity puts in focus: its own item and its country, as far as the KB can tell alone."""
    if hasattr(kb, "_context_qids"):
        qids: set[str] = kb._context_qids([ent])
        return qids
    return {ent.wikidata} if ent.wikidata else set()


def _says_region(name: str) -> bool:
    return _region_suffix(norm(name)) is not None
