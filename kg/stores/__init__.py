"""open_store(settings): the store a location names, by its URL scheme; each backend is registered here.

A location without a scheme is a folder: the embedded Oxigraph store (kg.stores.embedded). `sparql+http://` and
`sparql+https://` (and plain `http://`, `https://`) name a SPARQL server (kg.stores.remote). Another backend is
one more opener in `OPENERS`: a function of the location, the settings and read_only that returns a Store.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import StoreError
from .base import META_GRAPH_NAME, BaseStore, Change, QueryResult, Store, Triples, meta_graph_iri
from .embedded import BULK_THRESHOLD, PENDING, EmbeddedStore
from .remote import RemoteStore

if TYPE_CHECKING:  # only annotations name it: kg.settings asks this module which locations are remote
    from ..settings import Settings

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
    "is_remote",
    "meta_graph_iri",
    "open_store",
    "scheme_of",
]

Opener = Callable[[str, "Settings", bool], Store]


def _embedded(location: str, settings: Settings, read_only: bool) -> Store:
    return EmbeddedStore(location, read_only=read_only, meta_graph=meta_graph_iri(settings))


def _remote(location: str, settings: Settings, read_only: bool) -> Store:
    return RemoteStore(
        location,
        read_only=read_only,
        timeout=settings.query_timeout,
        meta_graph=meta_graph_iri(settings),
        base_iri=settings.base_iri,
    )


# URL scheme -> the backend that opens such a location ("" : a folder).
OPENERS: dict[str, Opener] = {
    "": _embedded,
    "sparql+http": _remote,
    "sparql+https": _remote,
    "http": _remote,
    "https": _remote,
}

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")


def scheme_of(location: str) -> str:
    """The URL scheme of a store location, '' for a folder."""
    m = _SCHEME.match(location)
    return m.group(1) if m else ""


def is_remote(location: str) -> bool:
    """Whether a location names a store elsewhere (a registered scheme), not a folder; an unknown scheme: neither."""
    scheme = scheme_of(location)
    return scheme != "" and scheme in OPENERS


def open_store(settings: Settings, read_only: bool = False) -> Store:
    """The store the settings name: a folder (embedded Oxigraph) or a SPARQL server, looked up by scheme."""
    scheme = scheme_of(settings.store)
    opener = OPENERS.get(scheme)
    if opener is None:
        known = ", ".join(f"{s}://" for s in OPENERS if s)
        raise StoreError(f"no store backend for {scheme}:// in {settings.store} (one of {known}, or a folder)")
    return opener(settings.store, settings, read_only)
