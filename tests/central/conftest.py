"""A real PostgreSQL server for the central tests (one per session, tests/pg_server.py), a
fresh database for each test with the central schema, and workstations with events."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tellerguard.audit.keys import load_public_key
from tellerguard.central.pg import SQL, Connection, connect, sql_identifier
from tellerguard.config import Settings
from tellerguard.services.central import enroll_workstation, init_central
from tellerguard.services.counter import Counter
from tests.pg_server import PgServer, find_bindir
from tests.unit.audit_helpers import assessment, case, login, open_ws, set_up, use_fast_passwords

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = find_bindir()
    assert bindir is not None  # tests/conftest.py deselects these tests otherwise
    server = PgServer(bindir)
    server.start()
    yield server
    server.destroy()


@pytest.fixture
def blank_dsn(pg_server: PgServer) -> Iterator[str]:
    """A new empty database on the session's server."""
    name = f"central_{next(_numbers)}"
    with connect(pg_server.dsn()) as admin:
        admin.execute(SQL("CREATE DATABASE {}").format(sql_identifier(name)))
    yield pg_server.dsn(name)
    with connect(pg_server.dsn()) as admin:
        admin.execute(SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql_identifier(name)))


@pytest.fixture
def dsn(blank_dsn: str) -> str:
    """A new database with the central schema."""
    init_central(blank_dsn)
    return blank_dsn


@pytest.fixture
def db(dsn: str) -> Iterator[Connection]:
    with connect(dsn) as conn:
        yield conn


@pytest.fixture(autouse=True)
def _fast(monkeypatch: pytest.MonkeyPatch) -> None:
    use_fast_passwords(monkeypatch)


def add_cases(settings: Settings, count: int) -> None:
    """``count`` recorded assessments at the counter (one event each)."""
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        for _ in range(count):
            counter.record_assessment(case(), assessment())


def make_workstation(
    folder: Path, dsn: str | None, *, enroll: bool = True, **changes: str
) -> Settings:
    folder.mkdir(parents=True, exist_ok=True)
    settings = set_up(folder, **changes)
    if enroll and dsn is not None:
        enroll_workstation(
            dsn, load_public_key(settings.key_path), settings.branch_code, settings.workstation
        )
    return settings


@pytest.fixture
def workstation(tmp_path: Path, dsn: str) -> Settings:
    """An enrolled workstation with its set-up events and 20 assessments."""
    settings = make_workstation(tmp_path / "ws1", dsn)
    add_cases(settings, 20)
    return settings


def count(db: Connection, sql: str, *params: object) -> int:
    row = db.execute(sql, params).fetchone()  # type: ignore[call-overload]
    assert row is not None
    return int(row[0])


def bulk_cases(settings: Settings, count: int) -> None:
    """``count`` assessments appended in one transaction (fast; for the kill tests)."""
    import uuid

    from tellerguard.domain.case import dump_case
    from tellerguard.domain.sealing import new_assessment_event

    with open_ws(settings) as ws:
        data = dump_case(case())
        with ws.store.transaction() as tx:
            for _ in range(count):
                event = new_assessment_event(data, assessment(), ws.store.cipher, uuid.uuid4().hex)
                tx.append(event, operator="teller01")


def cli(*args: str) -> tuple[int, str, str]:
    """Run ``tellerguard ARGS`` in this process: (exit status, stdout, stderr)."""
    import contextlib
    import io

    from tellerguard.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def ship_args(settings: Settings, dsn: str, *extra: str) -> list[str]:
    return [
        "ship",
        "--dsn",
        dsn,
        "--db",
        str(settings.database_path),
        "--key-dir",
        str(settings.key_path),
        *extra,
    ]
