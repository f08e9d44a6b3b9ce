"""Files and folders to articles: which files a folder walk reads, the size limit of a text file, decoding, and
handing each file (or string) to the reader of its form (registry.py).

Nothing here raises for bad input: a missing path, an unreadable folder, an empty, oversized or binary file becomes
a kg.errors.InputError naming it, and the other files still load.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from .base import Item, ReadResult, ReadWarning
from .charset import decode, normalise_newlines
from .registry import known_suffixes, reader_for_suffix, reader_for_text

# An article is a few kilobytes; a bigger text file is a dump that belongs in JSON Lines (streamed, no total limit).
MAX_TEXT_BYTES = 10 * 1024 * 1024
# Files a folder walk reads; anything else in a folder (notes, images) is skipped silently.
TEXT_SUFFIXES = {".txt", ".text", ""}
# Folder documentation that sits next to corpora (README.TXT, LICENSE) is not an article.
SKIPPED_NAMES = re.compile(r"^(readme|license|licence|copying|sources?|notice)(\.|$)", re.I)


def read_paths(paths: Iterable[str | Path]) -> ReadResult:
    """Every article under the given files and folders, with the errors and warnings met."""
    result = ReadResult()
    for item in iter_paths(paths):
        result.add(item)
    return result


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Articles, errors and warnings of the given files and folders, one file at a time."""
    for path in find_files(paths):
        if isinstance(path, InputError):
            yield path
        else:
            yield from iter_file(path)


def read_file(path: str | Path) -> ReadResult:
    """The articles of one file."""
    result = ReadResult()
    for item in iter_file(Path(path)):
        result.add(item)
    return result


def parse_text(text: str, source_path: str | None = None) -> ReadResult:
    """The articles in one string, whichever form it has (never raises on bad content)."""
    result = ReadResult()
    for item in parse_decoded(normalise_newlines(text), source_path or "<text>"):
        result.add(item)
    return result


def find_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """The files named, plus the article files found under the folders named (sorted, hidden ones skipped).

    A file reached twice (named and inside a named folder) is read once.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _walk(path)
        elif path.is_file():
            found = iter([path])
        else:
            found = iter([InputError(path, "no such file or folder")])
        for item in found:
            if isinstance(item, Path):
                key = item.resolve()
                if key in seen:
                    continue
                seen.add(key)
            yield item


def _walk(folder: Path) -> Iterator[Path | InputError]:
    problems: list[OSError] = []
    suffixes = TEXT_SUFFIXES | known_suffixes()
    for top, dirs, files in os.walk(folder, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or SKIPPED_NAMES.match(name):
                continue
            if Path(name).suffix.lower() in suffixes:
                yield Path(top) / name
        while problems:
            err = problems.pop(0)
            yield InputError(err.filename or folder, f"cannot read the folder: {err.strerror or err}")
    while problems:
        err = problems.pop(0)
        yield InputError(err.filename or folder, f"cannot read the folder: {err.strerror or err}")


def iter_file(path: Path) -> Iterator[Item]:
    """The articles, errors and warnings of one file."""
    try:
        size = path.stat().st_size
        if size == 0:
            yield InputError(path, "empty file")
            return
        streamed = reader_for_suffix(path.suffix)
        if streamed is not None and streamed.read_file is not None:
            yield from streamed.read_file(path)
            return
        if size > MAX_TEXT_BYTES:
            yield InputError(
                path,
                f"file is {size / 1e6:.1f} MB; a text article file may be at most "
                f"{MAX_TEXT_BYTES / 1e6:.0f} MB "
                "(put large batches in JSON Lines, which is streamed)",
            )
            return
        data = path.read_bytes()
    except OSError as err:
        yield InputError(path, f"cannot read: {err.strerror or err}")
        return
    text, problem, encoding = decode(data)
    if problem:
        yield InputError(path, problem)
        return
    if encoding:
        yield ReadWarning(str(path), f"not valid UTF-8; decoded as {encoding}")
    yield from parse_decoded(normalise_newlines(text), str(path))


def parse_decoded(text: str, path: str) -> Iterator[Item]:
    """The items of a decoded text (line ends already "\\n"), read by the reader of its form."""
    if not text.strip():
        yield InputError(path, "empty file (only white space)")
        return
    yield from reader_for_text(text.lstrip()).parse(text, path)
