"""主管查询 — 审计与统计 on a real demo store: a supervisor opens it from the menu, sees the
events and statistics the store really holds, filters, exports and verifies; a teller cannot
open it. The expected figures are counted straight from the store file (read-only SQL)."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from tellerguard.audit.export import read_manifest
from tellerguard.gui.models import EventTableModel
from tellerguard.gui.session import Session
from tellerguard.gui.shell import Shell
from tellerguard.gui.views.supervisor import SupervisorDialog

from .conftest import BUSINESS_DATE, DialogDriver
from .test_scenarios import log_in

pytestmark = pytest.mark.gui

SINCE = date(2020, 1, 1)


def count(session: Session, where: str) -> int:
    """Count straight from the store file, read-only, independently of the services."""
    path = session.settings.database_path
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return int(db.execute(f"SELECT count(*) FROM events WHERE {where}").fetchone()[0])


def open_dialog(qtbot: Any, shell: Shell) -> SupervisorDialog:
    window = shell.window
    assert window is not None and window.ui.actionSupervisor.isEnabled()
    QTest.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = shell.supervisor_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def whole_store(dialog: SupervisorDialog) -> None:
    """Widen the range to every demo event (they run up to the test clock's present)."""
    dialog.ui.fromDateEdit.setDate(QDate(SINCE.year, SINCE.month, SINCE.day))
    today = BUSINESS_DATE
    dialog.ui.toDateEdit.setDate(QDate(today.year, today.month, today.day))
    QTest.keyClick(dialog.ui.tellerEdit, Qt.Key.Key_Return)


def test_a_supervisor_browses_filters_exports_and_verifies(
    qtbot: Any, qtmodeltester: Any, session: Session, dialogs: DialogDriver, tmp_path: Path
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "supervisor01", "Super#2026")
    dialog = open_dialog(qtbot, shell)
    # Default range: this month up to the business date.
    assert dialog.query().date_from == BUSINESS_DATE.replace(day=1)
    assert dialog.query().date_to == BUSINESS_DATE

    whole_store(dialog)
    model = dialog.model
    assert isinstance(model, EventTableModel)
    qtmodeltester.check(model)
    total = count(session, "1")
    assert model.rowCount() == min(total, 500)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "序号",
        "时间",
        "类型",
        "柜员",
        "结果/客户决定",
        "客户(脱敏)",
        "风险等级",
    ]
    assert model.index(0, 0).data() == str(total)  # newest first
    # Customers appear masked only.
    customers = [model.index(r, 5).data() for r in range(model.rowCount())]
    assert any("*" in c for c in customers)
    assert not any(re.search(r"\d{17}[\dX]|\d{11}", c) for c in customers)

    stats = dialog.ui.statsLabel.text()
    dissuaded = count(session, "type = 'reminder_completed' AND decision = 'dissuaded'")
    refused = count(session, "type = 'business_refused'")
    authorized = count(session, "type = 'supervisor_authorized'")
    assert dissuaded + refused > 0  # the demo stops some fraud
    assert f"劝阻成功 <b>{dissuaded}</b> 起" in stats
    assert f"拒绝办理 <b>{refused}</b> 起" in stats
    assert f"主管授权 <b>{authorized}</b> 次" in stats
    # Rules are named by their Chinese titles, never by their ids.
    assert "命中最多的规则：" in stats
    assert not re.search(r"[A-Z]{2,}-[A-Z]", stats), stats

    # Filter by type with the keyboard: the combo lists Chinese labels.
    combo = dialog.ui.typeCombo
    combo.setFocus()
    index = combo.findText("拒绝办理")
    assert index > 0 and combo.itemData(index) == "business_refused"
    combo.setCurrentIndex(index)
    assert model.rowCount() == refused
    assert {model.index(r, 2).data() for r in range(model.rowCount())} <= {"拒绝办理"}
    assert all(
        model.index(r, 0).data(EventTableModel.TypeRole) == "business_refused"
        for r in range(model.rowCount())
    )

    # Export what is shown (masked), with the supervisor's own session.
    out = tmp_path / "inspection.zip"
    dialog.ask_export_path = lambda suggested: out
    dialog.ui.formatCombo.setCurrentIndex(dialog.ui.formatCombo.findData("csv"))
    QTest.mouseClick(dialog.ui.exportButton, Qt.MouseButton.LeftButton)
    assert out.is_file() and zipfile.is_zipfile(out)
    manifest = read_manifest(out)
    assert manifest["rows"] == refused and manifest["exported_by"] == "supervisor01"
    assert "已导出" in dialog.ui.resultLabel.text()
    assert count(session, "type = 'export_written' AND operator = 'supervisor01'") == 1

    # Verify the chain (from the keyboard: focus the button, Space).
    dialog.ui.verifyButton.setFocus()
    QTest.keyClick(dialog.ui.verifyButton, Qt.Key.Key_Space)
    assert dialog.ui.resultLabel.text().startswith("审计链校验通过")
    assert count(session, "type = 'audit_verified' AND operator = 'supervisor01'") == 1

    # Locking the window closes the audit view.
    shell.close_supervisor()
    assert shell.supervisor_dialog is None


def test_a_teller_cannot_open_it(qtbot: Any, session: Session, dialogs: DialogDriver) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None
    assert not window.ui.actionSupervisor.isEnabled()
    assert "仅主管可用" in window.ui.actionSupervisor.toolTip()
    QTest.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert shell.supervisor_dialog is None

    seen: list[str] = []

    def read_and_close(box: QMessageBox) -> None:
        seen.append(box.text())
        QTest.keyClick(box, Qt.Key.Key_Return)

    dialogs.expect(QMessageBox, read_and_close)
    assert shell.open_supervisor() is None
    dialogs.check()
    assert seen and "仅限主管" in seen[0]
