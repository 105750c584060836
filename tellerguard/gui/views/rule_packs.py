"""规则包管理: the rule administrator opens a new pack folder or edits the branch parameters,
checks it (problems with file:line, the pack's examples, the diff, the replay), asks for its
activation; a second person approves or rejects it with their own password typed here.

Keyboard: Alt+D the folder, Alt+O browse, Alt+N the replay size, Alt+C check, Alt+R the
reason, Alt+S request, Alt+U / Alt+P the approver, Alt+A approve, Alt+J reject, Alt+W
withdraw, Esc closes. The presenter does the work; this class only reads and fills widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHeaderView,
    QTableWidgetItem,
    QWidget,
)

from tellerguard.config import ParamValue
from tellerguard.errors import TellerGuardError
from tellerguard.gui.errors import show_error
from tellerguard.gui.forms.ui_rule_pack_dialog import Ui_RulePackDialog
from tellerguard.gui.i18n import translate
from tellerguard.gui.rule_packs import (
    ParamRow,
    RulePackPresenter,
    pack_text,
    parse_value,
    proposal_html,
    request_cells,
)
from tellerguard.gui.style import ERROR_COLOUR, OK_COLOUR
from tellerguard.services.rule_changes import PackRequest, Proposal

BRANCH_COLUMN = 4
log = logging.getLogger("tellerguard.gui.rule_packs")


class CheckWorker(QThread):
    """Runs one check (load, examples, diff, replay of up to thousands of cases) off the
    window's thread, so the counter's window keeps painting while it runs."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Callable[[], Proposal], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job

    def run(self) -> None:
        try:
            self.done.emit(self.job())
        except TellerGuardError as exc:
            self.failed.emit(exc.message_zh)
        except Exception:  # a bug: logged with its traceback, the screen says so
            log.exception("rule pack check failed")
            self.failed.emit(
                translate("rule_packs_view", "检查时出现程序错误，已记录日志，请联系技术支持")
            )


