"""Decision levels, ordered from nothing to do up to refusal (shared/DOMAIN.md)."""

from __future__ import annotations

from typing import Literal, TypeAlias

Level: TypeAlias = Literal["pass", "notice", "second_reminder", "manager_approval", "refuse"]
LEVELS: tuple[Level, ...] = ("pass", "notice", "second_reminder", "manager_approval", "refuse")
RULE_LEVELS: tuple[Level, ...] = LEVELS[1:]
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}
LEVEL_LABELS: dict[str, str] = {
    "pass": "通过",
    "notice": "提示",
    "second_reminder": "二次提醒",
    "manager_approval": "主管授权",
    "refuse": "拒绝办理",
}


def highest(levels: list[Level]) -> Level:
    """The strictest of ``levels`` (``pass`` for none)."""
    return max(levels, key=LEVEL_RANK.__getitem__, default="pass")


def needs_reminder(level: str) -> bool:
    """Whether the teller must run the second-reminder dialog before finishing."""
    return LEVEL_RANK[level] >= LEVEL_RANK["second_reminder"]
