"""What a saved query is (its parameters, its text, its form), what it returns, and how a bad value is refused."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from ..errors import QueryError
from ..sparql.results import Term

PARAM_TYPES = ("iri", "entity", "string", "date", "integer")
REQUIRED = "!"  # DEFAULT column: the caller must give a value
UNBOUND = "-"  # DEFAULT column: no value leaves the variable unbound (matches anything)


class ParameterError(QueryError):
    """A parameter value is missing, unknown or not a well-formed value of its type."""

    exit_code = 2

    def __init__(self, param: str, reason: str):
        self.param = param
        self.reason = reason
        super().__init__(f"parameter '{param}': {reason}")


class NoSuchEntity(ParameterError):
    """An entity parameter names nothing in this store; `suggestions` are the nearest names it holds."""

    suggestions: list[str] = []

    def with_suggestions(self, names: list[str]) -> NoSuchEntity:
        hint = f" (did you mean {', '.join(repr(n) for n in names)}?)" if names else ""
        err = NoSuchEntity(self.param, self.reason + hint)
        err.suggestions = names
        return err


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str  # a value, REQUIRED or UNBOUND
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default == REQUIRED

    @property
    def has_value_default(self) -> bool:
        return self.default not in (REQUIRED, UNBOUND)


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    services: tuple[str, ...] = ()  # SERVICE endpoints the query needs (a federated query)
    form: str = "SELECT"  # SELECT | CONSTRUCT | ASK | DESCRIBE
    source: str | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass
class QueryResult:
    """What a saved query returned, materialised up to the row cap."""

    form: str
    variables: list[str] = field(default_factory=list)  # without '?'
    rows: list[ox.QuerySolution] = field(default_factory=list)  # row[var] -> term or None
    triples: list[ox.Triple] = field(default_factory=list)  # CONSTRUCT / DESCRIBE
    boolean: bool | None = None
    truncated: bool = False

    def column(self, var: str) -> list[Term | None]:
        """The values of one variable, row by row (None where unbound)."""
        return [row[var] for row in self.rows]

    def values(self, var: str) -> list[str]:
        """The lexical values of one variable (IRIs and literals alike; a triple term in its N-Triples form),
        unbound rows left out."""
        return [str(t) if isinstance(t, ox.Triple) else t.value for t in self.column(var) if t is not None]
