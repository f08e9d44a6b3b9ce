"""Candidate entity spans from three readers of one Doc: the gazetteer, spaCy's NER and title/name rules.

Each reader proposes `Cand`s (token spans with a type and, when known, a key); `select` keeps the best
non-overlapping ones. Nothing here decides identity across mentions: that is `resolve.py`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gazetteer import Gazetteer
from .names import (
    ABBREVIATIONS,
    ADMIN_UNITS,
    ARMED_FORCES_WORDS,
    COMPASS,
    DOCUMENT_NOUNS,
    EVENT_NOUNS,
    FORMER_WORDS,
    GENERIC_ORG_WORDS,
    HONORIFICS,
    LED_GROUP_NOUNS,
    LOWER_CASE_POSTS,
    ORG_HEADS,
    PARTICLES,
    PLACE_HEADS,
    POST_HEAD_WORDS,
    POST_HEADS,
    POST_MODIFIERS,
    RANKS,
    STATE_BODY_WORDS,
)
from .vocabulary import Phrases, words

# How much a reader is trusted when two candidates overlap (then the longer one wins).
PRIO_COMPOUND = 6  # "Kenyan army", "Garissa county": a gazetteer name plus a telling noun
PRIO_GAZ = 5
PRIO_NER_ORG_HEAD = 5  # "Kenya Coast Guard": beats the country name inside it when longer
PRIO_TITLED = 4  # a name after a title or rank
PRIO_NER = 2

_NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
_QUOTES = "\"“”‘’'«»"
_EDGE_JUNK = set("•·-–—,;:.()[]/") | set(_QUOTES)


@dataclass
class Cand:
    start: int  # token offsets [start, end)
    end: int
    type: str  # Country | Place | Organization | Person
    label: str
    prio: int
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


def _is_possessive(tok) -> bool:
    return tok.text in ("'s", "’s", "'", "’") or tok.tag_ == "POS"


def _words(doc, start: int, end: int) -> list[str]:
    return [t.lower_ for t in doc[start:end]]


def word_at(doc, k: int) -> tuple[str, int]:
    """The word starting at token k, gluing hyphens and abbreviation dots ("Secretary-General", "Maj.")."""
    text = doc[k].text
    k += 1
    while k < len(doc) and doc[k - 1].whitespace_ == "" and (
            doc[k].text == "-" or doc[k - 1].text == "-"
            or doc[k].text == "." and (doc[k - 1].lower_ in ABBREVIATIONS or len(doc[k - 1].text) == 1)):
        text += doc[k].text
        k += 1
    return text, k


def _match_tuple(doc, i: int, options: Phrases) -> int:
    """Number of tokens of the longest word tuple from `options` starting at token i (0 if none)."""
    if i >= len(doc):
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


def gazetteer_cands(doc, gaz: Gazetteer) -> list[Cand]:
    out = []
    for hit in gaz.find(doc):
        e = hit.entry
        if e.type in ("Place", "Country") and hit.end < len(doc) and doc[hit.end].text[:1].isupper() \
                and doc[hit.end].lower_ in DOCUMENT_NOUNS and not e.demonym:
            continue  # "the Rome Statute", "the Minsk Agreement": a document's name, not a place in the story
        out.append(Cand(hit.start, hit.end, "Person" if e.type in ("Official", "Person") else e.type,
                        e.label, PRIO_GAZ, e.key, e.subtype, "gaz", e.demonym, e.qid,
                        titled=e.type == "Official"))
    out += _compounds(doc, gaz, out)
    return out


def _compounds(doc, gaz: Gazetteer, hits: list[Cand]) -> list[Cand]:
    """A gazetteer name followed by a telling noun: "Kenyan military", "Garissa county"."""
    out = []
    for c in hits:
        j = c.end
        if j < len(doc) and _is_possessive(doc[j]):
            j += 1
        if c.type == "Country" and j + 2 < len(doc) and doc[j].text == "-" \
                and doc[j + 1].lower_ in ("led", "backed") and doc[j + 2].lower_ in LED_GROUP_NOUNS:
            label = f"{doc[c.start:j].text}-{doc[j + 1].lower_} {doc[j + 2].text}"
            out.append(Cand(c.start, j + 3, "Organization", label, PRIO_COMPOUND, source="compound",
                            subtype="Alliance" if doc[j + 2].lower_ in ("coalition", "alliance") else None))
            continue
        if c.type == "Country":
            n = _match_tuple(doc, j, ARMED_FORCES_WORDS)
            country = gaz.by_key.get(c.key)
            demonym = (gaz.demonym_of.get(c.key) or (c.label if c.demonym else None)
                       or (country.label if country else c.label))
            if n:
                out.append(Cand(c.start, j + n, "Organization", f"{demonym} Armed Forces", PRIO_COMPOUND,
                                subtype="ArmedForces", source="compound", country_key=c.key))
                continue
            n = _match_tuple(doc, j, STATE_BODY_WORDS) or _generic_body(doc, j)
            if n:
                words = " ".join(t.text.capitalize() if t.text.islower() and t.lower_ not in ("of", "for", "the", "and")
                                 else t.text for t in doc[j:j + n])
                surface = f"{doc[c.start:j].text} {words}" if j > c.end else None
                out.append(Cand(c.start, j + n, "Organization", f"{demonym} {words}", PRIO_COMPOUND,
                                subtype="GovernmentBody", source="compound", country_key=c.key,
                                aliases={surface.replace(" 's", "'s").replace(" ’s", "’s")} if surface else set()))
                continue
        if c.type == "Place" and j == c.end and j < len(doc) and doc[j].is_title \
                and doc[j].lower_ in PLACE_HEADS - ADMIN_UNITS - {"border", "city"}:
            label = f"{doc[c.start:j].text} {doc[j].text}"  # "Lamu Island", "Mfangano Island"
            known = next((e for e in gaz.entries(label) if e.type == "Place"), None)
            out.append(Cand(c.start, j + 1, "Place", known.label if known else label, PRIO_COMPOUND,
                            known.key if known else None, source="compound", headed=True,
                            qid=known.qid if known else None))
            continue
        if c.type == "Place" and j == c.end and j < len(doc) and doc[j].lower_ in ADMIN_UNITS | {"state"}:
            label = f"{c.label} {doc[j].text.capitalize()}"
            known = next((e for e in gaz.entries(label) if e.type == "Place"), None)
            out.append(Cand(c.start, j + 1, "Place", known.label if known else label, PRIO_COMPOUND,
                            known.key if known else None, "Region", "compound", qid=known.qid if known else None))
    return out


def _generic_body(doc, j: int) -> int:
    """Tokens of a capitalised name of a body every state has, from token j: "Ministry of Foreign Affairs",
    "Supreme Court", "National Assembly" (0 if none). After "Nigeria's" it is Nigeria's: the owner is part of
    the name, or every country's ministry would be one node."""
    k = j
    while k < len(doc) and (doc[k].text[:1].isupper() and doc[k].lower_ in GENERIC_BODY_WORDS
                            or doc[k].lower_ in ("of", "for", "the", "and") and k > j and k + 1 < len(doc)
                            and doc[k + 1].text[:1].isupper()):
        k += 1
    while k > j and doc[k - 1].lower_ in ("of", "for", "the", "and"):
        k -= 1
    if k < len(doc) and doc[k].lower_ in POST_HEAD_WORDS:
        return 0  # "Kenya's Defence Cabinet Secretary X": the words of a post, not a body
    return k - j if k - j >= 2 and any(t.lower_ in GENERIC_BODY_HEADS for t in doc[j:k]) else 0


