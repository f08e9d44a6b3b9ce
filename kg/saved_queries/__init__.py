"""Saved queries: the .rq files with their grlc-style header, parameters bound as RDF terms, run, serialised.

One module per job: `catalogue` reads the .rq files, `terms` and `entities` turn a parameter's text into RDF terms,
`parameters` binds them into the query (a VALUES block, never query text), `run` runs it under the SERVICE policy
and the row cap, `output` writes the result. `from kg.saved_queries import ...` names them all here.
See queries/README.md for the header format and the parameter types.
"""

from __future__ import annotations

from .catalogue import list_queries, load, parse_rq
from .entities import Queryable, solutions
from .model import PARAM_TYPES, REQUIRED, UNBOUND, NoSuchEntity, Param, ParameterError, QueryResult, SavedQuery
from .output import GRAPH_FORMATS, TABULAR_FORMATS, serialize, short, table
from .parameters import bind, bound_text
from .run import check_services, collect, run

__all__ = [
    "GRAPH_FORMATS",
    "PARAM_TYPES",
    "REQUIRED",
    "TABULAR_FORMATS",
    "UNBOUND",
    "NoSuchEntity",
    "Param",
    "ParameterError",
    "Queryable",
    "QueryResult",
    "SavedQuery",
    "bind",
    "bound_text",
    "check_services",
    "collect",
    "list_queries",
    "load",
    "parse_rq",
    "run",
    "serialize",
    "short",
    "solutions",
    "table",
]
