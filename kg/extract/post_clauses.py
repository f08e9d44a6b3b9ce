"""Posts stated after the name: an apposition ("John Roe, AU Commission Chairperson,", "Jane Doe, a spokesperson
for the Kenyan military", "John Roe, who leads the militia") and an appointment ("Jane Doe was appointed as the
IGAD executive secretary", "elected to the presidency of the UN ..."). Same return shape as post_shapes.py."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .mentions import MentionIndex
from .names import FORMER_WORDS
from .post_shapes import HOLDERS_OF, PERSON, PostReading, post_words_from, runs_on
from .vocabulary import table, words

_LEAD_VERBS = table("posts", "lead_verbs")


_APPOINT_VERBS = words("posts", "appoint_verbs")


def apposition(doc: Doc, idx: MentionIndex, span: Span, sent: Span) -> PostReading | None:
    """ "X, AU Commission President," / "X, a spokesperson for the Kenyan military" / "X, who leads the militia"."""
    k = span.end
    if k >= sent.end or doc[k].text != ",":
        return None
    k += 1
    if k < sent.end and doc[k].lower_ == "who" and k + 1 < sent.end and doc[k + 1].lower_ in _LEAD_VERBS:
        j = k + 2
        while j < sent.end and doc[j].lower_ in ("the", "a"):
            j += 1
        hit = idx.at(j) if j < sent.end else None
        if hit and hit[0].type == "Organization":
            return _LEAD_VERBS[doc[k + 1].lower_], hit[0].key, False, None, 0.75
        return None
    while k < sent.end and doc[k].lower_ in ("a", "an", "the"):
        k += 1
    former = False
    while k < sent.end and doc[k].lower_.rstrip(".") in FORMER_WORDS:
        former = True
        k += 1
    of_key = None
    hit = idx.at(k) if k < sent.end else None
    if hit and hit[0].type in HOLDERS_OF:
        of_key = hit[0].key
        k = hit[2]
        if k < sent.end and doc[k].text in ("'s", "’s"):
            k += 1
    start = k
    k = post_words_from(doc, k, sent.end)
    if k == start:
        return None
    title_span = doc[start:k]
    if k < sent.end and doc[k].lower_ in ("for", "of", "to", "at"):
        j = k + 1
        while j < sent.end and doc[j].lower_ in ("the",):
            j += 1
        hit = idx.at(j) if j < sent.end else None
        if hit and runs_on(doc, hit[2]):
            return None  # "director general of the British Chambers of Commerce": a body the text did not name
        if hit and hit[0].type in HOLDERS_OF and of_key is None:
            of_key = hit[0].key
            if doc[k].lower_ == "of":
                title_span = doc[start : hit[2]]
        elif of_key is None and j < sent.end and doc[j].lower_ in ("army", "military", "armed"):
            of_key = None  # "for the military": resolved later from the article's armed forces
    if k < sent.end and doc[k].text not in (",", ".", ";", "said", "says", "told", "and") and doc[k].pos_ == "NOUN":
        return None
    nxt = idx.at(k) if k < sent.end else None
    if nxt and nxt[0].type in PERSON or k < sent.end and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper():
        return None  # "X, Indian PM Y": the post is the next person's
    return title_span, of_key, former, None, 0.85 if of_key else 0.6


def appointment(doc: Doc, idx: MentionIndex, span: Span, sent: Span) -> PostReading | None:
    """ "X was appointed as the IGAD executive secretary", "X was elected to the presidency of the assembly"."""
    k = span.end
    while k < sent.end and doc[k].lower_ in (
        "was",
        "is",
        "has",
        "been",
        "had",
        "were",
        "will",
        "be",
        "later",
        "then",
        "formally",
        "officially",
        "unanimously",
    ):
        k += 1
    if k >= sent.end or doc[k].lower_ not in _APPOINT_VERBS:
        return None
    k += 1
    while k < sent.end and doc[k].lower_ in ("as", "to", "the", "a", "an", "in", "new", "its"):
        k += 1
    of_key = None
    hit = idx.at(k) if k < sent.end else None
    if hit and hit[0].type in HOLDERS_OF:
        of_key = hit[0].key
        k = hit[2]
    start = k
    k = post_words_from(doc, k, sent.end)
    if k == start:
        return None
    end = k
    if k < sent.end and doc[k].lower_ == "of":
        j = k + 1
        while j < sent.end and doc[j].lower_ == "the":
            j += 1
        hit = idx.at(j) if j < sent.end else None
        if hit and runs_on(doc, hit[2]):
            return None
        if hit and hit[0].type in HOLDERS_OF:
            of_key = of_key or hit[0].key
            end = hit[2]
    return doc[start:end], of_key, False, None, 0.85 if of_key else 0.6
