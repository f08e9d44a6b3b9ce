"""The built gazetteer kept on disk between runs, so a `kg build` does not rebuild it at every start.

Building it (18,000 names read from the knowledge base, sorted, indexed) takes about 0.4 s; reading it back takes
about 0.1 s, a fifth of the whole start-up that `kg build` adds to spaCy's own (measured with
benchmarks/extract.py --end-to-end). The file is named by everything the gazetteer is made from: the knowledge
base's files (path, size, modification time), the project's own name lists, the code that builds it and the
spaCy model, so a change to any of them builds a new one. Only a knowledge base with files on disk is cached (a
test's in-memory one is built every time). A cache that cannot be read or written is passed by: the gazetteer is
then built as before.

Where: the knowledge base's own cache folder (kg.link.kbfile.cache_dir: $KG_CACHE_DIR, else
$XDG_CACHE_HOME/newskg or ~/.cache/newskg, else a per-user temporary folder). The files are pickles: like any
program's cache, the folder must be writable by its user only (a default cache folder is).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacy.about import __version__ as spacy_version
from spacy.tokenizer import Tokenizer

from ..link.kbfile import cache_dir
from .gazetteer import Gazetteer
from .knowledge import KnowledgeBase

_CODE = [Path(__file__).with_name(name) for name in ("gazetteer.py", "name_index.py", "gazetteer_cache.py")]
_DATA = [Path(__file__).parent / "data" / "news-organizations.csv", Path(__file__).parent / "lexicon" / "names.yaml"]


def cached(
    tokenizer: Tokenizer, kb: KnowledgeBase | None, model_meta: dict[str, Any], build: Callable[[], Gazetteer]
) -> Gazetteer:
    """The gazetteer `build()` makes, read from the cache when one was made from the same inputs."""
    key = _key(kb, model_meta)
    if key is None:
        return build()
    path = cache_dir() / f"gazetteer-{key}.pickle"
    try:
        with path.open("rb") as fh:
            gaz: Gazetteer = pickle.load(fh)
        gaz.tokenizer = tokenizer
        return gaz
    except Exception:  # noqa: BLE001 - none yet, or a truncated or foreign file: build anew (and replace it)
        pass
    gaz = build()
    _write(path, gaz)
    return gaz


def _key(kb: KnowledgeBase | None, model_meta: dict[str, Any]) -> str | None:
    files = [getattr(kb, "path", None), getattr(kb, "overlay", None)]
    if files[0] is None:
        return None  # no files to name it by
    digest = hashlib.sha1(f"{spacy_version}|{model_meta.get('name')}|{model_meta.get('version')}".encode())
    for path in [*files, *_DATA]:
        if path is None:
            continue
        try:
            st = Path(path).stat()
        except OSError:
            digest.update(f"{path}|missing".encode())
            continue
        digest.update(f"{Path(path).resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
    for path in _CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _write(path: Path, gaz: Gazetteer) -> None:
    """Written whole or not at all (a temporary file renamed), so a reader never sees half a file."""
    tokenizer, gaz.tokenizer = gaz.tokenizer, None  # the pipeline's own, given back on reading
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _forget_old(path.parent)
    except OSError:
        pass  # a read-only home: no cache, the next run builds again
    finally:
        gaz.tokenizer = tokenizer


def _forget_old(folder: Path, keep: int = 4) -> None:
    """Only the newest few stay (one per knowledge base in use): each change of an input leaves an old one."""
    files = sorted(folder.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
