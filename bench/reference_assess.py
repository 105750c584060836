"""The straightforward assessment path, kept as the yardstick for the fast one.

This is ``tellerguard.engine.assess`` as it was before issue 13's speed-ups: every step
validates again what the step before it made (each hit and the result through pydantic), the
facts are copied with ``dataclasses.asdict``, and nothing is cached — the ID number, the phone
and the region are worked out from scratch on every call (through ``__wrapped__`` where the
fast path puts a cache in front). ``bench/bench_engine.py`` times it beside the fast path, and
``tests/unit/test_assess_reference.py`` checks that both give the very same assessment, so a
speed-up can never change a verdict.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from tellerguard.domain import identity, phone, regions
from tellerguard.domain.assessment import Assessment, Hit, ListRef, RulePackRef
from tellerguard.domain.cards import luhn_ok
from tellerguard.domain.case import (
    CASE_MODELS,
    Case,
    CaseError,
    TransferCase,
    _parse_json_float,
    errors_from_validation,
)
from tellerguard.domain.facts import NO_HISTORY, Facts, History, OutOfArea, looks_like_person
from tellerguard.domain.format import format_value
from tellerguard.domain.levels import LEVEL_RANK, highest
from tellerguard.engine.lists import NO_LISTS, BoundLists
from tellerguard.engine.pack import ADDRESS_TOKEN, CompiledRule, RulePack


def _uncached(fn: Any) -> Any:
    return getattr(fn, "__wrapped__", fn)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _int(text: str) -> int | Decimal:
    return int(text) if len(text) <= 32 else Decimal(text)


def reference_parse(text: str, *, on: date) -> Case:
    """JSON (numbers as Decimal, duplicate keys refused) validated as a case."""
    data = json.loads(text, parse_float=_parse_json_float, parse_int=_int, object_pairs_hook=_pairs)
    try:
        return CASE_MODELS[data["kind"]].model_validate(data, context={"on": on})
    except ValidationError as exc:
        raise CaseError(errors_from_validation(exc)) from None


def reference_facts(case: Case, *, branch_region: str, on: date) -> Facts:
    customer = case.customer
    ident = _uncached(identity.check_id_number)(customer.id_type, customer.id_number, on=on)
    birth = ident.birth_date
    age = identity.age_on(birth, on) if birth is not None else None
    home_place: str | None = None
    home_province: str | None = None
    area: OutOfArea = "not_applicable"
    if ident.home_region is not None:
        place = _uncached(regions.place_of)(ident.home_region, birth.year if birth else None)
        if place is not None:
            home_place = place.name
            home_province = place.province
        if customer.id_type == "resident_id":
            area = _uncached(regions.out_of_area)(
                ident.home_region, branch_region, birth_year=birth.year if birth else None
            )
    try:
        checked = _uncached(phone.check_phone)(customer.phone)
        phone_region, phone_carrier = checked.region, checked.carrier
        virtual = checked.virtual_operator
    except phone.PhoneProblem:
        phone_region = phone_carrier = None
        virtual = False
    luhn: bool | None = None
    personal: bool | None = None
    if isinstance(case, TransferCase):
        transfer = case.transfer
        luhn = luhn_ok(transfer.payee_account)
        if transfer.payee_is_personal_account is not None:
            personal = transfer.payee_is_personal_account
        elif transfer.payee_name:
            personal = looks_like_person(transfer.payee_name)
    return Facts(
        id_valid=True,
        birth_date=birth,
        age=age,
        gender=ident.gender,
        home_region=ident.home_region,
        home_place=home_place,
        home_province=home_province,
        out_of_area=area,
        phone_region=phone_region,
        phone_carrier=phone_carrier,
        phone_virtual_operator=virtual,
        payee_account_luhn_ok=luhn,
        payee_personal_account=personal,
    )


def _facts_dict(facts: Facts) -> dict[str, Any]:
    # dataclasses.asdict (a deep copy) while Facts was a dataclass; a named tuple since.
    data = copy.deepcopy(facts._asdict())
    if facts.birth_date is not None:
        data["birth_date"] = facts.birth_date.isoformat()
    return data


def _hit(
    compiled: CompiledRule,
    case: Any,
    facts: Facts,
    history: History,
    lists: BoundLists,
    address: str,
) -> Hit:
    raw = compiled.values(
        case,
        case.customer,
        getattr(case, "opening", None),
        getattr(case, "transfer", None),
        facts,
        history,
        lists,
    )
    values: dict[str, str] = {}
    parts: list[str] = []
    index = 0
    for piece in compiled.template:
        if isinstance(piece, str):
            parts.append(piece)
            continue
        shown = format_value(raw[index], piece.label)
        index += 1
        values[piece.text] = shown
        parts.append(shown)
    rule = compiled.rule
    return Hit(
        rule_id=rule.id,
        level=rule.level,
        title=rule.title,
        explanation="".join(parts),
        tags=list(rule.tags),
        values=values,
        script=[line.replace(ADDRESS_TOKEN, address) for line in rule.script],
        questions=list(rule.questions),
        references=list(rule.references),
        police_referral=rule.police_referral,
    )


def reference_assess(
    pack: RulePack,
    case: Case,
    *,
    branch_region: str,
    on: date,
    history: History = NO_HISTORY,
    lists: BoundLists = NO_LISTS,
) -> Assessment:
    """The assessment as the straightforward path computes it, validated at every step."""
    facts = reference_facts(case, branch_region=branch_region, on=on)
    address = pack.address_for(facts)
    bound = lists.for_pack({i: spec.title for i, spec in pack.lists.items()})
    hits = [
        _hit(pack.rules[i], case, facts, history, bound, address)
        for i in pack.matching(case, facts, history, bound)
    ]
    hits.sort(key=lambda h: (-LEVEL_RANK[h.level], h.rule_id))
    return Assessment(
        level=highest([hit.level for hit in hits]),
        hits=hits,
        facts=_facts_dict(facts),
        rule_pack=RulePackRef(id=pack.id, version=pack.version, sha256=pack.sha256),
        business_date=on.isoformat(),
        branch_region=branch_region,
        lists=[ListRef.model_validate(ref.model_dump()) for ref in lists.refs(pack.lists)],
    )


def reference_assess_json(pack: RulePack, text: str, *, branch_region: str, on: date) -> Assessment:
    """The whole path from the JSON text, as the CLI and the bench give it."""
    return reference_assess(pack, reference_parse(text, on=on), branch_region=branch_region, on=on)
