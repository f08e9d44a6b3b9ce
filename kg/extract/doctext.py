"""A Doc's text, made once: spaCy's `doc.text` joins a new Token object per word on every call, and the rules ask
for the text many times per article (measured: a quarter of the extraction components' time went to it)."""

from __future__ import annotations

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
