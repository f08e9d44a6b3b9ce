"""The extraction pipeline: the spaCy model plus the components config.cfg lists; one Doc per article in, Facts out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from thinc.api import Config

from ..model import Article, Facts
from . import components as _components  # noqa: F401 - registers the @Language.factory components
from . import docdata
from .attribute_table import use_attribute_table
from .facts import facts_of
from .knowledge import KnowledgeBase

CONFIG = Path(__file__).with_name("config.cfg")


def add_components(nlp: Language, kb: KnowledgeBase | None = None) -> Language:
    """Adds the components config.cfg lists to a loaded model and sets them up with the knowledge base
    (the default one when `kb` is None)."""
    config = Config().from_disk(CONFIG)
    names = list(config["pipeline"]["components"])
    for name in names:
        settings = dict(config["components"][name])
        factory, before = settings.pop("factory"), settings.pop("before", None)
        nlp.add_pipe(factory, name=name, config=settings, before=before if before in nlp.pipe_names else None)
    for name in names:
        pipe = nlp.get_pipe(name)
        if hasattr(pipe, "initialize"):
            pipe.initialize(nlp=nlp, kb=kb)
    return nlp


def extraction_pipeline(model: str | None = None, kb: KnowledgeBase | None = None) -> Language:
    """A fresh instance of the model with the extraction components (the bare model kg.nlp caches stays bare).

    The model's attribute ruler runs as a table (attribute_table.py): the same annotations, a seventh less of
    the model's time."""
    from ..nlp import load_model

    nlp = load_model(model)
    use_attribute_table(nlp)
    return add_components(nlp, kb)


def extract(article: Article, nlp: Language | None = None) -> Facts:
    """Facts of one article."""
    return next(extract_many([article], nlp=nlp))


def extract_many(
    articles: Iterable[Article], nlp: Language | None = None, batch_size: int = 32, n_process: int = 1
) -> Iterator[Facts]:
    """Facts of many articles, in input order; `nlp` is an extraction pipeline (the default one when None)."""
    if nlp is None:
        nlp = extraction_pipeline()
    elif "kg_entities" not in nlp.pipe_names:
        raise ValueError("extract_many needs an extraction pipeline: kg.extract.extraction_pipeline(model, kb)")
    articles = list(articles)
    docs = (docdata.set_article(nlp.make_doc(a.body), a) for a in articles)
    for article, doc in zip(articles, nlp.pipe(docs, batch_size=batch_size, n_process=n_process), strict=True):
        yield facts_of(doc, article)
