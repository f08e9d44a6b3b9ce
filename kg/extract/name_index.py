"""Where the gazetteer's names stand in a Doc: a trie over the hashes of lower-case token texts.

It finds what a spaCy PhraseMatcher(attr="LOWER") finds, in the same order (by start, shorter first), but is built
without a Doc per name: the PhraseMatcher needed all 18,000 names tokenised into Docs, which makes a lexeme for
every new word (about a second at every start-up, measured). Here a name of plain words ("United Kingdom",
"São Tomé") is split at its spaces, which is what the tokenizer does with it (tests/test_name_index.py checks this
on every shipped name); only a name with punctuation or a tokenizer exception ("U.S.", "Guinea-Bissau") goes through
the tokenizer. A Doc's side comes from doc.to_array(LOWER), with no Token objects made.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]  # strings.pyx has it, strings.pyi leaves it out
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

_END = -1  # a trie node's mark for "a name ends here" (no string hash is negative)


def token_words(names: list[str], tokenizer: Tokenizer) -> list[list[str]]:
    """Each name as the lower-case texts of the tokens the tokenizer makes of it."""
    special = {key.lower() for key in tokenizer.rules or {}}
    words: list[list[str] | None] = []
    for name in names:
        parts = name.split(" ")
        plain = all(p.isalpha() and p.lower() not in special for p in parts)
        words.append([p.lower() for p in parts] if plain else None)
    hard = [i for i, w in enumerate(words) if w is None]
    for i, doc in zip(hard, tokenizer.pipe([names[i] for i in hard], batch_size=1000), strict=True):
        words[i] = [t.lower_ for t in doc]
    return words  # type: ignore[return-value]  # the loop above filled in every None


class NameIndex:
    """add(words) for each name; find(doc) -> [(start, end)] of every name in the Doc, overlaps included."""

    def __init__(self) -> None:
        self._root: dict[int, Any] = {}  # hash -> node; a node is such a dict, with _END: True where a name ends

    def add(self, words: list[str]) -> None:
        if not words:
            return
        node = self._root
        for word in words:
            node = node.setdefault(hash_string(word), {})
        node[_END] = True

    def find(self, doc: Doc) -> list[tuple[int, int]]:
        if not len(doc):
            return []
        lowers = doc.to_array(LOWER).tolist()
        root, n, out = self._root, len(lowers), []
        for i in range(n):
            node = root.get(lowers[i])
            j = i + 1
            while node is not None:
                if _END in node:
                    out.append((i, j))
                if j == n:
                    break
                node = node.get(lowers[j])
                j += 1
        return out
