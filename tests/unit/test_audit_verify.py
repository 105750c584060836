"""Verification catches every kind of tampering done through raw SQLite or the file itself:
a flipped byte, a deleted row, a truncated table, an edited trigger, reordered rows, a
recomputed chain (with a checkpoint), an operator's role changed by hand."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tellerguard.audit.canonical import GENESIS, chain_hash
from tellerguard.audit.checkpoint import read_checkpoint, write_checkpoint
from tellerguard.audit.errors import StoreTamperedError
from tellerguard.audit.schema import EVENTS_DDL, USERS_DDL
from tellerguard.audit.verify import CheckpointResult, VerifyReport, verify_store
from tellerguard.config import Settings
from tellerguard.domain.clock import ManualClock
from tellerguard.services.audit_ops import seal_day, verify_workstation
from tellerguard.services.counter import Counter
from tests.unit.audit_helpers import (
    assessment,
    case,
    edit_record,
    login,
    open_ws,
    raw,
    set_up,
)

TRIGGERS = {
    name: sql
    for sql in EVENTS_DDL + USERS_DDL
    if sql.startswith("CREATE TRIGGER")
    for name in [sql.split()[2]]
}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = set_up(tmp_path)
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        for _ in range(6):
            counter.record_assessment(case(), assessment())
    return settings


def given(report: VerifyReport, path: Path) -> CheckpointResult:
    """The verdict on the checkpoint file ``path`` (the report has those beside the store too)."""
    return next(r for r in report.checkpoints if Path(r.path) == path)


def checkpointed(path: Path) -> None:
    """Move the WAL into the main file so that its bytes can be edited."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def without_triggers(path: Path, sql: str | list[str], params: tuple[object, ...] = ()) -> None:
    """Run statements as a tamperer would: drop the triggers, edit, put them back exactly."""
    conn = raw(path)
    conn.execute("BEGIN")
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    for statement in [sql] if isinstance(sql, str) else sql:
        conn.execute(statement, params)
    for ddl in TRIGGERS.values():
        conn.execute(ddl)
    conn.execute("COMMIT")
    conn.close()


def rewrite_consistently(
    path: Path,
    seq: int,
    old: bytes = b'"operator":"teller01"',
    new: bytes = b'"operator":"teller02"',
) -> None:
    """A careful tamperer's edit of event ``seq`` (teller01 → teller02), with every later hash
    recomputed and the triggers put back exactly."""
    conn = raw(path)
    rows = conn.execute("SELECT seq, CAST(record AS BLOB) FROM events ORDER BY seq").fetchall()
    prev, updates = GENESIS, []
    for number, record in rows:
        if number == seq:
            record = edit_record(record, old, new)
        digest = chain_hash(prev, number, record)
        updates.append((record, prev, digest, number))
        prev = digest
    conn.execute("BEGIN")
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.executemany("UPDATE events SET record = ?, prev_hash = ?, hash = ? WHERE seq = ?", updates)
    for ddl in TRIGGERS.values():
        conn.execute(ddl)
    conn.execute("COMMIT")
    conn.close()


def first_assessment(path: Path) -> int:
    conn = raw(path)
    seq = int(
        conn.execute("SELECT min(seq) FROM events WHERE type = 'assessment_shown'").fetchone()[0]
    )
    conn.close()
    return seq


def head_seq(path: Path) -> int:
    conn = sqlite3.connect(path)
    seq = int(conn.execute("SELECT max(seq) FROM events").fetchone()[0])
    conn.close()
    return seq


def test_an_untouched_store_verifies(settings: Settings) -> None:
    report = verify_store(settings.database_path)
    assert report.ok, report.lines()
    assert report.events == head_seq(settings.database_path) and report.first_bad_seq is None
    assert "OK" in report.lines()[0]


def test_a_flipped_byte_in_the_file_is_caught_at_its_row(settings: Settings) -> None:
    path = settings.database_path
    checkpointed(path)
    conn = sqlite3.connect(path)
    seq, ref = conn.execute(
        "SELECT seq, case_ref FROM events WHERE type = 'assessment_shown' "
        "ORDER BY seq LIMIT 1 OFFSET 2"
    ).fetchone()
    conn.close()
    conn = sqlite3.connect(path)
    (stored,) = conn.execute("SELECT record FROM events WHERE seq = ?", (seq,)).fetchone()
    conn.close()
    assert ref.encode() not in stored  # the record is a zstd frame: the flip is inside it
    data = bytearray(path.read_bytes())
    offset = data.index(stored) + len(stored) // 2
    data[offset] ^= 0x10
    path.write_bytes(bytes(data))
    report = verify_store(path)
    assert not report.ok
    assert report.first_bad_seq == seq
    assert report.problems[0].code == "hash" and "altered" in report.problems[0].message
    assert f"first broken seq: {seq}" in "\n".join(report.lines())


