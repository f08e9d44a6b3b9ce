"""Doc -> Facts: the one place that reads what the extraction components left on a Doc."""

from __future__ import annotations

from spacy.tokens import Doc

from ..model import Article, Facts
from . import docdata


def facts_of(doc: Doc, article: Article) -> Facts:
    found = docdata.entities_of(doc)
    return Facts(
        article=article,
        entities=found.entities,
        positions=docdata.positions_of(doc),
        memberships=docdata.memberships_of(doc),
        events=docdata.events_of(doc),
    )