def inside_people(doc, gaz_cands: list[Cand], titled: list[Cand] = ()) -> list[Cand]:
    """Drops one-word gazetteer hits inside a person's name ("Chad Okello", "Anna Wagner")."""
    people = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2]
    # a full name right after a post ("Foreign Minister Jordan Okafor"): a place or country as its first word
    # is the first name, whatever NER thought of it
    named = {c.start for c in titled if c.end - c.start >= 2 and not c.weak}
    if not people and not named:
        return gaz_cands

    def inside(c: Cand) -> bool:
        if c.start in named and c.type in ("Place", "Country") and not c.demonym:
            return True
        # an organisation's one-word name anywhere in it, a country's only as the first name ("Chad Okello");
        # a town at the end stays ("Greater Nairobi" read as a person is NER's mistake, not the gazetteer's)
        for s, e in people:
            if s <= c.start and c.end <= e:
                return c.type == "Organization" or c.type == "Country" and c.start == s and not c.demonym
        return False

    return [c for c in gaz_cands if c.size > 1 or c.source == "compound" or not inside(c)]


def admin_unit_cands(doc) -> list[Cand]:
    """ "Tana Delta district": one to three capitalised proper nouns before an administrative unit word."""
    out = []
    units = ADMIN_UNITS - {"state"}
    for i, tok in enumerate(doc):
        if tok.lower_ not in units or i == 0:
            continue
        j = i
        while j > 0 and i - j < 3 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].text[:1].isupper() \
                and doc[j - 1].lower_ not in ORG_HEADS:
            j -= 1
            if j > 1 and doc[j - 1].text == "-" and not doc[j - 2].whitespace_ and not doc[j - 1].whitespace_ \
                    and doc[j - 2].text[:1].isupper():
                j -= 2  # "Nagorno-Karabakh region": the hyphenated name is one
        if j < i:
            name = doc[j:i].text
            out.append(Cand(j, i + 1, "Place", f"{name} {tok.text.capitalize()}", PRIO_COMPOUND - 1,
                            subtype="Region", source="admin"))
    return out


