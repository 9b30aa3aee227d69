# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install dev-install run test lint bench bench-webhook clean browser-deps liff

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

dev-install: $(VENV)/.dev-installed

run: install
	$(BIN)/dgr init-db
	$(BIN)/dgr load-knowledge
	@echo ""
	@echo "First admin account:  $(BIN)/dgr create-admin admin --role admin"
	@echo "Admin web:            http://$(HOST):$(PORT)/admin   Health: http://$(HOST):$(PORT)/healthz"
	@echo ""
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --worker-class gthread \
	  --threads $${GUNICORN_THREADS:-4} --preload --access-logfile - 'dgr:create_app()'

# Browser tests drive Debian's Chromium with a Thai font; install them when missing (as root).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=th 2>/dev/null | grep -q .; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y --no-install-recommends chromium fonts-thai-tlwg; \
	  else echo "browser-deps: not root; install chromium and fonts-thai-tlwg to run the browser tests"; fi; \
	fi

test: dev-install browser-deps
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
