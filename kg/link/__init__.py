"""Wikidata linking: an offline knowledge base from the tables in kg/link/data.

The API the extraction uses (kept stable):

    kb = load_kb()                                   # cached, offline
    kb.gazetteer() -> Iterable[GazetteerEntry]       # surface names for spaCy's EntityRuler
    kb.lookup(name, type=None, context=None) -> Candidate | None
    link_entities(entities, kb) -> renames           # sets Entity.wikidata (and link_confidence) where sure

The shipped tables are compiled once into an SQLite file in the user cache (kbfile.py); names a
user imports (`kg link import`) live in an overlay SQLite in the user data folder (overlay.py).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .entries import Candidate, GazetteerEntry
from .linker import link_entities

if TYPE_CHECKING:
    from .kb import KnowledgeBase

__all__ = ["Candidate", "GazetteerEntry", "load_kb", "link_entities", "overlay_path"]


def overlay_path() -> Path:
    """Where imported entries go: $KG_KB_OVERLAY, else $XDG_DATA_HOME/newskg/kb-overlay.sqlite (~/.local/share)."""
    explicit = os.environ.get("KG_KB_OVERLAY")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share")
    return Path(base) / "newskg" / "kb-overlay.sqlite"


def load_kb(overlay: str | os.PathLike[str] | None = None) -> KnowledgeBase:
    """The knowledge base (shipped tables + the user overlay), loaded once per overlay version."""
    path = Path(overlay) if overlay else overlay_path()
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    return _load(str(path), stamp)


@functools.lru_cache(maxsize=4)
def _load(overlay: str, stamp: int) -> KnowledgeBase:
    from .kb import KnowledgeBase
    from .kbfile import kb_path

    return KnowledgeBase(kb_path(), overlay=Path(overlay) if stamp else None)
