"""The console's audit log over the whole store: filtered, sorted, keyset-paged.

A million events cannot be listed as "the first N rows", nor paged with ``OFFSET`` from the
top at every scroll. The console asks three questions instead, each answered from an index
that holds the filter's column followed by the time (migration ``0004_console``):

* how many events match (:meth:`LogQueries.log_count`);
* the page after (or before) a row it already has, by that row's sort key — keyset paging,
  which costs the same on page 1 and page 5,000 (:meth:`LogQueries.log_page`);
* the sort key of the row at some position, for a jump with the scroll bar
  (:meth:`LogQueries.log_key_at`): ``OFFSET`` once, over the index entries alone (no record is
  read), then keyset paging from there.

The sort key is ``(column, at, seq)`` where the column is the one sorted on (nothing for the
time order): ties in time are broken by the chain order, so the order is total and a key
names exactly one position. Every query is bounded by a snapshot (``up_to_seq``): the log is
append-only, so the events up to a sequence number never change, and positions stay put while
the counters keep writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from tellerguard.audit.queries import SUMMARY_COLUMNS, EventQueries, EventSummary, summaries
from tellerguard.audit.schema import lookup_bytes

LogSort = Literal["at", "type", "operator"]
"""What the console sorts on: time (then chain order), event type or operator (then time)."""
LOG_SORTS: tuple[LogSort, ...] = ("at", "type", "operator")

LogKey = tuple[Any, ...]
"""A row's sort key: ``(at, seq)``, or ``(column value, at, seq)`` when sorted on a column."""


@dataclass(frozen=True, slots=True)
class LogFilter:
    """What the console shows: every part is optional and they combine with AND.

    ``id_hmac`` / ``card_hmac`` are the store's keyed hashes of a customer's ID or card
    number (a customer is matched by either); the number itself never reaches a query.
    """

    up_to_seq: int
    """The snapshot: events after this sequence number are not shown."""
    date_from: date | None = None
    date_to: date | None = None
    """Inclusive business days (Asia/Shanghai), as in an export."""
    types: tuple[str, ...] = ()
    operator: str | None = None
    level: str | None = None
    decision: str | None = None
    tag: str | None = None
    id_hmac: str | None = None
    card_hmac: str | None = None

    def source(self, *, events: bool = True) -> tuple[str, str]:
        """The FROM clause and the alias whose ``at``/``seq`` drive the order: with a tag, the
        tag table's primary key (tag, at, seq) does, joined to its events when ``events`` (a
        page) or another filter needs them."""
        if self.tag is None:
            return "events AS e", "e"
        if events or self.types or self.operator or self.level or self.decision:
            return "event_tags AS d CROSS JOIN events AS e ON e.seq = d.seq", "d"
        if self.id_hmac is not None or self.card_hmac is not None:
            return "event_tags AS d CROSS JOIN events AS e ON e.seq = d.seq", "d"
        return "event_tags AS d", "d"

    def where(self, driver: str) -> tuple[list[str], list[Any]]:
        # The unary plus keeps the snapshot bound from choosing the plan: the rowid range
        # would otherwise win and walk the table's rows instead of a filter's index.
        clauses = [f"+{driver}.seq <= ?"]
        params: list[Any] = [self.up_to_seq]
        if self.date_from is not None:
            clauses.append(f"{driver}.at >= ?")
            params.append(f"{self.date_from.isoformat()}T00:00:00")
        if self.date_to is not None:
            clauses.append(f"{driver}.at < ?")
            params.append(f"{(self.date_to + timedelta(days=1)).isoformat()}T00:00:00")
        if self.types:
            clauses.append(f"e.type IN ({', '.join('?' for _ in self.types)})")
            params.extend(self.types)
        for column, value in (
            ("operator", self.operator),
            ("level", self.level),
            ("decision", self.decision),
        ):
            if value is not None:
                clauses.append(f"e.{column} = ?")
                params.append(value)
        if self.tag is not None:
            clauses.append("d.tag = ?")
            params.append(self.tag)
        if self.id_hmac is not None or self.card_hmac is not None:
            clauses.append("(e.id_hmac = ? OR e.card_hmac = ?)")
            params.extend((lookup_bytes(self.id_hmac or ""), lookup_bytes(self.card_hmac or "")))
        return clauses, params


