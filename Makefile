# Two entry points for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
# The app runs from an environment holding only what it needs (requirements.lock); the
# developers' tools (pytest, Playwright, ruff, mypy) live in .venv, never where the app runs.
RUN_VENV := .venv-run
RUN_BIN := $(RUN_VENV)/bin
VENV := .venv
BIN := $(VENV)/bin
# Every package, transitive ones included, is pinned with the hashes of its files: pip
# refuses anything not in the lock, or a file whose hash differs.
INSTALL := pip install --quiet --require-hashes
# The storage suite also runs on PostgreSQL when a local server answers (CI machines have one).
PG_URL := $(shell pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo postgresql+psycopg://postgres@127.0.0.1:5432/test)
# Maintainer tools, each in its own environment (never in the app's or the tests').
LOCK_BIN := .venv-lock/bin
AUDIT_BIN := .venv-audit/bin
COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: run test lint typecheck unit browser-deps bench lock audit clean

$(RUN_BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(RUN_VENV)
	$(RUN_BIN)/$(INSTALL) -r requirements.lock
	touch $@

$(BIN)/.installed: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/$(INSTALL) -r requirements-dev.lock
	touch $@

run: $(RUN_BIN)/.installed
	$(RUN_BIN)/python -m netlogic cases migrate
	$(RUN_BIN)/python -m netlogic cases seed-demo
	$(RUN_BIN)/streamlit run app.py --server.port 8501

browser-deps:
	@bash scripts/ensure_chromium.sh

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/.installed
	$(BIN)/mypy

# Two workers for everything but the browser (each test has its own temporary store, and
# each PostgreSQL test its own schema); the browser tests start live servers, one at a time.
unit: $(BIN)/.installed
	NETLOGIC_TEST_DATABASE_URL=$${NETLOGIC_TEST_DATABASE_URL:-$(PG_URL)} $(BIN)/pytest -n 2 -m "not browser"
	$(BIN)/pytest -m browser

test: $(BIN)/.installed browser-deps lint typecheck unit

bench: $(BIN)/.installed
	$(BIN)/python -m bench

# After changing a pin in requirements.txt or requirements-dev.txt: both locks again. The
# runtime lock constrains the dev lock, so the tests run on the versions the app runs on.
$(LOCK_BIN)/pip-compile:
	$(PYTHON) -m venv .venv-lock
	$(LOCK_BIN)/pip install --quiet pip-tools==7.6.2
lock: $(LOCK_BIN)/pip-compile
	$(COMPILE) -o requirements.lock requirements.txt
	$(COMPILE) -c requirements.lock -o requirements-dev.lock requirements-dev.txt

# Known vulnerabilities of every locked package, from PyPI's advisory data (needs the
# network; --strict: a package it cannot look up fails the audit instead of passing unseen).
$(AUDIT_BIN)/pip-audit:
	$(PYTHON) -m venv .venv-audit
	$(AUDIT_BIN)/pip install --quiet pip-audit==2.10.1
audit: $(AUDIT_BIN)/pip-audit
	$(AUDIT_BIN)/pip-audit --strict --require-hashes --disable-pip --progress-spinner off -r requirements-dev.lock

clean:
	rm -rf $(VENV) $(RUN_VENV) .venv-lock .venv-audit .mypy_cache .pytest_cache .ruff_cache test-artifacts
