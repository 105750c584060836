"""规则包管理 on a real demo store, by clicks and keys: the rule administrator opens a pack with
a YAML error (problems with file:line, no request possible), then one that adds a rule (its
examples, the diff, the replay with cases moving up), asks for it; their own password cannot
approve it, the supervisor's typed into the dialog does, and the counter assesses with the new
pack at once. A branch parameter typed into the table goes through the same check and is
rejected by the supervisor; one outside the pack's bounds is named. A teller cannot open it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton

from tellerguard.gui.session import Session
from tellerguard.gui.shell import Shell
from tellerguard.gui.views.rule_packs import BRANCH_COLUMN, RulePackDialog
from tellerguard.resources import default_rules_dir
from tellerguard.services.rules import in_force

from .conftest import DialogDriver
from .helpers import type_text
from .test_scenarios import log_in

pytestmark = pytest.mark.gui

EXTRA_RULE = """rules:
  - id: XFER-ANY-LARGE
    title: 五万元以上转账须二次提醒
    kinds: [transfer]
    level: second_reminder
    status: stable
    tags: [unclear_purpose]
    condition: transfer.amount >= 50000
    reason: 转账金额 {transfer.amount} 元，达到五万元
    references: [测试规则]
    script: [大额转账请再核实一下收款人。]
    questions: [收款人是谁？]
    examples:
      - expect: match
        name: 十万
        base: transfer
        set: {transfer.amount: "100000.00"}
      - expect: no_match
        name: 一千
        base: transfer
        set: {transfer.amount: "1000.00"}
"""


def pack_with(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(default_rules_dir(), folder)
    (folder / "extra.yaml").write_text(text, encoding="utf-8")
    return folder


def open_screen(qtbot: Any, shell: Shell) -> RulePackDialog:
    window = shell.window
    assert window is not None and window.action_rule_packs.isEnabled()
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window, Qt.Key.Key_R, keys)
    dialog = shell.rule_pack_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def click(widget: Any) -> None:
    assert widget.isEnabled(), widget.objectName()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def check(qtbot: Any, dialog: RulePackDialog) -> None:
    """Click 检查并回放 and wait for the worker's answer (the window stays responsive)."""
    click(dialog.ui.checkButton)
    assert not dialog.ui.checkButton.isEnabled()  # one check at a time
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=120_000)


def report(dialog: RulePackDialog) -> str:
    return dialog.ui.reportBrowser.toPlainText()


def error_box(dialogs: DialogDriver, seen: list[str]) -> None:
    """The next message box: remember its text, press Enter."""

    def answer(box: QMessageBox) -> None:
        seen.append(box.text())
        QTest.keyClick(box, Qt.Key.Key_Return)

    dialogs.expect(QMessageBox, answer)


def type_approver(dialog: RulePackDialog, username: str, password: str) -> None:
    dialog.ui.approverEdit.clear()
    QTest.keyClicks(dialog.ui.approverEdit, username)
    QTest.keyClick(dialog.ui.approverEdit, Qt.Key.Key_Tab)
    QTest.keyClicks(dialog.ui.approverPasswordEdit, password)


def param_row(dialog: RulePackDialog, name: str) -> int:
    return next(i for i, row in enumerate(dialog.rows) if row.name == name)


def edit_param(qtbot: Any, dialog: RulePackDialog, name: str, value: str) -> None:
    table = dialog.ui.paramsTable
    row = param_row(dialog, name)
    table.scrollToItem(table.item(row, BRANCH_COLUMN))
    rect = table.visualItemRect(table.item(row, BRANCH_COLUMN))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    editor = next(e for e in table.viewport().findChildren(QLineEdit) if e.isVisible())
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor, value)
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop
    qtbot.waitUntil(lambda: table.item(row, BRANCH_COLUMN).text() == value)


