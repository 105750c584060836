"""The program's one clock: the current moment and the business date, in Asia/Shanghai.

Every part of TellerGuard that needs "now" or "today" is handed a :class:`Clock` — the
workstation owns one and gives it to the audit store, the services and the GUI session, the
command line makes one per run — and nothing else reads the system time for business purposes
(ruff's banned-API list refuses ``datetime.now``, ``date.today`` and ``time.time`` elsewhere).
The composition roots (``open_workstation``, ``init_workstation``, the command line, the demo)
take a clock or fall back to :func:`program_clock` — the process's one :class:`SystemClock`,
which the test suite replaces with a :class:`ManualClock` for every test, so no test can read
the real date. The business date is the counter's (Shanghai) date whatever the PC's own time
zone.

How recorded times meet the business date is decided once, here and in the store:

* an event keeps the time the clock gave when it was written (the record is honest about what
  the PC said), and the chain order — not the time — is the order of events;
* a window that must never lose an event because of a clock (the customer's 30-day history,
  today's amounts) starts at the first event *in chain order* stamped inside the window and
  has no upper bound: an event written after a clock was set back still counts, and a
  mistakenly future-stamped event counts until its stamp passes. The error is always on the
  side of showing the teller more history, never less (see ``AuditStore.first_seq_since``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    """Where the program learns the time."""

    def now(self) -> datetime:
        """The current moment, timezone-aware, in Asia/Shanghai."""
        ...

    def today(self) -> date:
        """The business date at the counter (the Shanghai date of :meth:`now`)."""
        ...


class SystemClock:
    """The PC's clock, read in Asia/Shanghai whatever the PC's own time zone."""

    def now(self) -> datetime:
        # The one place the program reads the system time (hence the lint exemption).
        return datetime.now(SHANGHAI)  # noqa: TID251

    def today(self) -> date:
        return self.now().date()


class ManualClock:
    """A clock set by hand: tests, demo data written as if on past days, replays.

    Each reading advances it by ``step`` (default one second) so successive events get
    distinct, increasing times, as they would at a real counter.
    """

    _moment: datetime

    def __init__(self, start: datetime, step: timedelta = timedelta(seconds=1)) -> None:
        self.step = step
        self.set(start)

    def now(self) -> datetime:
        self._moment += self.step
        return self._moment

    def today(self) -> date:
        return self._moment.date()

    @property
    def moment(self) -> datetime:
        """The last time read (without advancing the clock)."""
        return self._moment

    def set(self, moment: datetime) -> None:
        """Set the clock (backwards too, as an administrator correcting a PC's clock does)."""
        if moment.tzinfo is None:
            raise ValueError("a clock is set to an aware moment")
        self._moment = moment.astimezone(SHANGHAI)

    def advance(self, delta: timedelta) -> None:
        self._moment += delta


_program_clock: Clock = SystemClock()


def program_clock() -> Clock:
    """The clock of this process: the system clock, unless a test (or a replay) set another."""
    return _program_clock


def set_program_clock(clock: Clock) -> Clock:
    """Make ``clock`` the process's clock; returns the previous one (to put it back)."""
    global _program_clock
    previous, _program_clock = _program_clock, clock
    return previous
