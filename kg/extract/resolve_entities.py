"""From groups of joined candidates to entities: each group's key, label, type, subtype, aliases and confidence,
and a mention for every span in it. The grouping itself is resolve.py's job."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ..model import Entity
from ..rdf import slug
from ..vocab import EntityType
from .gazetteer import Gazetteer
from .mentions import DocEntities, Mention
from .resolve_people import name_tokens
from .spans import Cand

if TYPE_CHECKING:  # resolve.py imports this module
    from .resolve import Groups

_PREFIX = {"Country": "country", "Place": "place", "Organization": "org", "Person": "person"}
_CONFIDENCE = {
    "gaz": 0.95,
    "compound": 0.9,
    "admin": 0.85,
    "title": 0.85,
    "ner": 0.7,
    "acronym": 0.9,
    "coref": 0.8,
    "caps": 0.75,
}


def build_entities(doc: Doc, cands: list[Cand], groups: Groups, gaz: Gazetteer) -> DocEntities:
    members: dict[int, list[int]] = {}
    for i in range(len(cands)):
        members.setdefault(groups.find(i), []).append(i)
    found = DocEntities()
    for idx in members.values():
        group = [cands[i] for i in idx]
        if all(c.weak and not c.key for c in group):
            continue  # "General Osei" with no Osei named in full: too little to call it a person
        keyed = [c for c in group if c.key and c.type != "Country"] or [c for c in group if c.key]
        types = Counter(c.type for c in group)
        etype = keyed[0].type if keyed else _group_type(group, types)
        if keyed:
            head = max(keyed, key=lambda c: (not c.demonym, c.size))
            assert head.key is not None  # keyed: each has one
            key, label = head.key, head.label
        else:
            # a dateline's "ALMATY" gives way to the body's "Almaty"; a short acronym keeps its capitals
            head = max(
                group,
                key=lambda c: (
                    c.source != "acronym",
                    len(name_tokens(c.label)),
                    not (c.label.isupper() and len(c.label) > 4),
                    len(c.label),
                ),
            )
            label = head.label
            key = f"{_PREFIX[etype]}/{slug(label)}"
        subtype = next((c.subtype for c in group if c.subtype), None)
        aliases = {c.label for c in group if not c.demonym} | {a for c in group for a in c.aliases}
        aliases |= {_surface(doc, c) for c in group if not c.demonym}
        aliases.discard(label)
        titled = any(c.titled for c in group)
        ent = found.entities.get(key)
        if ent is None:
            ent = Entity(
                key=key,
                type="Official" if etype == "Person" and titled else etype,
                label=label,
                aliases=set(),
                subtype=subtype if etype != "Person" else None,
                confidence=max(_CONFIDENCE.get(c.source, 0.7) for c in group),
                mentions=0,
            )
            found.entities[key] = ent
        ent.aliases |= {a for a in aliases if a and a != ent.label}
        ent.mentions += len(group)
        for c in group:
            span = doc[c.start : c.end]
            found.add(Mention(span.start_char, span.end_char, span.text, key, ent.type))
    return found


def _group_type(group: list[Cand], types: Counter[EntityType]) -> EntityType:
    if any(c.type == "Person" and c.titled for c in group):
        return "Person"
    headed = Counter(c.type for c in group if c.headed)
    if headed:
        return headed.most_common(1)[0][0]
    strong = Counter(c.type for c in group if c.source != "ner")
    return (strong or types).most_common(1)[0][0]


def _surface(doc: Doc, c: Cand) -> str:
    return doc[c.start : c.end].text
