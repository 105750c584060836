# TellerGuard — set-up and everyday commands. `make run` and `make test` work on a fresh
# machine with Python >= 3.11 and make; everything else is created on demand.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   := .demo
# uv installs exactly what uv.lock pins (with hashes); keep this equal to the "uv==" pin in
# pyproject.toml's dev extra. How to upgrade the lock: README, "Reproducible installs".
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
PYSIDE := $(VENV)/lib/python3*/site-packages/PySide6

.PHONY: run assess test test-shifted system-test system-shifted lint typecheck bench screenshots lock clean \
	deb test-package icons python-bundle bundle-lock

$(STAMP): pyproject.toml uv.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "TellerGuard needs Python >= 3.11 (found $$($(PYTHON) --version))"; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv sync --quiet --frozen --all-extras --python $(BIN)/python
	touch $(STAMP)

# System packages beside the Python ones (a Chinese font, poppler, libfaketime, Qt's xcb
# libraries): installed when root with apt-get, otherwise one line names them.
system-test:
	@sh scripts/system_deps.sh test
system-shifted:
	@sh scripts/system_deps.sh shifted

# The desktop app on the built-in demo branch (.demo/: its own config, keys and SQLite store
# with demo operators; see README). Without a display, use `make assess` instead.
run: $(STAMP)
	@PYSIDE_DIR="$$(echo $(PYSIDE))" sh scripts/system_deps.sh run
	$(BIN)/tellerguard gui --demo

# The headless assessment of the example cases, readable.
assess: $(STAMP)
	$(BIN)/tellerguard assess examples/ --on 2026-11-25 --branch-region 410102 --pretty

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

test: system-test $(STAMP)
	$(BIN)/ruff check tellerguard tests bench scripts
	$(BIN)/ruff format --check tellerguard tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/tellerguard rules check rules/default
	$(BIN)/tellerguard rules test rules/default

# The suite again under libfaketime, at moments years away and in time zones where the local,
# UTC and Shanghai dates differ: no test may depend on the real date or the PC's zone. The
# monotonic clock stays real so Qt timers, timeouts and hypothesis deadlines behave.
SHIFTED_RUNS := "America/New_York|2029-12-31 20:00:00" "Europe/London|2028-02-29 16:30:00"
test-shifted: system-shifted $(STAMP)
	@for run in $(SHIFTED_RUNS); do \
	  zone=$${run%%|*}; moment=$${run#*|}; \
	  echo "pytest with the clock at $$moment in $$zone"; \
	  TZ=$$zone FAKETIME_DONT_FAKE_MONOTONIC=1 PYTHONPATH=$(CURDIR)/tests/faketime \
	  QT_QPA_PLATFORM=offscreen \
	    faketime "$$moment" $(BIN)/python -m pytest -q -p no:cacheprovider || exit 1; \
	done

# Re-resolve every dependency within pyproject.toml's ranges and rewrite uv.lock.
lock: $(STAMP)
	$(BIN)/uv lock --upgrade

lint: $(STAMP)
	$(BIN)/ruff check tellerguard tests bench scripts
	$(BIN)/ruff format --check tellerguard tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_engine.py
	$(BIN)/python bench/bench_alert_load.py
	$(BIN)/python bench/bench_lists.py
	$(BIN)/python bench/bench_audit.py
	$(BIN)/python bench/bench_central.py --quick
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_gui.py

# The installable package (README "Installing on counter PCs"), for amd64 or arm64 from this
# x86-64 machine: `make deb` or `make deb ARCH=arm64`. Its own CPython is compiled from
# Debian's sources with zig cc against glibc 2.28's symbols (packaging/python/), then the
# runtime wheels of packaging/bundle/requirements.txt (uv.lock's versions but for Qt 6.8.0.2,
# the newest that old glibc loads) are installed for the target platform beside it
# (packaging/bundle/assemble.sh) and dist/tellerguard_<version>-<rev>_<arch>.deb is packed.
# The interpreter is built once per architecture and kept under build/ (about 4 minutes
# each here); everything is offline once uv's cache and build/python-src hold the inputs.
ARCH ?= $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
DEB_REVISION ?= 1
TOOLCHAIN := build/toolchain
ZIG := $(TOOLCHAIN)/ziglang/zig
PYSRC := build/python-src
PYBUILD = build/python-$(ARCH)
$(ZIG): packaging/python/toolchain.txt $(STAMP)
	$(BIN)/uv pip install --quiet --target $(TOOLCHAIN) --python $(BIN)/python --require-hashes \
	  --no-deps -r packaging/python/toolchain.txt
	touch $@
$(PYSRC)/versions.txt: packaging/python/fetch_sources.sh
	@sh scripts/system_deps.sh deb
	sh packaging/python/fetch_sources.sh $(PYSRC)
build/python-%/python/bin/python3.11: $(ZIG) $(PYSRC)/versions.txt packaging/python/build_python.sh
	ZIG=$(CURDIR)/$(ZIG) BUILD_PYTHON=$$(command -v python3.11 || echo $(PYTHON)) \
	  sh packaging/python/build_python.sh $* $(PYSRC) build/python-$*
# The interpreter alone (CI builds both architectures with it before test-package).
python-bundle: $(PYBUILD)/python/bin/python3.11
deb: $(PYBUILD)/python/bin/python3.11 $(STAMP)
	@ARCH=$(ARCH) sh scripts/system_deps.sh deb
	ZIG=$(CURDIR)/$(ZIG) sh packaging/bundle/assemble.sh $(ARCH) $(PYBUILD)/python build/bundle/$(ARCH)/tellerguard
	ARCH=$(ARCH) sh packaging/build_deb.sh $(DEB_REVISION)
# Re-pin packaging/bundle/requirements.txt after uv.lock or overrides.txt changed.
bundle-lock: $(STAMP)
	sh packaging/bundle/lock.sh

# Installs, runs, upgrades, removes and purges the .deb on this machine (root with apt-get;
# CI is root). Elsewhere it says so in one line and exits 0, or 2 under CI=true.
test-package:
	@sh packaging/test_package.sh

# The PNG icons from packaging/linux/cn.tellerguard.TellerGuard.svg.
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/render_icon.py

clean:
	rm -rf $(VENV) $(DEMO) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
