"""Operators: argon2id parameters, login and lockout, unlock, reset and forced change, role
changes and their limits, every change an audit event."""

from __future__ import annotations

import pytest
from argon2 import Type
from argon2.exceptions import InvalidHashError

from tellerguard.audit.verify import verify_store
from tellerguard.auth.errors import (
    AccountDisabledError,
    AccountLockedError,
    AuthenticationFailed,
    AuthError,
    PasswordChangeRequired,
    PasswordPolicyError,
    UserExistsError,
    UserStateError,
)
from tellerguard.auth.passwords import (
    ARGON2_MEMORY_KIB,
    ARGON2_PARALLELISM,
    ARGON2_TIME_COST,
    OWASP_MINIMUM,
    Passwords,
    check_policy,
    make_hasher,
)
from tellerguard.auth.roles import Action
from tellerguard.config import Settings
from tellerguard.services.workstation import Workstation
from tests.unit.audit_helpers import PASSWORDS, login, open_ws


def types_of(ws: Workstation, after: int) -> list[str]:
    head = ws.store.read_head().seq
    return [e.type for e in reversed(ws.store.recent_events(head - after))]


def test_argon2id_parameters_meet_owasp() -> None:
    hasher = make_hasher()
    assert hasher.type is Type.ID
    assert ARGON2_PARALLELISM == 1
    assert any(
        memory <= ARGON2_MEMORY_KIB and passes <= ARGON2_TIME_COST
        for memory, passes in OWASP_MINIMUM
    )
    stored = Passwords(hasher).hash("Teller#2026x")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=1$")
    assert Passwords(hasher).verify(stored, "Teller#2026x")
    assert not Passwords(hasher).verify(stored, "teller#2026x")
    assert not Passwords(hasher).verify("not a hash", "x")
    with pytest.raises(InvalidHashError):
        hasher.verify("not a hash", "x")


def test_password_policy() -> None:
    check_policy("Teller#2026x", username="teller01")
    for bad in ("short1A", "onlyletters", "1234567890", "teller01abc!", " Teller#2026 "):
        with pytest.raises(PasswordPolicyError):
            check_policy(bad, username="teller01")


def test_login_records_success_and_failure(settings: Settings) -> None:
    with open_ws(settings) as ws:
        start = ws.store.head.seq
        session = login(ws, "teller01")
        assert (session.username, session.role) == ("teller01", "teller")
        with pytest.raises(AuthenticationFailed) as info:
            ws.login("teller01", "wrong-password1")
        assert info.value.message_zh.startswith("用户名或密码错误")
        with pytest.raises(AuthenticationFailed):
            ws.login("nobody", "whatever-123")
        assert types_of(ws, start) == ["login_succeeded", "login_failed", "login_failed"]
        failed = ws.store.event(start + 3)
        assert failed is not None
        payload = failed.data()["payload"]
        assert payload["reason"] == "unknown_user" and failed.data()["operator"] == "-"
        assert b"whatever" not in failed.text  # passwords are never recorded
    assert verify_store(settings.database_path).ok


def test_lockout_after_repeated_failures_and_unlock_by_a_supervisor(settings: Settings) -> None:
    with open_ws(settings) as ws:
        start = ws.store.head.seq
        for _ in range(2):
            with pytest.raises(AuthenticationFailed):
                ws.login("teller01", "wrong-password1")
        with pytest.raises(AccountLockedError) as info:
            ws.login("teller01", "wrong-password1")
        assert "locks after 3 failed attempts" in str(info.value)
        with pytest.raises(AccountLockedError) as info:
            login(ws, "teller01")  # even the right password
        assert "请联系主管" in info.value.message_zh
        assert types_of(ws, start) == [
            "login_failed",
            "login_failed",
            "login_failed",
            "account_locked",
            "login_failed",
        ]
        user = ws.users.get("teller01")
        assert user is not None and user.locked and user.failed_logins == 3
        chief = login(ws, "supervisor01")
        ws.users.unlock(chief, "teller01")
        assert login(ws, "teller01").username == "teller01"
        with pytest.raises(AuthError, match="tellers only"):  # supervisors unlock tellers only
            ws.users.unlock(chief, "supervisor02")
    assert verify_store(settings.database_path).ok


