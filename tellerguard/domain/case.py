"""The case contract (shared/CASE_SCHEMA.md): what the teller types, as pydantic models.

Field names are fixed by the contract. Every field is required unless the contract says it is
optional; unknown fields are rejected; money is Decimal and never passes through float.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from tellerguard.domain.cards import normalize_account
from tellerguard.domain.identity import IdProblem, check_id_number
from tellerguard.domain.names import check_payee_name, check_person_name
from tellerguard.domain.phone import PhoneProblem, check_phone
from tellerguard.errors import TellerGuardError

IdType: TypeAlias = Literal[
    "resident_id",
    "hmt_residence_permit",
    "foreign_permanent_resident",
    "passport",
    "hk_macao_travel_permit",
    "taiwan_travel_permit",
]
Occupation: TypeAlias = Literal[
    "student",
    "migrant_worker",
    "farmer",
    "employee",
    "self_employed",
    "civil_servant",
    "retired",
    "unemployed",
    "freelancer",
    "other",
]
AccountClass: TypeAlias = Literal["I", "II", "III"]
OpeningPurpose: TypeAlias = Literal[
    "salary", "daily", "savings", "investment", "loan", "business", "pension", "subsidy", "other"
]
OutOfAreaReason: TypeAlias = Literal["work", "residence", "study", "family", "other"]
PayeeRelationship: TypeAlias = Literal[
    "self", "family", "friend", "business", "employer", "government", "online_only", "unknown"
]
TransferPurpose: TypeAlias = Literal[
    "family_support",
    "purchase",
    "repayment",
    "business",
    "investment",
    "loan_fee",
    "task_rebate",
    "game_trade",
    "safe_account",
    "tax_refund",
    "prize_fee",
    "credit_repair",
    "membership_cancel",
    "utility_bill",
    "lend_to_acquaintance",
    "romance",
    "other",
]

MAX_TEXT = 2000
"""Longest free text accepted (notes, addresses): a counter note, not a document."""

MAX_AMOUNT = Decimal("100000000000")
"""A transfer above ¥100 billion is a typing error, not a case."""

_MONEY_TEXT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
_ACCOUNT_FORM = re.compile(r"[0-9A-Za-z]{6,34}")


class ExponentNumber(str):
    """A JSON number written with an exponent (1e5): kept as text so the model can reject it."""


def _parse_json_float(text: str) -> Decimal | ExponentNumber:
    if "e" in text or "E" in text:
        return ExponentNumber(text)
    return Decimal(text)


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # dict() in C and one length comparison: a Python loop over the pairs cost a tenth of
    # parsing a case (issue 13); the loop runs only to name the duplicate.
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return result


def _parse_json_int(text: str) -> int | Decimal:
    # Python refuses to turn more than 4300 digits into an int (a guard against slow
    # conversions) with a message about sys.set_int_max_str_digits; a Decimal takes any
    # length, and the field it lands in then says what is wrong with the value.
    return int(text) if len(text) <= 32 else Decimal(text)


_DECODER = json.JSONDecoder(
    parse_float=_parse_json_float,
    parse_int=_parse_json_int,
    object_pairs_hook=_reject_duplicate_keys,
)
"""Made once: json.loads with hooks builds a new decoder and scanner on every call, which cost
more than parsing a case (issue 13)."""

_PLAIN_INT_DECODER = json.JSONDecoder(
    parse_float=_parse_json_float, object_pairs_hook=_reject_duplicate_keys
)
"""The same, with integers read by the scanner's own C code instead of a Python hook. It fails
(ValueError) only where :data:`_DECODER` would fail too or on an integer too long for int():
:func:`loads_json` then asks :data:`_DECODER`, whose answer is the one that counts."""


def loads_json(text: str | bytes) -> Any:
    """Parse JSON with numbers as Decimal (never float) and duplicate keys rejected."""
    # What json.loads does before decoding, for the same errors on the same input.
    if isinstance(text, bytes | bytearray):
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    elif text.startswith("\ufeff"):
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    try:
        return _PLAIN_INT_DECODER.decode(text)
    except ValueError:
        return _DECODER.decode(text)


def _to_money(value: object) -> Decimal:
    """Accept a decimal string, a JSON integer or a JSON decimal; at most 2 places, > 0."""
    if isinstance(value, bool):
        raise ValueError("amount must be a number of yuan, not true/false")
    if isinstance(value, ExponentNumber):
        raise ValueError("amount must be written without an exponent")
    if isinstance(value, float):
        raise ValueError("amount must be given as a decimal string, not a binary float")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        text = value.strip().replace(",", "")
        if not _MONEY_TEXT.fullmatch(text):
            raise ValueError("amount must be yuan like 50000.00 (digits, at most 2 decimals)")
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover - guarded by the pattern
            raise ValueError("amount is not a number") from exc
        # The pattern has already ruled out what the checks below look for (NaN, a third
        # decimal place): half the cost of an amount, the form of nearly every case.
        return _in_range(amount)
    else:
        raise ValueError("amount must be a decimal string or a number")
    if not amount.is_finite():
        raise ValueError("amount must be a finite number")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError("amount has more than 2 decimal places")
    return _in_range(amount)


_CENT = Decimal("0.01")


def _in_range(amount: Decimal) -> Decimal:
    """A finite amount of at most 2 places, checked for range and written with 2 places."""
    if amount <= 0:
        raise ValueError("amount must be greater than zero")
    if amount > MAX_AMOUNT:
        raise ValueError("amount is implausibly large")
    return amount.quantize(_CENT)


Money = Annotated[Decimal, BeforeValidator(_to_money)]
ShortText = Annotated[str, Field(max_length=100)]
LongText = Annotated[str, Field(max_length=MAX_TEXT)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Customer(_Model):
    name: Annotated[str, Field(min_length=1, max_length=60)]
    id_type: IdType
    id_number: Annotated[str, Field(min_length=1, max_length=40)]
    phone: Annotated[str, Field(min_length=1, max_length=30)]
    occupation: Occupation
    employer: ShortText | None
    address: Annotated[str, Field(max_length=200)] | None

    @field_validator("id_number")
    @classmethod
    def _valid_id_number(cls, value: str, info: ValidationInfo) -> str:
        id_type = info.data.get("id_type")
        if id_type is None:  # id_type itself is wrong; that error is reported on its own
            return value
        on = (info.context or {}).get("on")
        if not isinstance(on, date):  # a bug in the caller, not bad input
            raise TypeError("a case is validated on a business date: parse_case(..., on=DATE)")
        try:
            return check_id_number(id_type, value, on=on).normalized
        except IdProblem as exc:
            raise ValueError(exc.message_en) from None

    @field_validator("name")
    @classmethod
    def _valid_name(cls, value: str) -> str:
        return check_person_name(value)

    @field_validator("phone")
    @classmethod
    def _valid_phone(cls, value: str) -> str:
        try:
            return check_phone(value).normalized
        except PhoneProblem as exc:
            raise ValueError(exc.message_en) from None


class Opening(_Model):
    account_class: AccountClass
    purpose: OpeningPurpose
    existing_class1_here: Annotated[int, Field(ge=0, le=999)]
    existing_accounts_here: Annotated[int, Field(ge=0, le=999)]
    non_counter_services: bool
    out_of_area_reason: OutOfAreaReason | None
    local_work_or_residence_proof: bool
    phone_shared_with_others: bool
    batch_opening: bool
    phone_in_own_name: bool | None = None
    customer_knows_purpose: bool | None = None


class Transfer(_Model):
    amount: Money
    payee_name: Annotated[str, Field(max_length=100)] | None
    payee_account: Annotated[str, Field(min_length=1, max_length=40)]
    payee_bank: Annotated[str, Field(max_length=100)] | None

    @field_validator("payee_name")
    @classmethod
    def _valid_payee_name(cls, value: str | None) -> str | None:
        return value if not value else check_payee_name(value)

    payee_relationship: PayeeRelationship
    first_time_payee: bool
    purpose: TransferPurpose
    met_payee_in_person: bool
    verified_by_call: bool
    payee_claims_authority: bool
    promised_high_return: bool
    early_deposit_withdrawal: bool
    recent_inflow_from_strangers: bool
    payee_is_personal_account: bool | None = None
    cash: bool = False
    refuses_family_contact: bool | None = None

    @field_validator("payee_account")
    @classmethod
    def _account_form(cls, value: str) -> str:
        account = normalize_account(value)
        if not _ACCOUNT_FORM.fullmatch(account):
            raise ValueError("payee account must be 6 to 34 letters or digits")
        return account


class _CaseBase(_Model):
    customer: Customer
    accompanied: bool
    companion_answers_for_customer: bool
    by_agent: bool
    on_phone: bool
    screen_sharing: bool
    instructed_by_others: bool
    told_to_keep_secret: bool
    promised_reward: bool
    notes: LongText


class OpeningCase(_CaseBase):
    kind: Literal["opening"]
    opening: Opening


class TransferCase(_CaseBase):
    kind: Literal["transfer"]
    transfer: Transfer


Case: TypeAlias = OpeningCase | TransferCase
CaseKind: TypeAlias = Literal["opening", "transfer"]
CASE_KINDS: tuple[CaseKind, ...] = ("opening", "transfer")
CASE_MODELS: dict[str, type[OpeningCase] | type[TransferCase]] = {
    "opening": OpeningCase,
    "transfer": TransferCase,
}


class CaseError(TellerGuardError, ValueError):
    """A case that cannot be assessed; ``problems`` are ``(field path, message)`` pairs."""

    default_zh = "业务信息不完整或有误，请检查标红的栏目"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(self.lines()))

    def lines(self) -> list[str]:
        """One line per problem, each naming its field."""
        return [f"{path}: {message}" if path else message for path, message in self.problems]


def _path(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts)


def _problem_message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def errors_from_validation(exc: ValidationError) -> list[tuple[str, str]]:
    """Turn pydantic's errors into ``(field path, plain message)`` pairs."""
    return [(_path(tuple(err["loc"])), _problem_message(dict(err))) for err in exc.errors()]


