"""Dated posts (Wikidata P39 with start and end) in the overlay, and whether a post fits what an article says.

A person's posts are evidence when several people share a name: "the foreign minister of Australia"
in an article of 2025 fits the person who held that post then, not a namesake who held it in 1997
or who served another country. The overlay keeps, beside the entities, a `posts` table (one row per
P39 statement) and an `about` table (an item's English description, shown by `kg link report`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

SCHEMA = """
CREATE TABLE IF NOT EXISTS posts (
    person TEXT NOT NULL, post TEXT NOT NULL, title TEXT, of TEXT, start TEXT, end TEXT, statement TEXT);
CREATE INDEX IF NOT EXISTS posts_person ON posts(person);
CREATE TABLE IF NOT EXISTS about (qid TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS decisions (name TEXT NOT NULL, qid TEXT NOT NULL, type TEXT, at TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Post:
    """One P39 statement: `person` held `post` (titled `title`) of `of` from `start` to `end` (ISO dates or None)."""

    person: str
    post: str
    title: str | None = None
    of: str | None = None
    start: str | None = None
    end: str | None = None
    statement: str | None = None

    def covers(self, day: str) -> bool:
        """True when the post was held on `day` ("YYYY-MM-DD"); an open end means still held."""
        if self.start and day < self.start[:10]:
            return False
        return not (self.end and day > self.end[:10])


@dataclass
class PostEvidence:
    """What an article says about one person: its date, and whose post it names (QIDs of countries/bodies)."""

    published: str | None = None  # "YYYY-MM-DD"
    of: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)  # as worded: "foreign minister"

    def __bool__(self) -> bool:
        return bool(self.published or self.of)


def fits(posts: list[Post], evidence: PostEvidence) -> bool:
    """True when one of the posts agrees with the evidence: held on the article's date, of the body it names."""
    for post in posts:
        if evidence.published and not post.covers(evidence.published):
            continue
        if evidence.of and post.of not in evidence.of:
            continue
        return True
    return False


def ensure_schema(con: sqlite3.Connection) -> None:
    con.executescript(SCHEMA)


def replace_posts(con: sqlite3.Connection, person: str, posts: list[Post]) -> None:
    """The person's posts become exactly these (a refetch replaces, never duplicates)."""
    con.execute("DELETE FROM posts WHERE person = ?", (person,))
    con.executemany(
        "INSERT INTO posts VALUES (?,?,?,?,?,?,?)",
        [(p.person, p.post, p.title, p.of, p.start, p.end, p.statement) for p in posts],
    )


def set_description(con: sqlite3.Connection, qid: str, description: str | None) -> None:
    if description:
        con.execute("INSERT OR REPLACE INTO about VALUES (?, ?)", (qid, description))


def read_posts(cons: Iterable[sqlite3.Connection], person: str) -> list[Post]:
    """The person's posts from every database that has a posts table, earliest first."""
    out = []
    for con in cons:
        if not _has_table(con, "posts"):
            continue
        for row in con.execute(
            "SELECT person, post, title, of, start, end, statement FROM posts WHERE person = ?", (person,)
        ):
            out.append(Post(*row))
    return sorted(out, key=lambda p: (p.start or "", p.end or "9999"))


def read_description(cons: Iterable[sqlite3.Connection], qid: str) -> str | None:
    for con in cons:
        if _has_table(con, "about"):
            row = con.execute("SELECT description FROM about WHERE qid = ?", (qid,)).fetchone()
            if row:
                description: str = row[0]  # a TEXT NOT NULL column
                return description
    return None


def read_decisions(cons: Iterable[sqlite3.Connection]) -> dict[str, str]:
    """Normalised name -> the QID a user accepted for it (the latest decision wins)."""
    from .normalize import norm

    out: dict[str, str] = {}
    for con in cons:
        if _has_table(con, "decisions"):
            for name, qid in con.execute("SELECT name, qid FROM decisions ORDER BY at, rowid"):
                out[norm(name)] = qid
    return out


def _has_table(con: sqlite3.Connection, name: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None
