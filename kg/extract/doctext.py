"""A Doc's text, made once: spaCy's `doc.text` joins a new Token object per word on every call, and the rules ask
for the text many times per article (measured: a quarter of the extraction components' time went to it)."""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.tokens import Doc

if not Doc.has_extension("kg_text"):
    Doc.set_extension("kg_text", default=None)


def remember_text(doc: Doc) -> None:
    """Kept by kg_paragraphs, the first component; the words never change after it."""
    doc._.kg_text = doc.text


def text_of(doc: Doc) -> str:
    """The text kg_paragraphs kept, else spaCy's (a Doc that did not go through the pipeline)."""
    text = doc._.kg_text
    return text if text is not None else doc.text


# A rule that looks for a few words reads them from the Doc's arrays and makes a Token only where one stands:
# `for tok in doc` makes a Python object per word, and a dozen rules each walking every article add up.


def texts(doc: Doc) -> list[str]:
    """Each token's text."""
    return _strings(doc, ORTH)


def lowers(doc: Doc) -> list[str]:
    """Each token's lower-case text (token.lower_)."""
    return _strings(doc, LOWER)


def lemmas(doc: Doc) -> list[str]:
    """Each token's lemma, lower-cased (token.lemma_.lower())."""
    return [lemma.lower() for lemma in _strings(doc, LEMMA)]


def _strings(doc: Doc, attr: int) -> list[str]:
    if not len(doc):
        return []
    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array(attr).tolist()]
