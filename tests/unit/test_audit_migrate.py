"""Stores written before the lean record (migrations 0001-0004, records as JSON text in STORED
generated columns) keep working: opened by this program they are backed up (verified), their
table rebuilt with every record byte kept, and new records are zstd frames from a seq on.

``tests/data/store_v4`` is a demo branch written by the program of commit afbe307 (the last
one before the lean record): ``tellerguard demo --events 150 --seed 3``.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import zstandard

from tellerguard.audit.export_rows import ExportRequest, ExportRows
from tellerguard.audit.keys import FieldCipher
from tellerguard.audit.record import DICTIONARY_ID, ZSTD_MAGIC
from tellerguard.audit.schema import LEAN_COLUMNS
from tellerguard.audit.store import AuditReader
from tellerguard.audit.verify import verify_store
from tellerguard.cli import main
from tellerguard.domain.events import EVENT_TYPES
from tellerguard.services.demo import demo_settings
from tests.unit.audit_helpers import open_ws

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "store_v4"


def copied_store(tmp_path: Path, fixture: Path, name: str) -> Path:
    """A copy of a fixture branch (``NAME.sqlite3``, ``NAME-keys``) to open and change."""
    folder = tmp_path / "branch"
    shutil.copytree(fixture, folder)
    # git keeps no file modes beyond the executable bit: key files come out of a clone
    # readable by everyone, which the store rightly refuses; a workstation's are owner-only.
    for key_file in (folder / f"{name}-keys").iterdir():
        key_file.chmod(0o600)
    return folder / f"{name}.sqlite3"


def old_store(tmp_path: Path) -> Path:
    return copied_store(tmp_path, FIXTURE, "old")


def as_text(column: str) -> str:
    """A column as an export reads it: the lookup hashes (now 32 bytes) as hex text."""
    return f"CASE typeof({column}) WHEN 'blob' THEN lower(hex({column})) ELSE {column} END"


def rows(path: Path, last: int) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(
            f"SELECT seq, prev_hash, hash, {', '.join(map(as_text, LEAN_COLUMNS))}, "
            "CAST(record AS BLOB) "
            "FROM events WHERE seq <= ? ORDER BY seq",
            (last,),
        ).fetchall()
    finally:
        conn.close()


def test_an_old_store_is_backed_up_migrated_and_verifies_across_the_boundary(
    tmp_path: Path,
) -> None:
    path = old_store(tmp_path)
    before = verify_store(path)
    assert before.ok, before.lines()
    old_head = before.head_seq
    old_rows = rows(path, old_head)
    settings = demo_settings(path)
    with open_ws(settings) as ws:
        backup = ws.store.migration_backup
        migrated = ws.store.event(old_head + 1)
        assert migrated is not None and migrated.event_type == "store_migrated"
        assert migrated.data()["payload"]["migrations"] == [
            "0005_lean_record",
            "0006_record_dictionary_2",
        ]
        assert migrated.data()["payload"]["record_dictionary"]["dict_id"] == ws.store.dict_id
        ws.login("supervisor01", "Super#2026")  # a new event, after the boundary
        head = ws.store.head.seq
        assert ws.store.event(head) is not None
    assert backup is not None and verify_store(backup).ok  # the verified copy beside it
    assert rows(backup, old_head) == old_rows
    # Every old row: the same record bytes, hashes and column values (what exports read).
    assert rows(path, old_head) == old_rows
    conn = sqlite3.connect(path)
    (stored,) = conn.execute("SELECT record FROM events WHERE seq = ?", (head,)).fetchone()
    conn.close()
    assert bytes(stored).startswith(ZSTD_MAGIC)
    # The chain runs across the boundary; the old checkpoint files beside it still verify.
    report = verify_store(path, deep=True)
    assert report.ok, report.lines()
    assert report.head_seq == head
    assert report.sealed_through is not None and report.sealed_through <= old_head
    assert all(c.ok for c in report.checkpoints) and len(report.checkpoints) == 2


def killed_in_the_migration(path: Path, patch: str) -> int | None:
    """Open the store in a real child process with ``patch`` applied first (it kills the child
    with SIGKILL inside the migration's transaction): the store must be exactly as it was and
    verify, and the next open must migrate it. The dictionary new records then use."""
    old_rows = rows(path, 10**9)
    script = (
        "import os, signal\n"
        "from tellerguard.services.demo import demo_settings\n"
        "from tellerguard.services.workstation import open_workstation\n"
        f"{patch}"
        f"open_workstation(demo_settings({str(path)!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[2])
    assert done.returncode == -9
    assert rows(path, 10**9) == old_rows
    report = verify_store(path)
    assert report.ok, report.lines()
    with open_ws(demo_settings(path)) as ws:  # and the next open migrates it
        dict_id = ws.store.dict_id
    assert verify_store(path, deep=True).ok
    return dict_id


def test_a_kill_during_the_migration_leaves_the_old_store_intact(tmp_path: Path) -> None:
    # Killed as soon as the rebuilt table is being written: the migration is one transaction.
    patch = (
        "from tellerguard.audit import schema\n"
        "def dying(db, statements):\n"
        "    for s in list(statements):\n"
        "        db.execute(s)\n"
        "        if s.startswith('DROP TABLE events'):\n"
        "            os.kill(os.getpid(), signal.SIGKILL)\n"
        "schema._run = dying\n"
    )
    assert killed_in_the_migration(old_store(tmp_path), patch) == DICTIONARY_ID


# -- 0006: records compressed with dictionary 2 from a seq on -------------------------------

FIXTURE_V5 = Path(__file__).resolve().parents[1] / "data" / "store_v5"
"""A demo branch in the lean format with dictionary 1, written by the program of commit
cdca667 (the last one before dictionary 2): ``faketime '2026-12-06 16:00:00' tellerguard
demo --events 150 --seed 3``."""
FIRST_DICTIONARY = 0x54470001


def v5_store(tmp_path: Path) -> Path:
    return copied_store(tmp_path, FIXTURE_V5, "v5")


def frame_dictionary(path: Path, seq: int) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (stored,) = conn.execute("SELECT record FROM events WHERE seq = ?", (seq,)).fetchone()
    finally:
        conn.close()
    assert bytes(stored).startswith(ZSTD_MAGIC)
    return int(zstandard.get_frame_parameters(bytes(stored)).dict_id)


def export_rows(path: Path, cipher: FieldCipher, *, masked: bool) -> list[tuple[object, ...]]:
    request = ExportRequest(date(2026, 12, 3), date(2026, 12, 4), "csv", masked=masked)
    with AuditReader(path) as reader:
        return [row for batch in ExportRows(reader, request, cipher).batches() for row in batch]


def test_a_store_of_dictionary_1_moves_to_dictionary_2_without_rewriting_a_row(
    tmp_path: Path,
) -> None:
    path = v5_store(tmp_path)
    untouched = v5_store(tmp_path / "untouched")
    before = verify_store(path)
    assert before.ok, before.lines()
    old_head = before.head_seq
    old_rows = rows(path, old_head)
    assert frame_dictionary(path, old_head) == FIRST_DICTIONARY
    with open_ws(demo_settings(path)) as ws:
        assert ws.store.migration_backup is None  # no row is rewritten: nothing to back up
        migrated = ws.store.event(old_head + 1)
        assert migrated is not None and migrated.event_type == "store_migrated"
        payload = migrated.data()["payload"]
        assert payload["migrations"] == ["0006_record_dictionary_2"]
        assert payload["record_dictionary"]["dict_id"] == DICTIONARY_ID == ws.store.dict_id
        ws.login("supervisor01", "Super#2026")  # a new event, after the boundary
        head = ws.store.head.seq
        cipher = ws.store.cipher
    assert head == old_head + 2
    assert frame_dictionary(path, head) == DICTIONARY_ID
    assert frame_dictionary(path, old_head) == FIRST_DICTIONARY
    assert rows(path, old_head) == old_rows  # every old row byte for byte
    assert list(tmp_path.rglob("*.before-*")) == []
    # What an inspector exports of the old days is the same, masked and in full.
    for masked in (True, False):
        old_export = export_rows(untouched, cipher, masked=masked)
        assert len(old_export) > 100
        assert export_rows(path, cipher, masked=masked)[: len(old_export)] == old_export
    report = verify_store(path, deep=True)
    assert report.ok, report.lines()
    assert report.head_seq == head
    assert all(c.ok for c in report.checkpoints) and len(report.checkpoints) == 2


def test_a_record_of_an_earlier_dictionary_reads_without_the_event_that_carries_it(
    tmp_path: Path,
) -> None:
    # A reader that starts mid-store (a piece of central verify) never passes the event that
    # carries dictionary 1; every packaged dictionary is known to a fresh process.
    path = v5_store(tmp_path)
    script = (
        "import json, sqlite3, sys\n"
        "from tellerguard.audit.record import decode_record\n"
        "conn = sqlite3.connect(sys.argv[1])\n"
        "(stored,) = conn.execute('SELECT record FROM events WHERE seq = 100').fetchone()\n"
        "print(json.loads(decode_record(bytes(stored)))['type'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() in EVENT_TYPES


def test_a_kill_during_the_dictionary_migration_leaves_the_store_as_it_was(
    tmp_path: Path,
) -> None:
    # Killed after store_migrated is inserted, before its transaction commits.
    patch = (
        "from tellerguard.audit import store\n"
        "original = store.Transaction.append\n"
        "def dying(self, payload, *, operator):\n"
        "    receipt = original(self, payload, operator=operator)\n"
        "    if payload.event_type == 'store_migrated':\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return receipt\n"
        "store.Transaction.append = dying\n"
    )
    assert killed_in_the_migration(v5_store(tmp_path), patch) == DICTIONARY_ID


@pytest.mark.parametrize(
    ("store", "migrations", "backup"),
    [
        (
            old_store,
            "0005_lean_record, 0006_record_dictionary_2",
            lambda path: f"verified backup of the store as it was: {path}.before-lean-163.sqlite3",
        ),
        (
            v5_store,
            "0006_record_dictionary_2",
            lambda path: "no backup needed: no stored row was rewritten",
        ),
    ],
)
def test_audit_migrate_on_the_command_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    store: Callable[[Path], Path],
    migrations: str,
    backup: Callable[[Path], str],
) -> None:
    path = store(tmp_path)
    assert main(["audit", "migrate", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"migrated ({migrations}); events 1..163 kept byte for byte" in out
    assert "store_migrated recorded as seq 164" in out
    assert backup(path) in out
    assert main(["audit", "migrate", "--db", str(path)]) == 0
    assert "already in the current format (head seq 164)" in capsys.readouterr().out
    assert main(["audit", "migrate", "--db", str(tmp_path / "missing.sqlite3")]) == 2
    assert "audit store not found" in capsys.readouterr().err
