"""spaCy's named entities as candidate spans: bounds cleaned of titles, quotes and edge punctuation, the type
corrected where a name's own words tell it (a body's head noun, a post before a person), and spans that name no
entity (days, documents, event nouns, a body every state has) left out. The tests of a span's shape and
surroundings it applies are name_shape.py's."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..vocab import EntityType
from .name_shape import (
    TEXT_NOUNS,
    TITLE_LATIN,
    after_a_post,
    after_document,
    apposed_to_a_post,
    clean_bounds,
    inside_quotes,
    looks_like_name,
    names_a_document,
    strip_titles,
)
from .names import (
    COMPASS,
    DOCUMENT_NOUNS,
    EVENT_NOUNS,
    GENERIC_ORG_WORDS,
    ORG_HEADS,
    PLACE_HEADS,
    POST_HEAD_WORDS,
    POST_HEADS,
    POST_MODIFIERS,
    RANKS,
)
from .spans import (
    PRIO_NER,
    PRIO_NER_ORG_HEAD,
    Cand,
    label_text,
    match_tuple,
    span_words,
)
from .vocabulary import words

_NER_TYPES: dict[str, EntityType] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
}


def ner_cands(doc: Doc) -> list[Cand]:
    """spaCy's PERSON/ORG/GPE/LOC/FAC spans, cleaned ("the", possessives, titles) and retyped by their head noun."""
    out = []
    for ent in doc.ents:
        etype = _NER_TYPES.get(ent.label_)
        if etype is None:
            continue
        cand = _ner_cand(doc, ent, etype)
        if cand is not None:
            out.append(cand)
    return out


