"""The branch manager's reports: what the counters stopped, and the audit log to browse.

Read-only: every query runs on a separate read-only connection to the store
(:meth:`~tellerguard.audit.store.AuditStore.reader`, ``mode=ro``), so a long report never holds
up an append, and over the stored (generated) columns only: nothing is decrypted, customers
appear in their masked forms. Date ranges are inclusive business days in Asia/Shanghai and
filter exactly as an export does (:class:`tellerguard.audit.queries.EventFilter`), so a report and
the export of the same range count the same events.

The protected amount is the sum of the transfer amounts of the cases whose customer was
dissuaded (劝阻成功), referred to the police, or refused: the amount is a clear derived column
(``amount``, the decimal string of ``payload.subject.amount``), the same in every event of a
case, and each case counts once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tellerguard.audit.export_rows import ExportRequest, validate_request
from tellerguard.audit.queries import EventFilter, EventSummary
from tellerguard.auth.roles import Action
from tellerguard.auth.users import Session
from tellerguard.domain.format import format_money
from tellerguard.domain.labels import (
    DECISION_LABELS,
)
from tellerguard.domain.levels import LEVELS
from tellerguard.services.workstation import Workstation

__all__ = ["DECISIONS", "BranchStatistics", "EventSummary", "branch_statistics", "browse_events"]

DECISIONS: tuple[str, ...] = tuple(DECISION_LABELS)
"""The customer's decisions after a reminder, in the order reports list them."""
TOP_RULES = 10
MAX_BROWSE = 10_000


def _selection(
    date_from: date, date_to: date, types: Sequence[str] | None = None, teller: str | None = None
) -> EventFilter:
    """The filter of an export of the same range (validated the same way)."""
    request = ExportRequest(
        date_from=date_from,
        date_to=date_to,
        format="csv",
        types=list(types) if types else None,
        teller=teller,
    )
    validate_request(request)
    return request.selection()


@dataclass(frozen=True, slots=True)
class BranchStatistics:
    """What the branch's counters did between two dates (inclusive)."""

    date_from: date
    date_to: date
    assessments: dict[str, int]
    """Assessments shown, per level (every level present, ``pass`` first)."""
    assessed_cases: int
    reminders: dict[str, int]
    """Completed second reminders, per customer decision (every decision present)."""
    refusals: int
    police_referrals: int
    """Cases referred to the police: by the reminder's decision or with a refusal."""
    authorizations: int
    protected_cases: int
    """Transfer cases stopped: the customer was dissuaded, referred to the police or refused."""
    protected_amount: Decimal
    top_rules: list[tuple[str, int]] = field(default_factory=list)
    """The rules that hit most often (number of cases), most first."""
    rule_titles: dict[str, str] = field(default_factory=dict)
    """Each of those rules' title as its hits recorded it (what the teller saw)."""

    def rule_name(self, rule_id: str) -> str:
        """A rule as a person names it: its title, the id only when no title was recorded."""
        return self.rule_titles.get(rule_id) or rule_id

    @property
    def dissuaded(self) -> int:
        return self.reminders.get("dissuaded", 0)

    @property
    def reminders_total(self) -> int:
        return sum(self.reminders.values())

    @property
    def assessments_total(self) -> int:
        return sum(self.assessments.values())

    def lines(self) -> list[str]:
        """The report as plain lines for the command line."""
        lines = [
            f"branch statistics {self.date_from} .. {self.date_to}",
            f"assessments shown: {self.assessments_total} ({self.assessed_cases} cases)",
        ]
        lines += [f"  {level}: {count}" for level, count in self.assessments.items()]
        lines.append(f"reminders completed: {self.reminders_total}")
        lines += [f"  {decision}: {count}" for decision, count in self.reminders.items()]
        lines += [
            f"refusals: {self.refusals}",
            f"referred to the police: {self.police_referrals}",
            f"supervisor authorizations: {self.authorizations}",
            f"transfers stopped: {self.protected_cases}, amount protected "
            f"{format_money(self.protected_amount)} CNY",
        ]
        if self.top_rules:
            lines.append("rules hit most often (cases):")
            lines += [
                f"  {rule_id} {self.rule_name(rule_id)}: {count}"
                for rule_id, count in self.top_rules
            ]
        return lines


def branch_statistics(
    workstation: Workstation,
    session: Session,
    *,
    date_from: date,
    date_to: date,
    top: int = TOP_RULES,
) -> BranchStatistics:
    """Count what the counters did between ``date_from`` and ``date_to`` (inclusive)."""
    session.require(Action.VIEW_STATISTICS)
    with workstation.store.reader() as reader:
        counts = reader.branch_counts(_selection(date_from, date_to), top=top)
    assessments = dict.fromkeys(LEVELS, 0) | counts.assessments
    reminders = dict.fromkeys(DECISIONS, 0) | counts.reminders
    return BranchStatistics(
        date_from=date_from,
        date_to=date_to,
        assessments=assessments,
        assessed_cases=counts.assessed_cases,
        reminders=reminders,
        refusals=counts.refusals,
        police_referrals=counts.police_cases,
        authorizations=counts.authorizations,
        protected_cases=len(counts.stopped_transfers),
        protected_amount=sum((amount for _, amount in counts.stopped_transfers), Decimal("0.00")),
        top_rules=counts.top_rules,
        rule_titles=counts.rule_titles,
    )


def browse_events(
    workstation: Workstation,
    session: Session,
    *,
    date_from: date,
    date_to: date,
    types: Sequence[str] | None = None,
    teller: str | None = None,
    limit: int = 500,
) -> list[EventSummary]:
    """The events of a date range (inclusive), newest first, at most ``limit``, as the
    supervisor's screen lists them: masked, never decrypted. ``types`` and ``teller``
    narrow it down as they narrow an export."""
    session.require(Action.VIEW_AUDIT)
    selection = _selection(date_from, date_to, types, teller)
    limit = max(1, min(limit, MAX_BROWSE))
    with workstation.store.reader() as reader:
        return reader.browse(selection, limit)
