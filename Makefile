# kentparse: `make run` ingests sample_docs/ into out/kentparse.duckdb and prints the summary;
# `make test` runs lint, type checks and the tests. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= out/kentparse.duckdb

.PHONY: run test check lint typecheck pytest schemas sample-pdf golden bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kentparse ingest sample_docs/ --db $(DB)

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -q

schemas: $(STAMP)
	$(BIN)/kentparse schema --out schemas

# bench: builds out/bench/pack_*.pdf from ../shared/kcc (or $$KENTPARSE_SHARED) and times ingest
# against pypdfium2 raw text; prints a table and writes out/bench.json
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

sample-pdf: $(STAMP)
	$(BIN)/python scripts/make_sample_pdf.py

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