# Lower-case words that may stand inside a name: "Bank of England", "Bosnia and Herzegovina", "Abu al-Hassan".
_NAME_LINKS = words("names", "name_links")


def _clean_bounds(doc, start: int, end: int) -> tuple[int, int]:
    """Drops a leading "the", bullets, quotes, a trailing possessive; cuts at an opening bracket or slash."""
    for k in range(start, end):
        if doc[k].text in ("(", "/", "[") and k > start:
            end = k
            break
    while start < end and (doc[start].lower_ == "the" or doc[start].text in _EDGE_JUNK):
        start += 1
    # "Commons after Mr Brown", "Commons on Monday": a lower-case word that is no name's connective ends it
    for k in range(start + 1, end):
        low = doc[k].lower_
        if doc[k].text.islower() and (low not in _NAME_LINKS or k + 1 < end and doc[k + 1].ent_type_ in ("DATE",
                                                                                                         "TIME")):
            end = k
            break
    while end > start and (_is_possessive(doc[end - 1]) or doc[end - 1].text in _EDGE_JUNK
                           or doc[end - 1].text.islower() and doc[end - 1].lower_ in _NAME_LINKS):
        end -= 1  # "Institute for the Study of Labour at"
    # "Kenya's Exclusive Economic Zone": the owner is another entity, keep the owned part
    # (not in a saint's name: "St Paul's Cathedral" is one name)
    saint = doc[start].lower_ in ("st", "st.", "saint")
    for k in range(end - 1, start, -1) if not saint else ():
        if doc[k].text in ("'s", "’s"):  # not "Workers' Party"
            start = k + 1
            break
    return start, end


def _strip_titles(doc, start: int, end: int) -> tuple[int, bool]:
    """Skips leading titles, ranks and honorifics; says whether any were skipped."""
    k, titled = start, False
    while k < end:
        n = max(_match_tuple(doc, k, RANKS), _match_tuple(doc, k, POST_HEADS))
        if n and doc[k].text[:1].isupper():
            k += n
            titled = True
            continue
        if doc[k].lower_.rstrip(".") in HONORIFICS or doc[k].text in ("(", ")", "retd", "retd."):
            k += 1
            titled = titled or doc[k - 1].lower_.rstrip(".") in HONORIFICS
            continue
        break
    return k, titled


def _looks_like_name(doc, start: int, end: int) -> bool:
    """One to five capitalised words (particles such as "bin" or "al-" allowed inside), none an org or place noun."""
    words, k = [], start
    while k < end:
        text, k = word_at(doc, k)
        words.append(text)
    if not words or len(words) > 5 or k != end:
        return False
    if not words[0][:1].isupper() or not words[-1][:1].isupper():
        return False
    for w in words:
        low = w.lower()
        if low in ORG_HEADS or low in PLACE_HEADS or not re.match(r"^[\w.'’-]+$", w):
            return False
        if not (w[:1].isupper() or low in PARTICLES or low.split("-")[0] in PARTICLES):
            return False
    return True


