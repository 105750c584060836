# TellerGuard — set-up and everyday commands. `make run` and `make test` work on a fresh
# machine with Python >= 3.11 and make; everything else is created on demand.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   := .demo

.PHONY: run assess test lint typecheck bench screenshots clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "TellerGuard needs Python >= 3.11 (found $$($(PYTHON) --version))"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

# The desktop app on the built-in demo branch (.demo/: its own config, keys and SQLite store
# with demo operators; see README). Without a display, use `make assess` instead.
run: $(STAMP)
	$(BIN)/tellerguard gui --demo

# The headless assessment of the example cases, readable.
assess: $(STAMP)
	$(BIN)/tellerguard assess examples/ --on 2026-11-25 --branch-region 410102 --pretty

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

test: $(STAMP)
	$(BIN)/ruff check tellerguard tests bench scripts
	$(BIN)/ruff format --check tellerguard tests bench scripts
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/tellerguard rules check rules/default
	$(BIN)/tellerguard rules test rules/default

lint: $(STAMP)
	$(BIN)/ruff check tellerguard tests bench scripts
	$(BIN)/ruff format --check tellerguard tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_audit.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_gui.py

clean:
	rm -rf $(VENV) $(DEMO) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
