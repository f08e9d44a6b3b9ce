"""Inspects a SPARQL query or update string before Oxigraph runs it: what it would reach outside the store.

Oxigraph's engine performs real HTTP requests for SERVICE and LOAD, so the endpoint must refuse them
unless the operator allowed the host (Settings.service_allow). FROM / FROM NAMED only select graphs of
the store in Oxigraph, but they are refused when they name a graph the store does not have, so a query
can never be read as an instruction to fetch something. The string is only scanned here (a small
tokenizer that knows strings, IRIs, comments and braces); the query itself still runs in Oxigraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from ..errors import QueryError

_IRI = re.compile(r"<([^<>\"{}|^`\\\x00-\x20]*)>")
_STRING = re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\"", re.S)
_WORD = re.compile(r"[A-Za-z_][\w\-.]*(?<!\.)(?::[^\s{}()<>,;\"']*)?|[A-Za-z_]?[\w\-.]*:[^\s{}()<>,;\"']*|[?$]\w+")


class Refused(QueryError):
    """The query would reach outside the store (SERVICE, LOAD, or FROM naming a graph the store lacks)."""


@dataclass
class Token:
    kind: str  # "iri" | "word" | "{" | "}" | "other"
    text: str
    start: int
    depth: int


def tokens(text: str) -> list[Token]:
    """Splits a query into the tokens the guard cares about; strings and comments are skipped."""
    out: list[Token] = []
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "'\"":
            m = _STRING.match(text, i)
            i = m.end() if m else i + 1
        elif c == "<":
            m = _IRI.match(text, i)
            if m:
                out.append(Token("iri", m.group(1), i, depth))
                i = m.end()
            else:
                out.append(Token("other", c, i, depth))
                i += 1
        elif c == "{":
            out.append(Token("{", c, i, depth))
            depth += 1
            i += 1
        elif c == "}":
            depth = max(0, depth - 1)
            out.append(Token("}", c, i, depth))
            i += 1
        else:
            m = _WORD.match(text, i)
            if m and m.end() > i:
                out.append(Token("word", m.group(0), i, depth))
                i = m.end()
            else:
                out.append(Token("other", c, i, depth))
                i += 1
    return out


@dataclass
class Inspection:
    services: list[str | None] = field(default_factory=list)  # None: a variable endpoint
    loads: list[str | None] = field(default_factory=list)
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    has_using_or_with: bool = False


def inspect(text: str, base: str = "") -> Inspection:
    """Finds SERVICE, LOAD, FROM [NAMED], USING and WITH clauses with their IRIs resolved against `base`."""
    toks = tokens(text)
    prefixes: dict[str, str] = {}
    found = Inspection()

    def iri_at(k: int) -> str | None:
        if k >= len(toks):
            return None
        t = toks[k]
        if t.kind == "iri":
            return urljoin(base, t.text) if base else t.text
        if t.kind == "word" and ":" in t.text and not t.text.startswith(("?", "$")):
            prefix, _, local = t.text.partition(":")
            if prefix in prefixes:
                return prefixes[prefix] + local
        return None

    for k, t in enumerate(toks):
        if t.kind != "word":
            continue
        word = t.text.upper()
        if word == "PREFIX" and t.depth == 0 and k + 2 < len(toks):
            ns = iri_at(k + 2)
            if ns is not None:
                prefixes[toks[k + 1].text.rstrip(":")] = ns
        elif word == "BASE" and t.depth == 0:
            resolved = iri_at(k + 1)
            if resolved is not None:
                base = resolved
        elif word == "SERVICE":
            nxt = k + 1
            if nxt < len(toks) and toks[nxt].kind == "word" and toks[nxt].text.upper() == "SILENT":
                nxt += 1
            found.services.append(iri_at(nxt))
        elif word == "LOAD":
            nxt = k + 1
            if nxt < len(toks) and toks[nxt].kind == "word" and toks[nxt].text.upper() == "SILENT":
                nxt += 1
            found.loads.append(iri_at(nxt))
        elif word == "FROM" and t.depth == 0:
            if k + 1 < len(toks) and toks[k + 1].kind == "word" and toks[k + 1].text.upper() == "NAMED":
                target = iri_at(k + 2)
                found.from_named.append(target or "")
            else:
                target = iri_at(k + 1)
                found.from_graphs.append(target or "")
        elif word in ("USING", "WITH") and t.depth == 0:
            found.has_using_or_with = True
    return found


def host_allowed(iri: str | None, allow: tuple[str, ...]) -> bool:
    if not iri or not allow:
        return False
    parts = urlsplit(iri)
    return parts.scheme in ("http", "https") and (parts.hostname or "") in allow


def check(text: str, allow: tuple[str, ...], graphs: set[str] | None, base: str = "") -> Inspection:
    """Raises Refused when the query would contact a host or name a graph outside the store."""
    found = inspect(text, base)
    for iri in found.services:
        if not host_allowed(iri, allow):
            raise Refused(f"SERVICE {'<' + iri + '>' if iri else 'with a variable'} is not allowed on this endpoint")
    for iri in found.loads:
        if not host_allowed(iri, allow):
            raise Refused(f"LOAD {'<' + iri + '>' if iri else ''} is not allowed on this endpoint")
    if graphs is not None:
        for iri in found.from_graphs + found.from_named:
            if iri not in graphs:
                raise Refused(f"FROM <{iri}> names no graph of this store; the endpoint never fetches graphs")
    return found


def add_using(update: str, using: list[str], using_named: list[str]) -> str:
    """Puts protocol using-graph-uri / using-named-graph-uri into each DELETE/INSERT ... WHERE of an update."""
    clause = "".join(f" USING <{g}>" for g in using) + "".join(f" USING NAMED <{g}>" for g in using_named) + " "
    toks = tokens(update)
    cuts = []
    for k, t in enumerate(toks):
        if t.kind == "word" and t.depth == 0 and t.text.upper() == "WHERE":
            before = toks[k - 1] if k else None
            # DELETE WHERE { ... } takes no dataset; a modify's WHERE follows its template's closing brace.
            if before is not None and before.kind == "}":
                cuts.append(t.start)
    for pos in reversed(cuts):
        update = update[:pos] + clause + update[pos:]
    return update
