"""规则包管理 without its widgets: what the rule administrator's screen asks the services for,
and the Chinese text it shows (load problems with file:line, the pack's examples, the diff,
the replay, the pending requests).

The view (:mod:`tellerguard.gui.views.rule_packs`) reads widgets and shows what this returns.
Decrypted cases never reach this module: the replay returns masked customers only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any, Protocol

from tellerguard.config import ParamValue
from tellerguard.domain.levels import LEVEL_LABELS, LEVELS
from tellerguard.errors import TellerGuardError
from tellerguard.gui.style import ERROR_COLOUR, LEVEL_COLOURS, MUTED_COLOUR, OK_COLOUR
from tellerguard.services.desk import Credentials, OperatorSession
from tellerguard.services.rule_changes import (
    Activated,
    PackRequest,
    Proposal,
    ReplayCase,
    approve_change,
    pending_changes,
    propose_change,
    reject_change,
    request_change,
    withdraw_change,
)
from tellerguard.services.rules import InForce, RulePack, check_pack, in_force
from tellerguard.services.workstation import Workstation

MOVED_SHOWN = 60
"""Moved cases listed on screen (all are counted)."""


class PackSession(Protocol):
    """What the screen needs from the signed-in session."""

    workstation: Workstation

    @property
    def operator(self) -> OperatorSession | None: ...

    def use_pack(self, pack: RulePack) -> None: ...


@dataclass(frozen=True, slots=True)
class ParamRow:
    """One parameter as the table shows it."""

    name: str
    title: str
    type: str
    default: str
    bounds: str
    branch: str
    """The branch's value in force, or empty when the pack's default applies."""
    editable: bool


def show_value(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return f"{len(value)} 个词语"
    return str(value)


def parse_value(kind: str, text: str) -> ParamValue:
    """A cell's text as an override of a parameter of type ``kind`` (bounds are the pack's
    to check: an out-of-range value comes back as a load problem naming the parameter)."""
    text = text.strip()
    if kind == "bool":
        if text in ("是", "true", "True", "1"):
            return True
        if text in ("否", "false", "False", "0"):
            return False
        raise ValueError("填写“是”或“否”")
    if kind == "int":
        if not text.lstrip("-").isdigit():
            raise ValueError("应为整数")
        return int(text)
    if kind == "money":
        try:
            Decimal(text.replace(",", ""))
        except ArithmeticError:
            raise ValueError("应为金额，如 50000.00") from None
        return text.replace(",", "")
    raise ValueError("词语列表请在规则包文件中修改")


def level_name(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


class RulePackPresenter:
    """The screen's questions to the services, as the signed-in operator."""

    def __init__(self, session: PackSession) -> None:
        self.session = session

    @property
    def workstation(self) -> Workstation:
        return self.session.workstation

    def _operator(self) -> OperatorSession:
        operator = self.session.operator
        if operator is None:
            raise TellerGuardError("nobody is signed in", "请先登录")
        return operator

    def in_force(self) -> InForce:
        return in_force(self.workstation.settings, self.workstation.store)

    def active_text(self) -> str:
        active = self.in_force()
        pack = active.pack
        how = (
            f"经 {active.activation.payload.requested_by} 申请、{active.activation.approver} "
            f"批准（#{active.activation.seq}）"
            if active.activation
            else "按网点配置文件加载（尚无经审批的变更）"
        )
        return (
            f"<b>生效规则包：</b>{escape(pack.id)} {escape(pack.version)}，"
            f"{len(pack.rules)} 条规则，内容哈希 {pack.sha256[:16]}…；{how}；"
            f"本网点参数 {len(active.params)} 项"
        )

    def param_rows(self, folder: Path | None) -> list[ParamRow]:
        """The parameters of ``folder``'s pack (as shipped), else of the pack in force, with
        the branch values in force."""
        active = self.in_force()
        # A pack that does not load keeps the table of the pack in force (the check lists
        # the new pack's problems, parameters typed here included).
        shipped = (check_pack(folder).pack if folder else None) or active.pack
        specs = shipped.param_specs
        rows = []
        for name, spec in specs.items():
            bounds = ""
            if spec.min is not None or spec.max is not None:
                low = "" if spec.min is None else str(spec.min)
                high = "" if spec.max is None else str(spec.max)
                bounds = f"{low} ~ {high}"
            branch = active.params.get(name)
            rows.append(
                ParamRow(
                    name=name,
                    title=spec.title,
                    type=spec.type,
                    default=show_value(spec.value),
                    bounds=bounds,
                    branch="" if branch is None else show_value(branch),
                    editable=spec.type != "phrases",
                )
            )
        return rows

    def check(self, folder: Path, params: dict[str, ParamValue] | None, last: int) -> Proposal:
        return propose_change(self.workstation, self._operator(), folder, params, last=last)

    def request(self, proposal: Proposal, reason: str, last: int) -> PackRequest:
        operator = self._operator()
        return request_change(self.workstation, operator, proposal, last=last, reason=reason)

    def pending(self) -> list[PackRequest]:
        return pending_changes(self.workstation, self._operator())

    def approve(self, seq: int, username: str, password: str) -> Activated:
        """The second person's approval; the counter uses the new pack from now on."""
        activated = approve_change(self.workstation, seq, Credentials(username, password))
        self.session.use_pack(activated.pack)
        return activated

    def reject(self, seq: int, username: str, password: str, reason: str) -> PackRequest:
        return reject_change(self.workstation, seq, Credentials(username, password), reason)

    def withdraw(self, seq: int) -> PackRequest:
        return withdraw_change(self.workstation, self._operator(), seq)