def test_a_success_resets_the_failure_count(settings: Settings) -> None:
    with open_ws(settings) as ws:
        for _ in range(2):
            with pytest.raises(AuthenticationFailed):
                ws.login("teller01", "wrong-password1")
        login(ws, "teller01")
        for _ in range(2):
            with pytest.raises(AuthenticationFailed):
                ws.login("teller01", "wrong-password1")
        info = ws.users.get("teller01")
        assert info is not None and not info.locked and info.failed_logins == 2


def test_a_reset_forces_a_new_password_at_next_login(settings: Settings) -> None:
    with open_ws(settings) as ws:
        admin = login(ws, "admin01")
        ws.users.reset_password(admin, "teller02", "Temp#2026abc")
        session = ws.login("teller02", "Temp#2026abc")
        assert session.must_change_password
        with pytest.raises(PasswordChangeRequired):
            session.require(Action.ASSESS)
        with pytest.raises(PasswordPolicyError, match="differ"):
            ws.users.change_password("teller02", "Temp#2026abc", "Temp#2026abc")
        with pytest.raises(PasswordPolicyError):
            ws.users.change_password("teller02", "Temp#2026abc", "short")
        with pytest.raises(AuthenticationFailed):
            ws.users.change_password("teller02", "wrong-old-pw1", "Brand#new2026")
        ws.users.change_password("teller02", "Temp#2026abc", "Brand#new2026")
        fresh = ws.login("teller02", "Brand#new2026")
        assert not fresh.must_change_password
        fresh.require(Action.ASSESS)
        with pytest.raises(AuthenticationFailed):
            ws.login("teller02", PASSWORDS["teller02"])
    assert verify_store(settings.database_path).ok


def test_adding_disabling_and_role_changes(settings: Settings) -> None:
    with open_ws(settings) as ws:
        admin = login(ws, "admin01")
        start = ws.store.head.seq
        added = ws.users.add(admin, "Teller03", "柜员三", "teller", "Teller#2026x")
        assert added.username == "teller03" and added.must_change_password
        with pytest.raises(UserExistsError):
            ws.users.add(admin, "teller03", "x", "teller", "Teller#2026x")
        with pytest.raises(AuthError, match="user name"):
            ws.users.add(admin, "bad name!", "x", "teller", "Teller#2026x")
        with pytest.raises(AuthError, match="unknown role"):
            ws.users.add(admin, "teller04", "x", "boss", "Teller#2026x")  # type: ignore[arg-type]
        changed = ws.users.set_role(admin, "teller03", "supervisor")
        assert changed.role == "supervisor"
        ws.users.disable(admin, "teller03", "调离")
        with pytest.raises(AccountDisabledError):
            ws.login("teller03", "Teller#2026x")
        assert types_of(ws, start) == [
            "user_added",
            "role_changed",
            "user_disabled",
            "login_failed",
        ]
        event = ws.store.event(start + 2)
        assert event is not None
        assert event.data()["payload"]["old_role"] == "teller"
        assert event.data()["operator"] == "admin01"
        listing = {u.username: u for u in ws.users.list()}
        assert listing["teller03"].disabled and "password_hash" not in repr(listing["teller03"])


def test_limits_that_keep_the_workstation_manageable(settings: Settings) -> None:
    with open_ws(settings) as ws:
        admin = login(ws, "admin01")
        with pytest.raises(UserStateError, match="own"):
            ws.users.disable(admin, "admin01", "调离")
        with pytest.raises(UserStateError, match="needs its reason"):
            ws.users.disable(admin, "teller01", "  ")
        with pytest.raises(UserStateError, match="own role"):
            ws.users.set_role(admin, "admin01", "teller")
        with pytest.raises(UserStateError, match="own"):
            ws.users.reset_password(admin, "admin01", "Admin#2026new")
        ws.users.add(
            admin, "admin02", "管理员二", "it_admin", "Admin#2026yy", must_change_password=False
        )
        second = ws.login("admin02", "Admin#2026yy")
        ws.users.disable(second, "admin01", "调离")  # allowed: another administrator remains
        with pytest.raises(AccountDisabledError):
            login(ws, "admin01")
        chief = login(ws, "supervisor01")
        with pytest.raises(AuthError, match="tellers only"):
            ws.users.reset_password(chief, "admin02", "Admin#2026zz")
        ws.users.reset_password(chief, "teller01", "Temp#2026abc")


