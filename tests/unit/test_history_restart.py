"""A store's history never restarts silently (issue 14): ``init`` refuses a workstation that
has keys, checkpoints or a store; opening a lost or emptied store says what happened and whom
to call; a deliberate re-initialisation needs a reason and two people, keeps the previous
store, and its first record names the previous store's last seq, head hash and seal."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from tellerguard.audit.errors import AlreadySetUpError, HistoryMissingError, StoreTamperedError
from tellerguard.audit.store import AuditReader
from tellerguard.audit.verify import verify_store
from tellerguard.auth.errors import AuthenticationFailed, AuthError, PermissionDenied
from tellerguard.auth.users import Credentials
from tellerguard.cli import main
from tellerguard.config import Settings
from tellerguard.services.audit_ops import seal_now
from tellerguard.services.counter import Counter
from tellerguard.services.workstation import (
    InitResult,
    Reinitialisation,
    init_workstation,
    open_workstation,
)
from tests.unit.audit_helpers import (
    ADMIN,
    FAST,
    PASSWORDS,
    assessment,
    case,
    login,
    open_ws,
    set_up,
)

PASSPHRASE = "backup passphrase 2026"
REASON = "硬盘损坏，经科技部批准重建审计记录库"


CHECKPOINTS = re.compile(r"\b(1 checkpoint|\d\d+ checkpoints|[02-9] checkpoints) in ")
"""How many seals lie beside the store, the noun singular for one."""


def _used(settings: Settings) -> tuple[int, str]:
    """Work at the counter, then a seal (as at sign-out): the head it pins."""
    with open_ws(settings) as ws:
        Counter(ws, login(ws, "teller01")).record_assessment(case(), assessment())
        result = seal_now(ws)
        assert result is not None
        return result.checkpoint.seq, result.checkpoint.hash


def _init(settings: Settings, reinitialise: Reinitialisation | None = None) -> InitResult:
    return init_workstation(
        settings,
        ADMIN[0],
        ADMIN[1],
        PASSPHRASE,
        passwords=FAST,
        scrypt_n=2**14,
        reinitialise=reinitialise,
    )


def _first_event(settings: Settings) -> dict[str, object]:
    with AuditReader(settings.database_path) as reader:
        event = reader.event(1)
    assert event is not None
    return event.data()


def test_init_after_the_store_was_deleted_refuses_and_names_what_it_found(
    tmp_path: Path,
) -> None:
    settings = set_up(tmp_path)
    _used(settings)
    settings.database_path.unlink()
    with pytest.raises(AlreadySetUpError) as refused:
        _init(settings)
    message = refused.value.message_en
    assert "already set up" in message
    assert "branch-keys.json" in message
    assert CHECKPOINTS.search(message), message
    assert not settings.database_path.exists()  # nothing new was started
    with pytest.raises(HistoryMissingError) as lost:
        open_workstation(settings, passwords=FAST)
    text = lost.value.message_en
    assert "history is missing" in text and "IT security officer" in text
    assert "Do not run 'tellerguard init'" in text
    assert "审计记录库缺失" in lost.value.message_zh


@pytest.mark.parametrize("how", ["zero_bytes", "events_deleted", "only_checkpoints"])
def test_an_emptied_store_or_leftover_seals_also_refuse(tmp_path: Path, how: str) -> None:
    settings = set_up(tmp_path)
    _used(settings)
    db = settings.database_path
    if how == "zero_bytes":
        for side in tmp_path.glob("audit.sqlite3*"):
            side.unlink()
        db.write_bytes(b"")
    elif how == "events_deleted":  # what an attacker with sqlite3 does: triggers away, rows away
        conn = sqlite3.connect(db)
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DELETE FROM users")
        conn.execute("DELETE FROM events")
        conn.commit()
        conn.close()
    else:  # keys and store gone, the seals beside the store remain
        shutil.rmtree(settings.key_path)
        for side in tmp_path.glob("audit.sqlite3*"):
            side.unlink()
    with pytest.raises(AlreadySetUpError) as refused:
        _init(settings)
    expected = {
        "zero_bytes": "audit store",
        "events_deleted": "no events: emptied",
        "only_checkpoints": " in ",
    }[how]
    assert expected in refused.value.message_en
    if how == "only_checkpoints":
        assert CHECKPOINTS.search(refused.value.message_en)
    if how == "zero_bytes":
        with pytest.raises(HistoryMissingError, match="Do not run 'tellerguard init'"):
            open_workstation(settings, passwords=FAST)
    elif how == "events_deleted":  # the dropped triggers are found first
        with pytest.raises(StoreTamperedError, match="trigger events_no_delete: missing"):
            open_workstation(settings, passwords=FAST)


def test_reinitialisation_needs_a_reason_two_people_and_their_passwords(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    _used(settings)
    chief = Credentials("supervisor01", PASSWORDS["supervisor01"])
    with pytest.raises(AuthError, match="reason"):
        _init(settings, Reinitialisation("太短", chief))
    with pytest.raises(AuthError, match="two different people"):
        _init(settings, Reinitialisation(REASON, Credentials(*ADMIN)))
    with pytest.raises(AuthenticationFailed, match="previous store"):
        _init(settings, Reinitialisation(REASON, Credentials("supervisor01", "x")))
    with pytest.raises(PermissionDenied, match="teller01"):
        teller = Credentials("teller01", PASSWORDS["teller01"])
        _init(settings, Reinitialisation(REASON, teller))
    assert verify_store(settings.database_path).ok  # every refusal left the old store alone


def test_a_deliberate_reinitialisation_keeps_the_old_store_and_records_the_gap(
    tmp_path: Path,
) -> None:
    settings = set_up(tmp_path)
    seal_seq, seal_hash = _used(settings)
    with AuditReader(settings.database_path) as reader:
        head = reader.read_head()
        old_id = reader.info().store_id
    chief = Credentials("supervisor01", PASSWORDS["supervisor01"])
    result = _init(settings, Reinitialisation(REASON, chief))
    previous = _first_event(settings)["payload"]["previous"]  # type: ignore[index]
    assert previous["store_id"] == old_id
    assert (previous["last_seq"], previous["head_hash"]) == (head.seq, head.hash_hex)
    assert (previous["seal_seq"], previous["seal_hash"]) == (seal_seq, seal_hash)
    assert previous["credentials_checked"] is True
    assert (previous["administrator"], previous["witness"]) == ("admin01", "supervisor01")
    assert previous["reason"] == REASON
    kept = tmp_path / previous["kept_as"]
    assert kept.exists() and verify_store(kept).ok  # the old history is evidence, kept whole
    assert any("re-initialised by admin01 with supervisor01" in line for line in result.lines())
    report = verify_store(settings.database_path)
    assert report.ok
    said = "\n".join(report.lines())
    assert f"this store replaced store {old_id}" in said and f"seq {head.seq} hash" in said
    with open_ws(settings) as ws:
        assert ws.login("supervisor01", PASSWORDS["supervisor01"]).role == "supervisor"


def test_reinitialising_after_the_store_is_gone_names_the_last_seal(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    seal_seq, seal_hash = _used(settings)
    for side in tmp_path.glob("audit.sqlite3*"):
        side.unlink()
    witness = Credentials("zhang.manager", "Manager#2026xx")
    _init(settings, Reinitialisation(REASON, witness))
    previous = _first_event(settings)["payload"]["previous"]  # type: ignore[index]
    assert previous["credentials_checked"] is False and previous["kept_as"] is None
    assert (previous["last_seq"], previous["head_hash"]) == (seal_seq, seal_hash)
    assert previous["seal_seq"] == seal_seq
    assert any("key file" in line for line in previous["found"])
    with open_ws(settings) as ws:  # the witness is an operator now, with their own password
        assert ws.login("zhang.manager", "Manager#2026xx").role == "supervisor"


def test_reinitialisation_needs_the_escrowed_backup_passphrase(tmp_path: Path) -> None:
    from tellerguard.audit.errors import KeyBackupError

    settings = set_up(tmp_path)
    chief = Credentials("supervisor01", PASSWORDS["supervisor01"])
    with pytest.raises(KeyBackupError, match="wrong passphrase"):
        init_workstation(
            settings,
            ADMIN[0],
            ADMIN[1],
            "a passphrase of my own",
            passwords=FAST,
            scrypt_n=2**14,
            reinitialise=Reinitialisation(REASON, chief),
        )


def test_the_cli_refuses_init_twice_and_honours_tellerguard_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "admin.pw").write_text(ADMIN[1] + "\n", encoding="utf-8")
    (tmp_path / "backup.pw").write_text(PASSPHRASE + "\n", encoding="utf-8")
    config = tmp_path / "from-env.toml"
    monkeypatch.setenv("TELLERGUARD_CONFIG", str(config))
    argv = [
        "init",
        "--branch-code",
        "ZZ001",
        "--branch-name",
        "示范支行",
        "--region",
        "410102",
        "--admin",
        "admin01",
        "--password-file",
        str(tmp_path / "admin.pw"),
        "--backup-passphrase-file",
        str(tmp_path / "backup.pw"),
    ]
    assert main(argv) == 0
    assert config.exists() and f"wrote configuration {config}" in capsys.readouterr().out
    database = tmp_path / "audit.sqlite3"
    assert 'database = "audit.sqlite3"' in config.read_text(encoding="utf-8") or database
    store = next(p for p in tmp_path.rglob("*.sqlite3"))
    os.unlink(store)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "already set up" in err and "branch-keys.json" in err and "Traceback" not in err
    assert main([*argv, "--reinitialise"]) == 2
    assert "--witness" in capsys.readouterr().err
    assert main(["audit", "verify"]) == 2
    err = capsys.readouterr().err
    assert "not found" in err and "run 'tellerguard init'" not in err
    data = json.dumps(sorted(p.name for p in tmp_path.rglob("*")))
    assert "init-in-progress" not in data
