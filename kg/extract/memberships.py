"""Memberships: which countries or organisations belong to which organisation, read over the dependency parse.

Each token that can signal membership (a verb of joining, including, suspending, leaving or founding; the noun
"member"; a group noun such as "countries" owned by a body; a collective noun such as "grouping") is handed to the
reader of its shape (membership_shapes.py). Every membership keeps the sentence that states it as evidence.
A well-known body whose members the text does not name gets none: nothing comes from world knowledge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Token

from ..model import Evidence, Membership
from . import membership_shapes as shapes
from .doctext import lemmas, lowers
from .membership_reader import Pair, Reader
from .mentions import DocEntities, MentionIndex
from .vocabulary import words

_VERBS = {
    "accession_verbs": (shapes.accession, 0.85),
    "admission_verbs": (shapes.admission, 0.85),
    "inclusion_verbs": (shapes.inclusion, 0.85),
    "suspension_verbs": (shapes.suspension, 0.8),
    "withdrawal_verbs": (shapes.withdrawal, 0.75),
    "founding_verbs": (shapes.founding, 0.75),
}
_BY_VERB = {lemma: reader for key, reader in _VERBS.items() for lemma in words("memberships", key)}


def find_memberships(doc: Doc, found: DocEntities) -> list[Membership]:
    """Member -> organisation pairs with the sentence that states them."""
    if not doc.has_annotation("DEP"):
        return []  # no parse, no structure to read membership from
    reader = Reader(doc, MentionIndex(doc, found))
    out: dict[tuple[str, str], Membership] = {}
    lemma_list, lower_list = lemmas(doc), lowers(doc)
    for i, lemma in enumerate(lemma_list):
        if lemma not in _CUE_LEMMAS and lower_list[i] not in shapes.MEMBER_NOUNS:
            continue  # no reader starts here (_readers)
        tok = doc[i]
        for read, confidence in _readers(tok, reader):
            for member, body in read(reader, tok):
                if member.key == body.key or body.type != "Organization":
                    continue
                key = (member.key, body.key)
                if key not in out or out[key].confidence < confidence:
                    out[key] = Membership(
                        member=member.key, organization=body.key, evidence=_evidence(tok), confidence=confidence
                    )
    return list(out.values())


# Every lemma a reader starts from (the lower-case word too, for a member noun): other words are passed by.
_CUE_LEMMAS = frozenset(_BY_VERB) | {"make"} | shapes.MEMBER_NOUNS | shapes.GROUP_NOUNS | shapes.COLLECTIVE_NOUNS


def _readers(tok: Token, reader: Reader) -> Iterator[tuple[Callable[[Reader, Token], list[Pair]], float]]:
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX") and lemma in _BY_VERB:
        yield _BY_VERB[lemma]
    if lemma == "make" and any(k.dep_ == "prt" and k.lower_ == "up" for k in tok.children):
        yield _BY_VERB["include"]  # "made up of"
    if tok.pos_ == "VERB" and lemma == "become":  # "became the 31st member of the Organisation"
        return
    if tok.pos_ in ("NOUN", "PROPN") and reader.index.covering(tok) is None:  # not a word of a name
        if tok.lower_ in shapes.MEMBER_NOUNS or lemma in shapes.MEMBER_NOUNS:
            yield shapes.member_noun, 0.85
        elif lemma in shapes.GROUP_NOUNS:
            yield shapes.group_noun, 0.8
        if lemma in shapes.COLLECTIVE_NOUNS:
            yield shapes.collective, 0.8


def _evidence(tok: Token) -> Evidence:
    sent = tok.sent
    text = sent.text.rstrip()
    return Evidence(text, sent.start_char, sent.start_char + len(text))
