"""The user overlay: entities a user imports (`kg link import`) in a second SQLite beside the shipped one.

Input is either a Wikidata JSON dump extract (the standard dump format, one entity per line,
optionally inside the dump's "[" ... "]" with trailing commas, plain or .gz/.bz2) or a CSV with
the columns qid,label,aliases,type (aliases separated by "|"; optional columns country, subtype).
An item whose P31 classes map to none of our types is skipped and reported, never guessed.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..rdf import slug
from .kbfile import connect, write_records
from .normalize import is_acronym, norm
from .posts import Post, ensure_schema, replace_posts, set_description
from .sources import Record
from .wdtypes import CSV_TYPES, p17_of, p31_of, p39_of, type_of_classes

if TYPE_CHECKING:
    from .kb import KnowledgeBase

_QID = re.compile(r"^Q[1-9][0-9]*$")
_PREFIX = {"Country": "country", "Place": "place", "Organization": "org", "Official": "person", "Person": "person"}
# A user's own entry is trusted like a single-source row of the shipped tables.
IMPORT_CONFIDENCE = 0.9


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)  # "line 3: Q42: no known P31 class"


def import_file(path: str | Path, overlay: str | Path, kb: KnowledgeBase | None = None) -> ImportResult:
    """Adds (or replaces, by QID) the entities of a dump extract or CSV to the overlay database."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    result = ImportResult()
    records: list[Record] = []
    posts: dict[str, list[Post]] = {}
    for line_no, rec_or_reason in _read(path):
        if isinstance(rec_or_reason, str):
            result.skipped.append(f"line {line_no}: {rec_or_reason}")
        elif isinstance(rec_or_reason, tuple):  # a dump line: the record and the person's dated posts
            rec, held = rec_or_reason
            records.append(rec)
            if rec.qid:  # always: a line without an item id was skipped above
                posts[rec.qid] = held
        else:
            records.append(rec_or_reason)
    result.added, result.updated = store_records(records, overlay, kb, posts=posts if posts else None)
    return result


def store_records(
    records: list[Record],
    overlay: str | Path,
    kb: KnowledgeBase | None = None,
    posts: dict[str, list[Post]] | None = None,
    descriptions: dict[str, str | None] | None = None,
) -> tuple[int, int]:
    """Writes records to the overlay, each replacing the entry of the same QID; with their dated posts and
    descriptions when given (qid -> list of posts.Post / text). Returns (added, updated)."""
    overlay = Path(overlay)
    overlay.parent.mkdir(parents=True, exist_ok=True)
    added = updated = 0
    con = connect(overlay, read_only=False)
    try:
        ensure_schema(con)
        for rec in records:
            if rec.qid is None:
                raise InputError(overlay, f"an entry without a Wikidata id cannot go in the overlay: {rec.label}")
            rec.key = _key_for(rec, rec.qid, con, kb)
            old = [r[0] for r in con.execute("SELECT id FROM entities WHERE qid = ?", (rec.qid,))]
            if old:
                marks = ",".join("?" * len(old))
                con.execute(f"DELETE FROM names WHERE entity IN ({marks})", old)
                con.execute(f"DELETE FROM entities WHERE id IN ({marks})", old)
                updated += 1
            else:
                added += 1
            write_records(con, [rec])
            if posts is not None and rec.type in ("Official", "Person"):
                replace_posts(con, rec.qid, posts.get(rec.qid, []))
            set_description(con, rec.qid, (descriptions or {}).get(rec.qid))
        con.commit()
    finally:
        con.close()
    return added, updated


def _key_for(rec: Record, qid: str, con: sqlite3.Connection, kb: KnowledgeBase | None) -> str:
    """The shipped key when the item (`qid`, the record's) is already known; else a fresh key that names no other
    item."""
    if kb is not None:
        same = kb.by_qid(qid)
        if same is not None and same.type == rec.type:
            return same.key
    base = f"{_PREFIX[rec.type]}/{slug(rec.label)}"
    owner = kb.by_key(base) if kb is not None else None
    row = con.execute("SELECT qid FROM entities WHERE key = ? AND qid != ?", (base, qid)).fetchone()
    if (owner is not None and owner.qid != qid) or row is not None:
        return f"{base}-{qid.lower()}"
    return base