def ner_cands(doc) -> list[Cand]:
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


def _ner_cand(doc, ent, etype: str) -> Cand | None:
    start, end = _clean_bounds(doc, ent.start, ent.end)
    while start < end and doc[start].tag_ in ("VBG", "VBN", "VBD"):
        start += 1  # "Welcoming Muttaqi and his delegation": the participle is no part of the name
    if start >= end:
        return None
    words_here = {t.lower_ for t in doc[start:end]}
    if words_here & CALENDAR_WORDS:
        return None  # "Palm Sunday", "the Christian Holy Week": a day or season, not a place or a body
    if etype == "Person" and words_here & EVENT_WORDS:
        return None  # "Coordinated Strikes" in a heading: happenings, not a person
    if end - start == 1 and etype == "Place" and doc[start].dep_ in ("compound", "amod") \
            and doc[start].head.pos_ == "NOUN" and not doc[start].head.ent_type_:
        return None  # "the Mideast rivals", "a Balkan country": a region as an adjective
    if _names_a_document(doc, start, end):
        return None  # "the Vienna Convention on Diplomatic Relations", "the Rome Statute": documents, not bodies
    # "Kenya Defence Forces General", "U.S. Secretary of State": a rank or post inside ends the name
    if etype != "Person":
        for k in range(start + 1, end):
            of_the = doc[k - 1].lower_ == "of" or doc[k - 1].lower_ == "the" and k - 2 >= start and doc[k - 2].lower_ == "of"
            if doc[k].text[:1].isupper() and not of_the and (_match_tuple(doc, k, RANKS)
                                                            or _match_tuple(doc, k, POST_HEADS)):
                end = k  # "Kenya Defence Forces General X"; not "Office of the President", which names a body
                break
    n0 = start
    if doc[ent.start].lower_ != "the":  # "the General Election" has no title to strip
        start, titled = _strip_titles(doc, start, end)
    else:
        titled = False
        if _strip_titles(doc, start, end)[1] or _match_tuple(doc, start, RANKS):
            return None  # "the Captain of a vessel", "the President of Kenya": a description
    if start >= end:
        return None
    words = _words(doc, start, end)
    text = doc[start:end].text
    first, last = words[0], words[-1]
    place_first = len(words) > 2 and first in PLACE_HEADS and words[1] == "of"  # "Gulf of Guinea"
    headed = len(words) > 1 and (last in ORG_HEADS | PLACE_HEADS or place_first or any(
        w in ORG_HEADS and nxt in ("of", "for", "on") for w, nxt in zip(words, words[1:])))
    if not text[:1].isupper() and not text[:1].isdigit():
        return None
    followed_by_who = end + 1 < len(doc) and (doc[end].lower_ == "who" or doc[end].text == ","
                                               and doc[end + 1].lower_ == "who")
    if titled and _looks_like_name(doc, start, end):
        etype = "Person"
    elif etype in ("Organization", "Place") and (followed_by_who or _after_a_post(doc, start)
                                                  or _apposed_to_a_post(doc, start, end)) \
            and _looks_like_name(doc, start, end) and len(words) > 1 and not headed:
        etype = "Person"  # "Halima Duale Nur, who leads ...", "the rights commissioner, Ana Lima": people
    elif etype == "Person":
        if last in ORG_HEADS and len(words) > 1:
            etype = "Organization"
        elif last in PLACE_HEADS and len(words) > 1:
            etype = "Place"
        elif len(words) == 1 and (text.isupper() or not text[:1].isupper()):
            return None  # "XNUMX": not a name
        elif len(words) == 1 and (doc[start].dep_ in ("compound", "nmod") and doc[start].head.pos_ == "NOUN"
                                  or start > 0 and doc[start - 1].lower_ == "the"):
            return None  # "the Zaporizhzhia nuclear plant": a one-word name modifying a noun is not a person
    elif etype == "Organization":
        if (last in PLACE_HEADS and last not in ORG_HEADS or place_first) and len(words) > 1:
            etype = "Place"
        elif all(w in GENERIC_ORG_WORDS for w in words) and len(words) <= 2:
            return None  # "the Armed Forces": a description, not a name
        elif _inside_quotes(doc, n0) and last not in ORG_HEADS and not text.isupper():
            return None  # a quoted course or campaign title
        if last in EVENT_NOUNS:
            return None  # "the General Election", "the Olympic Games"
        if end < len(doc) and doc[end].lower_ in POST_HEAD_WORDS and all(
                w in POST_MODIFIERS | _POST_PREFIXES for w in re.split(r"[\s-]+", text.lower()) if w):
            return None  # "Home" in "Home Secretary", "New Home", "Ex-Home", "Economics": part of the post
        if end < len(doc) and doc[end].lower_ in DOCUMENT_NOUNS and not headed:
            return None  # "the Comprehensive Strategic Partnership treaty"
        if (first in _TEXT_NOUNS or last in _TEXT_NOUNS) and not headed:
            return None  # "the Treaty", "the Ankara Declaration": documents, not bodies
        if _after_document(doc, start):
            return None  # "Treaty on the Non-Proliferation of ...": the rest of a document's title
        if "and" in words and not headed and not any(w in ORG_HEADS for w in words):
            return None  # "the Fordow and Natanz facilities": two names joined, no body named
        if len(words) == 1 and not text.isupper() and start > 0 and doc[start - 1].lower_ == "the" \
                and doc[start].pos_ != "PROPN":
            return None  # "the Annex": a common noun read as a name
    elif etype == "Place" and ent.label_ == "FAC" and len(words) == 1 and not text[:1].isupper():
        return None
    elif etype == "Place" and len(words) > 1 and last in ORG_HEADS - PLACE_HEADS and not place_first:
        etype = "Organization"  # "the Lake Basin Alliance" read as a location
    prio = PRIO_NER
    if headed or etype == "Place" and first in COMPASS and len(words) > 1:
        prio = PRIO_NER_ORG_HEAD  # "Kenya Coast Guard", "Lamu Island", "South Kivu" beat the name inside
    return Cand(start, end, etype, _label_text(doc, start, end), prio, source="ner", titled=titled, headed=headed)


