"""The audit store: append-only chain, one writer, durable set-up, clear errors on bad input."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest

from tellerguard.audit.canonical import GENESIS, chain_hash, format_time
from tellerguard.audit.errors import (
    AuditError,
    EventError,
    KeyFileError,
    StoreCorruptError,
    StoreLockedError,
    StoreMismatchError,
    StoreNotFoundError,
    StoreReadOnlyError,
    StoreTamperedError,
    StoreWriteError,
)
from tellerguard.audit.keys import BranchKeys, WorkstationSigner
from tellerguard.audit.record import ZSTD_MAGIC, decode_record
from tellerguard.audit.schema import schema_problems
from tellerguard.audit.store import AuditReader, AuditStore, StoreIdentity
from tellerguard.audit.verify import verify_store
from tellerguard.domain.assessment import RulePackRef
from tellerguard.domain.clock import ManualClock
from tellerguard.domain.events import (
    RulePackLoaded,
)
from tests.conftest import TEST_NOW
from tests.unit.audit_helpers import edit_record, raw

IDENTITY = StoreIdentity("B4101", "郑州中原支行", "410102", "counter-01")
PACK_EVENT = RulePackLoaded(
    rule_pack=RulePackRef(id="default", version="1", sha256="c" * 64),
    source="rules/default",
    rules=40,
)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def keys() -> tuple[BranchKeys, WorkstationSigner]:
    return BranchKeys.generate("B4101", TEST_NOW), WorkstationSigner.generate()


def new_store(path: Path, keys: tuple[BranchKeys, WorkstationSigner]) -> AuditStore:
    return AuditStore.open(path, identity=IDENTITY, keys=keys[0], signer=keys[1], create=True)


def count(path: Path) -> int:
    with AuditReader(path) as reader:
        return int(reader.conn.execute("SELECT count(*) FROM events").fetchone()[0])


def test_a_new_store_starts_with_store_created_and_chains_every_event(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    path = tmp_path / "a.db"
    with new_store(path, keys) as store:
        receipts = [store.append(PACK_EVENT, operator="rules01") for _ in range(5)]
        assert [r.seq for r in receipts] == [2, 3, 4, 5, 6]
        assert store.head.seq == 6 and store.head.hash_hex == receipts[-1].hash
        assert receipts[0].short.startswith("#2 ")
        info = store.info()
        assert info.branch == "B4101" and info.key_id == keys[0].key_id
        assert info.signing_key == keys[1].public_key_hex
    with AuditReader(path) as reader:
        rows = reader.conn.execute(
            "SELECT seq, CAST(record AS BLOB), prev_hash, hash, at, type FROM events ORDER BY seq"
        ).fetchall()
    prev = GENESIS
    kinds = []
    for seq, record, prev_hash, digest, at, kind in rows:
        assert prev_hash == prev and chain_hash(prev, seq, record) == digest
        # The first record is JSON text; every later one a zstd frame of its JSON text.
        text = decode_record(record)
        assert record.startswith(b'{"at":') if seq == 1 else record.startswith(ZSTD_MAGIC)
        assert at.endswith("+08:00") and len(at) == 32 and text.startswith(b'{"at":')
        kinds.append(kind)
        prev = digest
    assert kinds[:2] == ["store_created", "rule_pack_loaded"]


def test_the_record_is_canonical_json_in_utf8(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    with new_store(tmp_path / "a.db", keys) as store:
        store.append(
            RulePackLoaded(rule_pack=PACK_EVENT.rule_pack, source="规则/默认"), operator="rules01"
        )
        record = store.event(2)
        assert record is not None
    import json

    data = json.loads(record.text)
    assert record.text == json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    assert "规则/默认".encode() in record.text


def test_update_and_delete_are_refused_by_the_database_and_by_the_writer(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    path = tmp_path / "a.db"
    with new_store(path, keys) as store:
        store.append(PACK_EVENT, operator="rules01")
        for sql in (
            "UPDATE events SET record = '{}' WHERE seq = 2",
            "DELETE FROM events",
            "DROP TRIGGER events_no_update",
            "PRAGMA writable_schema = ON",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
                store.conn.execute(sql)
    conn = raw(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only: UPDATE"):
        conn.execute("UPDATE events SET record = '{}' WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only: DELETE"):
        conn.execute("DELETE FROM events WHERE seq = 2")
    with pytest.raises(sqlite3.IntegrityError, match="continue the chain"):
        conn.execute(
            "INSERT INTO events (seq, record, prev_hash, hash, at, branch, workstation, "
            "operator, type, outcome) VALUES "
            '(9, CAST(\'{"at":"x","branch":"b","workstation":"w","operator":"o",'
            '"type":"t","outcome":"success"}\' AS BLOB), zeroblob(32), zeroblob(32), '
            "'x', 'b', 'w', 'o', 't', 'success')"
        )
    conn.close()
    assert count(path) == 2 and verify_store(path).ok


def test_a_second_writer_is_refused_in_this_process_and_in_another(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    path = tmp_path / "a.db"
    with new_store(path, keys):
        with pytest.raises(StoreLockedError, match="only one writer"):
            AuditStore.open(path, identity=IDENTITY, keys=keys[0], signer=keys[1])
        child = subprocess.run(
            [
                sys.executable,
                "-c",
                textwrap.dedent(f"""
                from pathlib import Path
                from tellerguard.audit.errors import StoreLockedError
                from tellerguard.audit.store import AuditStore, StoreIdentity
                try:
                    AuditStore.open(Path({str(path)!r}), identity=StoreIdentity(
                        "B4101", "x", "410102", "counter-01"), keys=None, signer=None)
                except StoreLockedError as exc:
                    print("refused:", exc.message_zh)
                """),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
        assert "refused: 审计记录库正被另一个 TellerGuard 程序使用" in child.stdout, child.stderr
        # Readers are fine meanwhile.
        assert verify_store(path).ok
    # Once the writer has closed, the store opens again.
    AuditStore.open(path, identity=IDENTITY, keys=keys[0], signer=keys[1]).close()


def test_unknown_event_type_and_invalid_payload_write_nothing(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    path = tmp_path / "a.db"
    with new_store(path, keys) as store:
        with pytest.raises(EventError, match="unknown event type 'coffee_break'"):
            store.append_raw("coffee_break", {}, operator="teller01")
        with pytest.raises(EventError) as info:
            store.append_raw(
                "rule_pack_loaded",
                {"rule_pack": {"id": "x"}, "source": 3, "extra": 1},
                operator="rules01",
            )
        assert any(p.startswith("rule_pack.version") for p in info.value.problems)
        assert any("extra" in p for p in info.value.problems)
        with pytest.raises(EventError, match="not a valid operator"):
            store.append(PACK_EVENT, operator="Robert'); DROP TABLE")
        with pytest.raises(EventError, match="source"):  # a lone surrogate is not text
            store.append_raw(
                "rule_pack_loaded",
                {**PACK_EVENT.model_dump(mode="json"), "source": "\ud800"},
                operator="rules01",
            )
        good = store.append_raw(
            "rule_pack_loaded", PACK_EVENT.model_dump(mode="json"), operator="rules01"
        )
        assert good.seq == 2
    assert count(path) == 2


def test_a_failed_transaction_leaves_nothing_and_the_head_unchanged(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    path = tmp_path / "a.db"
    with new_store(path, keys) as store:
        with pytest.raises(RuntimeError), store.transaction() as tx:
            tx.append(PACK_EVENT, operator="rules01")
            tx.append(PACK_EVENT, operator="rules01")
            raise RuntimeError("power cut in the middle")
        assert store.head.seq == 1
        assert store.append(PACK_EVENT, operator="rules01").seq == 2
    assert count(path) == 2 and verify_store(path).ok


def test_missing_read_only_and_corrupt_files_give_clear_errors(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    with pytest.raises(StoreNotFoundError, match="not found"):
        AuditStore.open(tmp_path / "nope.db", identity=IDENTITY, keys=keys[0], signer=keys[1])
    with pytest.raises(StoreNotFoundError):
        AuditReader(tmp_path / "nope.db")
    path = tmp_path / "a.db"
    new_store(path, keys).close()
    os.chmod(path, 0o444)
    try:
        with pytest.raises(StoreReadOnlyError, match="read-only") as info:
            AuditStore.open(path, identity=IDENTITY, keys=keys[0], signer=keys[1])
        assert info.value.message_zh.startswith("审计记录库文件为只读")
        assert verify_store(path).ok  # reading still works
    finally:
        os.chmod(path, 0o644)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not an SQLite database, just some text " * 100)
    with pytest.raises(StoreCorruptError, match="not a usable SQLite database"):
        AuditStore.open(junk, identity=IDENTITY, keys=keys[0], signer=keys[1])
    with pytest.raises(StoreCorruptError):
        verify_store(junk)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StoreNotFoundError, match="not a TellerGuard audit store"):
        AuditStore.open(other, identity=IDENTITY, keys=keys[0], signer=keys[1])
    assert junk.read_bytes().startswith(b"this is not")  # nothing was written into it


def test_the_writer_refuses_a_store_of_another_branch_or_key(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    path = tmp_path / "a.db"
    new_store(path, keys).close()
    with pytest.raises(StoreMismatchError, match="belongs to branch 'B4101'"):
        AuditStore.open(
            path,
            identity=StoreIdentity("B9999", "x", "410102", "counter-01"),
            keys=keys[0],
            signer=keys[1],
        )
    with pytest.raises(StoreMismatchError, match="not the key of this store"):
        AuditStore.open(
            path, identity=IDENTITY, keys=BranchKeys.generate("B4101", TEST_NOW), signer=keys[1]
        )
    with pytest.raises(StoreMismatchError, match="signing key"):
        AuditStore.open(path, identity=IDENTITY, keys=keys[0], signer=WorkstationSigner.generate())
    with (
        AuditStore.open(path, identity=IDENTITY, keys=None, signer=None) as store,
        pytest.raises(KeyFileError, match="branch keys are not loaded"),
    ):
        _ = store.cipher


@pytest.mark.parametrize("damage", ["trigger", "last_row", "deleted_row", "extra_index"])
def test_the_writer_refuses_to_append_to_a_damaged_store(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner], damage: str
) -> None:
    path = tmp_path / "a.db"
    with new_store(path, keys) as store:
        for _ in range(4):
            store.append(PACK_EVENT, operator="rules01")
    conn = raw(path)
    if damage == "trigger":
        conn.execute("DROP TRIGGER events_no_delete")
        conn.execute("CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT 1; END")
    elif damage == "last_row":
        conn.execute("DROP TRIGGER events_no_update")
        (stored,) = conn.execute("SELECT record FROM events WHERE seq = 5").fetchone()
        conn.execute(
            "UPDATE events SET record = ? WHERE seq = 5",
            (edit_record(stored, b"rules01", b"rules02"),),
        )
    elif damage == "deleted_row":
        conn.execute("DROP TRIGGER events_no_delete")
        conn.execute("DELETE FROM events WHERE seq = 3")
    else:
        conn.execute("CREATE INDEX sneaky ON events (operator)")
    conn.close()
    with pytest.raises(StoreTamperedError) as info:
        AuditStore.open(path, identity=IDENTITY, keys=keys[0], signer=keys[1])
    assert "refusing" in str(info.value) or "schema check failed" in str(info.value)
    assert info.value.message_zh.startswith("审计记录校验未通过")


def test_schema_of_a_fresh_store_matches_the_migrations(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    path = tmp_path / "a.db"
    new_store(path, keys).close()
    conn = sqlite3.connect(path)
    assert schema_problems(conn) == []
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    index = conn.execute(
        "SELECT name FROM sqlite_master WHERE tbl_name = '_sqlite_migrations' AND type = 'index'"
    ).fetchall()
    assert index, "the bookkeeping table's unique index must exist"
    conn.close()


SET_UP_LOOP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from tests.unit.audit_helpers import make_settings, FAST
    from tellerguard.services.workstation import init_workstation
    root = Path(sys.argv[1])
    for i in range(10_000):
        folder = root / f"w{i}"
        folder.mkdir()
        init_workstation(make_settings(folder), "admin01", "Admin#2026xx",
                         "backup passphrase 2026", passwords=FAST, scrypt_n=2**14)
        print(i, flush=True)
""")


