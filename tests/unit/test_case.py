"""The case contract: exact fields, Decimal money, every error naming its field path."""

from __future__ import annotations

import copy
import json
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tellerguard.domain.case import CaseError, dump_case, parse_case, parse_case_json
from tellerguard.domain.names import (
    HAN_RANGE,
    NAME_JOINERS,
    ORGANISATION_EXTRA,
    check_payee_name,
    check_person_name,
)

ON = date(2026, 11, 25)

OPENING: dict[str, Any] = {
    "kind": "opening",
    "customer": {
        "name": "王秀兰",
        "id_type": "resident_id",
        "id_number": "410102195403150028",
        "phone": "13903960000",
        "occupation": "retired",
        "employer": None,
        "address": "郑州市中原区",
    },
    "accompanied": False,
    "companion_answers_for_customer": False,
    "by_agent": False,
    "on_phone": False,
    "screen_sharing": False,
    "instructed_by_others": False,
    "told_to_keep_secret": False,
    "promised_reward": False,
    "notes": "",
    "opening": {
        "account_class": "I",
        "purpose": "pension",
        "existing_class1_here": 0,
        "existing_accounts_here": 0,
        "non_counter_services": True,
        "out_of_area_reason": None,
        "local_work_or_residence_proof": False,
        "phone_shared_with_others": False,
        "batch_opening": False,
    },
}
TRANSFER: dict[str, Any] = {
    **{k: v for k, v in OPENING.items() if k != "opening"},
    "kind": "transfer",
    "transfer": {
        "amount": "50000.00",
        "payee_name": "李明",
        "payee_account": "6222021234567890128",
        "payee_bank": "中国农业银行",
        "payee_relationship": "friend",
        "first_time_payee": True,
        "purpose": "lend_to_acquaintance",
        "met_payee_in_person": True,
        "verified_by_call": False,
        "payee_claims_authority": False,
        "promised_high_return": False,
        "early_deposit_withdrawal": False,
        "recent_inflow_from_strangers": False,
    },
}


def problems(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(CaseError) as info:
        parse_case(data, on=ON)
    return info.value.problems


def with_change(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(base)
    *parents, last = path.split(".")
    target = data
    for part in parents:
        target = target[part]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


def test_schema_examples_round_trip_losslessly() -> None:
    for data in (OPENING, TRANSFER):
        case = parse_case(data, on=ON)
        assert dump_case(case) == {
            **data,
            **(
                {
                    "transfer": {
                        **data["transfer"],
                        "payee_is_personal_account": None,
                        "cash": False,
                        "refuses_family_contact": None,
                    }
                }
                if data["kind"] == "transfer"
                else {
                    "opening": {
                        **data["opening"],
                        "phone_in_own_name": None,
                        "customer_knows_purpose": None,
                    }
                }
            ),
        }
        again = parse_case(dump_case(case), on=ON)
        assert again == case


def test_json_numbers_become_decimal_never_float() -> None:
    text = json.dumps(TRANSFER).replace('"50000.00"', "50000.10")
    case = parse_case_json(text, on=ON)
    assert case.transfer.amount == Decimal("50000.10")  # type: ignore[union-attr]
    text = json.dumps(TRANSFER).replace('"50000.00"', "0.3")
    assert parse_case_json(text, on=ON).transfer.amount == Decimal("0.30")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("customer.id_number", "410102195403150027", ("customer.id_number", "check digit")),
        ("customer.id_number", "410102195402300020", ("customer.id_number", "date")),
        ("customer.occupation", "astronaut", ("customer.occupation", "must be one of")),
        ("customer.name", KeyError, ("customer.name", "field required")),
        ("customer.nickname", "x", ("customer.nickname", "unknown field")),
        ("on_phone", "yes", ("on_phone", "")),
        ("on_phone", None, ("on_phone", "")),
        ("transfer.amount", "-5.00", ("transfer.amount", "")),
        ("transfer.amount", "0", ("transfer.amount", "greater than zero")),
        ("transfer.amount", "12.345", ("transfer.amount", "")),
        ("transfer.amount", "1e5", ("transfer.amount", "")),
        ("transfer.amount", 1.5, ("transfer.amount", "float")),
        ("transfer.amount", True, ("transfer.amount", "true/false")),
        ("transfer.amount", "999999999999999", ("transfer.amount", "implausibly large")),
        ("transfer.payee_relationship", "cousin", ("transfer.payee_relationship", "one of")),
        ("notes", "备" * 5000, ("notes", "")),
    ],
)
def test_bad_fields_are_named(path: str, value: Any, expected: tuple[str, str]) -> None:
    found = problems(with_change(TRANSFER, path, value))
    assert any(p == expected[0] and expected[1] in m for p, m in found), found


def test_exponent_json_number_is_refused() -> None:
    text = json.dumps(TRANSFER).replace('"50000.00"', "5e4")
    with pytest.raises(CaseError) as info:
        parse_case_json(text, on=ON)
    assert info.value.problems == [
        ("transfer.amount", "amount must be written without an exponent")
    ]


def test_malformed_json_and_wrong_shapes() -> None:
    with pytest.raises(CaseError, match="malformed JSON at line 1"):
        parse_case_json("{", on=ON)
    with pytest.raises(CaseError, match="duplicate key 'kind'"):
        parse_case_json('{"kind": "opening", "kind": "transfer"}', on=ON)
    nested = json.dumps(TRANSFER, ensure_ascii=False).replace(
        '"customer": {', '"customer": {"phone": "13800000000", ', 1
    )
    with pytest.raises(CaseError, match="duplicate key 'phone'"):
        parse_case_json(nested, on=ON)
    assert problems([1, 2]) == [("", "a case must be a JSON object")]
    assert problems({}) == [("kind", "field required (opening or transfer)")]
    assert problems({**OPENING, "kind": "loan"}) == [("kind", "must be 'opening' or 'transfer'")]


