# rasid: everything a fresh machine needs, from Python 3.11 and pip alone.
#   make demo    set up, build the model and gazetteer, repair the seed, store it with the sample documents,
#                serve the web page
#   make test    set up, build the model, start a private PostgreSQL on loopback, run the whole test suite
#   make bench   measure the figures reported in the README
#   make context-model   retrain the committed pair of context models (PyTorch, about 75 minutes on two cores)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
CORPUS ?= $(SHARED)/data/news/train.txt.xz
SEED ?= $(SHARED)/seed/000_135ca1c0598dfef5.txt
MODEL_DIR := src/rasid/data/language_model
MODEL := $(MODEL_DIR)/manifest.json
CONTEXT_DIR := src/rasid/data/context_model
MODEL_SOURCES := src/rasid/repair/model_build.py src/rasid/repair/tokens.py src/rasid/repair/shaping.py src/rasid/repair/word_list.py \
                 src/rasid/data/joining_types.json

GAZETTEER := src/rasid/data/gazetteer/gazetteer.json
GAZETTEER_SOURCES := data/gazetteer/supplement.tsv $(SHARED)/data/gazetteer/cities500.txt.xz \
                     $(SHARED)/data/gazetteer/admin1CodesASCII.txt.xz src/rasid/places/gazetteer_build.py \
                     src/rasid/places/names.py src/rasid/places/gazetteer.py src/rasid/places/cues.py
WEB_ASSETS := src/rasid/web/static/vendor/.built
SAMPLES := samples/documents

.PHONY: setup model context-model gazetteer web-assets demo test bench lint clean system-packages

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

model: $(MODEL)

$(MODEL): $(VENV)/.installed $(CORPUS) $(MODEL_SOURCES)
	$(BIN)/rasid build-model $(CORPUS) --out $(MODEL_DIR)

# Committed, not built by demo or test: training needs PyTorch and over an hour. The folder's own
# manifest.json lists the two members, whose scores restoration averages.
context-model: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev,train]'
	$(BIN)/python scripts/train_context_model.py $(CORPUS) --out $(CONTEXT_DIR)/h256
	$(BIN)/python scripts/train_context_model.py $(CORPUS) --hidden 512 --out $(CONTEXT_DIR)/h512

# Places: GeoNames + the curated supplement, and how the training corpus uses each name.
gazetteer: $(GAZETTEER)

$(GAZETTEER): $(VENV)/.installed $(GAZETTEER_SOURCES) $(CORPUS)
	$(BIN)/rasid build-gazetteer $(SHARED)/data/gazetteer data/gazetteer/supplement.tsv --corpus $(CORPUS) --out $@

# The page's font comes from npm and is served by the app itself: no CDN.
web-assets: $(WEB_ASSETS)

$(WEB_ASSETS): package.json package-lock.json scripts/copy_web_assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	scripts/copy_web_assets.sh
	touch $@

demo: $(MODEL) $(GAZETTEER) $(WEB_ASSETS)
	$(BIN)/rasid repair --summary $(SEED)
	$(BIN)/rasid ingest $(SEED) $(SAMPLES)
	$(BIN)/rasid serve

system-packages:
	@scripts/install_system_packages.sh

test: $(MODEL) $(GAZETTEER) $(WEB_ASSETS) system-packages
	RASID_TEST_POSTGRES_URL="$$(scripts/start_postgres.sh)" $(BIN)/python -m pytest -q

bench: $(MODEL) $(GAZETTEER) system-packages
	$(BIN)/python scripts/bench_repair.py --heldout $(SHARED)/data/news/heldout.txt.xz
	$(BIN)/python scripts/bench_read.py
	$(BIN)/python scripts/bench_search.py --postgres "$$(scripts/start_postgres.sh)"
	$(BIN)/python scripts/bench_places.py

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(MODEL_DIR) $(dir $(GAZETTEER)) .pytest_cache .mypy_cache node_modules src/rasid/web/static/vendor
