"""Operator management from the console: add, disable, unlock, reset a password, change a
role, each through the operator store (:mod:`tellerguard.auth.users`), which checks the
permission table and records the change as an audit event in the same transaction.

The console belongs to whoever signed in (a supervisor, usually). What their role allows
(unlocking and resetting tellers) they do themselves; what it does not (adding, disabling,
changing roles: the system administrator's) needs the credentials of someone whose role
allows it, typed by that person at the console: they are signed in for that one change
(``login_succeeded``, context ``approval``) and the change is recorded as theirs. Two-person
control is kept: the operator signed in at the console can never be the subject of a change
made there with someone else's credentials (nobody gets their own role raised or password
reset by standing beside an administrator), and the person whose credentials are typed
must be another operator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from tellerguard.auth.errors import (
    AuthError,
    PasswordChangeRequired,
    SelfApprovalError,
    UserStateError,
)
from tellerguard.auth.passwords import PolicyProblem, password_problems
from tellerguard.auth.roles import ROLE_LABELS, ROLES, Action, allowed
from tellerguard.auth.users import Credentials, Session, UserInfo, normalize_username
from tellerguard.services.workstation import Workstation

__all__ = [
    "CHANGE_ACTIONS",
    "ROLES",
    "ROLE_LABELS",
    "ChangeKind",
    "ChangeResult",
    "OperatorChange",
    "PolicyProblem",
    "UserInfo",
    "change_operator",
    "needs_second_person",
    "password_problems",
]

ChangeKind = Literal["add", "disable", "unlock", "reset_password", "set_role"]
CHANGE_ACTIONS: dict[ChangeKind, Action] = {
    "add": Action.MANAGE_USERS,
    "disable": Action.MANAGE_USERS,
    "set_role": Action.MANAGE_USERS,
    "unlock": Action.UNLOCK_USER,
    "reset_password": Action.RESET_PASSWORD,
}
"""The permission each change needs (the table in :mod:`tellerguard.auth.roles`)."""


@dataclass(frozen=True, slots=True)
class OperatorChange:
    """One change to one operator, as typed at the console."""

    kind: ChangeKind
    username: str
    display_name: str = ""
    role: str = ""
    password: str = field(default="", repr=False)
    """The initial (add) or temporary (reset) password; never shown or logged."""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ChangeResult:
    info: UserInfo
    """The operator afterwards; ``info.event_seq`` is the change's audit event."""
    by: str
    """Who made the change (whose credentials), as recorded."""


def needs_second_person(session: Session, kind: ChangeKind) -> bool:
    """Whether the console's operator needs someone else's credentials for ``kind``."""
    return not allowed(session.role, CHANGE_ACTIONS[kind])


def change_operator(
    workstation: Workstation,
    present: Session,
    change: OperatorChange,
    *,
    acting: Credentials | None = None,
) -> ChangeResult:
    """Make ``change`` as ``present`` (the console's operator) or, with ``acting``, as the
    person whose credentials those are (signed in for it, recorded). Raises an
    :class:`~tellerguard.auth.errors.AuthError` and records nothing of the change when the
    permission table, the two-person rules or the password policy refuse it."""
    subject = normalize_username(change.username)
    if change.kind not in CHANGE_ACTIONS:
        raise AuthError(f"unknown operator change {change.kind!r}", "不支持的操作")
    if change.kind in ("add", "set_role") and change.role not in ROLES:
        raise AuthError(
            f"unknown role {change.role[:40]!r}; roles: {', '.join(ROLES)}", "角色不正确"
        )
    actor = present
    if acting is not None:
        if normalize_username(acting.username) == present.username:
            raise SelfApprovalError(
                f"{present.username} is signed in here; another person's credentials are needed",
                "须由另一位有权限的操作员本人输入用户名和密码",
            )
        if subject == present.username and change.kind != "add":
            raise UserStateError(
                f"{present.username} is signed in at this console and cannot have their own "
                "account changed here with another person's credentials",
                "不能在本人登录的控制台上处理自己的账户",
            )
        actor = workstation.users.login(acting.username, acting.password, context="approval")
        if actor.must_change_password:
            raise PasswordChangeRequired(
                f"{actor.username} must change the password before doing anything else"
            )
    users = workstation.users
    if change.kind == "add":
        info = users.add(
            actor,
            change.username,
            change.display_name,
            change.role,  # type: ignore[arg-type]  # checked against ROLES above
            change.password,
        )
    elif change.kind == "disable":
        info = users.disable(actor, subject, change.reason.strip())
    elif change.kind == "unlock":
        info = users.unlock(actor, subject)
    elif change.kind == "set_role":
        info = users.set_role(actor, subject, change.role)  # type: ignore[arg-type]
    else:
        info = users.reset_password(actor, subject, change.password)
    return ChangeResult(info, actor.username)
