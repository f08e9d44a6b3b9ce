"""Relative IRI resolution exactly as RFC 3986, section 5.2 (urllib's urljoin drops empty fragments and leaves
the references of schemes it does not know unresolved, so it is not used here)."""

from __future__ import annotations

import re

_PARTS = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)


def _split(iri: str) -> tuple[str | None, str | None, str, str | None, str | None]:
    m = _PARTS.match(iri)
    assert m is not None  # the pattern matches every string
    return m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)


def is_absolute(iri: str) -> bool:
    return _split(iri)[0] is not None


def _remove_dot_segments(path: str) -> str:
    out: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./"):
            path = path[2:]
        elif path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../"):
            path = path[3:]
            if out:
                out.pop()
        elif path == "/..":
            path = "/"
            if out:
                out.pop()
        elif path in (".", ".."):
            path = ""
        else:
            m = re.match(r"/?[^/]*", path)
            assert m is not None
            out.append(m.group())
            path = path[m.end() :]
    return "".join(out)


def _merge(base_authority: str | None, base_path: str, ref_path: str) -> str:
    if base_authority is not None and not base_path:
        return "/" + ref_path
    return base_path[: base_path.rfind("/") + 1] + ref_path


def resolve(base: str, ref: str) -> str:
    """The target IRI of `ref` against `base` (RFC 3986, 5.2.2); `ref` itself when there is no base."""
    r_scheme, r_auth, r_path, r_query, r_frag = _split(ref)
    if not base or r_scheme is not None:
        return ref  # an absolute IRI stands as written (SPARQL engines do not normalise it)
    b_scheme, b_auth, b_path, b_query, _ = _split(base)
    auth: str | None
    query: str | None
    if r_auth is not None:
        scheme, auth, path, query = b_scheme, r_auth, _remove_dot_segments(r_path), r_query
    elif not r_path:
        scheme, auth, path = b_scheme, b_auth, b_path
        query = r_query if r_query is not None else b_query
    else:
        path = r_path if r_path.startswith("/") else _merge(b_auth, b_path, r_path)
        scheme, auth, path, query = b_scheme, b_auth, _remove_dot_segments(path), r_query
    out = f"{scheme}:" if scheme is not None else ""
    if auth is not None:
        out += f"//{auth}"
    out += path
    if query is not None:
        out += f"?{query}"
    if r_frag is not None:
        out += f"#{r_frag}"
    return out
