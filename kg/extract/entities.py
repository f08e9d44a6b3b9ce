"""Entities, officials' posts and memberships from a parsed article. (Stub: being built.)"""

from __future__ import annotations

from .mentions import DocEntities


def recognise(doc, article, kb) -> DocEntities:
    return DocEntities()


def find_positions(doc, found: DocEntities, article) -> list:
    return []


def find_memberships(doc, found: DocEntities, article) -> list:
    return []
