"""How values appear in explanations: in Chinese a teller can read aloud; and counts in the
English lines of the command line (:func:`count_of`)."""

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


def count_of(count: int, noun: str, plural: str | None = None) -> str:
    """``1 entry``, ``2 entries``, ``0 events``: a count and its English noun, singular for
    one. The plural of the last word is regular (``entry`` → ``entries``, ``batch`` →
    ``batches``, ``day`` → ``days``) unless ``plural`` names it."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {plural if plural is not None else _plural(noun)}"


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return noun[:-1] + "ies"
    return noun + "s"
