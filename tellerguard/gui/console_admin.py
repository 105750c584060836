"""The console's 操作员 and 校验与封存 tabs without their widgets: what they ask the session
for, and the Chinese text they show (operator rows and states, seal rows, results).

The views (:mod:`tellerguard.gui.views.operators`, :mod:`tellerguard.gui.views.seals`) read
widgets and show what this returns; the session calls the services.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from tellerguard.domain.labels import ROLE_LABELS
from tellerguard.domain.operators import ROLES
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.services.audit_ops import SealResult, VerifyOutcome
from tellerguard.services.operators import (
    ChangeKind,
    ChangeResult,
    OperatorChange,
    PolicyProblem,
    UserInfo,
)
from tellerguard.services.seals import SealStatus

OPERATOR_HEADERS = (
    QT_TRANSLATE_NOOP("console_admin", "用户名"),
    QT_TRANSLATE_NOOP("console_admin", "姓名"),
    QT_TRANSLATE_NOOP("console_admin", "角色"),
    QT_TRANSLATE_NOOP("console_admin", "状态"),
    QT_TRANSLATE_NOOP("console_admin", "连续失败"),
    QT_TRANSLATE_NOOP("console_admin", "最近记录（审计序号）"),
)
SEAL_HEADERS = (
    QT_TRANSLATE_NOOP("console_admin", "封存记录"),
    QT_TRANSLATE_NOOP("console_admin", "日期"),
    QT_TRANSLATE_NOOP("console_admin", "封存至序号"),
    QT_TRANSLATE_NOOP("console_admin", "封存时间"),
    QT_TRANSLATE_NOOP("console_admin", "签名"),
    QT_TRANSLATE_NOOP("console_admin", "与记录相符"),
    QT_TRANSLATE_NOOP("console_admin", "本机副本"),
)
CHANGE_TITLES: dict[ChangeKind, str] = {
    "add": QT_TRANSLATE_NOOP("console_admin", "新增操作员"),
    "disable": QT_TRANSLATE_NOOP("console_admin", "停用操作员"),
    "unlock": QT_TRANSLATE_NOOP("console_admin", "解锁操作员"),
    "reset_password": QT_TRANSLATE_NOOP("console_admin", "重置密码"),
    "set_role": QT_TRANSLATE_NOOP("console_admin", "修改角色"),
}
"""Shown through ``translate("console_admin", …)``."""


class OperatorsSource(Protocol):
    """What the 操作员 tab needs from the signed-in session."""

    def operators(self) -> list[UserInfo]: ...

    def needs_second_person(self, kind: ChangeKind) -> bool: ...

    def change_operator(
        self, change: OperatorChange, acting: tuple[str, str] | None = None
    ) -> ChangeResult: ...

    def password_problems(
        self, password: str, username: str, display_name: str = ""
    ) -> list[PolicyProblem]: ...


class SealsSource(Protocol):
    """What the 校验与封存 tab needs from the signed-in session."""

    def verification(
        self,
    ) -> Callable[[Callable[[int, int], None], Callable[[], bool]], Any]: ...

    def record_verification(self, report: Any) -> VerifyOutcome: ...

    def verification_running(self) -> bool:
        """Whether another verification holds the store now (a new one waits for it)."""
        ...

    def recent_seals(self) -> list[SealStatus]: ...

    def seal_now(self) -> SealResult: ...

    def export_checkpoint(self, event_seq: int, out: Path) -> Path: ...


def role_choices() -> list[tuple[str, str]]:
    return [(role, ROLE_LABELS[role]) for role in ROLES]


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def operator_state(user: UserInfo) -> str:
    states = [
        text
        for text, on in (
            (translate("console_admin", "已停用"), user.disabled),
            (translate("console_admin", "已锁定"), user.locked),
            (translate("console_admin", "须修改密码"), user.must_change_password),
        )
        if on
    ]
    return translate("console_admin", "、").join(states) or translate("console_admin", "正常")


def operator_cells(user: UserInfo) -> tuple[str, ...]:
    return (
        user.username,
        user.display_name,
        role_label(user.role),
        operator_state(user),
        str(user.failed_logins),
        f"#{user.event_seq}",
    )


def rules_text(source: OperatorsSource) -> str:
    """Who may do what here, for the signed-in operator (the permission table in words)."""
    own = [
        translate("console_admin", CHANGE_TITLES[kind])
        for kind in CHANGE_TITLES
        if not source.needs_second_person(kind)
    ]
    other = [
        translate("console_admin", CHANGE_TITLES[kind])
        for kind in CHANGE_TITLES
        if source.needs_second_person(kind)
    ]
    comma = translate("console_admin", "、")
    parts = []
    if own:
        parts.append(
            translate("console_admin", "您可直接{actions}（主管只能处理柜员账户）。").format(
                actions=comma.join(own)
            )
        )
    if other:
        parts.append(
            translate(
                "console_admin",
                "{actions}须由有权限的操作员（系统管理员）本人在此输入用户名和密码，"
                "记为其本人的操作。",
            ).format(actions=comma.join(other))
        )
    parts.append(
        translate(
            "console_admin",
            "任何人不能处理自己的账户；新密码须符合密码规则（至少 10 位，大小写字母、数字、"
            "符号至少三类，不含用户名或姓名，不是常见的已泄露密码）。每次变更都记入审计记录。",
        )
    )
    return "".join(parts)


def change_message(change: OperatorChange, result: ChangeResult) -> str:
    info = result.info
    done = translate(
        "console_admin", "{title}：{user}（{role}，{state}），记录为审计事件 #{seq}"
    ).format(
        title=translate("console_admin", CHANGE_TITLES[change.kind]),
        user=info.username,
        role=role_label(info.role),
        state=operator_state(info),
        seq=info.event_seq,
    )
    by = translate("console_admin", "，操作人 {by}").format(by=result.by)
    hint = ""
    if change.kind in ("add", "reset_password"):
        hint = translate("console_admin", "。请将密码当面交给本人，首次登录须修改")
    return done + by + hint


def policy_text(problems: list[PolicyProblem]) -> str:
    return translate("console_admin", "密码还需：{problems}").format(
        problems=translate("console_admin", "；").join(p.zh for p in problems)
    )


def seal_cells(seal: SealStatus) -> tuple[str, ...]:
    yes, no = translate("console_admin", "相符"), translate("console_admin", "不符！")
    return (
        f"#{seal.event_seq}",
        seal.day,
        f"#{seal.seq}",
        seal.sealed_at[:19].replace("T", " "),
        translate("console_admin", "有效")
        if seal.signature_holds
        else translate("console_admin", "无效！"),
        yes if seal.matches else no,
        translate("console_admin", "已保存")
        if seal.local_copy
        else translate("console_admin", "已由当日新封存取代")
        if seal.superseded
        else translate("console_admin", "无"),
    )


def seals_summary(seals: list[SealStatus]) -> str:
    if not seals:
        return translate("console_admin", "尚无封存记录")
    bad = [s for s in seals if not s.ok]
    if bad:
        return translate(
            "console_admin",
            "有 {count} 个封存与现在的审计记录不符（最早为封存记录 #{seq}）："
            "记录可能被改动，请立即停止使用并联系科技部门",
        ).format(count=len(bad), seq=min(s.event_seq for s in bad))
    return translate(
        "console_admin", "最近 {count} 个封存均与审计记录相符（最新封存至序号 #{seq}）"
    ).format(count=len(seals), seq=seals[0].seq)


def seal_message(result: SealResult) -> str:
    cp = result.checkpoint
    return translate(
        "console_admin",
        "已封存至序号 #{seq}（{day}），封存记录为审计事件 #{event}；检查点文件：{file}",
    ).format(seq=cp.seq, day=cp.day, event=result.receipt.seq, file=result.files[0].name)


def checkpoint_message(path: Path) -> str:
    return translate(
        "console_admin",
        "检查点已导出：{path}。请离机保管（U 盘或网点登记簿），日后可用"
        " tellerguard audit verify --checkpoint 该文件 核对审计记录未被截断或重写",
    ).format(path=path)


def progress_text(done: int, total: int) -> str:
    return translate("console_admin", "正在校验：{done} / {total} 条").format(
        done=f"{done:,}", total=f"{total:,}"
    )
