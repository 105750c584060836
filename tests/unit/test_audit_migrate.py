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
from pathlib import Path

import pytest

from tellerguard.audit.record import ZSTD_MAGIC
from tellerguard.audit.schema import LEAN_COLUMNS
from tellerguard.audit.verify import verify_store
from tellerguard.cli import main
from tellerguard.services.demo import demo_settings
from tests.unit.audit_helpers import open_ws

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "store_v4"


def old_store(tmp_path: Path) -> Path:
    folder = tmp_path / "branch"
    shutil.copytree(FIXTURE, folder)
    # git keeps no file modes beyond the executable bit: key files come out of a clone
    # readable by everyone, which the store rightly refuses; a workstation's are owner-only.
    for key_file in (folder / "old-keys").iterdir():
        key_file.chmod(0o600)
    return folder / "old.sqlite3"


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
        assert migrated.data()["payload"]["migrations"] == ["0005_lean_record"]
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


def test_a_kill_during_the_migration_leaves_the_old_store_intact(tmp_path: Path) -> None:
    path = old_store(tmp_path)
    old_rows = rows(path, 10**9)
    # A real process opens the store (which migrates it) and is killed with SIGKILL as soon
    # as the rebuilt table is being written: the migration is one transaction.
    script = (
        "import os, signal, sqlite3\n"
        "from tellerguard.audit import schema\n"
        "from tellerguard.services.demo import demo_settings\n"
        "from tellerguard.services.workstation import open_workstation\n"
        "original = schema._run\n"
        "def dying(db, statements):\n"
        "    statements = list(statements)\n"
        "    for s in statements:\n"
        "        db.execute(s)\n"
        "        if s.startswith('DROP TABLE events'):\n"
        "            os.kill(os.getpid(), signal.SIGKILL)\n"
        "schema._run = dying\n"
        f"open_workstation(demo_settings({str(path)!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[2])
    assert done.returncode == -9
    assert rows(path, 10**9) == old_rows
    report = verify_store(path)
    assert report.ok, report.lines()
    with open_ws(demo_settings(path)) as ws:  # and the next open migrates it
        assert ws.store.dict_id is not None
    assert verify_store(path, deep=True).ok


def test_audit_migrate_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = old_store(tmp_path)
    assert main(["audit", "migrate", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "migrated (0005_lean_record); events 1..163 kept byte for byte" in out
    assert "store_migrated recorded as seq 164" in out
    assert f"verified backup of the store as it was: {path}.before-lean-163.sqlite3" in out
    assert main(["audit", "migrate", "--db", str(path)]) == 0
    assert "already in the current format (head seq 164)" in capsys.readouterr().out
    assert main(["audit", "migrate", "--db", str(tmp_path / "missing.sqlite3")]) == 2
    assert "audit store not found" in capsys.readouterr().err
