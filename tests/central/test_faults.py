"""What the centre refuses, each with one clear line and exit 1 (a check failed) or 2 (input
or connection), and nothing half-stored: forks (rewritten, truncated, re-created), broken
chains, forged checkpoints and bundles, replays, unknown workstations, a clock that went
backwards, wrong DSNs and passwords, a server that is down."""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from tellerguard.audit.canonical import GENESIS, chain_hash
from tellerguard.audit.checkpoint import sign_checkpoint
from tellerguard.audit.keys import WorkstationSigner
from tellerguard.central.bundle import make_bundle, read_bundle_file, write_bundle_file
from tellerguard.central.pg import Connection
from tellerguard.config import Settings
from tellerguard.domain.clock import ManualClock
from tellerguard.services.central import verify_centre
from tests.central.conftest import add_cases, cli, count, make_workstation, ship_args
from tests.pg_server import PgServer
from tests.unit.audit_helpers import edit_record
from tests.unit.test_audit_verify import rewrite_consistently

pytestmark = pytest.mark.postgres


def centre_state(db: Connection) -> tuple[int, int, int]:
    return (
        count(db, "SELECT count(*) FROM events"),
        count(db, "SELECT count(*) FROM checkpoints"),
        count(db, "SELECT coalesce(sum(head_seq), 0) FROM stores"),
    )


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_a_rewritten_history_is_refused_and_recorded_as_a_fork(
    workstation: Settings, dsn: str, db: Connection
) -> None:
    assert cli(*ship_args(workstation, dsn))[0] == 0
    before = centre_state(db)
    rewrite_consistently(workstation.database_path, 12)
    status, _, err = cli(*ship_args(workstation, dsn))
    assert status == 1
    line = one_error_line(err)
    assert "fork" in line and "rewritten" in line and "nothing merged" in line
    assert centre_state(db) == before
    assert db.execute("SELECT kind FROM forks").fetchall() == [("rewritten",)]
    # shipping again records nothing twice and still refuses
    assert cli(*ship_args(workstation, dsn))[0] == 1
    assert count(db, "SELECT count(*) FROM forks") == 1
    report = verify_centre(dsn)
    assert not report.ok and any("fork (rewritten)" in line for line in report.lines())


