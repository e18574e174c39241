# The two commands a newcomer needs are `make run` and `make test`.
# Both create .venv and install the project on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SWL := $(BIN)/safeworkload
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint bench install clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

run: $(STAMP)
	@mkdir -p var
	$(SWL) migrate --no-input
	$(SWL) demo --seed 1 --if-empty
	@bash scripts/run.sh

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=safeworkload.config.settings.test $(SWL) makemigrations --check --dry-run

bench: $(STAMP)
	$(BIN)/python benchmarks/page_load.py
	$(BIN)/python benchmarks/allocation.py
	$(BIN)/python benchmarks/caseload_dashboard.py
	$(BIN)/python benchmarks/snapshots.py
	$(BIN)/python benchmarks/supervision_dashboard.py
	$(BIN)/python benchmarks/health_check_report.py
	$(BIN)/python benchmarks/staffing_sweep.py
	$(BIN)/python benchmarks/bank_matching.py
	$(BIN)/python benchmarks/bank_offers.py

clean:
	rm -rf $(VENV) var
