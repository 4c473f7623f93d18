# Two entry points for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The storage suite also runs on PostgreSQL when a local server answers (CI machines have one).
PG_URL := $(shell pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo postgresql+psycopg://postgres@127.0.0.1:5432/test)

.PHONY: run test lint typecheck unit browser-deps bench clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/python -m netlogic cases migrate
	$(BIN)/python -m netlogic cases seed-demo
	$(BIN)/streamlit run app.py --server.port 8501

browser-deps:
	@bash scripts/ensure_chromium.sh

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/.installed
	$(BIN)/mypy

unit: $(BIN)/.installed
	NETLOGIC_TEST_DATABASE_URL=$${NETLOGIC_TEST_DATABASE_URL:-$(PG_URL)} $(BIN)/pytest

test: $(BIN)/.installed browser-deps lint typecheck unit

bench: $(BIN)/.installed
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache test-artifacts
