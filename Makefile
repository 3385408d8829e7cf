# rasid: everything a fresh machine needs, from Python 3.11 and pip alone.
#   make demo    set up, build the model, repair the seed, store it with the sample documents, serve the web page
#   make test    set up, build the model, start a private PostgreSQL on loopback, run the whole test suite
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

WEB_ASSETS := src/rasid/web/static/vendor/.built
SAMPLES := samples

.PHONY: setup model web-assets demo test bench lint clean system-packages

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

model: $(MODEL)

$(MODEL): $(VENV)/.installed $(CORPUS) $(MODEL_SOURCES)
	$(BIN)/rasid build-model $(CORPUS) --out $(MODEL_DIR)

# The page's font comes from npm and is served by the app itself: no CDN.
web-assets: $(WEB_ASSETS)

$(WEB_ASSETS): package.json package-lock.json scripts/copy_web_assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	scripts/copy_web_assets.sh
	touch $@

demo: $(MODEL) $(WEB_ASSETS)
	$(BIN)/rasid repair --summary $(SEED)
	$(BIN)/rasid ingest $(SEED) $(SAMPLES)
	$(BIN)/rasid serve

system-packages:
	@scripts/install_system_packages.sh

test: $(MODEL) $(WEB_ASSETS) system-packages
	RASID_TEST_POSTGRES_URL="$$(scripts/start_postgres.sh)" $(BIN)/python -m pytest -q

bench: $(MODEL) system-packages
	$(BIN)/python scripts/bench_repair.py --heldout $(SHARED)/data/news/heldout.txt.xz
	$(BIN)/python scripts/bench_read.py
	$(BIN)/python scripts/bench_search.py --postgres "$$(scripts/start_postgres.sh)"

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(MODEL_DIR) .pytest_cache .mypy_cache node_modules src/rasid/web/static/vendor