def test_opening_fields_are_not_accepted_on_a_transfer() -> None:
    data = {**TRANSFER, "opening": OPENING["opening"]}
    assert ("opening", "unknown field") in problems(data)


def test_every_error_is_reported_not_just_the_first() -> None:
    data = with_change(with_change(TRANSFER, "transfer.amount", "0"), "customer.occupation", "x")
    paths = {p for p, _ in problems(data)}
    assert {"transfer.amount", "customer.occupation"} <= paths


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999999"), places=2))
def test_any_two_place_amount_round_trips(amount: Decimal) -> None:
    case = parse_case(with_change(TRANSFER, "transfer.amount", str(amount)), on=ON)
    assert dump_case(case)["transfer"]["amount"] == str(amount)


_HOSTILE_AMOUNT = st.one_of(
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
    st.integers(min_value=1, max_value=6000).map(lambda n: "1" + "0" * n + ".55"),
    st.integers(min_value=4290, max_value=4400).map(lambda n: "-" + "7" * n),
    st.sampled_from(["1e5000", "-0", "0.001", "NaN", "Infinity", "1_000", "１２３", "12.3.4"]),
    st.text(alphabet="0123456789.,-+eE ", min_size=1, max_size=40),
)


@settings(deadline=None)  # the first example pays for loading the region tables
@given(amount=_HOSTILE_AMOUNT, as_number=st.booleans())
def test_a_huge_or_hostile_amount_gets_a_clean_field_error(amount: str, as_number: bool) -> None:
    """A 5,000-digit amount, as a JSON number or a string, is refused with a line naming the
    field: never Python's own words (int_max_str_digits, Decimal, a traceback)."""
    data = copy.deepcopy(TRANSFER)
    data["transfer"]["amount"] = "__AMOUNT__"
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace('"__AMOUNT__"', amount if as_number else json.dumps(amount))
    try:
        case = parse_case_json(text, on=date(2026, 11, 25))
    except CaseError as exc:
        lines = exc.lines()
        assert lines and all(len(line) < 300 for line in lines)
        joined = "\n".join(lines)
        for internal in ("int_max_str_digits", "sys.", "Decimal(", "Traceback", "(4300"):
            assert internal not in joined, joined
        assert joined.startswith(("transfer.amount: ", "malformed JSON")), joined
    else:
        assert case.transfer is not None
        assert Decimal("0") < case.transfer.amount <= Decimal("100000000000")


REAL_NAMES = (
    "张伟",
    "欧阳娜娜",
    "阿依古丽·买买提",
    "迪丽热巴•迪力木拉提",
    "扎西．次仁",
    "陳大文 CHAN Tai Man",
    "Mary-Jane O'Brien",
    "J. SMITH",
    "Nguyễn Văn An",
    "ЕЛЕНА ИВАНОВА",
)
HOSTILE_NAMES = (
    '=HYPERLINK("http://x","y")',
    "+cmd|calc",
    "@SUM(A1)",
    "-2+3",
    "\t=1+1",
    "张三\r\n=1",
    " 张三",
    "王<script>",
)


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_names_of_every_kind_are_accepted(name: str) -> None:
    data = with_change(with_change(TRANSFER, "customer.name", name), "transfer.payee_name", name)
    case = parse_case(data, on=date(2026, 11, 25))
    assert case.customer.name == name
    assert case.transfer is not None and case.transfer.payee_name == name


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_name_that_is_no_name_is_refused_naming_the_field(name: str) -> None:
    for path in ("customer.name", "transfer.payee_name"):
        with pytest.raises(CaseError) as info:
            parse_case(with_change(TRANSFER, path, name), on=date(2026, 11, 25))
        assert [p for p, _ in info.value.problems] == [path]


def test_a_company_payee_may_have_digits_and_brackets_a_person_may_not() -> None:
    company = "郑州恒达（香港）建材有限公司2号店"
    case = parse_case(with_change(TRANSFER, "transfer.payee_name", company), on=date(2026, 11, 25))
    assert case.transfer is not None and case.transfer.payee_name == company
    with pytest.raises(CaseError, match=r"customer\.name"):
        parse_case(with_change(TRANSFER, "customer.name", company), on=date(2026, 11, 25))


def test_every_character_of_the_quick_han_path_is_a_letter() -> None:
    # Names of Han characters only skip the per-character check (issue 13): that is right
    # only while every character in the range is a letter in this Python's Unicode data.
    start, end = (ord(c) for c in HAN_RANGE)
    assert all(unicodedata.category(chr(c)) == "Lo" for c in range(start, end + 1))


@given(
    st.text(alphabet=st.sampled_from("张伟郑州公司（）() ·1a=\t\u3000\u9fff\u4e00"), max_size=12)
)
def test_quick_han_path_decides_as_the_full_check(name: str) -> None:
    for check in (check_person_name, check_payee_name):
        try:
            quick: str | None = check(name)
        except ValueError:
            quick = None
        slow = _problem_without_quick_path(name, check is check_payee_name)
        assert (quick is None) == (slow is not None)


def _problem_without_quick_path(value: str, payee: bool) -> str | None:
    extra = ORGANISATION_EXTRA if payee else frozenset()
    if value != value.strip():
        return "space"
    if not value or not unicodedata.category(value[0]).startswith("L"):
        return "start"
    for char in value:
        category = unicodedata.category(char)
        if not (category.startswith(("L", "M")) or char in NAME_JOINERS or char in extra):
            return "character"
    return None
