"""Form 1, header text (the canonical form): `Title:`, `Source:`, `Published: YYYY-MM-DD|unknown` lines, one blank
line, then the body. `URL:` and `Date:` are read as `Source:` and `Published:`; other keys are ignored with a
warning."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import InputError
from .article import make_article
from .base import Item, Reader, ReadWarning
from .datelines import find_dateline
from .dates import published_iso_and_warning

HEADER_KEYS = {"title": "title", "source": "url", "url": "url", "published": "published", "date": "published"}
# A text whose first line is one of these is header text.
HEADER_LINE = re.compile(r"^(?P<key>title|source|url|published|date)\s*:\s*(?P<value>.*)$", re.I)
_ANY_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][\w -]*?)\s*:\s*(?P<value>.*)$")


def claims(text: str) -> bool:
    return bool(HEADER_LINE.match(text.split("\n", 1)[0]))


def parse(text: str, path: str) -> Iterator[Item]:
    head, _, body = text.lstrip().partition("\n\n")
    fields: dict[str, str] = {}
    for number, line in enumerate(head.split("\n"), start=1):
        m = _ANY_HEADER_LINE.match(line)
        if not m:
            yield InputError(
                path,
                f"header line {number} is not 'Key: value': {line[:60]!r} "
                "(a blank line must separate the header from the body)",
                line=number,
            )
            return
        key = HEADER_KEYS.get(m["key"].strip().lower())
        if key is None:
            yield ReadWarning(path, f"unknown header key {m['key']!r} ignored", line=number)
        else:
            fields[key] = m["value"].strip()
    body = body.strip("\n").rstrip()
    if not fields.get("title"):
        yield InputError(path, "the header has no Title")
        return
    if not body.strip():
        yield InputError(path, "the article has a header but no body")
        return
    published, problem = published_iso_and_warning(fields.get("published"))
    if problem:
        yield ReadWarning(path, problem)
    yield make_article(
        fields["title"], body, path, published=published, url=fields.get("url") or None, dateline=find_dateline(body)
    )


READER = Reader("header", claims, parse)
