"""One function per headless command, for ``tellerguard/cli.py`` to call one-to-one.

Each opens what it needs, signs the acting operator in (``--operator`` with the password
from the terminal or ``--password-file``), does the work, records it, closes, and returns a
result object with ``lines()`` for the terminal or raises a
:class:`~tellerguard.audit.errors.TellerGuardError` (print ``message_en``, exit with
``exit_status``; no traceback).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tellerguard.auth.errors import PermissionDenied
from tellerguard.auth.roles import Action, allowed
from tellerguard.auth.users import Credentials, UserInfo
from tellerguard.config import Settings
from tellerguard.domain.events import (
    ExportFormat,
)
from tellerguard.domain.operators import (
    Role,
)
from tellerguard.services.audit_ops import (
    BackupOutcome,
    EventTypeInfo,
    ExportOutcome,
    SealResult,
    VerifyOutcome,
    backup_audit,
    event_types,
    export_audit,
    seal_day,
    verify_audit,
)
from tellerguard.services.demo import DemoReport, populate_demo
from tellerguard.services.reports import BranchStatistics, branch_statistics
from tellerguard.services.workstation import (
    InitResult,
    RecoveryResult,
    init_workstation,
    open_workstation,
    recover_keys,
)

__all__ = [
    "audit_backup",
    "audit_export",
    "audit_seal",
    "audit_stats",
    "audit_types",
    "audit_verify",
    "demo",
    "init",
    "keys_recover",
    "users_add",
    "users_change_password",
    "users_disable",
    "users_list",
    "users_reset_password",
    "users_set_role",
    "users_unlock",
]


def init(
    settings: Settings,
    admin_name: str,
    admin_password: str,
    backup_passphrase: str,
    *,
    admin_display_name: str | None = None,
    import_key_backup: Path | None = None,
    import_passphrase: str | None = None,
) -> InitResult:
    """``tellerguard init``: keys, key backup, store, first administrator."""
    return init_workstation(
        settings,
        admin_name,
        admin_password,
        backup_passphrase,
        admin_display_name=admin_display_name,
        import_key_backup=import_key_backup,
        import_passphrase=import_passphrase,
    )


# -- users ---------------------------------------------------------------------------------
def users_add(
    settings: Settings,
    operator: Credentials,
    username: str,
    display_name: str,
    role: Role,
    password: str,
) -> UserInfo:
    """``tellerguard users add``: the new operator must change ``password`` at first login."""
    with open_workstation(settings) as ws:
        actor = ws.act_as(operator)
        return ws.users.add(actor, username, display_name, role, password)


def users_list(settings: Settings, operator: Credentials) -> list[UserInfo]:
    """``tellerguard users list`` (administrators and supervisors)."""
    with open_workstation(settings) as ws:
        actor = ws.act_as(operator)
        if not (
            allowed(actor.role, Action.MANAGE_USERS) or allowed(actor.role, Action.UNLOCK_USER)
        ):
            raise PermissionDenied(f"{actor.username} (role {actor.role}) may not list operators")
        return ws.users.list()


def users_disable(
    settings: Settings, operator: Credentials, username: str, reason: str = ""
) -> UserInfo:
    with open_workstation(settings) as ws:
        return ws.users.disable(ws.act_as(operator), username, reason)


def users_unlock(settings: Settings, operator: Credentials, username: str) -> UserInfo:
    with open_workstation(settings) as ws:
        return ws.users.unlock(ws.act_as(operator), username)


def users_set_role(
    settings: Settings, operator: Credentials, username: str, role: Role
) -> UserInfo:
    with open_workstation(settings) as ws:
        return ws.users.set_role(ws.act_as(operator), username, role)


def users_reset_password(
    settings: Settings, operator: Credentials, username: str, temporary_password: str
) -> UserInfo:
    """``tellerguard users reset-password``: the operator must change it at next login."""
    with open_workstation(settings) as ws:
        return ws.users.reset_password(ws.act_as(operator), username, temporary_password)


def users_change_password(
    settings: Settings, username: str, old_password: str, new_password: str
) -> None:
    """``tellerguard users passwd``: an operator's own change (required after a reset)."""
    with open_workstation(settings) as ws:
        ws.users.change_password(username, old_password, new_password)


# -- audit ---------------------------------------------------------------------------------
def audit_verify(
    db: Path | None,
    settings: Settings | None,
    *,
    checkpoints: Sequence[Path] = (),
    deep: bool = False,
) -> VerifyOutcome:
    """``tellerguard audit verify [--db PATH] [--checkpoint FILE]… [--deep]``: exit 1 unless
    ``outcome.report.ok``."""
    if db is None:
        if settings is None:
            raise ValueError("audit verify needs --db PATH or a configuration")
        db = settings.database_path
    return verify_audit(
        db,
        checkpoints=checkpoints,
        deep=deep,
        key_dir=settings.key_path if settings else None,
        settings=settings,
    )


def audit_seal(
    settings: Settings, operator: Credentials, *, day: date | None = None, out: Path | None = None
) -> SealResult:
    with open_workstation(settings) as ws:
        return seal_day(ws, ws.act_as(operator), day=day, out=out)


def audit_export(
    settings: Settings,
    operator: Credentials,
    *,
    date_from: date,
    date_to: date,
    fmt: ExportFormat,
    out: Path,
    types: Sequence[str] | None = None,
    teller: str | None = None,
    unmasked: bool = False,
    approver: Credentials | None = None,
    reason: str | None = None,
) -> ExportOutcome:
    with open_workstation(settings) as ws:
        return export_audit(
            ws,
            ws.act_as(operator),
            date_from=date_from,
            date_to=date_to,
            fmt=fmt,
            out=out,
            types=types,
            teller=teller,
            unmasked=unmasked,
            approver=approver,
            reason=reason,
        )


def audit_backup(settings: Settings, operator: Credentials, out: Path) -> BackupOutcome:
    with open_workstation(settings) as ws:
        return backup_audit(ws, ws.act_as(operator), out)


def audit_stats(
    settings: Settings, operator: Credentials, *, date_from: date, date_to: date
) -> BranchStatistics:
    """``tellerguard audit stats --from DATE --to DATE``: what the branch stopped."""
    with open_workstation(settings) as ws:
        return branch_statistics(ws, ws.act_as(operator), date_from=date_from, date_to=date_to)


def audit_types() -> list[EventTypeInfo]:
    return event_types()


def keys_recover(
    settings: Settings, backup_file: Path, passphrase: str, operator: Credentials
) -> RecoveryResult:
    """``tellerguard keys recover --backup FILE``: restore the branch keys (docs/AUDIT.md)."""
    return recover_keys(settings, backup_file, passphrase, operator)


def demo(db: Path, events: int, seed: int = 0) -> DemoReport:
    """``tellerguard demo --db PATH --events N [--seed S]``."""
    return populate_demo(db, events, seed)