def test_a_deleted_row_is_caught(settings: Settings) -> None:
    path = settings.database_path
    without_triggers(path, "DELETE FROM events WHERE seq = 12")
    report = verify_store(path)
    assert not report.ok and report.first_bad_seq == 12
    codes = {(f.seq, f.code) for f in report.problems}
    assert (12, "gap") in codes and (13, "link") in codes


def test_a_truncated_tail_is_caught_only_by_a_checkpoint(
    settings: Settings, tmp_path: Path
) -> None:
    path = settings.database_path
    with open_ws(settings) as ws:
        sealed = seal_day(ws, login(ws, "supervisor01"), out=tmp_path / "seal.json")
    last = head_seq(path)
    without_triggers(path, f"DELETE FROM events WHERE seq > {sealed.checkpoint.seq - 3}")
    # The remaining chain is intact; the copy beside the store catches it unasked.
    beside = verify_store(path)
    assert {f.code for f in beside.problems} <= {"users", "checkpoint"}
    assert any(f.code == "checkpoint" for f in beside.problems)
    report = verify_store(path, checkpoints=[tmp_path / "seal.json"])
    assert not report.ok and last > report.head_seq
    message = given(report, tmp_path / "seal.json").message
    assert "removed (truncation)" in message and not given(report, tmp_path / "seal.json").ok
    # The writer refuses the truncated store at open (its local checkpoint copy pins it).
    with pytest.raises(StoreTamperedError, match="events were removed"):
        open_ws(settings)


def test_a_truncated_table_is_caught(settings: Settings) -> None:
    path = settings.database_path
    without_triggers(path, "DELETE FROM events")
    report = verify_store(path)
    assert not report.ok
    assert any(f.code == "empty" for f in report.problems)


def test_an_edited_trigger_is_caught(settings: Settings) -> None:
    path = settings.database_path
    conn = raw(path)
    conn.execute("DROP TRIGGER events_no_delete")
    conn.execute(
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events WHEN 0 "
        "BEGIN SELECT RAISE(ABORT, 'append-only'); END"
    )
    conn.close()
    report = verify_store(path)
    assert not report.ok
    assert any("trigger events_no_delete: definition differs" in f.message for f in report.problems)


def test_a_dropped_trigger_and_an_added_view_are_caught(settings: Settings) -> None:
    path = settings.database_path
    conn = raw(path)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("CREATE VIEW innocent AS SELECT seq FROM events")
    conn.close()
    messages = [f.message for f in verify_store(path).problems]
    assert "schema: trigger events_no_update: missing" in messages
    assert "schema: view innocent: not created by the program's migrations" in messages


def test_reordered_rows_are_caught(settings: Settings) -> None:
    path = settings.database_path
    # Swap two whole rows by renumbering them.
    without_triggers(
        path,
        [
            "UPDATE events SET seq = -1 WHERE seq = 10",
            "UPDATE events SET seq = 10 WHERE seq = 11",
            "UPDATE events SET seq = 11 WHERE seq = -1",
        ],
    )
    report = verify_store(path)
    assert not report.ok and report.first_bad_seq == 10
    assert {f.seq for f in report.problems if f.code == "hash"} == {10, 11}


def test_swapped_records_are_caught(settings: Settings) -> None:
    path = settings.database_path
    without_triggers(
        path,
        [
            "CREATE TEMP TABLE t AS SELECT seq, record FROM events WHERE seq IN (8, 9)",
            "UPDATE events SET record = (SELECT record FROM t WHERE t.seq = 17 - events.seq) "
            "WHERE seq IN (8, 9)",
        ],
    )
    report = verify_store(path)
    assert not report.ok and report.first_bad_seq == 8


def test_a_recomputed_chain_is_caught_by_a_checkpoint(settings: Settings, tmp_path: Path) -> None:
    """An attacker who edits an event and recomputes every later hash leaves a chain that
    verifies on its own; the signed checkpoint from before catches it."""
    path = settings.database_path
    with open_ws(settings) as ws:
        seal_day(ws, login(ws, "supervisor01"), out=tmp_path / "seal.json")
    conn = raw(path)
    rows = conn.execute("SELECT seq, CAST(record AS BLOB) FROM events ORDER BY seq").fetchall()
    conn.close()
    statements = []
    prev = GENESIS
    for seq, record in rows:
        if seq == 9:
            record = edit_record(record, b'"operator":"teller01"', b'"operator":"teller02"')
        digest = chain_hash(prev, seq, record)
        statements.append((seq, record, prev, digest))
        prev = digest
    conn = raw(path)
    conn.execute("BEGIN")
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.executemany(
        "UPDATE events SET record = ?, prev_hash = ?, hash = ? WHERE seq = ?",
        [(r, p, h, s) for s, r, p, h in statements],
    )
    for ddl in TRIGGERS.values():
        conn.execute(ddl)
    conn.execute("COMMIT")
    conn.close()
    assert not any(f.code in ("hash", "link") for f in verify_store(path).problems)
    report = verify_store(path, checkpoints=[tmp_path / "seal.json"])
    assert not report.ok
    assert "the chain was rewritten" in given(report, tmp_path / "seal.json").message


