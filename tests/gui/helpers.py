"""Typing a whole case into a form the way a teller does: keys only, field by field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from tellerguard.gui.views.case_form import CaseFormView
from tellerguard.gui.widgets import MoneyEdit, NullableCheckBox


def type_text(widget: Any, text: str) -> None:
    """Type like a teller: ASCII as key clicks, Chinese as an input method's commit (which is
    how Chinese reaches a widget from Pinyin/Wubi input; QTest cannot click a Chinese key)."""
    run = ""

    def commit() -> None:
        if run:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)

    for char in text:
        if char.isascii():
            commit()
            run = ""
            QTest.keyClick(widget, char)
        else:
            run += char
    commit()


def settle(qtbot: Any) -> None:
    """Let the zero-delay refresh run (the next turn of the event loop)."""
    qtbot.wait(1)
    QApplication.processEvents()


def choose(qtbot: Any, combo: QComboBox, data: Any) -> None:
    """Select the item carrying ``data`` with the arrow keys."""
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0, data
    if combo.currentIndex() < 0:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    while combo.currentIndex() < target:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    while combo.currentIndex() > target:
        qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert combo.currentIndex() == target


def type_value(qtbot: Any, widget: Any, value: Any) -> None:
    if isinstance(widget, MoneyEdit):
        widget.setFocus()
        qtbot.keyClicks(widget, str(Decimal(str(value))))
    elif isinstance(widget, QLineEdit):
        widget.setFocus()
        if value:
            type_text(widget, str(value))
    elif isinstance(widget, QComboBox):
        choose(qtbot, widget, value)
    elif isinstance(widget, NullableCheckBox):
        widget.setFocus()
        while widget.value() is not value:
            qtbot.keyClick(widget, Qt.Key.Key_Space)
    elif isinstance(widget, QCheckBox):
        widget.setFocus()
        if widget.isChecked() != bool(value):
            qtbot.keyClick(widget, Qt.Key.Key_Space)
    elif isinstance(widget, QSpinBox):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(widget, str(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setFocus()
        if value:
            type_text(widget, str(value))
    else:  # pragma: no cover
        raise TypeError(type(widget).__name__)


def fill_form(qtbot: Any, form: CaseFormView, values: dict[str, Any]) -> None:
    """Type every value into its widget (the form must be empty), in the form's order."""
    for path in form.fields:
        if path in values:
            type_value(qtbot, form.fields[path], values[path])
    settle(qtbot)
    typed = form.values()
    for path, value in values.items():
        expected = Decimal(str(value)) if path == "transfer.amount" else value
        got = Decimal(typed[path]) if path == "transfer.amount" else typed[path]
        assert got == expected, (path, got, expected)
