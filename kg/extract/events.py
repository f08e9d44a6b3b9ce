"""Typed events with roles, places and dates from a parsed article. (Stub: being built.)"""

from __future__ import annotations

from .mentions import DocEntities


def find_events(doc, found: DocEntities, article) -> list:
    return []
