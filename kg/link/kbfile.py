"""The compact lookup file: an SQLite database built from the tables, cached by their content hash.

Two tables: `entities` (one row per real-world entity, with its QID, key, type and country) and
`names` (every normalised name that points at an entity). A user overlay (see overlay.py) has
the same schema, so a lookup reads both the same way.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections import defaultdict
from pathlib import Path

from ..rdf import slug
from .normalize import is_acronym, norm
from .sources import DATA_DIR, TABLES, Record, common_words, read_records

# Bump when the builder's output changes for the same tables, so cached files are rebuilt.
BUILD_VERSION = "7"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY, qid TEXT, label TEXT NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL,
    subtype TEXT, rank REAL NOT NULL DEFAULT 5, country TEXT, country_name TEXT, position TEXT,
    confidence REAL NOT NULL DEFAULT 0.9, source TEXT, note TEXT);
CREATE TABLE IF NOT EXISTS names (
    norm TEXT NOT NULL, entity INTEGER NOT NULL REFERENCES entities(id), surface TEXT NOT NULL,
    how TEXT NOT NULL, listed INTEGER NOT NULL DEFAULT 1, exact INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS common_words (norm TEXT PRIMARY KEY);
CREATE INDEX IF NOT EXISTS names_norm ON names(norm);
CREATE INDEX IF NOT EXISTS entities_qid ON entities(qid);
CREATE INDEX IF NOT EXISTS entities_key ON entities(key);
"""

_TYPE_ORDER = {"Country": 0, "Organization": 1, "Official": 2, "Place": 3, "Person": 4}
_PREFIX = {"Country": "country", "Place": "place", "Organization": "org", "Official": "person", "Person": "person"}


# The builder's own modules: a change to how rows are read also makes a new file.
_BUILDER = ("sources.py", "kbfile.py", "normalize.py")


def _code_digest() -> bytes:
    # Read once, when the builder is imported: a process keeps naming files after the code it runs,
    # even if the files on disk change under it.
    h = hashlib.sha256(BUILD_VERSION.encode())
    here = Path(__file__).resolve().parent
    for name in _BUILDER:
        h.update(name.encode() + b"\0" + (here / name).read_bytes())
    return h.digest()


_CODE_DIGEST = _code_digest()


def tables_digest(data_dir: Path = DATA_DIR) -> str:
    """A hash of the tables' bytes and of the builder's code: the cached file's name."""
    h = hashlib.sha256(_CODE_DIGEST)
    for path in [data_dir / name for name in TABLES]:
        if path.exists():
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    """$KG_CACHE_DIR, else $XDG_CACHE_HOME/newskg or ~/.cache/newskg, else a per-user temp folder."""
    for candidate in (
        os.environ.get("KG_CACHE_DIR"),
        os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newskg"),
    ):
        if not candidate:
            continue
        try:
            os.makedirs(candidate, exist_ok=True)
            if os.access(candidate, os.W_OK):
                return Path(candidate)
        except OSError:
            continue
    path = Path(tempfile.gettempdir()) / f"newskg-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    path.mkdir(exist_ok=True)
    return path


def kb_path(data_dir: Path = DATA_DIR) -> Path:
    """The lookup file for the current tables, built when missing (a changed table gives a new name)."""
    digest = tables_digest(data_dir)
    path = cache_dir() / f"kb-{digest}.sqlite"
    if not _is_complete(path, digest):
        build(path, data_dir)
        for old in path.parent.glob("kb-*.sqlite"):
            if old != path:
                # A stale build (older tables or code); a process still reading it keeps its open file.
                try:
                    old.unlink()
                except OSError:
                    pass
    return path


def _is_complete(path: Path, digest: str) -> bool:
    """True when path is a finished build of these tables (a file cut short or from other code is not)."""
    if not path.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT v FROM meta WHERE k = 'digest'").fetchone()
            con.execute("SELECT 1 FROM common_words LIMIT 1").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == digest


