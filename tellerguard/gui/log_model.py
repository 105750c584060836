"""The console's audit log as a lazy item model: the whole store, a page at a time, never on
the window's thread.

:class:`LogTableModel` knows how many rows a query has and keeps a window of pages
(:data:`PAGE` rows each, at most :data:`MAX_PAGES`, least recently used dropped). A row that
is not loaded shows "…" and asks :class:`LogWorker` for its page; the worker runs on its own
``QThread`` over the window's own read-only connection (:class:`AuditLog`) and sends the page
back, and the model announces it with ``dataChanged``. Pages are fetched by keyset from a
neighbour already loaded (the page after the last row of the one above, or before the first
row of the one below); only a jump into the unknown asks for a position, which the store
answers from index entries. Each query has a generation number: a page of an older query
that arrives late is dropped.

Order of a query: the first page comes back at once (the rows appear), then the count (the
scroll bar gets its length); sorting re-runs the query in the new order.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThread,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor

from tellerguard.errors import TellerGuardError
from tellerguard.gui.i18n import translate
from tellerguard.gui.models import EVENT_COLUMNS, ReadOnlyTable, event_cells
from tellerguard.gui.style import LEVEL_COLOURS, MUTED_COLOUR
from tellerguard.services.console import AuditLog, EventSummary, LogFilter, LogSort, key_of

log = logging.getLogger("tellerguard.gui.log_model")

PAGE = 200
MAX_PAGES = 64
"""12,800 rows in memory at most, whatever the store holds."""
SORT_COLUMNS: dict[int, LogSort] = {0: "at", 1: "at", 2: "type", 3: "operator"}
"""Columns the log sorts on (sequence number and time both mean time, then chain order)."""

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class LogQuery:
    selection: LogFilter
    sort: LogSort = "at"
    descending: bool = True


Anchor = tuple[str, Any]
"""How to find a page: ("first", 0), ("after", key), ("before", key), ("offset", n). Never
``None`` inside: PySide 6 miscounts references to a ``None`` sent through a queued signal."""


class LogWorker(QObject):
    """Runs the log's queries on its own thread; results come back as signals."""

    paged = Signal(int, int, object)
    """generation, page number, rows"""
    counted = Signal(int, int)
    failed = Signal(int, str)

    def __init__(self, audit_log: AuditLog) -> None:
        super().__init__()
        self.audit_log = audit_log
        self.latest = 0
        """The newest query's generation, set by the model: older requests are skipped."""

    @Slot(int, object, int, object)
    def fetch(self, generation: int, query: LogQuery, page: int, anchor: Anchor) -> None:
        if generation != self.latest:
            return
        kind, value = anchor
        q = query.selection
        order: dict[str, Any] = {"sort": query.sort, "descending": query.descending}
        try:
            if kind == "offset":
                key = self.audit_log.key_at(q, value, **order)
                rows = (
                    []
                    if key is None
                    else self.audit_log.page(q, after=key, inclusive=True, limit=PAGE, **order)
                )
            elif kind == "after":
                rows = self.audit_log.page(q, after=value, limit=PAGE, **order)
            elif kind == "before":
                rows = self.audit_log.page(q, before=value, limit=PAGE, **order)
            else:
                rows = self.audit_log.page(q, limit=PAGE, **order)
        except TellerGuardError as exc:
            log.warning("audit log page %d failed: %s", page, exc.message_en)
            self.failed.emit(generation, exc.message_zh)
            return
        self.paged.emit(generation, page, rows)

    @Slot(int, object)
    def count(self, generation: int, query: LogQuery) -> None:
        if generation != self.latest:
            return
        try:
            total = self.audit_log.count(query.selection)
        except TellerGuardError as exc:
            log.warning("audit log count failed: %s", exc.message_en)
            self.failed.emit(generation, exc.message_zh)
            return
        self.counted.emit(generation, total)