def test_a_forged_or_foreign_checkpoint_is_refused(settings: Settings, tmp_path: Path) -> None:
    with open_ws(settings) as ws:
        sealed = seal_day(ws, login(ws, "supervisor01"), out=tmp_path / "seal.json")
    forged = sealed.checkpoint.model_copy(update={"seq": sealed.checkpoint.seq - 1})
    write_checkpoint(forged, tmp_path / "forged.json")
    report = verify_store(settings.database_path, checkpoints=[tmp_path / "forged.json"])
    assert "signature does not hold" in given(report, tmp_path / "forged.json").message
    other = set_up(tmp_path / "other")
    with open_ws(other) as ws:
        seal_day(ws, login(ws, "supervisor01"), out=tmp_path / "other.json")
    report = verify_store(settings.database_path, checkpoints=[tmp_path / "other.json"])
    assert not report.ok
    (tmp_path / "junk.json").write_text("{}", encoding="utf-8")
    report = verify_store(settings.database_path, checkpoints=[tmp_path / "junk.json"])
    assert "not a valid checkpoint" in given(report, tmp_path / "junk.json").message
    assert read_checkpoint(tmp_path / "seal.json").signature_holds()


def test_a_clock_going_backwards_is_a_warning_not_a_failure(
    tmp_path: Path, clock: ManualClock
) -> None:
    settings = set_up(tmp_path)
    with open_ws(settings, clock=clock) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        counter.record_assessment(case(), assessment())
        clock.advance(-timedelta(hours=2))  # the PC's clock was corrected
        counter.record_assessment(case(), assessment())
        clock.set(datetime.fromisoformat("2026-11-25T12:00:00+08:00"))
        counter.record_assessment(case(), assessment())
    report = verify_store(settings.database_path)
    assert report.ok and report.warning_count >= 1
    assert "time goes backwards" in report.warnings[0].message


def test_an_operator_promoted_by_hand_is_caught_and_cannot_sign_in(settings: Settings) -> None:
    path = settings.database_path
    without_triggers(path, "UPDATE users SET role = 'supervisor' WHERE username = 'teller01'")
    report = verify_store(path)
    assert not report.ok
    assert any("teller01" in f.message and "role" in f.message for f in report.problems)
    with open_ws(settings) as ws, pytest.raises(StoreTamperedError) as info:
        login(ws, "teller01")
    assert info.value.message_zh.startswith("操作员记录被改动")


def test_a_password_hash_swapped_by_hand_is_caught(settings: Settings) -> None:
    path = settings.database_path
    without_triggers(
        path,
        "UPDATE users SET password_hash = (SELECT password_hash FROM users "
        "WHERE username = 'teller01') WHERE username = 'supervisor01'",
    )
    report = verify_store(path)
    assert any("supervisor01" in f.message and "credential" in f.message for f in report.problems)


def test_an_operator_change_without_its_event_is_refused_by_the_database(
    settings: Settings,
) -> None:
    conn = raw(settings.database_path)
    with pytest.raises(sqlite3.IntegrityError, match="needs its audit event"):
        conn.execute("UPDATE users SET role = 'supervisor' WHERE username = 'teller01'")
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        conn.execute("DELETE FROM users WHERE username = 'teller01'")
    conn.close()


def test_deep_verification_catches_an_edited_derived_column(settings: Settings) -> None:
    path = settings.database_path
    checkpointed(path)
    original = path.read_bytes()
    # The stored level column sits in the row before the record, without JSON quotes; the
    # level index holds the same bytes unquoted, so each such place is tried in turn.
    caught = 0
    at = original.find(b"manager_approval")
    while at >= 0:
        if original[at - 1] != ord('"'):
            data = bytearray(original)
            data[at : at + 16] = b"notice__________"[:16]
            path.write_bytes(bytes(data))
            assert verify_store(path).ok  # the chain itself is intact
            deep = verify_store(path, deep=True)
            assert not deep.ok
            caught += any(f.code == "derived" for f in deep.problems)
        at = original.find(b"manager_approval", at + 1)
    assert caught >= 1


def test_verification_is_recorded_and_works_on_a_read_only_file(settings: Settings) -> None:
    with open_ws(settings) as ws:
        outcome = verify_workstation(ws, login(ws, "supervisor01"), deep=True)
        assert outcome.report.ok and outcome.receipt is not None
        event = ws.store.event(outcome.receipt.seq)
        assert event is not None and event.data()["type"] == "audit_verified"
    path = settings.database_path
    checkpointed(path)
    path.chmod(0o444)
    try:
        assert verify_store(path).ok
    finally:
        path.chmod(0o644)


