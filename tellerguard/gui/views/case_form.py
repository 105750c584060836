"""The opening and transfer forms: every field of the case contract, in the order a teller
works (the customer's identity first, then the business, then what the teller observes).

The view only moves values between widgets and flat dotted paths; deciding what they mean is
the presenter's job. Enter moves to the next field like Tab; Ctrl+Enter (a window shortcut)
finishes the business.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from tellerguard.gui.choices import choices
from tellerguard.gui.forms.ui_opening_form import Ui_OpeningForm
from tellerguard.gui.forms.ui_transfer_form import Ui_TransferForm
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.gui.widgets import ChoiceSearch, MoneyEdit, NullableCheckBox

DEFAULT_CHOICES: dict[str, str] = {"customer.id_type": "resident_id"}
"""Where an empty form starts: almost every customer shows a resident ID card."""

CUSTOMER_FIELDS: tuple[tuple[str, str], ...] = (
    ("customer.id_type", "idTypeCombo"),
    ("customer.id_number", "idNumberEdit"),
    ("customer.name", "nameEdit"),
    ("customer.phone", "phoneEdit"),
    ("customer.occupation", "occupationCombo"),
    ("customer.employer", "employerEdit"),
    ("customer.address", "addressEdit"),
)
OPENING_FIELDS: tuple[tuple[str, str], ...] = (
    ("opening.account_class", "accountClassCombo"),
    ("opening.purpose", "openingPurposeCombo"),
    ("opening.existing_class1_here", "existingClass1Spin"),
    ("opening.existing_accounts_here", "existingAccountsSpin"),
    ("opening.out_of_area_reason", "outOfAreaReasonCombo"),
    ("opening.local_work_or_residence_proof", "localProofCheck"),
    ("opening.non_counter_services", "nonCounterCheck"),
    ("opening.phone_shared_with_others", "phoneSharedCheck"),
    ("opening.batch_opening", "batchOpeningCheck"),
    ("opening.phone_in_own_name", "phoneInOwnNameCheck"),
    ("opening.customer_knows_purpose", "knowsPurposeCheck"),
)
TRANSFER_FIELDS: tuple[tuple[str, str], ...] = (
    ("transfer.amount", "amountEdit"),
    ("transfer.cash", "cashCheck"),
    ("transfer.payee_name", "payeeNameEdit"),
    ("transfer.payee_account", "payeeAccountEdit"),
    ("transfer.payee_bank", "payeeBankEdit"),
    ("transfer.payee_relationship", "relationshipCombo"),
    ("transfer.purpose", "transferPurposeCombo"),
    ("transfer.first_time_payee", "firstTimePayeeCheck"),
    ("transfer.met_payee_in_person", "metInPersonCheck"),
    ("transfer.verified_by_call", "verifiedByCallCheck"),
    ("transfer.payee_claims_authority", "claimsAuthorityCheck"),
    ("transfer.promised_high_return", "highReturnCheck"),
    ("transfer.early_deposit_withdrawal", "earlyWithdrawalCheck"),
    ("transfer.recent_inflow_from_strangers", "strangerInflowCheck"),
    ("transfer.payee_is_personal_account", "payeePersonalCheck"),
    ("transfer.refuses_family_contact", "refusesFamilyCheck"),
)
SIGNAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("accompanied", "accompaniedCheck"),
    ("companion_answers_for_customer", "companionAnswersCheck"),
    ("by_agent", "byAgentCheck"),
    ("on_phone", "onPhoneCheck"),
    ("screen_sharing", "screenSharingCheck"),
    ("instructed_by_others", "instructedCheck"),
    ("told_to_keep_secret", "secretCheck"),
    ("promised_reward", "rewardCheck"),
    ("notes", "notesEdit"),
)

NULL_CHOICE_LABELS: dict[str, str] = {
    "opening.out_of_area_reason": QT_TRANSLATE_NOOP("case_form", "无（非异地开户）")
}
"""Nullable choice fields: the label of the item meaning null (selected by default), shown
as ``translate("case_form", label)``."""

PROBLEM_STYLE = "border: 2px solid #C62828; border-radius: 3px;"


class _EnterAsTab(QObject):
    """Enter in a one-line field or a closed combo moves on, as tellers expect from forms."""

    def __init__(self, form: QWidget) -> None:
        super().__init__(form)
        self._form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                combo = watched if isinstance(watched, QComboBox) else None
                if combo is None or not combo.view().isVisible():
                    self._form.focusNextChild()
                    return True
        return False


class CaseFormView(QWidget):
    """Common behaviour of both forms; subclasses name the generated form and their fields."""

    edited = Signal(str)
    """A field changed (its dotted path): the presenter re-assesses on the next loop turn."""

    kind: str = ""
    business_fields: tuple[tuple[str, str], ...] = ()

    def __init__(self, ui: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = ui
        self.ui.setupUi(self)
        self.fields: dict[str, QWidget] = {
            path: getattr(self.ui, name)
            for path, name in (*CUSTOMER_FIELDS, *self.business_fields, *SIGNAL_FIELDS)
        }
        self._enter = _EnterAsTab(self)
        self._searches: dict[str, ChoiceSearch] = {}
        for path, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                self._fill_combo(path, widget)
            self._watch(path, widget)
            if not isinstance(widget, QPlainTextEdit):
                widget.installEventFilter(self._enter)
        for label in (self.ui.idFactsLabel, self.ui.phoneFactsLabel, self.ui.historyLabel):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.ui.idNumberEdit.setFont(_monospace_like(self.ui.idNumberEdit))

    # -- building ---------------------------------------------------------------------------
    def _fill_combo(self, path: str, combo: QComboBox) -> None:
        combo.clear()
        null_label = NULL_CHOICE_LABELS.get(path)
        if null_label is not None:
            combo.addItem(translate("case_form", null_label), None)
        for value, label in choices(path):
            combo.addItem(label, value)
        combo.setCurrentIndex(self._empty_index(path, combo))
        search = self._searches.get(path) or ChoiceSearch(combo)
        self._searches[path] = search
        search.index()

    @staticmethod
    def _empty_index(path: str, combo: QComboBox) -> int:
        """The choice of an empty form: its default, its "not asked" entry, or none."""
        if path in DEFAULT_CHOICES:
            return combo.findData(DEFAULT_CHOICES[path])
        return 0 if path in NULL_CHOICE_LABELS else -1

    def _watch(self, path: str, widget: QWidget) -> None:
        emit: Callable[..., None] = lambda *_args: self.edited.emit(path)  # noqa: E731
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(emit)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(emit)
        elif isinstance(widget, QCheckBox):
            widget.checkStateChanged.connect(emit)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(emit)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(emit)
        else:  # pragma: no cover - a new widget type in a form must be handled here
            raise TypeError(f"{path}: unsupported widget {type(widget).__name__}")

    # -- values -----------------------------------------------------------------------------
    def value(self, path: str) -> Any:
        widget = self.fields[path]
        if isinstance(widget, MoneyEdit):
            return widget.raw_text() or None
        if isinstance(widget, QLineEdit):
            text = widget.text().strip()
            return text or None
        if isinstance(widget, QComboBox):
            return widget.currentData() if widget.currentIndex() >= 0 else None
        if isinstance(widget, NullableCheckBox):
            return widget.value()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        raise TypeError(path)  # pragma: no cover

    def values(self) -> dict[str, Any]:
        """Every field as ``{dotted path: value}``, in form (tab) order."""
        return {path: self.value(path) for path in self.fields}

    def has_input(self, paths: Iterable[str] | None = None) -> bool:
        """Whether anything has been typed, chosen or ticked (in ``paths``, default all)."""
        return any(
            value not in (None, "", False, 0) and value != DEFAULT_CHOICES.get(path)
            for path in (self.fields if paths is None else paths)
            for value in (self.value(path),)
        )

    def set_value(self, path: str, value: Any) -> None:
        widget = self.fields[path]
        if isinstance(widget, MoneyEdit):
            widget.set_amount(None if value is None else _decimal(value))
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(
                widget.findData(value) if value is not None else self._empty_index(path, widget)
            )
        elif isinstance(widget, NullableCheckBox):
            widget.set_value(value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value or 0))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value or "")

    def set_values(self, values: dict[str, Any]) -> None:
        for path, value in values.items():
            if path in self.fields:
                self.set_value(path, value)

    def clear(self) -> None:
        """Back to an empty form for the next customer."""
        for path, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                widget.clear()
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(self._empty_index(path, widget))
            elif isinstance(widget, NullableCheckBox):
                widget.set_value(None)
            elif isinstance(widget, QCheckBox):
                widget.setChecked(False)
            elif isinstance(widget, QSpinBox):
                widget.setValue(0)
            elif isinstance(widget, QPlainTextEdit):
                widget.clear()
        self.show_identity("")
        self.show_phone("")
        self.show_history("")
        self.mark_problems([])

    # -- what the presenter shows -----------------------------------------------------------
    def show_identity(self, html: str) -> None:
        self.ui.idFactsLabel.setText(html)

    def show_phone(self, html: str) -> None:
        self.ui.phoneFactsLabel.setText(html)

    def show_history(self, html: str) -> None:
        self.ui.historyLabel.setText(html)
        self.ui.historyLabel.setVisible(bool(html))

    def show_payee_account(self, html: str) -> None:
        label: QLabel | None = getattr(self.ui, "payeeAccountFactsLabel", None)
        if label is not None:
            label.setText(html)

    def mark_problems(self, paths: list[str]) -> None:
        """Outline the fields whose values are wrong (not the ones merely still empty)."""
        wrong = set(paths)
        for path, widget in self.fields.items():
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setStyleSheet(PROBLEM_STYLE if path in wrong else "")

    def focus_first(self) -> None:
        self.ui.idTypeCombo.setFocus(Qt.FocusReason.OtherFocusReason)


def _decimal(value: Any) -> Any:
    from decimal import Decimal

    return value if isinstance(value, Decimal) else Decimal(str(value))


def _monospace_like(widget: QWidget) -> Any:
    """The widget's font with tabular digits spaced a little wider: ID numbers read in groups."""
    font = widget.font()
    font.setLetterSpacing(font.SpacingType.AbsoluteSpacing, 1.0)
    return font


class OpeningFormView(CaseFormView):
    """个人开户."""

    kind = "opening"
    business_fields = OPENING_FIELDS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Ui_OpeningForm(), parent)


class TransferFormView(CaseFormView):
    """大额转账."""

    kind = "transfer"
    business_fields = TRANSFER_FIELDS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Ui_TransferForm(), parent)
