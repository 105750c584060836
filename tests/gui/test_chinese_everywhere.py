"""No English reaches a screen: every window and dialog of a teller's and a supervisor's day is
opened on a real demo store, and every text a person can read on it (titles, labels, buttons,
menus, tooltips, placeholders, lists, tables, message boxes) is scanned for Latin words.

Allowed: the product's name, key names as printed on the keyboard, "ID", and the data the
branch itself configured (operator names, the workstation's name, the rule pack's id)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from tellerguard.gui.samples import (
    ELDERLY_TO_SON,
    SAFE_ACCOUNT,
    STUDENT_WITH_COMPANION,
    WECHAT_FRIEND,
)
from tellerguard.gui.session import Session
from tellerguard.gui.shell import Shell
from tellerguard.gui.views.authorization import AuthorizationDialog
from tellerguard.gui.views.login import LoginDialog
from tellerguard.gui.views.refusal import RefusalDialog
from tellerguard.gui.views.reminder import ReminderDialog

from .conftest import DialogDriver
from .test_scenarios import log_in

pytestmark = pytest.mark.gui

PRODUCT_AND_KEYS = {"TellerGuard", "ID", "Ctrl", "Shift", "Alt", "Tab", "Esc", "F1"}
NAMES_IN_CHINESE_USE = {"QQ", "App", "Excel", "XLSX", "CSV", "UTF", "PDF"}
"""Names Chinese text uses as they are (微信、QQ; 手机 App; file formats a supervisor picks)."""
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_#]+")
HASH = re.compile(r"\b[0-9a-f]{16,}\b")


def _plain(text: str) -> str:
    if "<" in text and ">" in text:
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    return re.sub(r"\(&?[A-Z0-9]\)|&", "", text)  # mnemonics: 工号(&U)


def _model_texts(model: QAbstractItemModel | None) -> Iterable[str]:
    if model is None:
        return
    root = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    for column in range(columns):
        yield str(model.headerData(column, Qt.Orientation.Horizontal) or "")
    for row in range(min(model.rowCount(root), 200)):
        for column in range(columns):
            value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
            yield "" if value is None else str(value)
            tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
            yield "" if tip is None else str(tip)


def screen_texts(top: QWidget) -> list[str]:
    """Every text a person can read on ``top`` as shown now (hidden widgets excluded)."""
    texts = [top.windowTitle()]
    widgets = [top, *top.findChildren(QWidget)]
    for widget in widgets:
        if widget is not top and not widget.isVisibleTo(top):
            continue
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QTextEdit):
            texts += [widget.placeholderText(), widget.toPlainText()]
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView):
            texts += list(_model_texts(widget.model()))
        elif isinstance(widget, QMenu):
            texts.append(widget.title())
        for action in widget.actions():
            texts += [action.text(), action.toolTip()]
            menu = action.menu()
            if isinstance(menu, QMenu):
                texts.append(menu.title())
                for item in menu.actions():
                    texts += [
                        item.text(),
                        item.toolTip(),
                        item.shortcut().toString(item.shortcut().SequenceFormat.NativeText),
                    ]
    return [_plain(t) for t in texts if t]


class Screens:
    """Collects what each screen shows, by name."""

    def __init__(self, allowed: set[str]) -> None:
        self.allowed = allowed
        self.english: list[tuple[str, str, str]] = []
        self.seen: list[str] = []

    def look(self, name: str, widget: QWidget) -> None:
        QApplication.processEvents()
        self.seen.append(name)
        for text in screen_texts(widget):
            for word in WORD.findall(HASH.sub("", text)):  # a hash is data
                if word not in self.allowed:
                    self.english.append((name, word, text[:120]))

    def in_box(self, name: str) -> Any:
        def read(box: QMessageBox) -> None:
            self.look(name, box)
            box.reject() if box.escapeButton() else box.accept()

        return read


def test_no_english_on_any_screen(qtbot: Any, dialogs: DialogDriver, session: Session) -> None:
    settings = session.settings
    data = {
        "teller01", "teller02", "supervisor01", "admin01", "Teller#2026", "Super#2026",
        settings.workstation, settings.branch_code, session.pack.id,
    }  # fmt: skip
    data |= {part for name in data for part in re.split(r"[-_]", name)}
    screens = Screens(PRODUCT_AND_KEYS | NAMES_IN_CHINESE_USE | data)
    shell = Shell(session)
    session.login_hint = "演示网点：柜员 teller01 / Teller#2026，主管 supervisor01 / Super#2026"
    login = shell.login_dialog()
    login.show()
    screens.look("login", login)
    login.close()

    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None
    screens.look("main window, empty opening", window)
    for kind, values in (
        ("transfer", WECHAT_FRIEND),
        ("transfer", SAFE_ACCOUNT),
        ("transfer", ELDERLY_TO_SON),
        ("opening", STUDENT_WITH_COMPANION),
        (
            "opening",
            {"customer.id_type": "resident_id", "customer.id_number": "410102195403150029"},
        ),
    ):
        window.switch_to(kind)
        window.new_case(ask=False)
        window.form.set_values(values)
        qtbot.wait(5)
        screens.look(f"main window, {kind} {values.get('customer.name', '')}", window)
        assessment = window.current().assessment
        if assessment is None:
            continue
        hits = assessment.hits
        for dialog in (
            ReminderDialog(hits, assessment.level, kind, parent=window),
            AuthorizationDialog(
                hits, lambda *a: None, teller_name=session.teller_name,
                decision_text="客户坚持办理", parent=window,
            ),
            RefusalDialog(hits, parent=window),
        ):  # fmt: skip
            dialog.show()
            screens.look(f"{type(dialog).__name__} for {values.get('customer.name')}", dialog)
            dialog.close()

    for name, trigger in (
        ("shortcuts (F1)", window.show_shortcuts),
        ("about", window.show_about),
        ("new case question", window.new_case),
        ("sign-out question", lambda: shell.sign_out("switch_user")),
    ):
        dialogs.expect(QMessageBox, screens.in_box(name))
        trigger()
        dialogs.check()

    lock = LoginDialog(
        session.unlock, branch_text=session.branch_text, locked_user="teller01", parent=window
    )
    lock.show()
    screens.look("lock screen", lock)
    lock.done(0)

    dialogs.expect(QMessageBox, screens.in_box("quit question"))
    window.confirm_close = True
    window.close()
    dialogs.check()
    window.confirm_close = False

    shell.start(session.authenticate("supervisor01", "Super#2026"))
    supervisor = shell.open_supervisor()
    assert supervisor is not None
    screens.look("审计与统计", supervisor)
    supervisor.ui.verifyButton.click()
    QTest.qWait(20)
    screens.look("审计与统计 after verifying", supervisor)
    shell.close_supervisor()

    assert len(screens.seen) >= 20
    assert not screens.english, "\n".join(f"{n}: {w!r} in {t!r}" for n, w, t in screens.english)


def test_the_scan_finds_english_in_buttons_tooltips_menus_and_tables(qtbot: Any) -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QMenuBar, QPushButton, QTableView, QVBoxLayout

    top = QWidget()
    qtbot.addWidget(top)
    layout = QVBoxLayout(top)
    button = QPushButton("确定")
    button.setToolTip("Press here")
    layout.addWidget(button)
    layout.addWidget(QPushButton("Cancel"))
    bar = QMenuBar()
    bar.addMenu("业务").addAction("Quit")
    layout.addWidget(bar)
    table = QTableView()
    model = QStandardItemModel(1, 1)
    model.setItem(0, 0, QStandardItem("system"))
    table.setModel(model)
    layout.addWidget(table)
    top.show()
    screens = Screens(PRODUCT_AND_KEYS)
    screens.look("sample", top)
    assert {word for _, word, _ in screens.english} == {"Press", "here", "Cancel", "Quit", "system"}
