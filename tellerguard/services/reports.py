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

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from tellerguard.audit.errors import ExportError
from tellerguard.audit.export_rows import ExportRequest, validate_request
from tellerguard.audit.queries import (
    BREAKDOWNS,
    Breakdown,
    BreakdownRow,
    EventFilter,
    EventSummary,
)
from tellerguard.audit.store import AuditReader
from tellerguard.auth.roles import Action
from tellerguard.auth.users import Session
from tellerguard.domain.format import count_of, format_money
from tellerguard.domain.labels import (
    DECISION_LABELS,
)
from tellerguard.domain.levels import LEVEL_LABELS, LEVELS
from tellerguard.services.outputs import new_output_file
from tellerguard.services.workstation import Workstation

__all__ = [
    "BREAKDOWNS",
    "DECISIONS",
    "BranchStatistics",
    "Breakdown",
    "BreakdownRow",
    "EventSummary",
    "RuleRateRow",
    "branch_statistics",
    "browse_events",
    "rule_rates",
    "statistics_breakdown",
    "write_statistics_xlsx",
]

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


@contextmanager
def _reading(workstation: Workstation, reader: AuditReader | None) -> Iterator[AuditReader]:
    """A window's own read-only connection when it passes one (left open), else a new one
    for this call."""
    if reader is not None:
        yield reader
        return
    with workstation.store.reader() as opened:
        yield opened


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
            f"assessments shown: {self.assessments_total} "
            f"({count_of(self.assessed_cases, 'case')})",
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
    reader: AuditReader | None = None,
) -> BranchStatistics:
    """Count what the counters did between ``date_from`` and ``date_to`` (inclusive)."""
    session.require(Action.VIEW_STATISTICS)
    with _reading(workstation, reader) as r:
        counts = r.branch_counts(_selection(date_from, date_to), top=top)
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


# -- breakdowns and rule rates ---------------------------------------------------------------
BREAKDOWN_LABELS: dict[str, str] = {
    "day": "按日",
    "week": "按周（周一）",
    "month": "按月",
    "teller": "按柜员",
    "typology": "按风险类型",
}


def statistics_breakdown(
    workstation: Workstation,
    session: Session,
    *,
    date_from: date,
    date_to: date,
    by: Breakdown,
    reader: AuditReader | None = None,
) -> list[BreakdownRow]:
    """The branch's counts per day, week, month, teller or tag between two dates."""
    session.require(Action.VIEW_STATISTICS)
    if by not in BREAKDOWNS:
        raise ExportError(
            f"unknown breakdown {by!r}; use {', '.join(BREAKDOWNS)}", "分组方式不正确"
        )
    with _reading(workstation, reader) as r:
        return r.breakdown(_selection(date_from, date_to), by)


@dataclass(frozen=True, slots=True)
class RuleRateRow:
    """A rule's fire rate (share of the assessed cases it hit) and override rate (share of
    those cases that went ahead although it asked for a reminder or more)."""

    rule_id: str
    title: str
    level: str
    cases: int
    assessed: int
    went_ahead: int

    @property
    def fire_rate(self) -> float:
        return self.cases / self.assessed if self.assessed else 0.0

    @property
    def override_rate(self) -> float | None:
        """``None`` for a notice, which asks nothing that could be gone against."""
        if self.level in ("pass", "notice") or not self.cases:
            return None
        return self.went_ahead / self.cases


def rule_rates(
    workstation: Workstation,
    session: Session,
    *,
    date_from: date,
    date_to: date,
    titles: dict[str, str] | None = None,
    reader: AuditReader | None = None,
) -> list[RuleRateRow]:
    session.require(Action.VIEW_STATISTICS)
    with _reading(workstation, reader) as r:
        assessed, rates = r.rule_rates(_selection(date_from, date_to))
    return [
        RuleRateRow(
            r.rule_id, (titles or {}).get(r.rule_id, r.rule_id), r.level, r.cases, assessed,
            r.went_ahead,
        )
        for r in rates
    ]  # fmt: skip


BREAKDOWN_HEADERS = (
    "分组",
    "风险评估",
    "二次提醒",
    "主管授权",
    "拒绝办理",
    "劝阻成功",
    "移交公安",
    "拦截转账（笔）",
    "拦截金额（元）",
)
RULE_HEADERS = ("规则", "等级", "命中业务", "命中率", "坚持办理", "被坚持率", "规则编号")
BREAKDOWN_HEADERS_EN = (
    "group",
    "assessments",
    "reminders",
    "authorizations",
    "refusals",
    "dissuaded",
    "police",
    "transfers stopped",
    "amount protected (CNY)",
)
RULE_HEADERS_EN = ("rule", "level", "cases", "fire rate", "went ahead", "override rate", "id")


def breakdown_cells(row: BreakdownRow) -> tuple[str, ...]:
    return (
        row.key,
        str(row.assessments),
        str(row.reminders),
        str(row.authorizations),
        str(row.refusals),
        str(row.dissuaded),
        str(row.police_cases),
        str(row.protected_cases),
        format_money(row.protected_amount),
    )


def rule_cells(row: RuleRateRow) -> tuple[str, ...]:
    override = row.override_rate
    return (
        row.title,
        LEVEL_LABELS.get(row.level, row.level),
        str(row.cases),
        f"{row.fire_rate:.1%}",
        str(row.went_ahead),
        "—" if override is None else f"{override:.1%}",
        row.rule_id,
    )


def write_statistics_xlsx(
    path: Path, by: Breakdown, rows: list[BreakdownRow], rules: list[RuleRateRow]
) -> Path:
    """The statistics tables as one workbook (no personal data: counts and rule titles),
    written to ``path`` with ``.xlsx`` added if it has another ending (as a save dialog
    does: a spreadsheet program opens the file by its name). Returns the file written."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    path = new_output_file(path)
    import xlsxwriter  # here, not at the top: ~0.1 s of every cold start otherwise

    workbook = xlsxwriter.Workbook(str(path))
    try:
        bold = workbook.add_format({"bold": True})
        sheet = workbook.add_worksheet(BREAKDOWN_LABELS[by])
        sheet.write_row(0, 0, BREAKDOWN_HEADERS, bold)
        for number, row in enumerate(rows, 1):
            sheet.write_row(number, 0, breakdown_cells(row))
        sheet = workbook.add_worksheet("规则命中率与被坚持率")
        sheet.write_row(0, 0, RULE_HEADERS, bold)
        for number, rule in enumerate(rules, 1):
            sheet.write_row(number, 0, rule_cells(rule))
    finally:
        workbook.close()
    return path