def test_a_kill_during_set_up_leaves_nothing_or_a_complete_store(tmp_path: Path) -> None:
    """A child sets up workstations in a loop and is SIGKILLed at random moments, so kills
    land in every phase (keys, key backup, store creation, first administrator). Every
    completed set-up verifies; the interrupted one completes when ``init`` runs again."""
    import random

    from tellerguard.services.workstation import init_workstation
    from tests.unit.audit_helpers import FAST, make_settings, open_ws

    rng = random.Random(11)
    for attempt in range(4):
        root = tmp_path / f"run{attempt}"
        root.mkdir()
        child = subprocess.Popen(
            [sys.executable, "-c", SET_UP_LOOP, str(root)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # started: now kill at a random moment
        assert first.strip() == "0", child.stderr.read() if child.stderr else ""
        time.sleep(rng.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
        done = [int(line) for line in (first + rest).split()]
        for i in done:
            assert verify_store(make_settings(root / f"w{i}").database_path).ok
        interrupted = root / f"w{done[-1] + 1}"
        if not interrupted.exists():
            continue
        settings = make_settings(interrupted)
        db = settings.database_path
        if db.exists():
            conn = sqlite3.connect(db)
            if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                assert schema_problems(conn) == []  # never a half-made schema
            conn.close()
        try:
            init_workstation(
                settings,
                "admin01",
                "Admin#2026xx",
                "backup passphrase 2026",
                passwords=FAST,
                scrypt_n=2**14,
            )
        except AuditError as exc:  # killed after finishing, before printing
            assert "already set up" in str(exc)
        assert verify_store(db).ok
        with open_ws(settings) as ws:
            assert ws.login("admin01", "Admin#2026xx").role == "it_admin"


def test_the_store_is_written_with_wal_and_full_sync(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    with new_store(tmp_path / "a.db", keys) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.conn.execute("PRAGMA mmap_size").fetchone()[0] == 0
    with AuditReader(tmp_path / "a.db") as reader:
        assert reader.conn.execute("PRAGMA query_only").fetchone()[0] == 1
        with pytest.raises(sqlite3.OperationalError):
            reader.conn.execute("INSERT INTO events (seq) VALUES (99)")


def test_a_bulk_fill_commits_whole_events_in_batches_and_keeps_them_however_it_ends(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    path = tmp_path / "a.db"
    with new_store(path, keys) as store:
        with store.bulk_fill(events_per_commit=3):
            for _ in range(2):
                store.append(PACK_EVENT, operator="admin01")
            assert count(path) == 1  # another connection sees only store_created yet
            with store.transaction() as tx:  # nested: no commit between its events
                tx.append(PACK_EVENT, operator="admin01")
                tx.append(PACK_EVENT, operator="admin01")
            assert count(path) == 5  # the batch of 3 was due: committed
            with pytest.raises(EventError):  # a bad append inside leaves nothing
                store.append_raw("rule_pack_loaded", {"rules": "many"}, operator="admin01")
            store.append(PACK_EVENT, operator="admin01")
            assert count(path) == 5
        assert count(path) == store.head.seq == 6  # committed at the end
        with pytest.raises(RuntimeError), store.bulk_fill():
            store.append(PACK_EVENT, operator="admin01")
            raise RuntimeError("the demo failed half-way")
        assert count(path) == store.head.seq == 7  # the whole event before the failure kept
        with (
            store.bulk_fill(),
            pytest.raises(AuditError, match="already under way"),
            store.bulk_fill(),
        ):
            pass
        with store.bulk_fill():
            store.append(PACK_EVENT, operator="admin01")
            store.make_durable()  # before a seal's file names it
            assert count(path) == store.head.seq == 8
            with pytest.raises(AuditError, match="inside a transaction"), store.transaction():
                store.make_durable()
        store.make_durable()  # outside a fill: nothing to do
        store.append(PACK_EVENT, operator="admin01")  # counter work commits on its own again
        assert count(path) == store.head.seq == 9
        assert not store.conn.in_transaction
    assert verify_store(path).ok


def test_a_window_start_found_inside_an_undone_transaction_is_not_kept(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner], clock: ManualClock
) -> None:
    moment = format_time(TEST_NOW + timedelta(hours=1))
    with new_store(tmp_path / "a.db", keys) as store:
        assert store.first_seq_since(moment) is None
        clock.set(TEST_NOW + timedelta(hours=2))
        with pytest.raises(RuntimeError), store.transaction() as tx:
            tx.append(PACK_EVENT, operator="admin01")
            assert store.first_seq_since(moment) == 2  # the event not yet committed
            raise RuntimeError("the teller cancelled")
        clock.set(TEST_NOW)  # the next event takes seq 2 again, stamped before the moment
        store.append(PACK_EVENT, operator="admin01")
        assert store.first_seq_since(moment) is None
        clock.set(TEST_NOW + timedelta(hours=3))
        store.append(PACK_EVENT, operator="admin01")
        assert store.first_seq_since(moment) == 3
        assert store.first_seq_since(moment) == 3  # kept: later events only come after it


def test_write_errors_are_reported_and_the_head_resynchronised(
    tmp_path: Path, keys: tuple[BranchKeys, WorkstationSigner]
) -> None:
    with new_store(tmp_path / "a.db", keys) as store:
        store.append(PACK_EVENT, operator="rules01")
        store.head = type(store.head)(1, store.head.hash)  # as if a commit had been lost
        with pytest.raises(StoreWriteError, match="refused"):
            store.append(PACK_EVENT, operator="rules01")
        assert store.head.seq == 2
        assert store.append(PACK_EVENT, operator="rules01").seq == 3
