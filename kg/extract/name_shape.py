"""The shape of a capitalised span, read by the NER and name-rule readers: its clean bounds (no leading "the",
quotes, titles or trailing possessive), whether its words look like a person's name or name a document, and what
stands around it (a post, an apposition to a post, a document's title, an open quotation)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .names import DOCUMENT_NOUNS, HONORIFICS, ORG_HEADS, PARTICLES, PLACE_HEADS, POST_HEAD_WORDS, POST_HEADS, RANKS
from .spans import is_possessive, match_tuple, word_at
from .vocabulary import words

_QUOTES = "\"“”‘’'«»"


_EDGE_JUNK = set("•·-–—,;:.()[]/") | set(_QUOTES)


# Lower-case words that may stand inside a name: "Bank of England", "Bosnia and Herzegovina", "Abu al-Hassan".
_NAME_LINKS = words("names", "name_links")


def clean_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
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
        if doc[k].text.islower() and (
            low not in _NAME_LINKS or k + 1 < end and doc[k + 1].ent_type_ in ("DATE", "TIME")
        ):
            end = k
            break
    while end > start and (
        is_possessive(doc[end - 1])
        or doc[end - 1].text in _EDGE_JUNK
        or doc[end - 1].text.islower()
        and doc[end - 1].lower_ in _NAME_LINKS
    ):
        end -= 1  # "Institute for the Study of Labour at"
    # "Kenya's Exclusive Economic Zone": the owner is another entity, keep the owned part
    # (not in a saint's name: "St Paul's Cathedral" is one name)
    saint = doc[start].lower_ in ("st", "st.", "saint")
    for k in range(end - 1, start, -1) if not saint else ():
        if doc[k].text in ("'s", "’s"):  # not "Workers' Party"
            start = k + 1
            break
    return start, end


def strip_titles(doc: Doc, start: int, end: int) -> tuple[int, bool]:
    """Skips leading titles, ranks and honorifics; says whether any were skipped."""
    k, titled = start, False
    while k < end:
        n = max(match_tuple(doc, k, RANKS), match_tuple(doc, k, POST_HEADS))
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


def looks_like_name(doc: Doc, start: int, end: int) -> bool:
    """One to five capitalised words (particles such as "bin" or "al-" allowed inside), none an org or place noun."""
    words, k = [], start
    while k < end:
        text, k = word_at(doc, k)
        words.append(text)
    if not words or len(words) > 5 or k != end:
        return False
    if not words[0][:1].isupper() or not words[-1][:1].isupper():
        return False
    if all(w.lower() in TITLE_LATIN for w in words):
        return False  # "President Pro Tempore": the rest of a title
    for w in words:
        low = w.lower()
        if low in ORG_HEADS or low in PLACE_HEADS or not re.match(r"^[\w.'’-]+$", w):
            return False
        if not (w[:1].isupper() or low in PARTICLES or low.split("-")[0] in PARTICLES):
            return False
    return True


# Latin words that end a title ("President Pro Tempore", "Secretary ad interim").
TITLE_LATIN = words("names", "title_latin")

# Nouns for people acting for a body, beside the post heads: "a senior official in X's government, NAME,".
POST_NOUNS = words("names", "post_nouns")


# Documents whose names NER reads as organisations; "programme", "plan" or "summit" may name a body or event.
TEXT_NOUNS = words("names", "text_nouns")


def after_a_post(doc: Doc, start: int) -> bool:
    """True when "<post>," stands right before `start`: "Ukraine's human rights commissioner, ..."."""
    return start >= 2 and doc[start - 1].text == "," and doc[start - 2].lower_ in POST_HEAD_WORDS


def names_a_document(doc: Doc, start: int, end: int) -> bool:
    """A capitalised document noun ends the phrase or opens its complement: "Rome Statute", "Convention on ..."."""
    for k in range(start, end):
        if (
            doc[k].lower_ in DOCUMENT_NOUNS
            and doc[k].text[:1].isupper()
            and k > start
            and (k + 1 == end or doc[k + 1].lower_ in ("on", "of", "for", "against"))
        ):
            return True
    return False


def apposed_to_a_post(doc: Doc, start: int, end: int) -> bool:
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


def after_document(doc: Doc, start: int) -> bool:
    """True when tokens before `start` read "Treaty on (the)" or "Convention of (the)"."""
    k = start - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return (
        k >= 1
        and doc[k].lower_ in ("on", "of", "for", "against")
        and doc[k - 1].lower_ in TEXT_NOUNS
        and doc[k - 1].text[:1].isupper()
    )


def inside_quotes(doc: Doc, i: int) -> bool:
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
