# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

# constraints.txt pins every package (made by pip-compile from pyproject.toml; `make lock`
# remakes it): installs here, in CI and in the Docker image get the same versions.
CONSTRAINTS := constraints.txt

.PHONY: install dev-install lock wheel-check run test lint bench bench-webhook clean browser-deps browser-js liff

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml $(CONSTRAINTS) $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

dev-install: $(VENV)/.dev-installed

# After changing the dependencies in pyproject.toml: re-resolve and pin them all.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links --output-file $(CONSTRAINTS) pyproject.toml

# The built wheel in a fresh virtualenv: dgr init-db, load-knowledge and /healthz work.
wheel-check:
	bash .ci/wheel-check

# gunicorn's master runs init-db and load-knowledge itself before serving (gunicorn.conf.py):
# one process start instead of three.
run: install
	@echo ""
	@echo "First admin account:  $(BIN)/dgr create-admin admin --role admin"
	@echo "Admin web:            http://$(HOST):$(PORT)/admin   Health: http://$(HOST):$(PORT)/healthz"
	@echo ""
	DGR_SET_UP_DATABASE=1 $(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) \
	  'dgr:create_app()'

# Browser tests drive Debian's Chromium with a Thai font, and load axe-core (npm) for the
# accessibility check; install them when missing (as root).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=th 2>/dev/null | grep -q . \
	    || ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y --no-install-recommends chromium fonts-thai-tlwg \
	    $$(command -v npm >/dev/null 2>&1 || echo npm); \
	  else echo "browser-deps: not root; install chromium, fonts-thai-tlwg and npm to run the browser tests"; fi; \
	fi

# axe-core for the accessibility check, from the npm registry at the version the lock file pins.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund && touch $@; \
	else echo "axe-core: npm is not installed; the accessibility check will be skipped"; fi

browser-js: $(AXE)

test: dev-install browser-deps browser-js
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: dev-install
	$(BIN)/python bench/scoring.py
	$(BIN)/python bench/qa.py

# Needs PostgreSQL (BENCH_DATABASE_URL, default the local test server); takes about a minute.
bench-webhook: dev-install
	$(BIN)/python bench/webhook.py --users 20

# The LIFF SDK (npm @line/liff) bundled into bot/web/static/liff.js, which is committed:
# run this only after changing bot/web/liff/entry.js or package.json (needs Node.js and npm).
liff:
	npm ci
	npm run build:liff

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
