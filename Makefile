# The two commands of the README's contract: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Development defaults; production sets these in the environment (docs/self-hosting.md).
export DJANGO_DEBUG ?= 1
ARTIFACTS ?= test-artifacts

.PHONY: install run test lint format bench image clean

install: $(STAMP)

$(STAMP): requirements-dev.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $(STAMP)

run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_content
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint Dockerfile

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Tests run with production settings (DEBUG off) and a throwaway key; browser tests write their
# screenshots to $(ARTIFACTS)/screenshots.
test: lint
	DJANGO_DEBUG=0 DJANGO_SECURE=0 DJANGO_SECRET_KEY=test-only-not-secret-$$$$ TEST_ARTIFACTS=$(abspath $(ARTIFACTS)) \
		$(BIN)/python -m pytest
	@echo "Screenshots from the browser tests: $(abspath $(ARTIFACTS))/screenshots"

# Every benchmark on SQLite, then the database-bound ones again on a throwaway PostgreSQL.
bench: install
	$(BIN)/python -m bench
	scripts/with-postgres.sh sh -c 'BENCH_DATABASE_URL="$$DATABASE_URL" BENCH_SKIP_SQLITE=1 $(BIN)/python -m bench marking pages load faults growth abuse'
	@echo "Results: docs/benchmarks.md"

# Build the image without a Docker engine (buildah), start it, and check it answers.
image:
	bash scripts/build-image.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis $(ARTIFACTS) staticfiles
