"""The supervisor's 审计与统计 screen without its widgets: what to ask the session for, and the
Chinese text the screen shows (statistics, export and verification results).

The view (:mod:`tellerguard.gui.views.supervisor`) only reads widgets and shows what this
returns; the session is the one that calls the services.
"""

from __future__ import annotations

import copy
import html
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from tellerguard.domain.events import (
    EVENT_TYPES,
    ExportFormat,
)
from tellerguard.domain.format import format_money
from tellerguard.domain.labels import (
    CASE_FIELD_LABELS,
    DECISION_LABELS,
    ENUM_LABELS,
    OUTCOME_LABELS,
    ROLE_LABELS,
    choice_label,
    field_label,
    value_label,
)
from tellerguard.domain.levels import LEVEL_LABELS, LEVELS
from tellerguard.domain.risklists import KEY_KIND_LABELS
from tellerguard.domain.tags import TAG_LABELS
from tellerguard.gui.charts import BAR_COLOUR, Bar
from tellerguard.gui.console_admin import OperatorsSource, SealsSource
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.gui.style import LEVEL_COLOURS
from tellerguard.services.audit_ops import ExportOutcome, VerifyOutcome
from tellerguard.services.console import AuditLog, CustomerKey, EventDetail, LogFilter
from tellerguard.services.dossier import Dossier, DossierEvent
from tellerguard.services.reports import (
    BREAKDOWN_LABELS,
    BREAKDOWNS,
    BranchStatistics,
)
from tellerguard.services.statistics import StatsReader

TOP_RULES_SHOWN = 5
EXPORT_FORMATS: tuple[tuple[ExportFormat, str], ...] = (
    ("xlsx", QT_TRANSLATE_NOOP("supervisor", "Excel（XLSX）")),
    ("csv", QT_TRANSLATE_NOOP("supervisor", "CSV（UTF-8）")),
)
"""(format, label); show the label with ``translate("supervisor", label)``."""


class SupervisorSource(OperatorsSource, SealsSource, Protocol):
    """What the screen needs from the logged-in session (the operator and seal tabs' needs
    included)."""

    def stats_reader(self) -> StatsReader: ...

    def business_date(self) -> date: ...

    def event_type_labels(self) -> list[tuple[str, str]]: ...

    def audit_log(self) -> AuditLog: ...

    def customer_filter(self, number: str, reason: str) -> CustomerKey: ...

    def event_detail(self, seq: int) -> EventDetail | None: ...

    def dossier(self, subject: str, reason: str) -> Dossier: ...

    def rule_titles(self) -> dict[str, str]: ...

    def reprint_confirmation(self, reminder_seq: int, reason: str) -> Path: ...

    def export_dossier(self, dossier: Dossier, fmt: ExportFormat, out: Path) -> ExportOutcome: ...

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


@dataclass(frozen=True, slots=True)
class Query:
    """The filters on the screen: an inclusive date range, one event type or all, an operator
    or all; for the log also a level, a customer decision, a tag and a customer found by
    number (each or all)."""

    date_from: date
    date_to: date
    event_type: str | None = None
    teller: str | None = None
    level: str | None = None
    decision: str | None = None
    tag: str | None = None
    customer: CustomerKey | None = None

    @property
    def types(self) -> list[str] | None:
        return [self.event_type] if self.event_type else None

    def log_filter(self, up_to_seq: int) -> LogFilter:
        customer = self.customer
        return LogFilter(
            up_to_seq=up_to_seq,
            date_from=self.date_from,
            date_to=self.date_to,
            types=(self.event_type,) if self.event_type else (),
            operator=self.teller,
            level=self.level,
            decision=self.decision,
            tag=self.tag,
            id_hmac=customer.id_hmac if customer else None,
            card_hmac=customer.card_hmac if customer else None,
        )


def breakdown_choices() -> list[tuple[str, str]]:
    return [(by, BREAKDOWN_LABELS[by]) for by in BREAKDOWNS]


def level_choices() -> list[tuple[str, str]]:
    return [(level, LEVEL_LABELS[level]) for level in LEVELS]


def decision_choices() -> list[tuple[str, str]]:
    return list(DECISION_LABELS.items())


def tag_choices() -> list[tuple[str, str]]:
    """Typologies first (what an inspector asks about), then profiles and signals."""
    return list(TAG_LABELS.items())


