"""From chosen spans to entities: one node per real-world entity within an article.

Joins an acronym to the long form it is defined by ("... Development (IGAD)"), short and titled forms of a
person to the full name ("Osei", "General Osei" -> Amina Osei). Each group of joined candidates then becomes one
entity (resolve_entities.py) with a key that depends only on its canonical label, so the same entity in two articles
meets on one node.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from ..vocab import EntityType, is_entity_type
from .doctext import texts
from .gazetteer import Gazetteer
from .knowledge import KnowledgeBase
from .mentions import DocEntities
from .names import ADMIN_UNITS, initials
from .resolve_entities import build_entities
from .resolve_people import bare_surnames, join_people
from .spans import Cand


class Groups:
    """Union-find over candidate indexes."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, i: int) -> int:
        self.parent.setdefault(i, i)
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra  # the first argument's root stays the representative


def resolve(doc: Doc, chosen: list[Cand], gaz: Gazetteer, kb: KnowledgeBase | None = None) -> DocEntities:
    cands = list(chosen)
    groups = Groups()
    for i in range(len(cands)):
        groups.find(i)
    _acronyms(doc, cands, groups)
    _forces_of_countries(cands, gaz)
    _ask_kb(doc, cands, gaz, kb)
    _vote_types(doc, cands)
    _country_prefixes(doc, cands, groups)
    join_people(cands, groups, gaz)
    bare_surnames(doc, cands, groups)
    _places_with_units(cands, groups)
    _same_label(cands, groups)
    return build_entities(doc, cands, groups, gaz)


def _at(cands: list[Cand], start: int, end: int) -> int | None:
    for i, c in enumerate(cands):
        if c.start == start and c.end == end:
            return i
    return None


def _acronyms(doc: Doc, cands: list[Cand], groups: Groups) -> None:
    """ "Long Form (LF)" and "Name (Other Name)" make one entity; later bare "LF"s join it."""
    defined: dict[str, int] = {}
    for i, c in enumerate(list(cands)):
        if c.type in ("Person", "Country"):
            continue
        j = c.end
        if j + 2 < len(doc) + 1 and j < len(doc) and doc[j].text == "(":
            close = next((k for k in range(j + 1, min(j + 8, len(doc))) if doc[k].text == ")"), None)
            if close is None or close == j + 1:
                continue
            inner = doc[j + 1 : close]
            other = _at(cands, j + 1, close)
            if len(inner) == 1 and re.fullmatch(r"[A-Z][A-Za-z]*[A-Z][A-Z0-9-]*", inner.text):
                spelled = initials(c.label.split()).upper() == inner.text.upper()
                if not spelled and (
                    c.type != "Organization" or other is not None and cands[other].key and cands[other].key != c.key
                ):
                    continue  # "WASHINGTON (AP)": a dateline and its news agency, not a definition
                if other is None:
                    cands.append(Cand(j + 1, close, c.type, inner.text, c.prio, source="acronym"))
                    other = len(cands) - 1
                cands[other].type = c.type
                groups.union(i, other)
                defined[inner.text] = i
            elif (
                other is not None
                and cands[other].type not in ("Person", "Country")
                and not (c.key and cands[other].key and c.key != cands[other].key)
            ):
                groups.union(i, other)  # not two entities the gazetteer knows apart: "DOHA (Reuters)"
    # a bare acronym later in the text, or one whose letters spell a long form in the article
    long_forms = {
        initials(c.label.split()): i
        for i, c in enumerate(cands)
        if c.type == "Organization" and len(c.label.split()) > 1
    }
    taken = {(c.start, c.end) for c in cands}
    for i, text in enumerate(texts(doc)):
        if not (text.isupper() and len(text) >= 2 and text.isalpha()):
            continue
        tok = doc[i]
        target = defined.get(text)
        if target is None and text in long_forms:
            target = long_forms[text]
        if target is None:
            continue
        k = _at(cands, tok.i, tok.i + 1)
        if k is None:
            if (tok.i, tok.i + 1) in taken or any(c.start <= tok.i < c.end for c in cands):
                continue
            cands.append(Cand(tok.i, tok.i + 1, cands[target].type, text, 3, source="acronym"))
            k = len(cands) - 1
        elif cands[k].key and cands[target].key and cands[k].key != cands[target].key and text not in defined:
            continue  # the gazetteer knows this acronym as something else and the text did not redefine it
        cands[k].type = cands[target].type
        cands[k].key = None if cands[target].key is None else cands[k].key
        groups.union(target, k)


_FORCES_OF = re.compile(
    r"^(?:the\s+)?(?:(?:armed|defen[cs]e|military|national)\s+)?(?:forces|army|military)\s+of\s+"
    r"(?:the\s+)?(.+)$",
    re.IGNORECASE,
)


