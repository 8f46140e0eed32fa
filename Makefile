# The README's two commands.  Only Python 3.11+ (and git, make) are needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000

.PHONY: start test install lint typecheck bench clean

$(BIN)/danvan: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(BIN)/danvan

## Install, migrate, load units and the demo province, start the worker and the server.
start: install
	DANVAN_ENV=development $(BIN)/danvan start $(ADDR)

## The whole test suite, lint and type checks included.
test: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy src/danvan
	$(BIN)/lint-imports
	DANVAN_ENV=test $(BIN)/danvan makemigrations --check --dry-run --settings=danvan.config.settings_test
	$(BIN)/pytest -n 2 --dist loadfile

lint:
	$(BIN)/ruff check src tests bench scripts && $(BIN)/ruff format --check src tests bench scripts

bench: install
	DANVAN_ENV=development $(BIN)/python bench/units_load.py
	DANVAN_ENV=development $(BIN)/python bench/deadlines.py

clean:
	rm -rf $(VENV) var
