# rasid: everything a fresh machine needs, from Python 3.11 and pip alone.
#   make demo    set up, build the model, repair the seed document and print it with a summary
#   make test    set up, build the model, run the whole test suite
#   make bench   measure the figures reported in the README
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
CORPUS ?= $(SHARED)/data/news/train.txt.xz
SEED ?= $(SHARED)/seed/000_135ca1c0598dfef5.txt
MODEL_DIR := src/rasid/data/language_model
MODEL := $(MODEL_DIR)/manifest.json
MODEL_SOURCES := src/rasid/repair/model_build.py src/rasid/repair/tokens.py src/rasid/repair/shaping.py \
                 src/rasid/data/joining_types.json

.PHONY: setup model demo test bench lint clean system-packages

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

model: $(MODEL)

$(MODEL): $(VENV)/.installed $(CORPUS) $(MODEL_SOURCES)
	$(BIN)/rasid build-model $(CORPUS) --out $(MODEL_DIR)

demo: $(MODEL)
	$(BIN)/rasid repair --summary $(SEED)

system-packages:
	@scripts/install_system_packages.sh

test: $(MODEL) system-packages
	$(BIN)/python -m pytest -q

bench: $(MODEL) system-packages
	$(BIN)/python scripts/bench_repair.py --heldout $(SHARED)/data/news/heldout.txt.xz
	$(BIN)/python scripts/bench_read.py

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(MODEL_DIR) .pytest_cache .mypy_cache
