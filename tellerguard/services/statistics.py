"""The console's statistics on a connection of the window's own, for its worker thread.

:class:`StatsReader` is one window's read-only connection (``mode=ro``) over which the
statistics tab's queries run — the counts, the chosen breakdown and every rule's rates — on
the window's worker thread, so a long count never freezes the window and never holds up an
append. The queries are those of :mod:`tellerguard.services.reports` (the command line's
``audit stats`` runs the same ones), with the same permission checks.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from tellerguard.audit.store import AuditReader
from tellerguard.auth.roles import Action
from tellerguard.auth.users import Session
from tellerguard.services.reports import (
    BranchStatistics,
    Breakdown,
    BreakdownRow,
    RuleRateRow,
    branch_statistics,
    rule_rates,
    statistics_breakdown,
)
from tellerguard.services.workstation import Workstation


@dataclass(frozen=True, slots=True)
class StatisticsResult:
    """What the statistics tab shows for one date range and breakdown."""

    statistics: BranchStatistics
    breakdown: list[BreakdownRow]
    rules: list[RuleRateRow]


class StatsReader:
    """A read-only connection for one window's statistics (one worker thread uses it)."""

    def __init__(self, workstation: Workstation, session: Session) -> None:
        session.require(Action.VIEW_STATISTICS)
        self._workstation = workstation
        self._session = session
        self._reader: AuditReader = workstation.store.reader()
        self.busy = threading.Lock()
        """Held while a query runs: one query at a time on the connection (whoever else
        holds it makes the next query wait)."""

    def query(
        self,
        date_from: date,
        date_to: date,
        by: Breakdown,
        titles: dict[str, str] | None = None,
    ) -> StatisticsResult:
        """The counts, the ``by`` breakdown and the rule rates of a date range (inclusive)."""
        ws, session, reader = self._workstation, self._session, self._reader
        with self.busy:
            return StatisticsResult(
                branch_statistics(
                    ws, session, date_from=date_from, date_to=date_to, reader=reader
                ),
                statistics_breakdown(
                    ws, session, date_from=date_from, date_to=date_to, by=by, reader=reader
                ),
                rule_rates(
                    ws, session, date_from=date_from, date_to=date_to, titles=titles,
                    reader=reader,
                ),
            )  # fmt: skip

    def close(self) -> None:
        with self.busy:
            self._reader.close()
