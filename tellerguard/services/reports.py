"""The branch manager's reports: what the counters stopped, and the audit log to browse.

Read-only: every query runs on a separate read-only connection to the store
(:meth:`~tellerguard.audit.store.AuditStore.reader`, ``mode=ro``), so a long report never holds
up an append, and over the stored (generated) columns only: nothing is decrypted, customers
appear in their masked forms. Date ranges are inclusive business days in Asia/Shanghai and
filter exactly as an export does (:func:`tellerguard.audit.export._where`), so a report and
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
from typing import Any

from tellerguard.audit.export import ExportRequest, _where, validate_request
from tellerguard.auth.roles import Action
from tellerguard.auth.users import Session
from tellerguard.domain.labels import (
    DECISION_LABELS,
)
from tellerguard.domain.levels import LEVELS
from tellerguard.engine.format import format_money
from tellerguard.services.counter import _SUMMARY, EventSummary, _summary
from tellerguard.services.workstation import Workstation

__all__ = ["DECISIONS", "BranchStatistics", "EventSummary", "branch_statistics", "browse_events"]

DECISIONS: tuple[str, ...] = tuple(DECISION_LABELS)
"""The customer's decisions after a reminder, in the order reports list them."""
STOPPED_DECISIONS = ("dissuaded", "referred_to_police")
TOP_RULES = 10
MAX_BROWSE = 10_000


def _range(
    date_from: date, date_to: date, types: Sequence[str] | None = None, teller: str | None = None
) -> tuple[str, list[Any]]:
    """The WHERE clause of an export of the same range (validated the same way)."""
    request = ExportRequest(
        date_from=date_from,
        date_to=date_to,
        format="csv",
        types=list(types) if types else None,
        teller=teller,
    )
    validate_request(request)
    return _where(request)


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
            lines += [f"  {rule_id}: {count}" for rule_id, count in self.top_rules]
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
    where, params = _range(date_from, date_to)
    with workstation.store.reader() as reader:

        def rows(sql: str, extra: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
            return reader._all(sql, (*params, *extra))

        by_type_level = rows(
            f"SELECT type, level, decision, count(*), count(DISTINCT case_ref) FROM events "
            f"WHERE {where} AND type IN ('assessment_shown', 'reminder_completed', "
            f"'business_refused', 'supervisor_authorized') GROUP BY type, level, decision"
        )
        assessments: dict[str, int] = dict.fromkeys(LEVELS, 0)
        reminders = dict.fromkeys(DECISIONS, 0)
        refusals = authorizations = 0
        for event_type, level, decision, count, _cases in by_type_level:
            if event_type == "assessment_shown":
                assessments[level] = assessments.get(level, 0) + count
            elif event_type == "reminder_completed":
                reminders[decision] = reminders.get(decision, 0) + count
            elif event_type == "business_refused":
                refusals += count
            else:
                authorizations += count
        assessed_cases = rows(
            f"SELECT count(DISTINCT case_ref) FROM events "
            f"WHERE {where} AND type = 'assessment_shown'"
        )[0][0]
        stopped = ", ".join(f"'{d}'" for d in STOPPED_DECISIONS)
        police = rows(
            f"SELECT count(DISTINCT case_ref) FROM events WHERE {where} AND ("
            f"(type = 'reminder_completed' AND decision = 'referred_to_police') OR "
            f"(type = 'business_refused' AND "
            f"record ->> '$.payload.referred_to_police' = 1))"
        )[0][0]
        # Every event of a case carries the same subject, so any one row per case gives
        # its amount.
        protected = rows(
            f"SELECT case_ref, max(amount) FROM events WHERE {where} "
            f"AND kind = 'transfer' AND amount IS NOT NULL AND ("
            f"type = 'business_refused' OR "
            f"(type = 'reminder_completed' AND decision IN ({stopped}))) GROUP BY case_ref"
        )
        top_rules = rows(
            f"SELECT hit.value, count(DISTINCT shown.case_ref) AS cases FROM ("
            f"SELECT case_ref, record FROM events WHERE {where} "
            f"AND type = 'assessment_shown') AS shown, "
            f"json_each(shown.record, '$.payload.rule_ids') AS hit "
            f"GROUP BY hit.value ORDER BY cases DESC, hit.value LIMIT ?",
            (top,),
        )
    return BranchStatistics(
        date_from=date_from,
        date_to=date_to,
        assessments=assessments,
        assessed_cases=int(assessed_cases),
        reminders=reminders,
        refusals=refusals,
        police_referrals=int(police),
        authorizations=authorizations,
        protected_cases=len(protected),
        protected_amount=sum((Decimal(amount) for _, amount in protected), Decimal("0.00")),
        top_rules=[(str(rule_id), int(count)) for rule_id, count in top_rules],
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
    where, params = _range(date_from, date_to, types, teller)
    limit = max(1, min(limit, MAX_BROWSE))
    with workstation.store.reader() as reader:
        rows = reader._all(
            f"SELECT {_SUMMARY} FROM events WHERE {where} ORDER BY seq DESC LIMIT ?",
            (*params, limit),
        )
    return [_summary(r) for r in rows]
