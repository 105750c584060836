"""The demo branch's opening hours: business days (Monday to Friday), 08:30 to 17:00 in
Shanghai time, and a timeline of "business seconds" that skips nights and weekends, so that
visits spread evenly over the days the branch is open."""

from __future__ import annotations

import bisect
from datetime import date, datetime, time, timedelta

from tellerguard.domain.clock import SHANGHAI

OPENS = time(8, 30)
CLOSES = time(17, 0)
DAY_SECONDS = (CLOSES.hour * 60 + CLOSES.minute - OPENS.hour * 60 - OPENS.minute) * 60


def is_business_day(day: date) -> bool:
    return day.weekday() < 5


def opening(day: date) -> datetime:
    return datetime.combine(day, OPENS, tzinfo=SHANGHAI)


def last_business_days(end: date, count: int) -> list[date]:
    """The ``count`` business days up to and including ``end`` (if it is one), oldest first."""
    days: list[date] = []
    day = end
    while len(days) < count:
        if is_business_day(day):
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


class BusinessTimeline:
    """Business seconds since the first day's opening, to and from moments."""

    def __init__(self, first: date, last: date) -> None:
        self.days = [
            first + timedelta(days=n)
            for n in range((last - first).days + 1)
            if is_business_day(first + timedelta(days=n))
        ] or [first]

    def seconds(self, moment: datetime) -> float:
        """Business seconds before ``moment`` (a closed hour counts as the next opening)."""
        moment = moment.astimezone(SHANGHAI)
        index = bisect.bisect_left(self.days, moment.date())
        if index >= len(self.days):
            return float(len(self.days) * DAY_SECONDS)
        if self.days[index] != moment.date():
            return float(index * DAY_SECONDS)
        within = (moment - opening(moment.date())).total_seconds()
        return index * DAY_SECONDS + min(max(within, 0.0), float(DAY_SECONDS))

    def moment(self, seconds: float) -> datetime:
        """The moment ``seconds`` business seconds after the first opening (time after the
        last day's closing stays on the last day)."""
        index, within = divmod(max(seconds, 0.0), DAY_SECONDS)
        if index >= len(self.days):
            index, within = len(self.days) - 1, within + (index - len(self.days) + 1) * DAY_SECONDS
        return opening(self.days[int(index)]) + timedelta(seconds=within)
