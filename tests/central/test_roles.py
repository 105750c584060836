"""Least privilege at the centre: a workstation's login in ``tellerguard_ship`` can ship
(new partitions and heads included) but cannot change or delete anything nor move a head by
hand; an auditor's login in ``tellerguard_audit`` can verify, find and prove, not write."""

from __future__ import annotations

from pathlib import Path

import pytest

from tellerguard.central.lookups import LOOKUP_KEY_FILE
from tellerguard.central.pg import SQL, Connection, Error, connect, sql_identifier, sql_literal
from tellerguard.config import Settings
from tellerguard.services.central import init_central
from tests.central.conftest import cli, ship_args
from tests.pg_server import PgServer

pytestmark = pytest.mark.postgres


def login(db: Connection, pg_server: PgServer, dsn: str, name: str, group: str) -> str:
    db.execute(
        SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
            sql_identifier(name), sql_literal("pw-" + name), sql_identifier(group)
        )
    )
    database = dsn.rsplit("/", 1)[1]
    return f"postgresql://{name}:pw-{name}@127.0.0.1:{pg_server.port}/{database}"


def test_a_shipping_login_ships_and_can_change_nothing(
    workstation: Settings, dsn: str, db: Connection, pg_server: PgServer, tmp_path: Path
) -> None:
    database = dsn.rsplit("/", 1)[1]
    key = tmp_path / LOOKUP_KEY_FILE
    init_central(dsn, key)
    (workstation.key_path / LOOKUP_KEY_FILE).write_bytes(key.read_bytes())
    (workstation.key_path / LOOKUP_KEY_FILE).chmod(0o600)
    shipper = login(db, pg_server, dsn, f"ship_{database}", "tellerguard_ship")
    status, out, err = cli(*ship_args(workstation, shipper))
    assert status == 0, err
    assert "0 new events" not in out
    with connect(shipper) as conn:
        for statement in (
            "UPDATE stores SET head_seq = 0",
            "DELETE FROM events",
            "UPDATE events SET operator = 'x'",
            "DELETE FROM forks",
            "INSERT INTO workstations (public_key, branch, workstation) "
            "VALUES (decode(repeat('00', 32), 'hex'), 'X', 'Y')",
            "CREATE TABLE events_2099_01 PARTITION OF events FOR VALUES FROM "
            "('2099-01-01') TO ('2099-02-01')",
        ):
            with pytest.raises(Error, match=r"permission denied|must be owner"):
                conn.execute(statement)
    auditor = login(db, pg_server, dsn, f"audit_{database}", "tellerguard_audit")
    status, out, err = cli("central", "verify", "--dsn", auditor, "--quiet")
    assert status == 0 and "OK" in out, err
    status, out, err = cli(
        "central",
        "find",
        "--dsn",
        auditor,
        "--lookup-key",
        str(key),
        "--operator",
        "audit.li",
        "--reason",
        "倒查",
        "--id-number",
        "410102195403150028",
    )
    assert status == 0 and "20 cases" in out, err
    with connect(auditor) as conn, pytest.raises(Error, match="permission denied"):
        conn.execute("DELETE FROM searches")
    status, _, err = cli(*ship_args(workstation, auditor))
    assert status == 2 and "permission denied" in err