# One input line read: (line number, the record, with a dump entity's posts, or why the line was skipped).
Read = tuple[int, Record | tuple[Record, list[Post]] | str]


def _read(path: Path) -> Iterator[Read]:
    text = _open_text(path)
    first = text.lstrip()[:1]
    if path.suffix.lower() == ".csv" or (first and first not in "[{"):
        yield from _read_csv(text, path)
    else:
        yield from _read_dump(text, path)


def _open_text(path: Path) -> str:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    elif raw[:3] == b"BZh":
        raw = bz2.decompress(raw)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(path, f"not UTF-8 text: {err}") from err


def _read_dump(text: str, path: Path) -> Iterator[Read]:
    for line_no, line in enumerate(text.splitlines(), start=1):
        line = line.strip().rstrip(",")
        if not line or line in ("[", "]"):
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(path, f"not a JSON entity: {err.msg}", line=line_no) from err
        yield line_no, _record_from_entity(entity)


def _record_from_entity(entity: dict[str, Any]) -> tuple[Record, list[Post]] | str:
    qid = entity.get("id", "")
    if not _QID.match(str(qid)):
        return f"{qid or 'an entity'}: not an item id"
    label = _text((entity.get("labels") or {}).get("en"))
    if not label:
        return f"{qid}: no English label"
    typed = type_of_classes(p31_of(entity))
    if typed is None:
        return f"{qid}: no known P31 class ({', '.join(p31_of(entity)) or 'none'})"
    aliases = [_text(a) for a in (entity.get("aliases") or {}).get("en", [])]
    # The dump gives a post's id, not its label: such posts are evidence for linking but have no title.
    held = (
        [
            Post(person=qid, post=p["post"], of=p["of"], start=p["start"], end=p["end"], statement=p["statement"])
            for p in p39_of(entity)
        ]
        if typed[0] == "Person"
        else []
    )
    if held:
        typed = ("Official", typed[1])  # a person who held a post
    rec = record_for(qid, label, [a for a in aliases if a], typed, p17_of(entity))
    return rec, held


def _read_csv(text: str, path: Path) -> Iterator[Read]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"qid", "label", "type"} - set(reader.fieldnames or [])
    if missing:
        raise InputError(path, f"CSV lacks the column(s) {', '.join(sorted(missing))} (need qid,label,aliases,type)")
    for line_no, row in enumerate(reader, start=2):
        qid, label = (row.get("qid") or "").strip(), (row.get("label") or "").strip()
        if not _QID.match(qid):
            yield line_no, f"{qid or 'empty qid'}: not an item id"
            continue
        if not label:
            yield line_no, f"{qid}: no label"
            continue
        typed = CSV_TYPES.get((row.get("type") or "").strip().lower())
        if typed is None:
            yield line_no, f"{qid}: unknown type {row.get('type')!r} (one of {', '.join(sorted(CSV_TYPES))})"
            continue
        if row.get("subtype"):
            typed = (typed[0], row["subtype"].strip())
        aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        country = (row.get("country") or "").strip() or None
        yield line_no, record_for(qid, label, aliases, typed, country if country and _QID.match(country) else None)


def record_for(qid: str, label: str, aliases: list[str], typed: tuple[str, str | None], country: str | None) -> Record:
    type_, subtype = typed
    rec = Record(
        qid=qid,
        label=label,
        type=type_,
        subtype=subtype,
        rank=3,
        country=country,
        source="user import",
        confidence=IMPORT_CONFIDENCE,
    )
    person = type_ in ("Person", "Official")
    rec.add(label, "official" if person else "label")
    for alias in aliases:
        if norm(alias) != norm(label):
            # A person's names are full names by the same rule as officials; lookups refuse one-word ones.
            rec.add(alias, "official" if person else ("abbreviation" if is_acronym(alias) else "alias"))
    return rec


def _text(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("value") or "").strip()
    return str(value or "").strip()
