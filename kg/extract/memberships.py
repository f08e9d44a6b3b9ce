"""Memberships. (Being built.)"""

from __future__ import annotations


def find_memberships(doc, found, article) -> list:
    return []