# -- what the report shows -------------------------------------------------------------------
def _moved_row(case: ReplayCase) -> str:
    up = LEVELS.index(case.new) > LEVELS.index(case.old)
    arrow = "↑" if up else "↓"
    colour = ERROR_COLOUR if case.let_through else LEVEL_COLOURS.get(case.new, "#333")
    mark = "【将被放行】" if case.let_through else ("【曾拦截】" if case.stopped else "")
    return (
        f'<tr><td style="color:{colour}"><b>{mark}</b></td><td>#{case.seq}</td>'
        f"<td>{escape(case.customer)}</td><td>{level_name(case.old)}</td>"
        f'<td>{arrow}</td><td style="color:{colour}">{level_name(case.new)}</td></tr>'
    )


_BRANCH = re.compile(r"^branch configuration: params\.([a-z0-9_]+): (.*)$")
_BOUND_WORDS = (
    (re.compile(r"^must be at most (.+)$"), "不能大于 {0}"),
    (re.compile(r"^must be at least (.+)$"), "不能小于 {0}"),
    (re.compile(r"^the pack '.*' has no such parameter$"), "规则包没有这个参数"),
    (re.compile(r"^must be a whole number$"), "应为整数"),
    (re.compile(r"^must be true or false$"), "应为“是”或“否”"),
)


def problem_html(problem: str) -> str:
    """A load problem: a branch parameter's in Chinese (naming the parameter), a pack file's
    as the loader words it, with its file:line (what ``rules check`` prints)."""
    match = _BRANCH.match(problem)
    if match:
        name, message = match.groups()
        for pattern, chinese in _BOUND_WORDS:
            found = pattern.match(message)
            if found:
                message = chinese.format(*found.groups())
                break
        return f"<li>本网点参数 <b>{escape(name)}</b>：{escape(message)}</li>"
    return f"<li><code>{escape(problem)}</code></li>"


