"""Entity mentions found in one article: the meeting point of entity recognition and event extraction.

entities.recognise() produces a DocEntities; positions, memberships and events read it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Doc, Token

from ..model import Entity
from ..vocab import EntityType
from .doctext import text_of
from .vocabulary import words

MEDIA_SUBTYPES = words("names", "media_subtypes")


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets into Article.body
    end: int
    text: str
    key: str  # the Entity key it resolves to
    type: EntityType


@dataclass
class DocEntities:
    mentions: list[Mention] = field(default_factory=list)  # sorted by start
    entities: dict[str, Entity] = field(default_factory=dict)  # by key

    def add(self, mention: Mention) -> None:
        i = bisect_left([m.start for m in self.mentions], mention.start)
        self.mentions.insert(i, mention)

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions that lie inside [start, end) of the body, in text order."""
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def at(self, start: int, end: int) -> Mention | None:
        """The mention overlapping [start, end), if any (the longest one)."""
        hits = [m for m in self.mentions if m.start < end and m.end > start]
        return max(hits, key=lambda m: m.end - m.start) if hits else None

    def rekey(self, renames: dict[str, str]) -> None:
        """Moves entities (and their mentions) to new keys; entities that meet on one key become one."""
        if not renames:
            return
        moved: dict[str, Entity] = {}
        for key, ent in self.entities.items():
            new = renames.get(key, key)
            if new in moved:
                kept = moved[new]
                kept.aliases |= ent.aliases | {ent.label}
                kept.mentions += ent.mentions
                kept.aliases.discard(kept.label)
                continue
            ent.key = new
            moved[new] = ent
        self.entities = moved
        self.mentions = [Mention(m.start, m.end, m.text, renames.get(m.key, m.key), m.type) for m in self.mentions]


class Placed(NamedTuple):
    """A mention with the token range it covers in the Doc."""

    mention: Mention
    start: int
    end: int


class MentionIndex:
    """The article's mentions by token: the one index the post, membership and event rules read."""

    def __init__(self, doc: Doc, found: DocEntities):
        self.doc = doc
        self.doc_text = text_of(doc)
        self.subtype = {k: e.subtype for k, e in found.entities.items()}
        self.items: list[Placed] = []
        self.by_token: dict[int, Placed] = {}
        for m in found.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            placed = Placed(m, span.start, span.end)
            self.items.append(placed)
            for k in range(span.start, span.end):
                old = self.by_token.get(k)
                if old is None or (old.mention.end - old.mention.start) < (m.end - m.start):
                    self.by_token[k] = placed  # the longest mention over a token wins
        self.items.sort(key=lambda p: p.start)

    def at(self, k: int) -> Placed | None:
        return self.by_token.get(k)

    def covering(self, tok: Token) -> Mention | None:
        placed = self.by_token.get(tok.i)
        return placed.mention if placed else None

    def within(self, start: int, end: int, types: Collection[str] | None = None) -> list[Placed]:
        """Mentions inside tokens [start, end), in text order, of the given types."""
        return [
            p for p in self.items if p.start >= start and p.end <= end and (types is None or p.mention.type in types)
        ]

    def is_media(self, m: Mention) -> bool:
        """A news agency or outlet: named in datelines and credits, never the subject of a fact about a body."""
        return (self.subtype.get(m.key) or "") in MEDIA_SUBTYPES
