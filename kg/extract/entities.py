"""Entities, officials' posts and memberships from a parsed article.

recognise() reads the Doc three ways (gazetteer, spaCy's NER, title and name rules: spans.py), keeps the
best non-overlapping spans and resolves them to entities (resolve.py). Posts and memberships are read from
the resolved mentions (positions.py, memberships.py).
"""

from __future__ import annotations

from .gazetteer import GAZETTEER_KEY, gazetteer_for
from .memberships import find_memberships
from .mentions import DocEntities
from .positions import find_positions
from .resolve import resolve
from .spans import admin_unit_cands, caps_org_cands, gazetteer_cands, ner_cands, select, titled_person_cands

__all__ = ["recognise", "find_positions", "find_memberships"]


def recognise(doc, article, kb) -> DocEntities:
    """Every entity mention of the article, with character offsets into article.body, resolved to an Entity."""
    gaz = gazetteer_for(doc, kb)
    doc.user_data[GAZETTEER_KEY] = gaz
    cands = (gazetteer_cands(doc, gaz) + admin_unit_cands(doc) + titled_person_cands(doc) + ner_cands(doc)
             + caps_org_cands(doc))
    chosen = select(cands, len(doc))
    return resolve(doc, chosen, gaz, kb)
