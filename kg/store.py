"""The store's names where the rest of kg imports them from: the interface and backends live in kg.stores.

kg.stores.base holds `Store`, `BaseStore` and `Change`; kg.stores.embedded and kg.stores.remote the backends;
kg.stores.open_store picks one by the location's URL scheme.
"""

from __future__ import annotations

from .stores import (
    BULK_THRESHOLD,
    META_GRAPH_NAME,
    OPENERS,
    PENDING,
    BaseStore,
    Change,
    EmbeddedStore,
    QueryResult,
    RemoteStore,
    Store,
    Triples,
    meta_graph_iri,
    open_store,
)

__all__ = [
    "BULK_THRESHOLD",
    "META_GRAPH_NAME",
    "OPENERS",
    "PENDING",
    "BaseStore",
    "Change",
    "EmbeddedStore",
    "QueryResult",
    "RemoteStore",
    "Store",
    "Triples",
    "meta_graph_iri",
    "open_store",
]
