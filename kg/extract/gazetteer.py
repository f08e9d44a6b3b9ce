"""Gazetteer names found in a Doc: the knowledge base's names plus the project's own list of news bodies.

A trie over lower-cased token texts (name_index.py), built once per (tokenizer, knowledge base), whose hits are
then checked for case, so "US" matches the country but "us" does not, and "Police" at a sentence start is not a town.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token

from ..rdf import slug
from ..vocab import EntityType, is_entity_type
from .name_index import NameIndex, token_words
from .vocabulary import words

if TYPE_CHECKING:
    from ..link.entries import Candidate
    from .knowledge import KnowledgeBase

DATA = Path(__file__).with_name("data")
EXTRA_ORGS = DATA / "news-organizations.csv"

# When one name belongs to several entries, which reading to prefer.
_TYPE_RANK = {"Country": 0, "Organization": 1, "Official": 2, "Person": 3, "Place": 4}


@dataclass(frozen=True)
class Entry:
    """One gazetteer name (the KB's GazetteerEntry, or one of the project's own rows)."""

    name: str
    type: EntityType
    label: str
    key: str
    subtype: str | None = None
    demonym: bool = False
    qid: str | None = None
    exact: bool = False  # match case for case ("US", "WHO")
    country: str | None = None  # key of the country an official or place belongs to
    position: str | None = None  # an official's post as the KB words it: "President of Kenya"


@dataclass(frozen=True)
class Hit:
    start: int  # token offsets
    end: int
    entry: Entry


def project_entries(kb_names: dict[str, Entry] | None = None, path: Path = EXTRA_ORGS) -> list[Entry]:
    """The project's own news organisations (militant groups, media, bodies the KB lacks), without Wikidata ids.

    A row with `same_as` only adds names to the KB entry of that name (so the KB's key and id are kept).
    """
    out: list[Entry] = []
    if not path.exists():
        return out
    kb_names = kb_names or {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            label = row["label"].strip()
            names = [label] + [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
            same_as = (row.get("same_as") or "").strip()
            if not same_as and label.lower() in kb_names and kb_names[label.lower()].type == "Organization":
                same_as = label  # the KB knows this body by its full name: keep the KB's key and id
            if same_as:
                target = kb_names.get(same_as.lower())
                if target is None:
                    continue
                out += [
                    Entry(n, target.type, target.label, target.key, target.subtype, False, target.qid) for n in names
                ]
                continue
            key = f"org/{slug(row.get('key') or label)}"
            out += [Entry(n, "Organization", label, key, row.get("subtype") or None) for n in names]
    return out


_CALENDAR = words("names", "calendar_words")


def kb_entries(kb: KnowledgeBase | None) -> list[Entry]:
    """The KB's names, plus the undotted twin of a dotted acronym ("U.S." -> "US"); never a weekday or month."""
    if kb is None or not hasattr(kb, "gazetteer"):
        return []
    out = []
    for e in kb.gazetteer():
        if e.name.lower() in _CALENDAR:
            continue
        etype = e.type
        if not is_entity_type(etype):
            raise ValueError(f"{e.name!r}: the knowledge base's type {etype!r} is none of the entity types")
        entry = Entry(
            e.name,
            etype,
            e.label,
            e.key,
            e.subtype,
            bool(e.demonym),
            e.qid,
            bool(getattr(e, "exact", False)),
            getattr(e, "country", None),
            getattr(e, "position", None),
        )
        out.append(entry)
        if e.name.startswith("Saint ") and not e.demonym:
            for short in ("St. ", "St "):
                out.append(
                    Entry(
                        short + e.name[6:],
                        etype,
                        e.label,
                        e.key,
                        e.subtype,
                        False,
                        e.qid,
                        False,
                        entry.country,
                        entry.position,
                    )
                )
        bare = e.name.replace(".", "")
        if "." in e.name and bare.isupper() and 2 <= len(bare) <= 4:
            out.append(Entry(bare, etype, e.label, e.key, e.subtype, False, e.qid, True, entry.country, entry.position))
    return out


class Gazetteer:
    """All names with their entries, and a matcher over a spaCy vocab."""

    tokenizer: Tokenizer  # the pipeline's, for the headline and summary lines: set by build() and by the cache

    def __init__(self, entries: list[Entry]):
        self.by_name: dict[str, list[Entry]] = {}
        for e in entries:
            if len(e.name) < 2:
                continue
            self.by_name.setdefault(e.name.lower(), []).append(e)
        for es in self.by_name.values():
            es.sort(key=lambda e: (e.demonym, _TYPE_RANK.get(e.type, 9)))
        self.by_key: dict[str, Entry] = {}
        for e in entries:
            if e.key not in self.by_key or e.name == e.label:
                self.by_key[e.key] = e
        # a surname index for people known to the KB: "Ruto" -> William Ruto, only when unique
        surnames: dict[str, set[str]] = {}
        for e in entries:
            if e.type in ("Official", "Person") and " " in e.label and not e.demonym:
                surnames.setdefault(e.label.split()[-1].lower(), set()).add(e.key)
        self.surname = {s: next(iter(keys)) for s, keys in surnames.items() if len(keys) == 1}
        # the demonym of each country key, for labels such as "Kenyan Armed Forces"
        self.demonym_of: dict[str, str] = {}
        for e in entries:
            if e.demonym and e.type == "Country" and e.key not in self.demonym_of and " " not in e.name:
                self.demonym_of[e.key] = e.name
        self.index = NameIndex()
        self.lookups: dict[str, Candidate | None] = {}  # KB answers for names the text found outside the list

    def entries(self, name: str) -> list[Entry]:
        return self.by_name.get(name.lower(), [])

    def find(self, doc: Doc, parsed: bool = True) -> list[Hit]:
        """Case-checked gazetteer hits, possibly overlapping (the caller picks).

        `parsed=False` for a tokenizer-only Doc (a headline, a summary line): one-word towns then need only
        a capital letter.
        """
        hits = []
        for start, end in self.index.find(doc):
            span = doc[start:end]
            entries = self.entries(span.text)
            if not entries:
                entries = self.entries(" ".join(t.text for t in span))
            ok = [e for e in entries if _case_fits(e, span)]
            if not ok:
                continue
            entry = ok[0]
            if entry.type == "Place" and parsed and not _place_plausible(span):
                continue
            hits.append(Hit(start, end, entry))
        return hits


def _case_fits(entry: Entry, span: Span) -> bool:
    text, name = span.text, entry.name
    if entry.exact or name.isupper() or len(name) <= 3:
        return text == name or text.replace(".", "") == name.replace(".", "")
    if name[0].isupper():
        return text[0].isupper()
    return True


def _place_plausible(span: Span) -> bool:
    """A one-word town name needs a proper-noun reading, so "Police" or "Reading" at a sentence start is skipped."""
    if _opens_a_building_name(span):
        return False
    if len(span) > 1:
        return True
    tok = span[0]
    if _ends_a_longer_name(tok):
        return False
    if tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    doc = tok.doc
    if (
        tok.is_upper
        and (tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws)
        and tok.i + 1 < len(doc)
        and doc[tok.i + 1].text in (":", "(", ",", "—", "-", "–")
    ):
        return True  # a dateline: "GENEVA (AP) -", "NAIROBI:"
    if tok.pos_ != "PROPN":
        return False
    if not tok.is_sent_start:
        return True
    # At a sentence start the capital letter says nothing, so the town must stand alone: "Kyiv and Moscow agreed",
    # not a longer name's first word ("Shanghai Automotive", "Edinburgh City Council", "Zurich-based") or a
    # modifier ("Liverpool manager", "Glasgow group").
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    return tok.dep_ != "compound" and (after is None or not (after.is_title or after.text in ("-", "–")))


# Titles before a surname or a peer's title: a town's name after one is a person's ("Mr Wellington", "Lord Derby").
SURNAME_TITLES = words("names", "surname_titles")
# Words that open a place's own name ("Greater Nairobi", "East Jerusalem"): the town is still the place.
PLACE_NAME_OPENERS = words("names", "place_name_openers")


# Capitalised heads that make a town name part of an institution's or a building's name ("St George's Chapel").
BUILDING_HEADS = words("names", "building_heads")


def _opens_a_building_name(span: Span) -> bool:
    doc = span.doc
    return span.end < len(doc) and doc[span.end].is_title and doc[span.end].lower_ in BUILDING_HEADS


def _ends_a_longer_name(tok: Token) -> bool:
    """A town name that closes a person's or a company's name is no place: "Mr Wellington", "Wells Fargo"."""
    if tok.i == 0:
        return False
    prev = tok.doc[tok.i - 1]
    if prev.text.rstrip(".").lower() in SURNAME_TITLES:
        return True
    return (
        tok.ent_iob_ == "I"
        and tok.ent_type_ in ("PERSON", "ORG")
        and prev.is_title
        and prev.lower_ not in PLACE_NAME_OPENERS
    )


def build(tokenizer: Tokenizer, entries: list[Entry]) -> Gazetteer:
    gaz = Gazetteer(entries)
    gaz.tokenizer = tokenizer
    # names keep their case when tokenised: the tokenizer splits "u.s." but knows "U.S." (the index compares lower case)
    names = sorted({e.name for es in gaz.by_name.values() for e in es})
    for name_words in token_words(names, tokenizer):
        gaz.index.add(name_words)
    return gaz


def gazetteer_for(tokenizer: Tokenizer, kb: KnowledgeBase | None) -> Gazetteer:
    """The gazetteer of a knowledge base (its names plus the project's own list), over a pipeline's tokenizer (a
    spaCy Tokenizer: names are tokenised as the text is)."""
    known = kb_entries(kb)
    by_name = {e.name.lower(): e for e in known if not e.demonym}
    return build(tokenizer, known + project_entries(by_name))
