"""A teller at the keyboard: a case typed into the real form with key presses only, field by
field along the focus chain (Tab), counting every key a person presses.

Chinese text costs what a Pinyin input method costs: the letters of each character's pinyin
plus one key to pick the word (a teller types 邱建华 as "qiujianhua" and Space). Drop-downs
cost what the widget allows: arrow keys on a plain combo, or the pinyin initials that make a
searchable one show the choice plus Enter. A yes/no/not-asked box costs its own keys."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pypinyin import lazy_pinyin
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from tellerguard.gui.views.case_form import CaseFormView
from tellerguard.gui.widgets import MoneyEdit, NullableCheckBox

from .helpers import type_text


class Teller:
    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.keys = 0
        self.moves = 0
        """Of ``keys``: Tab presses from one field to the next."""
        self.text_keys = 0
        """Of ``keys``: typing free text (names, numbers, notes)."""

    def key(
        self, widget: QWidget, key: Any, modifier: Any = Qt.KeyboardModifier.NoModifier
    ) -> None:
        self.keys += 1
        # Where a real key goes: an open pop-up first, else the widget with the focus.
        target = QApplication.activePopupWidget() or QApplication.focusWidget() or widget
        QTest.keyClick(target, key, modifier)

    def text(self, widget: QWidget, text: str) -> None:
        """Type ``text`` as :func:`helpers.type_text` does, counting what a person presses."""
        ascii_keys = sum(1 for char in text if char.isascii())
        chinese_runs = re.findall(r"[^\x00-\x7f]+", text)
        self.keys += ascii_keys + sum(
            sum(len(p) for p in lazy_pinyin(run)) + 1 for run in chinese_runs
        )
        type_text(QApplication.focusWidget() or widget, text)

    def choose(self, combo: QComboBox, data: Any) -> None:
        target = combo.findData(data)
        assert target >= 0, data
        search = getattr(combo, "search_keys", None)
        if callable(search):
            self.text(combo, search(target))
            self.key(combo, Qt.Key.Key_Return)
        else:
            if combo.currentIndex() < 0:
                self.key(combo, Qt.Key.Key_Down)
            while combo.currentIndex() < target:
                self.key(combo, Qt.Key.Key_Down)
            while combo.currentIndex() > target:
                self.key(combo, Qt.Key.Key_Up)
        assert combo.currentIndex() == target, (combo.objectName(), combo.currentText())

    def answer(self, box: NullableCheckBox, value: bool | None) -> None:
        direct = getattr(box, "KEYS", None)
        if direct and box.value() is not value:
            self.key(box, direct[value])
        while box.value() is not value:
            self.key(box, Qt.Key.Key_Space)

    def fill(self, form: CaseFormView, values: dict[str, Any]) -> int:
        """Type ``values`` into ``form`` from its first field along Tab; the keys pressed."""
        form.focus_first()
        self.qtbot.waitUntil(lambda: form.isAncestorOf(QApplication.focusWidget()))
        by_widget = {widget: path for path, widget in form.fields.items()}
        remaining = {p for p, v in values.items() if p in form.fields and form.value(p) != v}
        while remaining:
            focused = QApplication.focusWidget()
            while focused is not None and focused not in by_widget:
                focused = focused.parentWidget()
            assert focused is not None, f"focus left the form ({sorted(remaining)} to go)"
            path = by_widget[focused]
            moved = False
            if path in remaining:
                self.type_value(focused, values[path])
                remaining.discard(path)
                moved = QApplication.focusWidget() not in (focused, *focused.findChildren(QWidget))
            if remaining and not moved:  # Enter on a searched choice moves on by itself
                self.moves += 1
                self.key(QApplication.focusWidget(), Qt.Key.Key_Tab)
        self.qtbot.wait(1)
        for path, value in values.items():
            if path in form.fields:
                got = form.value(path)
                if path == "transfer.amount":
                    got, value = Decimal(got), Decimal(str(value))
                assert got == value, (path, got, value)
        return self.keys

    def type_value(self, widget: QWidget, value: Any) -> None:
        before = self.keys
        if isinstance(widget, MoneyEdit):
            self.text(widget, str(Decimal(str(value))).removesuffix(".00"))
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            self.text(widget, str(value or ""))
            self.text_keys += self.keys - before
        elif isinstance(widget, QComboBox):
            self.choose(widget, value)
        elif isinstance(widget, NullableCheckBox):
            self.answer(widget, value)
        elif isinstance(widget, QCheckBox):
            if widget.isChecked() != bool(value):
                self.key(widget, Qt.Key.Key_Space)
        else:  # pragma: no cover
            raise TypeError(type(widget).__name__)
