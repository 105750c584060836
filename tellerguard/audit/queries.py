"""Typed read queries over an audit store: the one place outside the store's own
bookkeeping where SQL about events and operators is written.

Services ask questions (a customer's recent events, a page of the log, a branch's counts) and
get dataclasses back; they never see SQL. Event type names and JSON paths come from the
event models (:func:`payload_path` checks each path against the model it names, at import),
so renaming a field breaks here, loudly, rather than in a query that silently matches
nothing. What counts as a police referral and as a stopped case is defined once
(:data:`REFERRED_TO_POLICE`, :data:`STOPPED`) and used by the counter's history and the
branch report alike.
"""

from __future__ import annotations

import contextlib
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

from tellerguard.audit.schema import lookup_bytes
from tellerguard.domain.events import (
    POLICE_DECISION,
    STOPPING_DECISIONS,
    AssessmentShown,
    AuditVerified,
    BusinessRefused,
    DaySealed,
    ExportWritten,
    ReminderCompleted,
    StoredHit,
    SupervisorAuthorized,
    UserState,
    credential_fingerprint,
)
from tellerguard.domain.operators import Role


def payload_path(model: type[BaseModel], *fields: str) -> str:
    """The JSON path of a payload field (``$.payload.subject.cash``), checked against the
    event model: each step must be a field of the model reached so far."""
    current: type[BaseModel] | None = model
    for name in fields:
        if current is None or name not in current.model_fields:
            owner = current.__name__ if current else "a non-model value"
            raise KeyError(f"{name!r} is not a field of {owner}")
        current = _model_of(current.model_fields[name].annotation)
    return "$.payload." + ".".join(fields)


def _model_of(annotation: object) -> type[BaseModel] | None:
    """The pydantic model inside ``X``, ``X | None`` or ``Optional[X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _on(alias: str, condition: str) -> str:
    """``condition`` (written over bare column names) for the events table named ``alias``."""
    for column in ("type", "decision", "record"):
        condition = condition.replace(f"({column} ", f"({alias}.{column} ")
        condition = condition.replace(f" {column} ", f" {alias}.{column} ")
    return condition


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


_SHOWN = AssessmentShown.event_type
_REMINDER = ReminderCompleted.event_type
_REFUSED = BusinessRefused.event_type

REFERRED_TO_POLICE = (
    f"((type = '{_REMINDER}' AND decision = '{POLICE_DECISION}') OR "
    f"(type = '{_REFUSED}' AND "
    f"record_json(record) ->> '{payload_path(BusinessRefused, 'referred_to_police')}' = 1))"
)
"""An event that referred its case to the police: the reminder's decision, or a refusal
marked so."""
STOPPED = (
    f"(type = '{_REFUSED}' OR "
    f"(type = '{_REMINDER}' AND decision IN ({_quoted(STOPPING_DECISIONS)})))"
)
"""An event that stopped its case: a refusal, or a reminder after which the customer was
dissuaded or referred to the police (the transfer did not go ahead)."""
_CASH = f"record_json(record) ->> '{payload_path(AssessmentShown, 'subject', 'cash')}'"
_HITS = payload_path(AssessmentShown, "hits")
_HIT_RULE = payload_path(StoredHit, "rule_id").removeprefix("$.payload.")
_HIT_TITLE = payload_path(StoredHit, "title").removeprefix("$.payload.")
_SEALED_SEQ = f"record_json(record) ->> '{payload_path(DaySealed, 'seq')}'"


# -- what the queries return ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventSummary:
    """One event as a list or a search shows it (masked)."""

    seq: int
    at: str
    type: str
    operator: str
    outcome: str
    case_ref: str | None
    level: str | None
    decision: str | None
    customer_name: str | None
    customer_id: str | None
    amount: str | None
    hash: str


SUMMARY_COLUMNS = (
    "seq, at, type, operator, outcome, case_ref, level, decision, customer_name, "
    "customer_id, amount, lower(hex(hash))"
)


def summaries(rows: list[tuple[Any, ...]]) -> list[EventSummary]:
    return [EventSummary(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class CustomerEvent:
    """One event of a customer, as the counter's history needs it."""

    seq: int
    type: str
    case_ref: str | None
    decision: str | None
    amount: Decimal | None
    cash: bool
    stopped: bool
    referred_to_police: bool

    @property
    def is_reminder(self) -> bool:
        return self.type == _REMINDER

    @property
    def is_refusal(self) -> bool:
        return self.type == _REFUSED

    @property
    def is_assessment(self) -> bool:
        return self.type == _SHOWN


