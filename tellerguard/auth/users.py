"""Operators in the audit store: add, disable, unlock, change role, reset and change passwords,
log in, and check a second person's credentials (supervisor authorization, export approval).

The ``users`` table can be updated, but every change is an audit event about that operator
written in the same transaction, and the row records which event (``event_seq``); the
database refuses a change without its event (triggers). The event carries the operator's
whole state afterwards, including a fingerprint of the password hash, so a row changed by
hand no longer matches: login refuses it and ``audit verify`` reports it.

Lockout: after ``max_failed_logins`` consecutive failures the account is locked until a
supervisor or administrator unlocks it. A failed login under an unknown name costs the same
argon2 time as a wrong password and is recorded without revealing which of the two it was.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from tellerguard.audit.errors import StoreTamperedError
from tellerguard.audit.queries import OperatorRow
from tellerguard.audit.store import AuditStore, Receipt, Transaction
from tellerguard.auth.errors import (
    AccountDisabledError,
    AccountLockedError,
    AuthenticationFailed,
    AuthError,
    PasswordChangeRequired,
    PasswordPolicyError,
    SelfApprovalError,
    UnknownUserError,
    UserExistsError,
    UserStateError,
)
from tellerguard.auth.passwords import Passwords, check_policy, default_passwords
from tellerguard.auth.roles import ROLES, Action, require
from tellerguard.domain.events import (
    AccountLocked,
    LoginFailed,
    LoginSucceeded,
    PasswordChanged,
    PasswordReset,
    RoleChanged,
    UserAdded,
    UserDisabled,
    UserEvent,
    UserState,
    UserUnlocked,
    credential_fingerprint,
)
from tellerguard.domain.operators import (
    SYSTEM_OPERATOR,
    UNKNOWN_OPERATOR,
    USERNAME_PATTERN,
    Role,
)

_USERNAME = re.compile(USERNAME_PATTERN)
_T = TypeVar("_T")
Context = Literal["login", "authorization", "approval", "unlock"]
FailureContext = Literal["login", "authorization", "approval", "password_change", "unlock"]


@dataclass(frozen=True, slots=True)
class Credentials:
    """A user name and password as typed (the password never appears in ``repr``)."""

    username: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Session:
    """A logged-in operator."""

    username: str
    display_name: str
    role: Role
    must_change_password: bool = False

    def require(self, action: Action) -> None:
        """Raise unless this operator may ``action`` now (a forced password change first)."""
        if self.must_change_password:
            raise PasswordChangeRequired(
                f"{self.username} must change the password before doing anything else"
            )
        require(self.role, action, who=self.username)


@dataclass(frozen=True, slots=True)
class UserInfo:
    """An operator as listed (never the password hash)."""

    username: str
    display_name: str
    role: Role
    disabled: bool
    locked: bool
    failed_logins: int
    must_change_password: bool
    event_seq: int


def _info(row: OperatorRow) -> UserInfo:
    return UserInfo(
        row.username,
        row.display_name,
        row.role,
        row.disabled,
        row.locked,
        row.failed_logins,
        row.must_change_password,
        row.event_seq,
    )


def normalize_username(name: str) -> str:
    return name.strip().lower()


def check_username(name: str) -> str:
    name = normalize_username(name)
    if not _USERNAME.match(name) or name in (SYSTEM_OPERATOR, UNKNOWN_OPERATOR):
        raise AuthError(
            f"user name {name[:40]!r} must be 2-32 characters: lower-case letters, "
            "digits, '.', '_' or '-', starting with a letter or digit",
            "用户名应为 2-32 位小写字母、数字或 . _ -",
        )
    return name


def _display(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 60:
        raise AuthError("display name must be 1 to 60 characters", "姓名应为 1-60 个字符")
    # A control character (an escape sequence, a newline) would reach every screen, printed
    # confirmation and terminal that lists operators: `users list` cleared the screen.
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise AuthError(
            "display name must not hold control or formatting characters",
            "姓名不能包含控制字符",
        )
    return name


class UserDirectory:
    """The operators of one store. Every method that changes something appends its event."""

    def __init__(
        self, store: AuditStore, *, max_failed_logins: int = 5, passwords: Passwords | None = None
    ) -> None:
        self.store = store
        self.max_failed_logins = max_failed_logins
        self.passwords = passwords or default_passwords()

    # -- reading ---------------------------------------------------------------------------
    def _row(self, username: str) -> OperatorRow | None:
        return self.store.operator_row(username)

    def _existing(self, username: str) -> OperatorRow:
        row = self._row(normalize_username(username))
        if row is None:
            raise UnknownUserError(
                f"no operator named {username[:40]!r}", f"没有名为 {username[:40]} 的操作员"
            )
        return row

    def list(self) -> list[UserInfo]:
        return [_info(row) for row in self.store.operator_rows()]

    def get(self, username: str) -> UserInfo | None:
        row = self._row(normalize_username(username))
        return _info(row) if row else None

    def count(self) -> int:
        return self.store.operator_count()

    def _active_admins(self) -> int:
        return self.store.operator_count(active_role="it_admin")

    def _check_row(self, row: OperatorRow) -> None:
        """Refuse an operator whose row no longer matches their latest audit event."""
        latest = self.store.last_event_about(row.username)
        event = self.store.event(row.event_seq)
        ok = latest == row.event_seq and event is not None
        if ok and event is not None:
            try:
                recorded = UserState.model_validate(event.data()["payload"]["user"])
            except (KeyError, TypeError, ValueError):
                ok = False
            else:
                ok = recorded == row.state()
        if not ok:
            raise StoreTamperedError(
                f"the record of operator {row.username} does not match its audit events: it was "
                "changed outside TellerGuard; sign-in refused. Run 'tellerguard audit verify'",
                "操作员记录被改动，已拒绝登录，请立即联系主管",
            )

    # -- writing ---------------------------------------------------------------------------
    def _write(
        self,
        tx: Transaction,
        event: UserEvent | LoginFailed,
        operator: str,
        *,
        password_hash: str,
        insert: bool = False,
    ) -> Receipt:
        """Append an event about an operator and bring their row to the state it records."""
        receipt = tx.append(event, operator=operator)
        s = event.user
        assert s is not None
        tx.put_operator(
            OperatorRow(
                username=s.username,
                display_name=s.display_name,
                role=s.role,
                password_hash=password_hash,
                must_change_password=s.must_change_password,
                failed_logins=s.failed_logins,
                locked=s.locked,
                disabled=s.disabled,
                event_seq=receipt.seq,
            ),
            insert=insert,
        )
        return receipt

    def _new_state(
        self, username: str, display_name: str, role: Role, password_hash: str, *, must_change: bool
    ) -> UserState:
        return UserState(
            username=username,
            display_name=display_name,
            role=role,
            disabled=False,
            locked=False,
            failed_logins=0,
            must_change_password=must_change,
            credential=credential_fingerprint(password_hash),
        )

    def add_first_admin(self, username: str, display_name: str, password: str) -> UserInfo:
        """The workstation's first system administrator, at set-up (no one is logged in)."""
        username = check_username(username)
        if self.count():
            raise UserStateError(
                "the store already has operators; add more with an administrator's account"
            )
        check_policy(password, username=username, display_name=display_name)
        password_hash = self.passwords.hash(password)
        state = self._new_state(
            username, _display(display_name), "it_admin", password_hash, must_change=False
        )
        with self.store.transaction() as tx:
            self._write(
                tx, UserAdded(user=state), SYSTEM_OPERATOR, password_hash=password_hash, insert=True
            )
        return _info(self._existing(username))

    def add_first_witness(self, username: str, password: str, *, by: str) -> UserInfo:
        """The second person of a re-initialisation, as a supervisor of the new store when the
        previous store could not vouch for them: their password is their credential from now
        on, and the event says who set the store up with them."""
        username = check_username(username)
        check_policy(password, username=username)
        password_hash = self.passwords.hash(password)
        state = self._new_state(username, username, "supervisor", password_hash, must_change=False)
        with self.store.transaction() as tx:
            self._write(tx, UserAdded(user=state), by, password_hash=password_hash, insert=True)
        return _info(self._existing(username))

    def add(
        self,
        actor: Session,
        username: str,
        display_name: str,
        role: Role,
        password: str,
        *,
        must_change_password: bool = True,
    ) -> UserInfo:
        """A new operator; by default they must change the initial password at first login."""
        actor.require(Action.MANAGE_USERS)
        username = check_username(username)
        if role not in ROLES:
            raise AuthError(f"unknown role {role!r}; roles: {', '.join(ROLES)}", "角色不正确")
        if self._row(username) is not None:
            raise UserExistsError(f"operator {username} already exists")
        display_name = _display(display_name)
        check_policy(password, username=username, display_name=display_name)
        password_hash = self.passwords.hash(password)
        state = self._new_state(
            username, display_name, role, password_hash, must_change=must_change_password
        )
        with self.store.transaction() as tx:
            self._write(
                tx, UserAdded(user=state), actor.username, password_hash=password_hash, insert=True
            )
        return _info(self._existing(username))

    def disable(self, actor: Session, username: str, reason: str) -> UserInfo:
        """Disable an operator for good (their events stay); the reason is recorded."""
        actor.require(Action.MANAGE_USERS)
        row = self._existing(username)
        if not reason.strip():
            raise UserStateError("disabling an operator needs its reason", "停用操作员须填写原因")
        if row.username == actor.username:
            raise UserStateError("you cannot disable your own account", "不能停用自己的账户")
        if row.disabled:
            raise UserStateError(f"{row.username} is already disabled", "该账户已停用")
        if row.role == "it_admin" and self._active_admins() <= 1:
            raise UserStateError(
                "cannot disable the last system administrator", "不能停用最后一个系统管理员"
            )
        with self.store.transaction() as tx:
            self._write(
                tx,
                UserDisabled(user=row.state(disabled=True), reason=reason.strip()[:200]),
                actor.username,
                password_hash=row.password_hash,
            )
        return _info(self._existing(username))

    def _check_reach(self, actor: Session, row: OperatorRow, what: str) -> None:
        # A supervisor may unlock or reset tellers only: resetting an administrator's password
        # would hand the supervisor the administrator's rights.
        if row.username == actor.username:
            raise UserStateError(
                f"you cannot {what} your own account", "不能对自己的账户执行此操作"
            )
        if actor.role != "it_admin" and row.role != "teller":
            raise AuthError(
                f"a {actor.role} may {what} tellers only; ask a system administrator",
                "主管只能处理柜员账户，请联系系统管理员",
            )

    def unlock(self, actor: Session, username: str) -> UserInfo:
        actor.require(Action.UNLOCK_USER)
        row = self._existing(username)
        self._check_reach(actor, row, "unlock")
        if not row.locked and row.failed_logins == 0:
            raise UserStateError(f"{row.username} is not locked", "该账户未锁定")
        with self.store.transaction() as tx:
            self._write(
                tx,
                UserUnlocked(user=row.state(locked=False, failed_logins=0)),
                actor.username,
                password_hash=row.password_hash,
            )
        return _info(self._existing(username))

    def set_role(self, actor: Session, username: str, role: Role) -> UserInfo:
        actor.require(Action.MANAGE_USERS)
        if role not in ROLES:
            raise AuthError(f"unknown role {role!r}; roles: {', '.join(ROLES)}", "角色不正确")
        row = self._existing(username)
        if row.username == actor.username:
            raise UserStateError("you cannot change your own role", "不能修改自己的角色")
        if row.role == role:
            raise UserStateError(f"{row.username} already has role {role}", "角色未变化")
        if row.role == "it_admin" and not row.disabled and self._active_admins() <= 1:
            raise UserStateError(
                "cannot change the role of the last system administrator",
                "不能修改最后一个系统管理员的角色",
            )
        with self.store.transaction() as tx:
            self._write(
                tx,
                RoleChanged(user=row.state(role=role), old_role=row.role),
                actor.username,
                password_hash=row.password_hash,
            )
        return _info(self._existing(username))

    def reset_password(self, actor: Session, username: str, temporary_password: str) -> UserInfo:
        """Set a temporary password; the operator must change it at the next login. Also
        unlocks the account."""
        actor.require(Action.RESET_PASSWORD)
        row = self._existing(username)
        self._check_reach(actor, row, "reset the password of")
        check_policy(temporary_password, username=row.username, display_name=row.display_name)
        password_hash = self.passwords.hash(temporary_password)
        state = row.state(
            must_change_password=True,
            locked=False,
            failed_logins=0,
            credential=credential_fingerprint(password_hash),
        )
        with self.store.transaction() as tx:
            self._write(tx, PasswordReset(user=state), actor.username, password_hash=password_hash)
        return _info(self._existing(username))

    # -- authentication --------------------------------------------------------------------
    def authenticate(
        self,
        username: str,
        password: str,
        *,
        context: Context = "login",
        then: Callable[[Transaction, Session], _T] | None = None,
    ) -> tuple[Session, _T | None]:
        """Check a password. A failure is recorded (and may lock the account) and raises; a
        success is recorded as ``login_succeeded`` together with whatever ``then`` appends, in
        one transaction (``then`` may raise to record nothing)."""
        with self.store.exclusive():
            name = normalize_username(username)
            row = self._row(name)
            if row is None:
                self.passwords.burn(password)
                shown = name if _USERNAME.match(name) else "<invalid>"
                self.store.append(
                    LoginFailed(username=shown, reason="unknown_user", context=context),
                    operator=UNKNOWN_OPERATOR,
                )
                raise self._refused(AuthenticationFailed)
            self._check_row(row)
            if row.disabled or row.locked:
                self.passwords.burn(password)
                reason: Literal["disabled", "locked"] = "disabled" if row.disabled else "locked"
                with self.store.transaction() as tx:
                    self._write(
                        tx,
                        LoginFailed(
                            username=row.username, reason=reason, context=context, user=row.state()
                        ),
                        row.username,
                        password_hash=row.password_hash,
                    )
                raise self._refused(AccountDisabledError if row.disabled else AccountLockedError)
            if not self.passwords.verify(row.password_hash, password):
                self._record_failure(row, context)
            password_hash = row.password_hash
            if self.passwords.needs_rehash(password_hash):
                password_hash = self.passwords.hash(password)
            session = Session(row.username, row.display_name, row.role, row.must_change_password)
            state = row.state(failed_logins=0, credential=credential_fingerprint(password_hash))
            with self.store.transaction() as tx:
                self._write(
                    tx,
                    LoginSucceeded(user=state, context=context),
                    row.username,
                    password_hash=password_hash,
                )
                result = then(tx, session) if then is not None else None
            return session, result

    def _record_failure(self, row: OperatorRow, context: FailureContext) -> None:
        failed = row.failed_logins + 1
        lock = failed >= self.max_failed_logins
        with self.store.transaction() as tx:
            tx.append(
                LoginFailed(
                    username=row.username,
                    reason="bad_password",
                    context=context,
                    user=row.state(failed_logins=failed),
                ),
                operator=row.username,
            )
            if lock:
                locked = AccountLocked(
                    user=row.state(failed_logins=failed, locked=True),
                    max_failed_logins=self.max_failed_logins,
                )
                self._write(tx, locked, SYSTEM_OPERATOR, password_hash=row.password_hash)
            else:
                tx.count_failed_login(row.username, failed)
        raise self._refused(AccountLockedError if lock else AuthenticationFailed)

    def _refused(self, kind: type[AuthenticationFailed]) -> AuthenticationFailed:
        """A refused sign-in, worded the same whether the name is unknown, the password
        wrong, or the account locked or disabled: the screen must not tell a stranger which
        names exist (the audit event records the real reason)."""
        return kind(
            "sign-in refused: unknown operator or wrong password, or the account is locked "
            f"or disabled (an account locks after {self.max_failed_logins} failed attempts; a "
            "supervisor unlocks it)",
            f"用户名或密码错误，或账户已锁定、停用。连续输错 {self.max_failed_logins} 次账户将被"
            "锁定，请联系主管",
        )

    def login(self, username: str, password: str, *, context: Context = "login") -> Session:
        """Sign in (or unlock the idle-locked window: ``context="unlock"``). A session with
        ``must_change_password`` can only change the password."""
        session, _ = self.authenticate(username, password, context=context)
        return session

    def second_person(
        self,
        credentials: Credentials,
        *,
        action: Action,
        other_than: str,
        context: Context,
        then: Callable[[Transaction, Session], _T],
    ) -> tuple[Session, _T]:
        """Check a second person's own password (supervisor authorization, export approval),
        that they may ``action``, and that they are not ``other_than``; then record ``then``
        in the same transaction as their successful sign-in."""
        if normalize_username(credentials.username) == normalize_username(other_than):
            raise SelfApprovalError(
                f"{other_than} cannot approve or authorize their own case or request"
            )

        def checked(tx: Transaction, session: Session) -> _T:
            session.require(action)
            return then(tx, session)

        session, result = self.authenticate(
            credentials.username, credentials.password, context=context, then=checked
        )
        assert result is not None
        return session, result

    def change_password(self, username: str, old_password: str, new_password: str) -> Session:
        """An operator's own password change (required after a reset or at first login)."""
        with self.store.exclusive():
            row = self._row(normalize_username(username))
            if row is None:
                self.passwords.burn(old_password)
                raise self._refused(AuthenticationFailed)
            self._check_row(row)
            if row.disabled or row.locked:
                self.passwords.burn(old_password)
                raise self._refused(AccountDisabledError if row.disabled else AccountLockedError)
            if not self.passwords.verify(row.password_hash, old_password):
                self._record_failure(row, "password_change")
            check_policy(new_password, username=row.username, display_name=row.display_name)
            if new_password == old_password:
                raise PasswordPolicyError(
                    "the new password must differ from the old one", "新密码不能与旧密码相同"
                )
            password_hash = self.passwords.hash(new_password)
            state = row.state(
                must_change_password=False,
                failed_logins=0,
                credential=credential_fingerprint(password_hash),
            )
            with self.store.transaction() as tx:
                self._write(
                    tx, PasswordChanged(user=state), row.username, password_hash=password_hash
                )
            return Session(row.username, row.display_name, row.role, False)
