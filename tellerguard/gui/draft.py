"""Turn what is on a form into a case, or say in Chinese what is still missing or wrong.

Pure Python (no Qt), so it is fast enough to run on every keystroke and easy to test. The form
hands over flat dotted paths (``customer.id_number``); ``None`` on a required field means "not
filled yet", on a nullable field it means null (CASE_SCHEMA.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from tellerguard.domain import labels
from tellerguard.domain.case import MAX_AMOUNT, Case, CaseError, dump_case, parse_case
from tellerguard.domain.identity import IdProblem, check_id_number
from tellerguard.domain.phone import PhoneProblem, check_phone
from tellerguard.gui.i18n import translate

NULLABLE: frozenset[str] = frozenset(
    {
        "customer.employer",
        "customer.address",
        "opening.out_of_area_reason",
        "transfer.payee_bank",
        "transfer.payee_name",
        "opening.phone_in_own_name",
        "opening.customer_knows_purpose",
        "transfer.payee_is_personal_account",
        "transfer.refuses_family_contact",
    }
)
"""Fields where ``None`` is an answer (null), not a gap."""

ALLOW_EMPTY: frozenset[str] = frozenset({"notes"})
"""Required fields where empty text is a real answer (no notes)."""

_ACCOUNT = re.compile(r"[0-9A-Za-z]{6,34}")
MONEY_TEXT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
"""Yuan as typed, without separators: digits, at most two decimals, no exponent."""
_DECIMAL_TEXT = re.compile(r"[0-9]+(\.[0-9]+)?")
_PARTIAL_ID_TYPES = ("resident_id", "hmt_residence_permit")


def field_label(path: str) -> str:
    """The Chinese label of a field path, as the form shows it."""
    return labels.field_label(path)


@dataclass(frozen=True)
class Draft:
    """The outcome of reading a form: a case, or the gaps and problems that prevent one."""

    case: Case | None
    missing: list[str] = field(default_factory=list)
    """Required field paths still empty, in form order."""
    problems: list[tuple[str, str]] = field(default_factory=list)
    """``(field path, Chinese message)`` for values that are filled in but wrong."""
    incomplete: list[str] = field(default_factory=list)
    """Field paths typed but not to the end (a 7-digit mobile number): neither empty nor wrong
    yet, in form order."""

    @property
    def complete(self) -> bool:
        return self.case is not None

    def missing_labels(self) -> list[str]:
        return [field_label(path) for path in self.missing]

    def incomplete_texts(self) -> list[str]:
        """What the teller reads about each field not typed to the end: 手机号码不完整."""
        text = translate("draft", "{label}不完整")
        return [text.format(label=field_label(path)) for path in self.incomplete]


def _nest(values: Mapping[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path, value in values.items():
        node = data
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return data


def still_typing_id(id_type: str, number: str, problem: IdProblem) -> bool:
    """An 18-character number not typed to the end yet: incomplete, not wrong."""
    typed = re.sub(r"\s", "", number)
    return (
        problem.code == "length"
        and id_type in _PARTIAL_ID_TYPES
        and len(typed) < 18
        and typed.isdigit()
    )


def still_typing_phone(phone: str) -> bool:
    """A mobile number not typed to the end yet (1 followed by fewer than 10 digits)."""
    digits = re.sub(r"[\s-]", "", phone)
    return digits.isdigit() and digits.startswith("1") and len(digits) < 11


def _chinese_checks(values: Mapping[str, Any], on: date) -> tuple[list[str], list[tuple[str, str]]]:
    """(fields still being typed, problems) by the same checks the case model runs, worded
    for the teller."""
    typing: list[str] = []
    problems: list[tuple[str, str]] = []
    id_type, number = values.get("customer.id_type"), values.get("customer.id_number")
    if id_type and number:
        try:
            check_id_number(id_type, number, on=on)
        except IdProblem as exc:
            if still_typing_id(id_type, number, exc):
                typing.append("customer.id_number")
            else:
                problems.append(("customer.id_number", exc.message_zh))
    phone = values.get("customer.phone")
    if phone:
        try:
            check_phone(phone)
        except PhoneProblem as exc:
            if still_typing_phone(phone):
                typing.append("customer.phone")
            else:
                problems.append(("customer.phone", exc.message_zh))
    if values.get("transfer.amount"):
        message = amount_problem(str(values["transfer.amount"]))
        if message:
            problems.append(("transfer.amount", message))
    account = values.get("transfer.payee_account")
    if account and not _ACCOUNT.fullmatch(re.sub(r"[\s-]", "", account)):
        problems.append(
            ("transfer.payee_account", translate("draft", "收款账号应为6至34位字母或数字"))
        )
    return typing, problems


def amount_problem(raw: str) -> str | None:
    """What is wrong with an amount as typed (without separators), or ``None``."""
    text = raw.replace(",", "").strip()
    if not _DECIMAL_TEXT.fullmatch(text):
        return translate("draft", "金额格式不正确，如 100000.00")
    try:
        amount = Decimal(text)
    except InvalidOperation:  # pragma: no cover - guarded by the pattern
        return translate("draft", "金额格式不正确，如 100000.00")
    if not amount.is_finite() or amount <= 0:
        return translate("draft", "金额应大于0")
    if amount > MAX_AMOUNT:
        return translate("draft", "金额过大，请核对")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return translate("draft", "金额最多两位小数")
    return None


def build_case(kind: str, values: Mapping[str, Any], *, on: date) -> Draft:
    """Read a form's values (flat dotted paths, in form order) into a :class:`Draft`."""
    typing, problems = _chinese_checks(values, on)
    missing = [
        path
        for path, value in values.items()
        if path not in NULLABLE and path not in ALLOW_EMPTY and (value is None or value == "")
    ]
    if missing or problems or typing:
        incomplete = [path for path in values if path in typing]  # form order
        return Draft(None, missing, problems, incomplete)
    data = _nest(
        {
            path: (None if value == "" and path not in ALLOW_EMPTY else value)
            for path, value in values.items()
        }
    )
    data["kind"] = kind
    try:
        case = parse_case(data, on=on)
    except CaseError as exc:
        return Draft(
            None,
            [],
            [
                (path, _problem_text(path, message)) if path else ("", message)
                for path, message in exc.problems
            ],
        )
    return Draft(case)


_TOO_LONG = re.compile(r"at most (\d+) characters?")


def _problem_text(path: str, message: str) -> str:
    """What the teller reads about a field the case model refused: too long says how long
    it may be (a pasted page of notes only said 填写有误)."""
    label = field_label(path)
    if (long := _TOO_LONG.search(message)) is not None:
        return translate("draft", "{label}过长，最多 {count} 个字").format(
            label=label, count=long.group(1)
        )
    return translate("draft", "{label}填写有误").format(label=label)


def case_key(case: Case) -> str:
    """A stable key of a case's content (the same form values give the same key)."""
    return repr(dump_case(case))