def test_a_flipped_bit_inside_the_dictionary_is_caught_at_its_event(settings: Settings) -> None:
    """The zstd dictionary is carried in store_created's record: a flipped bit in it changes
    that record, so the chain breaks at seq 1 (and nothing else needs trusting)."""
    path = settings.database_path
    checkpointed(path)
    conn = sqlite3.connect(path)
    (first,) = conn.execute("SELECT record FROM events WHERE seq = 1").fetchone()
    conn.close()
    start = bytes(first).index(b'"zstd":"') + 5000  # well inside the base64 dictionary
    needle = bytes(first)[start : start + 24]
    data = bytearray(path.read_bytes())
    offset = data.index(needle) + 12  # the record spills onto overflow pages: find its bytes
    data[offset] = ord("A") if data[offset] != ord("A") else ord("B")
    path.write_bytes(bytes(data))
    report = verify_store(path)
    assert not report.ok
    assert report.first_bad_seq == 1
    assert report.problems[0].code == "hash" and "altered" in report.problems[0].message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"operator":"teller01"', b'"operator": "teller01"'),  # whitespace
        (
            b'"outcome":"success"',
            b'"outcome":"succ\\u0065ss"',
        ),  # an escape canonical JSON never writes
        (b'{"at":', b'{"zz":1,"at":'),  # keys out of order
    ],
)
def test_deep_verification_finds_a_record_that_is_not_in_the_canonical_form(
    settings: Settings, old: bytes, new: bytes
) -> None:
    # Its hashes recomputed, so only the deep check can tell: the specification says every
    # record is canonical JSON, and a third party's reader may rely on it.
    path = settings.database_path
    seq = first_assessment(path)
    rewrite_consistently(path, seq, old, new)
    assert not any(p.seq == seq and p.code == "hash" for p in verify_store(path).problems)
    deep = verify_store(path, deep=True)
    assert any(
        p.seq == seq and p.code == "record" and "canonical form" in p.message for p in deep.problems
    ), deep.lines()


def test_deep_verification_checks_the_names_of_sealed_values_in_a_record_not_canonical(
    settings: Settings,
) -> None:
    path = settings.database_path
    seq = first_assessment(path)
    rewrite_consistently(path, seq, b'"c":"~1"', b'"c": "~9"')
    messages = [p.message for p in verify_store(path, deep=True).problems if p.seq == seq]
    assert any("canonical form" in m for m in messages), messages
    assert any("not named ~0, ~1" in m for m in messages), messages


@pytest.mark.parametrize(
    ("old", "new", "found"),
    [
        (b'"c":"~1"', b'"c":"~9"', "not named ~0, ~1"),
        (b'"c":"~1"', b'"c":"~0"', "not named ~0, ~1"),
        (b',"sealed":"', b',"sealeD":"', "does not hold"),
    ],
)
def test_deep_verification_finds_sealed_values_that_name_their_ciphertext_wrong(
    settings: Settings, old: bytes, new: bytes, found: str
) -> None:
    path = settings.database_path
    seq = first_assessment(path)
    rewrite_consistently(path, seq, old, new)
    deep = verify_store(path, deep=True)
    assert any(p.seq == seq and found in p.message for p in deep.problems), deep.lines()


def test_the_sealed_references_found_in_the_text_are_those_a_walk_of_the_payload_finds(
    settings: Settings,
) -> None:
    # Every record of a demo branch (every event type a counter writes, dictionary 1) and of
    # this store: --deep reads the references from the canonical text instead of walking.
    from tellerguard.audit.record import decode_record, record_data
    from tellerguard.audit.verify import _SEALED_REF
    from tellerguard.domain.sealed import sealed_values

    demo = Path(__file__).resolve().parents[1] / "data" / "store_v5" / "v5.sqlite3"
    compared = 0
    # The fixture immutable: a read-only connection would still leave -wal and -shm files
    # beside it in the source tree.
    for uri in (f"file:{demo}?mode=ro&immutable=1", f"file:{settings.database_path}?mode=ro"):
        conn = sqlite3.connect(uri, uri=True)
        for (stored,) in conn.execute("SELECT CAST(record AS BLOB) FROM events"):
            text = decode_record(bytes(stored))
            payload = record_data(text)["payload"]
            walked = [
                str(v["c"])[1:] for v in sealed_values(payload) if str(v["c"]).startswith("~")
            ]
            found = [ref.decode() for ref in _SEALED_REF.findall(text)]
            assert sorted(found) == sorted(walked)
            compared += bool(walked)
        conn.close()
    assert compared > 100
