"""Fixture factories for the web tests: a store written once per module, and the real `kg serve` started on it.

A module says only what is its own — the graph, the folder's name, the server's options — and keeps its fixture names:
`store = store_fixture("origin")` and `server = server_fixture("--cors-origin", "*")` give it the module-scoped
fixtures `store` (the store's path) and `server` (the server's base URL). pytest names a fixture after the module
attribute it is assigned to, so the same factory serves `store_dir` or `filler_store` too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .web import kg_serve, write_store

Writer = Callable[[Path], object]  # fills a new store at the path (write_store: the sample graph)


def new_store(tmp_path_factory: pytest.TempPathFactory, folder: str, write: Writer = write_store) -> Path:
    """The path of a store that `write` filled, in a fresh temporary folder named after `folder`."""
    path = tmp_path_factory.mktemp(folder) / "store"
    write(path)
    return path


def store_fixture(folder: str, write: Writer = write_store):
    """A module-scoped fixture: the path of a store written once for the module (see new_store)."""

    @pytest.fixture(scope="module")
    def store(tmp_path_factory):
        return new_store(tmp_path_factory, folder, write)

    return store


def server_fixture(*options: str, store: str = "store", folder: str | None = None, write: Writer = write_store):
    """A module-scoped fixture: the base URL of `kg serve` with these options, stopped after the module.

    It serves the store of the module's fixture named `store`; or, given a `folder`, a store of its own that `write`
    fills there (for modules whose tests never need the store's path)."""

    @pytest.fixture(scope="module")
    def server(request, tmp_path_factory):
        # getfixturevalue, not a parameter: the store fixture's name is the caller's; pytest still tears the server
        # down before the store it asked for.
        path = new_store(tmp_path_factory, folder, write) if folder else request.getfixturevalue(store)
        with kg_serve(path, *options) as url:
            yield url

    return server