class LogTableModel(ReadOnlyTable):
    """Every event a query matches, loaded a page at a time on the worker's thread."""

    COLUMNS = EVENT_COLUMNS
    SeqRole = Qt.ItemDataRole.UserRole + 1
    TypeRole = Qt.ItemDataRole.UserRole + 2

    _fetch = Signal(int, object, int, object)
    _count = Signal(int, object)
    loaded = Signal(int)
    """A page arrived (its number)."""
    counted = Signal(int)
    """The query's row count is known."""
    failed = Signal(str)

    def __init__(self, audit_log: AuditLog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = tuple(translate("models", column) for column in self.COLUMNS)
        self._thread = QThread()
        self._thread.setObjectName("audit-log-worker")
        self.worker = LogWorker(audit_log)
        self.worker.moveToThread(self._thread)
        self._fetch.connect(self.worker.fetch, Qt.ConnectionType.QueuedConnection)
        self._count.connect(self.worker.count, Qt.ConnectionType.QueuedConnection)
        self.worker.paged.connect(self._paged, Qt.ConnectionType.QueuedConnection)
        self.worker.counted.connect(self._counted, Qt.ConnectionType.QueuedConnection)
        self.worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._thread.start()
        app = QCoreApplication.instance()
        if app is not None:  # a thread still running when Qt unloads aborts the process
            app.aboutToQuit.connect(self.close)
        self.query: LogQuery | None = None
        self.generation = 0
        self.total: int | None = None
        self._rows = 0
        self._pages: OrderedDict[int, list[EventSummary]] = OrderedDict()
        self._pending: set[int] = set()
        self._deferred: set[int] = set()
        self.requests = 0
        """How many pages were asked for (tests and the benchmark read it)."""

    # -- queries ---------------------------------------------------------------------------
    def start(self, query: LogQuery) -> None:
        """Show ``query``: rows appear when its first page arrives."""
        self.beginResetModel()
        self.generation += 1
        self.worker.latest = self.generation
        self.query = query
        self.total = None
        self._rows = 0
        self._pages.clear()
        self._pending.clear()
        self._deferred.clear()
        self.endResetModel()
        self._request(0, ("first", 0))
        self._count.emit(self.generation, query)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = SORT_COLUMNS.get(column)
        if sort is None or self.query is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (sort, descending) != (self.query.sort, self.query.descending):
            self.start(replace(self.query, sort=sort, descending=descending))

    def close(self) -> None:
        """Stop the worker (waits for a query in progress to finish); closing twice is fine."""
        self.worker.latest = -1
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    # -- pages -----------------------------------------------------------------------------
    def _request(self, page: int, anchor: Anchor) -> None:
        assert self.query is not None
        self._pending.add(page)
        self.requests += 1
        self._fetch.emit(self.generation, self.query, page, anchor)

    def _want(self, page: int) -> None:
        if page in self._pending or page in self._pages:
            return
        if page - 1 in self._pending or page + 1 in self._pending:
            # A neighbour is on its way: page from it by key then, instead of a second
            # positional lookup now (a jump shows two pages; this halves its cost).
            self._deferred.add(page)
            return
        above = self._pages.get(page - 1)
        below = self._pages.get(page + 1)
        if above is not None and len(above) == PAGE and self.query is not None:
            self._request(page, ("after", key_of(above[-1], self.query.sort)))
        elif below and self.query is not None:
            self._request(page, ("before", key_of(below[0], self.query.sort)))
        else:
            self._request(page, ("offset", page * PAGE))

    @property
    def pages_held(self) -> list[int]:
        """The pages in memory, least recently used first."""
        return list(self._pages)

    def is_loaded(self, row: int) -> bool:
        return row // PAGE in self._pages

    def _paged(self, generation: int, page: int, rows: list[EventSummary]) -> None:
        if generation != self.generation:
            return
        self._pending.discard(page)
        self._pages[page] = rows
        for neighbour in (page - 1, page + 1):
            if neighbour in self._deferred:
                self._deferred.discard(neighbour)
                self._want(neighbour)
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * PAGE
        if self.total is None and first + len(rows) > self._rows:
            # Before the count arrives, the rows loaded so far are the rows there are.
            self._grow(first + len(rows))
        elif rows and first < self._rows:
            last = min(first + len(rows), self._rows) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))
        self.loaded.emit(page)

    def _counted(self, generation: int, total: int) -> None:
        if generation != self.generation:
            return
        self.total = total
        if total > self._rows:
            self._grow(total)
        self.counted.emit(total)

    def _grow(self, rows: int) -> None:
        self.beginInsertRows(QModelIndex(), self._rows, rows - 1)
        self._rows = rows
        self.endInsertRows()

    def _failed(self, generation: int, message: str) -> None:
        if generation == self.generation:
            self._pending.clear()
            self._deferred.clear()
            self.failed.emit(message)

    def event_at(self, row: int) -> EventSummary | None:
        page = self._pages.get(row // PAGE)
        if page is None or row % PAGE >= len(page):
            return None
        return page[row % PAGE]

    # -- the model -------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else self._rows

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        row, column = index.row(), index.column()
        event = self.event_at(row)
        if event is None:
            self._want(row // PAGE)
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return "…"
            return None
        self._pages.move_to_end(row // PAGE)
        if role == Qt.ItemDataRole.DisplayRole:
            return event_cells(event)[column] if 0 <= column < len(self.COLUMNS) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return translate("models", "审计序号 #{seq}\n哈希 {hash}").format(
                seq=event.seq, hash=event.hash
            )
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and event.level:
            return QColor(LEVEL_COLOURS.get(event.level, MUTED_COLOUR))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.SeqRole:
            return event.seq
        if role == self.TypeRole:
            return event.type
        return None
