"""Presenters: the logic behind the forms and the risk panel, free of widget details.

``CasePresenter`` re-assesses on every edit, coalesced into the next turn of the event loop by a
zero-delay single-shot timer (no debounce: assessing takes microseconds). It reads the form
through the view's ``values()``, builds the case with :mod:`tellerguard.gui.draft`, asks the
session for the customer's 30-day history and calls the engine.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from tellerguard.domain.assessment import Assessment
from tellerguard.domain.cards import luhn_ok, normalize_account
from tellerguard.domain.case import Case
from tellerguard.domain.facts import History
from tellerguard.domain.identity import IdProblem, age_on, check_id_number
from tellerguard.domain.phone import PhoneProblem, check_phone
from tellerguard.domain.regions import out_of_area, place_of
from tellerguard.gui.draft import (
    Draft,
    build_case,
    field_label,
    still_typing_id,
    still_typing_phone,
)
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.gui.style import ERROR_COLOUR, MUTED_COLOUR, OK_COLOUR
from tellerguard.gui.views.case_form import CaseFormView
from tellerguard.gui.views.risk_panel import RiskPanel

log = logging.getLogger("tellerguard.gui.presenters")

_AREA_TEXT = {
    "none": QT_TRANSLATE_NOOP("presenters", "本地"),
    "city": QT_TRANSLATE_NOOP("presenters", "异地（省内其他城市）"),
    "province": QT_TRANSLATE_NOOP("presenters", "异地（外省）"),
}
_GENDER_TEXT = {
    "male": QT_TRANSLATE_NOOP("presenters", "男"),
    "female": QT_TRANSLATE_NOOP("presenters", "女"),
}


class AssessContext(Protocol):
    """What the presenter needs from the logged-in session."""

    @property
    def branch_region(self) -> str: ...

    def assess(self, case: Case, *, on: date, history: History | None = None) -> Assessment: ...

    def business_date(self) -> date: ...

    def history(self, id_type: str, id_number: str) -> History: ...


# -- derived facts as the teller sees them -----------------------------------------------------
def _span(text: str, colour: str) -> str:
    return f'<span style="color:{colour};">{escape(text)}</span>'


def describe_identity(
    id_type: str | None, number: str | None, *, on: date, branch_region: str
) -> str:
    """HTML shown beside the ID number as it is typed: facts, progress, or what is wrong."""
    if not number:
        return ""
    if not id_type:
        return _span(translate("presenters", "请先选择证件类型"), MUTED_COLOUR)
    try:
        facts = check_id_number(id_type, number, on=on)
    except IdProblem as exc:
        if still_typing_id(id_type, number, exc):
            typed = len(number.replace(" ", ""))
            return _span(
                translate("presenters", "已输入 {typed} 位，共 18 位").format(typed=typed),
                MUTED_COLOUR,
            )
        return _span(f"✗ {exc.message_zh}", ERROR_COLOUR)
    parts: list[str] = []
    if facts.birth_date is not None:
        parts.append(translate("presenters", "{age} 岁").format(age=age_on(facts.birth_date, on)))
    if facts.gender is not None:
        parts.append(translate("presenters", _GENDER_TEXT[facts.gender]))
    area, local = "", False
    if facts.home_region is not None:
        year = facts.birth_date.year if facts.birth_date else None
        place = place_of(facts.home_region, year)
        parts.append(
            translate("presenters", "发证地 {place}").format(place=place.name)
            if place
            else translate("presenters", "地区码 {code}（未收录）").format(code=facts.home_region)
        )
        if id_type == "resident_id":
            key = out_of_area(facts.home_region, branch_region, birth_year=year)
            if key in _AREA_TEXT:
                area, local = translate("presenters", _AREA_TEXT[key]), key == "none"
    comma = translate("presenters", "，")
    html = _span(
        "✓ " + comma.join(parts) if parts else translate("presenters", "✓ 号码格式正确"), OK_COLOUR
    )
    if area:
        colour = OK_COLOUR if local else ERROR_COLOUR
        html += comma + _span(area, colour)
    if facts.birth_date is None:
        html += translate("presenters", "；") + _span(
            translate("presenters", "证件号码不含出生日期，请人工核对年龄"), MUTED_COLOUR
        )
    return html


def describe_phone(phone: str | None) -> str:
    """HTML beside the phone number: region and carrier, or what is wrong."""
    if not phone:
        return ""
    try:
        facts = check_phone(phone)
    except PhoneProblem as exc:
        if still_typing_phone(phone):
            digits = phone.replace(" ", "").replace("-", "")
            return _span(
                translate("presenters", "已输入 {typed} 位，共 11 位").format(typed=len(digits)),
                MUTED_COLOUR,
            )
        return _span(f"✗ {exc.message_zh}", ERROR_COLOUR)
    comma = translate("presenters", "，")
    where = comma.join(p for p in (facts.region, facts.carrier) if p) or translate(
        "presenters", "号码格式正确"
    )
    html = _span(f"✓ {where}", OK_COLOUR)
    if facts.virtual_operator:
        html += comma + _span(translate("presenters", "虚拟运营商号段"), ERROR_COLOUR)
    return html


def describe_payee_account(account: str | None) -> str:
    if not account:
        return ""
    number = normalize_account(account)
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return ""
    if luhn_ok(number):
        return _span(translate("presenters", "✓ 卡号校验通过"), OK_COLOUR)
    return _span(translate("presenters", "卡号校验未通过：请核对（对公账号可忽略）"), MUTED_COLOUR)


def describe_history(history: History) -> str:
    """The customer's last 30 days here, loud when they were dissuaded or refused."""
    counts = [
        (translate("presenters", "二次提醒"), history.reminders_30d),
        (translate("presenters", "劝阻成功"), history.dissuaded_30d),
        (translate("presenters", "拒绝办理"), history.refusals_30d),
        (translate("presenters", "移交公安"), history.police_referrals_30d),
    ]
    if not any(n for _, n in counts):
        return _span(
            translate("presenters", "本网点近30天无该客户的提醒、劝阻或拒绝记录"), MUTED_COLOUR
        )
    times = translate("presenters", "{name} {n} 次")
    text = translate("presenters", "，").join(
        times.format(name=name, n=n) for name, n in counts if n
    )
    serious = history.dissuaded_30d or history.refusals_30d or history.police_referrals_30d
    colour = ERROR_COLOUR if serious else MUTED_COLOUR
    warning = translate("presenters", "（曾被劝阻或拒绝后再次前来，请特别留意）") if serious else ""
    record = translate("presenters", "近30天记录：{records}{warning}")
    return (
        f'<b style="color:{colour};">'
        + record.format(records=escape(text), warning=warning)
        + "</b>"
    )


