"""The package installs non-editable and works from another directory: `kg --help`, the ontology, the queries.

The dependencies are not reinstalled (that would take minutes): `pip install --no-deps --target` puts
only newskg in a fresh folder, and this project's interpreter runs it with that folder first on
PYTHONPATH, so `kg` is imported from the installed copy, never from the source tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHIPPED = ("pyproject.toml", "README.md", "kg", "ontology", "queries")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A non-editable install of a copy of the working tree, in a fresh folder."""
    root = tmp_path_factory.mktemp("package")
    src = root / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "node_modules", "*.pyc")
    for name in SHIPPED:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    site = root / "site"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--target",
            str(site),
            "--quiet",
            "--disable-pip-version-check",
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    # The build backend had nothing to warn about (a licence table, a data folder it was not told of...); pip's
    # own notes about this machine's package mirror are not the package's
    warnings = [line for line in done.stderr.splitlines() if "Warning" in line and "Location '" not in line]
    assert warnings == []
    return site


def run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(site), COLUMNS="200")
    env.pop("KG_STORE", None)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_installed_kg_command_shows_its_help_from_another_directory(installed, tmp_path):
    done = run(installed, tmp_path, str(installed / "bin" / "kg"), "--help")
    assert done.returncode == 0, done.stderr
    assert "Usage: kg" in done.stdout and "validate" in done.stdout and "build" in done.stdout


@pytest.mark.slow
def test_installed_package_loads_the_ontology_and_queries_through_importlib(installed, tmp_path):
    code = (
        "import kg, kg.validate\n"
        "from importlib import resources\n"
        "print(kg.__file__)\n"
        "print(len(kg.validate.load_ontology()), len(kg.validate.load_shapes()))\n"
        "print(sorted(p.name for p in resources.files('kg.queries').iterdir() if p.name.endswith('.rq'))[:1])\n"
    )
    done = run(installed, tmp_path, sys.executable, "-c", code)
    assert done.returncode == 0, done.stderr
    where, sizes, queries = done.stdout.strip().split("\n")
    assert Path(where).is_relative_to(installed)  # the installed copy, not the source tree
    onto, shapes = (int(n) for n in sizes.split())
    assert onto > 300 and shapes > 100
    assert queries != "[]"


@pytest.mark.slow
def test_installed_kg_validate_checks_a_store(installed, tmp_path):
    import pyoxigraph as ox

    store = ox.Store(str(tmp_path / "store"))
    store.load(
        (REPO / "tests" / "fixtures" / "ontology" / "good.ttl").read_bytes(),
        ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode("https://w3id.org/newskg/id/article/a1"),
    )
    store.flush()
    del store
    done = run(installed, tmp_path, str(installed / "bin" / "kg"), "validate", "--store", "store")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "conforms" in done.stdout


def test_make_serve_installs_what_serving_needs_and_make_test_the_test_extra(tmp_path):
    # `make -n` prints the commands without running them, for a checkout with no environment yet
    env = dict(os.environ, MAKEFLAGS="")
    serve = subprocess.run(
        ["make", "-n", "-C", str(REPO), "serve", f"VENV={tmp_path / 'venv'}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    test = subprocess.run(
        ["make", "-n", "-C", str(REPO), "test", f"VENV={tmp_path / 'venv'}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert serve.returncode == 0 and test.returncode == 0, serve.stderr + test.stderr
    installs = [line for line in serve.stdout.splitlines() if "pip install" in line and "--upgrade pip" not in line]
    assert installs and all("[test]" not in line for line in installs)
    assert any("-e '.[test]'" in line for line in test.stdout.splitlines())