FIELD_LABELS: dict[str, str] = {
    "case_ref": QT_TRANSLATE_NOOP("supervisor", "业务编号"),
    "level": QT_TRANSLATE_NOOP("supervisor", "风险等级"),
    "reason": QT_TRANSLATE_NOOP("supervisor", "原因"),
    "subject": QT_TRANSLATE_NOOP("supervisor", "客户与业务"),
    "teller": QT_TRANSLATE_NOOP("supervisor", "经办柜员"),
    "supervisor": QT_TRANSLATE_NOOP("supervisor", "授权主管"),
    "supervisor_name": QT_TRANSLATE_NOOP("supervisor", "主管姓名"),
    "decision": QT_TRANSLATE_NOOP("supervisor", "客户决定"),
    "delay": QT_TRANSLATE_NOOP("supervisor", "延迟到账"),
    "hits": QT_TRANSLATE_NOOP("supervisor", "命中规则"),
    "rule_id": QT_TRANSLATE_NOOP("supervisor", "规则编号"),
    "rule_ids": QT_TRANSLATE_NOOP("supervisor", "规则编号"),
    "title": QT_TRANSLATE_NOOP("supervisor", "规则"),
    "explanation": QT_TRANSLATE_NOOP("supervisor", "说明"),
    "tags": QT_TRANSLATE_NOOP("supervisor", "标签"),
    "values": QT_TRANSLATE_NOOP("supervisor", "取值"),
    "rule_pack": QT_TRANSLATE_NOOP("supervisor", "规则包"),
    "script": QT_TRANSLATE_NOOP("supervisor", "提醒话术"),
    "answers": QT_TRANSLATE_NOOP("supervisor", "问答"),
    "question": QT_TRANSLATE_NOOP("supervisor", "问"),
    "answer": QT_TRANSLATE_NOOP("supervisor", "答"),
    "duration_seconds": QT_TRANSLATE_NOOP("supervisor", "用时（秒）"),
    "notes": QT_TRANSLATE_NOOP("supervisor", "备注"),
    "referred_to_police": QT_TRANSLATE_NOOP("supervisor", "移交公安"),
    "appeal": QT_TRANSLATE_NOOP("supervisor", "申诉告知"),
    "case": QT_TRANSLATE_NOOP("supervisor", "业务表单"),
    "facts": QT_TRANSLATE_NOOP("supervisor", "事实"),
    "personal": QT_TRANSLATE_NOOP("supervisor", "个人信息"),
    "business_date": QT_TRANSLATE_NOOP("supervisor", "业务日期"),
    "branch_region": QT_TRANSLATE_NOOP("supervisor", "网点地区"),
    "purpose": QT_TRANSLATE_NOOP("supervisor", "用途"),
    "seqs": QT_TRANSLATE_NOOP("supervisor", "涉及序号"),
    "customer": QT_TRANSLATE_NOOP("supervisor", "客户"),
    "user": QT_TRANSLATE_NOOP("supervisor", "操作员"),
    "kind": QT_TRANSLATE_NOOP("supervisor", "业务类型"),
    "id_type": QT_TRANSLATE_NOOP("supervisor", "证件类型"),
    "id_number": QT_TRANSLATE_NOOP("supervisor", "证件号码"),
    "name": QT_TRANSLATE_NOOP("supervisor", "姓名"),
    "phone": QT_TRANSLATE_NOOP("supervisor", "手机号"),
    "amount": QT_TRANSLATE_NOOP("supervisor", "金额"),
    "cash": QT_TRANSLATE_NOOP("supervisor", "现金"),
    "payee_name": QT_TRANSLATE_NOOP("supervisor", "收款人"),
    "payee_account": QT_TRANSLATE_NOOP("supervisor", "收款账号"),
    "hits_full": QT_TRANSLATE_NOOP("supervisor", "命中原文（密封）"),
    "active": QT_TRANSLATE_NOOP("supervisor", "当前规则包"),
    "active_params": QT_TRANSLATE_NOOP("supervisor", "当前参数"),
    "added": QT_TRANSLATE_NOOP("supervisor", "新增"),
    "administrator": QT_TRANSLATE_NOOP("supervisor", "管理员"),
    "app_version": QT_TRANSLATE_NOOP("supervisor", "程序版本"),
    "approver": QT_TRANSLATE_NOOP("supervisor", "批准人"),
    "backup_file": QT_TRANSLATE_NOOP("supervisor", "备份文件"),
    "base_version": QT_TRANSLATE_NOOP("supervisor", "基础版本"),
    "branch": QT_TRANSLATE_NOOP("supervisor", "网点代码"),
    "branch_name": QT_TRANSLATE_NOOP("supervisor", "网点名称"),
    "c": QT_TRANSLATE_NOOP("supervisor", "密文"),
    "case_in_progress": QT_TRANSLATE_NOOP("supervisor", "未完成的业务"),
    "case_refs": QT_TRANSLATE_NOOP("supervisor", "业务编号"),
    "cases": QT_TRANSLATE_NOOP("supervisor", "回放业务数"),
    "changed": QT_TRANSLATE_NOOP("supervisor", "修改"),
    "checkpoints": QT_TRANSLATE_NOOP("supervisor", "封存检查点"),
    "content_hash": QT_TRANSLATE_NOOP("supervisor", "内容哈希"),
    "context": QT_TRANSLATE_NOOP("supervisor", "场景"),
    "credential": QT_TRANSLATE_NOOP("supervisor", "凭据标识"),
    "credentials_checked": QT_TRANSLATE_NOOP("supervisor", "已核验双方密码"),
    "date_from": QT_TRANSLATE_NOOP("supervisor", "起始日期"),
    "date_to": QT_TRANSLATE_NOOP("supervisor", "截止日期"),
    "day": QT_TRANSLATE_NOOP("supervisor", "日期"),
    "deep": QT_TRANSLATE_NOOP("supervisor", "深度校验"),
    "dict_id": QT_TRANSLATE_NOOP("supervisor", "字典编号"),
    "diff": QT_TRANSLATE_NOOP("supervisor", "差异"),
    "disabled": QT_TRANSLATE_NOOP("supervisor", "已停用"),
    "display_name": QT_TRANSLATE_NOOP("supervisor", "显示名"),
    "down": QT_TRANSLATE_NOOP("supervisor", "等级降低"),
    "entries": QT_TRANSLATE_NOOP("supervisor", "条目数"),
    "event": QT_TRANSLATE_NOOP("supervisor", "记录事件"),
    "events": QT_TRANSLATE_NOOP("supervisor", "事件数"),
    "examples_failed": QT_TRANSLATE_NOOP("supervisor", "未通过的示例"),
    "examples_passed": QT_TRANSLATE_NOOP("supervisor", "通过的示例"),
    "failed_logins": QT_TRANSLATE_NOOP("supervisor", "登录失败次数"),
    "file": QT_TRANSLATE_NOOP("supervisor", "文件"),
    "file_sha256": QT_TRANSLATE_NOOP("supervisor", "文件 SHA-256"),
    "first_bad_seq": QT_TRANSLATE_NOOP("supervisor", "首个异常序号"),
    "format": QT_TRANSLATE_NOOP("supervisor", "格式"),
    "found": QT_TRANSLATE_NOOP("supervisor", "发现的记录"),
    "h": QT_TRANSLATE_NOOP("supervisor", "查询哈希"),
    "hash": QT_TRANSLATE_NOOP("supervisor", "哈希"),
    "head_hash": QT_TRANSLATE_NOOP("supervisor", "末条哈希"),
    "head_seq": QT_TRANSLATE_NOOP("supervisor", "末条序号"),
    "id": QT_TRANSLATE_NOOP("supervisor", "编号"),
    "issuer": QT_TRANSLATE_NOOP("supervisor", "发布机构"),
    "kept_as": QT_TRANSLATE_NOOP("supervisor", "保存为"),
    "key_id": QT_TRANSLATE_NOOP("supervisor", "密钥编号"),
    "key_kind": QT_TRANSLATE_NOOP("supervisor", "匹配项"),
    "last": QT_TRANSLATE_NOOP("supervisor", "回放最近业务数"),
    "last_hash": QT_TRANSLATE_NOOP("supervisor", "末条哈希"),
    "last_seq": QT_TRANSLATE_NOOP("supervisor", "末条序号"),
    "let_through": QT_TRANSLATE_NOOP("supervisor", "将放行"),
    "list_id": QT_TRANSLATE_NOOP("supervisor", "名单编号"),
    "list_version": QT_TRANSLATE_NOOP("supervisor", "名单版本"),
    "lists": QT_TRANSLATE_NOOP("supervisor", "参照名单"),
    "locked": QT_TRANSLATE_NOOP("supervisor", "已锁定"),
    "m": QT_TRANSLATE_NOOP("supervisor", "脱敏显示"),
    "masked": QT_TRANSLATE_NOOP("supervisor", "脱敏"),
    "max_failed_logins": QT_TRANSLATE_NOOP("supervisor", "允许失败次数"),
    "migrations": QT_TRANSLATE_NOOP("supervisor", "结构版本"),
    "mode": QT_TRANSLATE_NOOP("supervisor", "导入方式"),
    "must_change_password": QT_TRANSLATE_NOOP("supervisor", "须修改密码"),
    "ok": QT_TRANSLATE_NOOP("supervisor", "校验通过"),
    "old_role": QT_TRANSLATE_NOOP("supervisor", "原角色"),
    "on": QT_TRANSLATE_NOOP("supervisor", "失效日期"),
    "params": QT_TRANSLATE_NOOP("supervisor", "参数"),
    "previous": QT_TRANSLATE_NOOP("supervisor", "上一个记录库"),
    "problems": QT_TRANSLATE_NOOP("supervisor", "问题"),
    "public_key": QT_TRANSLATE_NOOP("supervisor", "公钥"),
    "record_dictionary": QT_TRANSLATE_NOOP("supervisor", "压缩字典"),
    "region": QT_TRANSLATE_NOOP("supervisor", "地区代码"),
    "reminder_hash": QT_TRANSLATE_NOOP("supervisor", "提醒记录哈希"),
    "reminder_seq": QT_TRANSLATE_NOOP("supervisor", "提醒记录序号"),
    "removed": QT_TRANSLATE_NOOP("supervisor", "移除"),
    "replay": QT_TRANSLATE_NOOP("supervisor", "回放结果"),
    "request_seq": QT_TRANSLATE_NOOP("supervisor", "申请序号"),
    "requested_by": QT_TRANSLATE_NOOP("supervisor", "申请人"),
    "role": QT_TRANSLATE_NOOP("supervisor", "角色"),
    "rows": QT_TRANSLATE_NOOP("supervisor", "行数"),
    "rules": QT_TRANSLATE_NOOP("supervisor", "规则数"),
    "seal_day": QT_TRANSLATE_NOOP("supervisor", "封存日期"),
    "seal_file": QT_TRANSLATE_NOOP("supervisor", "封存文件"),
    "seal_hash": QT_TRANSLATE_NOOP("supervisor", "封存哈希"),
    "seal_seq": QT_TRANSLATE_NOOP("supervisor", "封存序号"),
    "sealed_at": QT_TRANSLATE_NOOP("supervisor", "封存时间"),
    "seq": QT_TRANSLATE_NOOP("supervisor", "序号"),
    "seq_first": QT_TRANSLATE_NOOP("supervisor", "首条序号"),
    "seq_last": QT_TRANSLATE_NOOP("supervisor", "末条序号"),
    "sha256": QT_TRANSLATE_NOOP("supervisor", "SHA-256"),
    "signature": QT_TRANSLATE_NOOP("supervisor", "签名"),
    "signature_expires": QT_TRANSLATE_NOOP("supervisor", "签名有效期至"),
    "signed_on": QT_TRANSLATE_NOOP("supervisor", "签名日期"),
    "signer": QT_TRANSLATE_NOOP("supervisor", "签名者"),
    "signing_key": QT_TRANSLATE_NOOP("supervisor", "签名公钥"),
    "source": QT_TRANSLATE_NOOP("supervisor", "来源"),
    "sqlite_version": QT_TRANSLATE_NOOP("supervisor", "SQLite 版本"),
    "stopped": QT_TRANSLATE_NOOP("supervisor", "将拦截"),
    "store_id": QT_TRANSLATE_NOOP("supervisor", "记录库编号"),
    "types": QT_TRANSLATE_NOOP("supervisor", "事件类型"),
    "unreadable": QT_TRANSLATE_NOOP("supervisor", "无法回放"),
    "up": QT_TRANSLATE_NOOP("supervisor", "等级提高"),
    "username": QT_TRANSLATE_NOOP("supervisor", "用户名"),
    "valid_from": QT_TRANSLATE_NOOP("supervisor", "生效日期"),
    "valid_until": QT_TRANSLATE_NOOP("supervisor", "失效日期"),
    "version": QT_TRANSLATE_NOOP("supervisor", "版本"),
    "warnings": QT_TRANSLATE_NOOP("supervisor", "警告"),
    "witness": QT_TRANSLATE_NOOP("supervisor", "见证人"),
    "workstation": QT_TRANSLATE_NOOP("supervisor", "工作站"),
    "zstd": QT_TRANSLATE_NOOP("supervisor", "字典内容"),
}
"""Chinese names of the payload fields the detail pane shows (others keep their own), shown
through :func:`field_name`."""


