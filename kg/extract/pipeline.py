"""extract(article) -> Facts: spaCy once, then entity, post, membership and event rules over the Doc."""

from __future__ import annotations

from typing import Iterable, Iterator

from ..model import Article, Facts
from . import entities as entity_rules
from . import events as event_rules


def extract(article: Article, nlp=None, kb=None) -> Facts:
    """Facts of one article (model and knowledge base loaded once and cached when not given)."""
    return next(extract_many([article], nlp=nlp, kb=kb))


def extract_many(articles: Iterable[Article], nlp=None, kb=None, batch_size: int = 32,
                 n_process: int = 1) -> Iterator[Facts]:
    """Facts of many articles, parsing with nlp.pipe in batches."""
    from ..nlp import load_pipeline

    nlp = nlp or load_pipeline()
    kb = kb or _default_kb()
    articles = list(articles)
    docs = nlp.pipe((a.body for a in articles), batch_size=batch_size, n_process=n_process)
    for article, doc in zip(articles, docs):
        found = entity_rules.recognise(doc, article, kb)
        facts = Facts(article=article, entities=found.entities)
        facts.positions = entity_rules.find_positions(doc, found, article)
        facts.memberships = entity_rules.find_memberships(doc, found, article)
        facts.events = event_rules.find_events(doc, found, article)
        yield facts


def _default_kb():
    from ..link import load_kb

    return load_kb()
