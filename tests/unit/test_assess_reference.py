"""The fast assessment path gives the very assessment the straightforward one gives.

Issue 13 made ``assess`` several times faster: the ID number and phone are checked once and
cached, facts are copied as a plain dict, risk-list bindings are kept per pack. The reference
path (bench/reference_assess.py) is the code before that, with no cache and every step
validated again. Both must agree — level, hits, explanations, facts, list references — on the
examples, the rule pack's own examples with their histories and lists, thousands of
ordinary-day customers, and hypothesis' variations on any business date, so a speed-up can
never change a verdict. The fast path's result must also pass the contract's own validation.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tellerguard.domain.assessment import Assessment
from tellerguard.domain.case import (
    CaseError,
    Occupation,
    PayeeRelationship,
    TransferPurpose,
    parse_case,
    parse_case_json,
)
from tellerguard.domain.facts import NO_HISTORY, History
from tellerguard.domain.identity import check_digit
from tellerguard.engine.assess import assess
from tellerguard.engine.lists import NO_LISTS, BoundLists, example_lists
from tellerguard.engine.pack import RulePack, load_pack
from tellerguard.engine.selftest import apply_set, history_from, run_example
from tellerguard.resources import default_rules_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from ordinary_day import BRANCH_REGION, ON, ordinary_cases
from reference_assess import reference_assess, reference_parse

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def pack() -> RulePack:
    return load_pack(default_rules_dir())


def same(
    pack: RulePack,
    case: Any,
    *,
    on: date,
    region: str = BRANCH_REGION,
    history: History = NO_HISTORY,
    lists: BoundLists = NO_LISTS,
) -> Assessment:
    fast = assess(pack, case, branch_region=region, on=on, history=history, lists=lists)
    slow = reference_assess(pack, case, branch_region=region, on=on, history=history, lists=lists)
    assert fast == slow
    assert fast.model_dump(mode="json") == slow.model_dump(mode="json")
    # What the engine built without a second validation is a valid assessment all the same.
    assert Assessment.model_validate(fast.model_dump()) == fast
    # engine_made sets what validation would: the fields given, the same JSON.
    assert fast.model_fields_set == slow.model_fields_set
    assert [h.model_fields_set for h in fast.hits] == [h.model_fields_set for h in slow.hits]
    assert fast.model_dump_json() == slow.model_dump_json()
    return fast


def test_each_assessment_has_lists_and_facts_of_its_own(pack: RulePack) -> None:
    """Hits and facts are built without validation, which would have copied them: changing
    one assessment (a bug, but possible) must not change the rule or the next assessment."""
    text = (EXAMPLES / "04_safe_account.json").read_text(encoding="utf-8")
    case = parse_case_json(text, on=ON)
    first = assess(pack, case, branch_region=BRANCH_REGION, on=ON)
    expected = first.model_dump(mode="json")
    assert first.hits
    for hit in first.hits:
        hit.tags.append("changed")
        hit.script.append("changed")
        hit.questions.append("changed")
        hit.references.append("changed")
        hit.values["changed"] = "changed"
    first.facts["age"] = -1
    assert first.lists
    first.lists.clear()
    again = assess(pack, case, branch_region=BRANCH_REGION, on=ON)
    assert again.model_dump(mode="json") == expected


def test_every_example_file_is_assessed_as_by_the_reference_path(pack: RulePack) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.json"))]
    texts += (EXAMPLES / "batch.jsonl").read_text(encoding="utf-8").splitlines()
    levels = set()
    for text in filter(None, texts):
        levels.add(same(pack, parse_case_json(text, on=ON), on=ON).level)
        assert parse_case_json(text, on=ON) == reference_parse(text, on=ON)
    assert len(texts) >= 12 and {"pass", "refuse"} <= levels  # the examples span the levels


def test_every_rule_example_with_its_history_and_lists(pack: RulePack) -> None:
    assert pack.bases is not None
    checked = 0
    for compiled in pack.rules:
        for example in compiled.rule.examples:
            day = example.on or pack.bases.defaults.on
            region = example.branch_region or pack.bases.defaults.branch_region
            declared = {i: (spec.key, spec.title) for i, spec in pack.lists.items()}
            lists = example_lists(declared, example.lists)
            case = parse_case(apply_set(pack.bases.cases[example.base], example.set), on=day)
            history = history_from(example.history)
            fast = same(pack, case, on=day, region=region, history=history, lists=lists)
            assert fast == run_example(pack, example)[0]
            checked += 1
    assert checked > 200


def test_thousands_of_ordinary_customers(pack: RulePack) -> None:
    hits = 0
    for data in ordinary_cases(3000, seed=77):
        text = json.dumps(data, ensure_ascii=False)
        case = parse_case_json(text, on=ON)
        assert case == reference_parse(text, on=ON)
        hits += len(same(pack, case, on=ON).hits)
    assert hits > 1000  # ordinary customers do meet reminders (the alert-load budget)


def test_the_same_customer_on_another_day_is_not_answered_from_the_cache(pack: RulePack) -> None:
    # The ID check is cached by (type, number, business date): a birthday in between changes
    # the age and with it the rules that fire.
    data = ordinary_cases(1, seed=5)[0]
    birth = date(1956, 6, 1)
    first17 = f"410102{birth:%Y%m%d}123"
    data["customer"]["id_number"] = first17 + check_digit(first17)
    ages = set()
    for day in (date(2026, 5, 31), date(2026, 6, 1), date(2026, 5, 31)):
        ages.add(same(pack, parse_case(data, on=day), on=day).facts["age"])
    assert ages == {69, 70}


_REGIONS = ["410102", "410105", "410302", "411627", "440305", "500103", "110105", "460100"]
_NOTES = ["", "给孩子交学费", "对方说是公检法，要求转到安全账户", "网上认识的老师带我投资"]
_BOOLEAN_FLAGS = (
    "accompanied",
    "companion_answers_for_customer",
    "by_agent",
    "on_phone",
    "screen_sharing",
    "instructed_by_others",
    "told_to_keep_secret",
    "promised_reward",
)


@st.composite
def varied_cases(draw: st.DrawFn) -> tuple[dict[str, Any], date, History]:
    """An ordinary customer with hypothesis' choice of the things the rules look at."""
    data = ordinary_cases(1, seed=draw(st.integers(0, 10**6)))[0]
    on = draw(st.dates(date(2020, 1, 1), date(2035, 12, 31)))
    birth = draw(st.dates(date(1925, 1, 1), date(2012, 12, 31)))
    first17 = f"{draw(st.sampled_from(_REGIONS))}{birth:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    customer = data["customer"]
    customer["id_number"] = first17 + check_digit(first17)
    customer["occupation"] = draw(st.sampled_from(get_args(Occupation)))
    customer["phone"] = draw(st.sampled_from(["13837101234", "17012345678", "0371-65551234"]))
    for flag in _BOOLEAN_FLAGS:
        data[flag] = draw(st.booleans())
    data["notes"] = draw(st.sampled_from(_NOTES))
    if data["kind"] == "transfer":
        transfer = data["transfer"]
        transfer["amount"] = str(draw(st.decimals(Decimal("0.01"), Decimal("900000"), places=2)))
        transfer["payee_relationship"] = draw(st.sampled_from(get_args(PayeeRelationship)))
        transfer["purpose"] = draw(st.sampled_from(get_args(TransferPurpose)))
        transfer["first_time_payee"] = draw(st.booleans())
        transfer["payee_is_personal_account"] = draw(st.sampled_from([None, True, False]))
    history = History(
        reminders_30d=draw(st.integers(0, 3)),
        refusals_30d=draw(st.integers(0, 1)),
        transfers_today_amount=Decimal(draw(st.integers(0, 300_000))),
    )
    return data, on, history


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(varied_cases())
def test_hypothesis_variations_on_any_day(pack: RulePack, drawn: Any) -> None:
    data, on, history = drawn
    text = json.dumps(data, ensure_ascii=False)
    try:
        case = parse_case_json(text, on=on)
    except CaseError as fast_error:
        # A birth after the business date: both paths refuse it, naming the same fields.
        with pytest.raises(CaseError) as slow_error:
            reference_parse(text, on=on)
        assert fast_error.problems == slow_error.value.problems
        return
    assert case == reference_parse(text, on=on)
    same(pack, case, on=on, history=history)