def test_a_rule_administrator_checks_requests_and_a_supervisor_approves(
    qtbot: Any, session: Session, dialogs: DialogDriver, tmp_path: Path
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "rules01", "Rules#2026")
    dialog = open_screen(qtbot, shell)
    assert "生效规则包：" in dialog.ui.activeLabel.text()
    assert "尚无经审批的变更" in dialog.ui.activeLabel.text()
    # A pack with a YAML error: every problem with file:line, nothing to request.
    broken = pack_with(tmp_path, "broken", EXTRA_RULE.replace("[transfer]", "[transfer"))
    dialog.ask_folder = lambda: broken
    click(dialog.ui.browseButton)
    check(qtbot, dialog)
    assert "规则包无法加载" in report(dialog) and "extra.yaml:" in report(dialog)
    assert not dialog.ui.requestButton.isEnabled()
    # A pack that adds a rule: examples pass, the diff names it, cases move up.
    added = pack_with(tmp_path, "added", EXTRA_RULE)
    dialog.ask_folder = lambda: added
    click(dialog.ui.browseButton)
    dialog.ui.lastSpin.setValue(400)
    check(qtbot, dialog)
    text = report(dialog)
    assert "未通过 0 个" in text and "新增规则 XFER-ANY-LARGE" in text
    assert "回放本机最近" in text and "下降 0 笔" in text and "等级上升 0 笔" not in text
    assert "↑" in text and "*" in text  # moved cases listed, customers masked
    type_text(dialog.ui.reasonEdit, "大额转账一律二次提醒")
    click(dialog.ui.requestButton)
    assert dialog.ui.pendingTable.rowCount() == 1
    assert dialog.ui.pendingTable.item(0, 1).text() == "rules01"
    assert not dialog.ui.requestButton.isEnabled()
    # No approver typed; then the maker's own password: both refused.
    seen: list[str] = []
    error_box(dialogs, seen)
    click(dialog.ui.approveButton)
    type_approver(dialog, "rules01", "Rules#2026")
    error_box(dialogs, seen)
    click(dialog.ui.approveButton)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert "审批人" in seen[0] and "不能审批本人提交的" in seen[1]
    assert dialog.ui.pendingTable.rowCount() == 1
    # The supervisor types their own password here: approved, in force at once.
    type_approver(dialog, "supervisor01", "Super#2026")
    click(dialog.ui.approveButton)
    assert dialog.ui.pendingTable.rowCount() == 0
    assert "批准" in dialog.ui.activeLabel.text() and "supervisor01" in dialog.ui.activeLabel.text()
    assert dialog.ui.approverPasswordEdit.text() == ""
    assert any(c.rule.id == "XFER-ANY-LARGE" for c in session.pack.rules)
    assert in_force(session.settings).pack.sha256 == session.pack.sha256
    dialogs.check()


def test_branch_parameters_are_checked_against_the_packs_bounds_and_rejected(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "rules01", "Rules#2026")
    dialog = open_screen(qtbot, shell)
    edit_param(qtbot, dialog, "elderly_age", "500")
    check(qtbot, dialog)
    assert "本网点参数 elderly_age：不能大于 100" in report(dialog)
    edit_param(qtbot, dialog, "elderly_age", "75")
    assert not dialog.ui.requestButton.isEnabled()  # edited since the check
    check(qtbot, dialog)
    assert "参数 elderly_age：60 → 75" in report(dialog)
    click(dialog.ui.requestButton)
    assert "elderly_age=75" in dialog.ui.pendingTable.item(0, 4).text()
    type_text(dialog.ui.rejectReasonEdit, "老年线不宜上调")
    type_approver(dialog, "supervisor01", "Super#2026")
    click(dialog.ui.rejectButton)
    assert dialog.ui.pendingTable.rowCount() == 0
    assert in_force(session.settings).params == {}
    dialogs.check()


def test_a_teller_cannot_open_it(qtbot: Any, session: Session, dialogs: DialogDriver) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    assert shell.window is not None and not shell.window.action_rule_packs.isEnabled()


def test_enter_in_the_approver_password_approves_and_the_status_bar_names_the_change(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "rules01", "Rules#2026")
    window = shell.window
    assert window is not None
    pack = session.pack
    assert (
        f"规则包 {pack.id}@{pack.version}（本网点参数：均为默认值）" in window.status_label.text()
    )
    dialog = open_screen(qtbot, shell)
    # No button of the dialog takes Enter typed into a field (none is a default).
    buttons = dialog.findChildren(QPushButton)
    assert buttons and not any(b.autoDefault() or b.isDefault() for b in buttons)
    opened: list[Path] = []
    dialog.ask_folder = lambda: opened.append(Path()) or None  # type: ignore[func-returns-value]
    edit_param(qtbot, dialog, "elderly_age", "75")
    check(qtbot, dialog)
    click(dialog.ui.requestButton)
    type_approver(dialog, "supervisor01", "Super#2026")
    QTest.keyClick(dialog.ui.approverPasswordEdit, Qt.Key.Key_Return)
    assert opened == []  # Enter never opens a folder
    assert dialog.ui.pendingTable.rowCount() == 0
    assert in_force(session.settings).params == {"elderly_age": 75}
    in_force_now = f"{pack.id}@{pack.version}（本网点参数：elderly_age=75）"
    assert "已批准" in report(dialog) and in_force_now in report(dialog)
    assert f"规则包 {in_force_now}" in window.status_label.text()
    dialogs.check()


def test_tab_leaves_the_rule_screens_tables(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "rules01", "Rules#2026")
    dialog = open_screen(qtbot, shell)
    table = dialog.ui.paramsTable
    table.setFocus()
    table.setCurrentCell(0, 0)
    qtbot.waitUntil(table.hasFocus)
    QTest.keyClick(table, Qt.Key.Key_Tab)
    assert dialog.ui.reportBrowser.hasFocus()
    assert not dialog.ui.pendingTable.tabKeyNavigation()


def test_the_shortcut_table_names_the_rule_pack_screen(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None
    seen: list[str] = []
    error_box(dialogs, seen)
    window.show_shortcuts()
    dialogs.check()
    assert "Ctrl+Shift+R</b></td><td>规则包管理" in seen[0]