# Days, months and seasons ("Palm Sunday", "Holy Week"), and the event nouns a heading may capitalise.
CALENDAR_WORDS = words("names", "calendar_words") | words("names", "holiday_words")
EVENT_WORDS = words("names", "event_nouns") | words("events", "heading_event_words")

# Words of the names of bodies every state has ("Ministry of Foreign Affairs", "Supreme Court"), and their heads.
GENERIC_BODY_WORDS = words("names", "generic_body_words")
GENERIC_BODY_HEADS = words("names", "generic_body_heads")

# Nouns for people acting for a body, beside the post heads: "a senior official in X's government, NAME,".
POST_NOUNS = words("names", "post_nouns")

# Words that may open a post before its subject words: "New Home Secretary", "Ex-Home Secretary".
_POST_PREFIXES = words("names", "post_prefixes")

# Documents whose names NER reads as organisations; "programme", "plan" or "summit" may name a body or event.
_TEXT_NOUNS = words("names", "text_nouns")


def _after_a_post(doc, start: int) -> bool:
    """True when "<post>," stands right before `start`: "Ukraine's human rights commissioner, ..."."""
    return start >= 2 and doc[start - 1].text == "," and doc[start - 2].lower_ in POST_HEAD_WORDS


def _names_a_document(doc, start: int, end: int) -> bool:
    """A capitalised document noun ends the phrase or opens its complement: "Rome Statute", "Convention on ..."."""
    for k in range(start, end):
        if doc[k].lower_ in DOCUMENT_NOUNS and doc[k].text[:1].isupper() and k > start and (
                k + 1 == end or doc[k + 1].lower_ in ("on", "of", "for", "against")):
            return True
    return False


