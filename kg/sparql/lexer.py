"""The SPARQL 1.1 / 1.2 lexer: the grammar's terminals (SPARQL 1.1 Query, section 19.8), strictly.

A character the grammar does not allow where it stands, an unterminated string or IRI, or a bare word that is
no keyword is a LexError: the guard never passes on text it could not read. Strings and IRIs may hold \\u / \\U
escapes, as Oxigraph reads them (the escape never ends the string or IRI it stands in).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

# Character classes of the grammar (productions 164-172).
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_HEX = "[0-9A-Fa-f]"
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
_ECHAR = r"\\[tbnrf\\\"']"
_PLX = rf"%{_HEX}{_HEX}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_VARNAME = rf"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*"

TokenKind = Literal["space", "comment", "iri", "string", "var", "bnode", "pname", "langtag", "number", "word", "punct"]

# Order matters where two terminals start alike: long strings before short ones, a prefixed name before a bare
# word ("ex:a" is one name), a number before punctuation ("-1"), multi-character punctuation before single.
_TERMINALS: list[tuple[TokenKind, str]] = [
    ("space", r"[ \t\r\n]+"),
    ("comment", r"#[^\r\n]*"),
    ("iri", rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>"),
    ("string", rf"'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''"),
    ("string", rf'"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*"""'),
    ("string", rf"'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'"),
    ("string", rf'"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*"'),
    ("var", rf"[?$]{_VARNAME}"),
    ("bnode", rf"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"),
    ("pname", rf"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*(?:--[a-zA-Z]+)?"),
    (
        "number",
        r"[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+|[0-9]+[eE][+-]?[0-9]+"
        r"|[0-9]*\.[0-9]+|[0-9]+)",
    ),
    ("word", r"[A-Za-z][A-Za-z0-9_]*"),
    ("punct", r"<<\(|\)>>|<<|>>|\{\||\|\}|\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.*=<>!+\-/^|?~]"),
]
_MASTER = re.compile("|".join(f"(?P<t{k}>{pattern})" for k, (_, pattern) in enumerate(_TERMINALS)))
_KINDS = {f"t{k}": kind for k, (kind, _) in enumerate(_TERMINALS)}

# Every bare word SPARQL 1.1 and 1.2 (and Oxigraph) know: keywords and built-in function names. A word outside
# this set is refused, because a parser that matches keywords without a word boundary (Oxigraph's does) could read
# "SERVICESILENT" as SERVICE SILENT.
KEYWORDS = frozenset(
    """
    BASE PREFIX VERSION SELECT DISTINCT REDUCED AS CONSTRUCT WHERE DESCRIBE ASK FROM NAMED GROUP BY HAVING ORDER
    ASC DESC LIMIT OFFSET VALUES LOAD SILENT INTO CLEAR DROP CREATE ADD TO MOVE COPY INSERT DATA DELETE WITH USING
    DEFAULT GRAPH ALL OPTIONAL SERVICE BIND UNDEF MINUS UNION FILTER IN NOT EXISTS TRUE FALSE LATERAL A
    STR LANG LANGMATCHES LANGDIR DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE
    ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ
    NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRLANGDIR STRDT SAMETERM ISIRI ISURI
    ISBLANK ISLITERAL ISNUMERIC ISTRIPLE HASLANG HASLANGDIR TRIPLE SUBJECT PREDICATE OBJECT REGEX SUBSTR REPLACE
    COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR ADJUST
""".split()
)


# The punctuation that opens and closes a nesting level: groups, calls, blank node lists, quoted triples, annotations.
OPENERS = frozenset({"{", "(", "[", "<<(", "<<", "{|"})
CLOSERS = frozenset({"}", ")", "]", ")>>", ">>", "|}"})


class LexError(ValueError):
    """Text that is no sequence of SPARQL terminals; `position` is its character offset."""

    def __init__(self, message: str, position: int):
        super().__init__(message)
        self.position = position


@dataclass(frozen=True)
class Token:
    kind: TokenKind  # never space or comment: those are dropped
    text: str  # as written in the query
    start: int  # character offset in the query
    spaced: bool = False  # white space or a comment stands before it (Oxigraph's parser is not blind to that)


def tokens(text: str) -> list[Token]:
    """The query's terminals in order, comments and white space dropped; raises LexError on anything else."""
    return list(iter_tokens(text))


def iter_tokens(text: str) -> Iterator[Token]:
    """The terminals one by one, read only as far as the caller goes (a LexError comes when it is reached)."""
    pos, end, gap = 0, len(text), False
    while pos < end:
        m = _MASTER.match(text, pos)
        if m is None or m.end() == pos:
            raise LexError(f"unexpected {_describe(text, pos)}", pos)
        assert m.lastgroup is not None  # every alternative of the pattern is a named group
        kind = _KINDS[m.lastgroup]
        if kind == "word" and m.group().upper() not in KEYWORDS:
            raise LexError(f"unknown keyword '{m.group()}'", pos)
        if kind in ("space", "comment"):
            gap = True
        else:
            yield Token(kind, m.group(), pos, gap)
            gap = False
        pos = m.end()


def _describe(text: str, pos: int) -> str:
    c = text[pos]
    if c in "'\"":
        return "an unterminated string"
    if c == "<" and re.match(r"<[^\s>]*$", text[pos : pos + 200].split("\n")[0]):
        return "an unterminated IRI"
    return f"character {c!r}" if c.isprintable() else f"character U+{ord(c):04X}"


_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(rf"{_UCHAR}|{_ECHAR}")
_UCHAR_ONLY = re.compile(_UCHAR)


def _unescape(m: re.Match[str]) -> str:
    s = m.group()
    if s[1] in "uU":
        code = int(s[2:], 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise LexError(f"escape {s} is no Unicode character", -1)
        return chr(code)
    return _ESCAPES[s[1]]


def string_value(token: Token) -> str:
    """The value of a string token, its escapes decoded."""
    quote = 3 if token.text[:3] in ("'''", '"""') else 1
    return _ESCAPE.sub(_unescape, token.text[quote:-quote])


def iri_value(token: Token) -> str:
    """The IRI of an IRIREF token, its \\u escapes decoded."""
    return _UCHAR_ONLY.sub(_unescape, token.text[1:-1])


_LOCAL_ESCAPE = re.compile(r"\\(.)")


def pname_parts(token: Token) -> tuple[str, str]:
    """(prefix, local name) of a prefixed name, the local name's backslash escapes removed (percent codes kept)."""
    prefix, _, local = token.text.partition(":")
    return prefix, _LOCAL_ESCAPE.sub(r"\1", local)