@dataclass(frozen=True, slots=True)
class EventFilter:
    """A date range (inclusive business days, Asia/Shanghai) and optional event types and
    teller: the same filter for an export, a report and a page of the log."""

    date_from: date
    date_to: date
    types: tuple[str, ...] | None = None
    teller: str | None = None
    case_refs: tuple[str, ...] | None = None
    """Only these cases (a customer's dossier)."""

    def time_bounds(self) -> tuple[str, str]:
        """The stored times the dates span: from the first day's midnight (inclusive) to the
        midnight after the last day (exclusive), as text that compares like the times."""
        start = f"{self.date_from.isoformat()}T00:00:00"
        return start, f"{(self.date_to + timedelta(days=1)).isoformat()}T00:00:00"

    def where(self, alias: str = "", *, unindexed: bool = False) -> tuple[str, list[Any]]:
        """The WHERE clause and its parameters (columns of the table named ``alias``);
        ``unindexed``: each column behind SQLite's unary ``+``, so no index serves them (a
        caller that walks a rowid range keeps the planner to it)."""
        a = ("+" if unindexed else "") + (f"{alias}." if alias else "")
        start, end = self.time_bounds()
        clauses = [f"{a}at >= ?", f"{a}at < ?"]
        params: list[Any] = [start, end]
        if self.types:
            clauses.append(f"{a}type IN ({', '.join('?' for _ in self.types)})")
            params.extend(self.types)
        if self.teller:
            clauses.append(f"{a}operator = ?")
            params.append(self.teller)
        if self.case_refs is not None:
            clauses.append(f"{a}case_ref IN ({', '.join('?' for _ in self.case_refs)})")
            params.extend(self.case_refs)
        return " AND ".join(clauses), params


@dataclass(frozen=True, slots=True)
class BranchCounts:
    """Raw counts of a date range, for the branch report."""

    assessments: dict[str, int]
    """Assessments shown per level."""
    reminders: dict[str, int]
    """Completed reminders per decision."""
    refusals: int
    authorizations: int
    assessed_cases: int
    police_cases: int
    stopped_transfers: list[tuple[str, Decimal]]
    """(case ref, amount) of each transfer case that was stopped, once per case."""
    top_rules: list[tuple[str, int]]
    rule_titles: dict[str, str]


@dataclass(frozen=True, slots=True)
class OperatorRow:
    """An operator as the users table holds them."""

    username: str
    display_name: str
    role: Role
    password_hash: str
    must_change_password: bool
    failed_logins: int
    locked: bool
    disabled: bool
    event_seq: int

    def state(self, **changes: object) -> UserState:
        """The row as an audit event records it (never the hash itself), with ``changes``."""
        data: dict[str, object] = {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "disabled": self.disabled,
            "locked": self.locked,
            "failed_logins": self.failed_logins,
            "must_change_password": self.must_change_password,
            "credential": credential_fingerprint(self.password_hash),
        }
        data.update(changes)
        return UserState.model_validate(data)


OPERATOR_COLUMNS = (
    "username, display_name, role, password_hash, must_change_password, failed_logins, "
    "locked, disabled, event_seq"
)


def _operator(row: tuple[Any, ...]) -> OperatorRow:
    return OperatorRow(
        row[0], row[1], row[2], row[3], bool(row[4]), int(row[5]), bool(row[6]), bool(row[7]),
        int(row[8]),
    )  # fmt: skip


