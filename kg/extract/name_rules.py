"""Names NER misses, read by rules: a capitalised run ending in a body's noun ("Regional Anti-Terrorist
Structure"), a name after a title or rank ("Field Marshal Asim Munir"), a name joined by a particle ("Mohammed
bin Salman")."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..vocab import EntityType
from .doctext import lowers, texts
from .name_shape import (
    looks_like_name,
    names_a_document,
)
from .names import (
    DOCUMENT_NOUNS,
    EVENT_NOUNS,
    FORMER_WORDS,
    GENERIC_ORG_WORDS,
    HONORIFICS,
    LOWER_CASE_POSTS,
    ORG_HEADS,
    PARTICLES,
    PLACE_HEADS,
    POST_HEAD_WORDS,
    POST_HEADS,
    RANKS,
)
from .spans import (
    PRIO_COMPOUND,
    PRIO_GAZ,
    PRIO_NER_ORG_HEAD,
    PRIO_TITLED,
    Cand,
    label_text,
    match_tuple,
    word_at,
)
from .vocabulary import first_fragment

# Unions the readers test word by word, made once (a set union per test was measurable).
_NAME_HEADS = ORG_HEADS | PLACE_HEADS
_PLACE_ONLY_HEADS = PLACE_HEADS - ORG_HEADS
_NOT_A_NAME_START = POST_HEAD_WORDS | {"the", "of", "a"}
_BEFORE_A_NAME = FORMER_WORDS | HONORIFICS


def caps_org_cands(doc: Doc) -> list[Cand]:
    """Capitalised words ending in an organisation or place noun that NER missed: "Regional Anti-Terrorist
    Structure"."""
    out = []
    i, n = 0, len(doc)
    words = texts(doc)
    while i < n:
        if not words[i][:1].isupper():
            i += 1
            continue
        if not _capword(doc[i]) or doc[i].is_sent_start and doc[i].lower_ in ("the", "a", "an", "in", "on"):
            i += 1
            continue
        j = i
        while (
            j < n
            and doc[j].ent_type_ not in ("DATE", "TIME")
            and (
                _capword(doc[j])
                or doc[j].text == "-"
                and doc[j - 1].whitespace_ == ""
                or doc[j].lower_ in ("of", "for", "and", "the", "on")
                and j + 1 < n
                and _capword(doc[j + 1])
                and doc[j + 1].ent_type_ not in ("DATE", "TIME")
                and not (doc[j].lower_ == "and" and (doc[j - 1].lower_ in _NAME_HEADS or doc[j + 1].ent_type_ == "GPE"))
            )
        ):
            j += 1  # "X Service and Y Hotel", "X States and Brazil" are two names; "Sciences and Technology" is one
        # the longest stretch [a, b) of the run that ends in an organisation noun, without leading posts or "The"
        if i > 0 and doc[i - 1].lower_ in PARTICLES and doc[i - 1].text.islower():
            i = max(j, i + 1)
            continue  # "von der Leyen and ...": the rest of a person's name, not the start of a body's
        a = i
        while a < j and (
            doc[a].lower_ in _NOT_A_NAME_START
            or match_tuple(doc, a, RANKS)
            or doc[a].pos_ not in ("PROPN", "NOUN", "ADJ")
        ):
            a += 1
        if a < j and (doc[a].lower_ in DOCUMENT_NOUNS or names_a_document(doc, a, j)):
            i = max(j, i + 1)
            continue  # "Act of Parliament", "Vienna Convention on Diplomatic Relations"
        for k in range(a + 1, j):
            if match_tuple(doc, k, POST_HEADS) or match_tuple(doc, k, RANKS):
                j = k  # "U.S. Secretary of State Marco Rubio": a post ends the name
                break
        b = j
        while b > a and doc[b - 1].lower_ not in _NAME_HEADS:
            b -= 1
        if b > a and b < j and doc[b].lower_ in ("of", "for", "on"):
            # "Central Bank of Kenya", "University of Lagos": the name runs on, up to a person NER found after it
            # ("the Organization of American States Luis Almagro")
            b = next((t for t in range(b + 1, j) if doc[t].ent_iob_ == "B" and doc[t].ent_type_ == "PERSON"), j)
        if b - a >= 2 and doc[a].text[:1].isupper() and not all(t.lower_ in GENERIC_ORG_WORDS for t in doc[a:b]):
            head = doc[b - 1].lower_
            etype: EntityType = "Place" if head in PLACE_HEADS and head not in ORG_HEADS else "Organization"
            out.append(Cand(a, b, etype, label_text(doc, a, b), PRIO_NER_ORG_HEAD, source="caps", headed=True))
        i = max(j, i + 1)
    return out