def parse_case(data: object, *, on: date) -> Case:
    """Validate a decoded JSON object as a case on business date ``on`` (ages, future birth
    dates); raise :class:`CaseError` naming every field."""
    if not isinstance(data, dict):
        raise CaseError([("", "a case must be a JSON object")])
    kind = data.get("kind")
    if kind is None:
        raise CaseError([("kind", "field required (opening or transfer)")])
    model = CASE_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise CaseError([("kind", "must be 'opening' or 'transfer'")])
    try:
        return model.model_validate(data, context={"on": on})
    except ValidationError as exc:
        raise CaseError(errors_from_validation(exc)) from None


def parse_case_json(text: str | bytes, *, on: date) -> Case:
    """Parse one case from JSON text."""
    try:
        data = loads_json(text)
    except json.JSONDecodeError as exc:
        raise CaseError(
            [("", f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")]
        ) from None
    except ValueError as exc:
        raise CaseError([("", f"malformed JSON: {exc}")]) from None
    except RecursionError:
        raise CaseError([("", "malformed JSON: nested too deeply")]) from None
    return parse_case(data, on=on)


def dump_case(case: Case) -> dict[str, Any]:
    """The case as its JSON contract (money as a decimal string), for storage and round trips."""
    return case.model_dump(mode="json")