def test_a_truncated_store_is_a_fork(workstation: Settings, dsn: str, db: Connection) -> None:
    path = workstation.database_path
    old = path.with_name("old.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute("VACUUM INTO ?", (str(old),))
    conn.close()
    add_cases(workstation, 3)
    assert cli(*ship_args(workstation, dsn))[0] == 0
    before = centre_state(db)
    shutil.copyfile(old, path)  # restored from an older copy: the last events are gone
    status, _, err = cli(*ship_args(workstation, dsn))
    assert status == 1
    assert "truncated" in one_error_line(err)
    assert centre_state(db) == before
    # ... and then carrying on writing makes a different history at the same seqs
    add_cases(workstation, 6)
    status, _, err = cli(*ship_args(workstation, dsn))
    assert status == 1 and "rewritten" in one_error_line(err)
    assert centre_state(db) == before
    assert {k for (k,) in db.execute("SELECT kind FROM forks")} == {"truncated", "rewritten"}


def test_a_store_recreated_with_the_same_id_is_a_fork(
    workstation: Settings, dsn: str, db: Connection, tmp_path: Path
) -> None:
    """A bundle whose seq 1 differs from the held one (same store id, other content)."""
    assert cli(*ship_args(workstation, dsn))[0] == 0
    bundle_path = tmp_path / "b.tgb"
    assert cli(*ship_args(workstation, dsn, "--out", str(bundle_path)))[0] == 0
    bundle = read_bundle_file(bundle_path)
    first = bundle.events[0]
    record = first.record.replace(b'"app_version":"', b'"app_version":"9')
    forged = type(first)(1, record, GENESIS, chain_hash(GENESIS, 1, record))
    signer = WorkstationSigner.load(workstation.key_path)
    remade = make_bundle(
        signer,
        kind="file",
        store_id=bundle.header.store_id,
        branch=bundle.header.branch,
        workstation=bundle.header.workstation,
        created_at=bundle.header.created_at,
        head=type("H", (), {"seq": 1, "hash_hex": forged.hash.hex()})(),  # type: ignore[arg-type]
        events=[forged],
    )
    write_bundle_file(remade, bundle_path)
    status, _, err = cli("central", "import", str(bundle_path), "--dsn", dsn)
    assert status == 1 and "recreated" in one_error_line(err)
    assert db.execute("SELECT kind, seq FROM forks").fetchall() == [("recreated", 1)]


def _bundle(settings: Settings, dsn: str, tmp_path: Path, name: str = "b.tgb") -> Path:
    path = tmp_path / name
    status, out, err = cli(*ship_args(settings, dsn, "--out", str(path)))
    assert status == 0, err
    assert "signed by" in out
    return path


def test_a_bundle_imports_once_and_a_replay_is_refused(
    workstation: Settings, dsn: str, db: Connection, tmp_path: Path
) -> None:
    path = _bundle(workstation, dsn, tmp_path)
    status, out, _ = cli("central", "import", str(path), "--dsn", dsn)
    assert status == 0 and "new events" in out
    before = centre_state(db)
    status, _, err = cli("central", "import", str(path), "--dsn", dsn)
    assert status == 1 and "replayed bundle refused" in one_error_line(err)
    assert centre_state(db) == before
    # a later bundle carries on where the first stopped; the overlap is checked and skipped
    add_cases(workstation, 2)
    later = _bundle(workstation, dsn, tmp_path, "later.tgb")
    status, out, _ = cli("central", "import", str(later), "--dsn", dsn)
    assert status == 0 and "3 new events" in out and f"{before[0]} already held" in out
    assert verify_centre(dsn).ok


def test_a_bundle_with_a_broken_chain_is_refused_whole(
    workstation: Settings, dsn: str, db: Connection, tmp_path: Path
) -> None:
    path = _bundle(workstation, dsn, tmp_path)
    bundle = read_bundle_file(path)
    events = list(bundle.events)
    bad = events[10]
    events[10] = type(bad)(
        bad.seq, edit_record(bad.record, b"teller01", b"teller02"), bad.prev_hash, bad.hash
    )
    signer = WorkstationSigner.load(workstation.key_path)
    from tellerguard.audit.store import ChainHead

    resigned = make_bundle(
        signer,
        kind="file",
        store_id=bundle.header.store_id,
        branch=bundle.header.branch,
        workstation=bundle.header.workstation,
        created_at=bundle.header.created_at,
        head=ChainHead(bundle.header.head_seq, bytes.fromhex(bundle.header.head_hash)),
        events=events,
    )
    write_bundle_file(resigned, path)
    status, _, err = cli("central", "import", str(path), "--dsn", dsn)
    assert status == 1
    assert f"broken chain: seq {bad.seq}: the hash does not match" in one_error_line(err)
    assert centre_state(db) == (0, 0, 0)


def test_an_altered_bundle_or_a_bundle_signed_by_another_key_is_refused(
    workstation: Settings, dsn: str, db: Connection, tmp_path: Path
) -> None:
    path = _bundle(workstation, dsn, tmp_path)
    lines = path.read_text().splitlines()
    event = json.loads(lines[25])
    record = edit_record(base64.b64decode(event["record"]), b"teller01", b"teller02")
    assert record != base64.b64decode(event["record"])
    event["record"] = base64.b64encode(record).decode()
    event["hash"] = chain_hash(bytes.fromhex(event["prev"]), event["seq"], record).hex()
    altered = tmp_path / "altered.tgb"
    altered.write_text("\n".join([*lines[:25], json.dumps(event), *lines[26:]]) + "\n")
    status, _, err = cli("central", "import", str(altered), "--dsn", dsn)
    assert status == 1 and "altered after signing" in one_error_line(err)
    header = json.loads(lines[0])
    header["signature"] = base64.b64encode(WorkstationSigner.generate().sign(b"x")).decode()
    forged = tmp_path / "forged.tgb"
    forged.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    status, _, err = cli("central", "import", str(forged), "--dsn", dsn)
    assert status == 1 and "forged or altered" in one_error_line(err)
    # the columns the workstation read out of its records are covered by the signature too:
    # changed, or left out, the bundle is refused
    (at,) = [i for i, line in enumerate(lines) if line.startswith('{"columns"')]
    text = json.loads(lines[at])["columns"]
    assert "410102********" in text
    for changed in (
        [*lines[:at], json.dumps({"columns": text.replace("410102****", "110101****")})],
        lines[:at],
    ):
        altered.write_text("\n".join([*changed, *lines[at + 1 :]]) + "\n")
        status, _, err = cli("central", "import", str(altered), "--dsn", dsn)
        assert status == 1 and "altered after signing" in one_error_line(err)
    assert centre_state(db) == (0, 0, 0)


def test_a_forged_checkpoint_refuses_its_whole_batch(
    workstation: Settings, dsn: str, db: Connection, clock: ManualClock
) -> None:
    from tellerguard.audit.checkpoint import local_name, write_checkpoint
    from tellerguard.audit.store import AuditReader

    with AuditReader(workstation.database_path) as reader:
        info, head = reader.info(), reader.read_head()
    forged = sign_checkpoint(
        WorkstationSigner.generate(),  # not this workstation's key
        store_id=info.store_id,
        branch=info.branch,
        workstation=info.workstation,
        day=clock.today(),
        seq=head.seq,
        hash_hex=head.hash_hex,
        sealed_at=clock.now(),
    )
    folder = workstation.database_path.parent / "checkpoints"
    folder.mkdir(exist_ok=True)
    write_checkpoint(forged, folder / local_name(forged))
    status, _, err = cli(*ship_args(workstation, dsn, "--batch", "1000"))
    assert status == 1 and "forged checkpoint" in one_error_line(err)
    assert centre_state(db) == (0, 0, 0)


def test_an_unknown_workstation_is_refused(tmp_path: Path, dsn: str, db: Connection) -> None:
    stranger = make_workstation(tmp_path / "stranger", dsn, enroll=False)
    status, _, err = cli(*ship_args(stranger, dsn))
    assert status == 1
    assert "unknown workstation" in one_error_line(err) and "not enrolled" in err
    assert centre_state(db) == (0, 0, 0)
    # nor may a key enrolled for another counter ship under this one's name
    status, _, err = cli(
        "central",
        "enroll",
        "--dsn",
        dsn,
        "--key",
        str(stranger.key_path),
        "--branch",
        "B9999",
        "--workstation",
        "counter-09",
    )
    assert status == 0, err
    status, _, err = cli(*ship_args(stranger, dsn))
    assert status == 1 and "enrolled for branch B9999" in one_error_line(err)


def test_a_clock_that_went_backwards_is_accepted_recorded_and_reported(
    workstation: Settings, dsn: str, db: Connection, clock: ManualClock
) -> None:
    clock.set(clock.now() - timedelta(hours=3))
    add_cases(workstation, 2)
    status, out, _ = cli(*ship_args(workstation, dsn))
    assert status == 1
    warnings = [line for line in out.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "clock went backwards" in warnings[0]
    assert count(db, "SELECT count(*) FROM anomalies") == 1
    assert count(db, "SELECT count(*) FROM events") == count(db, "SELECT head_seq FROM stores")
    report = verify_centre(dsn)
    assert report.ok and any("clock went back" in line for line in report.lines())
    assert cli(*ship_args(workstation, dsn))[0] == 0  # nothing new: nothing to warn about


def test_connection_faults_are_one_line_exit_2(
    workstation: Settings, pg_server: PgServer, dsn: str
) -> None:
    cases = {
        "not a dsn ===": "not a PostgreSQL connection string",
        dsn.replace(pg_server.password, "wrong-password"): "wrong user name or password",
        dsn.replace(f":{pg_server.port}/", ":1/"): "is the PostgreSQL server running",
        dsn.rsplit("/", 1)[0] + "/no_such_db": 'database "no_such_db" does not exist',
    }
    for bad, expected in cases.items():
        for command in (ship_args(workstation, bad), ["central", "verify", "--dsn", bad]):
            status, _, err = cli(*command)
            line = one_error_line(err)
            assert status == 2 and expected in line, line
            assert pg_server.password not in err


def test_an_uninitialised_centre_is_refused(tmp_path: Path, blank_dsn: str) -> None:
    settings = make_workstation(tmp_path / "ws", None, enroll=False)
    status, _, err = cli(*ship_args(settings, blank_dsn))
    assert status == 2 and "central init" in one_error_line(err)


def test_unusable_bundle_files_name_the_line(tmp_path: Path, dsn: str) -> None:
    missing = tmp_path / "missing.tgb"
    garbage = tmp_path / "garbage.tgb"
    garbage.write_bytes(b"\x00\xffnot json\n")
    empty = tmp_path / "empty.tgb"
    empty.write_bytes(b"")
    for path, expected in (
        (missing, "no such bundle file"),
        (garbage, "garbage.tgb:1: not a TellerGuard bundle header"),
        (empty, "empty file"),
    ):
        status, _, err = cli("central", "import", str(path), "--dsn", dsn)
        assert status == 2 and expected in one_error_line(err)


def test_the_database_itself_refuses_a_row_that_does_not_continue_the_chain(
    workstation: Settings, dsn: str, db: Connection
) -> None:
    """accept_batch (migration 0005) re-checks a batch's rows once, whatever client wrote
    them; rows written without it are refused at the store's next batch and by verify."""
    from tellerguard.central.pg import Error

    assert cli(*ship_args(workstation, dsn))[0] == 0
    store_id, head = db.execute("SELECT store_id, head_seq FROM stores").fetchone()  # type: ignore[misc]
    record = b'{"at":"2026-11-25T10:00:00.000000+08:00"}'
    insert = (
        "INSERT INTO events (store_id, seq, at, prev_hash, hash, type, operator, record)"
        " VALUES (%s, %s, '2026-11-25T10:00:00+08:00', %s, %s, 'x', 'y', %s)"
    )
    good_prev = bytes(
        db.execute("SELECT head_hash FROM stores").fetchone()[0]  # type: ignore[index]
    )
    for seq, prev, digest in (
        (head + 1, GENESIS, chain_hash(GENESIS, head + 1, record)),  # not chained to the head
        (head + 2, good_prev, chain_hash(good_prev, head + 2, record)),  # a seq skipped
        (head + 1, good_prev, b"\x01" * 32),  # a hash that is not the record's
    ):
        with pytest.raises(Error, match="does not continue the chain"), db.transaction():
            db.execute(insert, (store_id, seq, prev, digest, record))
            db.execute("SELECT accept_batch(%s, %s)", (store_id, seq))
    # a good row inserted behind the centre's back, without accept_batch: the head does not
    # move, the store's next batch is refused whole, verify names it
    db.execute(
        insert, (store_id, head + 1, good_prev, chain_hash(good_prev, head + 1, record), record)
    )
    assert count(db, "SELECT head_seq FROM stores") == head
    add_cases(workstation, 1)
    status, _, err = cli(*ship_args(workstation, dsn))
    assert status == 1 and "does not continue the chain held" in one_error_line(err)
    assert count(db, "SELECT count(*) FROM events") == head + 1
    status, out, _ = cli("central", "verify", "--dsn", dsn, "--quiet")
    assert status == 1 and "is not the last event held" in out
    with pytest.raises(Error, match="append-only"):
        db.execute("DELETE FROM events WHERE seq = 3")
    with pytest.raises(Error, match="append-only"):
        db.execute("UPDATE events SET operator = 'x' WHERE seq = 3")


def test_central_verify_finds_tampering_in_the_central_copy(
    workstation: Settings, dsn: str, db: Connection
) -> None:
    assert cli(*ship_args(workstation, dsn))[0] == 0
    status, out, _ = cli("central", "verify", "--dsn", dsn, "--quiet")
    assert status == 0 and "OK" in out.splitlines()[-1]
    # a superuser bypasses the triggers and edits one record in place
    db.execute("SET session_replication_role = replica")
    (stored,) = db.execute("SELECT record FROM events WHERE seq = 15").fetchone()
    db.execute(
        "UPDATE events SET record = %s WHERE seq = 15",
        (edit_record(bytes(stored), b"teller01", b"teller02"),),
    )
    db.execute("DELETE FROM events WHERE seq = 18")
    status, out, _ = cli("central", "verify", "--dsn", dsn, "--quiet")
    assert status == 1
    assert "seq 15: the stored hash does not match the record bytes" in out
    assert "seq 19 follows seq 17: events missing" in out
    assert "FAILED" in out.splitlines()[-1]


@pytest.mark.parametrize("chunk", [7, 10, 50_000])
def test_verify_in_worker_processes_finds_what_one_process_finds(
    workstation: Settings, dsn: str, db: Connection, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Pieces of a store verified in two worker processes: a gap or a broken link at a
    piece's edge is found as well as inside one (pieces of 7: seq 15 and 18 fall inside,
    of 10: 11 starts a piece and 20 ends one)."""
    import tellerguard.central.verify as central_verify

    monkeypatch.setattr(central_verify, "CHUNK", chunk)
    assert cli(*ship_args(workstation, dsn))[0] == 0
    assert verify_centre(dsn, jobs=2, parallel_from=0).ok
    db.execute("SET session_replication_role = replica")
    for seq in (15, 20):
        (stored,) = db.execute("SELECT record FROM events WHERE seq = %s", (seq,)).fetchone()
        db.execute(
            "UPDATE events SET record = %s WHERE seq = %s",
            (edit_record(bytes(stored), b"teller01", b"teller02"), seq),
        )
    db.execute("UPDATE events SET prev_hash = hash WHERE seq = 11")
    db.execute("DELETE FROM events WHERE seq IN (18, 21)")
    parallel = verify_centre(dsn, jobs=2, parallel_from=0)
    alone = verify_centre(dsn, jobs=1)
    assert not parallel.ok
    assert sorted(parallel.stores[0].problems) == sorted(alone.stores[0].problems)
    problems = "\n".join(parallel.stores[0].problems)
    for expected in (
        "seq 11: prev_hash is not the hash of seq 10",
        "seq 15: the stored hash does not match the record bytes",
        "seq 20: the stored hash does not match the record bytes",
        "seq 19 follows seq 17: events missing",
        "seq 22 follows seq 20: events missing",
        "is not the last event held",
    ):
        assert expected in problems


def test_deep_verify_finds_a_column_that_is_not_what_its_record_says(
    workstation: Settings, dsn: str, db: Connection
) -> None:
    """The columns are read out of the records on the workstation (central/columns.py): a
    column changed at the centre (or sent wrong) leaves the chain whole, and --deep finds it."""
    assert cli(*ship_args(workstation, dsn))[0] == 0
    status, out, _ = cli("central", "verify", "--dsn", dsn, "--quiet", "--deep")
    assert status == 0, out
    db.execute("SET session_replication_role = replica")
    db.execute("UPDATE events SET customer_id = '110101********0000' WHERE seq = 16")
    assert cli("central", "verify", "--dsn", dsn, "--quiet")[0] == 0
    status, out, _ = cli("central", "verify", "--dsn", dsn, "--quiet", "--deep")
    assert status == 1
    assert "seq 16: the stored columns differ from what its record says" in out
