"""The extraction as spaCy pipeline components, added around the model's own (see config.cfg).

kg_paragraphs runs before the parser: a paragraph break always ends a sentence (the parser alone sometimes runs
two paragraphs together, and every rule reads sentence by sentence). The others run after NER; each reads what
the ones before it left on the Doc and adds its own (kg/extract/docdata.py):
  kg_entities     gazetteer + NER + name rules -> mentions and entities; identity and Wikidata links decided here
  kg_posts        officials' posts (and officials named only by their post)
  kg_memberships  member -> organisation pairs
  kg_events       typed events with roles, place, date and evidence
The knowledge base is set up once, in `initialize` (the gazetteer's name index is built from it there, or read from
the cache: gazetteer_cache.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from ..link import link_entities
from . import docdata
from .doctext import remember_text
from .entities import recognise
from .events import find_events
from .gazetteer import Gazetteer, gazetteer_for
from .gazetteer_cache import cached as cached_gazetteer
from .knowledge import KnowledgeBase
from .memberships import find_memberships
from .positions import find_positions
from .post_references import refer_to_holders
from .triggers import TriggerMatcher


def _default_kb() -> KnowledgeBase:
    from ..link import load_kb

    kb: KnowledgeBase = load_kb()
    return kb


class _UsesKnowledgeBase:
    """A component that reads the knowledge base, given (or the default one loaded) in `initialize`."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp, self.name = nlp, name
        self.kb: KnowledgeBase | None = None
        self.gazetteer: Gazetteer | None = None

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        self.kb = kb if kb is not None else _default_kb()

    def _ready(self) -> None:
        if self.kb is None:
            self.initialize(nlp=self.nlp)


class EntityRecognizer(_UsesKnowledgeBase):
    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        super().initialize(nlp=nlp, kb=kb)
        nlp = nlp or self.nlp
        self.gazetteer = cached_gazetteer(
            nlp.tokenizer, self.kb, nlp.meta, lambda: gazetteer_for(nlp.tokenizer, self.kb)
        )

    def __call__(self, doc: Doc) -> Doc:
        self._ready()
        assert self.gazetteer is not None  # built by initialize()
        article = docdata.article_of(doc)
        found = recognise(doc, article, self.gazetteer, self.kb)
        # the article's date is evidence among namesakes whose dated posts the knowledge base holds (kg link fetch)
        found.rekey(link_entities(found.entities, self.kb, published=article.published))
        docdata.save_entities(doc, found)
        return doc


class PostReader(_UsesKnowledgeBase):
    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        nlp = nlp or self.nlp
        pipe = nlp.get_pipe("kg_entities") if "kg_entities" in nlp.pipe_names else None
        entities = pipe if isinstance(pipe, EntityRecognizer) else None
        if entities is not None and entities.kb is None:
            entities.initialize(nlp=nlp, kb=kb)
        self.kb = entities.kb if entities is not None else (kb if kb is not None else _default_kb())
        self.gazetteer = entities.gazetteer if entities is not None else None

    def __call__(self, doc: Doc) -> Doc:
        self._ready()
        found = docdata.entities_of(doc)
        before = set(found.entities)
        positions = find_positions(doc, found, self.gazetteer)
        refer_to_holders(doc, found, positions)  # "the Brazilian President" is the one named before
        added = {k: e for k, e in found.entities.items() if k not in before}
        # a country the text implies, an official named by post (its post and the date choose among namesakes)
        renames = link_entities(
            added, self.kb, published=(doc._.kg_article or {}).get("published"), positions=positions
        )
        found.rekey(renames)
        for pos in positions:
            pos.holder = renames.get(pos.holder, pos.holder)
            pos.of = renames.get(pos.of, pos.of) if pos.of else pos.of
        docdata.save_entities(doc, found)
        docdata.save_positions(doc, positions)
        return doc

    def _place_country(self, key: str) -> str | None:
        entry = self.gazetteer.by_key.get(key) if self.gazetteer is not None else None
        return entry.country if entry is not None else None


class MembershipReader:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        docdata.save_memberships(doc, find_memberships(doc, docdata.entities_of(doc)))
        return doc


class EventReader(PostReader):
    """Reads events; like the post reader, it knows the gazetteer (which country a named place is in)."""

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name)
        self.triggers = TriggerMatcher(nlp.vocab)  # the trigger rules compiled once

    def __call__(self, doc: Doc) -> Doc:
        self._ready()
        events = find_events(
            doc,
            docdata.entities_of(doc),
            docdata.article_of(doc),
            self.triggers,
            docdata.positions_of(doc),
            self._place_country,
        )
        docdata.save_events(doc, events)
        return doc


@Language.component("kg_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Marks the first word after a line break as a sentence start, before the parser decides the rest; keeps the
    text for the components after it."""
    remember_text(doc)
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and ("\n" in prev.whitespace_ or prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


@Language.factory("kg_entities")
def make_entity_recognizer(nlp: Language, name: str) -> EntityRecognizer:
    return EntityRecognizer(nlp, name)


@Language.factory("kg_posts")
def make_post_reader(nlp: Language, name: str) -> PostReader:
    return PostReader(nlp, name)


@Language.factory("kg_memberships")
def make_membership_reader(nlp: Language, name: str) -> MembershipReader:
    return MembershipReader(nlp, name)


@Language.factory("kg_events")
def make_event_reader(nlp: Language, name: str) -> EventReader:
    return EventReader(nlp, name)
