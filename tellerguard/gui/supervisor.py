"""The supervisor's 审计与统计 screen without its widgets: what to ask the session for, and the
Chinese text the screen shows (statistics, export and verification results).

The view (:mod:`tellerguard.gui.views.supervisor`) only reads widgets and shows what this
returns; the session is the one that calls the services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from tellerguard.domain.events import DECISION_LABELS, ExportFormat
from tellerguard.domain.levels import LEVEL_LABELS
from tellerguard.services.audit_ops import ExportOutcome, VerifyOutcome
from tellerguard.services.counter import EventSummary
from tellerguard.services.reports import BranchStatistics

TOP_RULES_SHOWN = 5
EXPORT_FORMATS: tuple[tuple[ExportFormat, str], ...] = (
    ("xlsx", "Excel（XLSX）"),
    ("csv", "CSV（UTF-8）"),
)


class SupervisorSource(Protocol):
    """What the screen needs from the logged-in session."""

    def business_date(self) -> date: ...

    def event_type_labels(self) -> list[tuple[str, str]]: ...

    def browse_events(
        self,
        date_from: date,
        date_to: date,
        *,
        types: Sequence[str] | None = None,
        teller: str | None = None,
        limit: int = 500,
    ) -> list[EventSummary]: ...

    def branch_statistics(self, date_from: date, date_to: date) -> BranchStatistics: ...

    def export_audit(
        self,
        date_from: date,
        date_to: date,
        fmt: ExportFormat,
        out: Path,
        *,
        types: Sequence[str] | None = None,
        teller: str | None = None,
    ) -> ExportOutcome: ...

    def verify_audit(self) -> VerifyOutcome: ...


@dataclass(frozen=True, slots=True)
class Query:
    """The filters on the screen: an inclusive date range, one event type or all, an operator
    or all."""

    date_from: date
    date_to: date
    event_type: str | None = None
    teller: str | None = None

    @property
    def types(self) -> list[str] | None:
        return [self.event_type] if self.event_type else None


def _money(amount: object) -> str:
    return f"¥{amount:,.2f}"


def statistics_html(stats: BranchStatistics) -> str:
    """The statistics panel: what the branch stopped first, then the details."""
    head = (
        f"{stats.date_from.isoformat()} 至 {stats.date_to.isoformat()}："
        f"劝阻成功 <b>{stats.dissuaded}</b> 起，拒绝办理 <b>{stats.refusals}</b> 起，"
        f"移交公安 <b>{stats.police_referrals}</b> 起，"
        f"主管授权 <b>{stats.authorizations}</b> 次；"
        f"共拦截转账 <b>{stats.protected_cases}</b> 笔，"
        f"金额 <b>{_money(stats.protected_amount)}</b>。"
    )
    levels = " · ".join(
        f"{LEVEL_LABELS[level]} {count}" for level, count in stats.assessments.items()
    )
    decisions = " · ".join(
        f"{DECISION_LABELS[decision]} {count}" for decision, count in stats.reminders.items()
    )
    lines = [
        head,
        f"风险评估 {stats.assessments_total} 次（{stats.assessed_cases} 笔业务）：{levels}",
        f"二次提醒 {stats.reminders_total} 次：{decisions}",
    ]
    if stats.top_rules:
        rules = "、".join(
            f"{rule_id}（{count} 笔）" for rule_id, count in stats.top_rules[:TOP_RULES_SHOWN]
        )
        lines.append(f"命中最多的规则：{rules}")
    return "<br>".join(lines)


def export_message(outcome: ExportOutcome) -> str:
    return (
        f"已导出 {outcome.rows} 条审计记录（个人信息已脱敏）：{outcome.path}\n"
        f"SHA-256 {outcome.sha256}（同见 {outcome.checksum_file.name}），"
        f"导出操作已记录为审计事件 #{outcome.receipt.seq}"
    )


def verify_message(outcome: VerifyOutcome) -> tuple[bool, str]:
    """Whether the chain verified, and the sentence to show."""
    report = outcome.report
    recorded = (
        f"（本次校验已记录为审计事件 #{outcome.receipt.seq}）"
        if outcome.receipt is not None
        else ""
    )
    if report.ok:
        return True, (
            f"审计链校验通过：共 {report.events} 条记录，最新序号 #{report.head_seq}，"
            f"未发现篡改。{recorded}"
        )
    first = report.first_bad_seq
    where = f"第一处异常在序号 #{first}" if first is not None else "异常不在某一条记录上"
    return False, (
        f"审计链校验未通过：{where}，共发现 {report.problem_count} 处问题。"
        f"请立即停止使用并联系科技部门（命令行 tellerguard audit verify 可查看详情）。"
        f"{recorded}"
    )


class SupervisorPresenter:
    """Runs the screen's queries through the session and turns results into text."""

    def __init__(self, source: SupervisorSource, *, limit: int = 500) -> None:
        self.source = source
        self.limit = limit

    def default_range(self) -> tuple[date, date]:
        """This month up to the business date."""
        today = self.source.business_date()
        return today.replace(day=1), today

    def event_types(self) -> list[tuple[str, str]]:
        """(type, Chinese label) for the filter, the counter's events first."""
        first = (
            "assessment_shown",
            "reminder_completed",
            "supervisor_authorized",
            "business_refused",
        )
        labels = self.source.event_type_labels()
        return sorted(
            labels,
            key=lambda item: (
                item[0] not in first,
                first.index(item[0]) if item[0] in first else 0,
                item[1],
            ),
        )

    def events(self, query: Query) -> list[EventSummary]:
        return self.source.browse_events(
            query.date_from, query.date_to, types=query.types, teller=query.teller, limit=self.limit
        )

    def statistics(self, query: Query) -> str:
        return statistics_html(self.source.branch_statistics(query.date_from, query.date_to))

    def export(self, query: Query, fmt: ExportFormat, out: Path) -> str:
        outcome = self.source.export_audit(
            query.date_from, query.date_to, fmt, out, types=query.types, teller=query.teller
        )
        return export_message(outcome)

    def verify(self) -> tuple[bool, str]:
        return verify_message(self.source.verify_audit())

    def default_export_name(self, query: Query, fmt: ExportFormat) -> str:
        return f"审计记录_{query.date_from.isoformat()}_{query.date_to.isoformat()}_{fmt}.zip"