Breakdown = Literal["day", "week", "month", "teller", "typology"]
BREAKDOWNS: tuple[Breakdown, ...] = ("day", "week", "month", "teller", "typology")

_GROUP_KEYS: dict[str, str] = {
    "day": "substr(e.at, 1, 10)",
    # The Monday of the event's week (Asia/Shanghai dates, as stored).
    "week": "date(substr(e.at, 1, 10), '-6 days', 'weekday 1')",
    "month": "substr(e.at, 1, 7)",
    # An authorization is the supervisor's event about the teller's case: counted for the teller.
    "teller": (
        f"CASE WHEN e.type = '{SupervisorAuthorized.event_type}' THEN "
        f"record_json(e.record) ->> '{payload_path(SupervisorAuthorized, 'teller')}' "
        "ELSE e.operator END"
    ),
}


_CASE_TAGS = (
    # The tags a typology breakdown groups by: every tag of every assessment of each case
    # with an event in the range, wherever that assessment is in the store. Joining every
    # tag row of the store to its event for it took 12.3 s for any range of a
    # million-event store. Now: the tag rows inside the range's dates by the tag table's key
    # (tag, at, seq), one range per known tag (found by a skip scan, one seek per tag); and
    # for the assessments of the range's cases outside those dates — found through the case
    # index, against the range's sequence numbers from the time index, so no row is read
    # but theirs — each known tag's row by that key ({outside}: left out when no event of
    # the store lies outside the dates, where it found nothing in 8.5 s of a million events).
    "WITH RECURSIVE known_tags(tag) AS ("
    "SELECT min(tag) FROM event_tags UNION ALL "
    "SELECT (SELECT min(tag) FROM event_tags WHERE tag > known_tags.tag) FROM known_tags "
    "WHERE known_tags.tag IS NOT NULL), "
    "range_cases(case_ref) AS (SELECT DISTINCT w.case_ref FROM events AS w WHERE {in_range} "
    "AND w.type IN ({counted}) AND w.case_ref IS NOT NULL), "
    "dated(seq) AS (SELECT d.seq FROM events AS d INDEXED BY events_at "
    "WHERE d.at >= ? AND d.at < ?), "
    "case_tags(case_ref, tag) AS MATERIALIZED ("
    "SELECT DISTINCT a.case_ref, t.tag FROM known_tags AS k "
    "CROSS JOIN event_tags AS t ON t.tag = k.tag AND t.at >= ? AND t.at < ? "
    "CROSS JOIN events AS a ON a.seq = t.seq WHERE k.tag IS NOT NULL{outside}) "
)
_OUTSIDE_DATES = (
    " UNION "
    "SELECT o.case_ref, t.tag FROM range_cases AS c "
    "CROSS JOIN events AS o INDEXED BY events_case_ref ON o.case_ref = c.case_ref "
    "CROSS JOIN known_tags AS k "
    "CROSS JOIN event_tags AS t ON t.tag = k.tag AND t.at = o.at AND t.seq = o.seq "
    f"WHERE o.seq NOT IN dated AND o.type = '{_SHOWN}' AND k.tag IS NOT NULL"
)


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    """One group (a day, a week's Monday, a month, a teller, a tag) of a date range."""

    key: str
    assessments: int
    reminders: int
    authorizations: int
    refusals: int
    dissuaded: int
    police_cases: int
    protected_cases: int
    protected_amount: Decimal


@dataclass(frozen=True, slots=True)
class RuleRate:
    """How a rule behaved in a date range: the cases it hit, and how many of those went ahead
    anyway (neither refused, dissuaded nor referred to the police)."""

    rule_id: str
    level: str
    cases: int
    went_ahead: int


# -- the queries ---------------------------------------------------------------------------
IN_CHUNK = 500
"""Values bound per ``IN`` list, well under SQLite's limit of host parameters."""


