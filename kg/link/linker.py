"""link_facts: sets Entity.wikidata where the knowledge base is sure, and moves linked entities to its keys."""

from __future__ import annotations

from ..model import Entity, Facts
from .kb import MIN_CONFIDENCE, _region_suffix
from .normalize import norm

# Suffix of the key of an entity whose name is a known item's but whose link was not confirmed.
UNRESOLVED = "unresolved"


def link_facts(facts: Facts, kb, min_confidence: float = MIN_CONFIDENCE) -> Facts:
    """Links each entity by its label, then its aliases, with its type and the article's other entities as context.

    A linked entity takes the knowledge base's key for that item (one node per QID across
    articles); two entities of one article that turn out to be the same item are merged. An
    unlinked entity whose key is a linked item's moves to "<key>-unresolved", so it never shares
    that item's node (and link) in the union graph.
    Facts are changed in place and returned.
    """
    if kb is None:
        return facts
    renames: dict[str, str] = {}
    entities = list(facts.entities.values())
    # What each entity tells about the article (its item, its country), worked out once per article.
    told = [_context_of(kb, e) for e in entities]
    for i, ent in enumerate(entities):
        context = sorted(set().union(*(t for j, t in enumerate(told) if j != i)))
        cand = link_entity(ent, kb, context)
        if cand is None or cand.confidence < min_confidence:
            ent.wikidata, ent.link_confidence = None, None
            if hasattr(kb, "by_key") and kb.by_key(ent.key) is not None:
                # The key is a linked item's node (from other articles); an entity we could not confirm
                # must not meet it there, or it would inherit that item's link in the union graph.
                renames[ent.key] = f"{ent.key}-{UNRESOLVED}"
            continue
        ent.wikidata, ent.link_confidence = cand.qid, cand.confidence
        if cand.key and cand.key != ent.key and ent.type == cand.type or (
                cand.key != ent.key and ent.type == "Person" and cand.type == "Official"):
            renames[ent.key] = cand.key
    if renames:
        _rekey(facts, renames)
    return facts


def link_entity(ent: Entity, kb, context) -> object | None:
    """The candidate for one entity: its label first, then each alias; a person only by a full official name."""
    names = [ent.label] + sorted(a for a in ent.aliases if a != ent.label)
    subtype = ent.subtype if ent.subtype in ("City", "Region") else None
    if ent.type == "Place" and subtype is None and any(_says_region(a) for a in names):
        subtype = "Region"
    found = []
    for name in names:
        cand = kb.lookup(name, type=ent.type, context=context, subtype=subtype)
        if cand is not None:
            found.append(cand)
    if not found:
        return None
    if len({c.qid for c in found}) > 1:
        return None  # the entity's names disagree: better no link than a wrong one
    return found[0]


def _context_of(kb, ent: Entity) -> set[str]:
    """QIDs an entity puts in focus: its own item and its country, as far as the KB can tell alone."""
    if hasattr(kb, "_context_qids"):
        return kb._context_qids([ent])
    return {ent.wikidata} if ent.wikidata else set()


def _says_region(name: str) -> bool:
    return _region_suffix(norm(name)) is not None


def _rekey(facts: Facts, renames: dict[str, str]) -> None:
    """Moves entities to new keys everywhere in facts, merging entities that meet on one key."""
    moved: dict[str, Entity] = {}
    for key, ent in facts.entities.items():
        new = renames.get(key, key)
        if new in moved:
            kept = moved[new]
            kept.aliases |= ent.aliases | {ent.label}
            kept.mentions += ent.mentions
            kept.aliases.discard(kept.label)
            continue
        ent.key = new
        moved[new] = ent
    facts.entities = moved
    for pos in facts.positions:
        pos.holder = renames.get(pos.holder, pos.holder)
        pos.of = renames.get(pos.of, pos.of) if pos.of else pos.of
    for mem in facts.memberships:
        mem.member = renames.get(mem.member, mem.member)
        mem.organization = renames.get(mem.organization, mem.organization)
    for ev in facts.events:
        ev.roles = {role: list(dict.fromkeys(renames.get(k, k) for k in keys)) for role, keys in ev.roles.items()}
        ev.location = renames.get(ev.location, ev.location) if ev.location else ev.location