def test_supervisor_authorization_failures_count_towards_lockout(settings: Settings) -> None:
    from tellerguard.auth.users import Credentials
    from tellerguard.services.counter import Counter
    from tests.unit.audit_helpers import assessment, case

    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        ref = counter.record_assessment(case(), assessment()).case_ref
        for _ in range(2):
            with pytest.raises(AuthenticationFailed):
                counter.authorize(ref, Credentials("supervisor01", "wrong-password1"), "同意")
        with pytest.raises(AccountLockedError):
            counter.authorize(ref, Credentials("supervisor01", "wrong-password1"), "同意")
        with pytest.raises(AccountLockedError):
            login(ws, "supervisor01")
        head = ws.store.read_head().seq
        events = [ws.store.event(seq) for seq in range(1, head + 1)]
        contexts = [
            e.data()["payload"]["context"]
            for e in events
            if e is not None and e.event_type == "login_failed"
        ]
        assert contexts == ["authorization"] * 3 + ["login"]


def test_a_refused_sign_in_reads_the_same_for_unknown_and_known_operators(
    settings: Settings,
) -> None:
    """No account enumeration: an unknown name, a wrong password, the attempt that locks,
    a locked and a disabled account all get the very same words, on screen and in the CLI;
    the audit events keep the real reasons, and the lockout still works."""
    with open_ws(settings) as ws:
        admin = login(ws, "admin01")
        ws.users.disable(admin, "teller02", "离职")
        start = ws.store.head.seq
        attempts = [
            ("nobody01", "whatever-123"),  # unknown
            ("teller01", "wrong-password1"),  # wrong password, 2 left
            ("teller01", "wrong-password1"),  # wrong password, 1 left
            ("teller01", "wrong-password1"),  # this one locks
            ("teller01", PASSWORDS["teller01"]),  # locked: even the right password
            ("teller02", PASSWORDS["teller02"]),  # disabled
        ]
        said = set()
        for name, password in attempts:
            with pytest.raises(AuthenticationFailed) as info:
                ws.login(name, password)
            said.add((info.value.message_en, info.value.message_zh))
        with pytest.raises(AuthenticationFailed) as info:
            ws.users.change_password("nobody01", "whatever-123", "Brand#new2026")
        said.add((info.value.message_en, info.value.message_zh))
        assert len(said) == 1, said
        english, chinese = said.pop()
        assert "nobody01" not in english and "teller01" not in english
        assert "attempts left" not in english and "用户名或密码错误" in chinese
        reasons = [
            e.data()["payload"].get("reason")
            for e in (ws.store.event(s) for s in range(start + 1, ws.store.head.seq + 1))
            if e is not None and e.event_type == "login_failed"
        ]
        assert reasons == [
            "unknown_user",
            "bad_password",
            "bad_password",
            "bad_password",
            "locked",
            "disabled",
        ]
        info_row = ws.users.get("teller01")
        assert info_row is not None and info_row.locked


@pytest.mark.parametrize("name", ["x\x1b[2Jy", "张三\n李四", "王\u202e五", "赵\u2028六"])
def test_a_display_name_with_control_characters_is_refused(settings: Settings, name: str) -> None:
    # An escape sequence in a name reached the terminal of `tellerguard users list` raw.
    with open_ws(settings) as ws:
        admin = login(ws, "admin01")
        head = ws.store.head.seq
        with pytest.raises(AuthError, match="control or formatting characters"):
            ws.users.add(admin, "teller09", name, "teller", "Teller#2026zz")
        assert ws.store.head.seq == head
        assert ws.users.add(admin, "teller09", "王五", "teller", "Teller#2026zz").display_name
