"""What the extraction asks of a knowledge base: the API kg.link documents as stable (kg.link's KnowledgeBase, or a
test's small one), as a Protocol."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ..link.entries import GazetteerEntry
from ..link.kb import NameLookup


class KnowledgeBase(NameLookup, Protocol):
    """Linking's lookup (kg.link.kb.NameLookup), and the names to find in the text."""

    def gazetteer(self) -> Iterable[GazetteerEntry]:
        """Surface names to find in the text."""
        ...
