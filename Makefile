# cratedig — set-up and everyday commands. Everything installs into ./.venv.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.cratedig-installed

.PHONY: install demo test test-all check format bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## install: create .venv if missing and install cratedig (editable) with its dev tools
install: $(STAMP)

## demo: evaluate the baselines on the bundled demo data and print the results table
demo: $(STAMP)
	$(VENV)/bin/cratedig evaluate --demo --out out/demo

## test: the default test suite (fast; real-data tests skip where ../shared/data is absent)
test: $(STAMP)
	$(PY) -m pytest -m "not slow"

## test-all: every test, slow ones included
test-all: $(STAMP)
	$(PY) -m pytest

## check: lint, format check and type check
check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## bench: evaluation speed against a study-style loop (needs ../shared/data)
bench: $(STAMP)
	$(PY) benchmarks/eval_speed.py --out benchmarks/results/eval_speed.json

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
