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

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QHeaderView, QInputDialog, QWidget

from tellerguard.domain.events import (
    ExportFormat,
)
from tellerguard.errors import TellerGuardError
from tellerguard.gui.background import Background
from tellerguard.gui.charts import BarChart
from tellerguard.gui.confirmation import write_html_pdf
from tellerguard.gui.errors import UserFacingError, show_error
from tellerguard.gui.forms.ui_supervisor_dialog import Ui_SupervisorDialog
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.gui.log_model import SORT_COLUMNS, LogQuery, LogTableModel
from tellerguard.gui.models import TextTableModel
from tellerguard.gui.style import ERROR_COLOUR, MUTED_COLOUR, OK_COLOUR
from tellerguard.gui.supervisor import (
    EXPORT_FORMATS,
    Query,
    SupervisorPresenter,
    breakdown_choices,
    decision_choices,
    dossier_html,
    export_message,
    level_choices,
    statistics_html,
    tag_choices,
)
from tellerguard.gui.views.operators import OperatorsPage
from tellerguard.gui.views.seals import SealsPage
from tellerguard.services.console import CustomerKey
from tellerguard.services.dossier import Dossier
from tellerguard.services.reports import (
    BREAKDOWN_HEADERS,
    RULE_HEADERS,
    Breakdown,
    BreakdownRow,
    RuleRateRow,
    breakdown_cells,
    rule_cells,
    write_statistics_xlsx,
)
from tellerguard.services.statistics import StatisticsResult

