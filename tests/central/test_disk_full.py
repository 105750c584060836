"""Disk full on the server, for real: the centre's tables live in a tablespace on a small
filesystem (a tmpfs of 6 MB mounted for the test; WAL stays on the server's own disk, as it
would on a server whose data volume fills first). The shipment that no longer fits fails
with one line and exit 2, the batch that hit the wall is stored not at all, every batch
before it whole; once space is freed (the tmpfs remounted larger) the next run ships the
rest exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tellerguard.central.pg import SQL, connect, sql_identifier, sql_literal
from tellerguard.config import Settings
from tellerguard.services.central import init_central
from tests.central.conftest import bulk_cases, cli, count, make_workstation, ship_args
from tests.central.test_crash import assert_exact_copy
from tests.pg_server import PgServer, SmallDisk

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


CASES = 5000
"""Assessments to ship: more than the 6 MB disk holds."""


@pytest.fixture
def small_disk(pg_server: PgServer) -> Iterator[SmallDisk]:
    try:
        disk = pg_server.small_disk("small", 6)
    except OSError as exc:  # pragma: no cover - where mounting is not allowed
        pytest.skip(f"disk-full test needs to mount a small filesystem: {exc}")
    yield disk
    disk.remove()


def test_a_full_disk_on_the_server_stops_the_shipment_whole_and_the_rest_ships_later(
    tmp_path: Path, blank_dsn: str, pg_server: PgServer, small_disk: SmallDisk
) -> None:
    database = blank_dsn.rsplit("/", 1)[1]
    with connect(pg_server.dsn()) as admin:
        admin.execute(
            SQL("CREATE TABLESPACE small LOCATION {}").format(sql_literal(str(small_disk.path)))
        )
        admin.execute(
            SQL("ALTER DATABASE {} SET default_tablespace = small").format(sql_identifier(database))
        )
    try:
        init_central(blank_dsn)
        settings: Settings = make_workstation(tmp_path / "ws1", blank_dsn)
        # ≈ 10 MB of events and lookups (records of dictionary 2): more than the disk holds
        bulk_cases(settings, CASES)
        status, out, err = cli(*ship_args(settings, blank_dsn, "--batch", "250"))
        lines = err.strip().splitlines()
        assert status == 2, (out, err)
        assert len(lines) == 1 and "the server's disk is full" in lines[0], err
        assert "nothing of this batch was stored" in lines[0]
        assert f"/{database}:" in lines[0] and pg_server.password not in lines[0]
        assert small_disk.free_bytes() < 256 * 1024
        with connect(blank_dsn) as db:
            head = count(db, "SELECT head_seq FROM stores")
            # every accepted batch whole, the failed one not at all
            assert 0 < head < CASES
            assert count(db, "SELECT count(*) FROM events") == head
            assert count(db, "SELECT sum(events) FROM shipments") == head
            assert count(db, "SELECT max(last_seq) FROM shipments") == head
        small_disk.grow(64)  # the operator frees space
        status, out, err = cli(*ship_args(settings, blank_dsn, "--batch", "250"))
        assert status == 0, err
        assert f"seq {head + 1}.." in out
        assert_exact_copy(settings, blank_dsn)
    finally:
        with connect(pg_server.dsn()) as admin:
            admin.execute(
                SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql_identifier(database))
            )
            admin.execute("DROP TABLESPACE IF EXISTS small")
