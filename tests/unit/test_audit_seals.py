"""Verification uses every seal it can find (issue 14): the checkpoint files beside the
store, those named, and the signed seals recorded in the store itself; it says how far the
seals reach and what no seal covers; it works on a read-only copy, even as root, without
writing beside it; and the app seals often enough that the unsealed window is small."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tellerguard.audit.errors import StoreTamperedError
from tellerguard.audit.keys import WorkstationSigner
from tellerguard.audit.record import decode_record
from tellerguard.audit.verify import VerifyReport, verify_store
from tellerguard.config import Settings
from tellerguard.services.audit_ops import seal_if_due, seal_now, verify_audit
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
from tests.unit.test_audit_verify import rewrite_consistently, without_triggers

NOBODY = 65534


def _work(settings: Settings, cases: int = 3) -> None:
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        for _ in range(cases):
            counter.record_assessment(case(), assessment())


def _signed_out(settings: Settings) -> int:
    """Work, then the sign-out seal: returns the seq it pins."""
    _work(settings)
    with open_ws(settings) as ws:
        result = seal_now(ws)
        assert result is not None
        assert seal_now(ws) is None  # nothing new but the seal's own record
        return result.checkpoint.seq


def _text(report: VerifyReport) -> str:
    return "\n".join(report.lines())


def test_the_seals_beside_the_store_are_used_unasked_and_the_coverage_is_said(
    tmp_path: Path,
) -> None:
    settings = set_up(tmp_path)
    pinned = _signed_out(settings)
    report = verify_store(settings.database_path)
    assert report.ok, _text(report)
    assert report.sealed_through == pinned + 1  # the seal's own record is pinned by its file
    assert "every event is covered by a seal" in _text(report)
    _work(settings, 2)  # the sign-in and two cases after the seal
    report = verify_store(settings.database_path)
    assert f"events after seq {pinned + 1} are not yet sealed" in _text(report)
    assert "a truncation there cannot be detected here" in _text(report)


def test_dropping_just_the_last_event_is_caught_when_a_seal_covers_it(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    pinned = _signed_out(settings)
    without_triggers(settings.database_path, f"DELETE FROM events WHERE seq = {pinned + 1}")
    report = verify_store(settings.database_path)
    assert not report.ok and report.head_seq == pinned
    assert "the store has no record of this seal" in _text(report)
    assert f"the events after seq {pinned} were removed" in _text(report)
    with pytest.raises(StoreTamperedError, match="is not recorded in the store"):
        open_ws(settings)


def test_an_unsealed_tail_is_named_as_such_not_called_safe(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    pinned = _signed_out(settings)
    _work(settings, 2)
    head = verify_store(settings.database_path).head_seq
    without_triggers(settings.database_path, f"DELETE FROM events WHERE seq = {head}")
    report = verify_store(settings.database_path)
    # The users table still names the removed login event; the seals cannot see it.
    assert {f.code for f in report.problems} <= {"users"}
    assert f"events after seq {pinned + 1} are not yet sealed" in _text(report)


def test_a_copy_without_its_checkpoint_files_is_checked_by_the_seals_it_records(
    tmp_path: Path,
) -> None:
    settings = set_up(tmp_path / "ws")
    pinned = _signed_out(settings)
    copy = tmp_path / "inspector" / "audit.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(settings.database_path, copy)
    assert verify_store(copy).sealed_through == pinned  # the recorded seal, no file beside it
    rewrite_consistently(copy, pinned - 2)
    report = verify_store(copy)
    assert not report.ok
    assert f"the hash of seq {pinned} differs from the signed one" in _text(report)
    # Rewriting the recorded seal's hash too breaks its signature.
    conn = raw(copy)
    new_hash = conn.execute("SELECT lower(hex(hash)) FROM events WHERE seq = ?", (pinned,))
    value = new_hash.fetchone()[0]
    record = conn.execute("SELECT record FROM events WHERE seq = ?", (pinned + 1,)).fetchone()[0]
    data = json.loads(decode_record(record))
    old_hash = data["payload"]["hash"]
    conn.close()
    text = edit_record(record, old_hash.encode(), value.encode())
    without_triggers(copy, "UPDATE events SET record = ? WHERE seq = ?", (text, pinned + 1))
    rewrite_consistently(copy, 0)  # rehash from the start
    report = verify_store(copy)
    assert "its signature does not hold" in _text(report)


def test_a_store_rebuilt_with_a_key_of_its_own_fails_against_the_workstation_key(
    tmp_path: Path,
) -> None:
    settings = set_up(tmp_path)
    _signed_out(settings)
    alone = verify_store(settings.database_path)
    assert "the key recorded in the store's own first event" in _text(alone)
    stranger = WorkstationSigner.generate().public_key_hex
    outcome = verify_audit(settings.database_path, public_key=stranger)
    assert not outcome.report.ok
    assert "created with another signing key" in "\n".join(outcome.lines())
    right = verify_audit(settings.database_path, key_dir=settings.key_path)
    assert right.report.ok and "workstation public key in" in "\n".join(right.lines())


def test_the_app_seals_every_n_events_and_keeps_one_local_copy_a_day(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    _work(settings, 4)
    with open_ws(settings) as ws:
        assert seal_if_due(ws, every=1000) is None
        first = seal_if_due(ws, every=5)
        assert first is not None and first.checkpoint.seq == ws.store.head.seq - 1
        Counter(ws, login(ws, "teller01")).record_assessment(case(), assessment())
        second = seal_now(ws)
        assert second is not None
    local = sorted((tmp_path / "checkpoints").iterdir())
    assert [p.name for p in local] == [second.files[0].name]  # the newer one pins it all
    assert verify_store(settings.database_path).ok


def test_a_command_run_for_an_operator_seals_at_its_sign_out(tmp_path: Path) -> None:
    from tellerguard.auth.users import Credentials
    from tellerguard.services.desk import Desk
    from tests.unit.audit_helpers import PASSWORDS

    settings = set_up(tmp_path)
    with Desk.open(settings, Credentials("admin01", PASSWORDS["admin01"])) as desk:
        desk.add_operator("teller09", "柜员九", "teller", "Initial#2026")
    report = verify_store(settings.database_path)
    assert report.ok and report.sealed_through == report.head_seq, _text(report)


# -- read-only copies ----------------------------------------------------------------------
@pytest.fixture
def read_only_copy(tmp_path: Path) -> Iterator[Path]:
    """A copy of a sealed store with its checkpoints, the file 0400 in a 0500 folder (owned by
    ``nobody`` when the tests run as root, so that a child can really be refused writes)."""
    settings = set_up(tmp_path / "ws")
    _signed_out(settings)
    base = Path(tempfile.mkdtemp(prefix="tg-ro-"))
    os.chmod(base, 0o755)
    folder = base / "medium"
    shutil.copytree(settings.database_path.parent, folder)
    shutil.rmtree(folder / "keys")
    for path in folder.rglob("*"):
        if path.name.endswith(("-wal", "-shm", ".lock")):
            path.unlink()
    for path in [folder, *folder.rglob("*")]:
        if os.geteuid() == 0:
            os.chown(path, NOBODY, NOBODY)
        os.chmod(path, 0o500 if path.is_dir() else 0o400)
    yield folder / "audit.sqlite3"
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o700)
    shutil.rmtree(base)


def _listing(folder: Path) -> dict[str, tuple[int, float]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime) for p in folder.rglob("*")}


def test_verify_reads_a_read_only_copy_and_writes_nothing_beside_it(read_only_copy: Path) -> None:
    before = _listing(read_only_copy.parent)
    data = read_only_copy.read_bytes()
    report = verify_store(read_only_copy)
    assert report.ok, _text(report)
    # Root may write anywhere: the folder is still exactly as it was (no -shm, no -wal).
    assert _listing(read_only_copy.parent) == before
    assert read_only_copy.read_bytes() == data
    assert report.sealed_through > 0 and "immutable" in report.opened


def test_verify_works_for_a_user_who_really_cannot_write(read_only_copy: Path) -> None:
    """As root, permissions do not bind; a forked child that becomes ``nobody`` is bound by
    them as an inspector's account is (not root: the test itself is that user)."""
    if os.geteuid() != 0:
        report = verify_store(read_only_copy)
        assert report.ok and report.events > 0
        return
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, verify, report through the pipe
        code = 1
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            with pytest.raises(PermissionError):
                (read_only_copy.parent / "probe").write_bytes(b"x")
            result = verify_store(read_only_copy)
            os.write(writer, json.dumps([result.ok, result.events, _text(result)]).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        answer = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, answer
    ok, events, text = json.loads(answer)
    assert ok and events > 0, text


def test_a_read_only_copy_with_a_pending_write_ahead_log_is_read_whole(tmp_path: Path) -> None:
    settings = set_up(tmp_path / "ws")
    medium = tmp_path / "medium"
    medium.mkdir()
    with open_ws(settings) as ws:  # copied while the writer holds it: the log has events
        Counter(ws, login(ws, "teller01")).record_assessment(case(), assessment())
        head = ws.store.head.seq
        for name in ("audit.sqlite3", "audit.sqlite3-wal"):
            shutil.copyfile(settings.database_path.parent / name, medium / name)
    assert (medium / "audit.sqlite3-wal").stat().st_size > 0
    for path in medium.iterdir():
        path.chmod(0o400)
    medium.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        report = verify_store(medium / "audit.sqlite3")
        assert report.ok and report.head_seq == head, _text(report)
        assert "private temporary copy" in report.opened
        assert sorted(p.name for p in medium.iterdir()) == ["audit.sqlite3", "audit.sqlite3-wal"]
    finally:
        medium.chmod(0o700)


def test_the_cli_verifies_a_read_only_copy_and_says_what_the_seals_cover(
    read_only_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tellerguard.cli import main

    assert main(["audit", "verify", "--db", str(read_only_copy)]) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "sealed: seq 1.." in out and "opened: read-only medium" in out
    conn = sqlite3.connect(f"file:{read_only_copy}?mode=ro&immutable=1", uri=True)
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    conn.close()
