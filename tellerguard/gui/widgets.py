"""Small widgets promoted in the Designer forms (money entry, the "not asked" check box) and
the search that makes a drop-down answer to typing (pinyin initials included)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QLineEdit,
    QWidget,
)

from tellerguard.domain.format import format_money
from tellerguard.gui.draft import MONEY_TEXT
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate

_MONEY_PATTERN = r"[0-9,]{0,16}(\.[0-9]{0,2})?"


def group_thousands(raw: str) -> str:
    """``1234567.5`` → ``1,234,567.5`` (as typed: a trailing point or one decimal is kept)."""
    integer, point, fraction = raw.partition(".")
    grouped = f"{int(integer):,}" if integer else ("0" if point else "")
    return grouped + point + fraction


class MoneyEdit(QLineEdit):
    """Yuan with at most two decimals, grouped with thousands separators while typing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(_MONEY_PATTERN), self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textEdited.connect(self._regroup)
        self.editingFinished.connect(self._complete)

    def _regroup(self, text: str) -> None:
        cursor = self.cursorPosition()
        significant = len(text[:cursor].replace(",", ""))
        grouped = group_thousands(text.replace(",", ""))
        if grouped == text:
            return
        self.setText(grouped)
        position, seen = 0, 0
        while position < len(grouped) and seen < significant:
            if grouped[position] != ",":
                seen += 1
            position += 1
        self.setCursorPosition(position)

    def _complete(self) -> None:
        amount = self.amount()
        if amount is not None:
            self.setText(format_money(amount))

    def amount(self) -> Decimal | None:
        """The amount typed, or ``None`` when the field is empty or not a number yet."""
        raw = self.raw_text()
        if not MONEY_TEXT.fullmatch(raw):
            return None
        try:
            return Decimal(raw)
        except InvalidOperation:  # pragma: no cover - guarded by the pattern
            return None

    def raw_text(self) -> str:
        """The typed text without separators (what the case model parses)."""
        return self.text().replace(",", "").strip()

    def set_amount(self, amount: Decimal | None) -> None:
        self.setText("" if amount is None else format_money(amount))


_STATE_WORDS = {
    Qt.CheckState.PartiallyChecked: QT_TRANSLATE_NOOP("widgets", "未询问"),
    Qt.CheckState.Checked: QT_TRANSLATE_NOOP("widgets", "是"),
    Qt.CheckState.Unchecked: QT_TRANSLATE_NOOP("widgets", "否"),
}


_STATE_STYLES = {
    Qt.CheckState.PartiallyChecked: "color: #8a8a8a; font-style: italic;",
    Qt.CheckState.Checked: "color: #0b4f9c; font-weight: bold;",
    Qt.CheckState.Unchecked: "color: #222222; font-weight: bold;",
}
"""未询问 grey and slanted, 是 blue, 否 black: told apart at a glance, not only by the mark."""


class NullableCheckBox(QCheckBox):
    """A yes / no / not asked answer: partially checked means "not asked" (``None``).

    The state word is part of the text and each state has its own colour, so the three read
    apart at a glance on any style and in a screenshot. Y (or 1) answers 是, N (or 2) 否, 0 or
    Delete 未询问, each in one key; Space still cycles 未询问 → 是 → 否 → 未询问.
    """

    KEYS: ClassVar[dict[bool | None, Qt.Key]] = {
        True: Qt.Key.Key_Y,
        False: Qt.Key.Key_N,
        None: Qt.Key.Key_0,
    }
    _ANSWERS: ClassVar[dict[Qt.Key, bool | None]] = {
        Qt.Key.Key_Y: True,
        Qt.Key.Key_1: True,
        Qt.Key.Key_N: False,
        Qt.Key.Key_2: False,
        Qt.Key.Key_0: None,
        Qt.Key.Key_Delete: None,
        Qt.Key.Key_Backspace: None,
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = ""
        self.setTristate(True)
        self.setCheckState(Qt.CheckState.PartiallyChecked)
        self.checkStateChanged.connect(self._show_state)

    def setText(self, text: str) -> None:
        self._base = text
        self._show_state()

    def _show_state(self, *_args: object) -> None:
        state = self.checkState()
        self.setStyleSheet(_STATE_STYLES[state])
        if self._base:
            word = translate("widgets", _STATE_WORDS[state])
            super().setText(self.tr("{label}：{state}").format(label=self._base, state=word))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in self._ANSWERS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.set_value(self._ANSWERS[key])
            return
        super().keyPressEvent(event)

    def value(self) -> bool | None:
        state = self.checkState()
        if state == Qt.CheckState.PartiallyChecked:
            return None
        return state == Qt.CheckState.Checked

    def set_value(self, value: bool | None) -> None:
        if value is None:
            self.setCheckState(Qt.CheckState.PartiallyChecked)
        else:
            self.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)


SEARCH_ROLE = Qt.ItemDataRole.UserRole + 17
"""A choice's label, its pinyin initials and its full pinyin: what typing is matched against."""


