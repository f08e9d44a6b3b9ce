"""Entities, officials' posts and memberships from a parsed article.

recognise() reads the Doc three ways (gazetteer, spaCy's NER, title and name rules: spans.py), keeps the
best non-overlapping spans and resolves them to entities (resolve.py). Posts and memberships are read from
the resolved mentions (positions.py, memberships.py).
"""

from __future__ import annotations

from ..model import Entity
from .gazetteer import GAZETTEER_KEY, gazetteer_for
from .memberships import find_memberships
from .mentions import DocEntities
from .positions import find_positions
from .resolve import resolve
from .spans import (
    admin_unit_cands,
    caps_org_cands,
    gazetteer_cands,
    inside_people,
    ner_cands,
    select,
    titled_person_cands,
)

__all__ = ["recognise", "find_positions", "find_memberships"]


def recognise(doc, article, kb) -> DocEntities:
    """Every entity mention of the article, with character offsets into article.body, resolved to an Entity."""
    gaz = gazetteer_for(doc, kb)
    doc.user_data[GAZETTEER_KEY] = gaz
    cands = (inside_people(doc, gazetteer_cands(doc, gaz)) + admin_unit_cands(doc) + titled_person_cands(doc)
             + ner_cands(doc) + caps_org_cands(doc))
    chosen = select(cands, len(doc))
    found = resolve(doc, chosen, gaz, kb)
    _outside_the_body(found, gaz, article)
    return found


def _outside_the_body(found: DocEntities, gaz, article) -> None:
    """Entities named only in the headline or the bullet summary (no offsets there, so no mentions)."""
    lines = [(line, True) for line in getattr(article, "summary", ()) or ()]
    if getattr(article, "title", None):
        lines.append((article.title, False))  # headlines are often Title Case: only unambiguous kinds
    for text, sentence_case in lines:
        tokens = gaz.tokenizer(text)
        for hit in gaz.find(tokens, parsed=False):
            e = hit.entry
            if e.key in found.entities or e.demonym:
                continue
            first = hit.start == 0
            if e.type == "Place" and (not sentence_case or first and hit.end - hit.start == 1):
                continue
            etype = "Official" if e.type == "Official" else e.type
            found.entities[e.key] = Entity(key=e.key, type=etype, label=e.label, subtype=e.subtype,
                                           confidence=0.8, mentions=0)
