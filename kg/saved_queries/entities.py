"""An entity parameter's value as the entities of this store it names: by IRI, by key under the base IRI
("country/pakistan"), by Wikidata id (Q794: the entities linked to it) or by label; the nearest names when none."""

from __future__ import annotations

import re
from typing import Protocol

import pyoxigraph as ox

from ..errors import QueryError
from ..naming import ALL_NAMES_QUERY, closest
from ..sparql.shape import with_values
from ..vocab import OWL, PREFIXES, RDFS, SKOS, WD
from .model import NoSuchEntity, ParameterError
from .terms import iri as iri_term


class Queryable(Protocol):
    """What the lookups need of a store: a SPARQL query run (a kg.stores.Store, or the endpoint's worker pool)."""

    def query(self, sparql: str) -> object: ...


def solutions(store: Queryable, sparql: str) -> ox.QuerySolutions:
    """The rows of a SELECT query run on the store (QueryError if the query was of another form)."""
    result = store.query(sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(f"a SELECT query gave no rows but {type(result).__name__}")
    return result


_QID = re.compile(r"^Q[1-9][0-9]*$")

_RESOLVE_BY_LABEL = f"""
SELECT DISTINCT ?entity ?preferred WHERE {{
  ?entity ?labelProperty ?label .
  VALUES ?labelProperty {{ <{RDFS.label}> <{SKOS.altLabel}> }}
  FILTER(LCASE(STR(?label)) = LCASE(STR(?name)))
  BIND(?labelProperty = <{RDFS.label}> AS ?preferred)
}}"""

_RESOLVE_BY_QID = f"SELECT DISTINCT ?entity WHERE {{ ?entity <{OWL.sameAs}> ?qid }}"


def entities(store: Queryable, param: str, value: str, base_iri: str) -> list[ox.NamedNode]:
    """The entities a value names; NoSuchEntity when it names none."""
    value = value.strip()
    if not value:
        raise ParameterError(param, "an empty value names no entity")
    if _QID.match(value):
        value = f"wd:{value}"
    if value.startswith(("<", "http://", "https://", "urn:")) or value.partition(":")[0] in PREFIXES:
        iri = iri_term(param, value)
        if not iri.value.startswith(str(WD)):
            return [iri]
        # A Wikidata item stands for the entities linked to it.
        found = [row["entity"] for row in solutions(store, with_values(_RESOLVE_BY_QID, {"qid": [iri]}))]
        if not found:
            raise NoSuchEntity(param, f"no entity is linked to {iri.value}")
        return sorted(set(found), key=lambda t: t.value)
    if re.match(r"^[a-z]+/[A-Za-z0-9._\-/]+$", value):
        return [iri_term(param, base_iri + value)]
    name = ox.Literal(value)
    rows = list(solutions(store, with_values(_RESOLVE_BY_LABEL, {"name": [name]})))
    preferred = [row["entity"] for row in rows if row["preferred"].value == "true"]
    found = preferred or [row["entity"] for row in rows]
    if not found:
        raise NoSuchEntity(param, f"no entity is named {value!r}")
    return sorted(set(found), key=lambda t: t.value)


def closest_names(store: Queryable, value: str) -> list[str]:
    """The entity names nearest to one the store does not hold, read only when a caller's value names nothing."""
    return closest(value, (row["name"].value for row in solutions(store, ALL_NAMES_QUERY)))
