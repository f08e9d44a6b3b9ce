"""What the extraction asks of a knowledge base: the API kg.link documents as stable (kg.link's KnowledgeBase, or a
test's small one), as a Protocol."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ..link.entries import Candidate, GazetteerEntry


class KnowledgeBase(Protocol):
    def gazetteer(self) -> Iterable[GazetteerEntry]:
        """Surface names to find in the text."""
        ...

    def lookup(self, name: str, type: str | None = None, context: Iterable[str] | None = None) -> Candidate | None:
        """The entity `name` names (of `type`, among the article's `context`: QIDs, keys, names), or None."""
        ...
