"""Shared fixtures: paths, test settings, the spaCy pipeline and the seed graph, each built once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"


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
def w3c_dir() -> Path:
    """The W3C SPARQL test suites, from $KG_W3C_DIR; tests that need them skip without it."""
    path = os.environ.get("KG_W3C_DIR")
    if not path or not Path(path).is_dir():
        pytest.skip("KG_W3C_DIR is not set to the W3C rdf-tests folder")
    return Path(path)
