# backstride — every set-up step lives here, so a fresh machine needs only Python 3.11 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
# The demo keeps its data inside the checkout, away from your real BACKSTRIDE_HOME.
DEMO_HOME ?= $(CURDIR)/.backstride-demo

.PHONY: help install demo serve worker test test-fast lint bench e2e-deps os-deps clean

help:
	@echo "make demo   install, migrate, load the demo runner and serve http://$(HOST):$(PORT)"
	@echo "make test   install, then ruff, mypy and the whole pytest suite (browser tests included)"
	@echo "make lint   ruff and mypy only;  make bench   the speed benchmarks in bench/"
	@echo "make serve  serve your own data (BACKSTRIDE_HOME, default ~/.local/share/backstride)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,gait]'
	touch $(STAMP)

install: $(STAMP)

os-deps:
	@bash scripts/ensure-os-packages.sh

demo: install
	BACKSTRIDE_HOME=$(DEMO_HOME) $(BIN)/backstride demo --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/backstride serve --host $(HOST) --port $(PORT)

worker: install
	$(BIN)/backstride worker

lint: install
	$(BIN)/ruff check src tests bench manage.py
	$(BIN)/ruff format --check src tests bench manage.py
	$(BIN)/mypy

test: install os-deps lint
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not e2e and not slow"

bench: install
	@for script in bench/*_bench.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache test-output