_CONNECTORS = {"of", "and", "the", "for", "on", "in", "de", "du", "des", "la", "le", "el", "y", "et"}


def acronym_defined_cands(doc: Doc, taken: set[tuple[int, int]]) -> list[Cand]:
    """ "the Community of Latin American and Caribbean States (CELAC)": capitalised words followed by an acronym in
    brackets are one name, from the word whose initial the acronym starts with, whatever NER cut it into (it read
    "Latin American" and "Caribbean States"). `taken`: spans the gazetteer knows exactly (a country's "(DRC)")."""
    out = []
    words = texts(doc)
    for i in range(2, len(doc) - 2):
        if words[i] != "(" or doc[i + 2].text != ")" or not re.fullmatch(r"[A-Z][A-Z0-9-]{1,9}", doc[i + 1].text):
            continue
        letter = doc[i + 1].text[0]
        a = i
        while (
            a > 0
            and (_capword(doc[a - 1]) or doc[a - 1].lower_ in _CONNECTORS and a - 2 >= 0 and _capword(doc[a - 2]))
            and i - a < 14
        ):
            a -= 1
        while a < i and not (_capword(doc[a]) and doc[a].text[0] == letter and doc[a].lower_ not in _CONNECTORS):
            a += 1  # "President Pro Tempore of the Community of ... (CELAC)": from the "C" of "Community"
        if i - a < 2 or (a, i) in taken or not _capword(doc[i - 1]):
            continue
        if any(match_tuple(doc, k, POST_HEADS) or match_tuple(doc, k, RANKS) for k in range(a + 1, i)):
            continue  # a post inside: not one body's name
        head = doc[i - 1].lower_
        region_of = any(t.lower_ in _PLACE_ONLY_HEADS and doc[t.i + 1].lower_ == "of" for t in doc[a : i - 1])
        etype: EntityType = "Place" if head in _PLACE_ONLY_HEADS or region_of else "Organization"
        out.append(Cand(a, i, etype, label_text(doc, a, i), PRIO_COMPOUND, source="caps", headed=True))
    return out


def _capword(tok: Token) -> bool:
    return tok.text[:1].isupper() and (tok.is_alpha or "-" in tok.text or tok.text.isupper()) and tok.pos_ != "PRON"


