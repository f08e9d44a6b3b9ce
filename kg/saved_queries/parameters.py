"""The given text values (and the defaults) of a saved query's parameters as RDF terms, and the query with them.

A value that is not a well-formed term of the parameter's type is refused with a ParameterError naming it; the
terms go into a `VALUES ?name { ... }` block at the top of the query's outermost WHERE group, never into its text.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from ..settings import Settings
from ..sparql.shape import with_values
from .entities import Queryable, closest_names, entities
from .model import NoSuchEntity, ParameterError, SavedQuery
from .terms import date_literal, integer_literal, iri

# Each bound parameter's terms: one IRI, literal or date, or all the entities an entity parameter names.
Bound = dict[str, Sequence[ox.NamedNode | ox.Literal]]


def bind(query: SavedQuery, given: dict[str, str], store: Queryable, settings: Settings | None = None) -> Bound:
    """Turns the given text values (and the defaults) into RDF terms, one list per bound parameter."""
    settings = settings or Settings()
    unknown = sorted(set(given) - {p.name for p in query.params})
    if unknown:
        raise ParameterError(
            unknown[0],
            f"'{query.name}' has no such parameter (it takes: {', '.join(p.name for p in query.params) or 'none'})",
        )
    bound: Bound = {}
    for p in query.params:
        raw = given.get(p.name) or ""
        from_default = raw == ""
        if from_default:
            if p.required:
                raise ParameterError(p.name, "a value is required")
            if not p.has_value_default:
                continue
            raw = p.default
        if p.type == "iri":
            bound[p.name] = [iri(p.name, raw)]
        elif p.type == "entity":
            try:
                bound[p.name] = entities(store, p.name, raw, settings.base_iri)
            except NoSuchEntity as err:
                # A default names an example entity that another corpus may lack: there it means "all".
                if not from_default:
                    raise err.with_suggestions(closest_names(store, raw)) from None
        elif p.type == "date":
            bound[p.name] = [date_literal(p.name, raw)]
        elif p.type == "integer":
            bound[p.name] = [integer_literal(p.name, raw)]
        else:
            bound[p.name] = [ox.Literal(raw)]
    return bound


def bound_text(query: SavedQuery, bound: Bound) -> str:
    """The query's text with one VALUES block per bound parameter."""
    return with_values(query.text, bound)