def _ner_cand(doc: Doc, ent: Span, etype: EntityType) -> Cand | None:
    start, end = clean_bounds(doc, ent.start, ent.end)
    while start < end and doc[start].tag_ in ("VBG", "VBN", "VBD"):
        start += 1  # "Welcoming Muttaqi and his delegation": the participle is no part of the name
    if start >= end:
        return None
    if (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].text[:1].islower()
    ):
        return None  # "Mar" of "Mar-a-Lago": a piece of a hyphenated name
    words_here = {t.lower_ for t in doc[start:end]}
    if words_here <= TITLE_LATIN:
        return None  # "President Pro Tempore": the rest of a title, not a person
    if words_here & CALENDAR_WORDS:
        return None  # "Palm Sunday", "the Christian Holy Week": a day or season, not a place or a body
    if etype == "Person" and words_here & EVENT_WORDS:
        return None  # "Coordinated Strikes" in a heading: happenings, not a person
    if (
        end - start == 1
        and etype == "Place"
        and doc[start].dep_ in ("compound", "amod")
        and doc[start].head.pos_ == "NOUN"
        and not doc[start].head.ent_type_
    ):
        return None  # "the Mideast rivals", "a Balkan country": a region as an adjective
    if names_a_document(doc, start, end):
        return None  # "the Vienna Convention on Diplomatic Relations", "the Rome Statute": documents, not bodies
    # "Kenya Defence Forces General", "U.S. Secretary of State": a rank or post inside ends the name
    if etype != "Person":
        for k in range(start + 1, end):
            of_the = doc[k - 1].lower_ == "of" or (
                doc[k - 1].lower_ == "the" and k - 2 >= start and doc[k - 2].lower_ == "of"
            )
            if (
                doc[k].text[:1].isupper()
                and not of_the
                and (match_tuple(doc, k, RANKS) or match_tuple(doc, k, POST_HEADS))
            ):
                end = k  # "Kenya Defence Forces General X"; not "Office of the President", which names a body
                break
    n0 = start
    if doc[ent.start].lower_ != "the":  # "the General Election" has no title to strip
        start, titled = strip_titles(doc, start, end)
    else:
        titled = False
        if strip_titles(doc, start, end)[1] or match_tuple(doc, start, RANKS):
            return None  # "the Captain of a vessel", "the President of Kenya": a description
    if start >= end:
        return None
    words = span_words(doc, start, end)
    text = doc[start:end].text
    first, last = words[0], words[-1]
    place_first = len(words) > 2 and first in PLACE_HEADS and words[1] == "of"  # "Gulf of Guinea"
    headed = len(words) > 1 and (
        last in _NAME_HEADS
        or place_first
        or any(w in ORG_HEADS and nxt in ("of", "for", "on") for w, nxt in zip(words, words[1:], strict=False))
    )
    if not text[:1].isupper() and not text[:1].isdigit():
        return None
    followed_by_who = end + 1 < len(doc) and (
        doc[end].lower_ == "who" or doc[end].text in (",", "—", "–", "(") and doc[end + 1].lower_ == "who"
    )
    if titled and looks_like_name(doc, start, end):
        etype = "Person"
    elif (
        etype in ("Organization", "Place")
        and (followed_by_who or after_a_post(doc, start) or apposed_to_a_post(doc, start, end))
        and looks_like_name(doc, start, end)
        and len(words) > 1
        and not headed
    ):
        etype = "Person"  # "Halima Duale Nur, who leads ...", "the rights commissioner, Ana Lima": people
    elif etype == "Person":
        if last in ORG_HEADS and len(words) > 1:
            etype = "Organization"
        elif last in PLACE_HEADS and len(words) > 1:
            etype = "Place"
        elif len(words) == 1 and (text.isupper() or not text[:1].isupper()):
            return None  # "XNUMX": not a name
        elif len(words) == 1 and (
            doc[start].dep_ in ("compound", "nmod")
            and doc[start].head.pos_ == "NOUN"
            or start > 0
            and doc[start - 1].lower_ == "the"
        ):
            return None  # "the Zaporizhzhia nuclear plant": a one-word name modifying a noun is not a person
    elif etype == "Organization":
        if (last in PLACE_HEADS and last not in ORG_HEADS or place_first) and len(words) > 1:
            etype = "Place"
        elif all(w in GENERIC_ORG_WORDS for w in words) and len(words) <= 2:
            return None  # "the Armed Forces": a description, not a name
        elif inside_quotes(doc, n0) and last not in ORG_HEADS and not text.isupper():
            return None  # a quoted course or campaign title
        if last in EVENT_NOUNS:
            return None  # "the General Election", "the Olympic Games"
        if (
            end < len(doc)
            and doc[end].lower_ in POST_HEAD_WORDS
            and all(w in _POST_OPENERS for w in re.split(r"[\s-]+", text.lower()) if w)
        ):
            return None  # "Home" in "Home Secretary", "New Home", "Ex-Home", "Economics": part of the post
        if end < len(doc) and doc[end].lower_ in DOCUMENT_NOUNS and not headed:
            return None  # "the Comprehensive Strategic Partnership treaty"
        if (first in TEXT_NOUNS or last in TEXT_NOUNS) and not headed:
            return None  # "the Treaty", "the Ankara Declaration": documents, not bodies
        if after_document(doc, start):
            return None  # "Treaty on the Non-Proliferation of ...": the rest of a document's title
        if "and" in words and not headed and not any(w in ORG_HEADS for w in words):
            return None  # "the Fordow and Natanz facilities": two names joined, no body named
        if (
            len(words) == 1
            and not text.isupper()
            and start > 0
            and doc[start - 1].lower_ == "the"
            and doc[start].pos_ != "PROPN"
        ):
            return None  # "the Annex": a common noun read as a name
    elif etype == "Place" and ent.label_ == "FAC" and len(words) == 1 and not text[:1].isupper():
        return None
    elif etype == "Place" and len(words) > 1 and last in _ORG_ONLY_HEADS and not place_first:
        etype = "Organization"  # "the Lake Basin Alliance" read as a location
    prio = PRIO_NER
    if headed or etype == "Place" and first in COMPASS and len(words) > 1:
        prio = PRIO_NER_ORG_HEAD  # "Kenya Coast Guard", "Lamu Island", "South Kivu" beat the name inside
    return Cand(start, end, etype, label_text(doc, start, end), prio, source="ner", titled=titled, headed=headed)


# Days, months and seasons ("Palm Sunday", "Holy Week"), and the event nouns a heading may capitalise.
CALENDAR_WORDS = words("names", "calendar_words") | words("names", "holiday_words")


EVENT_WORDS = words("names", "event_nouns") | words("events", "heading_event_words")


# Words that may open a post before its subject words: "New Home Secretary", "Ex-Home Secretary".
_POST_PREFIXES = words("names", "post_prefixes")
_POST_OPENERS = POST_MODIFIERS | _POST_PREFIXES
# Unions tested word by word, made once.
_NAME_HEADS = ORG_HEADS | PLACE_HEADS
_ORG_ONLY_HEADS = ORG_HEADS - PLACE_HEADS
