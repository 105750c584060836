"""The one door for a signed-in operator: what the desktop app and the command line both do.

A :class:`Desk` is a workstation (its open store) with one signed-in operator. The app keeps
one for as long as the operator is signed in; a command opens one for the length of the
command (:meth:`Desk.open`, with ``--operator`` and the password). Every permission is
checked by the services the desk calls, and each method either returns a result (with
``lines()`` for the terminal where it has one) or raises a
:class:`~tellerguard.errors.TellerGuardError`; then nothing was written.

What needs no signed-in operator is a plain function of its own service: setting up a
workstation (:func:`~tellerguard.services.workstation.init_workstation`), an operator's own
password change, verifying a store file (:func:`~tellerguard.services.audit_ops.verify_audit`),
key recovery and the demo branch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from tellerguard.audit.store import Receipt
from tellerguard.auth.errors import PermissionDenied
from tellerguard.auth.roles import Action, allowed
from tellerguard.auth.users import Credentials, Session, UserInfo
from tellerguard.config import Settings
from tellerguard.domain.clock import Clock
from tellerguard.domain.events import ExportFormat
from tellerguard.domain.operators import Role
from tellerguard.services.audit_ops import (
    BackupOutcome,
    ExportOutcome,
    SealResult,
    VerifyOutcome,
    backup_audit,
    export_audit,
    seal_day,
    seal_quietly,
    verify_workstation,
)
from tellerguard.services.console import (
    AuditLog,
    CustomerKey,
    EventDetail,
    customer_filter,
    event_detail,
)
from tellerguard.services.counter import Counter
from tellerguard.services.dossier import (
    Dossier,
    ReprintSource,
    customer_dossier,
    export_dossier,
    reprint_source,
)
from tellerguard.services.reports import (
    BranchStatistics,
    Breakdown,
    BreakdownRow,
    EventSummary,
    RuleRateRow,
    branch_statistics,
    browse_events,
    rule_rates,
    statistics_breakdown,
)
from tellerguard.services.rule_changes import ReplayReport, replay_cases
from tellerguard.services.rules import RulePack
from tellerguard.services.workstation import Workstation, open_workstation

OperatorSession = Session
__all__ = [
    "Action",
    "Credentials",
    "Desk",
    "OperatorSession",
    "Receipt",
    "UserInfo",
]
"""The services' vocabulary the app and the command line use: they import these names from
here, never from the audit or auth packages (import-linter checks it)."""


class Desk:
    """A workstation with one signed-in operator."""

    def __init__(self, workstation: Workstation, operator: Session) -> None:
        self.workstation = workstation
        self.operator = operator
        self.counter = Counter(workstation, operator)
        """Recording what happens at the counter, as this operator."""

    @classmethod
    @contextmanager
    def open(
        cls, settings: Settings, credentials: Credentials, *, clock: Clock | None = None
    ) -> Iterator[Desk]:
        """Open the workstation, sign ``credentials`` in (recorded), and close it after,
        sealing what was recorded (the command's sign-out)."""
        with open_workstation(settings, clock=clock) as workstation:
            yield cls(workstation, workstation.act_as(credentials))
            seal_quietly(workstation)

    def may(self, action: Action) -> bool:
        """Whether the signed-in operator's role allows ``action``."""
        return allowed(self.operator.role, action)

    # -- operators -------------------------------------------------------------------------
    def operators(self) -> list[UserInfo]:
        """Every operator (administrators and supervisors)."""
        if not (self.may(Action.MANAGE_USERS) or self.may(Action.UNLOCK_USER)):
            raise PermissionDenied(
                f"{self.operator.username} (role {self.operator.role}) may not list operators"
            )
        return self.workstation.users.list()

    def add_operator(self, username: str, display_name: str, role: Role, password: str) -> UserInfo:
        """A new operator, who must change ``password`` at first sign-in."""
        return self.workstation.users.add(self.operator, username, display_name, role, password)

    def disable_operator(self, username: str, reason: str) -> UserInfo:
        return self.workstation.users.disable(self.operator, username, reason)

    def unlock_operator(self, username: str) -> UserInfo:
        return self.workstation.users.unlock(self.operator, username)

    def set_role(self, username: str, role: Role) -> UserInfo:
        return self.workstation.users.set_role(self.operator, username, role)

    def reset_password(self, username: str, temporary_password: str) -> UserInfo:
        """A temporary password the operator must change at next sign-in."""
        return self.workstation.users.reset_password(self.operator, username, temporary_password)

    # -- the audit log ---------------------------------------------------------------------
    def browse(
        self,
        date_from: date,
        date_to: date,
        *,
        types: Sequence[str] | None = None,
        teller: str | None = None,
        limit: int = 500,
    ) -> list[EventSummary]:
        """The events of a date range, newest first, masked."""
        return browse_events(
            self.workstation,
            self.operator,
            date_from=date_from,
            date_to=date_to,
            types=types,
            teller=teller,
            limit=limit,
        )

    def audit_log(self) -> AuditLog:
        """A read-only connection over the whole log for one console window (close it)."""
        return AuditLog(self.workstation, self.operator)

    def customer_filter(self, number: str, reason: str) -> CustomerKey:
        """Find a customer by full ID or card number (recorded with its reason)."""
        return customer_filter(self.workstation, self.operator, number, reason)

    def event_detail(self, seq: int) -> EventDetail | None:
        """One event, whole and masked."""
        return event_detail(self.workstation, self.operator, seq)

    def dossier(self, subject: str, reason: str) -> Dossier:
        """倒查: everything about a customer (full ID or card number) or one case."""
        return customer_dossier(self.workstation, self.operator, subject, reason)

    def export_dossier(self, dossier: Dossier, fmt: ExportFormat, out: Path) -> ExportOutcome:
        return export_dossier(self.workstation, self.operator, dossier, fmt, out)

    def replay(self, old: RulePack, new: RulePack, *, last: int) -> ReplayReport:
        """The last ``last`` recorded cases judged by both packs (decrypted inside only)."""
        return replay_cases(self.workstation, self.operator, old, new, last=last)

    def reprint_source(self, reminder_seq: int, reason: str) -> ReprintSource:
        """A recorded reminder's confirmation, to print again (补打, recorded)."""
        return reprint_source(self.workstation, self.operator, reminder_seq, reason)

    def statistics(self, date_from: date, date_to: date) -> BranchStatistics:
        """What the counters did and stopped between two dates (inclusive)."""
        return branch_statistics(
            self.workstation, self.operator, date_from=date_from, date_to=date_to
        )

    def breakdown(self, date_from: date, date_to: date, by: Breakdown) -> list[BreakdownRow]:
        """The counts per day, week, month, teller or typology tag."""
        return statistics_breakdown(
            self.workstation, self.operator, date_from=date_from, date_to=date_to, by=by
        )

    def rule_rates(
        self, date_from: date, date_to: date, titles: dict[str, str] | None = None
    ) -> list[RuleRateRow]:
        """Each rule's fire rate and override rate between two dates."""
        return rule_rates(
            self.workstation, self.operator, date_from=date_from, date_to=date_to, titles=titles
        )

    def export(
        self,
        date_from: date,
        date_to: date,
        fmt: ExportFormat,
        out: Path,
        *,
        types: Sequence[str] | None = None,
        teller: str | None = None,
        unmasked: bool = False,
        approver: Credentials | None = None,
        reason: str | None = None,
    ) -> ExportOutcome:
        """An export bundle; an unmasked one needs a second person's approval and a reason."""
        return export_audit(
            self.workstation,
            self.operator,
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

    def verify(self, *, checkpoints: Sequence[Path] = (), deep: bool = False) -> VerifyOutcome:
        """Verify this workstation's store; the verification is recorded."""
        return verify_workstation(
            self.workstation, self.operator, checkpoints=checkpoints, deep=deep
        )

    def seal(self, *, day: date | None = None, out: Path | None = None) -> SealResult:
        """Seal a past day: a signed checkpoint beside the store and, with ``out``, a copy."""
        return seal_day(self.workstation, self.operator, day=day, out=out)

    def backup(self, out: Path) -> BackupOutcome:
        return backup_audit(self.workstation, self.operator, out)