def build(path: Path, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Builds the lookup file at path from the tables (atomically: readers never see half a file)."""
    records = read_records(data_dir)
    assign_keys(records)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(SCHEMA)
        write_records(con, records)
        con.executemany("INSERT OR IGNORE INTO common_words VALUES (?)", [(norm(w),) for w in common_words(data_dir)])
        con.execute("INSERT INTO meta VALUES ('digest', ?)", (tables_digest(data_dir),))
        con.commit()
        stats = dict(con.execute("SELECT type, count(*) FROM entities GROUP BY type").fetchall())
        stats["names"] = con.execute("SELECT count(*) FROM names").fetchone()[0]
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return stats


def write_records(con: sqlite3.Connection, records: list[Record]) -> None:
    """Inserts records and their names into an open database with SCHEMA."""
    start = con.execute("SELECT coalesce(max(id), 0) FROM entities").fetchone()[0]
    rows, names = [], []
    for i, rec in enumerate(records, start=start + 1):
        rows.append(
            (
                i,
                rec.qid,
                rec.label,
                rec.key,
                rec.type,
                rec.subtype,
                rec.rank,
                rec.country,
                rec.country_name,
                rec.position,
                rec.confidence,
                rec.source,
                rec.note,
            )
        )
        for n in rec.names:
            names.append((norm(n.surface), i, n.surface, n.how, int(n.listed), int(_exact(n.surface))))
    con.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO names VALUES (?,?,?,?,?,?)", names)


def _exact(surface: str) -> bool:
    # Acronyms and two-letter names are words in lower case ("us", "who", "au"): match them case for case.
    return is_acronym(surface) or len(norm(surface)) <= 3


def assign_keys(records: list[Record]) -> None:
    """Deterministic, unique keys: "country/turkiye", "place/kabul", "org/united-nations", "person/xi-jinping".

    One real-world entity (one QID) keeps one key across tables (Beijing the city and the municipality);
    when two different entities would share a key, the better known keeps it and the other gets a
    qualifier ("place/kandahar-province", "place/athens-us"), and a region renamed so gets a label
    that says what it is ("Kandahar Province").
    """
    order = sorted(
        range(len(records)),
        key=lambda i: (_TYPE_ORDER.get(records[i].type, 9), records[i].rank, records[i].label, records[i].ref),
    )
    key_of_qid: dict[tuple[str, str], str] = {}
    taken: dict[str, str | None] = {}  # key -> qid owning it
    label_count: defaultdict[str, int] = defaultdict(int)
    for i in order:
        rec = records[i]
        if rec.qid and (rec.type, rec.qid) in key_of_qid:
            rec.key = key_of_qid[(rec.type, rec.qid)]
            continue
        base = f"{_PREFIX[rec.type]}/{slug(rec.label)}"
        key = base
        if key in taken:
            if rec.subtype == "Region" and rec.region_type:
                key = f"{base}-{slug(rec.region_type)}"
                if not norm(rec.label).endswith(norm(rec.region_type)):
                    rec.label = f"{rec.label} {rec.region_type.title()}"
            elif rec.ref2 or "@" in rec.ref:
                key = f"{base}-{slug(rec.ref.split('@')[-1] or rec.country_name or 'x')}"
        if key in taken:
            key = f"{base}-{(rec.qid or str(label_count[base])).lower()}"
            label_count[base] += 1
        taken[key] = rec.qid
        rec.key = key
        if rec.qid:
            key_of_qid[(rec.type, rec.qid)] = key


def connect(path: Path, read_only: bool = True) -> sqlite3.Connection:
    """An SQLite connection usable from any thread (lookups only read)."""
    if read_only:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    else:
        con = sqlite3.connect(str(path), check_same_thread=False)
        con.executescript(SCHEMA)
    con.row_factory = sqlite3.Row
    return con