ALL_TYPES = QT_TRANSLATE_NOOP("supervisor_view", "全部类型")
ALL = QT_TRANSLATE_NOOP("supervisor_view", "全部")
"""Shown as ``translate("supervisor_view", ALL_TYPES)``."""


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class SupervisorDialog(QDialog):
    """The 审计与统计 window over a :class:`SupervisorPresenter`: the whole log, lazily."""

    def __init__(self, presenter: SupervisorPresenter, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SupervisorDialog()
        self.ui.setupUi(self)
        self.presenter = presenter
        self.ask_export_path: Callable[[str], Path | None] = self.save_file_dialog
        """Where to write an export (a save dialog; tests replace it)."""
        self.ask_reason: Callable[[str], str | None] = self._ask_reason
        """Why personal data is looked at (a text prompt; tests replace it)."""
        self.customer: CustomerKey | None = None
        start, end = presenter.default_range()
        self.ui.fromDateEdit.setDate(_qdate(start))
        self.ui.toDateEdit.setDate(_qdate(end))
        everything = translate("supervisor_view", ALL)
        self.ui.typeCombo.addItem(translate("supervisor_view", ALL_TYPES), None)
        for name, label in presenter.event_types():
            self.ui.typeCombo.addItem(label, name)
        for combo, choices in (
            (self.ui.levelCombo, level_choices()),
            (self.ui.decisionCombo, decision_choices()),
            (self.ui.tagCombo, tag_choices()),
        ):
            combo.addItem(everything, None)
            for value, label in choices:
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for fmt, label in EXPORT_FORMATS:
            self.ui.formatCombo.addItem(translate("supervisor", label), fmt)
        self.audit_log = presenter.open_log()
        self.model = LogTableModel(self.audit_log, self)
        self.model.counted.connect(self._counted)
        self.model.failed.connect(lambda message: show_error(self, message, self.tr("无法查询")))
        table = self.ui.eventsTable
        table.setModel(self.model)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        for column, width in enumerate((70, 150, 130, 100, 110, 260)):
            table.setColumnWidth(column, width)
        table.selectionModel().currentRowChanged.connect(lambda current, _: self.show_detail())
        self.model.loaded.connect(lambda _page: self.show_detail())
        self.ui.logSplitter.setSizes([820, 420])
        self.ui.statsLabel.setStyleSheet("font-size: 11pt;")
        self.charts = {
            "outcomes": BarChart(self.tr("本期提醒与处置（次）")),
            "levels": BarChart(self.tr("风险评估按等级（次）")),
            "rules": BarChart(self.tr("命中最多的规则（笔，占评估业务比例）")),
        }
        for chart in self.charts.values():
            self.ui.chartRow.addWidget(chart, 1)
        for by, label in breakdown_choices():
            self.ui.breakdownCombo.addItem(label, by)
        self.breakdown_model = TextTableModel(BREAKDOWN_HEADERS, self)
        # The level and the rule id are text, aligned left like the title; the rest are figures.
        self.rules_model = TextTableModel(RULE_HEADERS, self, numeric=frozenset({2, 3, 4, 5}))
        self.ui.breakdownTable.setModel(self.breakdown_model)
        self.ui.rulesTable.setModel(self.rules_model)
        self.ui.statsSplitter.setSizes([620, 620])
        self.ui.breakdownCombo.currentIndexChanged.connect(lambda _i: self.refresh_tables())
        self.ui.statsExportButton.clicked.connect(self.export_statistics)
        self.ui.resultLabel.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.ui.queryButton.clicked.connect(self.refresh)
        self.ui.tellerEdit.returnPressed.connect(self.refresh)
        self.ui.typeCombo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.ui.customerButton.clicked.connect(self.find_customer)
        self.ui.customerEdit.returnPressed.connect(self.find_customer)
        self.ui.clearCustomerButton.clicked.connect(self.clear_customer)
        self.dossier: Dossier | None = None
        self.reprinted: Path | None = None
        self.breakdown_rows: list[BreakdownRow] = []
        self.rule_rows: list[RuleRateRow] = []
        self.ui.dossierButton.clicked.connect(self.open_dossier)
        self.ui.dossierEdit.returnPressed.connect(self.open_dossier)
        self.ui.dossierPdfButton.clicked.connect(self.print_dossier)
        self.ui.dossierExportButton.clicked.connect(self.export_dossier)
        self.ui.reprintButton.clicked.connect(self.reprint)
        self.ask_seq: Callable[[int], int | None] = self._ask_seq
        """Which recorded reminder to reprint (a number prompt; tests replace it)."""
        self._dossier_ready(False)
        self.ui.exportButton.clicked.connect(self.export)
        self.ui.verifyButton.clicked.connect(self.verify)
        self.ui.closeButton.clicked.connect(self.reject)
        # Statistics run on a worker over the window's own read-only connection.
        self.stats_reader = presenter.source.stats_reader()
        self.stats_task = Background("statistics-worker", self)
        self.stats_task.finished.connect(self._show_statistics)
        self.stats_task.failed.connect(self._statistics_failed)
        self._shut = False
        # The console's operator and seal tabs.
        self.operators_page = OperatorsPage(presenter.source, self)
        self.ui.tabs.addTab(self.operators_page, self.tr("操作员"))
        self.seals_page = SealsPage(presenter.source, self)
        self.ui.tabs.addTab(self.seals_page, self.tr("校验与封存"))
        self.seals_page.verified.connect(self._verified)
        self.ui.supervisorLayout.setStretchFactor(self.ui.tabs, 1)
        self.ui.tabs.currentChanged.connect(lambda _index: self._tab_changed())
        self._show_tab_controls()
        self.finished.connect(lambda _result: self.shut())

    def _tab_changed(self) -> None:
        """Another tab: the footer's result line spoke of what was done on the last one (an
        export, a dossier fetched) and would read as this tab's; it is cleared."""
        self.ui.resultLabel.clear()
        self.ui.resultLabel.setStyleSheet(f"color: {MUTED_COLOUR};")
        self._show_tab_controls()

    def _show_tab_controls(self) -> None:
        """The filters above the tabs choose what the log and the statistics show, the
        export below writes the log, its format is also the dossier's: where they would do
        nothing (the dossier, operator and seal tabs) they are hidden, the bar as a whole so
        that no empty band is left above the tabs. The seal tab has its own verification
        and its result: the footer's button and line would say the same twice."""
        current = self.ui.tabs.currentWidget()
        self.ui.filterBar.setVisible(current in (self.ui.logTab, self.ui.statsTab))
        exports = current in (self.ui.logTab, self.ui.dossierTab)
        self.ui.formatLabel.setVisible(exports)
        self.ui.formatCombo.setVisible(exports)
        self.ui.exportButton.setVisible(current is self.ui.logTab)
        seals = current is self.seals_page
        self.ui.verifyButton.setVisible(not seals)
        self.ui.resultLabel.setVisible(not seals)

    def shut(self) -> None:
        """Stop the workers and close the window's read-only connections."""
        if self.model.worker.latest >= 0:
            self.model.close()
            self.audit_log.close()
        if not self._shut:
            self._shut = True
            self.stats_task.close()
            self.stats_reader.close()
            self.seals_page.close_worker()

    # -- reading the filters ----------------------------------------------------------------
    def query(self) -> Query:
        teller = self.ui.tellerEdit.text().strip() or None
        return Query(
            _date(self.ui.fromDateEdit.date()),
            _date(self.ui.toDateEdit.date()),
            self.ui.typeCombo.currentData(),
            teller,
            level=self.ui.levelCombo.currentData(),
            decision=self.ui.decisionCombo.currentData(),
            tag=self.ui.tagCombo.currentData(),
            customer=self.customer,
        )

    def select_type(self, event_type: str | None) -> None:
        self.ui.typeCombo.setCurrentIndex(max(0, self.ui.typeCombo.findData(event_type)))

    # -- actions ----------------------------------------------------------------------------
    def refresh(self) -> bool:
        """Run the query: the log from its first page and the statistics, each on its
        worker (the window stays usable while they run)."""
        query = self.query()
        header = self.ui.eventsTable.horizontalHeader()
        sort = SORT_COLUMNS.get(header.sortIndicatorSection(), "at")
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        try:
            selection = query.log_filter(self.audit_log.head())
        except (UserFacingError, TellerGuardError) as exc:
            show_error(self, exc.message_zh, self.tr("无法查询"))
            return False
        self.ui.eventsLabel.setText(self.tr("审计记录(&E)：查询中…"))
        self.model.start(LogQuery(selection, sort, descending))
        return self.refresh_tables()

    def refresh_tables(self) -> bool:
        """The statistics, their charts and tables (the chosen breakdown and every rule's
        rates), counted on the statistics worker; the newest request wins."""
        query = self.query()
        by: Breakdown = self.ui.breakdownCombo.currentData() or "day"
        reader, titles = self.stats_reader, self.presenter.source.rule_titles()
        self.ui.statsLabel.setText(self.tr("统计中…"))

        def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> object:
            return reader.query(query.date_from, query.date_to, by, titles)

        self.stats_task.start(job)
        return True

    def _show_statistics(self, result: StatisticsResult) -> None:
        stats = result.statistics
        self.ui.statsLabel.setText(statistics_html(stats, self.presenter.source.rule_titles()))
        nothing = self.tr("本期没有记录")
        for name, bars in self.presenter.charts(stats).items():
            self.charts[name].set_bars(bars, empty_text=nothing)
        self.breakdown_rows = result.breakdown
        self.rule_rows = result.rules
        self.breakdown_model.set_rows([breakdown_cells(row) for row in self.breakdown_rows])
        self.rules_model.set_rows([rule_cells(row) for row in self.rule_rows])
        self.ui.rulesTable.resizeColumnsToContents()
        # Long titles elide rather than push the rates out of sight.
        self.ui.rulesTable.setColumnWidth(0, min(self.ui.rulesTable.columnWidth(0), 240))
        self.ui.breakdownTable.resizeColumnsToContents()

    def _statistics_failed(self, message: str) -> None:
        self.ui.statsLabel.setText(message)
        show_error(self, message, self.tr("无法统计"))

    def export_statistics(self) -> None:
        if self.stats_task.running:  # the tables shown are not yet those of the filters
            show_error(self, self.tr("统计尚未完成，请稍候再导出"), self.tr("无法导出"))
            return
        query = self.query()
        by: Breakdown = self.ui.breakdownCombo.currentData() or "day"
        out = self.ask_export_path(
            self.tr("网点统计_{date_from}_{date_to}.xlsx").format(
                date_from=query.date_from.isoformat(), date_to=query.date_to.isoformat()
            )
        )
        if out is None:
            return
        try:
            out = write_statistics_xlsx(out, by, self.breakdown_rows, self.rule_rows)
        except TellerGuardError as exc:
            show_error(self, exc.message_zh, self.tr("无法导出"))
            return
        self._result(self.tr("统计表已导出：{path}").format(path=out), OK_COLOUR)

    def _counted(self, total: int) -> None:
        who = (
            self.tr("客户 {customer} 的").format(customer=self.customer.masked)
            if self.customer
            else ""
        )
        self.ui.eventsLabel.setText(
            self.tr("审计记录(&E)：{who}共 {count} 条（滚动即加载，不设上限）").format(
                who=who, count=f"{total:,}"
            )
        )

    def find_customer(self) -> None:
        """Filter on a customer by full ID or card number; asks why first (recorded)."""
        number = self.ui.customerEdit.text().strip()
        if not number:
            show_error(self, self.tr("请输入客户完整证件号或卡号"), self.tr("无法查询"))
            return
        reason = self.ask_reason(self.tr("查询客户 {number} 的审计记录").format(number="…"))
        if not reason:
            return
        try:
            self.customer = self.presenter.find_customer(number, reason)
        except UserFacingError as exc:
            show_error(self, exc.message_zh, self.tr("无法查询"))
            return
        # The full number leaves the screen once it has been turned into its lookup hashes.
        self.ui.customerEdit.clear()
        self.ui.customerEdit.setPlaceholderText(self.customer.masked)
        self.refresh()

    def clear_customer(self) -> None:
        self.customer = None
        self.ui.customerEdit.clear()
        self.ui.customerEdit.setPlaceholderText(self.tr("完整证件号或卡号"))
        self.refresh()

    def show_detail(self) -> None:
        index = self.ui.eventsTable.currentIndex()
        seq = index.data(LogTableModel.SeqRole) if index.isValid() else None
        if seq is None:
            return
        try:
            self.ui.detailBrowser.setHtml(self.presenter.detail(int(seq)))
        except UserFacingError as exc:
            self.ui.detailBrowser.setPlainText(exc.message_zh)

    # -- 倒查 dossier ------------------------------------------------------------------------
    def _dossier_ready(self, ready: bool) -> None:
        self.ui.dossierPdfButton.setEnabled(ready)
        self.ui.dossierExportButton.setEnabled(ready)
        self.ui.reprintButton.setEnabled(ready and self._last_reminder() is not None)

    def _last_reminder(self) -> int | None:
        seqs = [
            event.seq
            for case in (self.dossier.cases if self.dossier else [])
            for event in case.events
            if event.type == "reminder_completed"
        ]
        return max(seqs) if seqs else None

    def reprint(self) -> None:
        """补打: the confirmation of a recorded reminder again, marked and recorded."""
        default = self._last_reminder()
        if default is None:
            return
        seq = self.ask_seq(default)
        if seq is None:
            return
        reason = self.ask_reason(self.tr("补打确认书"))
        if not reason:
            return
        try:
            path = self.presenter.source.reprint_confirmation(seq, reason)
        except UserFacingError as exc:
            show_error(self, exc.message_zh, self.tr("无法补打"))
            return
        self.reprinted = path
        self._result(self.tr("确认书已补打：{path}").format(path=path), OK_COLOUR)

    def _ask_seq(self, default: int) -> int | None:
        value, ok = QInputDialog.getInt(
            self, self.tr("补打确认书"), self.tr("二次提醒的审计序号："), default, 1
        )
        return value if ok else None

    def open_dossier(self) -> None:
        """Everything about a customer or a case; asks why first (recorded)."""
        subject = self.ui.dossierEdit.text().strip()
        if not subject:
            show_error(self, self.tr("请输入客户完整证件号、卡号或业务编号"), self.tr("无法调取"))
            return
        reason = self.ask_reason(self.tr("调取倒查档案"))
        if not reason:
            return
        try:
            self.dossier = self.presenter.source.dossier(subject, reason)
        except UserFacingError as exc:
            show_error(self, exc.message_zh, self.tr("无法调取"))
            return
        self.ui.dossierEdit.clear()  # the full number leaves the screen
        self.ui.dossierBrowser.setHtml(dossier_html(self.dossier))
        self._dossier_ready(bool(self.dossier.cases))
        self._result(
            self.tr("档案已调取：{cases} 笔业务，调取记录为审计事件 #{seq}").format(
                cases=len(self.dossier.cases), seq=self.dossier.receipt.seq
            ),
            OK_COLOUR,
        )

    def print_dossier(self) -> None:
        if self.dossier is None:
            return
        name = self.tr("倒查档案_{seq}.pdf").format(seq=self.dossier.receipt.seq)
        out = self.ask_export_path(name)
        if out is None:
            return
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        if out.exists():
            show_error(self, self.tr("文件已存在，请换一个文件名"), self.tr("无法打印"))
            return
        write_html_pdf(dossier_html(self.dossier), out, self.tr("倒查档案"))
        self._result(self.tr("档案已写入 PDF：{path}").format(path=out), OK_COLOUR)

    def export_dossier(self) -> None:
        if self.dossier is None:
            return
        fmt: ExportFormat = self.ui.formatCombo.currentData()
        name = self.tr("倒查档案_{seq}_{format}.zip").format(
            seq=self.dossier.receipt.seq, format=fmt
        )
        out = self.ask_export_path(name)
        if out is None:
            return
        if out.suffix.lower() != ".zip":
            out = out.with_name(out.name + ".zip")
        try:
            outcome = self.presenter.source.export_dossier(self.dossier, fmt, out)
        except UserFacingError as exc:
            show_error(self, exc.message_zh, self.tr("无法导出"))
            return
        self._result(export_message(outcome), OK_COLOUR)

    def _ask_reason(self, title: str) -> str | None:
        text, ok = QInputDialog.getText(
            self, title, self.tr("查看客户信息须登记原因（将记入审计记录）：")
        )
        return text.strip() if ok and text.strip() else None

    def save_file_dialog(self, suggested: str) -> Path | None:
        """Where to save a file the console writes: the dialog's title and file filter
        follow what is written (an export bundle, the dossier's PDF, the statistics'
        workbook), read from the suggested name's ending."""
        suffix = Path(suggested).suffix.lower()
        title, kind = {
            ".pdf": (self.tr("保存 PDF 文件"), self.tr("PDF 文件 (*.pdf)")),
            ".xlsx": (self.tr("导出统计表"), self.tr("Excel 工作簿 (*.xlsx)")),
        }.get(suffix, (self.tr("导出审计记录（脱敏）"), self.tr("导出包 (*.zip)")))
        name, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / suggested), kind)
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
        """Verify on the 校验与封存 tab's worker, with its progress bar and cancel."""
        self.ui.tabs.setCurrentWidget(self.seals_page)
        self.seals_page.start_verify()
        self._result(self.tr("正在校验审计链…"), MUTED_COLOUR)

    def _verified(self, ok: bool, message: str) -> None:
        self._result(message, OK_COLOUR if ok else ERROR_COLOUR)
        if not ok:
            show_error(self, message, self.tr("审计链校验未通过"))
        self.refresh()

    def _result(self, text: str, colour: str) -> None:
        self.ui.resultLabel.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.ui.resultLabel.setText(text)