def field_name(key: str) -> str:
    return translate("supervisor", FIELD_LABELS[key]) if key in FIELD_LABELS else key


def _yes_no(value: bool) -> str:
    return translate("supervisor", "是") if value else translate("supervisor", "否")


EVENT_CHOICE_LABELS: dict[str, dict[str, str]] = {
    "key_kind": KEY_KIND_LABELS,
    "mode": {
        "full": QT_TRANSLATE_NOOP("supervisor", "全量替换"),
        "delta": QT_TRANSLATE_NOOP("supervisor", "增量更新"),
    },
    "role": ROLE_LABELS,
    "old_role": ROLE_LABELS,
    "context": {
        "login": QT_TRANSLATE_NOOP("supervisor", "登录"),
        "authorization": QT_TRANSLATE_NOOP("supervisor", "主管授权"),
        "approval": QT_TRANSLATE_NOOP("supervisor", "审批"),
        "password_change": QT_TRANSLATE_NOOP("supervisor", "修改密码"),
        "unlock": QT_TRANSLATE_NOOP("supervisor", "解锁屏幕"),
    },
    "decision": DECISION_LABELS,
    "delay": {
        "2h": QT_TRANSLATE_NOOP("supervisor", "2小时后到账"),
        "next_day": QT_TRANSLATE_NOOP("supervisor", "次日到账"),
    },
    "case_in_progress": {
        "none": QT_TRANSLATE_NOOP("supervisor", "无"),
        "kept": QT_TRANSLATE_NOOP("supervisor", "已保留"),
        "discarded": QT_TRANSLATE_NOOP("supervisor", "已放弃"),
    },
}
"""Chinese labels of the choices in event payloads that are not case fields."""