def _forces_of_countries(cands: list[Cand], gaz: Gazetteer) -> None:
    """ "Defence Forces of Uganda" is the same body as "the Ugandan army": one "<Demonym> Armed Forces" node."""
    for c in cands:
        if c.type != "Organization" or c.key:
            continue
        m = _FORCES_OF.match(c.label)
        country = next((e for e in gaz.entries(m.group(1)) if e.type == "Country"), None) if m else None
        if country is None:
            continue
        demonym = gaz.demonym_of.get(country.key, country.label)
        c.aliases.add(c.label)
        c.label, c.subtype, c.headed = f"{demonym} Armed Forces", "ArmedForces", True


def _ask_kb(doc: Doc, cands: list[Cand], gaz: Gazetteer, kb: KnowledgeBase | None) -> None:
    """Names the text found but the gazetteer list leaves out (ambiguous alone, like "Geneva"): ask the KB."""
    if kb is None or not hasattr(kb, "lookup"):
        return
    countries = {c.qid for c in cands if c.type == "Country" and c.qid}
    for c in cands:
        if c.key or c.type == "Person" or c.source not in ("ner", "caps", "admin"):
            continue
        shouting = c.label.isupper() and len(c.label) > 4  # a dateline: "BRUSSELS"
        name = c.label.title() if shouting else c.label
        if name not in gaz.lookups:
            try:
                gaz.lookups[name] = kb.lookup(name)
            except Exception:  # a lookup is a bonus; a broken KB must not stop extraction
                gaz.lookups[name] = None
        hit = gaz.lookups[name]
        if hit is None and countries and c.type in ("Place", "Country"):
            # "Congo" names two countries; the one the article names elsewhere is meant
            try:
                near = kb.lookup(name, "Country", context=countries)
            except Exception:
                near = None
            hit = near if near is not None and near.qid in countries else None
        if hit is None or hit.type in ("Person", "Official"):
            continue
        etype = hit.type
        if not is_entity_type(etype):
            continue
        fits = etype == c.type or c.type == "Place" and etype == "Country" or shouting
        if fits:
            c.key, c.label, c.type, c.qid = hit.key, hit.label, etype, hit.qid
            c.subtype = c.subtype or getattr(hit, "subtype", None)


def _country_prefixes(doc: Doc, cands: list[Cand], groups: Groups) -> None:
    """ "Trinidad" after "Trinidad and Tobago": the short form of a country named in full."""
    full = {}
    for i, c in enumerate(cands):
        if c.type == "Country" and c.key:
            surface = doc[c.start : c.end].text
            for name in (surface, c.label):
                if " and " in name:
                    full[name.split(" and ")[0].lower()] = i
    for i, c in enumerate(cands):
        if c.key is None and c.type in ("Place", "Organization") and c.label.lower() in full:
            j = full[c.label.lower()]
            c.aliases.add(c.label)
            c.type, c.key, c.label = "Country", cands[j].key, cands[j].label
            groups.union(j, i)


def _vote_types(doc: Doc, cands: list[Cand]) -> None:
    """One surface form, one type: "Garissa" read as a person once and as a place twice is a place."""
    votes: dict[str, Counter[EntityType]] = {}
    for c in cands:
        if c.key is None:
            weight = 3 if c.source != "ner" or c.headed else 1
            votes.setdefault(c.label.lower(), Counter())[c.type] += weight
            if c.start > 0 and doc[c.start - 1].lower_ in ("in", "at", "near", "from") and c.size == 1:
                votes[c.label.lower()]["Place"] += 2  # "met in Eldoret"
    known = {c.label.lower(): c.type for c in cands if c.key}
    for c in cands:
        if c.key is None and c.source == "ner":
            name = c.label.lower()
            if name in known:
                c.type = known[name]
            elif name in votes:
                best, _ = votes[name].most_common(1)[0]
                if not (c.type == "Person" and c.titled):
                    c.type = best


def _places_with_units(cands: list[Cand], groups: Groups) -> None:
    """ "Garissa" and "Garissa County" in one article are one place."""
    regions = {
        c.label.rsplit(" ", 1)[0].lower(): i
        for i, c in enumerate(cands)
        if c.type == "Place"
        and c.source in ("compound", "admin")
        and " " in c.label
        and c.label.rsplit(" ", 1)[1].lower() in ADMIN_UNITS
    }
    for i, c in enumerate(cands):
        if c.type == "Place" and c.label.lower() in regions and c.source != "compound":
            groups.union(regions[c.label.lower()], i)


def _same_label(cands: list[Cand], groups: Groups) -> None:
    first: dict[tuple[str, str], int] = {}
    for i, c in enumerate(cands):
        ident = ("key", c.key) if c.key else (c.type, _norm(c.label))
        if ident in first:
            groups.union(first[ident], i)
        else:
            first[ident] = i


def _norm(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", label.lower().replace("’", "'")).strip()
