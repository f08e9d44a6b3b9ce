"""Results written by Oxigraph's own serialisers, with the row cap kept and nothing written that XML forbids.

Oxigraph writes a whole result natively, about fifteen times faster than a Python loop over the rows (measured in
benchmarks/endpoint.py's notes), but it offers no hook per row. So the rows are counted in the bytes as they pass,
by a mark that stands at row boundaries only and never inside a value:

- TSV: one line per row (a line end inside a value is written as the escape \\n).
- XML: `<result>` (a `<` inside a value is written `&lt;`).
- JSON: rows are the objects of the "bindings" array, separated by `},{`. Before a row that binds anything the
  separator is followed by `"` and the first character of a variable name. Inside a string, `},{"` can occur only
  if that `"` ends the string, and what follows the end of a string is `}`, `,`, `:` or `]`, never a name character.
  A row that binds nothing (`{}`) has no such mark, so `{}` is counted too, as an upper bound; in the rare case
  where the bounds straddle the cap, the rows are counted exactly with every string blanked out.

CSV has no such mark (a value holding a line end is quoted with the line end raw), so CSV is written by
kg.sparql.results from rows counted one by one.

XML output is checked as it passes too (kg.sparql.results.check_xml): what XML cannot carry is refused with
NotRepresentable rather than sent as a document no XML parser reads.
"""

from __future__ import annotations

import re
from typing import IO, Protocol, cast

import pyoxigraph as ox

from .formats import RESULTS_FORMATS
from .results import BinaryWriter, check_xml


class TooManyRows(Exception):
    def __init__(self, max_rows: int, what: str = "rows"):
        super().__init__(f"the result has more than {max_rows} {what}; add a LIMIT (or page with OFFSET)")


class BufferedWriter(BinaryWriter, Protocol):
    """A writer that can also give back everything written so far (to count JSON rows exactly when it must)."""

    def getvalue(self) -> bytes: ...


class _Passing:
    """A writer in front of `out` that looks at every chunk before passing it on."""

    tail_size = 0

    def __init__(self, out: BinaryWriter):
        self.out = out
        self.tail = b""

    def write(self, data: bytes) -> int:
        data = bytes(data)
        self.look(self.tail + data)
        if self.tail_size:
            self.tail = (self.tail + data)[-self.tail_size :]
        return self.out.write(data)

    def flush(self) -> None:
        pass

    def look(self, window: bytes) -> None:
        """`window` is the new chunk after the last `tail_size` bytes of the ones before."""


class XmlChecked(_Passing):
    """Refuses characters XML forbids (and, for RDF/XML, elements with no local name)."""

    tail_size = 7  # a 3-byte forbidden sequence, or '<' + name + ':' + one more byte, across a chunk boundary

    def __init__(self, out: BinaryWriter, rdf: bool = False):
        super().__init__(out)
        self.rdf = rdf

    def look(self, window: bytes) -> None:
        check_xml(window, self.rdf)


class _TsvRows(_Passing):
    def __init__(self, out: BinaryWriter, max_rows: int):
        super().__init__(out)
        self.max_rows = max_rows
        self.lines = 0

    def look(self, window: bytes) -> None:
        self.lines += window.count(b"\n")
        if self.lines - 1 > self.max_rows:
            raise TooManyRows(self.max_rows)

    def finish(self) -> None:
        pass


class _XmlRows(XmlChecked):
    tail_size = 7  # len(b"<result>") - 1: a mark split by a chunk boundary is seen once, never twice

    def __init__(self, out: BinaryWriter, max_rows: int):
        super().__init__(out)
        self.max_rows, self.rows = max_rows, 0

    def look(self, window: bytes) -> None:
        super().look(window)
        self.rows += window.count(b"<result>")
        if self.rows > self.max_rows:
            raise TooManyRows(self.max_rows)

    def finish(self) -> None:
        pass


_ROW_SEPARATOR = re.compile(rb'\},\{"[^}\],:]')
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')


class _JsonRows(_Passing):
    tail_size = 4  # one less than the separator mark

    def __init__(self, out: BufferedWriter, max_rows: int):
        super().__init__(out)
        self.buffered, self.max_rows = out, max_rows
        self.separators = 0
        self.empties = 0
        self.last = b""

    def write(self, data: bytes) -> int:
        data = bytes(data)
        self.empties += (self.last[-1:] + data).count(b"{}")
        self.last = (self.last + data)[-32:]
        return super().write(data)

    def look(self, window: bytes) -> None:
        self.separators += len(_ROW_SEPARATOR.findall(window))
        if self.separators + 1 > self.max_rows:
            raise TooManyRows(self.max_rows)

    def finish(self) -> None:
        if self.last.endswith(b'"bindings":[]}}'):
            return
        lower = self.separators + 1
        if lower + self.empties <= self.max_rows:
            return
        if lower > self.max_rows or exact_json_rows(self.buffered.getvalue()) > self.max_rows:
            raise TooManyRows(self.max_rows)


def exact_json_rows(body: bytes) -> int:
    """The rows of a SPARQL JSON result: with every string blanked, `[{` opens the first row and `,{` each next."""
    blank = _JSON_STRING.sub(b'""', body)
    return blank.count(b"[{") + blank.count(b",{")


_COUNTERS: dict[str, type[_TsvRows | _XmlRows | _JsonRows]] = {"json": _JsonRows, "xml": _XmlRows, "tsv": _TsvRows}


def write_solutions(result: ox.QuerySolutions, fmt: str, out: BufferedWriter, max_rows: int) -> None:
    """A SELECT result in json, xml or tsv into `out`; TooManyRows past the cap."""
    counter = _COUNTERS[fmt](out, max_rows)
    # pyoxigraph's stub asks for a whole IO[bytes]; it calls only write() and flush() (see BinaryWriter).
    result.serialize(cast(IO[bytes], counter), format=RESULTS_FORMATS[fmt])
    counter.finish()
