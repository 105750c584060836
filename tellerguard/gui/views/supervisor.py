"""主管查询 — 审计与统计: the supervisor browses the audit log (masked), sees what the branch
stopped, exports for inspectors and verifies the chain, without leaving the counter app.

Keyboard: Alt+F / Alt+T the dates, Alt+Y the event type, Alt+O the operator, Alt+Q (or Enter
in the operator field) runs the query, Alt+E the table, Alt+M / Alt+X export, Alt+V verify,
Esc closes. The presenter does the work; this class only reads and fills widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QWidget

from tellerguard.domain.events import (
    ExportFormat,
)
from tellerguard.gui.errors import UserFacingError, show_error
from tellerguard.gui.forms.ui_supervisor_dialog import Ui_SupervisorDialog
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.gui.models import EventTableModel
from tellerguard.gui.style import ERROR_COLOUR, MUTED_COLOUR, OK_COLOUR
from tellerguard.gui.supervisor import EXPORT_FORMATS, Query, SupervisorPresenter

ALL_TYPES = QT_TRANSLATE_NOOP("supervisor_view", "全部类型")
"""Shown as ``translate("supervisor_view", ALL_TYPES)``."""


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class SupervisorDialog(QDialog):
    """The 审计与统计 window over a :class:`SupervisorPresenter`."""

    def __init__(self, presenter: SupervisorPresenter, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SupervisorDialog()
        self.ui.setupUi(self)
        self.presenter = presenter
        self.ask_export_path: Callable[[str], Path | None] = self._ask_export_path
        """Where to write an export (a save dialog; tests replace it)."""
        start, end = presenter.default_range()
        self.ui.fromDateEdit.setDate(_qdate(start))
        self.ui.toDateEdit.setDate(_qdate(end))
        self.ui.typeCombo.addItem(translate("supervisor_view", ALL_TYPES), None)
        for name, label in presenter.event_types():
            self.ui.typeCombo.addItem(label, name)
        for fmt, label in EXPORT_FORMATS:
            self.ui.formatCombo.addItem(translate("supervisor", label), fmt)
        self.model = EventTableModel(self)
        table = self.ui.eventsTable
        table.setModel(self.model)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((70, 160, 140, 110, 120, 330)):
            table.setColumnWidth(column, width)
        self.ui.statsLabel.setStyleSheet("font-size: 11pt;")
        self.ui.resultLabel.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.ui.queryButton.clicked.connect(self.refresh)
        self.ui.tellerEdit.returnPressed.connect(self.refresh)
        self.ui.typeCombo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.ui.exportButton.clicked.connect(self.export)
        self.ui.verifyButton.clicked.connect(self.verify)
        self.ui.closeButton.clicked.connect(self.reject)
        self.ui.supervisorLayout.setStretchFactor(self.ui.eventsTable, 1)

    # -- reading the filters ----------------------------------------------------------------
    def query(self) -> Query:
        teller = self.ui.tellerEdit.text().strip() or None
        return Query(
            _date(self.ui.fromDateEdit.date()),
            _date(self.ui.toDateEdit.date()),
            self.ui.typeCombo.currentData(),
            teller,
        )

    def select_type(self, event_type: str | None) -> None:
        self.ui.typeCombo.setCurrentIndex(max(0, self.ui.typeCombo.findData(event_type)))

    # -- actions ----------------------------------------------------------------------------
    def refresh(self) -> bool:
        """Run the query: the events of the filters and the range's statistics."""
        query = self.query()
        try:
            events = self.presenter.events(query)
            stats = self.presenter.statistics(query)
        except UserFacingError as exc:
            show_error(self, exc.message_zh, self.tr("无法查询"))
            return False
        self.model.set_events(events)
        self.ui.statsLabel.setText(stats)
        shown = (
            self.tr("显示最近 {count} 条").format(count=len(events))
            if len(events) >= self.presenter.limit
            else self.tr("共 {count} 条").format(count=len(events))
        )
        self.ui.eventsLabel.setText(self.tr("审计记录(&E)：{shown}").format(shown=shown))
        return True

    def _ask_export_path(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("导出审计记录（脱敏）"),
            str(Path.home() / suggested),
            self.tr("导出包 (*.zip)"),
        )
        return Path(name) if name else None

    def export(self) -> None:
        query = self.query()
        fmt: ExportFormat = self.ui.formatCombo.currentData()
        out = self.ask_export_path(self.presenter.default_export_name(query, fmt))
        if out is None:
            return
        if out.suffix.lower() != ".zip":
            out = out.with_name(out.name + ".zip")
        try:
            message = self.presenter.export(query, fmt, out)
        except UserFacingError as exc:
            show_error(self, exc.message_zh, self.tr("无法导出"))
            return
        self._result(message, OK_COLOUR)
        self.refresh()

    def verify(self) -> None:
        try:
            ok, message = self.presenter.verify()
        except UserFacingError as exc:
            show_error(self, exc.message_zh, self.tr("无法校验"))
            return
        self._result(message, OK_COLOUR if ok else ERROR_COLOUR)
        if not ok:
            show_error(self, message, self.tr("审计链校验未通过"))
        self.refresh()

    def _result(self, text: str, colour: str) -> None:
        self.ui.resultLabel.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.ui.resultLabel.setText(text)