def proposal_html(proposal: Proposal) -> str:
    """The whole check as the rule administrator and the approver read it."""
    if proposal.pack is None:
        items = "".join(problem_html(p) for p in proposal.problems)
        return (
            f'<h3 style="color:{ERROR_COLOUR}">规则包无法加载：{len(proposal.problems)} 处问题</h3>'
            f"<ol>{items}</ol><p>请按“文件:行号”或参数名逐项修改后重新检查。</p>"
        )
    pack = proposal.pack
    parts = [f"<h3>{escape(pack.id)} {escape(pack.version)}（内容哈希 {pack.sha256[:16]}…）</h3>"]
    if proposal.version_unchanged:
        parts.append(
            f'<p style="color:{LEVEL_COLOURS["second_reminder"]}"><b>注意：</b>'
            f"规则包文件与生效规则包不同，但版本号仍为 {escape(pack.version)}，"
            "请在 pack.yaml 中提升 version。</p>"
        )
    test = proposal.selftest
    if test is not None:
        colour = OK_COLOUR if test.ok else ERROR_COLOUR
        parts.append(
            f'<p style="color:{colour}"><b>自带示例：</b>运行 {test.examples_run} 个，'
            f"通过 {test.examples_run - len(test.failures)} 个，未通过 {len(test.failures)} 个</p>"
        )
        if test.failures:
            parts.append(
                "<ol>"
                + "".join(f"<li><code>{escape(str(f))}</code></li>" for f in test.failures[:50])
                + "</ol>"
            )
    diff = proposal.diff
    if diff is not None:
        parts.append("<h4>与生效规则包的差异</h4>")
        if diff.empty:
            parts.append(f'<p style="color:{MUTED_COLOUR}">规则与参数均无变化</p>')
        rows = [
            *(f"<li>新增规则 <b>{escape(i)}</b> {escape(t)}</li>" for i, t in diff.added),
            *(f"<li>删除规则 <b>{escape(i)}</b> {escape(t)}</li>" for i, t in diff.removed),
            *(
                f"<li>修改规则 <b>{escape(i)}</b> {escape(t)}（{escape('、'.join(f))}）</li>"
                for i, t, f in diff.changed
            ),
            *(
                f"<li>参数 <b>{escape(n)}</b>：{escape(show_value(old))} → "
                f"{escape(show_value(new))}</li>"
                for n, old, new in diff.params
            ),
        ]
        parts.append("<ul>" + "".join(rows) + "</ul>")
    if proposal.unchanged:
        parts.append(f'<p style="color:{MUTED_COLOUR}">该规则包及参数已在使用中，无需申请。</p>')
    replay = proposal.replay
    if replay is not None:
        through = replay.let_through
        parts.append(
            f"<h4>回放本机最近 {replay.cases} 笔业务</h4>"
            f"<p>等级上升 <b>{replay.up}</b> 笔，下降 <b>{replay.down}</b> 笔，"
            f"不变 {replay.cases - replay.up - replay.down} 笔。"
            f"曾被劝阻、拒绝或移交公安的 {len(replay.stopped)} 笔中，"
        )
        if through:
            parts.append(
                f'<b style="color:{ERROR_COLOUR}">新规则包将放行 {len(through)} 笔'
                "（低于二次提醒），已列在最前。</b></p>"
            )
        else:
            parts.append("新规则包仍全部提示或拦截。</p>")
        if replay.unreadable:
            parts.append(f"<p>{replay.unreadable} 笔记录无法按现行格式读取，未回放。</p>")
        if replay.moved:
            parts.append(
                '<table cellspacing="0" cellpadding="3"><tr><th></th><th>记录</th><th>客户</th>'
                "<th>原等级</th><th></th><th>新等级</th></tr>"
                + "".join(_moved_row(c) for c in replay.moved[:MOVED_SHOWN])
                + "</table>"
            )
            if len(replay.moved) > MOVED_SHOWN:
                parts.append(f"<p>另有 {len(replay.moved) - MOVED_SHOWN} 笔未列出。</p>")
    return "".join(parts)


def request_cells(request: PackRequest) -> list[str]:
    payload = request.payload
    replay = payload.replay
    params = "，".join(f"{k}={show_value(v)}" for k, v in payload.params.items()) or "默认"
    summary = f"升 {replay.up} / 降 {replay.down}（共 {replay.cases} 笔）"
    if replay.let_through:
        summary += f"，放行曾拦截 {len(replay.let_through)} 笔"
    diff = payload.diff
    changes = (
        f"+{len(diff.added)} -{len(diff.removed)} ~{len(diff.changed)} 规则，"
        f"{len(diff.params)} 项参数"
    )
    return [
        f"#{request.seq}",
        request.operator,
        request.at[:16].replace("T", " "),
        f"{payload.rule_pack.id} {payload.rule_pack.version}（{changes}）",
        params,
        summary,
    ]
