"""Small widgets promoted in the Designer forms: money entry and the "not asked" check box."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

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


class NullableCheckBox(QCheckBox):
    """A yes / no / not asked answer: partially checked means "not asked" (``None``).

    The state word is part of the text, so the three states read the same on any style and
    in a screenshot. Space cycles 未询问 → 是 → 否 → 未询问.
    """

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
        if self._base:
            state = translate("widgets", _STATE_WORDS[self.checkState()])
            super().setText(self.tr("{label}：{state}").format(label=self._base, state=state))

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
