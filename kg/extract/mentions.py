"""Entity mentions found in one article: the meeting point of entity recognition and event extraction.

entities.recognise() produces a DocEntities; positions, memberships and events read it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from ..model import Entity


@dataclass(frozen=True)
class Mention:
    start: int  # character offsets into Article.body
    end: int
    text: str
    key: str  # the Entity key it resolves to
    type: str  # the entity's contract type (Country, Place, Organization, Person, Official)


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