class EventQueries:
    """Read queries of a store connection (the writer's or a read-only reader's)."""

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError  # each connection class runs its own statements

    def _all_in(self, sql: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
        """The rows of ``sql`` for every value, its ``{values}`` replaced by a list of host
        parameters: one statement per :data:`IN_CHUNK` values (SQLite bounds the parameters),
        the rows in the order of the chunks."""
        rows: list[tuple[Any, ...]] = []
        for start in range(0, len(values), IN_CHUNK):
            chunk = tuple(values[start : start + IN_CHUNK])
            rows += self._all(sql.replace("{values}", ", ".join("?" * len(chunk))), chunk)
        return rows

    # customers
    def customer_events(self, id_hmac: str, *, from_seq: int) -> list[CustomerEvent]:
        """Every event of the customer with this ID lookup hash from ``from_seq`` on, in
        chain order."""
        rows = self._all(
            f"SELECT seq, type, case_ref, decision, amount, {_CASH}, {STOPPED}, "
            f"{REFERRED_TO_POLICE} FROM events WHERE id_hmac = ? AND seq >= ? ORDER BY seq",
            (lookup_bytes(id_hmac), from_seq),
        )
        return [
            CustomerEvent(
                seq=int(seq),
                type=str(kind),
                case_ref=case_ref,
                decision=decision,
                amount=Decimal(amount) if amount else None,
                cash=bool(cash),
                stopped=bool(stopped),
                referred_to_police=bool(police),
            )
            for seq, kind, case_ref, decision, amount, cash, stopped, police in rows
        ]

    def events_by_lookup(self, *, id_hmac: str, card_hmac: str) -> list[EventSummary]:
        """Every event of a customer found by the keyed hash of an ID or a card number."""
        return summaries(
            self._all(
                f"SELECT {SUMMARY_COLUMNS} FROM events WHERE id_hmac = ? OR card_hmac = ? "
                "ORDER BY seq",
                (lookup_bytes(id_hmac), lookup_bytes(card_hmac)),
            )
        )

    # the log
    def recent_events(self, limit: int) -> list[EventSummary]:
        """The latest ``limit`` events, newest first."""
        return summaries(
            self._all(f"SELECT {SUMMARY_COLUMNS} FROM events ORDER BY seq DESC LIMIT ?", (limit,))
        )

    def browse(self, selection: EventFilter, limit: int) -> list[EventSummary]:
        """The events of ``selection``, newest first, at most ``limit``."""
        where, params = selection.where()
        return summaries(
            self._all(
                f"SELECT {SUMMARY_COLUMNS} FROM events WHERE {where} ORDER BY seq DESC LIMIT ?",
                (*params, limit),
            )
        )

    def branch_counts(self, selection: EventFilter, *, top: int) -> BranchCounts:
        """What the counters did in ``selection``: assessments, reminders, refusals,
        authorizations, police referrals, stopped transfers and the rules hit most."""
        where, params = selection.where()

        def rows(sql: str, extra: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
            return self._all(sql, (*params, *extra))

        counted = (_SHOWN, _REMINDER, _REFUSED, "supervisor_authorized")
        assessments: dict[str, int] = {}
        reminders: dict[str, int] = {}
        refusals = authorizations = 0
        for kind, level, decision, count in rows(
            f"SELECT type, level, decision, count(*) FROM events WHERE {where} "
            f"AND type IN ({_quoted(counted)}) GROUP BY type, level, decision"
        ):
            if kind == _SHOWN:
                assessments[level] = assessments.get(level, 0) + count
            elif kind == _REMINDER:
                reminders[decision] = reminders.get(decision, 0) + count
            elif kind == _REFUSED:
                refusals += count
            else:
                authorizations += count
        assessed = rows(
            f"SELECT count(DISTINCT case_ref) FROM events WHERE {where} AND type = '{_SHOWN}'"
        )[0][0]
        police = rows(
            f"SELECT count(DISTINCT case_ref) FROM events WHERE {where} AND {REFERRED_TO_POLICE}"
        )[0][0]
        # Every event of a case carries the same subject, so any one row gives its amount.
        stopped = rows(
            f"SELECT case_ref, max(amount) FROM events WHERE {where} AND kind = 'transfer' "
            f"AND amount IS NOT NULL AND {STOPPED} GROUP BY case_ref"
        )
        # The title as recorded with the hit: a rule renamed or removed since keeps its name.
        top_rules = rows(
            f"SELECT hit.value ->> '$.{_HIT_RULE}' AS rule, max(hit.value ->> '$.{_HIT_TITLE}'), "
            f"count(DISTINCT shown.case_ref) AS cases FROM ("
            f"SELECT case_ref, record FROM events WHERE {where} AND type = '{_SHOWN}') AS shown, "
            f"json_each(record_json(shown.record), '{_HITS}') AS hit "
            f"GROUP BY rule ORDER BY cases DESC, rule LIMIT ?",
            (top,),
        )
        return BranchCounts(
            assessments=assessments,
            reminders=reminders,
            refusals=refusals,
            authorizations=authorizations,
            assessed_cases=int(assessed),
            police_cases=int(police),
            stopped_transfers=[(str(ref), Decimal(amount)) for ref, amount in stopped],
            top_rules=[(str(rule_id), int(count)) for rule_id, _, count in top_rules],
            rule_titles={str(rule_id): str(title) for rule_id, title, _ in top_rules},
        )

    def breakdown(self, selection: EventFilter, by: Breakdown) -> list[BreakdownRow]:
        """The branch counts of ``selection`` per day, week, month, teller or typology tag
        (a case counts for every tag its assessments carry), in key order."""
        where, params = selection.where("e")
        counted = (_SHOWN, _REMINDER, _REFUSED, SupervisorAuthorized.event_type)
        counts = (
            f"sum(e.type = '{_SHOWN}'), sum(e.type = '{_REMINDER}'), "
            f"sum(e.type = '{SupervisorAuthorized.event_type}'), sum(e.type = '{_REFUSED}'), "
            f"sum(e.type = '{_REMINDER}' AND e.decision = 'dissuaded')"
        )
        stopped_transfer = f"e.kind = 'transfer' AND e.amount IS NOT NULL AND {_on('e', STOPPED)}"
        # Every event of a case carries the same subject, so any one row gives its amount;
        # amounts are summed as decimals here, never as floating point.
        rows: list[tuple[Any, ...]] = []
        protected: dict[str, tuple[int, Decimal]] = {}
        if by == "typology":
            # A case counts under every tag of its assessments, so its events are summed per
            # case first, in one pass over the range, and the cases' sums per tag after, each
            # tag's stopped amounts listed (joining each event to its case's tags, then each
            # stopped case again: 15.4 s for a million-event store).
            in_range, range_params = selection.where("w")
            dates = selection.time_bounds()
            # Each in its own statement: SQLite reads one end of the time index for a lone
            # min() or max(), but scans all of it for both in one.
            first, last = self._all(
                "SELECT (SELECT min(at) FROM events), (SELECT max(at) FROM events)"
            )[0]
            covered = first is None or (dates[0] <= first and last < dates[1])
            tags = _CASE_TAGS.format(
                in_range=in_range,
                counted=_quoted(counted),
                outside="" if covered else _OUTSIDE_DATES,
            )
            for k, a, r, au, rf, d, police, amounts in self._all(
                f"{tags}, per_case(case_ref, a, r, au, rf, d, police, amount) AS ("
                f"SELECT e.case_ref, {counts}, "
                f"max(CASE WHEN {_on('e', REFERRED_TO_POLICE)} THEN 1 ELSE 0 END), "
                f"max(CASE WHEN {stopped_transfer} THEN e.amount END) "
                f"FROM events AS e WHERE {where} AND e.type IN ({_quoted(counted)}) "
                "AND e.case_ref IS NOT NULL GROUP BY e.case_ref) "
                "SELECT ct.tag, sum(p.a), sum(p.r), sum(p.au), sum(p.rf), sum(p.d), "
                "sum(p.police), group_concat(p.amount, ' ') FROM per_case AS p "
                "JOIN case_tags AS ct ON ct.case_ref = p.case_ref GROUP BY ct.tag ORDER BY 1",
                (*range_params, *dates, *dates, *params),
            ):
                rows.append((k, a, r, au, rf, d, police))
                stopped = str(amounts).split() if amounts is not None else []
                protected[str(k)] = (len(stopped), sum(map(Decimal, stopped), Decimal("0.00")))
        else:
            # The counts per group (0), then each stopped transfer case's amount (1).
            key = _GROUP_KEYS[by]
            for part, k, *values in self._all(
                f"SELECT 0, {key} AS k, {counts}, "
                f"count(DISTINCT CASE WHEN {_on('e', REFERRED_TO_POLICE)} THEN e.case_ref END) "
                f"FROM events AS e WHERE {where} AND e.type IN ({_quoted(counted)}) "
                "GROUP BY k UNION ALL "
                f"SELECT 1, {key} AS k, max(e.amount), 0, 0, 0, 0, 0 FROM events AS e "
                f"WHERE {where} AND {stopped_transfer} GROUP BY k, e.case_ref ORDER BY 1, 2",
                (*params, *params),
            ):
                if part == 0:
                    rows.append((k, *values))
                else:
                    cases, total = protected.get(str(k), (0, Decimal("0.00")))
                    protected[str(k)] = (cases + 1, total + Decimal(values[0]))
        return [
            BreakdownRow(
                str(k),
                int(a),
                int(r),
                int(au),
                int(rf),
                int(d),
                int(p),
                *protected.get(str(k), (0, Decimal("0.00"))),
            )
            for k, a, r, au, rf, d, p in rows
            if k is not None
        ]

    def stopped_cases(self, case_refs: Sequence[str]) -> set[str]:
        """Which of these cases were stopped (refused, dissuaded, referred to the police)."""
        rows = self._all_in(
            f"SELECT DISTINCT case_ref FROM events WHERE case_ref IN ({{values}}) AND {STOPPED}",
            list(case_refs),
        )
        return {str(ref) for (ref,) in rows}

    def rule_rates(self, selection: EventFilter) -> tuple[int, list[RuleRate]]:
        """The assessed cases of ``selection``, and for each rule that hit: its level, the
        cases it hit and how many of them went ahead (the case was never stopped)."""
        where, params = selection.where("e")
        assessed = self._all(
            f"SELECT count(DISTINCT e.case_ref) FROM events AS e "
            f"WHERE {where} AND e.type = '{_SHOWN}'",
            tuple(params),
        )[0][0]
        rows = self._all(
            "SELECT hit.value ->> '$.rule_id' AS rule, hit.value ->> '$.level' AS lvl, "
            "count(DISTINCT e.case_ref), "
            "count(DISTINCT CASE WHEN NOT EXISTS (SELECT 1 FROM events AS s "
            f"WHERE s.case_ref = e.case_ref AND {_on('s', STOPPED)}) THEN e.case_ref END) "
            "FROM events AS e, json_each(record_json(e.record), "
            f"'{payload_path(AssessmentShown, 'hits')}') "
            f"AS hit WHERE {where} AND e.type = '{_SHOWN}' GROUP BY rule, lvl "
            "ORDER BY count(DISTINCT e.case_ref) DESC, rule",
            tuple(params),
        )
        return int(assessed), [
            RuleRate(str(rule), str(level), int(cases), int(ahead))
            for rule, level, cases, ahead in rows
        ]

    # seals
    def last_sealed_seq(self) -> int | None:
        """The highest sequence number any recorded day seal covers."""
        rows = self._all(
            f"SELECT max({_SEALED_SEQ}) FROM events WHERE type = '{DaySealed.event_type}'"
        )
        return int(rows[0][0]) if rows and rows[0][0] is not None else None

    def recorded_seals(self) -> list[tuple[int, DaySealed]]:
        """Every seal recorded in the store: (the seq of its day_sealed event, its payload),
        oldest first; a payload its model rejects is left out (verify --deep reports it)."""
        rows = self._all(
            "SELECT seq, record_json(record) ->> '$.payload' FROM events "
            f"WHERE type = '{DaySealed.event_type}' ORDER BY seq"
        )
        seals = []
        for seq, payload in rows:
            with contextlib.suppress(ValueError):
                seals.append((int(seq), DaySealed.model_validate_json(payload)))
        return seals

    def seal_record(self, seq: int, hash_hex: str) -> int | None:
        """The seq of the day_sealed event that recorded the seal of ``seq`` / ``hash_hex``."""
        rows = self._all(
            f"SELECT seq FROM events WHERE type = '{DaySealed.event_type}' AND {_SEALED_SEQ} = ? "
            f"AND record_json(record) ->> '{payload_path(DaySealed, 'hash')}' = ? "
            "ORDER BY seq LIMIT 1",
            (seq, hash_hex),
        )
        return int(rows[0][0]) if rows else None

    def export_events(self, sha256: str) -> list[tuple[int, ExportWritten]]:
        """The export_written events that recorded a bundle with this SHA-256."""
        rows = self._all(
            "SELECT seq, record_json(record) ->> '$.payload' FROM events "
            f"WHERE type = '{ExportWritten.event_type}' "
            f"AND record_json(record) ->> '{payload_path(ExportWritten, 'sha256')}' = ? "
            "ORDER BY seq",
            (sha256,),
        )
        return [(int(seq), ExportWritten.model_validate_json(payload)) for seq, payload in rows]

    def seal_marks(self) -> list[tuple[int, str, int]]:
        """Every day seal: (its event's seq, the day sealed, the last seq it covers)."""
        rows = self._all(
            "SELECT seq, "
            f"record_json(record) ->> '{payload_path(DaySealed, 'day')}', {_SEALED_SEQ} "
            f"FROM events WHERE type = '{DaySealed.event_type}' ORDER BY seq"
        )
        return [(int(seq), str(day), int(covered)) for seq, day, covered in rows]

    def verification_marks(self) -> list[tuple[int, str, int, bool]]:
        """Every recorded verification: (its seq, when, the head it checked, whether ok)."""
        rows = self._all(
            f"SELECT seq, at, record_json(record) ->> '{payload_path(AuditVerified, 'head_seq')}', "
            f"record_json(record) ->> '{payload_path(AuditVerified, 'ok')}' FROM events "
            f"WHERE type = '{AuditVerified.event_type}' ORDER BY seq"
        )
        return [(int(seq), str(at), int(head), bool(ok)) for seq, at, head, ok in rows]

    def event_time(self, seq: int) -> str | None:
        """The time stamped on event ``seq``."""
        rows = self._all("SELECT at FROM events WHERE seq = ?", (seq,))
        return str(rows[0][0]) if rows else None

    # operators
    def operator_row(self, username: str) -> OperatorRow | None:
        rows = self._all(f"SELECT {OPERATOR_COLUMNS} FROM users WHERE username = ?", (username,))
        return _operator(rows[0]) if rows else None

    def operator_rows(self) -> list[OperatorRow]:
        return [
            _operator(r)
            for r in self._all(f"SELECT {OPERATOR_COLUMNS} FROM users ORDER BY username")
        ]

    def operator_count(self, *, active_role: Role | None = None) -> int:
        """How many operators there are; with ``active_role``, how many of that role are not
        disabled."""
        if active_role is None:
            return int(self._all("SELECT count(*) FROM users")[0][0])
        return int(
            self._all("SELECT count(*) FROM users WHERE role = ? AND disabled = 0", (active_role,))[
                0
            ][0]
        )

    def last_event_about(self, username: str) -> int | None:
        """The sequence number of the latest event about operator ``username``."""
        value = self._all("SELECT max(seq) FROM events WHERE subject_user = ?", (username,))[0][0]
        return int(value) if value is not None else None
