"""Form 3, JSON Lines: one article per line, `{"title", "published", "url", "text"}`.

A .jsonl/.ndjson file is streamed line by line with no total size limit (each line at most MAX_LINE_BYTES); a text
file whose first line is a JSON object is read the same way. A bad line is an error of that line only; Article.
source_line is the line number.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from .article import first_line, make_article
from .base import Item, Reader, ReadWarning
from .charset import decode
from .datelines import find_dateline
from .dates import published_iso_and_warning

MAX_LINE_BYTES = 2 * 1024 * 1024
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})


def claims(text: str) -> bool:
    """True when the text's first line is a JSON object."""
    if not text.startswith("{"):
        return False
    try:
        return isinstance(json.loads(text.split("\n", 1)[0]), dict)
    except (ValueError, RecursionError):
        return False


def parse(text: str, path: str) -> Iterator[Item]:
    for number, line in enumerate(text.split("\n"), start=1):
        yield from parse_line(line, path, number)


def read_file(path: Path) -> Iterator[Item]:
    """A JSON Lines file, streamed: each line decoded on its own, one encoding warning per file."""
    warned = False
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if len(raw) > MAX_LINE_BYTES:
                yield InputError(
                    path,
                    f"line is {len(raw) / 1e6:.1f} MB; a JSON line may be at most {MAX_LINE_BYTES / 1e6:.0f} MB",
                    line=number,
                )
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            text, problem, encoding = decode(raw)
            if problem:
                yield InputError(path, problem, line=number)
                continue
            if encoding and not warned:
                warned = True
                yield ReadWarning(str(path), f"not valid UTF-8; decoded as {encoding}", line=number)
            yield from parse_line(text.rstrip("\r\n"), str(path), number)


def parse_line(line: str, path: str, number: int) -> Iterator[Item]:
    """The article of one line (nothing for a blank line)."""
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except ValueError as err:
        yield InputError(path, f"not JSON ({err.args[0] if err.args else err})", line=number)
        return
    except RecursionError:  # valid JSON nested deeper than the parser goes ([[[[...): this line only is lost
        yield InputError(path, "JSON nested too deeply to read", line=number)
        return
    if not isinstance(record, dict):
        yield InputError(path, f"a JSON line must be an object, not {type(record).__name__}", line=number)
        return
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        yield InputError(path, 'no "text" (the article body) in this line', line=number)
        return
    title = record.get("title")
    if not isinstance(title, str) or not title.strip():
        title = first_line(body)
        yield ReadWarning(path, 'no "title"; the first line of the text is used', line=number)
    published, problem = published_iso_and_warning(record.get("published"))
    if problem:
        yield ReadWarning(path, problem, line=number)
    url = record.get("url") if isinstance(record.get("url"), str) and record.get("url") else None
    yield make_article(
        title.strip(), body, path, published=published, url=url, line=number, dateline=find_dateline(body)
    )


READER = Reader("jsonl", claims, parse, suffixes=JSONL_SUFFIXES, read_file=read_file)