def _fields_in_order(
    value: dict[str, Any], model: type[BaseModel] | None
) -> list[tuple[str, Any, type[BaseModel] | None]]:
    """A record's fields in the order its model declares them (the stored record has its keys
    sorted, so 姓名 came after 收款账号), each with the model of its own value; those the
    model does not know after them, as stored."""
    fields = model.model_fields if model is not None else {}
    order = {name: index for index, name in enumerate(fields)}
    return [
        (key, item, _model_of(fields[key].annotation) if key in fields else None)
        for key, item in sorted(value.items(), key=lambda pair: order.get(pair[0], len(order)))
    ]


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field's annotation holds (``Subject``, ``Subject | None``, ``list[Hit]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        if (found := _model_of(argument)) is not None:
            return found
    return None


def _rule_list(rule_ids: list[Any], titles: dict[str, str]) -> str:
    """Rule ids as a reader names them: each by its title with its id after it (the id
    alone where the pack at hand does not know it), joined with 、."""
    shown = [
        translate("supervisor", "{title}（{id}）").format(title=titles[str(rule)], id=rule)
        if str(rule) in titles
        else str(rule)
        for rule in rule_ids
    ]
    return html.escape(translate("supervisor", "、").join(shown) or "—")


def _cell(
    value: object,
    key: str = "",
    model: type[BaseModel] | None = None,
    titles: dict[str, str] | None = None,
) -> str:
    """A payload value as the pane shows it: choices by their Chinese label (``kind`` opening →
    个人开户, ``id_type`` resident_id → 居民身份证, ``decision`` proceeded → 坚持办理), an
    amount as money (¥50,000.00), rule ids by their ``titles``, booleans as 是/否, nesting as
    lines in the order of ``model`` (the value's model, where known), leaving out the fields a
    nested record does not have (a transfer's payee in an account opening)."""
    if isinstance(value, dict):
        pair = translate("supervisor", "{name}：{value}")
        return "<br>".join(
            pair.format(name=html.escape(field_name(k)), value=_cell(v, k, inner, titles))
            for k, v, inner in _fields_in_order(value, model)
            if v is not None
        )
    if key == "rule_ids" and isinstance(value, list):
        return _rule_list(value, titles or {})
    if key == "amount" and isinstance(value, str | int | float) and not isinstance(value, bool):
        try:
            return html.escape(_money(Decimal(str(value))))
        except ArithmeticError:
            return html.escape(str(value))
    if isinstance(value, list):
        if any(isinstance(item, dict) for item in value):
            # Each record of a list (a consulted list, an answer) on lines of its own: joined
            # on one line, the next one's first field ran on from the last one's.
            return "<br><br>".join(_cell(item, key, model, titles) for item in value)
        return translate("supervisor", "；").join(_cell(item, key) for item in value) or "—"
    if isinstance(value, bool):
        return _yes_no(value)
    if key == "zstd" and isinstance(value, str):
        # A record dictionary is ~150,000 characters of base64: its size says what it is, and
        # the record keeps it whole (its SHA-256 is shown beside it).
        size = len(value) * 3 // 4 - value[-2:].count("=")
        return html.escape(
            translate("supervisor", "{size} 字节（完整保存在本条记录中）").format(size=f"{size:,}")
        )
    if isinstance(value, str) and key in EVENT_CHOICE_LABELS:
        return html.escape(translate("supervisor", EVENT_CHOICE_LABELS[key].get(value, value)))
    if isinstance(value, str) and key:
        return html.escape(choice_label(key, value))
    return html.escape("—" if value is None else str(value))