def _apposed_to_a_post(doc, start: int, end: int) -> bool:
    """ "the head of the African Union Commission, Moussa Faki Mahamat,", "a senior official in X's government, Y,":
    a name set off in apposition to a phrase headed by a post is a person's, whatever NER called it."""
    root = doc[start:end].root
    if root.dep_ != "appos" or start == 0 or doc[start - 1].text != ",":
        return False
    head = root.head
    for _ in range(4):
        if head.lower_ in POST_HEAD_WORDS or head.lemma_.lower() in POST_NOUNS:
            return True
        if head.dep_ not in ("pobj", "prep", "compound", "poss") or head.head is head:
            return False
        head = head.head
    return False


def _after_document(doc, start: int) -> bool:
    """True when tokens before `start` read "Treaty on (the)" or "Convention of (the)"."""
    k = start - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return k >= 1 and doc[k].lower_ in ("on", "of", "for", "against") and doc[k - 1].lower_ in _TEXT_NOUNS \
        and doc[k - 1].text[:1].isupper()


def caps_org_cands(doc) -> list[Cand]:
    """Capitalised words ending in an organisation or place noun that NER missed: "Regional Anti-Terrorist Structure"."""
    out = []
    i, n = 0, len(doc)
    while i < n:
        if not _capword(doc[i]) or doc[i].is_sent_start and doc[i].lower_ in ("the", "a", "an", "in", "on"):
            i += 1
            continue
        j = i
        while j < n and doc[j].ent_type_ not in ("DATE", "TIME") and (
                _capword(doc[j]) or doc[j].text == "-" and doc[j - 1].whitespace_ == ""
                or doc[j].lower_ in ("of", "for", "and", "the", "on") and j + 1 < n and _capword(doc[j + 1])
                and doc[j + 1].ent_type_ not in ("DATE", "TIME")
                and not (doc[j].lower_ == "and" and (doc[j - 1].lower_ in ORG_HEADS | PLACE_HEADS
                                                     or doc[j + 1].ent_type_ == "GPE"))):
            j += 1  # "X Service and Y Hotel", "X States and Brazil" are two names; "Sciences and Technology" is one
        # the longest stretch [a, b) of the run that ends in an organisation noun, without leading posts or "The"
        if i > 0 and doc[i - 1].lower_ in PARTICLES and doc[i - 1].text.islower():
            i = max(j, i + 1)
            continue  # "von der Leyen and ...": the rest of a person's name, not the start of a body's
        a = i
        while a < j and (doc[a].lower_ in POST_HEAD_WORDS | {"the", "of", "a"} or _match_tuple(doc, a, RANKS)
                         or doc[a].pos_ not in ("PROPN", "NOUN", "ADJ")):
            a += 1
        if a < j and (doc[a].lower_ in DOCUMENT_NOUNS or _names_a_document(doc, a, j)):
            i = max(j, i + 1)
            continue  # "Act of Parliament", "Vienna Convention on Diplomatic Relations"
        for k in range(a + 1, j):
            if _match_tuple(doc, k, POST_HEADS) or _match_tuple(doc, k, RANKS):
                j = k  # "U.S. Secretary of State Marco Rubio": a post ends the name
                break
        b = j
        while b > a and doc[b - 1].lower_ not in ORG_HEADS | PLACE_HEADS:
            b -= 1
        if b > a and b < j and doc[b].lower_ in ("of", "for", "on"):
            # "Central Bank of Kenya", "University of Lagos": the name runs on, up to a person NER found after it
            # ("the Organization of American States Luis Almagro")
            b = next((t for t in range(b + 1, j) if doc[t].ent_iob_ == "B" and doc[t].ent_type_ == "PERSON"), j)
        if b - a >= 2 and doc[a].text[:1].isupper() and not all(t.lower_ in GENERIC_ORG_WORDS for t in doc[a:b]):
            head = doc[b - 1].lower_
            etype = "Place" if head in PLACE_HEADS and head not in ORG_HEADS else "Organization"
            out.append(Cand(a, b, etype, _label_text(doc, a, b), PRIO_NER_ORG_HEAD, source="caps", headed=True))
        i = max(j, i + 1)
    return out


def _capword(tok) -> bool:
    return tok.text[:1].isupper() and (tok.is_alpha or "-" in tok.text or tok.text.isupper()) and tok.pos_ != "PRON"


