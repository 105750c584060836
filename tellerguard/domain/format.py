"""How values appear in explanations: in Chinese a teller can read aloud."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tellerguard.domain import labels


def format_money(amount: Decimal) -> str:
    """60000 → ``60,000.00``."""
    return f"{amount:,.2f}"


def format_value(value: Any, label: str | None = None) -> str:
    """A value for an explanation: money with separators, 是/否, Chinese choice labels."""
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, tuple | list | frozenset):
        return "、".join(format_value(v, label) for v in value) or "无"
    if label is not None and isinstance(value, str):
        return labels.choice_label(label, value)
    return str(value)
