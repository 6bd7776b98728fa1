# Every target bootstraps .venv itself; running one twice does no extra work.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= demo.duckdb

ASSETS := moneytrail/web/static/vendor/VERSIONS.json

.PHONY: demo test check bench clean docs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The workbench's JavaScript libraries (and axe-core, a devDependency the accessibility
# tests read from node_modules) come from the npm registry at set-up time.
$(ASSETS): moneytrail/web/frontend/package.json moneytrail/web/frontend/package-lock.json moneytrail/web/frontend/build.mjs
	cd moneytrail/web/frontend && npm ci --no-audit --no-fund && npm run build

demo: $(STAMP) $(ASSETS)
	rm -f $(STORE)
	@echo "== 1. The bundled sanctions lists, loaded with provenance"
	$(BIN)/moneytrail --store $(STORE) lists load --bundled
	$(BIN)/moneytrail --store $(STORE) lists
	@echo "== 2. Screening sample customers (explained scores)"
	$(BIN)/moneytrail --store $(STORE) screen moneytrail/data/samples/customers.jsonl --format table
	@echo "== 3. A synthetic company registry around the Tajideen network joins the lists"
	$(BIN)/moneytrail --store $(STORE) lists load --version 2025-06-30 moneytrail/data/demo/tajideen_registry.jsonl
	$(BIN)/moneytrail --store $(STORE) entity ofac-11494
	$(BIN)/moneytrail --store $(STORE) network ofac-11494 --hops 3
	$(BIN)/moneytrail --store $(STORE) network ofac-11494 --hops 3 --format html --output demo-network.html
	$(BIN)/moneytrail --store $(STORE) network --fronts
	$(BIN)/moneytrail ownership --entities moneytrail/data/demo/tajideen_registry.jsonl --list moneytrail/data/lists/us_ofac_sdn --output -
	@echo "== 4. Where did the money go? Designated accounts traced to front companies and customers"
	$(BIN)/moneytrail --store $(STORE) exposure --transactions moneytrail/data/demo/transactions.csv --map id=tx_id,source=from_account,target=to_account,amount=amount,date=value_date --accounts moneytrail/data/demo/accounts.csv --accounts-map id=holder_id --direction both --hops 4 --min-amount 1000 --format table --output -
	$(BIN)/moneytrail --store $(STORE) exposure --transactions moneytrail/data/demo/transactions.csv --map id=tx_id,source=from_account,target=to_account,amount=amount,date=value_date --accounts moneytrail/data/demo/accounts.csv --accounts-map id=holder_id --direction both --hops 4 --format html --output demo-exposure.html
	@echo "== 4b. Laundering typologies in the same transactions (the workbench queue shows these alerts)"
	$(BIN)/moneytrail detect --transactions moneytrail/data/demo/transactions.csv --map id=tx_id,source=from_account,target=to_account,amount=amount,date=value_date --output demo-alerts.jsonl
	$(BIN)/python -m json.tool --json-lines demo-alerts.jsonl | grep -E '"(typology|score|explanation)"'
	$(BIN)/moneytrail --store $(STORE) trade screen moneytrail/data/demo/shipments.jsonl --output -
	@echo "Pictures: demo-network.html (interactive network), demo-exposure.html (money flows)"
	@echo "== 5. The analyst workbench on the demo case: open the URL, log in with the demo user and key printed below (Ctrl-C stops it)"
	$(BIN)/moneytrail --store $(STORE) serve --demo

# One worker per core (pytest-xdist); work-stealing keeps the long tests from ending last.
test: $(STAMP) $(ASSETS)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto --dist worksteal

check: $(STAMP)
	$(BIN)/ruff format --check moneytrail tests bench
	$(BIN)/ruff check moneytrail tests bench
	$(BIN)/mypy

# docs/cli.md is generated from the commands' --help; a test fails when it is stale.
docs: $(STAMP)
	$(BIN)/python -m moneytrail.cli.reference > docs/cli.md
	$(BIN)/python -m moneytrail.screening.feature_docs docs/screening.md

bench: $(STAMP)
	$(BIN)/python bench/load_lists.py

clean:
	rm -rf $(VENV) demo.duckdb demo-network.html demo-network.png demo-exposure.html demo-alerts.jsonl
	rm -rf moneytrail/web/static/vendor moneytrail/web/frontend/node_modules tests/web/artifacts