def titled_person_cands(doc: Doc, countries: dict[int, int] | None = None) -> list[Cand]:
    """A capitalised name right after a title or rank: "Lieutenant General Amina Osei", "President Ruto",
    "Ambassador to Niger Sylvain Itte" (`countries`: start -> end of the country names found, which a post
    served in a country may name before the person)."""
    countries = countries or {}
    out = []
    i = 0
    starts = RANKS.first_tokens | POST_HEADS.first_tokens
    words = lowers(doc)
    while i < len(doc):
        if first_fragment(words[i]) not in starts:
            i += 1
            continue  # no title starts here (match_tuple's own first test, without making the Token)
        n = max(match_tuple(doc, i, RANKS), match_tuple(doc, i, POST_HEADS))
        lower_post = n and doc[i].text.islower() and doc[i + n - 1].lower_ in LOWER_CASE_POSTS
        if not n or not doc[i].text[:1].isupper() and not lower_post:
            i += 1
            continue
        j = i + n
        while j < len(doc):  # more ranks, "(retd)", "Dr.", "to Niger"
            m = match_tuple(doc, j, RANKS) if doc[j].text[:1].isupper() else 0
            if m:
                j += m
            elif doc[j].text in ("(", ")") or doc[j].lower_.rstrip(".") in _BEFORE_A_NAME:
                j += 1
            elif doc[j].lower_ in ("to", "in") and j + 1 in countries:
                j = countries[j + 1]  # "Ambassador to Niger Sylvain Itte": the country is part of the post
            else:
                break
        k = j
        while k < len(doc) and k - j < 8:
            text, nxt = word_at(doc, k)
            if (
                re.match(r"^[A-Z][\w.'’-]*$", text)
                and text.lower() not in _NAME_HEADS
                or (text.lower() in PARTICLES or text.lower().split("-")[0] in PARTICLES)
                and k > j
            ):
                k = nxt
            else:
                break
        while k > j and doc[k - 1].lower_ in PARTICLES:
            k -= 1
        if i > 0 and doc[i - 1].lower_ in ("the", "a", "an") or k > j and doc[k - 1].lower_ in EVENT_NOUNS:
            i = max(i + 1, j)
            continue  # "the General Election", "a Major Road": not a title before a name
        # one word after a title ("General Osei") is kept only if it turns out to be a known person's surname
        weak = word_at(doc, j)[1] >= k and doc[j].ent_type_ not in ("PERSON", "ORG", "NORP")
        if lower_post and (weak or word_at(doc, j)[1] >= k):
            i = max(i + 1, j)
            continue  # after a lower-case post ("spokesperson Zhang Xiaogang") only a full name counts
        if (
            k > j
            and looks_like_name(doc, j, k)
            and (doc[j].pos_ == "PROPN" or doc[k - 1].pos_ == "PROPN" and k - j > 1)
        ):
            out.append(Cand(j, k, "Person", label_text(doc, j, k), PRIO_TITLED, source="title", titled=True, weak=weak))
        i = max(i + 1, j)
    return out


def particle_name_cands(doc: Doc) -> list[Cand]:
    """ "Ursula von der Leyen", "Luiz Inácio Lula da Silva": capitalised names joined by lower-case particles, which
    NER often cuts ("Ursula von der" + "Leyen"); kept where NER saw a person in it. Titles before it are not part
    of it ("Foreign Minister Asaad al-Shibani" is found by the title reader)."""
    out = []
    i, n = 0, len(doc)
    words = texts(doc)
    while i < n:
        if not words[i][:1].isupper():
            i += 1
            continue
        if not (doc[i].text[:1].isupper() and doc[i].pos_ == "PROPN") or doc[i].lower_ in POST_HEAD_WORDS:
            i += 1
            continue
        j, inner = i + 1, 0
        while j < n:
            if doc[j].text[:1].isupper() and doc[j].is_alpha and doc[j].lower_ not in POST_HEAD_WORDS:
                j += 1
            elif doc[j].text.islower() and doc[j].lower_ in PARTICLES:
                k = j
                while k < n and doc[k].text.islower() and doc[k].lower_ in PARTICLES:
                    k += 1
                if k + 1 < n and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_:
                    k += 1  # "Musaad bin Mohammed al-Aiban": a particle hyphenated to the next name
                if k >= n or not doc[k].text[:1].isupper():
                    break
                inner += k - j  # particles between capitalised words: "von der", "da"
                j = k
            else:
                break
        if inner and j - i >= 3 and any(t.ent_type_ == "PERSON" for t in doc[i:j]) and looks_like_name(doc, i, j):
            out.append(Cand(i, j, "Person", label_text(doc, i, j), PRIO_GAZ, source="title"))
        i = max(j, i + 1)
    return out