def _key_columns(sort: LogSort, driver: str) -> list[str]:
    time_order = [f"{driver}.at", f"{driver}.seq"]
    return time_order if sort == "at" else [f"e.{sort}", *time_order]


def key_of(row: EventSummary, sort: LogSort) -> LogKey:
    """The sort key of a row the console shows."""
    if sort == "at":
        return (row.at, row.seq)
    return (getattr(row, sort), row.at, row.seq)


def _prefixed(columns: str, alias: str) -> str:
    """``SUMMARY_COLUMNS`` with each plain column taken from ``alias``."""
    parts = [part.strip() for part in columns.split(",")]
    return ", ".join(
        f"{alias}.{part}" if part.isidentifier() else part.replace("(hash", f"({alias}.hash")
        for part in parts
    )


LOG_COLUMNS = _prefixed(SUMMARY_COLUMNS, "e")


class LogQueries(EventQueries):
    """The console's queries on a store connection (a read-only reader's, in practice)."""

    def log_count(self, selection: LogFilter) -> int:
        if selection == LogFilter(selection.up_to_seq):
            # Sequence numbers run 1, 2, 3 … without gaps (the chain trigger allows nothing
            # else, the writer checks it at every open), so the whole log up to the snapshot
            # is the snapshot's number: no million-entry count.
            return selection.up_to_seq
        source, driver = selection.source(events=False)
        clauses, params = selection.where(driver)
        rows = self._all(
            f"SELECT count(*) FROM {source} WHERE {' AND '.join(clauses)}", tuple(params)
        )
        return int(rows[0][0])

    def log_page(
        self,
        selection: LogFilter,
        *,
        sort: LogSort = "at",
        descending: bool = True,
        after: LogKey | None = None,
        before: LogKey | None = None,
        inclusive: bool = False,
        limit: int = 200,
    ) -> list[EventSummary]:
        """Up to ``limit`` rows in display order: those after the row with key ``after``
        (from it, with ``inclusive``), or the ``limit`` rows just before ``before``, or the
        first rows."""
        source, driver = selection.source()
        clauses, params = selection.where(driver)
        columns = _key_columns(sort, driver)
        backwards = before is not None
        # Display order is descending or ascending; fetching backwards reverses it.
        scan_descending = descending != backwards
        anchor = before if backwards else after
        if anchor is not None:
            if len(anchor) != len(columns):
                raise ValueError(f"a {sort} key has {len(columns)} parts, not {len(anchor)}")
            operator = "<" if scan_descending else ">"
            if inclusive and not backwards:
                operator += "="
            clauses.append(f"({', '.join(columns)}) {operator} ({', '.join('?' for _ in anchor)})")
            params.extend(anchor)
        direction = " DESC" if scan_descending else ""
        order = ", ".join(column + direction for column in columns)
        rows = summaries(
            self._all(
                f"SELECT {LOG_COLUMNS} FROM {source} WHERE {' AND '.join(clauses)} "
                f"ORDER BY {order} LIMIT ?",
                (*params, max(1, limit)),
            )
        )
        return rows[::-1] if backwards else rows

    def log_key_at(
        self, selection: LogFilter, offset: int, *, sort: LogSort = "at", descending: bool = True
    ) -> LogKey | None:
        """The sort key of the row at ``offset`` (0-based) in display order, read from the
        index entries alone; ``None`` past the end."""
        source, driver = selection.source(events=sort != "at")
        clauses, params = selection.where(driver)
        columns = _key_columns(sort, driver)
        direction = " DESC" if descending else ""
        rows = self._all(
            f"SELECT {', '.join(columns)} FROM {source} WHERE {' AND '.join(clauses)} "
            f"ORDER BY {', '.join(c + direction for c in columns)} LIMIT 1 OFFSET ?",
            (*params, max(0, offset)),
        )
        return tuple(rows[0]) if rows else None

    def log_head(self) -> int:
        """The newest sequence number: the snapshot a new query starts from."""
        rows = self._all("SELECT max(seq) FROM events")
        return int(rows[0][0] or 0)
