"""What a SPARQL text is shaped like, read from its tokens: its query form, and where its WHERE group opens.

The one place the query form is told (the guard, the remote store's Accept header and the saved queries all ask
here), and the one place values are put into a query as a VALUES block: as RDF terms, never as text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..errors import QueryError
from .lexer import CLOSERS, OPENERS, LexError, Token, iter_tokens, tokens

FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def form_of(toks: Iterable[Token]) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first of them outside any brackets; None for an update."""
    depth = 0
    for t in toks:
        if t.kind == "word" and depth == 0 and t.text.upper() in FORMS:
            return t.text.upper()
        if t.kind == "punct" and t.text in OPENERS:
            depth += 1
        elif t.kind == "punct" and t.text in CLOSERS:
            depth = max(0, depth - 1)
    return None


def query_form(text: str) -> str | None:
    """The form of a query text, read only up to its form keyword; None for an update or text not read that far."""
    try:
        return form_of(iter_tokens(text))
    except LexError:
        return None


def where_brace(text: str) -> int | None:
    """The offset of the '{' opening the outermost WHERE group, or None."""
    toks, depth = tokens(text), 0
    for k, tok in enumerate(toks):
        if tok.kind == "word" and depth == 0 and tok.text.upper() == "WHERE":
            if k + 1 < len(toks) and toks[k + 1].text == "{":
                return toks[k + 1].start
        elif tok.kind == "punct" and tok.text in OPENERS:
            depth += 1
        elif tok.kind == "punct" and tok.text in CLOSERS:
            depth -= 1
    return None


def with_values(text: str, bound: Mapping[str, Sequence[object]]) -> str:
    """The query with one `VALUES ?name { terms }` block per bound variable at the top of its outermost WHERE group.

    The terms are pyoxigraph terms: str() of one is its N-Triples form, the term's own escaping, never raw input.
    """
    if not bound:
        return text
    at = where_brace(text)
    if at is None:
        raise QueryError("parameters need a query with an explicit WHERE { ... }")
    block = "".join(f"\n  VALUES ?{name} {{ {' '.join(str(t) for t in terms)} }}" for name, terms in bound.items())
    return text[: at + 1] + block + text[at + 1 :]
