"""The Article every reader builds, the same way: its stable id, a tidy title, and its `Source:` split into a web
address or a publisher's name."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..model import Article, Section

_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_LOCAL_PATH = re.compile(r"^(?:[/~.]|file:|[A-Za-z]:[\\/])|\\")


def article_id(body: str) -> str:
    """A stable id: the same text (up to Unicode form and white space) always gets the same id."""
    norm = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def make_article(
    title: str,
    body: str,
    path: str,
    *,
    published: str | None = None,
    url: str | None = None,
    line: int | None = None,
    sections: tuple[Section, ...] = (),
    summary: tuple[str, ...] = (),
    dateline: str | None = None,
) -> Article:
    """An Article read from `path` (at `line`); `url` is the raw `Source:` value, see source_of."""
    url, publisher = source_of(url)
    return Article(
        id=article_id(body),
        title=" ".join(title.split()),
        body=body,
        published=published,
        url=url,
        publisher=publisher,
        dateline=dateline,
        summary=summary,
        sections=sections,
        source_path=path,
        source_line=line,
    )


def source_of(value: str | None) -> tuple[str | None, str | None]:
    """A `Source:` (or a JSON line's "url") as (web address, publisher): "https://…" is the address, "Gulf Desk" the
    publisher's name, and a path on the writer's machine neither (it would tell a reader nothing and leak)."""
    value = " ".join((value or "").split())
    if not value:
        return None, None
    if _ADDRESS.match(value):
        return (None, None) if value.lower().startswith("file:") else (value, None)
    if _LOCAL_PATH.search(value):
        return None, None
    return None, value[:200]


def first_line(text: str, limit: int = 120) -> str:
    """The text's first line, cut at a word before `limit` characters: a title for an article that has none."""
    line = text.strip().split("\n", 1)[0].strip()
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + "…"
