# Every target bootstraps .venv itself; running one twice does no extra work.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= demo.duckdb

.PHONY: demo test check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(STORE)
	$(BIN)/moneytrail --store $(STORE) lists load --bundled
	$(BIN)/moneytrail --store $(STORE) lists
	$(BIN)/moneytrail --store $(STORE) entity ofac-11494
	$(BIN)/moneytrail --store $(STORE) screen moneytrail/data/samples/customers.jsonl --format table

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

check: $(STAMP)
	$(BIN)/ruff format --check moneytrail tests bench
	$(BIN)/ruff check moneytrail tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/load_lists.py

clean:
	rm -rf $(VENV) demo.duckdb
