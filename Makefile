# make lab   — set up .venv with what the kit needs to run, and open JupyterLab on working copies of the notebooks
# make test  — the same set-up plus the test and dev tools and Chromium, then lint (ruff check + format check) and
#              every test, notebooks, doctests and browser tests included, on one worker per core (pytest-xdist)
#              HYPOTHESIS_PROFILE=thorough make test — the property tests on many more examples
#              make test PYTEST_ARGS="-k browser" — more options for pytest; JOBS=1 for a single worker
# make walkthrough — the guided routine as an app for a phone (ARGS="--lan" to open it on your phone)
# make dashboard   — the coach review as an app
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.kneecare-runtime
TOOLS := $(VENV)/.kneecare-tools
LAB_ARGS ?=
ARGS ?=
JOBS ?= logical
PYTEST_ARGS ?=

.PHONY: setup lab walkthrough dashboard chromium test lint format sample bench clean

$(RUNTIME): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(RUNTIME)

$(TOOLS): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@touch $(TOOLS)

setup: $(RUNTIME)

# JupyterLab at the project root, starting in my-notebooks/ (git-ignored copies: the committed notebooks stay as
# they are); LAB_ARGS go to JupyterLab, e.g. make lab LAB_ARGS="--port 8890"
lab: $(RUNTIME)
	$(BIN)/python -m kneecare_analysis.lab $(LAB_ARGS)

# the browser tests drive Debian's Chromium: installed here when we are root with apt-get, else stop at once
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Chromium for the browser tests (apt-get install chromium)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "The browser tests need Chromium. Install it, then run make test again:"; \
	    echo "    sudo apt-get install -y chromium"; exit 1; \
	  fi; }

walkthrough: $(RUNTIME)
	$(BIN)/kneecare walkthrough $(ARGS)

dashboard: $(RUNTIME)
	$(BIN)/kneecare dashboard $(ARGS)

# One worker per core; --dist loadfile keeps each file on one worker: a notebook's cells run in order in one
# kernel, and the browser tests (each with its own server and Chromium) run one at a time. The ten slowest
# tests are listed at the end, to keep an eye on them.
test: chromium $(TOOLS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	KNEECARE_DATA=sample $(BIN)/python -m pytest -n $(JOBS) --dist loadfile --durations=10 \
	  --nbval-lax --nbval-current-env --doctest-modules kneecare_analysis tests notebooks $(PYTEST_ARGS)

lint: $(TOOLS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TOOLS)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

sample: $(RUNTIME)
	$(BIN)/python -m kneecare_analysis.demo --out data/sample

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info

bench: $(RUNTIME)
	$(BIN)/python benchmarks/bench.py
