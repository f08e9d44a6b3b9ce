"""What a SPARQL operation would reach outside the store, decided on the very text the engine then runs.

Oxigraph performs real HTTP requests for SERVICE and LOAD. A guard that scans the text one way while the engine
reads it another can be tokenised around (a comment ended by CR, an escape inside an IRI, "SERVICE:x" read by the
engine as SERVICE :x). So the guard does not pass the user's text on: it reads it with the strict lexer, checks the
tokens, and hands the engine a canonical text re-emitted from those tokens, in which nothing is left to read two
ways: no comments, one space where the text had white space or a comment (none where it had none: Oxigraph's parser
takes "CONCAT(" but not "CONCAT ("), every string re-quoted, every prefixed name expanded to a full IRI, every IRI a
SERVICE, LOAD or FROM names resolved, no raw quote inside an IRI. Query workers are also cut off from the network
(kg.web.isolation), so even an unknown bypass sends nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from ..errors import QueryError
from .iri import is_absolute
from .iri import resolve as resolve_iri
from .lexer import CLOSERS, OPENERS, LexError, Token, iri_value, pname_parts, string_value, tokens
from .shape import form_of

# Deeper nesting than any real query needs; Oxigraph's recursive parser crashes the process on thousands.
MAX_DEPTH = 64


class Refused(QueryError):
    """The operation would reach outside the store (SERVICE, LOAD, or FROM naming a graph the store lacks)."""


class Malformed(QueryError):
    """The text is no SPARQL the guard can read; `position` is the character offset it stopped at."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.position = position


@dataclass
class Checked:
    """A guarded operation: the canonical text to run, its form, and what it names outside the default graph."""

    text: str
    form: str | None  # SELECT | CONSTRUCT | ASK | DESCRIBE for a query, None for an update
    services: list[str | None] = field(default_factory=list)  # None: a variable endpoint
    loads: list[str | None] = field(default_factory=list)  # None: no IRI it can resolve
    from_graphs: list[str] = field(default_factory=list)
    has_using_or_with: bool = False
    # Where each canonical token starts, in the canonical text and in the original (to place engine errors).
    offsets: list[tuple[int, int]] = field(default_factory=list)

    def original_position(self, canonical_column: int) -> int:
        """The original offset of the token at a 0-based column of the canonical text."""
        best = 0
        for canonical, original in self.offsets:
            if canonical > canonical_column:
                break
            best = original
        return best


_IRI_UNSAFE = re.compile(r"[<>\"{}|^`\\\x00-\x20']")


def _iri_token(iri: str) -> str:
    """An IRIREF for any IRI: characters that may not stand raw in one (and the quote) as \\u escapes."""
    return "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"


