"""Time at the counter: Asia/Shanghai, whatever the PC's own time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now_shanghai() -> datetime:
    """The current moment in Asia/Shanghai."""
    return datetime.now(SHANGHAI)


def business_today() -> date:
    """Today's business date at the counter."""
    return now_shanghai().date()