class RulePackDialog(QDialog):
    """The rule pack screen over a :class:`RulePackPresenter`."""

    activated = Signal()
    """An approved change is in force (the main window names the new pack)."""

    def __init__(self, presenter: RulePackPresenter, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RulePackDialog()
        self.ui.setupUi(self)
        self.presenter = presenter
        self.ask_folder: Callable[[], Path | None] = self._ask_folder
        """Which folder to open (a folder dialog; tests replace it)."""
        self.proposal: Proposal | None = None
        self.rows: list[ParamRow] = []
        self.requests: list[PackRequest] = []
        self.shown = ""
        self.worker: CheckWorker | None = None
        """The check under way, if any."""
        """The last check as shown (results of requests and approvals go above it)."""
        self.ui.mainSplitter.setSizes([540, 700])
        header = self.ui.paramsTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((140, 150, 70, 80)):
            self.ui.paramsTable.setColumnWidth(column, width)
        for column, width in enumerate((60, 80, 120, 260, 130)):
            self.ui.pendingTable.setColumnWidth(column, width)
        self.ui.browseButton.clicked.connect(self.browse)
        self.ui.checkButton.clicked.connect(self.check)
        self.ui.requestButton.clicked.connect(self.request)
        self.ui.approveButton.clicked.connect(self.approve)
        self.ui.rejectButton.clicked.connect(self.reject_request)
        self.ui.withdrawButton.clicked.connect(self.withdraw)
        self.ui.closeButton.clicked.connect(self.close)
        # Enter in the approver's fields approves (no button is a default: Enter elsewhere
        # does nothing rather than open a folder or send a request).
        self.ui.approverEdit.returnPressed.connect(self.ui.approverPasswordEdit.setFocus)
        self.ui.approverPasswordEdit.returnPressed.connect(self.approve)
        self.ui.paramsTable.itemChanged.connect(lambda _item: self._stale())
        self.ui.folderEdit.textEdited.connect(lambda _text: self._stale())
        self.ui.requestButton.setEnabled(False)
        self.refresh()

    # -- filling ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """The pack in force, its parameters and the pending requests, read again."""
        self.ui.activeLabel.setText(self.presenter.active_text())
        self.fill_params(None)
        self.fill_pending()

    def fill_params(self, folder: Path | None) -> None:
        try:
            self.rows = self.presenter.param_rows(folder)
        except TellerGuardError:
            return  # the check lists the pack's problems
        table = self.ui.paramsTable
        table.blockSignals(True)
        table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            cells = (row.name, row.title, row.default, row.bounds, row.branch)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if column == BRANCH_COLUMN and row.editable:
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
                if column == 1:
                    item.setToolTip(row.title)
                table.setItem(index, column, item)
        table.blockSignals(False)

    def fill_pending(self) -> None:
        try:
            self.requests = self.presenter.pending()
        except TellerGuardError as exc:
            self.requests = []
            self.ui.pendingGroup.setToolTip(exc.message_zh)
        table = self.ui.pendingTable
        table.setRowCount(len(self.requests))
        for index, request in enumerate(self.requests):
            for column, text in enumerate(request_cells(request)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(index, column, item)
        if self.requests:
            table.selectRow(0)
        for button in (self.ui.approveButton, self.ui.rejectButton, self.ui.withdrawButton):
            button.setEnabled(bool(self.requests))

    def _stale(self) -> None:
        """Anything edited since the check: it must be checked (and replayed) again."""
        self.proposal = None
        self.ui.requestButton.setEnabled(False)

    def _say(self, text: str, ok: bool) -> None:
        """A result above the check it follows (the check stays readable below it)."""
        colour = OK_COLOUR if ok else ERROR_COLOUR
        self.ui.reportBrowser.setHtml(f'<p style="color:{colour}"><b>{text}</b></p>' + self.shown)

    # -- reading ---------------------------------------------------------------------------
    def folder(self) -> Path:
        text = self.ui.folderEdit.text().strip()
        return Path(text) if text else self.presenter.in_force().pack.path

    def params(self) -> dict[str, ParamValue]:
        """The branch values typed in the table (an empty cell: the pack's default)."""
        values: dict[str, ParamValue] = {}
        for index, row in enumerate(self.rows):
            item = self.ui.paramsTable.item(index, BRANCH_COLUMN)
            text = item.text().strip() if item else ""
            if not text:
                continue
            if not row.editable:
                current = self.presenter.in_force().params.get(row.name)
                if current is not None:
                    values[row.name] = current
                continue
            try:
                values[row.name] = parse_value(row.type, text)
            except ValueError as exc:
                raise TellerGuardError(
                    f"params.{row.name}: {exc}",
                    self.tr("参数“{title}”：{problem}").format(title=row.title, problem=exc),
                ) from None
        return values

    # -- actions ---------------------------------------------------------------------------
    def _ask_folder(self) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("选择规则包文件夹"))
        return Path(chosen) if chosen else None

    def browse(self) -> None:
        folder = self.ask_folder()
        if folder is None:
            return
        self.ui.folderEdit.setText(str(folder))
        self.fill_params(folder)
        self._stale()

    def check(self) -> None:
        """Start the check on a worker; the buttons wait for its answer."""
        if self.worker is not None:
            return
        try:
            folder, params, last = self.folder(), self.params(), self.ui.lastSpin.value()
        except TellerGuardError as exc:
            self.ui.reportBrowser.setHtml(f'<p style="color:{ERROR_COLOUR}">{exc.message_zh}</p>')
            return
        self._stale()
        self.ui.reportBrowser.setHtml(
            self.tr("<p>正在检查并回放最近 {last} 笔业务…</p>").format(last=last)
        )
        self.ui.checkButton.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        worker = CheckWorker(lambda: self.presenter.check(folder, params, last), self)
        worker.done.connect(self._checked)
        worker.failed.connect(self._check_failed)
        worker.finished.connect(self._worker_finished)
        self.worker = worker
        worker.start()

    def _checked(self, proposal: Proposal) -> None:
        self.proposal = proposal
        self.shown = proposal_html(proposal)
        self.ui.reportBrowser.setHtml(self.shown)
        self.ui.requestButton.setEnabled(proposal.ok)

    def _check_failed(self, message: str) -> None:
        self.ui.reportBrowser.setHtml(f'<p style="color:{ERROR_COLOUR}">{message}</p>')

    def _worker_finished(self) -> None:
        QApplication.restoreOverrideCursor()
        self.ui.checkButton.setEnabled(True)
        if self.worker is not None:
            self.worker.deleteLater()
        self.worker = None

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.worker is not None:  # a check under way finishes before the window goes
            self.worker.wait()
            QApplication.processEvents()
        super().closeEvent(event)

    def request(self) -> None:
        if self.proposal is None:
            return
        try:
            request = self.presenter.request(
                self.proposal, self.ui.reasonEdit.text().strip(), self.ui.lastSpin.value()
            )
        except TellerGuardError as exc:
            show_error(self, exc.message_zh, self.tr("不能提交申请"))
            return
        self._stale()
        self._say(
            self.tr("已提交启用申请 #{seq}，须另一位有审批权限的人员批准后生效").format(
                seq=request.seq
            ),
            True,
        )
        self.fill_pending()

    def selected(self) -> PackRequest | None:
        row = self.ui.pendingTable.currentRow()
        return self.requests[row] if 0 <= row < len(self.requests) else None

    def _checker(self) -> tuple[str, str] | None:
        username = self.ui.approverEdit.text().strip()
        password = self.ui.approverPasswordEdit.text()
        if not username or not password:
            show_error(self, self.tr("请审批人输入本人的用户名和密码"), self.tr("需要审批人"))
            return None
        return username, password

    def approve(self) -> None:
        request, checker = self.selected(), self._checker()
        if request is None or checker is None:
            return
        self.ui.approverPasswordEdit.clear()
        try:
            activated = self.presenter.approve(request.seq, *checker)
        except TellerGuardError as exc:
            show_error(self, exc.message_zh, self.tr("未能批准"))
            self.fill_pending()
            return
        self.refresh()
        self._say(
            self.tr("申请 #{seq} 已批准，自记录 #{event} 起生效的是：规则包 {pack}").format(
                seq=request.seq, pack=pack_text(activated.pack), event=activated.receipt.seq
            ),
            True,
        )
        self.activated.emit()

    def reject_request(self) -> None:
        request, checker = self.selected(), self._checker()
        if request is None or checker is None:
            return
        self.ui.approverPasswordEdit.clear()
        try:
            self.presenter.reject(request.seq, *checker, self.ui.rejectReasonEdit.text())
        except TellerGuardError as exc:
            show_error(self, exc.message_zh, self.tr("未能驳回"))
            self.fill_pending()
            return
        self.fill_pending()
        self._say(self.tr("申请 #{seq} 已驳回").format(seq=request.seq), True)

    def withdraw(self) -> None:
        request = self.selected()
        if request is None:
            return
        try:
            self.presenter.withdraw(request.seq)
        except TellerGuardError as exc:
            show_error(self, exc.message_zh, self.tr("未能撤回"))
            return
        self.fill_pending()
        self._say(self.tr("申请 #{seq} 已撤回").format(seq=request.seq), True)
