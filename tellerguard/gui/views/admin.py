"""操作员与封存: the system administrator's screen. The administrator does not work at the
counter and may not browse the audit log (审计与统计 is the supervisor's), but manages the
operators and verifies and seals the audit log; this window holds the console's 操作员 and
校验与封存 pages over the same session.

Keyboard: Ctrl+Tab / Ctrl+Shift+Tab switch pages, Esc closes.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from tellerguard.gui.console_admin import OperatorsSource, SealsSource
from tellerguard.gui.views.operators import OperatorsPage
from tellerguard.gui.views.seals import SealsPage


class AdminSource(OperatorsSource, SealsSource, Protocol):
    """What both pages ask the session for."""


class AdminDialog(QDialog):
    """The operators page and the seals page, for an operator who may manage operators."""

    def __init__(self, source: AdminSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("操作员与封存"))
        self.tabs = QTabWidget(self)
        self.operators_page = OperatorsPage(source, self)
        self.tabs.addTab(self.operators_page, self.tr("操作员"))
        self.seals_page = SealsPage(source, self)
        self.tabs.addTab(self.seals_page, self.tr("校验与封存"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)  # Enter in a page's field does not close the window
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def shut(self) -> None:
        """Stop a verification under way (the window is going)."""
        self.seals_page.close_worker()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shut()
        super().closeEvent(event)
