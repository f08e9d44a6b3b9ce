"""A parameter's text value as one RDF term of its type (an IRI, a date, an integer), or a ParameterError naming it.

A value never becomes query text: it becomes a pyoxigraph term, which writes itself in N-Triples syntax (escaping
quotes, braces and newlines) when it is put into the query (kg.sparql.shape.with_values).
"""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox

from ..vocab import PREFIXES, XSD
from .model import ParameterError

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def iri(param: str, value: str) -> ox.NamedNode:
    """An IRI given as <...>, as an absolute IRI or as a prefixed name with a project prefix (kg:Meeting)."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    elif not value.startswith(("http://", "https://", "urn:")) and ":" in value:
        prefix, _, local = value.partition(":")
        if prefix in PREFIXES:
            value = str(PREFIXES[prefix]) + local
    if not _SCHEME.match(value):
        raise ParameterError(param, f"{value!r} is not an IRI (write <http://...>, http://... or kg:Name)")
    try:
        return ox.NamedNode(value)
    except ValueError as err:
        raise ParameterError(param, f"{value!r} is not a valid IRI: {err}") from None


def date_literal(param: str, value: str) -> ox.Literal:
    """xsd:date, xsd:gYearMonth or xsd:gYear, as precise as the value (2025-03-01, 2025-03, 2025)."""
    m = _DATE.match(value.strip())
    if not m:
        raise ParameterError(param, f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = m.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError as err:
        raise ParameterError(param, f"{value!r} is not a date: {err}") from None
    datatype = XSD.date if day else XSD.gYearMonth if month else XSD.gYear
    return ox.Literal(m.group(0), datatype=ox.NamedNode(str(datatype)))


def integer_literal(param: str, value: str) -> ox.Literal:
    if not re.match(r"^[+-]?\d{1,18}$", value.strip()):
        raise ParameterError(param, f"{value!r} is not an integer")
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(str(XSD.integer)))
