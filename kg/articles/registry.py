"""The input forms the builder reads, one Reader each (CONTRACT.md, "Input files the builder reads"), and how a file
or a text is matched to one.

A file whose suffix a reader names (.jsonl, .ndjson) goes to that reader whole, unread; any other file is decoded and
its text goes to the first reader that claims it, in the order below: JSON Lines (first line a JSON object), header
text (first line `Title:`, `Source:`, `Published:`...), then raw scraped pages, which claim any text. A new form is
a module with a READER, added here before the raw pages.
"""

from __future__ import annotations

from . import header_text, json_lines, raw_pages
from .base import Reader

READERS: dict[str, Reader] = {r.name: r for r in (json_lines.READER, header_text.READER, raw_pages.READER)}


def reader_for_suffix(suffix: str) -> Reader | None:
    """The reader that reads files with this suffix itself (streaming), or None to decode and sniff the text."""
    suffix = suffix.lower()
    return next((r for r in READERS.values() if suffix in r.suffixes and r.read_file is not None), None)


def reader_for_text(text: str) -> Reader:
    """The first reader that claims the text (leading white space already stripped)."""
    return next(r for r in READERS.values() if r.claims(text))


def known_suffixes() -> frozenset[str]:
    """The suffixes a reader names (besides the plain text files a folder walk reads)."""
    return frozenset().union(*(r.suffixes for r in READERS.values()))
