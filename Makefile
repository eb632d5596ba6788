# make lab   — set up .venv (when missing or pyproject.toml changed) and open the notebooks in JupyterLab
# make test  — the same set-up, then lint (ruff check + format check) and every test, notebooks included
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kneecare-installed
LAB_ARGS ?=
# root in a container needs --allow-root; a Linux machine without a display has no browser to open
LAB_FLAGS := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root) \
             $(shell [ "$$(uname -s)" = Linux ] && [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ] && echo --no-browser)

.PHONY: setup lab test lint format sample bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@touch $(STAMP)

setup: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/ $(LAB_FLAGS) $(LAB_ARGS)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	KNEECARE_DATA= $(BIN)/python -m pytest --nbval-lax --nbval-current-env --doctest-modules kneecare_analysis tests notebooks

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

sample: $(STAMP)
	$(BIN)/python -m kneecare_analysis.demo --out data/sample

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py