def _inside_quotes(doc, i: int) -> bool:
    """Whether token i stands inside a quotation opened earlier in its sentence."""
    sent_start = doc[i].sent.start if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else 0
    state = False
    for tok in doc[sent_start:i]:
        if tok.text in ("“", "‘"):
            state = True
        elif tok.text in ("”", "’"):
            state = False
        elif tok.text == '"':
            state = not state
    return state


def titled_person_cands(doc, countries: dict[int, int] | None = None) -> list[Cand]:
    """A capitalised name right after a title or rank: "Lieutenant General Amina Osei", "President Ruto",
    "Ambassador to Niger Sylvain Itte" (`countries`: start -> end of the country names found, which a post
    served in a country may name before the person)."""
    countries = countries or {}
    out = []
    i = 0
    while i < len(doc):
        n = max(_match_tuple(doc, i, RANKS), _match_tuple(doc, i, POST_HEADS))
        lower_post = n and doc[i].text.islower() and doc[i + n - 1].lower_ in LOWER_CASE_POSTS
        if not n or not doc[i].text[:1].isupper() and not lower_post:
            i += 1
            continue
        j = i + n
        while j < len(doc):  # more ranks, "(retd)", "Dr.", "to Niger"
            m = _match_tuple(doc, j, RANKS) if doc[j].text[:1].isupper() else 0
            if m:
                j += m
            elif doc[j].text in ("(", ")") or doc[j].lower_.rstrip(".") in FORMER_WORDS | HONORIFICS:
                j += 1
            elif doc[j].lower_ in ("to", "in") and j + 1 in countries:
                j = countries[j + 1]  # "Ambassador to Niger Sylvain Itte": the country is part of the post
            else:
                break
        k = j
        while k < len(doc) and k - j < 8:
            text, nxt = word_at(doc, k)
            if re.match(r"^[A-Z][\w.'’-]*$", text) and text.lower() not in ORG_HEADS | PLACE_HEADS \
                    or (text.lower() in PARTICLES or text.lower().split("-")[0] in PARTICLES) and k > j:
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
        if k > j and _looks_like_name(doc, j, k) and (doc[j].pos_ == "PROPN" or doc[k - 1].pos_ == "PROPN" and k - j > 1):
            out.append(Cand(j, k, "Person", _label_text(doc, j, k), PRIO_TITLED, source="title", titled=True,
                            weak=weak))
        i = max(i + 1, j)
    return out


def particle_name_cands(doc) -> list[Cand]:
    """ "Ursula von der Leyen", "Luiz Inácio Lula da Silva": capitalised names joined by lower-case particles, which
    NER often cuts ("Ursula von der" + "Leyen"); kept where NER saw a person in it. Titles before it are not part
    of it ("Foreign Minister Asaad al-Shibani" is found by the title reader)."""
    out = []
    i, n = 0, len(doc)
    while i < n:
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
                if k >= n or not doc[k].text[:1].isupper():
                    break
                inner += k - j  # particles between capitalised words: "von der", "da"
                j = k
            else:
                break
        if inner and j - i >= 3 and any(t.ent_type_ == "PERSON" for t in doc[i:j]) and _looks_like_name(doc, i, j):
            out.append(Cand(i, j, "Person", _label_text(doc, i, j), PRIO_GAZ, source="title"))
        i = max(j, i + 1)
    return out


def _label_text(doc, start: int, end: int) -> str:
    text = doc[start:end].text
    return re.sub(r"\s+", " ", text).strip()


def select(cands: list[Cand], n_tokens: int) -> list[Cand]:
    """Greedy choice of non-overlapping candidates: trusted readers first, then longer spans."""
    taken = [False] * n_tokens
    chosen = []
    order = {"compound": 0, "gaz": 1, "admin": 2, "title": 3, "ner": 4, "caps": 5}
    for c in sorted(cands, key=lambda c: (-c.prio, -c.size, order.get(c.source, 9), c.start)):
        if any(taken[c.start:c.end]):
            continue
        for k in range(c.start, c.end):
            taken[k] = True
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)