def _readings(char: str) -> list[str]:
    """A Chinese character's readings without tones, the most common first. pypinyin's
    character table is the one the rule engine already loaded with the pack (no second
    dictionary at start-up)."""
    from pypinyin.pinyin_dict import pinyin_dict

    found = pinyin_dict.get(ord(char))
    if not found:
        return []
    plain = [
        "".join(c for c in unicodedata.normalize("NFKD", r) if c.isascii() and c.isalpha())
        for r in found.split(",")
    ]
    return list(dict.fromkeys(r for r in plain if r))


def pinyin_keys(label: str) -> str:
    """``借钱给熟人`` → ``借钱给熟人 jqgsr jieqiangeishuren`` (lower case); a character with
    several readings adds each spelling (归还: guihai and guihuan), at most 16 in all."""
    spellings = [""]
    initials = [""]
    for char in label:
        readings = _readings(char)
        if not readings:
            continue
        spellings = [s + r for s in spellings for r in readings][:16]
        initials = list(dict.fromkeys(i + r[0] for i in initials for r in readings))[:16]
    return " ".join([label, *initials, *spellings]).lower()


class _ChoiceFilter(QSortFilterProxyModel):
    """Choices containing the typed text (label or pinyin): exactly it first, then those
    that start with it (``jq``: 借钱给熟人 before 领奖前缴费), then the list's own order."""

    def lessThan(
        self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex
    ) -> bool:
        needle = self.filterRegularExpression().pattern().replace("\\", "").lower()

        def rank(index: QModelIndex | QPersistentModelIndex) -> tuple[int, int]:
            parts = str(index.data(SEARCH_ROLE) or "").split(" ")
            if needle in parts:  # 农民 for "nm", before 农民工
                return (0, index.row())
            return (1 if any(p.startswith(needle) for p in parts) else 2, index.row())

        return rank(left) < rank(right)


class ChoiceSearch(QObject):
    """Makes a drop-down searchable by typing: the combo becomes editable, and what is typed
    (Chinese, pinyin initials such as ``jq`` for 借钱给熟人, or full pinyin) opens a pop-up of
    the choices containing it, the first one highlighted; Enter takes it and moves on. Text
    that matches no choice is put back to the current choice when the field is left, so the
    combo's value is always one of its choices (or none)."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self.combo = combo
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setCompleter(None)  # type: ignore[arg-type]  # ours below, not Qt's inline one
        line = combo.lineEdit()
        assert line is not None
        self.line = line
        self.filter = _ChoiceFilter(self)  # "contains", on SEARCH_ROLE
        self.filter.setSourceModel(combo.model())
        self.filter.setFilterRole(SEARCH_ROLE)
        self.filter.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer = QCompleter(self.filter, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(line)
        self.completer.activated.connect(self._take)  # the chosen label
        line.textEdited.connect(self._search)
        line.editingFinished.connect(self._settle)
        combo.search_keys = self.keys_for  # type: ignore[attr-defined]

    def index(self) -> None:
        """(Re)compute every choice's search keys after the items change."""
        for row in range(self.combo.count()):
            self.combo.setItemData(row, pinyin_keys(self.combo.itemText(row)), SEARCH_ROLE)

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # QCompleter always has one
        return popup

    def _rank(self, text: str) -> None:
        """Keep the choices containing ``text``, ranked for it."""
        self.filter.setFilterFixedString(text)
        self.filter.invalidate()  # the ranking depends on the text: sort again
        self.filter.sort(0)

    def _search(self, text: str) -> None:
        self._rank(text.strip())
        if not text.strip() or self.filter.rowCount() == 0:
            self._popup().hide()
            return
        self.completer.complete()
        self._popup().setCurrentIndex(self.completer.completionModel().index(0, 0))

    def _take(self, label: str) -> None:
        row = self.combo.findText(label)
        if row >= 0:
            self.combo.setCurrentIndex(row)
            self.line.setText(self.combo.itemText(row))
            # Some platforms (offscreen, some X window managers) leave the closed pop-up as
            # the active window; give activation back so the next field gets the keys.
            self.combo.window().activateWindow()
            self.combo.focusNextChild()

    def _settle(self) -> None:
        try:
            if self._popup().isVisible():
                return
            current = self.combo.currentIndex()
            shown = self.combo.itemText(current) if current >= 0 else ""
            if self.line.text() != shown:
                self.line.setText(shown)
        except RuntimeError:  # editingFinished while the form is being destroyed
            return

    def keys_for(self, row: int) -> str:
        """The shortest pinyin initials that put choice ``row`` first in the pop-up (what a
        teller who knows the list types)."""
        label = self.combo.itemText(row)
        initials = pinyin_keys(label).split(" ")[1] or label
        for length in range(1, len(initials) + 1):
            needle = initials[:length]
            self._rank(needle)
            first = self.filter.mapToSource(self.filter.index(0, 0)).row()
            if first == row:
                return needle
        return label
