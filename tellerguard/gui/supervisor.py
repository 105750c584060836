"""The supervisor's 审计与统计 screen without its widgets: what to ask the session for, and the
Chinese text the screen shows (statistics, export and verification results).

The view (:mod:`tellerguard.gui.views.supervisor`) only reads widgets and shows what this
returns; the session is the one that calls the services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Protocol

from tellerguard.domain.events import (
    ExportFormat,
)
from tellerguard.domain.format import format_money
from tellerguard.domain.labels import (
    DECISION_LABELS,
)
from tellerguard.domain.levels import LEVEL_LABELS
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.services.audit_ops import ExportOutcome, VerifyOutcome
from tellerguard.services.reports import BranchStatistics, EventSummary

TOP_RULES_SHOWN = 5
EXPORT_FORMATS: tuple[tuple[ExportFormat, str], ...] = (
    ("xlsx", QT_TRANSLATE_NOOP("supervisor", "Excel（XLSX）")),
    ("csv", QT_TRANSLATE_NOOP("supervisor", "CSV（UTF-8）")),
)
"""(format, label); show the label with ``translate("supervisor", label)``."""


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


def _money(amount: Decimal) -> str:
    return f"¥{format_money(amount)}"


def statistics_html(stats: BranchStatistics) -> str:
    """The statistics panel: what the branch stopped first, then the details."""
    head = translate(
        "supervisor",
        "{date_from} 至 {date_to}："
        "劝阻成功 <b>{dissuaded}</b> 起，拒绝办理 <b>{refusals}</b> 起，"
        "移交公安 <b>{police}</b> 起，"
        "主管授权 <b>{authorizations}</b> 次；"
        "共拦截转账 <b>{cases}</b> 笔，"
        "金额 <b>{amount}</b>。",
    ).format(
        date_from=stats.date_from.isoformat(),
        date_to=stats.date_to.isoformat(),
        dissuaded=stats.dissuaded,
        refusals=stats.refusals,
        police=stats.police_referrals,
        authorizations=stats.authorizations,
        cases=stats.protected_cases,
        amount=_money(stats.protected_amount),
    )
    levels = " · ".join(
        f"{LEVEL_LABELS[level]} {count}" for level, count in stats.assessments.items()
    )
    decisions = " · ".join(
        f"{DECISION_LABELS[decision]} {count}" for decision, count in stats.reminders.items()
    )
    lines = [
        head,
        translate("supervisor", "风险评估 {total} 次（{cases} 笔业务）：{levels}").format(
            total=stats.assessments_total, cases=stats.assessed_cases, levels=levels
        ),
        translate("supervisor", "二次提醒 {total} 次：{decisions}").format(
            total=stats.reminders_total, decisions=decisions
        ),
    ]
    if stats.top_rules:
        cases = translate("supervisor", "{rule}（{count} 笔）")
        rules = translate("supervisor", "、").join(
            cases.format(rule=escape(stats.rule_name(rule_id)), count=count)
            for rule_id, count in stats.top_rules[:TOP_RULES_SHOWN]
        )
        lines.append(translate("supervisor", "命中最多的规则：{rules}").format(rules=rules))
    return "<br>".join(lines)


def export_message(outcome: ExportOutcome) -> str:
    return translate(
        "supervisor",
        "已导出 {rows} 条审计记录（个人信息已脱敏）：{path}\n"
        "SHA-256 {sha256}（同见 {checksum}），"
        "导出操作已记录为审计事件 #{seq}",
    ).format(
        rows=outcome.rows,
        path=outcome.path,
        sha256=outcome.sha256,
        checksum=outcome.checksum_file.name,
        seq=outcome.receipt.seq,
    )


def verify_message(outcome: VerifyOutcome) -> tuple[bool, str]:
    """Whether the chain verified, and the sentence to show."""
    report = outcome.report
    recorded = (
        translate("supervisor", "（本次校验已记录为审计事件 #{seq}）").format(
            seq=outcome.receipt.seq
        )
        if outcome.receipt is not None
        else ""
    )
    if report.ok:
        return True, translate(
            "supervisor",
            "审计链校验通过：共 {events} 条记录，最新序号 #{head}，未发现篡改。{recorded}",
        ).format(events=report.events, head=report.head_seq, recorded=recorded)
    first = report.first_bad_seq
    where = (
        translate("supervisor", "第一处异常在序号 #{seq}").format(seq=first)
        if first is not None
        else translate("supervisor", "异常不在某一条记录上")
    )
    return False, translate(
        "supervisor",
        "审计链校验未通过：{where}，共发现 {count} 处问题。"
        "请立即停止使用并联系科技部门（命令行 tellerguard audit verify 可查看详情）。"
        "{recorded}",
    ).format(where=where, count=report.problem_count, recorded=recorded)


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
        return translate("supervisor", "审计记录_{date_from}_{date_to}_{format}.zip").format(
            date_from=query.date_from.isoformat(), date_to=query.date_to.isoformat(), format=fmt
        )
