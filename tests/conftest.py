"""Shared fixtures: paths, test settings, the spaCy pipeline, the seed graph, the hand-made graph and the Oxigraph
server, each built once; and the rule that puts every test using the model, a server or the W3C suites in the
`slow` tier (`make test-fast` leaves that tier out). Helpers the tests import live in tests/support/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"

# The `browser` fixture (headless Chromium) for the page tests.
pytest_plugins = ["tests.support.browser"]

# A test that asks for one of these fixtures loads the real spaCy model, starts a server or reads the W3C suites:
# it is `slow` whether or not its module says so, so that a new test cannot slip the model into the fast tier.
SLOW_FIXTURES = {"nlp", "extractor", "tiny_extractor", "seed_store", "oxigraph_server", "remote_settings", "w3c_dir"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory):
    """The test run's caches (kg/extract/gazetteer_cache.py) in a folder of its own, for the commands it starts
    too: a test never reads what an earlier run or the user's own builds left."""
    os.environ["KG_CACHE_DIR"] = str(tmp_path_factory.mktemp("kg-cache"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEEDS


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings with a fresh embedded store in a temporary folder."""
    return Settings(store=str(tmp_path / "store"))


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extractor():
    """The extraction pipeline (the model plus kg/extract's components) with the project's real knowledge base."""
    from kg.extract import extraction_pipeline

    return extraction_pipeline()


@pytest.fixture(scope="session")
def tiny_extractor():
    """The extraction pipeline over tests/support/extract_kb.py's dozen hand-made entries."""
    from kg.extract import extraction_pipeline
    from tests.support.extract_kb import TinyKB

    return extraction_pipeline(kb=TinyKB())


@pytest.fixture(scope="session")
def w3c_dir() -> Path:
    """The W3C SPARQL test suites, from $KG_W3C_DIR; tests that need them skip without it."""
    path = os.environ.get("KG_W3C_DIR")
    if not path or not Path(path).is_dir():
        pytest.skip("KG_W3C_DIR is not set to the W3C rdf-tests folder")
    return Path(path)


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Settings:
    """Settings naming an embedded store built once from seeds/ with the real pipeline; open it read-only."""
    from kg.build import build

    settings = Settings(store=str(tmp_path_factory.mktemp("seed") / "store"))
    report = build([SEEDS], settings)
    assert report.ok, report.errors
    return settings


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real `oxigraph serve` on a free 127.0.0.1 port for the whole session (tests/support/servers.py)."""
    from tests.support.servers import OxigraphServer, oxigraph_binary

    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture
def remote_settings(oxigraph_server) -> Settings:
    """Settings naming the session's Oxigraph server, emptied first (DROP ALL)."""
    from kg.stores import open_store

    settings = Settings(store=oxigraph_server.store_url)
    open_store(settings).update("DROP ALL")
    return settings


@pytest.fixture(scope="module")
def hm_settings(tmp_path_factory) -> Settings:
    """Settings naming an embedded store holding the hand-made graph (tests/support/handmade_graph.py)."""
    from tests.support.handmade_graph import build_handmade_store

    settings = Settings(store=str(tmp_path_factory.mktemp("handmade") / "store"))
    build_handmade_store(settings)
    return settings


@pytest.fixture(scope="module")
def hm(hm_settings):
    """The hand-made graph's store, open read-only."""
    from kg.stores import open_store

    store = open_store(hm_settings, read_only=True)
    yield store
    store.close()
