"""校验与封存 — the console's verification and seal tab: verify the whole chain on a worker
thread with a progress bar and a cancel button (the window stays usable), seal everything
recorded so far, list the last seals with whether the store still matches each, and export
a seal's signed checkpoint for keeping outside the PC.

Keyboard: Alt+K start, Alt+C cancel, Alt+S seal, Alt+L the seals, Alt+X export.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHeaderView, QWidget

from tellerguard.gui.background import Background
from tellerguard.gui.console_admin import (
    SEAL_HEADERS,
    SealsSource,
    checkpoint_message,
    progress_text,
    seal_cells,
    seal_message,
    seals_summary,
)
from tellerguard.gui.errors import UserFacingError, show_error
from tellerguard.gui.forms.ui_seals_page import Ui_SealsPage
from tellerguard.gui.i18n import translate
from tellerguard.gui.models import TextTableModel
from tellerguard.gui.style import ERROR_COLOUR, MUTED_COLOUR, OK_COLOUR
from tellerguard.gui.supervisor import verify_message
from tellerguard.services.seals import SealStatus


class SealsPage(QWidget):
    """The 校验与封存 tab of the console."""

    verified = Signal(bool, str)
    """A verification finished and was recorded: whether it passed, the sentence shown."""

    def __init__(self, source: SealsSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SealsPage()
        self.ui.setupUi(self)
        self.source = source
        self.seals: list[SealStatus] = []
        self.ask_path: Callable[[str], Path | None] = self._ask_path
        """Where to write a checkpoint copy (a save dialog; tests replace it)."""
        self.task = Background("verify-worker", self)
        self.task.progressed.connect(self._progressed)
        self.task.finished.connect(self._verified)
        self.task.failed.connect(self._failed)
        self.task.cancelled.connect(self._cancelled)
        self.model = TextTableModel(
            tuple(translate("console_admin", h) for h in SEAL_HEADERS),
            self,
            numeric=frozenset({0, 2}),
        )
        table = self.ui.sealsTable
        table.setModel(self.model)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)  # the table fills its pane
        table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._enable())
        self.ui.startVerifyButton.clicked.connect(self.start_verify)
        self.ui.cancelVerifyButton.clicked.connect(self.cancel_verify)
        self.ui.sealButton.clicked.connect(self.seal)
        self.ui.exportCheckpointButton.clicked.connect(self.export_checkpoint)
        self.ui.verifyProgress.setRange(0, 1)
        self.ui.verifyProgress.setValue(0)
        self.ui.verifyLabel.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.ui.verifyLabel.setText(
            self.tr("重新计算整条哈希链并核对每个封存；校验期间窗口可照常使用，可随时取消。")
        )
        self.refresh()

    def close_worker(self) -> None:
        self.task.close()

    # -- verification -----------------------------------------------------------------------
    @property
    def verifying(self) -> bool:
        return self.task.running

    def start_verify(self) -> None:
        if self.task.running:
            return
        try:
            job = self.source.verification()
        except UserFacingError as exc:
            show_error(self, exc.message_zh, self.tr("无法校验"))
            return
        self.ui.verifyProgress.setRange(0, 0)  # busy until the first count arrives
        self.ui.verifyLabel.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.ui.verifyLabel.setText(
            self.tr("另一项校验正在进行，本次校验将在其完成后开始…")
            if self.source.verification_running()
            else self.tr("正在校验…")
        )
        self.task.start(job)
        self._enable()

    def cancel_verify(self) -> None:
        if self.task.running:
            self.task.cancel()
            self.ui.verifyLabel.setText(self.tr("正在取消…"))

    def _progressed(self, done: int, total: int) -> None:
        self.ui.verifyProgress.setRange(0, max(1, total))
        self.ui.verifyProgress.setValue(min(done, max(1, total)))
        self.ui.verifyLabel.setText(progress_text(done, total))

    def _verified(self, report: Any) -> None:
        self._enable()
        try:
            ok, message = verify_message(self.source.record_verification(report))
        except UserFacingError as exc:
            self._failed(exc.message_zh)
            return
        self.ui.verifyProgress.setRange(0, 1)
        self.ui.verifyProgress.setValue(1)
        self.ui.verifyLabel.setStyleSheet(
            f"color: {OK_COLOUR if ok else ERROR_COLOUR}; font-weight: bold;"
        )
        self.ui.verifyLabel.setText(message)
        self.refresh()
        self.verified.emit(ok, message)

    def _cancelled(self) -> None:
        self._enable()
        self.ui.verifyProgress.setRange(0, 1)
        self.ui.verifyProgress.setValue(0)
        self.ui.verifyLabel.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.ui.verifyLabel.setText(self.tr("校验已取消，未得出结论，也未记录校验结果"))

    def _failed(self, message: str) -> None:
        self._enable()
        self.ui.verifyProgress.setRange(0, 1)
        self.ui.verifyProgress.setValue(0)
        self.ui.verifyLabel.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        self.ui.verifyLabel.setText(message)

    # -- seals ------------------------------------------------------------------------------
    def refresh(self) -> bool:
        try:
            self.seals = self.source.recent_seals()
        except UserFacingError as exc:
            self._result(exc.message_zh, ERROR_COLOUR)
            return False
        self.model.set_rows([seal_cells(seal) for seal in self.seals])
        if self.seals:
            self.ui.sealsTable.selectRow(0)
        bad = any(not seal.ok for seal in self.seals)
        self.ui.sealsLabel.setText(
            self.tr("最近的封存(&L)：{summary}").format(summary=seals_summary(self.seals))
        )
        self.ui.sealsLabel.setStyleSheet(f"color: {ERROR_COLOUR};" if bad else "")
        self._enable()
        return True

    def selected(self) -> SealStatus | None:
        index = self.ui.sealsTable.currentIndex()
        if not index.isValid() or not 0 <= index.row() < len(self.seals):
            return None
        return self.seals[index.row()]

    def _enable(self) -> None:
        running = self.task.running
        self.ui.startVerifyButton.setEnabled(not running)
        self.ui.cancelVerifyButton.setEnabled(running)
        seal = self.selected()
        self.ui.exportCheckpointButton.setEnabled(seal is not None and seal.ok)

    def seal(self) -> None:
        try:
            result = self.source.seal_now()
        except UserFacingError as exc:
            show_error(self, exc.message_zh, self.tr("无法封存"))
            return
        self.refresh()
        self._result(seal_message(result), OK_COLOUR)

    def export_checkpoint(self) -> None:
        seal = self.selected()
        if seal is None:
            return
        suggested = self.tr("检查点_{day}_{seq}.json").format(day=seal.day, seq=seal.seq)
        out = self.ask_path(suggested)
        if out is None:
            return
        if out.suffix.lower() != ".json":
            out = out.with_name(out.name + ".json")
        try:
            path = self.source.export_checkpoint(seal.event_seq, out)
        except UserFacingError as exc:
            show_error(self, exc.message_zh, self.tr("无法导出"))
            return
        self._result(checkpoint_message(path), OK_COLOUR)

    def _ask_path(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("导出检查点（离机保管）"),
            str(Path.home() / suggested),
            self.tr("检查点 (*.json)"),
        )
        return Path(name) if name else None

    def _result(self, text: str, colour: str) -> None:
        self.ui.resultLabel.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.ui.resultLabel.setText(text)
