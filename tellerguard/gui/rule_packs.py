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
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.gui.style import ERROR_COLOUR, LEVEL_COLOURS, MUTED_COLOUR, OK_COLOUR
from tellerguard.services.desk import Credentials, OperatorSession
from tellerguard.services.rule_changes import (
    Activated,
    PackDiff,
    PackRequest,
    Proposal,
    ReplayCase,
    ReplayReport,
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


YES = QT_TRANSLATE_NOOP("rule_packs", "是")
NO = QT_TRANSLATE_NOOP("rule_packs", "否")
"""How a true/false parameter is shown and typed (``translate("rule_packs", YES)``)."""


def show_value(value: Any) -> str:
    if isinstance(value, bool):
        return translate("rule_packs", YES if value else NO)
    if isinstance(value, list | tuple):
        return translate("rule_packs", "{count} 个词语").format(count=len(value))
    return str(value)


def parse_value(kind: str, text: str) -> ParamValue:
    """A cell's text as an override of a parameter of type ``kind`` (bounds are the pack's
    to check: an out-of-range value comes back as a load problem naming the parameter)."""
    text = text.strip()
    if kind == "bool":
        if text in (translate("rule_packs", YES), "true", "True", "1"):
            return True
        if text in (translate("rule_packs", NO), "false", "False", "0"):
            return False
        raise ValueError(translate("rule_packs", "填写“是”或“否”"))
    if kind == "int":
        if not text.lstrip("-").isdigit():
            raise ValueError(translate("rule_packs", "应为整数"))
        return int(text)
    if kind == "money":
        try:
            Decimal(text.replace(",", ""))
        except ArithmeticError:
            raise ValueError(translate("rule_packs", "应为金额，如 50000.00")) from None
        return text.replace(",", "")
    raise ValueError(translate("rule_packs", "词语列表请在规则包文件中修改"))


def branch_params(pack: RulePack) -> dict[str, Any]:
    """The parameters ``pack`` runs with that differ from its own defaults (the branch's)."""
    specs = pack.param_specs
    return {
        name: value
        for name, value in pack.params.items()
        if name in specs and value != specs[name].value
    }


def pack_text(pack: RulePack) -> str:
    """The pack in force as the status bar and the approval name it: ``id@version`` and the
    branch parameters it runs with (or that the pack's defaults apply)."""
    changed = branch_params(pack)
    params = (
        translate("rule_packs", "，").join(f"{k}={show_value(v)}" for k, v in changed.items())
        if changed
        else translate("rule_packs", "均为默认值")
    )
    return translate("rule_packs", "{id}@{version}（本网点参数：{params}）").format(
        id=pack.id, version=pack.version, params=params
    )


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
            raise TellerGuardError("nobody is signed in", translate("rule_packs", "请先登录"))
        return operator

    def in_force(self) -> InForce:
        return in_force(self.workstation.settings, self.workstation.store)

    def active_text(self) -> str:
        active = self.in_force()
        pack = active.pack
        activation = active.activation
        how = (
            translate("rule_packs", "经 {maker} 申请、{checker} 批准（#{seq}）").format(
                maker=activation.payload.requested_by,
                checker=activation.approver,
                seq=activation.seq,
            )
            if activation
            else translate("rule_packs", "按网点配置文件加载（尚无经审批的变更）")
        )
        return translate(
            "rule_packs",
            "<b>生效规则包：</b>{id} {version}，{rules} 条规则，内容哈希 {sha}…；{how}；"
            "本网点参数 {params} 项",
        ).format(
            id=escape(pack.id),
            version=escape(pack.version),
            rules=len(pack.rules),
            sha=pack.sha256[:16],
            how=how,
            params=len(active.params),
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
    rank_new, rank_old = LEVELS.index(case.new), LEVELS.index(case.old)
    arrow = "↑" if rank_new > rank_old else "↓" if rank_new < rank_old else "="
    colour = ERROR_COLOUR if case.let_through else LEVEL_COLOURS.get(case.new, "#333")
    mark = (
        translate("rule_packs", "【将被放行】")
        if case.let_through
        else translate("rule_packs", "【曾拦截】")
        if case.stopped
        else ""
    )
    return (
        f'<tr><td style="color:{colour}"><b>{mark}</b></td><td>#{case.seq}</td>'
        f"<td>{escape(case.customer)}</td><td>{level_name(case.old)}</td>"
        f'<td>{arrow}</td><td style="color:{colour}">{level_name(case.new)}</td></tr>'
    )


_BRANCH = re.compile(r"^branch configuration: params\.([a-z0-9_]+): (.*)$")
_BOUND_WORDS = (
    (re.compile(r"^must be at most (.+)$"), QT_TRANSLATE_NOOP("rule_packs", "不能大于 {0}")),
    (re.compile(r"^must be at least (.+)$"), QT_TRANSLATE_NOOP("rule_packs", "不能小于 {0}")),
    (
        re.compile(r"^the pack '.*' has no such parameter$"),
        QT_TRANSLATE_NOOP("rule_packs", "规则包没有这个参数"),
    ),
    (re.compile(r"^must be a whole number$"), QT_TRANSLATE_NOOP("rule_packs", "应为整数")),
    (re.compile(r"^must be true or false$"), QT_TRANSLATE_NOOP("rule_packs", "应为“是”或“否”")),
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
                message = translate("rule_packs", chinese).format(*found.groups())
                break
        return translate("rule_packs", "<li>本网点参数 <b>{name}</b>：{problem}</li>").format(
            name=escape(name), problem=escape(message)
        )
    return f"<li><code>{escape(problem)}</code></li>"


def _t(text: str) -> str:
    """Shorthand used only for texts already marked with QT_TRANSLATE_NOOP below."""
    return translate("rule_packs", text)


MOVED_HEADER = QT_TRANSLATE_NOOP(
    "rule_packs",
    '<table cellspacing="0" cellpadding="3"><tr><th></th><th>记录</th><th>客户</th>'
    "<th>原等级</th><th></th><th>新等级</th></tr>",
)


def _diff_items(diff: PackDiff) -> list[str]:
    added = translate("rule_packs", "<li>新增规则 <b>{id}</b> {title}</li>")
    removed = translate("rule_packs", "<li>删除规则 <b>{id}</b> {title}</li>")
    changed = translate("rule_packs", "<li>修改规则 <b>{id}</b> {title}（{fields}）</li>")
    param = translate("rule_packs", "<li>参数 <b>{name}</b>：{old} → {new}</li>")
    listed = translate("rule_packs", "、")
    return [
        *(added.format(id=escape(i), title=escape(t)) for i, t in diff.added),
        *(removed.format(id=escape(i), title=escape(t)) for i, t in diff.removed),
        *(
            changed.format(id=escape(i), title=escape(t), fields=escape(listed.join(f)))
            for i, t, f in diff.changed
        ),
        *(
            param.format(name=escape(n), old=escape(show_value(o)), new=escape(show_value(v)))
            for n, o, v in diff.params
        ),
    ]


def _replay_html(replay: ReplayReport) -> list[str]:
    through = replay.let_through
    parts = [
        translate(
            "rule_packs",
            "<h4>回放本机最近 {cases} 笔业务</h4><p>等级上升 <b>{up}</b> 笔，"
            "下降 <b>{down}</b> 笔，不变 {same} 笔。曾被劝阻、拒绝或移交公安的 {stopped} 笔中，",
        ).format(
            cases=replay.cases,
            up=replay.up,
            down=replay.down,
            same=replay.cases - replay.up - replay.down,
            stopped=len(replay.stopped),
        )
    ]
    if through:
        parts.append(
            translate(
                "rule_packs",
                '<b style="color:{colour}">新规则包将放行 {count} 笔（低于二次提醒），'
                "已列在最前。</b></p>",
            ).format(colour=ERROR_COLOUR, count=len(through))
        )
    else:
        parts.append(translate("rule_packs", "新规则包仍全部提示或拦截。</p>"))
    if replay.unreadable:
        parts.append(
            translate("rule_packs", "<p>{count} 笔记录无法按现行格式读取，未回放。</p>").format(
                count=replay.unreadable
            )
        )
    if replay.moved:
        rows = "".join(_moved_row(c) for c in replay.moved[:MOVED_SHOWN])
        parts.append(_t(MOVED_HEADER) + rows + "</table>")
        if len(replay.moved) > MOVED_SHOWN:
            parts.append(
                translate("rule_packs", "<p>另有 {count} 笔未列出。</p>").format(
                    count=len(replay.moved) - MOVED_SHOWN
                )
            )
    if replay.stopped:
        stopped = sorted(replay.stopped, key=lambda c: (not c.let_through, c.seq))
        rows = "".join(_moved_row(c) for c in stopped[:MOVED_SHOWN])
        parts.append(
            translate("rule_packs", "<h4>曾被劝阻、拒绝或移交公安的业务，新规则包的判断</h4>")
            + _t(MOVED_HEADER)
            + rows
            + "</table>"
        )
    return parts


def proposal_html(proposal: Proposal) -> str:
    """The whole check as the rule administrator and the approver read it."""
    if proposal.pack is None:
        items = "".join(problem_html(p) for p in proposal.problems)
        return translate(
            "rule_packs",
            '<h3 style="color:{colour}">规则包无法加载：{count} 处问题</h3><ol>{items}</ol>'
            "<p>请按“文件:行号”或参数名逐项修改后重新检查。</p>",
        ).format(colour=ERROR_COLOUR, count=len(proposal.problems), items=items)
    pack = proposal.pack
    parts = [
        translate("rule_packs", "<h3>{id} {version}（内容哈希 {sha}…）</h3>").format(
            id=escape(pack.id), version=escape(pack.version), sha=pack.sha256[:16]
        )
    ]
    if proposal.version_unchanged:
        parts.append(
            translate(
                "rule_packs",
                '<p style="color:{colour}"><b>注意：</b>规则包文件与生效规则包不同，但版本号仍为 '
                "{version}，请在 pack.yaml 中提升 version。</p>",
            ).format(colour=LEVEL_COLOURS["second_reminder"], version=escape(pack.version))
        )
    test = proposal.selftest
    if test is not None:
        parts.append(
            translate(
                "rule_packs",
                '<p style="color:{colour}"><b>自带示例：</b>运行 {run} 个，通过 {passed} 个，'
                "未通过 {failed} 个</p>",
            ).format(
                colour=OK_COLOUR if test.ok else ERROR_COLOUR,
                run=test.examples_run,
                passed=test.examples_run - len(test.failures),
                failed=len(test.failures),
            )
        )
        if test.failures:
            failures = test.failures[:50]
            items = "".join(f"<li><code>{escape(str(f))}</code></li>" for f in failures)
            parts.append(f"<ol>{items}</ol>")
    diff = proposal.diff
    if diff is not None:
        parts.append(translate("rule_packs", "<h4>与生效规则包的差异</h4>"))
        if diff.empty:
            parts.append(
                translate("rule_packs", '<p style="color:{colour}">规则与参数均无变化</p>').format(
                    colour=MUTED_COLOUR
                )
            )
        parts.append("<ul>" + "".join(_diff_items(diff)) + "</ul>")
    if proposal.unchanged:
        parts.append(
            translate(
                "rule_packs", '<p style="color:{colour}">该规则包及参数已在使用中，无需申请。</p>'
            ).format(colour=MUTED_COLOUR)
        )
    if proposal.replay is not None:
        parts += _replay_html(proposal.replay)
    return "".join(parts)


def request_cells(request: PackRequest) -> list[str]:
    payload = request.payload
    replay = payload.replay
    comma = translate("rule_packs", "，")
    params = comma.join(f"{k}={show_value(v)}" for k, v in payload.params.items())
    summary = translate("rule_packs", "升 {up} / 降 {down}（共 {cases} 笔）").format(
        up=replay.up, down=replay.down, cases=replay.cases
    )
    if replay.let_through:
        summary += translate("rule_packs", "，放行曾拦截 {count} 笔").format(
            count=len(replay.let_through)
        )
    diff = payload.diff
    changes = translate(
        "rule_packs", "+{added} -{removed} ~{changed} 规则，{params} 项参数"
    ).format(
        added=len(diff.added),
        removed=len(diff.removed),
        changed=len(diff.changed),
        params=len(diff.params),
    )
    return [
        f"#{request.seq}",
        request.operator,
        request.at[:16].replace("T", " "),
        translate("rule_packs", "{id} {version}（{changes}）").format(
            id=payload.rule_pack.id, version=payload.rule_pack.version, changes=changes
        ),
        params or translate("rule_packs", "默认"),
        summary,
    ]
