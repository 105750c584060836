"""Facts derived from a case: what a teller would otherwise work out by hand.

Computed from the ID number and phone on a business date for a branch's region, never typed.
``History`` is the customer's recent record in this workstation's store (zero without one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from tellerguard.domain.cards import luhn_ok
from tellerguard.domain.case import Case, TransferCase
from tellerguard.domain.identity import PERSONAL_CACHE_SIZE, age_on, check_id_number
from tellerguard.domain.phone import PhoneProblem, check_phone
from tellerguard.domain.regions import FIRST_ISSUE_YEAR, out_of_area, place_of

OutOfArea = Literal["none", "city", "province", "not_applicable"]

# An organisation's name carries one of these; a person's does not. Used only when the teller
# did not say whether the payee account is personal (DOMAIN.md, XFER-OFFICIAL).
_ORGANISATION_MARKERS = re.compile(
    r"公司|有限|集团|局|中心|银行|医院|学校|大学|学院|委员会|政府|法院|检察院|公安|税务|社保|"
    r"供电|电力|事务所|协会|基金|合作社|研究院|研究所|厂|店|部|处|站|所|院|馆|会"
)


class Facts(NamedTuple):
    """Derived facts; names are part of the rule language (docs/RULES.md).

    Immutable (the cached answer is shared by every case of the customer). A named tuple,
    not a frozen dataclass: building one cost 1.6 µs against 0.5, made for every new
    customer (issue 13); rules read it by name only."""

    id_valid: bool
    birth_date: date | None
    age: int | None
    gender: Literal["male", "female"] | None
    home_region: str | None
    home_place: str | None
    home_province: str | None
    out_of_area: OutOfArea
    phone_region: str | None
    phone_carrier: str | None
    phone_virtual_operator: bool
    payee_account_luhn_ok: bool | None
    payee_personal_account: bool | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready facts (dates as ISO text), as a plain dict: every value is an immutable
        scalar, so nothing needs the deep copy ``dataclasses.asdict`` makes (20 µs of an
        assessment's 100, issue 13)."""
        data = dict(zip(self._fields, self, strict=True))
        if self.birth_date is not None:
            data["birth_date"] = self.birth_date.isoformat()
        return data


@dataclass(frozen=True, slots=True)
class History:
    """The customer's last 30 days in this store, found by the keyed hash of the ID number."""

    reminders_30d: int = 0
    dissuaded_30d: int = 0
    refusals_30d: int = 0
    police_referrals_30d: int = 0
    transfers_today_amount: Decimal = field(default=Decimal("0.00"))
    cash_today_amount: Decimal = field(default=Decimal("0.00"))

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["transfers_today_amount"] = str(self.transfers_today_amount)
        data["cash_today_amount"] = str(self.cash_today_amount)
        return data


NO_HISTORY = History()


def looks_like_person(name: str) -> bool:
    """Whether a payee name reads as a person's rather than an organisation's."""
    return _ORGANISATION_MARKERS.search(name) is None


def compute_facts(case: Case, *, branch_region: str, on: date) -> Facts:
    """Derive the facts of a validated case. The case model has already checked the ID."""
    return facts_and_json(case, branch_region=branch_region, on=on)[0]


def facts_and_json(case: Case, *, branch_region: str, on: date) -> tuple[Facts, Mapping[str, Any]]:
    """The facts and :meth:`Facts.as_dict` of them, made once for each cached answer (the
    mapping is shared: copy it before changing it)."""
    customer = case.customer
    payee = None
    if isinstance(case, TransferCase):
        transfer = case.transfer
        payee = (transfer.payee_account, transfer.payee_is_personal_account, transfer.payee_name)
    return _facts(customer.id_type, customer.id_number, customer.phone, payee, branch_region, on)


@lru_cache(maxsize=PERSONAL_CACHE_SIZE)
def _facts(
    id_type: str,
    id_number: str,
    phone_number: str,
    payee: tuple[str, bool | None, str | None] | None,
    branch_region: str,
    on: date,
) -> tuple[Facts, Mapping[str, Any]]:
    """The facts and their JSON form, from the only fields they depend on. Cached (bounded):
    a pure function of its arguments, asked again on every keystroke, and building the facts
    costs more than all their cached parts cost to look up (issue 13)."""
    identity = check_id_number(id_type, id_number, on=on)
    birth = identity.birth_date
    age = age_on(birth, on) if birth is not None else None
    home_place: str | None = None
    home_province: str | None = None
    area: OutOfArea = "not_applicable"
    if identity.home_region is not None:
        # Both read a birth year before the first ID numbers (1984) as 1984; asking so shares
        # one cached answer among everyone born before it (a new out_of_area costs ~30 µs).
        year = max(birth.year, FIRST_ISSUE_YEAR) if birth else None
        place = place_of(identity.home_region, year)
        if place is not None:
            home_place = place.name
            home_province = place.province
        if id_type == "resident_id":
            area = out_of_area(identity.home_region, branch_region, birth_year=year)
    try:
        phone = check_phone(phone_number)
        phone_region, phone_carrier = phone.region, phone.carrier
        virtual = phone.virtual_operator
    except PhoneProblem:
        phone_region = phone_carrier = None
        virtual = False
    luhn: bool | None = None
    personal: bool | None = None
    if payee is not None:
        account, said_personal, payee_name = payee
        luhn = luhn_ok(account)
        if said_personal is not None:
            personal = said_personal
        elif payee_name:
            personal = looks_like_person(payee_name)
    facts = Facts(
        id_valid=True,
        birth_date=birth,
        age=age,
        gender=identity.gender,
        home_region=identity.home_region,
        home_place=home_place,
        home_province=home_province,
        out_of_area=area,
        phone_region=phone_region,
        phone_carrier=phone_carrier,
        phone_virtual_operator=virtual,
        payee_account_luhn_ok=luhn,
        payee_personal_account=personal,
    )
    return facts, MappingProxyType(facts.as_dict())
