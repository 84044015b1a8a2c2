# The two commands of the README's contract: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Stamps of what is installed: the runtime lock (enough for `make run`) and the dev lock (lint,
# tests, benchmarks), which holds every runtime pin too (both are compiled from pyproject.toml).
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime
HOST ?= 127.0.0.1
PORT ?= 8000
# Development defaults; production sets these in the environment (docs/self-hosting.md).
export DJANGO_DEBUG ?= 1
ARTIFACTS ?= test-artifacts
# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

.PHONY: install install-dev run test suite lint format bench image clean

install: $(RUNTIME_STAMP) .env
install-dev: $(STAMP) .env

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.lock | $(BIN)/python
	@echo "Installing the site's packages (requirements.lock) into $(VENV): a minute the first time"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(RUNTIME_STAMP)

$(STAMP): requirements-dev.lock | $(BIN)/python
	@echo "Installing the development packages (requirements-dev.lock) into $(VENV): a few minutes the first time"
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $(STAMP) $(RUNTIME_STAMP)

# Local settings that manage.py and gunicorn.conf.py read (revision_site/envfile.py), so the README's
# `.venv/bin/python manage.py …` commands work in a plain shell. Written once, never overwritten: a
# centre's own .env (copied from .env.example) is left alone.
.env:
	printf '%s\n' '# Written by make install, for development only: for a centre (docker compose,' \
		'# scripts/entrypoint.sh) replace it with a copy of .env.example and fill that in.' \
		'DJANGO_DEBUG=1' > .env

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_content
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Tests run with production settings (DEBUG off) and a throwaway key; browser tests write their
# screenshots to $(ARTIFACTS)/screenshots.
test: lint suite

# The suite alone, without the linters: .ci/run's second run, on PostgreSQL, lints nothing new.
suite: install-dev
	DJANGO_DEBUG=0 DJANGO_SECURE=0 DJANGO_SECRET_KEY=test-only-not-secret-$$$$ TEST_ARTIFACTS=$(abspath $(ARTIFACTS)) \
		$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal
	@echo "Screenshots from the browser tests: $(abspath $(ARTIFACTS))/screenshots"

# Every benchmark on SQLite, then the database-bound ones again on a throwaway PostgreSQL.
bench: install-dev
	@command -v wrk >/dev/null || { echo "make bench needs wrk (HTTP load): apt-get install wrk" >&2; exit 1; }
	$(BIN)/python -m bench
	scripts/with-postgres.sh sh -c 'BENCH_DATABASE_URL="$$DATABASE_URL" BENCH_SKIP_SQLITE=1 $(BIN)/python -m bench marking pages load faults growth abuse progress'
	@echo "Results: docs/benchmarks.md"

# Build the image without a Docker engine (buildah), start it, and check it answers.
image:
	bash scripts/build-image.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis $(ARTIFACTS) staticfiles
