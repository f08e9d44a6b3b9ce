"""What the extraction components leave on a Doc, and the article they read from it.

The article's metadata (title, publication date, dateline) is set on the Doc before the pipeline runs.
Each component stores its results as plain data (so a Doc crosses process boundaries in `nlp.pipe(n_process=…)`):

    doc.spans["kg_mentions"]  entity mentions: label = the entity's type, kb_id = the entity's key
    doc._.kg_entities         {key: entity}        (kg_entities; kg_posts adds unnamed officials)
    doc._.kg_positions        [position]           (kg_posts)
    doc._.kg_memberships      [membership]         (kg_memberships)
    doc._.kg_events           [event]              (kg_events)
    doc._.kg_text             the Doc's text, made once (kg_paragraphs; doctext.py)

The helpers here turn those back into the model's dataclasses for the rules and for kg.extract.facts.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc

from ..model import Article, Entity, Event, Evidence, Membership, Position
from .doctext import text_of
from .mentions import DocEntities, Mention

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

MENTIONS = "kg_mentions"
for _name in ("kg_article", "kg_entities", "kg_positions", "kg_memberships", "kg_events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def set_article(doc: Doc, article: Article) -> Doc:
    doc._.kg_article = {
        "id": article.id,
        "title": article.title,
        "published": article.published,
        "url": article.url,
        "dateline": article.dateline,
        "summary": list(article.summary),
    }
    return doc


def article_of(doc: Doc) -> Article:
    """The article a Doc was made from (a bare text gets an untitled, undated one)."""
    meta = doc._.kg_article or {}
    return Article(
        id=meta.get("id") or "",
        title=meta.get("title") or "",
        body=text_of(doc),
        published=meta.get("published"),
        url=meta.get("url"),
        dateline=meta.get("dateline"),
        summary=tuple(meta.get("summary") or ()),
    )


def save_entities(doc: Doc, found: DocEntities) -> None:
    spans = []
    for m in found.mentions:
        span = doc.char_span(m.start, m.end, label=m.type, kb_id=m.key, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[MENTIONS] = spans
    doc._.kg_entities = {key: _plain(e) for key, e in found.entities.items()}


def entities_of(doc: Doc) -> DocEntities:
    found = DocEntities()
    found.entities = {key: _entity(d) for key, d in (doc._.kg_entities or {}).items()}
    mentions = [Mention(s.start_char, s.end_char, s.text, s.kb_id_, s.label_) for s in doc.spans.get(MENTIONS, [])]
    found.mentions = sorted(mentions, key=lambda m: m.start)
    return found


def save_positions(doc: Doc, positions: list[Position]) -> None:
    doc._.kg_positions = [_plain(p) for p in positions]


def positions_of(doc: Doc) -> list[Position]:
    return [Position(**{**d, "evidence": Evidence(**d["evidence"])}) for d in doc._.kg_positions or []]


def save_memberships(doc: Doc, memberships: list[Membership]) -> None:
    doc._.kg_memberships = [_plain(m) for m in memberships]


def memberships_of(doc: Doc) -> list[Membership]:
    return [Membership(**{**d, "evidence": Evidence(**d["evidence"])}) for d in doc._.kg_memberships or []]


def save_events(doc: Doc, events: list[Event]) -> None:
    doc._.kg_events = [_plain(e) for e in events]


def events_of(doc: Doc) -> list[Event]:
    return [Event(**{**d, "evidence": [Evidence(**e) for e in d["evidence"]]}) for d in doc._.kg_events or []]


def _plain(obj: DataclassInstance) -> dict[str, Any]:
    """A dataclass as msgpack-able data: nested dataclasses become dicts, sets sorted lists, containers copied.

    dataclasses.asdict would do it but deep-copies every leaf; ours are all strings and numbers (measured: asdict
    was a tenth of the components' time)."""
    return {f.name: _value(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def _value(v: object) -> Any:
    """Plain data (None, str, numbers, lists, tuples, dicts of them) of any value a dataclass of model.py holds."""
    if v is None or isinstance(v, (str, int, float)):
        return v
    if dataclasses.is_dataclass(v) and not isinstance(v, type):  # an instance, not a dataclass itself
        return _plain(v)
    if isinstance(v, (set, frozenset)):
        return sorted(v)
    if isinstance(v, list):
        return [_value(x) for x in v]
    if isinstance(v, tuple):
        return tuple(_value(x) for x in v)
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items()}
    raise TypeError(f"cannot keep a {type(v).__name__} on a Doc")


def _entity(d: dict[str, Any]) -> Entity:
    return Entity(**{**d, "aliases": set(d.get("aliases") or ())})
