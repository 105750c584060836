"""Roles and what each may do: the single permission table of TellerGuard.

Every check in services goes through :func:`require`; tests walk every role × action.
Separation of duties: the system administrator manages operators and the store but cannot
authorize business or see personal data; a teller cannot authorize; nobody approves their own
unmasked export or authorizes their own case (checked in :mod:`tellerguard.auth.users`).
"""

from __future__ import annotations

from enum import StrEnum

from tellerguard.auth.errors import PermissionDenied
from tellerguard.domain.labels import (
    ROLE_LABELS,
)
from tellerguard.domain.operators import (
    ROLES,
    Role,
)

__all__ = ["PERMISSIONS", "ROLES", "ROLE_LABELS", "Action", "Role", "allowed", "require"]


class Action(StrEnum):
    """Everything an operator can be allowed to do."""

    ASSESS = "assess"
    """Fill in a case, see the assessment, record that it was shown."""
    RECORD_REMINDER = "record_reminder"
    REFUSE_BUSINESS = "refuse_business"
    AUTHORIZE = "authorize"
    """Authorize high-risk business with one's own password (主管授权)."""
    VIEW_AUDIT = "view_audit"
    """Browse the audit log (masked) and a customer's recent history."""
    VIEW_STATISTICS = "view_statistics"
    """See the branch's counts (assessments, dissuasions, refusals): no personal data."""
    EXPORT_MASKED = "export_masked"
    EXPORT_UNMASKED = "export_unmasked"
    """Ask for an unmasked export; a second person must approve it."""
    APPROVE_UNMASKED = "approve_unmasked"
    """Be that second person (双人授权)."""
    VIEW_PERSONAL_DATA = "view_personal_data"
    """Decrypt a recorded case (replay under a new pack, search by full number)."""
    SEAL_DAY = "seal_day"
    VERIFY_AUDIT = "verify_audit"
    BACKUP = "backup"
    MANAGE_USERS = "manage_users"
    """Add operators, disable them, change roles."""
    UNLOCK_USER = "unlock_user"
    RESET_PASSWORD = "reset_password"
    LOAD_RULE_PACK = "load_rule_pack"
    """Check a rule pack or branch parameters and ask for them to be activated (the maker)."""
    APPROVE_RULE_PACK = "approve_rule_pack"
    """Be the second person who approves or rejects someone else's rule pack change."""
    MANAGE_RISK_LISTS = "manage_risk_lists"
    """Import signed risk lists and remove their expired entries."""
    RECOVER_KEYS = "recover_keys"


ACTION_PHRASES_EN: dict[Action, str] = {
    Action.ASSESS: "assess a case",
    Action.RECORD_REMINDER: "record a second reminder",
    Action.REFUSE_BUSINESS: "refuse business",
    Action.AUTHORIZE: "authorize high-risk business",
    Action.VIEW_AUDIT: "view the audit log",
    Action.VIEW_STATISTICS: "view the branch statistics",
    Action.EXPORT_MASKED: "export the audit log (masked)",
    Action.EXPORT_UNMASKED: "export the audit log unmasked",
    Action.APPROVE_UNMASKED: "approve an unmasked export",
    Action.VIEW_PERSONAL_DATA: "see personal data",
    Action.SEAL_DAY: "seal the day",
    Action.VERIFY_AUDIT: "verify the audit log",
    Action.BACKUP: "back up the audit log",
    Action.MANAGE_USERS: "manage operators",
    Action.UNLOCK_USER: "unlock an operator",
    Action.RESET_PASSWORD: "reset a password",
    Action.LOAD_RULE_PACK: "load or request a rule pack",
    Action.APPROVE_RULE_PACK: "approve a rule pack change",
    Action.MANAGE_RISK_LISTS: "manage risk lists",
    Action.RECOVER_KEYS: "recover keys",
}
"""What each permission lets one do, as the English refusal says it."""

ACTION_LABELS: dict[Action, str] = {
    Action.ASSESS: "风险评估",
    Action.RECORD_REMINDER: "记录二次提醒",
    Action.REFUSE_BUSINESS: "拒绝办理",
    Action.AUTHORIZE: "主管授权",
    Action.VIEW_AUDIT: "查看审计记录",
    Action.VIEW_STATISTICS: "查看网点统计",
    Action.EXPORT_MASKED: "导出审计记录（脱敏）",
    Action.EXPORT_UNMASKED: "导出审计记录（明文）",
    Action.APPROVE_UNMASKED: "审批明文导出",
    Action.VIEW_PERSONAL_DATA: "查看个人信息明文",
    Action.SEAL_DAY: "日终封存",
    Action.VERIFY_AUDIT: "校验审计记录",
    Action.BACKUP: "备份审计记录",
    Action.MANAGE_USERS: "管理操作员",
    Action.UNLOCK_USER: "解锁操作员",
    Action.RESET_PASSWORD: "重置密码",
    Action.LOAD_RULE_PACK: "加载规则包",
    Action.APPROVE_RULE_PACK: "审批规则包变更",
    Action.MANAGE_RISK_LISTS: "管理风险名单",
    Action.RECOVER_KEYS: "恢复密钥",
}

PERMISSIONS: dict[Role, frozenset[Action]] = {
    "teller": frozenset(
        {
            Action.ASSESS,
            Action.RECORD_REMINDER,
            Action.REFUSE_BUSINESS,
        }
    ),
    "supervisor": frozenset(
        {
            Action.ASSESS,
            Action.RECORD_REMINDER,
            Action.REFUSE_BUSINESS,
            Action.AUTHORIZE,
            Action.VIEW_AUDIT,
            Action.VIEW_STATISTICS,
            Action.EXPORT_MASKED,
            Action.EXPORT_UNMASKED,
            Action.APPROVE_UNMASKED,
            Action.VIEW_PERSONAL_DATA,
            Action.SEAL_DAY,
            Action.VERIFY_AUDIT,
            Action.BACKUP,
            Action.UNLOCK_USER,
            Action.RESET_PASSWORD,
            Action.APPROVE_RULE_PACK,
        }
    ),
    "rule_admin": frozenset(
        {
            Action.LOAD_RULE_PACK,
            Action.APPROVE_RULE_PACK,
            Action.MANAGE_RISK_LISTS,
            Action.VERIFY_AUDIT,
        }
    ),
    "it_admin": frozenset(
        {
            Action.MANAGE_USERS,
            Action.UNLOCK_USER,
            Action.RESET_PASSWORD,
            Action.SEAL_DAY,
            Action.VERIFY_AUDIT,
            Action.BACKUP,
            Action.EXPORT_MASKED,
            Action.RECOVER_KEYS,
            Action.VIEW_STATISTICS,
        }
    ),
}


def allowed(role: str, action: Action) -> bool:
    """Whether ``role`` may perform ``action`` (an unknown role may do nothing)."""
    return action in PERMISSIONS.get(role, frozenset())  # type: ignore[call-overload]


def require(role: str, action: Action, *, who: str = "operator") -> None:
    """Raise :class:`PermissionDenied` unless ``role`` may perform ``action``."""
    if not allowed(role, action):
        raise PermissionDenied(
            f"{who} (role {role}) is not allowed to {ACTION_PHRASES_EN[action]} "
            f"(permission {action.value})",
            f"{ROLE_LABELS.get(role, role)}无权执行“{ACTION_LABELS[action]}”",
        )
