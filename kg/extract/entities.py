"""Entities, officials' posts and memberships from a parsed article.

recognise() reads the Doc three ways (gazetteer, spaCy's NER, title and name rules: gazetteer_spans.py,
ner_spans.py, name_rules.py), keeps the best non-overlapping spans (spans.py) and resolves them to entities
(resolve.py). Posts and memberships are read from the resolved mentions (positions.py, memberships.py).
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import Article, Entity
from .gazetteer import Gazetteer
from .gazetteer_spans import gazetteer_cands, inside_people
from .knowledge import KnowledgeBase
from .memberships import find_memberships
from .mentions import DocEntities
from .name_rules import (
    acronym_defined_cands,
    caps_org_cands,
    particle_name_cands,
    titled_person_cands,
)
from .ner_spans import ner_cands
from .positions import find_positions
from .resolve import resolve
from .spans import (
    PRIO_GAZ,
    Cand,
    admin_unit_cands,
    select,
)

__all__ = ["recognise", "find_positions", "find_memberships"]


def recognise(doc: Doc, article: Article, gaz: Gazetteer, kb: KnowledgeBase | None) -> DocEntities:
    """Every entity mention of the article, with character offsets into article.body, resolved to an Entity."""
    gaz_cands = gazetteer_cands(doc, gaz)
    titled = titled_person_cands(doc, {c.start: c.end for c in gaz_cands if c.type == "Country"})
    gaz_cands += _shared_demonyms(doc, gaz_cands, kb)
    exact = {(c.start, c.end) for c in gaz_cands}
    cands = (
        inside_people(doc, gaz_cands, titled)
        + admin_unit_cands(doc)
        + titled
        + particle_name_cands(doc)
        + ner_cands(doc)
        + caps_org_cands(doc)
        + acronym_defined_cands(doc, exact)
    )
    chosen = select(cands, len(doc))
    found = resolve(doc, chosen, gaz, kb)
    _outside_the_body(found, gaz, article)
    return found


def _shared_demonyms(doc: Doc, gaz_cands: list[Cand], kb: KnowledgeBase | None) -> list[Cand]:
    """ "Congolese" (both Congos) is in no gazetteer list; the country the article names settles it."""
    if kb is None or not hasattr(kb, "lookup"):
        return []
    context = {c.qid for c in gaz_cands if c.type == "Country" and c.qid}
    if not context:
        return []
    taken = {k for c in gaz_cands for k in range(c.start, c.end)}
    out = []
    for ent in doc.ents:
        if ent.label_ != "NORP" or len(ent) != 1 or ent.start in taken or not ent.text[:1].isupper():
            continue
        try:
            hit = kb.lookup(ent.text, "Country", context=context)
        except Exception:  # a lookup is a bonus; a broken KB must not stop extraction
            continue
        if hit is not None and hit.qid in context:
            out.append(
                Cand(
                    ent.start,
                    ent.end,
                    "Country",
                    hit.label,
                    PRIO_GAZ,
                    key=hit.key,
                    subtype=None,
                    source="gaz",
                    demonym=True,
                    qid=hit.qid,
                )
            )
    return out


def _outside_the_body(found: DocEntities, gaz: Gazetteer, article: Article) -> None:
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
            found.entities[e.key] = Entity(
                key=e.key, type=etype, label=e.label, subtype=e.subtype, confidence=0.8, mentions=0
            )
