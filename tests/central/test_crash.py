"""At least once, never twice: a ``tellerguard ship`` killed with SIGKILL at random moments,
and the PostgreSQL server restarted (like a crash: ``pg_ctl -m immediate``) in the middle of
a shipment, lose nothing and duplicate nothing — the centre ends with exactly the
workstation's chain."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tellerguard.audit.store import AuditReader
from tellerguard.central.pg import connect
from tellerguard.config import Settings
from tellerguard.services.central import verify_centre
from tests.central.conftest import bulk_cases, count, ship_args
from tests.pg_server import PgServer

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def start_ship(settings: Settings, dsn: str, *extra: str) -> subprocess.Popen[str]:
    code = "import sys; from tellerguard.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, *ship_args(settings, dsn, *extra)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def centre_head(dsn: str) -> int:
    with connect(dsn) as db:
        return count(db, "SELECT coalesce(max(head_seq), 0) FROM stores")


def assert_exact_copy(settings: Settings, dsn: str) -> None:
    with AuditReader(settings.database_path) as reader:
        head = reader.read_head()
        store_id = reader.info().store_id
    with connect(dsn) as db:
        assert count(db, "SELECT count(*) FROM events") == head.seq
        assert count(db, "SELECT count(DISTINCT seq) FROM events") == head.seq
        assert count(db, "SELECT sum(events) FROM shipments") == head.seq
        row = db.execute(
            "SELECT head_seq, head_hash FROM stores WHERE store_id = %s", (store_id,)
        ).fetchone()
    assert row is not None and (row[0], bytes(row[1])) == (head.seq, head.hash)
    report = verify_centre(dsn)
    assert report.ok, report.lines()


def wait_for(condition: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_kill_9_at_random_moments_loses_and_duplicates_nothing(
    workstation: Settings, dsn: str
) -> None:
    bulk_cases(workstation, 1500)
    rng = random.Random(16)
    kills = 0
    for _ in range(3):
        before = centre_head(dsn)
        process = start_ship(workstation, dsn, "--batch", "10")
        # let it get somewhere (the interpreter starts in ~0.5 s), then kill it mid-way
        wait_for(lambda: centre_head(dsn) > before or process.poll() is not None)  # noqa: B023
        time.sleep(rng.uniform(0.0, 0.3))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.communicate()
    assert kills >= 2
    assert centre_head(dsn) > 0
    finisher = start_ship(workstation, dsn, "--batch", "10")
    _, err = finisher.communicate(timeout=120)
    assert finisher.returncode == 0, err
    assert_exact_copy(workstation, dsn)


def test_a_server_restart_mid_batch_loses_and_duplicates_nothing(
    workstation: Settings, dsn: str, pg_server: PgServer
) -> None:
    bulk_cases(workstation, 1500)
    process = start_ship(workstation, dsn, "--batch", "25", "--retry-seconds", "60")
    wait_for(lambda: centre_head(dsn) > 100)
    pg_server.restart("immediate")  # every connection cut, uncommitted work rolled back
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "reconnect" in out
    assert_exact_copy(workstation, dsn)
