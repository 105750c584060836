"""Shipping a workstation's store to a real PostgreSQL: everything arrives once, exactly as
hashed; the centre's verify recomputes it; the schema is partitioned by month."""

from __future__ import annotations

from pathlib import Path

import pytest

from tellerguard.audit.store import AuditReader
from tellerguard.central.pg import Connection, connect
from tellerguard.central.schema import migrations
from tellerguard.config import Settings
from tellerguard.domain.clock import ManualClock
from tellerguard.services.central import (
    init_central,
    ship_store,
    verify_centre,
    workstation_source,
)
from tests.central.conftest import add_cases, count

pytestmark = pytest.mark.postgres


def ship(settings: Settings, dsn: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return ship_store(workstation_source(settings, None, None), dsn, **kwargs)  # type: ignore[arg-type]


def test_init_is_idempotent_and_recorded(blank_dsn: str) -> None:
    first = init_central(blank_dsn).lines()
    assert "applied 0001_central.sql" in first[0]
    again = init_central(blank_dsn).lines()
    assert "up to date" in again[0]
    with connect(blank_dsn) as db:
        assert count(db, "SELECT count(*) FROM schema_migrations") == len(migrations())
        # events is a partitioned table (declarative, by range of time)
        kind = db.execute("SELECT relkind FROM pg_class WHERE relname = 'events'").fetchone()
    assert kind == ("p",)


def test_ship_sends_everything_once_exactly_as_hashed(
    workstation: Settings, dsn: str, db: Connection
) -> None:
    report = ship(workstation, dsn, batch=7)
    with AuditReader(workstation.database_path) as reader:
        head = reader.read_head()
        local = reader.events_between(1, head.seq)
        store_id = reader.info().store_id
    assert report.events == head.seq and report.head_seq == head.seq
    assert report.batches == -(-head.seq // 7)
    rows = db.execute(
        "SELECT seq, prev_hash, hash, record FROM events WHERE store_id = %s ORDER BY seq",
        (store_id,),
    ).fetchall()
    assert [(r[0], bytes(r[1]), bytes(r[2]), bytes(r[3])) for r in rows] == [
        (e.seq, e.prev_hash, e.hash, e.record) for e in local
    ]
    # the centre's masked columns, never a full ID number
    masked = db.execute(
        "SELECT customer_id, payee_account, level FROM events WHERE type = 'assessment_shown' "
        "LIMIT 1"
    ).fetchone()
    assert masked == ("410102********0028", "622202*********0128", "manager_approval")
    assert (
        count(
            db,
            "SELECT count(*) FROM events WHERE position(%s in record) > 0",
            b"410102195403150028",
        )
        == 0
    )

    again = ship(workstation, dsn)
    assert again.events == 0 and again.batches == 1
    assert count(db, "SELECT count(*) FROM events") == head.seq

    add_cases(workstation, 3)  # a sign-in and three assessments
    more = ship(workstation, dsn)
    assert more.events == 4 and more.first_seq == head.seq + 1
    report = verify_centre(dsn)
    assert report.ok, report.lines()
    assert report.events == head.seq + 4


def test_months_go_to_their_partitions(
    workstation: Settings, dsn: str, db: Connection, clock: ManualClock
) -> None:
    from datetime import timedelta

    clock.advance(timedelta(days=40))
    add_cases(workstation, 2)
    ship(workstation, dsn)
    partitions = db.execute(
        "SELECT tableoid::regclass::text, count(*) FROM events GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert [p for p, _ in partitions] == ["events_2026_11", "events_2027_01"] or [
        p for p, _ in partitions
    ] == ["events_2026_11", "events_2026_12"]
    assert sum(n for _, n in partitions) == count(db, "SELECT head_seq FROM stores")


def test_checkpoints_travel_and_verify(
    workstation: Settings, dsn: str, db: Connection, clock: ManualClock
) -> None:
    from datetime import timedelta

    from tellerguard.services.desk import Credentials, Desk
    from tests.unit.audit_helpers import PASSWORDS

    clock.advance(timedelta(days=1))
    with Desk.open(workstation, Credentials("supervisor01", PASSWORDS["supervisor01"])) as desk:
        desk.seal()
    report = ship(workstation, dsn)
    assert report.checkpoints == 1
    assert count(db, "SELECT count(*) FROM checkpoints") == 1
    assert ship(workstation, dsn).checkpoints == 0
    assert verify_centre(dsn).ok


def test_two_workstations_verify_separately(
    tmp_path: Path, dsn: str, workstation: Settings
) -> None:
    from tests.central.conftest import make_workstation

    other = make_workstation(tmp_path / "ws2", dsn, workstation="counter-02")
    add_cases(other, 5)
    ship(workstation, dsn)
    ship(other, dsn)
    report = verify_centre(dsn)
    assert report.ok and len(report.stores) == 2
    assert any("counter-02" in line and "OK" in line for line in report.lines())


def test_concurrent_shippers_into_a_new_month(tmp_path: Path, dsn: str) -> None:
    """Several workstations shipping at once, all needing the same new monthly partition
    (the benchmark found a race here: both tried to create it)."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.central.conftest import make_workstation

    stations = [
        make_workstation(tmp_path / f"ws{n}", dsn, workstation=f"counter-{n:02d}") for n in range(3)
    ]
    for settings in stations:
        add_cases(settings, 3)
    with ThreadPoolExecutor(3) as pool:
        reports = list(pool.map(lambda s: ship(s, dsn, batch=2), stations))
    assert all(r.events == r.head_seq for r in reports)
    assert verify_centre(dsn).ok
