"""Cross-branch statistics for head office: per branch or region, over a date range of the
events' own (Asia/Shanghai) time — assessments, reminders, dissuasions, police referrals,
refusals, the amount of transfers stopped (each case once, from the masked ``amount``
column) and how often each rule fired (cases hit / cases assessed). Read-only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from tellerguard.central.pg import SQL, Connection
from tellerguard.domain.clock import SHANGHAI
from tellerguard.domain.events import POLICE_DECISION, STOPPING_DECISIONS

_GROUPS = {"branch": "s.branch || ' ' || s.branch_name", "region": "s.region"}

_COUNTS = """
SELECT {group} AS grp,
       count(DISTINCT e.case_ref) FILTER (WHERE e.type = 'assessment_shown') AS assessed,
       count(*) FILTER (WHERE e.type = 'reminder_completed') AS reminders,
       count(*) FILTER (WHERE e.type = 'reminder_completed' AND e.decision = 'dissuaded')
           AS dissuaded,
       count(DISTINCT (e.store_id, e.case_ref)) FILTER (
           WHERE (e.type = 'reminder_completed' AND e.decision = %(police)s)
              OR (e.type = 'business_refused' AND e.decision = %(police)s)) AS police,
       count(*) FILTER (WHERE e.type = 'business_refused') AS refused
  FROM events e JOIN stores s ON s.store_id = e.store_id
 WHERE e.at >= %(low)s AND e.at < %(high)s
 GROUP BY grp ORDER BY grp
"""

_STOPPED = """
SELECT grp, sum(amount) FROM (
    SELECT {group} AS grp, e.store_id, e.case_ref, max(e.amount) AS amount
      FROM events e JOIN stores s ON s.store_id = e.store_id
     WHERE e.at >= %(low)s AND e.at < %(high)s AND e.kind = 'transfer'
       AND e.amount IS NOT NULL
       AND (e.type = 'business_refused'
            OR (e.type = 'reminder_completed' AND e.decision = ANY(%(stopping)s)))
     GROUP BY grp, e.store_id, e.case_ref) stopped
 GROUP BY grp
"""

_RULES = """
SELECT rule_id, count(DISTINCT (e.store_id, e.case_ref)) AS cases
  FROM events e, unnest(e.rule_ids) AS rule_id
 WHERE e.at >= %(low)s AND e.at < %(high)s AND e.type = 'assessment_shown'
 GROUP BY rule_id ORDER BY cases DESC, rule_id LIMIT %(top)s
"""


@dataclass(slots=True)
class GroupCounts:
    name: str
    assessed: int
    reminders: int
    dissuaded: int
    police: int
    refused: int
    stopped_amount: Decimal = Decimal("0.00")

    def line(self) -> str:
        return (
            f"{self.name}: {self.assessed} cases assessed, {self.reminders} reminders, "
            f"{self.dissuaded} dissuaded, {self.police} referred to police, {self.refused} "
            f"refused, {self.stopped_amount:,.2f} yuan of transfers stopped"
        )


@dataclass(slots=True)
class CentralStats:
    by: str
    first: date
    last: date
    groups: list[GroupCounts] = field(default_factory=list)
    rules: list[tuple[str, int]] = field(default_factory=list)

    @property
    def assessed(self) -> int:
        return sum(g.assessed for g in self.groups)

    def lines(self) -> list[str]:
        out = [f"statistics {self.first} .. {self.last} by {self.by}: {len(self.groups)} groups"]
        out.extend(g.line() for g in self.groups)
        total = self.assessed or 1
        out.extend(
            f"rule {rule}: {cases} cases ({100 * cases / total:.1f} % of cases assessed)"
            for rule, cases in self.rules
        )
        return out


def central_stats(
    conn: Connection, first: date, last: date, by: str, top: int = 10
) -> CentralStats:
    params = {
        "low": datetime.combine(first, time(0), SHANGHAI),
        "high": datetime.combine(last + timedelta(days=1), time(0), SHANGHAI),
        "police": POLICE_DECISION,
        "stopping": list(STOPPING_DECISIONS),
        "top": top,
    }
    group = SQL(_GROUPS[by])  # one of two fixed expressions, never user text
    stats = CentralStats(by, first, last)
    rows = conn.execute(SQL(_COUNTS).format(group=group), params).fetchall()
    stats.groups = [
        GroupCounts(str(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in rows
    ]
    stopped: dict[str, Decimal] = dict(
        conn.execute(SQL(_STOPPED).format(group=group), params).fetchall()
    )
    for g in stats.groups:
        g.stopped_amount = Decimal(stopped.get(g.name) or 0).quantize(Decimal("0.01"))
    stats.rules = [(str(r), int(c)) for r, c in conn.execute(_RULES, params).fetchall()]
    return stats
