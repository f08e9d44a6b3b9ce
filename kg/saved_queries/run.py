"""Running a saved query: the SERVICE policy checked, the parameters bound, the result collected up to the row cap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import pyoxigraph as ox

from ..errors import QueryError
from ..settings import Settings
from ..sparql.guard import check
from ..stores import Store
from .model import QueryResult, SavedQuery
from .parameters import bind, bound_text


def check_services(query: SavedQuery, settings: Settings) -> None:
    """Refuses a query that would contact a host the operator did not allow (Settings.service_allow)."""
    if query.services and not settings.service_allow:
        raise QueryError(
            f"'{query.name}' is a federated query (SERVICE {', '.join(query.services)}): "
            "this installation allows no SERVICE requests (Settings.service_allow is empty)"
        )
    check(query.text, settings.service_allow, None)


def run(
    store: Store, query: SavedQuery, given: dict[str, str] | None = None, settings: Settings | None = None
) -> QueryResult:
    """Binds the parameters, runs the query on the store (union of the article graphs) and collects the result."""
    settings = settings or Settings()
    check_services(query, settings)
    bound = bind(query, given or {}, store, settings)
    try:
        answer = store.query(bound_text(query, bound))
    except SyntaxError as err:
        raise QueryError(f"'{query.name}' is not valid SPARQL: {err}") from err
    return collect(answer, query.form, settings.max_rows)


def collect(answer: ox.QuerySolutions | ox.QueryBoolean | Iterable[ox.Triple], form: str, max_rows: int) -> QueryResult:
    """Materialises a pyoxigraph result up to max_rows rows (or triples)."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(form="ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        rows, truncated = _take(answer, max_rows)
        return QueryResult(form="SELECT", variables=[v.value for v in answer.variables], rows=rows, truncated=truncated)
    triples, truncated = _take(answer, max_rows)
    return QueryResult(
        form=form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT", triples=triples, truncated=truncated
    )


_Item = TypeVar("_Item")


def _take(items: Iterable[_Item], limit: int) -> tuple[list[_Item], bool]:
    """At most `limit` items, and whether there were more."""
    taken: list[_Item] = []
    for item in items:
        if len(taken) >= limit:
            return taken, True
        taken.append(item)
    return taken, False
