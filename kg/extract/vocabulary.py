"""The extraction's vocabulary: word lists and tables read from the data files in kg/extract/lexicon/.

Rules refer to a list by file and name (`words("events", "military_objects")`); adding a word is a line of data.
Each file is read once per process.
"""

from __future__ import annotations

import functools
import re
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).with_name("lexicon")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's loader (ten times faster than a pure-Python one at start-up) reading YAML 1.2's booleans only:
    YAML 1.1 would read the words "on", "no", "yes" and "off" of our word lists as true and false."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def read_yaml(path: Path):
    """A lexicon file's data."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)  # noqa: S506 - a safe loader


@functools.cache
def _read(name: str) -> dict:
    return read_yaml(LEXICON_DIR / f"{name}.yaml")


def _entry(name: str, key: str):
    data = _read(name)
    if key not in data:
        raise KeyError(f"no list '{key}' in {LEXICON_DIR / name}.yaml")
    return data[key]


def words(name: str, key: str) -> frozenset[str]:
    """A set of lower-case words (or phrases written with spaces)."""
    return frozenset(_entry(name, key))


def table(name: str, key: str) -> dict:
    """A mapping, e.g. an irregular past form to its lemma."""
    return dict(_entry(name, key))


@lru_cache(maxsize=1 << 16)  # asked for every token, again and again: a news vocabulary is small
def first_fragment(word: str) -> str:
    """A word up to its first hyphen or dot ("secretary" of "secretary-general"), or the word if that is empty."""
    return re.split(r"[-.]", word, maxsplit=1)[0] or word


class Phrases:
    """Multi-word entries as word tuples, indexed by their first word (without a final dot) for matching."""

    def __init__(self, entries):
        self.tuples = frozenset(tuple(e.split()) for e in entries)
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for opt in sorted(self.tuples):
            self.by_first.setdefault(opt[0].rstrip("."), []).append(tuple(w.rstrip(".") for w in opt))
        # The first token each entry can start with ("secretary" of "secretary-general", "maj" of "maj."): most
        # tokens start none, and are rejected without gluing words
        self.first_tokens = frozenset(first_fragment(first) for first in self.by_first)

    def words(self) -> frozenset[str]:
        return frozenset(w for t in self.tuples for w in t)

    def __iter__(self):
        return iter(self.tuples)

    def __contains__(self, item) -> bool:
        return tuple(item) in self.tuples


@functools.cache
def phrases(name: str, key: str) -> Phrases:
    return Phrases(_entry(name, key))