def _string_token(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def canonical(text: str, base: str = "") -> Checked:
    """Reads an operation strictly and re-emits it canonically; raises Malformed when it cannot be read."""
    try:
        toks = tokens(text)
    except LexError as err:
        raise Malformed(f"{err} at {_line_col(text, err.position)}", err.position) from None
    try:
        return _Canonical(text, toks, base).run()
    except LexError as err:  # an escape that names no character
        raise Malformed(str(err)) from None


class _Canonical:
    """One pass over the tokens: track prefixes, base and nesting, note what the operation reaches, emit."""

    def __init__(self, text: str, toks: list[Token], base: str):
        self.text, self.toks, self.base = text, toks, base
        self.prefixes: dict[str, str] = {}
        self.targets: dict[int, str] = {}  # token index -> the absolute IRI a SERVICE, LOAD or FROM names
        self.out: list[str] = []
        self.length = 0
        self.depth = 0
        self.checked = Checked(text="", form=None)

    def run(self) -> Checked:
        self.checked.form = form_of(self.toks)
        if self.base:  # the endpoint's own URL, against which relative IRIs resolve (the protocol allows it)
            self.emit("BASE", 0, False)
            self.emit(_iri_token(self.base), 0, True)
            if self.toks:
                self.toks[0] = replace(self.toks[0], spaced=True)
        k = 0
        while k < len(self.toks):
            k = self.step(k)
        self.checked.text = "".join(self.out)
        return self.checked

    def emit(self, piece: str, at: int, spaced: bool) -> None:
        if spaced and self.out:
            self.out.append(" ")
            self.length += 1
        self.checked.offsets.append((self.length, at))
        self.out.append(piece)
        self.length += len(piece)

    def fail(self, message: str, at: int) -> Malformed:
        return Malformed(f"{message} at {_line_col(self.text, at)}", at)

    def word(self, j: int) -> str:
        return self.toks[j].text.upper() if j < len(self.toks) and self.toks[j].kind == "word" else ""

    def target(self, j: int) -> str | None:
        """The absolute IRI that token j names, or None (a variable, an unresolvable IRI, anything else).

        The IRI is remembered so that what runs is the IRI that was checked, not one the engine resolves again.
        """
        t = self.toks[j] if j < len(self.toks) else None
        if t is None or t.kind not in ("iri", "pname"):
            return None
        if t.kind == "iri":
            iri = resolve_iri(self.base, iri_value(t))
        else:
            prefix, local = pname_parts(t)
            iri = self.prefixes[prefix] + local if prefix in self.prefixes else ""
        if not is_absolute(iri):
            return None
        self.targets[j] = iri
        return iri

    def step(self, k: int) -> int:
        """Handles token k (and a declaration's operands); returns the index of the next token to read."""
        t, upper = self.toks[k], self.word(k)
        if upper in ("PREFIX", "BASE") and self.depth == 0:
            return self.declaration(k)
        if upper in ("SERVICE", "LOAD"):
            j = k + 2 if self.word(k + 1) == "SILENT" else k + 1
            (self.checked.services if upper == "SERVICE" else self.checked.loads).append(self.target(j))
        elif upper == "FROM" and self.depth == 0:
            self.checked.from_graphs.append(self.target(k + 2 if self.word(k + 1) == "NAMED" else k + 1) or "")
        elif upper in ("USING", "WITH") and self.depth == 0:
            self.checked.has_using_or_with = True
        if t.kind == "punct" and t.text in OPENERS:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.fail(f"the operation nests deeper than {MAX_DEPTH} levels", t.start)
        elif t.kind == "punct" and t.text in CLOSERS:
            self.depth = max(0, self.depth - 1)
        self.emit(self.piece(k), t.start, t.spaced)
        return k + 1

    def piece(self, k: int) -> str:
        """Token k as the engine will read it."""
        t = self.toks[k]
        if k in self.targets:
            return _iri_token(self.targets[k])
        if t.kind == "pname":
            prefix, local = pname_parts(t)
            if prefix not in self.prefixes:
                raise self.fail(f"undeclared prefix '{prefix}:'", t.start)
            return _iri_token(self.prefixes[prefix] + local)
        if t.kind == "string":
            return _string_token(string_value(t))
        if t.kind == "iri":
            return _iri_token(iri_value(t))
        return t.text

    def declaration(self, k: int) -> int:
        """PREFIX name: <iri> is recorded and dropped (prefixed names are expanded); BASE <iri> is kept."""
        toks, t = self.toks, self.toks[k]
        if t.text.upper() == "PREFIX":
            name = toks[k + 1] if k + 1 < len(toks) else None
            if (
                name is None
                or name.kind != "pname"
                or name.text.find(":") != len(name.text) - 1
                or k + 2 >= len(toks)
                or toks[k + 2].kind != "iri"
            ):
                raise self.fail("PREFIX needs a name ending in ':' and an IRI", t.start)
            self.prefixes[name.text[:-1]] = resolve_iri(self.base, iri_value(toks[k + 2]))
            if k + 3 < len(toks):
                toks[k + 3] = replace(toks[k + 3], spaced=True)
            return k + 3
        if k + 1 >= len(toks) or toks[k + 1].kind != "iri":
            raise self.fail("BASE needs an IRI", t.start)
        self.base = resolve_iri(self.base, iri_value(toks[k + 1]))
        self.emit("BASE", t.start, t.spaced)
        self.emit(_iri_token(self.base), toks[k + 1].start, toks[k + 1].spaced)
        return k + 2


def _line_col(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    return f"{line}:{position - (text.rfind(chr(10), 0, position) + 1) + 1}"


def host_allowed(iri: str | None, allow: tuple[str, ...]) -> bool:
    if not iri or not allow:
        return False
    parts = urlsplit(iri)
    return parts.scheme in ("http", "https") and (parts.hostname or "") in allow


def check(text: str, allow: tuple[str, ...], graphs: Callable[[], set[str]] | None, base: str = "") -> Checked:
    """The canonical operation, or Refused when it would contact a host or name a graph outside the store.

    `graphs` gives the store's graph names, asked only when the operation has a FROM (None: FROM is not checked).
    """
    checked = canonical(text, base)
    for iri in checked.services:
        if not host_allowed(iri, allow):
            raise Refused(f"SERVICE {'<' + iri + '>' if iri else 'with a variable'} is not allowed on this endpoint")
    for iri in checked.loads:
        if not host_allowed(iri, allow):
            raise Refused(f"LOAD {'<' + iri + '>' if iri else ''} is not allowed on this endpoint")
    if graphs is not None and checked.from_graphs:
        known = graphs()
        for iri in checked.from_graphs:
            if iri not in known:
                raise Refused(f"FROM <{iri}> names no graph of this store; the endpoint never fetches graphs")
    return checked


def engine_error(checked: Checked, original: str, message: str) -> str:
    """An engine's syntax error ("error at 1:C: ...") placed in the text the user wrote."""
    m = re.match(r"error at 1:(\d+):?\s*(.*)", message, re.S)
    if not m:
        return message
    position = checked.original_position(int(m.group(1)) - 1)
    return f"error at {_line_col(original, position)}: {m.group(2)}"


def add_using(checked: Checked, using: list[str], using_named: list[str]) -> str:
    """The canonical update with protocol using-graph-uri / using-named-graph-uri put into each modify's WHERE."""
    for iri in using + using_named:
        if not _is_absolute_iri(iri):
            raise Malformed(f"using-graph-uri / using-named-graph-uri must be absolute IRIs, not {iri!r}")
    clause = " ".join(
        [*(f"USING {_iri_token(g)}" for g in using), *(f"USING NAMED {_iri_token(g)}" for g in using_named)]
    )
    toks = tokens(checked.text)  # the canonical text re-reads exactly
    pieces, depth = [], 0
    for k, t in enumerate(toks):
        if t.kind == "word" and depth == 0 and t.text.upper() == "WHERE" and k and toks[k - 1].text == "}":
            # DELETE WHERE { ... } takes no dataset; a modify's WHERE follows its template's closing brace.
            pieces.append(" " + clause)
        if t.kind == "punct" and t.text in OPENERS:
            depth += 1
        elif t.kind == "punct" and t.text in CLOSERS:
            depth = max(0, depth - 1)
        pieces.append((" " if t.spaced else "") + t.text)
    return "".join(pieces).lstrip()


def _is_absolute_iri(iri: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*", iri))
