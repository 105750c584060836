"""Phone numbers: mainland mobiles and landlines, region and carrier hints, clear refusals."""

from __future__ import annotations

import timeit

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import carrier, geocoder

from tellerguard.domain.phone import PhoneFacts, PhoneProblem, _mobile_info, check_phone


def problem(phone: str) -> PhoneProblem:
    with pytest.raises(PhoneProblem) as info:
        check_phone(phone)
    return info.value


@pytest.mark.parametrize(
    "typed",
    [
        "13903960000",
        "139 0396 0000",
        "139-0396-0000",
        "+86 139 0396 0000",
        "+8613903960000",
        "8613903960000",
        "0086 13903960000",
        "(+86)13903960000",
    ],
)
def test_mobile_forms_normalise_to_eleven_digits(typed: str) -> None:
    facts = check_phone(typed)
    assert facts == PhoneFacts("13903960000", "河南省驻马店市", "中国移动", False, True)


def test_region_and_carrier_are_chinese() -> None:
    facts = check_phone("18612345678")
    assert facts.region == "北京市"
    assert facts.carrier == "中国联通"


@pytest.mark.parametrize(
    "number", ["16212345678", "16512345678", "16712345678", "17012345678", "17112345678"]
)
def test_virtual_operator_segments(number: str) -> None:
    facts = check_phone(number)
    assert facts.virtual_operator and facts.mobile


@pytest.mark.parametrize("number", ["16612345678", "17212345678", "13812345678", "19912345678"])
def test_ordinary_segments_are_not_virtual(number: str) -> None:
    assert not check_phone(number).virtual_operator


def test_country_only_region_is_none_not_china() -> None:
    # phonenumbers answers "中国" for segments it has no city for: that is not a region.
    facts = check_phone("17012345678")
    assert facts.region is None
    assert facts.carrier == "中国电信"


@pytest.mark.parametrize(
    ("typed", "normalized", "region"),
    [
        ("0371-12345678", "0371-12345678", "河南省郑州市"),
        ("(0371)1234567", "0371-1234567", "河南省郑州市"),
        ("037112345678", "0371-12345678", "河南省郑州市"),
        ("010-62345678", "010-62345678", "北京市"),
        ("+86 10 62345678", "010-62345678", "北京市"),
        ("+86 371 12345678", "0371-12345678", "河南省郑州市"),
        ("+86 0371 12345678", "0371-12345678", "河南省郑州市"),
        ("0755 8765 4321", "0755-87654321", "广东省深圳市"),
    ],
)
def test_landlines_with_area_code(typed: str, normalized: str, region: str) -> None:
    assert check_phone(typed) == PhoneFacts(normalized, region, None, False, False)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("1" * 10_000, "too_long"),
        ("１３９０３９６００００", "non_ascii"),
        ("1390396000", "length"),
        ("139039600001", "length"),
        ("12345678901", "prefix"),
        ("10086", "length"),
        ("95588", "form"),
        ("4008123123", "form"),
        ("12345678", "length"),
        ("62345678", "area_code"),
        ("6234567", "area_code"),
        ("021-1234567", "landline"),
        ("0371-0123456", "landline"),
        ("+1 202 555 0123", "foreign"),
        ("139o3960000", "characters"),
        ("139.0396.0000", "characters"),
    ],
)
def test_refusals(typed: str, code: str) -> None:
    err = problem(typed)
    assert err.code == code
    assert str(err) == err.message_en and err.message_zh


def test_refusal_message_says_what_is_accepted() -> None:
    err = problem("95588")
    assert "11 digits" in err.message_en and "0371-12345678" in err.message_en
    assert "手机号码" in err.message_zh


@given(st.sampled_from("3456789"), st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_any_mainland_mobile_is_accepted(second: str, rest: str) -> None:
    number = "1" + second + rest
    facts = check_phone(number)
    assert facts.normalized == number and facts.mobile
    assert facts.virtual_operator == number.startswith(("162", "165", "167", "170", "171"))


@given(st.text(max_size=30))
def test_any_text_is_accepted_or_refused_with_a_problem(text: str) -> None:
    try:
        facts = check_phone(text)
    except PhoneProblem as err:
        assert err.code and err.message_en and err.message_zh
        return
    assert facts.normalized.replace("-", "").isdigit() and facts.normalized.isascii()


def test_warm_calls_are_fast() -> None:
    check_phone("13903960000")
    per_call = timeit.timeit(lambda: check_phone("+86 139-0396-0000"), number=2000) / 2000
    # About 3 µs on a workstation; the bound leaves room for a slow CI machine.
    assert per_call < 100e-6


def _public_api_mobile_info(segment: str) -> tuple[str | None, str | None]:
    """Region and carrier of a mobile segment through phonenumbers' public API."""
    number = phonenumbers.PhoneNumber(country_code=86, national_number=int(segment + "0000"))
    region = geocoder.description_for_valid_number(number, "zh")
    name = carrier.name_for_valid_number(number, "zh")
    return (None if region in ("", "中国") else region), (name or None)


@settings(max_examples=500)
@given(st.sampled_from("3456789"), st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_segment_lookup_agrees_with_the_phonenumbers_api(second: str, rest: str) -> None:
    # Region and carrier are read straight from phonenumbers' prefix tables (issue 13): the
    # answers must be the ones its public API gives, for any segment.
    segment = "1" + second + rest
    assert _mobile_info.__wrapped__(segment) == _public_api_mobile_info(segment)


def test_segment_lookup_agrees_on_the_first_segments_of_every_prefix() -> None:
    for head in range(130, 200):
        for tail in ("0000", "0371", "1234", "5555", "9999"):
            segment = f"{head}{tail}"
            assert _mobile_info.__wrapped__(segment) == _public_api_mobile_info(segment), segment


def test_the_counter_warm_up_reads_the_phone_tables_before_the_first_number() -> None:
    """The app's background warm-up (``warm_up_counter``, started while the login window
    waits) reads phonenumbers' tables, so the first phone number typed does not hold up the
    form for their 0.3 s; loading the rule pack alone does not read them (cold start)."""
    import subprocess
    import sys

    code = (
        "from tellerguard.domain import phone\n"
        "from tellerguard.engine import normalise\n"
        "from tellerguard.services.rules import load_rules, warm_up_counter\n"
        "load_rules(None)\n"
        "print(phone._prefix_tables.cache_info().currsize)\n"
        "warm_up_counter()\n"
        "print(phone._prefix_tables.cache_info().currsize)\n"
        "print(normalise._sound_table.cache_info().currsize)\n"
        "print(phone.check_phone('13903960000').region)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    assert out == ["0", "1", "1", "河南省驻马店市"]
