# Two commands on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install dev-install run test lint bench clean

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
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile - 'dgr:create_app()'

test: dev-install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: dev-install
	$(BIN)/python bench/scoring.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
