"""The console's services: operator changes checked against the permission table and the
two-person rules (each change an audit event, a refused one none), the recent seals and
whether the store still matches them, a checkpoint copied off the PC that `audit verify`
accepts, verification with progress and cancel, statistics on a window's own connection."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tellerguard.audit import verify as verify_module
from tellerguard.audit.errors import AuditError, ExportError, VerifyCancelled
from tellerguard.audit.record import decode_record
from tellerguard.audit.verify import verify_store
from tellerguard.auth.errors import (
    AuthenticationFailed,
    AuthError,
    PasswordPolicyError,
    PermissionDenied,
    SelfApprovalError,
    UserStateError,
)
from tellerguard.auth.users import Credentials
from tellerguard.config import Settings
from tellerguard.services.audit_ops import record_verification, seal_day, verify_report
from tellerguard.services.operators import OperatorChange, change_operator, needs_second_person
from tellerguard.services.reports import branch_statistics
from tellerguard.services.seals import export_checkpoint, recent_seals
from tellerguard.services.statistics import StatsReader
from tests.unit.audit_helpers import ADMIN, PASSWORDS, login, open_ws

ADMIN_CREDENTIALS = Credentials(*ADMIN)


def last_event(settings: Settings) -> tuple[int, str, str]:
    with sqlite3.connect(f"file:{settings.database_path}?mode=ro", uri=True) as db:
        seq, record = db.execute("SELECT seq, record FROM events ORDER BY seq DESC").fetchone()
    data = json.loads(decode_record(bytes(record)))
    return seq, data["type"], data["operator"]


def test_a_supervisor_unlocks_and_resets_a_teller_alone(settings: Settings) -> None:
    with open_ws(settings) as ws:
        sup = login(ws, "supervisor01")
        assert not needs_second_person(sup, "unlock")
        assert not needs_second_person(sup, "reset_password")
        assert needs_second_person(sup, "add") and needs_second_person(sup, "set_role")
        for _ in range(3):
            with pytest.raises(AuthenticationFailed):
                ws.login("teller01", "Wrong#2026xx")
        result = change_operator(ws, sup, OperatorChange("unlock", "teller01"))
        assert (result.by, result.info.locked) == ("supervisor01", False)
        assert last_event(settings) == (result.info.event_seq, "user_unlocked", "supervisor01")
        reset = change_operator(
            ws, sup, OperatorChange("reset_password", "teller01", password="Temp#2026-Lake")
        )
        assert reset.info.must_change_password
        # A supervisor reaches tellers only; an administrator's account is out of reach.
        with pytest.raises(AuthError):
            change_operator(
                ws, sup, OperatorChange("reset_password", ADMIN[0], password="Tg7#x-Lake9")
            )


def test_adding_needs_an_administrators_own_credentials(settings: Settings) -> None:
    with open_ws(settings) as ws:
        sup = login(ws, "supervisor01")
        change = OperatorChange("add", "teller09", "柜员九", "teller", "Init#2026-Lake")
        with pytest.raises(PermissionDenied):
            change_operator(ws, sup, change)
        with pytest.raises(PermissionDenied):  # another supervisor has no more rights
            change_operator(
                ws, sup, change, acting=Credentials("supervisor02", PASSWORDS["supervisor02"])
            )
        with pytest.raises(AuthenticationFailed):
            change_operator(ws, sup, change, acting=Credentials(ADMIN[0], "Wrong#2026xx"))
        assert ws.users.get("teller09") is None
        result = change_operator(ws, sup, change, acting=ADMIN_CREDENTIALS)
        assert result.by == ADMIN[0]
        assert last_event(settings) == (result.info.event_seq, "user_added", ADMIN[0])
        assert result.info.must_change_password and result.info.role == "teller"


def test_nobody_raises_themselves_at_their_own_console(settings: Settings) -> None:
    with open_ws(settings) as ws:
        sup = login(ws, "supervisor01")
        head = ws.store.head.seq
        for change in (
            OperatorChange("set_role", "supervisor01", role="it_admin"),
            OperatorChange("reset_password", "supervisor01", password="Tg7#mansion-Lake"),
            OperatorChange("disable", "supervisor01"),
        ):
            with pytest.raises(UserStateError):
                change_operator(ws, sup, change, acting=ADMIN_CREDENTIALS)
        with pytest.raises(SelfApprovalError):
            change_operator(
                ws,
                sup,
                OperatorChange("unlock", "teller01"),
                acting=Credentials("supervisor01", PASSWORDS["supervisor01"]),
            )
        assert ws.store.head.seq == head  # refused before anyone signed in: nothing recorded
        admin = login(ws, ADMIN[0])
        with pytest.raises(UserStateError):  # the administrator cannot change their own role
            change_operator(ws, admin, OperatorChange("set_role", ADMIN[0], role="supervisor"))


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (OperatorChange("add", "", "无名", "teller", "Init#2026-Lake"), AuthError),
        (OperatorChange("add", "   ", "无名", "teller", "Init#2026-Lake"), AuthError),
        (OperatorChange("add", "teller09", "", "teller", "Init#2026-Lake"), AuthError),
        (OperatorChange("add", "teller09", "柜员九", "boss", "Init#2026-Lake"), AuthError),
        (OperatorChange("add", "teller09", "柜员九", "", "Init#2026-Lake"), AuthError),
        (
            OperatorChange("add", "teller09", "柜员九", "teller", "Password123!"),
            PasswordPolicyError,
        ),
        (
            OperatorChange("add", "teller09", "柜员九", "teller", "Teller09#2026"),
            PasswordPolicyError,
        ),
        (
            OperatorChange("add", "Robert'); DROP TABLE users;--", "x", "teller", "Init#2026-Lake"),
            AuthError,
        ),
        # A password equal to the user name (it passes every other rule).
        (
            OperatorChange("add", "wang.fang-2026", "王芳", "teller", "Wang.Fang-2026"),
            PasswordPolicyError,
        ),
        (OperatorChange("add", "teller09", "柜员九", "teller", ""), PasswordPolicyError),
        (OperatorChange("add", "teller09", "柜员九", "teller", "x" * 10_000), PasswordPolicyError),
        (OperatorChange("set_role", "teller01", role="root"), AuthError),
        (OperatorChange("set_role", "nobody99", role="supervisor"), AuthError),
        (OperatorChange("disable", "nobody99"), AuthError),
        (OperatorChange("add", "teller01", "重名", "teller", "Init#2026-Lake"), AuthError),
    ],
)
def test_hostile_input_is_refused_and_nothing_is_recorded(
    settings: Settings, change: OperatorChange, error: type[Exception]
) -> None:
    with open_ws(settings) as ws:
        admin = login(ws, ADMIN[0])
        head = ws.store.head.seq
        with pytest.raises(error):
            change_operator(ws, admin, change)
        assert ws.store.head.seq == head
        assert len(ws.users.list()) == 6


def test_an_administrator_disables_and_changes_roles(settings: Settings) -> None:
    with open_ws(settings) as ws:
        admin = login(ws, ADMIN[0])
        moved = change_operator(
            ws, admin, OperatorChange("set_role", "teller02", role="supervisor")
        )
        assert moved.info.role == "supervisor"
        gone = change_operator(ws, admin, OperatorChange("disable", "teller02", reason="调离"))
        assert gone.info.disabled
        assert last_event(settings)[1:] == ("user_disabled", ADMIN[0])
    assert verify_store(settings.database_path).ok  # the users table still matches its events


def test_recent_seals_say_whether_the_store_still_matches(
    settings: Settings, tmp_path: Path
) -> None:
    with open_ws(settings) as ws:
        sup = login(ws, "supervisor01")
        sealed = seal_day(ws, sup)
        seals = recent_seals(ws, sup)
        assert seals[0].event_seq == sealed.receipt.seq
        assert seals[0].seq == sealed.checkpoint.seq and seals[0].ok
        assert seals[0].local_copy is not None and seals[0].local_copy.is_file()
        out = export_checkpoint(ws, sup, sealed.receipt.seq, tmp_path / "seal-for-the-safe.json")
        with pytest.raises(ExportError):
            export_checkpoint(ws, sup, sealed.receipt.seq, out)
        with pytest.raises(AuditError):
            export_checkpoint(ws, sup, 1, tmp_path / "not-a-seal.json")
        with pytest.raises(PermissionDenied):
            recent_seals(ws, login(ws, "teller01"))
    # The copy off the PC is what `audit verify --checkpoint` checks the store against.
    report = verify_store(settings.database_path, checkpoints=[out])
    assert report.ok and any(r.ok and r.path == str(out) for r in report.checkpoints)


def test_verification_reports_progress_and_can_be_cancelled(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify_module, "PROGRESS_EVERY", 2)  # a small store, many reports
    with open_ws(settings) as ws:
        sup = login(ws, "supervisor01")
        for _ in range(3):
            seal_day(ws, sup)  # a few events more
        head = ws.store.head.seq
        told: list[tuple[int, int]] = []
        report = verify_report(ws, sup, progress=lambda done, total: told.append((done, total)))
        assert report.ok and report.events == head
        assert told[0] == (0, head) and told[-1] == (head, head)
        assert [done for done, _ in told] == sorted(done for done, _ in told)
        asked: list[int] = []

        def cancel_on_third() -> bool:
            asked.append(1)
            return len(asked) >= 3

        seen: list[int] = []
        with pytest.raises(VerifyCancelled):
            verify_report(ws, sup, progress=lambda d, t: seen.append(d), cancelled=cancel_on_third)
        assert seen and max(seen) < head  # stopped part-way
        with pytest.raises(PermissionDenied):
            verify_report(ws, login(ws, "teller01"))
        assert ws.store.head.seq == head + 1  # only the teller's sign-in: no verification
        outcome = record_verification(ws, sup, report)
        assert outcome.receipt is not None and last_event(settings)[1] == "audit_verified"


def test_statistics_on_the_windows_own_connection_match_the_report(settings: Settings) -> None:
    from datetime import date

    with open_ws(settings) as ws:
        sup = login(ws, "supervisor01")
        stats = StatsReader(ws, sup)
        try:
            result = stats.query(date(2020, 1, 1), date(2030, 12, 31), "day")
        finally:
            stats.close()
        direct = branch_statistics(ws, sup, date_from=date(2020, 1, 1), date_to=date(2030, 12, 31))
        assert result.statistics == direct
        with pytest.raises(PermissionDenied):
            StatsReader(ws, login(ws, "teller01"))
