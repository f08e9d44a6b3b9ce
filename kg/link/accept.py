"""`kg link accept NAME QID`: a person's decision that a name means an item, recorded in the overlay.

The name becomes one of the item's names (so lookups, the gazetteer and relink know it), and the
decision itself is kept in the overlay's `decisions` table with its time, so a user can see later
which links were chosen by hand. The linking rules still apply: a person is found by a full name.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .kbfile import connect
from .normalize import is_acronym, norm
from .overlay import record_for, store_records
from .posts import ensure_schema
from .wdtypes import CSV_TYPES

if TYPE_CHECKING:
    from .kb import KnowledgeBase

_QID = re.compile(r"^Q[1-9][0-9]*$")


def accept(name: str, qid: str, overlay: str | Path, kb: KnowledgeBase | None, type: str | None = None) -> str:
    """Records that `name` means `qid`; returns a sentence saying what was done."""
    name, qid = name.strip(), qid.strip().removeprefix("wd:")
    if not _QID.match(qid):
        raise InputError(qid, "not a Wikidata item id (Q followed by digits)")
    if not norm(name):
        raise InputError(name, "an empty name")
    overlay = Path(overlay)
    known = kb.by_qid(qid) if kb is not None else None
    if known is None and not type:
        raise InputError(qid, f"not in the knowledge base: say what it is with --type ({', '.join(sorted(CSV_TYPES))})")
    typed = CSV_TYPES.get((type or "").lower()) if type else None
    if type and typed is None:
        raise InputError(type, f"unknown type (one of {', '.join(sorted(CSV_TYPES))})")
    con = connect(overlay, read_only=False) if overlay.exists() else None
    row = con.execute("SELECT id, type FROM entities WHERE qid = ? LIMIT 1", (qid,)).fetchone() if con else None
    if con is not None and row is not None:
        # Already in the overlay: the name joins its names.
        how = _how(name, row["type"])
        if not con.execute("SELECT 1 FROM names WHERE entity = ? AND norm = ?", (row["id"], norm(name))).fetchone():
            con.execute(
                "INSERT INTO names VALUES (?,?,?,?,1,?)",
                (norm(name), row["id"], name, how, int(is_acronym(name) or len(norm(name)) <= 3)),
            )
        what = row["type"]
    else:
        if con is not None:
            con.close()
            con = None
        if known is not None:
            rec = record_for(qid, known.label, [name], (known.type, known.subtype), known.country)
        else:
            assert typed is not None  # an item the knowledge base lacks needed a known --type (checked above)
            rec = record_for(qid, name, [], typed, None)
        rec.source = "accepted by hand"
        store_records([rec], overlay, kb)
        what = rec.type
    con = con or connect(overlay, read_only=False)
    try:
        ensure_schema(con)
        con.execute(
            "INSERT INTO decisions VALUES (?,?,?,?)", (name, qid, what, datetime.now(UTC).isoformat(timespec="seconds"))
        )
        con.commit()
    finally:
        con.close()
    note = ""
    if what in ("Person", "Official") and len(norm(name).split()) < 2:
        note = " (a person links by a full name only: accept the full name as the text writes it)"
    return f"recorded: {name!r} means wd:{qid} ({what}){note}"


def _how(name: str, type: str) -> str:
    if type in ("Person", "Official"):
        return "official"
    return "abbreviation" if is_acronym(name) else "alias"
