# make lab   — set up .venv with what the kit needs to run, and open JupyterLab on working copies of the notebooks
# make test  — the same set-up plus the test and dev tools, then lint (ruff check + format check) and every test,
#              notebooks and doctests included
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.kneecare-runtime
TOOLS := $(VENV)/.kneecare-tools
LAB_ARGS ?=

.PHONY: setup lab test lint format sample bench clean

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

test: $(TOOLS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	KNEECARE_DATA=sample $(BIN)/python -m pytest --nbval-lax --nbval-current-env --doctest-modules kneecare_analysis tests notebooks

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
