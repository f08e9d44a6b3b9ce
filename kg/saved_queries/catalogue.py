"""The saved queries as files: the .rq files shipped in kg.queries (or any .rq path), their `#+` headers read.

See queries/README.md for the header format and the parameter types.
"""

from __future__ import annotations

import importlib.resources
import re
import shlex
from importlib.resources.abc import Traversable
from pathlib import Path

from ..errors import QueryError
from ..sparql.guard import Malformed, canonical
from ..sparql.shape import where_brace
from .model import PARAM_TYPES, Param, SavedQuery

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NAME_OK = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$")


def parse_rq(text: str, name: str, source: str | None = None) -> SavedQuery:
    """Reads the `#+ key: value` header lines of a .rq text into a SavedQuery."""
    meta: dict[str, list[str]] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#+"):
            key, sep, value = stripped[2:].partition(":")
            if not sep:
                raise QueryError(f"{name}: header line without ':': {stripped}")
            meta.setdefault(key.strip().lower(), []).append(value.strip())
    params = tuple(_parse_param(name, value) for value in meta.get("param", []))
    seen = set()
    for p in params:
        if p.name in seen:
            raise QueryError(f"{name}: parameter '{p.name}' is declared twice")
        seen.add(p.name)
    query = SavedQuery(
        name=name,
        title=(meta.get("title") or [name])[0],
        description=" ".join(meta.get("description", [])),
        text=text,
        params=params,
        services=tuple(meta.get("service", [])),
        form=_query_form(text),
        source=source,
    )
    for p in params:
        if not re.search(rf"[?$]{p.name}\b", text):
            raise QueryError(f"{name}: parameter '{p.name}' is declared but ?{p.name} never appears in the query")
    if params and where_brace(text) is None:
        raise QueryError(f"{name}: a query with parameters needs an explicit WHERE {{ ... }}")
    return query


def _parse_param(query_name: str, value: str) -> Param:
    # NAME TYPE DEFAULT — description   (the dash may also be written "--"; DEFAULT may be "quoted words")
    dash = re.search(r"\s(?:—|--)\s", value + " ")
    head, description = (value[: dash.start()], value[dash.end() :]) if dash else (value, "")
    try:
        fields = shlex.split(head)
    except ValueError as err:
        raise QueryError(f"{query_name}: bad param line {value!r}: {err}") from err
    if len(fields) != 3:
        raise QueryError(f"{query_name}: a param line is 'NAME TYPE DEFAULT — description', got {value!r}")
    pname, ptype, default = fields
    if not _NAME.match(pname):
        raise QueryError(f"{query_name}: '{pname}' is not a SPARQL variable name")
    if ptype not in PARAM_TYPES:
        raise QueryError(
            f"{query_name}: parameter '{pname}' has unknown type '{ptype}' (one of {', '.join(PARAM_TYPES)})"
        )
    return Param(pname, ptype, default, description.strip())


def _query_form(text: str) -> str:
    """The form of a query the guard reads whole (a saved query must be SPARQL the endpoint would run)."""
    try:
        form = canonical(text).form
    except Malformed as err:
        raise QueryError(f"not readable SPARQL: {err}") from None
    if form is None:
        raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, ASK or DESCRIBE")
    return form


def _package_dir() -> Traversable:
    return importlib.resources.files("kg.queries")


def list_queries() -> list[SavedQuery]:
    """Every saved query shipped with the package, by name."""
    found = []
    for entry in sorted(_package_dir().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            found.append(parse_rq(entry.read_text(encoding="utf-8"), entry.name[:-3], source=str(entry)))
    return found


def load(name_or_path: str) -> SavedQuery:
    """A saved query by name ("country-timeline") or a path to any .rq file."""
    path = Path(name_or_path)
    if name_or_path.endswith(".rq") and path.is_file():
        return parse_rq(path.read_text(encoding="utf-8"), path.stem, source=str(path))
    if _NAME_OK.match(name_or_path):
        entry = _package_dir() / f"{name_or_path}.rq"
        if entry.is_file():
            return parse_rq(entry.read_text(encoding="utf-8"), name_or_path, source=str(entry))
    raise QueryError(f"no saved query '{name_or_path}' (see 'kg query --list'), and no such .rq file")
