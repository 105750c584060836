"""Setting up a workstation, the functions the command line calls, seals, backups, the demo."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tellerguard.audit.errors import AuditError, KeyBackupError, StoreLockedError
from tellerguard.audit.keys import KEY_BACKUP_FILE, load_public_key
from tellerguard.audit.verify import verify_store
from tellerguard.auth.errors import AuthError, PasswordChangeRequired, PasswordPolicyError
from tellerguard.auth.users import Credentials, UserInfo
from tellerguard.config import Settings
from tellerguard.domain.clock import SHANGHAI, ManualClock
from tellerguard.services.audit_ops import (
    VerifyOutcome,
    backup_audit,
    event_types,
    seal_day,
    seal_if_due,
    verify_audit,
)
from tellerguard.services.counter import Counter
from tellerguard.services.desk import Desk
from tellerguard.services.workstation import change_own_password, init_workstation
from tests.unit.audit_helpers import (
    ADMIN,
    FAST,
    PASSWORDS,
    assessment,
    case,
    login,
    make_settings,
    open_ws,
    set_up,
)

ADMIN_CREDENTIALS = Credentials(*ADMIN)


def operators(settings: Settings, who: Credentials) -> list[UserInfo]:
    """``tellerguard users list`` as the command line runs it: a desk for one call."""
    with Desk.open(settings, who) as desk:
        return desk.operators()


def verify_configured(settings: Settings, checkpoints: Sequence[Path] = ()) -> VerifyOutcome:
    """``tellerguard audit verify`` of the configured store."""
    return verify_audit(
        settings.database_path,
        checkpoints=checkpoints,
        key_dir=settings.key_path,
        settings=settings,
    )


def test_init_sets_up_keys_backup_store_and_admin(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    result = init_workstation(
        settings, "admin01", "Admin#2026xx", "backup passphrase 2026", admin_display_name="王管理"
    )
    assert result.database == settings.database_path and result.admin == "admin01"
    assert result.key_backup == settings.key_path / KEY_BACKUP_FILE
    assert load_public_key(settings.key_path) == result.public_key
    assert any("escrow" in line for line in result.lines())
    with open_ws(settings) as ws:
        users = ws.users.list()
        assert [(u.username, u.role, u.display_name) for u in users] == [
            ("admin01", "it_admin", "王管理")
        ]
    with pytest.raises(AuditError, match="already set up"):
        init_workstation(settings, "admin01", "Admin#2026xx", "backup passphrase 2026")
    assert verify_store(settings.database_path).ok


def test_init_refuses_weak_secrets_before_writing_anything(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    with pytest.raises(PasswordPolicyError):
        init_workstation(settings, "admin01", "admin", "backup passphrase 2026")
    with pytest.raises(KeyBackupError, match="at least 12"):
        init_workstation(settings, "admin01", "Admin#2026xx", "short")
    with pytest.raises(AuthError, match="user name"):
        init_workstation(settings, "Admin 01!", "Admin#2026xx", "backup passphrase 2026")
    assert list(tmp_path.iterdir()) == []


def test_a_second_workstation_imports_the_branch_keys(tmp_path: Path) -> None:
    first = set_up(tmp_path / "one")
    second = make_settings(tmp_path / "two", workstation="counter-02")
    result = init_workstation(
        second,
        "admin01",
        "Admin#2026xx",
        "another passphrase 2026",
        import_key_backup=first.key_path / KEY_BACKUP_FILE,
        import_passphrase="backup passphrase 2026",
        passwords=FAST,
        scrypt_n=2**14,
    )
    with open_ws(first) as ws:
        assert ws.store.key_id == result.key_id
        assert (
            ws.store.signer is not None and ws.store.signer.public_key_hex != result.public_key
        )  # the signing key belongs to the workstation


def test_user_commands(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    with Desk.open(settings, ADMIN_CREDENTIALS) as desk:
        added = desk.add_operator("teller05", "柜员五", "teller", "Initial#2026")
    assert added.must_change_password
    with pytest.raises(PasswordChangeRequired):
        operators(settings, Credentials("teller05", "Initial#2026"))
    change_own_password(settings, "teller05", "Initial#2026", "Mine#2026abc")
    with pytest.raises(AuthError, match="may not list"):
        operators(settings, Credentials("teller05", "Mine#2026abc"))
    names = [u.username for u in operators(settings, ADMIN_CREDENTIALS)]
    assert "teller05" in names
    chief = Credentials("supervisor01", PASSWORDS["supervisor01"])
    assert [u.username for u in operators(settings, chief)] == names
    with Desk.open(settings, ADMIN_CREDENTIALS) as desk:
        assert desk.set_role("teller05", "supervisor").role == "supervisor"
        assert desk.reset_password("teller05", "Reset#2026abc").must_change_password
        assert desk.disable_operator("teller05", "离职").disabled
        with pytest.raises(AuthError, match="not locked"):
            desk.unlock_operator("teller01")
    assert verify_store(settings.database_path).ok


def test_commands_refuse_while_the_app_holds_the_store(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    with open_ws(settings):
        with pytest.raises(StoreLockedError):
            operators(settings, ADMIN_CREDENTIALS)
        outcome = verify_configured(settings)
        assert outcome.report.ok and outcome.receipt is None
        assert "not recorded" in (outcome.note or "")
    outcome = verify_configured(settings)
    assert outcome.receipt is not None and "recorded as event" in outcome.lines()[-1]


def test_seal_writes_a_signed_checkpoint_and_the_day_is_verified_against_it(
    tmp_path: Path, clock: ManualClock
) -> None:
    settings = set_up(tmp_path)
    with Desk.open(settings, Credentials("supervisor01", PASSWORDS["supervisor01"])) as desk:
        result = desk.seal(out=tmp_path / "today.json")
    checkpoint = result.checkpoint
    assert checkpoint.day == clock.today().isoformat()
    assert checkpoint.signature_holds(load_public_key(settings.key_path))
    assert len(result.files) == 2 and all(p.exists() for p in result.files)
    outcome = verify_configured(settings, checkpoints=[tmp_path / "today.json"])
    assert outcome.report.ok and outcome.report.checkpoints[0].ok
    with open_ws(settings) as ws:
        for not_over in (clock.today(), clock.today() + timedelta(days=3)):
            with pytest.raises(AuditError, match="the day is not over"):
                seal_day(ws, login(ws, "supervisor01"), day=not_over)
        with pytest.raises(AuditError, match="no events"):
            seal_day(ws, login(ws, "supervisor01"), day=date(2001, 1, 1))
        assert seal_if_due(ws) is None  # nothing before today yet


def test_backup_is_verified_and_recorded(tmp_path: Path) -> None:
    settings = set_up(tmp_path / "ws")
    with open_ws(settings) as ws:
        Counter(ws, login(ws, "teller01")).record_assessment(case(), assessment())
        outcome = backup_audit(ws, login(ws, "supervisor01"), tmp_path / "backup.sqlite3")
        assert outcome.result.report.ok and outcome.result.head.seq == outcome.receipt.seq - 1
        with pytest.raises(AuditError, match="already exists"):
            backup_audit(ws, login(ws, "supervisor01"), tmp_path / "backup.sqlite3")
    copy = sqlite3.connect(tmp_path / "backup.sqlite3")
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()
    assert verify_store(tmp_path / "backup.sqlite3").ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.sqlite3", "ws"]


def test_event_types_are_listed_with_chinese_labels() -> None:
    names = {t.name: t for t in event_types()}
    for required in (
        "assessment_shown",
        "reminder_completed",
        "supervisor_authorized",
        "business_refused",
        "login_succeeded",
        "login_failed",
        "account_locked",
        "user_added",
        "user_disabled",
        "user_unlocked",
        "role_changed",
        "password_reset",
        "rule_pack_loaded",
        "rule_pack_rejected",
        "export_written",
        "audit_verified",
        "day_sealed",
        "store_migrated",
        "key_recovered",
    ):
        assert required in names and names[required].label_zh


def test_settings_are_written_as_toml_that_loads_back(tmp_path: Path) -> None:
    from tellerguard.config import Settings, load_settings
    from tellerguard.services.workstation import settings_toml

    settings = Settings(
        branch_code="B4101",
        branch_name='郑州"中原"支行',
        region="410102",
        database=Path("data/audit.sqlite3"),
        key_dir=Path("keys"),
        params={
            "elderly_age": 60,
            "large_amount": "50000.00",
            "strict": True,
            "phrases": ["安全账户", "资金核查"],
        },
    )
    path = tmp_path / "tellerguard.toml"
    path.write_text(settings_toml(settings), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.model_dump(exclude={"source"}) == settings.model_dump(exclude={"source"})
    assert loaded.database_path == tmp_path / "data" / "audit.sqlite3"


def test_the_last_past_day_is_sealed_once_when_due(tmp_path: Path, clock: ManualClock) -> None:
    settings = set_up(tmp_path)
    today = clock.today()
    yesterday = today - timedelta(days=1)
    clock.set(datetime(yesterday.year, yesterday.month, yesterday.day, 16, 0, tzinfo=SHANGHAI))
    with open_ws(settings) as ws:
        Counter(ws, login(ws, "teller01")).record_assessment(case(), assessment())
    clock.set(datetime(today.year, today.month, today.day, 8, 30, tzinfo=SHANGHAI))
    with open_ws(settings) as ws:
        result = seal_if_due(ws)
        assert result is not None and result.checkpoint.day == yesterday.isoformat()
        assert seal_if_due(ws) is None  # sealed once, not at every start
