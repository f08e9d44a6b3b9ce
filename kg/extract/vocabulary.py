"""The extraction's vocabulary: word lists and tables read from the data files in kg/extract/lexicon/.

Rules refer to a list by file and name (`words("events", "military_objects")`); adding a word is a line of data.
Each file is read once per process.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from ..wordtables import LEXICON_DIR, read_yaml

__all__ = ["LEXICON_DIR", "Phrases", "first_fragment", "phrases", "read_yaml", "table", "words"]


@functools.cache
def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = read_yaml(LEXICON_DIR / f"{name}.yaml")
    return data


def _entry(name: str, key: str) -> Any:
    """A list or table as the YAML file holds it."""
    data = _read(name)
    if key not in data:
        raise KeyError(f"no list '{key}' in {LEXICON_DIR / name}.yaml")
    return data[key]


def words(name: str, key: str) -> frozenset[str]:
    """A set of lower-case words (or phrases written with spaces)."""
    return frozenset(_entry(name, key))


def table(name: str, key: str) -> dict[str, Any]:
    """A mapping, e.g. an irregular past form to its lemma."""
    return dict(_entry(name, key))


@lru_cache(maxsize=1 << 16)  # asked for every token, again and again: a news vocabulary is small
def first_fragment(word: str) -> str:
    """A word up to its first hyphen or dot ("secretary" of "secretary-general"), or the word if that is empty."""
    return re.split(r"[-.]", word, maxsplit=1)[0] or word


class Phrases:
    """Multi-word entries as word tuples, indexed by their first word (without a final dot) for matching."""

    def __init__(self, entries: Iterable[str]):
        self.tuples = frozenset(tuple(e.split()) for e in entries)
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for opt in sorted(self.tuples):
            self.by_first.setdefault(opt[0].rstrip("."), []).append(tuple(w.rstrip(".") for w in opt))
        # The first token each entry can start with ("secretary" of "secretary-general", "maj" of "maj."): most
        # tokens start none, and are rejected without gluing words
        self.first_tokens = frozenset(first_fragment(first) for first in self.by_first)

    def words(self) -> frozenset[str]:
        return frozenset(w for t in self.tuples for w in t)

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.tuples)

    def __contains__(self, item: Iterable[str]) -> bool:
        return tuple(item) in self.tuples


@functools.cache
def phrases(name: str, key: str) -> Phrases:
    return Phrases(_entry(name, key))
