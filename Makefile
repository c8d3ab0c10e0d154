# Salesdesk — `make run` serves the embedded default; `make test` runs the suite on both backends.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-embedded test-production bench demo-data migrate schema clean web

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e . --config-settings editable_mode=compat
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,bench]' --config-settings editable_mode=compat
	touch $(STAMP) $@

migrate: $(STAMP)
	$(BIN)/salesdesk migrate

## Set up everything on first use and serve on http://$(HOST):$(PORT) (GraphiQL at /graphql).
run: $(STAMP)
	$(BIN)/salesdesk migrate
	$(BIN)/salesdesk seed-demo --if-empty
	$(BIN)/salesdesk serve --host $(HOST) --port $(PORT)

## The whole suite, embedded (SQLite + memory) then production (PostgreSQL + Redis).
test: $(TEST_STAMP)
	$(MAKE) --no-print-directory test-embedded
	$(MAKE) --no-print-directory test-production

test-embedded: $(TEST_STAMP)
	SALESDESK_TEST_BACKEND=embedded $(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

test-production: $(TEST_STAMP)
	SALESDESK_TEST_BACKEND=production $(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

## Benchmarks against a real uvicorn server (PostgreSQL + Redis); report in var/bench/.
bench: $(TEST_STAMP)
	$(BIN)/python -m tests.bench.run

## Load a large demo data set: make demo-data CUSTOMERS=10000 ORDERS=200000
CUSTOMERS ?= 10000
ORDERS ?= 200000
demo-data: $(STAMP)
	$(BIN)/salesdesk migrate
	$(BIN)/salesdesk seed-demo --customers $(CUSTOMERS) --orders $(ORDERS)

schema: $(STAMP)
	$(BIN)/salesdesk export-schema > schema.graphql

clean:
	rm -rf $(VENV) var/*.sqlite3* var/bench .pytest_cache