def detail_html(detail: EventDetail, titles: dict[str, str] | None = None) -> str:
    """One event in the detail pane: what it is, who, when, its chain link, then every field
    of its payload (masked); rule ids named by their ``titles`` (the active pack's)."""
    record = detail.record
    model = EVENT_TYPES.get(str(record.get("type")))
    label = model.label_zh if model is not None else str(record.get("type"))
    head = translate(
        "supervisor",
        "<h3>#{seq} {label}</h3>"
        "<p>时间 {at}<br>操作员 {operator}<br>网点 {branch} · 工作站 {workstation}<br>"
        "结果 {outcome}</p>"
        "<p style='color:#666666'>链哈希 {hash}<br>前一条 {prev}</p>",
    ).format(
        seq=detail.seq,
        label=html.escape(label),
        at=html.escape(str(record.get("at", ""))[:19].replace("T", " ")),
        operator=html.escape(str(record.get("operator", ""))),
        branch=html.escape(str(record.get("branch", ""))),
        workstation=html.escape(str(record.get("workstation", ""))),
        outcome=html.escape(
            OUTCOME_LABELS.get(str(record.get("outcome")), str(record.get("outcome")))
        ),
        hash=detail.hash,
        prev=detail.prev_hash,
    )
    payload = record.get("payload")
    rows = "".join(
        f"<tr><td valign='top'><b>{html.escape(field_name(key))}</b></td>"
        f"<td>{_cell(_shown_level(value) if key == 'level' else value, key, inner, titles)}"
        "</td></tr>"
        for key, value, inner in (
            _fields_in_order(payload, model) if isinstance(payload, dict) else []
        )
    )
    return head + f"<table cellspacing='4'>{rows}</table>"


