"""Candidate entity spans: the `Cand` every reader of one Doc proposes, how much each reader is trusted, the token
helpers the readers share, the administrative-unit reader ("Tana Delta district") and `select`.

The readers are the gazetteer (gazetteer_spans.py), spaCy's NER (ner_spans.py) and title/name rules
(name_rules.py). Each proposes `Cand`s (token spans with a type and, when known, a key); `select` keeps the best
non-overlapping ones. Nothing here decides identity across mentions: that is `resolve.py`'s job.
"""

from __future__ import annotations

import re
from dataclasses import KW_ONLY, dataclass, field

from spacy.tokens import Doc, Token

from ..vocab import EntityType
from .doctext import lowers
from .names import ABBREVIATIONS, ADMIN_UNITS, ORG_HEADS
from .vocabulary import Phrases, first_fragment

# How much a reader is trusted when two candidates overlap (then the longer one wins).
PRIO_COMPOUND = 6  # "Kenyan army", "Garissa county": a gazetteer name plus a telling noun
PRIO_GAZ = 5
PRIO_NER_ORG_HEAD = 5  # "Kenya Coast Guard": beats the country name inside it when longer
PRIO_TITLED = 4  # a name after a title or rank
PRIO_NER = 2


@dataclass
class Cand:
    start: int  # token offsets [start, end)
    end: int
    type: EntityType  # Country | Place | Organization | Person
    label: str
    prio: int
    # the rest by name only: fifteen fields are too many to read by position
    _: KW_ONLY
    key: str | None = None  # known identity (gazetteer)
    subtype: str | None = None
    source: str = ""
    demonym: bool = False
    qid: str | None = None
    titled: bool = False  # a title or rank stood before the name
    weak: bool = False  # kept only if resolution finds it a known person ("General Osei" after "Amina Osei")
    headed: bool = False  # the type comes from a head noun ("... Shoal", "... Council"), which outranks NER's guess
    country_key: str | None = None  # for "Kenyan military": the country it belongs to
    aliases: set[str] = field(default_factory=set)

    @property
    def size(self) -> int:
        return self.end - self.start


def is_possessive(tok: Token) -> bool:
    return tok.text in ("'s", "’s", "'", "’") or tok.tag_ == "POS"


def span_words(doc: Doc, start: int, end: int) -> list[str]:
    return [t.lower_ for t in doc[start:end]]


def word_at(doc: Doc, k: int) -> tuple[str, int]:
    """The word starting at token k, gluing hyphens and abbreviation dots ("Secretary-General", "Maj.")."""
    text = doc[k].text
    k += 1
    while (
        k < len(doc)
        and doc[k - 1].whitespace_ == ""
        and (
            doc[k].text == "-"
            or doc[k - 1].text == "-"
            or doc[k].text == "."
            and (doc[k - 1].lower_ in ABBREVIATIONS or len(doc[k - 1].text) == 1)
        )
    ):
        text += doc[k].text
        k += 1
    return text, k


def match_tuple(doc: Doc, i: int, options: Phrases) -> int:
    """Number of tokens of the longest word tuple from `options` starting at token i (0 if none)."""
    if i >= len(doc):
        return 0
    if first_fragment(doc[i].lower_) not in options.first_tokens:
        return 0
    first, nxt = word_at(doc, i)
    cands = options.by_first.get(first.lower().rstrip("."))
    if not cands:
        return 0
    best = 0
    for opt in cands:
        k, ok = nxt, True
        for w in opt[1:]:
            if k >= len(doc):
                ok = False
                break
            text, after = word_at(doc, k)
            if text.lower().rstrip(".") != w:
                ok = False
                break
            k = after
        if ok and k - i > best:
            best = k - i
    return best


def admin_unit_cands(doc: Doc) -> list[Cand]:
    """ "Tana Delta district": one to three capitalised proper nouns before an administrative unit word."""
    out = []
    units = ADMIN_UNITS - {"state"}
    for i, low in enumerate(lowers(doc)):
        if low not in units or i == 0:
            continue
        tok = doc[i]
        j = i
        while (
            j > 0
            and i - j < 3
            and doc[j - 1].pos_ == "PROPN"
            and doc[j - 1].text[:1].isupper()
            and doc[j - 1].lower_ not in ORG_HEADS
        ):
            j -= 1
            if (
                j > 1
                and doc[j - 1].text == "-"
                and not doc[j - 2].whitespace_
                and not doc[j - 1].whitespace_
                and doc[j - 2].text[:1].isupper()
            ):
                j -= 2  # "Nagorno-Karabakh region": the hyphenated name is one
        if j < i:
            name = doc[j:i].text
            out.append(
                Cand(
                    j,
                    i + 1,
                    "Place",
                    f"{name} {tok.text.capitalize()}",
                    PRIO_COMPOUND - 1,
                    subtype="Region",
                    source="admin",
                )
            )
    return out


def label_text(doc: Doc, start: int, end: int) -> str:
    text = doc[start:end].text
    return re.sub(r"\s+", " ", text).strip()


def select(cands: list[Cand], n_tokens: int) -> list[Cand]:
    """Greedy choice of non-overlapping candidates: trusted readers first, then longer spans."""
    taken = [False] * n_tokens
    chosen = []
    order = {"compound": 0, "gaz": 1, "admin": 2, "title": 3, "ner": 4, "caps": 5}
    for c in sorted(cands, key=lambda c: (-c.prio, -c.size, order.get(c.source, 9), c.start)):
        if any(taken[c.start : c.end]):
            continue
        for k in range(c.start, c.end):
            taken[k] = True
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)
