"""The permission table, every role × every action, and its enforcement by the services."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tellerguard.auth.errors import PasswordChangeRequired, PermissionDenied
from tellerguard.auth.roles import PERMISSIONS, ROLES, Action, allowed, require
from tellerguard.auth.users import Credentials, Session
from tellerguard.services.audit_ops import backup_audit, export_audit, seal_day
from tellerguard.services.counter import Counter
from tests.unit.audit_helpers import (
    PASSWORDS,
    assessment,
    case,
    login,
    open_ws,
    set_up,
)

A = Action
# The expected table, written out independently of roles.py: a change there must be a
# deliberate change here too.
EXPECTED: dict[str, set[Action]] = {
    "teller": {A.ASSESS, A.RECORD_REMINDER, A.REFUSE_BUSINESS},
    "supervisor": {
        A.ASSESS,
        A.RECORD_REMINDER,
        A.REFUSE_BUSINESS,
        A.AUTHORIZE,
        A.VIEW_AUDIT,
        A.VIEW_STATISTICS,
        A.EXPORT_MASKED,
        A.EXPORT_UNMASKED,
        A.APPROVE_UNMASKED,
        A.VIEW_PERSONAL_DATA,
        A.SEAL_DAY,
        A.VERIFY_AUDIT,
        A.BACKUP,
        A.UNLOCK_USER,
        A.RESET_PASSWORD,
        A.APPROVE_RULE_PACK,
    },
    "rule_admin": {
        A.LOAD_RULE_PACK,
        A.APPROVE_RULE_PACK,
        A.MANAGE_RISK_LISTS,
        A.VERIFY_AUDIT,
    },
    "it_admin": {
        A.MANAGE_USERS,
        A.UNLOCK_USER,
        A.RESET_PASSWORD,
        A.SEAL_DAY,
        A.VERIFY_AUDIT,
        A.BACKUP,
        A.EXPORT_MASKED,
        A.RECOVER_KEYS,
        A.VIEW_STATISTICS,
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(Action))
def test_every_role_and_action(role: str, action: Action) -> None:
    expected = action in EXPECTED[role]
    assert allowed(role, action) is expected
    if expected:
        require(role, action)
    else:
        with pytest.raises(PermissionDenied) as info:
            require(role, action, who="someone")
        assert info.value.message_zh.endswith("”") and "无权" in info.value.message_zh


def test_the_table_names_every_role_and_no_other() -> None:
    assert set(PERMISSIONS) == set(ROLES) == set(EXPECTED)
    assert not allowed("janitor", Action.ASSESS)


def test_separation_of_duties() -> None:
    # Nobody who manages operators can also authorize business or read personal data.
    for actions in PERMISSIONS.values():
        if Action.MANAGE_USERS in actions:
            assert Action.AUTHORIZE not in actions and Action.VIEW_PERSONAL_DATA not in actions
    assert not allowed("teller", Action.AUTHORIZE)


def test_a_session_that_must_change_its_password_may_do_nothing_else() -> None:
    session = Session("teller01", "柜员一", "teller", must_change_password=True)
    with pytest.raises(PasswordChangeRequired) as info:
        session.require(Action.ASSESS)
    assert "修改密码" in info.value.message_zh


def test_services_enforce_the_table(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    with open_ws(settings) as ws:
        teller, rules, admin = login(ws, "teller01"), login(ws, "rules01"), login(ws, "admin01")
        with pytest.raises(PermissionDenied):
            Counter(ws, rules).record_assessment(case(), assessment())
        with pytest.raises(PermissionDenied):
            Counter(ws, admin).record_assessment(case(), assessment())
        ref = Counter(ws, teller).record_assessment(case(), assessment()).case_ref
        with pytest.raises(PermissionDenied):
            Counter(ws, teller).replay_case(ref, "好奇")
        with pytest.raises(PermissionDenied):
            Counter(ws, admin).find_events("410102195403150028", "查询")
        with pytest.raises(PermissionDenied):
            seal_day(ws, teller)
        with pytest.raises(PermissionDenied):
            backup_audit(ws, rules, tmp_path / "b.sqlite3")
        with pytest.raises(PermissionDenied):
            export_audit(
                ws,
                teller,
                date_from=date(2026, 1, 1),
                date_to=date(2026, 12, 31),
                fmt="csv",
                out=tmp_path / "e.zip",
            )
        with pytest.raises(PermissionDenied):
            ws.users.add(teller, "teller09", "x", "teller", "Teller#2026x")
        with pytest.raises(PermissionDenied):  # the authorizing person needs AUTHORIZE
            Counter(ws, teller).authorize(
                ref, Credentials("teller02", PASSWORDS["teller02"]), "同意"
            )


def test_every_permission_has_its_chinese_label_and_its_english_refusal() -> None:
    from tellerguard.auth.roles import ACTION_LABELS, ACTION_PHRASES_EN

    assert set(ACTION_LABELS) == set(Action) == set(ACTION_PHRASES_EN)
    with pytest.raises(PermissionDenied) as info:
        require("rule_admin", Action.SEAL_DAY, who="rules01")
    assert info.value.message_en == (
        "rules01 (role rule_admin) is not allowed to seal the day (permission seal_day)"
    )
    assert info.value.message_zh == "规则管理员无权执行“日终封存”"