def _shown_level(value: object) -> object:
    return LEVEL_LABELS.get(str(value), value)


def _money(amount: Decimal) -> str:
    return f"¥{format_money(amount)}"


def statistics_html(stats: BranchStatistics, titles: dict[str, str] | None = None) -> str:
    """The statistics panel: what the branch stopped first, then the details; rules are
    named by their ``titles`` where known.

    The head counts cases referred to the police however it came about (a reminder's
    decision or a refusal), the reminder line only the reminders' decisions: the head says
    how many of its cases came from a reminder, so that its figure and the reminder line's
    (14 and 5) are not read as one figure twice."""
    from_reminders = stats.reminders.get("referred_to_police", 0)
    police_parts = (
        translate("supervisor", "（其中二次提醒时决定移交 {count} 起）").format(
            count=from_reminders
        )
        if from_reminders
        else ""
    )
    head = translate(
        "supervisor",
        "{date_from} 至 {date_to}："
        "劝阻成功 <b>{dissuaded}</b> 起，拒绝办理 <b>{refusals}</b> 起，"
        "移交公安 <b>{police}</b> 起{police_parts}，"
        "主管授权 <b>{authorizations}</b> 次；"
        "共拦截转账 <b>{cases}</b> 笔，"
        "金额 <b>{amount}</b>。",
    ).format(
        date_from=stats.date_from.isoformat(),
        date_to=stats.date_to.isoformat(),
        dissuaded=stats.dissuaded,
        refusals=stats.refusals,
        police=stats.police_referrals,
        police_parts=police_parts,
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
        translate(
            "supervisor", "风险评估 {total} 次（{cases} 笔业务），按评估等级：{levels}"
        ).format(total=stats.assessments_total, cases=stats.assessed_cases, levels=levels),
        translate("supervisor", "二次提醒 {total} 次，按客户决定：{decisions}").format(
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

    def __init__(self, source: SupervisorSource) -> None:
        self.source = source

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

    def open_log(self) -> AuditLog:
        return self.source.audit_log()

    def find_customer(self, number: str, reason: str) -> CustomerKey:
        return self.source.customer_filter(number, reason)

    def detail(self, seq: int) -> str:
        detail = self.source.event_detail(seq)
        if detail is None:
            return translate("supervisor", "未找到审计事件 #{seq}").format(seq=seq)
        return detail_html(detail, self.source.rule_titles())

    def charts(self, stats: BranchStatistics) -> dict[str, list[Bar]]:
        """The statistics tab's three charts: what the branch stopped, the assessments by
        level, and the rules that fired most (by title, with their share of cases)."""
        outcomes = [
            (translate("supervisor", "劝阻成功"), stats.dissuaded, "#2E7D32"),
            (translate("supervisor", "拒绝办理"), stats.refusals, "#C62828"),
            (translate("supervisor", "移交公安"), stats.police_referrals, "#6A1B9A"),
            (translate("supervisor", "主管授权"), stats.authorizations, "#EF6C00"),
            (translate("supervisor", "二次提醒"), stats.reminders_total, BAR_COLOUR),
        ]
        titles = self.source.rule_titles()
        cases = max(1, stats.assessed_cases)
        return {
            "outcomes": [Bar(label, n, str(n), colour) for label, n, colour in outcomes],
            "levels": [
                Bar(LEVEL_LABELS[level], n, str(n), LEVEL_COLOURS.get(level, BAR_COLOUR))
                for level, n in stats.assessments.items()
            ],
            "rules": [
                Bar(
                    titles.get(rule_id, rule_id),
                    n,
                    translate("supervisor", "{count} 笔（{share:.1%}）").format(
                        count=n, share=n / cases
                    ),
                )
                for rule_id, n in stats.top_rules[:8]
            ],
        }

    def export(self, query: Query, fmt: ExportFormat, out: Path) -> str:
        outcome = self.source.export_audit(
            query.date_from, query.date_to, fmt, out, types=query.types, teller=query.teller
        )
        return export_message(outcome)

    def default_export_name(self, query: Query, fmt: ExportFormat) -> str:
        return translate("supervisor", "审计记录_{date_from}_{date_to}_{format}.zip").format(
            date_from=query.date_from.isoformat(), date_to=query.date_to.isoformat(), format=fmt
        )


# -- 倒查 dossier ------------------------------------------------------------------------
def _seal_text(event: DossierEvent) -> str:
    sealed = (
        translate("supervisor", "已封存（{day}，封存事件 #{seq}）").format(
            day=event.sealed[0], seq=event.sealed[1]
        )
        if event.sealed
        else translate("supervisor", "尚未封存")
    )
    verified = (
        translate("supervisor", "校验通过（{at}，#{seq}）").format(
            at=event.verified[0][:16].replace("T", " "), seq=event.verified[1]
        )
        if event.verified
        else translate("supervisor", "尚无校验记录覆盖")
    )
    return translate("supervisor", "{sealed}；{verified}").format(sealed=sealed, verified=verified)


def _flat(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            rows += _flat(value, path + ".")
        else:
            rows.append((path, value))
    return rows


def _case_table(case: dict[str, Any]) -> str:
    """The case as the teller typed it, in the form's order: each field by its Chinese label
    and choice label."""
    rows = []
    order = {path: index for index, path in enumerate(CASE_FIELD_LABELS)}
    for path, value in sorted(_flat(case), key=lambda row: order.get(row[0], len(order))):
        shown = (
            _yes_no(value)
            if isinstance(value, bool)
            else "—"
            if value in (None, "")
            else choice_label(path, str(value))
        )
        rows.append(
            f"<tr><td>{html.escape(field_label(path))}</td><td>{html.escape(shown)}</td></tr>"
        )
    return "<table cellspacing='2'>" + "".join(rows) + "</table>"


def _hit_values(hit: dict[str, Any]) -> str:
    """The values behind a hit, each by its field's label: the pieces of the rule's own
    wording (conditional phrases) are in the explanation already, and their keys are the
    rule's expressions, which are not for the reader."""
    values = hit.get("values")
    shown = [
        f"{label} = {value}"
        for key, value in (values.items() if isinstance(values, dict) else ())
        if (label := value_label(str(key))) is not None
    ]
    if not shown:
        return ""
    text = html.escape(translate("supervisor", "；").join(shown))
    return f"<br><span style='color:#555555'>{text}</span>"


def _consulted_lists(lists: object) -> str:
    """The risk lists an assessment was judged with, one paragraph each: the list by its
    title with its id, its version and size, the event that recorded that content, and the
    content hash an inspector compares (its fields one per line read as four unrelated
    values, and ``police_accounts`` alone is not a name a reader knows)."""
    shown = []
    for ref in lists if isinstance(lists, list) else []:
        if not isinstance(ref, dict):
            continue
        list_id = html.escape(str(ref.get("id", "")))
        title = html.escape(str(ref.get("title") or ""))
        name = translate("supervisor", "{title}（{id}）").format(title=title, id=list_id)
        if ref.get("version") is None:
            shown.append(
                translate("supervisor", "{name}：本机未导入，未参照").format(
                    name=name if title else list_id
                )
            )
            continue
        recorded = ref.get("event")
        shown.append(
            translate("supervisor", "{name}：版本 {version}，{entries} 条{recorded}").format(
                name=name if title else list_id,
                version=html.escape(str(ref["version"])),
                entries=html.escape(str(ref.get("entries", 0))),
                recorded=translate("supervisor", "，由审计事件 #{seq} 导入").format(seq=recorded)
                if isinstance(recorded, int)
                else "",
            )
            + "<br><span style='color:#555555'>"
            + translate("supervisor", "内容哈希 {hash}").format(
                hash=html.escape(str(ref.get("content_hash") or "—"))
            )
            + "</span>"
        )
    return "<br>".join(shown) or "—"


def _event_body(event: DossierEvent) -> str:
    payload = dict(event.payload)
    case = copy.deepcopy(payload.pop("case", None))
    personal = payload.pop("personal", None)
    for key in ("subject", "case_ref", "level", "hits_full", "facts"):
        payload.pop(key, None)
    if event.type == "assessment_shown":
        hits = payload.pop("hits", [])
        payload.pop("rule_ids", None)
        lines = [
            translate("supervisor", "<b>【{level}】{title}</b>：{explanation}").format(
                level=html.escape(LEVEL_LABELS.get(str(hit.get("level")), "")),
                title=html.escape(str(hit.get("title", ""))),
                explanation=html.escape(str(hit.get("explanation", ""))),
            )
            + _hit_values(hit)
            for hit in hits
        ]
        hits_html = "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
    else:
        hits_html = ""
    answers = payload.pop("answers", None)
    if isinstance(answers, list) and answers:
        hits_html += (
            translate("supervisor", "<p><b>问答（客户本人回答）</b></p>")
            + "<ol>"
            + "".join(
                translate("supervisor", "<li>问：{question}<br>答：{answer}</li>").format(
                    question=html.escape(str(item.get("question", ""))),
                    answer=html.escape(str(item.get("answer", ""))),
                )
                for item in answers
            )
            + "</ol>"
        )
    model = EVENT_TYPES.get(event.type)
    rows = "".join(
        f"<tr><td valign='top'><b>{html.escape(field_name(key))}</b></td><td>"
        + (
            _consulted_lists(value)
            if key == "lists"
            else _cell(DECISION_LABELS.get(str(value), value), key, inner)
            if key == "decision"
            else _cell(value, key, inner)
        )
        + "</td></tr>"
        for key, value, inner in _fields_in_order(payload, model)
    )
    typed = ""
    if isinstance(case, dict):
        if isinstance(personal, dict):  # the personal fields split out of the case, by path
            for path, value in personal.items():
                node = case
                *parents, leaf = path.split(".")
                for part in parents:
                    node = node.setdefault(part, {})
                node[leaf] = value
        typed = translate("supervisor", "<p><b>业务表单（柜员所填）</b></p>") + _case_table(case)
    return hits_html + f"<table cellspacing='3'>{rows}</table>" + typed


def dossier_html(dossier: Dossier) -> str:
    """The dossier as one document: on screen and, the same, in the PDF."""
    shown = (
        translate("supervisor", "个人信息已解密显示（查看人有权限，已记录）")
        if dossier.decrypted
        else translate("supervisor", "个人信息已脱敏")
    )
    parts = [
        translate("supervisor", "<h2>倒查档案：{subject}</h2>").format(
            subject=html.escape(dossier.subject)
        ),
        translate(
            "supervisor",
            "<p>调取人 {who}，时间 {at}，调取已记录为审计事件 #{seq}。{shown}。"
            "共 {cases} 笔业务。</p>",
        ).format(
            who=html.escape(dossier.opened_by),
            at=html.escape(dossier.opened_at[:19].replace("T", " ")),
            seq=dossier.receipt.seq,
            shown=shown,
            cases=len(dossier.cases),
        ),
    ]
    if dossier.truncated:
        parts.append(translate("supervisor", "<p><b>业务过多，仅显示前 500 笔。</b></p>"))
    for number, case in enumerate(dossier.cases, 1):
        first = case.events[0].payload
        subject = first.get("subject") or {}
        level = LEVEL_LABELS.get(str(first.get("level")), str(first.get("level")))
        transfer = (
            translate("supervisor", "；金额 {amount} 元；收款人 {payee} {account}").format(
                amount=html.escape(format_money(Decimal(str(subject["amount"])))),
                payee=_cell(subject.get("payee_name")),
                account=_cell(subject.get("payee_account")),
            )
            if subject.get("amount") is not None
            else ""  # an account opening has neither amount nor payee
        )
        parts.append(
            translate(
                "supervisor",
                "<h3>{number}. 业务 {ref}（{kind}，风险等级 {level}）</h3>"
                "<p>客户 {name} {id}，手机 {phone}{transfer}</p>",
            ).format(
                number=number,
                ref=case.case_ref,
                kind=html.escape(ENUM_LABELS["case_kind"].get(str(subject.get("kind")), "")),
                level=html.escape(level),
                name=_cell(subject.get("name")),
                id=_cell(subject.get("id_number")),
                phone=_cell(subject.get("phone")),
                transfer=transfer,
            )
        )
        for event in case.events:
            model = EVENT_TYPES.get(event.type)
            parts.append(
                translate(
                    "supervisor",
                    "<p><b>#{seq} {label}</b> · {at} · 操作员 {operator}<br>"
                    "<span style='color:#555555'>链哈希 {hash}<br>{seal}</span></p>",
                ).format(
                    seq=event.seq,
                    label=html.escape(model.label_zh if model else event.type),
                    at=html.escape(event.at[:19].replace("T", " ")),
                    operator=html.escape(event.operator),
                    hash=event.hash,
                    seal=_seal_text(event),
                )
                + _event_body(event)
            )
    return "<html><body>" + "".join(parts) + "</body></html>"
