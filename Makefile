# storydesk: make demo | make test | make bench | make venv
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared/data
CORPUS ?= $(if $(wildcard $(SHARED)/stories/articles),$(SHARED)/stories/articles,)
export STORYDESK_DB ?= ./storydesk.db
DEMO_SERVE ?= 1

.PHONY: venv demo test bench lock lint clean docs fuzz

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-nodeps.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip sync -q --compile-bytecode --python $(BIN)/python --require-hashes requirements.lock
	$(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python --no-deps --require-hashes -r requirements-nodeps.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps --no-build-isolation -e .
	@touch $(STAMP)

lock:
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --extra spark --extra llm --python-version 3.11 --generate-hashes -o requirements.lock

FEEDS ?= examples/feeds.opml
LIVE ?= 1

demo: $(STAMP)
	@if [ "$(LIVE)" = 1 ]; then $(BIN)/storydesk demo --feeds "$(FEEDS)" $(if $(CORPUS),"$(CORPUS)",); \
	else if [ -z "$(CORPUS)" ]; then echo "No corpus found: run 'make demo CORPUS=DIR' with a folder of news-please JSON or HTML files."; exit 2; fi; \
	$(BIN)/storydesk demo "$(CORPUS)"; fi
	@if [ "$(DEMO_SERVE)" != "0" ]; then $(BIN)/storydesk serve; else echo "DEMO_SERVE=0: not serving (run $(BIN)/storydesk serve)"; fi

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# The fuzz suite with 50x its CI example budget (FUZZ_SCALE=200 for a night run)
FUZZ_SCALE ?= 50
fuzz: $(STAMP)
	STORYDESK_FUZZ_SCALE=$(FUZZ_SCALE) $(BIN)/python -m pytest -q tests/fuzz $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) storydesk.db* .pytest_cache

docs: $(STAMP)
	$(BIN)/python -m storydesk.settings > docs/settings.md
	$(BIN)/typer storydesk.cli utils docs --name storydesk --output docs/cli.md
