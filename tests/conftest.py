"""Test-wide set-up.

* Qt runs headless (offscreen) in every test process; a developer's own QT_QPA_PLATFORM
  still wins. Set before anything imports Qt.
* No test reads the real clock: every test starts with the program's clock set to
  :data:`TEST_NOW` (a :class:`~tellerguard.domain.clock.ManualClock`, one second further at
  each reading), which it can move through the ``clock`` fixture. Code that falls back to the
  program clock — the store, the services, the command line, the GUI — sees that time, so the
  suite gives the same results on any day and in any time zone (CI runs it a second time under
  libfaketime in another year and zone to prove it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime

import pytest

from tellerguard.domain.clock import SHANGHAI, ManualClock, SystemClock, set_program_clock

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REAL_SYSTEM_NOW = SystemClock.now
"""The real reader, for the one test that checks its time zone."""

TEST_NOW = datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)
"""Where every test's clock starts: the business date of the sample cases, 09:00 Shanghai."""


@pytest.fixture(scope="session", autouse=True)
def _no_real_clock_in_the_suite() -> Iterator[None]:
    """Before any fixture, even a session-wide one (a demo store built once), the program's
    clock is a manual one, and reading the system clock fails the test that does it."""

    def refuse(self: SystemClock) -> datetime:
        raise AssertionError("a test read the real clock: take the `clock` fixture instead")

    SystemClock.now = refuse  # type: ignore[method-assign]
    previous = set_program_clock(ManualClock(TEST_NOW))
    yield
    set_program_clock(previous)
    SystemClock.now = REAL_SYSTEM_NOW  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _umask_restored() -> Iterator[None]:
    """``tellerguard.cli.main`` and the app set the process umask to 0077; a test that runs
    them in-process must not change what every later test creates files with."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


@pytest.fixture(autouse=True)
def clock() -> Iterator[ManualClock]:
    """The program's clock for this test, set to :data:`TEST_NOW`; move it with ``set`` and
    ``advance`` (backwards too)."""
    manual = ManualClock(TEST_NOW)
    previous = set_program_clock(manual)
    yield manual
    set_program_clock(previous)


# -- PostgreSQL ----------------------------------------------------------------------------
# Tests marked `postgres` start a real server of their own (tests/pg_server.py). Where
# PostgreSQL is not installed (scripts/system_deps.sh installs it when it can), they are
# deselected and the run says so in one line; every other test still runs.
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from tests.pg_server import find_bindir

    if find_bindir() is not None:
        return
    chosen = [item for item in items if item.get_closest_marker("postgres") is None]
    left_out = [item for item in items if item.get_closest_marker("postgres") is not None]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = chosen
        config.stash[_NO_POSTGRES] = len(left_out)


_NO_POSTGRES = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    count = terminalreporter.config.stash.get(_NO_POSTGRES, 0)
    if count:
        terminalreporter.write_line(
            f"PostgreSQL is not installed (no initdb): {count} central-database tests not run; "
            "install Debian's postgresql package to run them"
        )