HISTORY_UNAVAILABLE = History(reminders_30d=-1)
"""Marker: the store could not be asked (shown to the teller, not passed to the rules)."""


# -- the presenter -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Current:
    """The case on the form and what the engine said about it."""

    draft: Draft
    assessment: Assessment | None = None
    history: History | None = None

    @property
    def case(self) -> Case | None:
        return self.draft.case


class CasePresenter(QObject):
    """Keeps one form's risk panel in step with what is typed."""

    assessed = Signal(object)
    """Emitted after each refresh with the :class:`Current` state."""

    def __init__(
        self,
        form: CaseFormView,
        panel: RiskPanel,
        context: AssessContext,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.panel = panel
        self.context = context
        self.active = True
        self.current = Current(Draft(None))
        self._history_key: tuple[str, str] | None = None
        self._history: History | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        form.edited.connect(self._edited)

    def _edited(self, _path: str) -> None:
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> Current:
        """Refresh now if an edit is pending (before finishing), and return the state."""
        if self._timer.isActive():
            self._timer.stop()
            self.refresh()
        return self.current

    def history_for(self, id_type: str, id_number: str) -> History:
        key = (id_type, id_number)
        if key != self._history_key or self._history is None:
            self._history = self.context.history(id_type, id_number)
            self._history_key = key
        return self._history

    def forget_history(self) -> None:
        """After recording an event the customer's history has changed."""
        self._history_key = None
        self._history = None

    def refresh(self) -> None:
        values = self.form.values()
        on = self.context.business_date()
        id_type, number = values.get("customer.id_type"), values.get("customer.id_number")
        self.form.show_identity(
            describe_identity(id_type, number, on=on, branch_region=self.context.branch_region)
        )
        self.form.show_phone(describe_phone(values.get("customer.phone")))
        self.form.show_payee_account(describe_payee_account(values.get("transfer.payee_account")))
        draft = build_case(self.form.kind, values, on=on)
        self.form.mark_problems([path for path, _ in draft.problems])
        history = self._history_if_identified(id_type, number, on)
        if history is HISTORY_UNAVAILABLE:
            self.form.show_history(
                _span(self.tr("近30天记录暂时无法读取，请人工询问客户近期是否办理过"), ERROR_COLOUR)
            )
            history = None
        else:
            self.form.show_history(describe_history(history) if history is not None else "")
        if draft.case is None:
            self.current = Current(draft, None, history)
            if self.active:
                self.panel.show_incomplete(
                    draft.missing_labels(),
                    [(field_label(path), message) for path, message in draft.problems],
                    draft.incomplete_texts(),
                )
        else:
            assessment = self.context.assess(draft.case, on=on, history=history)
            self.current = Current(draft, assessment, history)
            if self.active:
                self.panel.show_assessment(assessment)
        self.assessed.emit(self.current)

    def _history_if_identified(
        self, id_type: str | None, number: str | None, on: date
    ) -> History | None:
        if not id_type or not number:
            return None
        try:
            normalized = check_id_number(id_type, number, on=on).normalized
        except IdProblem:
            return None
        try:
            return self.history_for(id_type, normalized)
        except Exception:
            # History is a help, not a gate: a store that cannot be read must not stop typing.
            log.exception("customer history lookup failed")
            return HISTORY_UNAVAILABLE
