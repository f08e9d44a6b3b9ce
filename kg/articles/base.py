"""What every article reader yields and collects: an Article, an InputError or a ReadWarning, and the Reader shape
the format registry (registry.py) holds one of per input form."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Article


@dataclass(frozen=True)
class ReadWarning:
    """Something a user should know that did not stop the file from loading (e.g. the encoding used)."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


# One thing a reader met: readers yield these, one file at a time, and never raise for bad content.
Item = Article | InputError | ReadWarning


@dataclass
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)

    def add(self, item: Item) -> None:
        if isinstance(item, Article):
            self.articles.append(item)
        elif isinstance(item, InputError):
            self.errors.append(item)
        else:
            self.warnings.append(item)


@dataclass(frozen=True)
class Reader:
    """One input form (CONTRACT.md, "Input files the builder reads").

    `claims(text)` says whether decoded text (leading white space stripped) has this form; `parse(text, path)` reads
    it. A form whose files are streamed rather than decoded whole names its `suffixes` and a `read_file(path)`."""

    name: str
    claims: Callable[[str], bool]
    parse: Callable[[str, str], Iterator[Item]]
    suffixes: frozenset[str] = frozenset()
    read_file: Callable[[Path], Iterator[Item]] | None = None
