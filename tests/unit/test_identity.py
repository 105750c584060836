"""Identity document numbers: GB 11643 checks, derived facts, and messages a teller can act on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.iso7064 import mod_11_2

from tellerguard.domain.identity import (
    IdentityFacts,
    IdProblem,
    age_on,
    check_digit,
    check_id_number,
)

ON = date(2026, 11, 25)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def reference_check_digit(first17: str) -> str:
    """The standard's own description (DOMAIN.md), independent of stdnum."""
    remainder = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11
    return "10X98765432"[remainder]


def stdnum_accepts(number: str) -> bool:
    # stdnum's is_valid raises KeyError (not ValidationError) for a code whose county part is
    # missing from its table, so any exception counts as "not accepted".
    try:
        return bool(ric.is_valid(number))
    except Exception:
        return False


def make_id(region: str, birth: date, sequence: int) -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + reference_check_digit(first17)


def problem(id_type: str, number: str, on: date = ON) -> IdProblem:
    with pytest.raises(IdProblem) as info:
        check_id_number(id_type, number, on=on)
    return info.value


# -- the standard's examples ---------------------------------------------------------------
def test_standard_example_with_x_check_character() -> None:
    facts = check_id_number("resident_id", "11010519491231002X", on=ON)
    assert facts == IdentityFacts("11010519491231002X", date(1949, 12, 31), "female", "110105")


def test_standard_example_from_1880_is_rejected_as_before_1900() -> None:
    # Its check digit is right: only the 1900 floor rejects it.
    assert reference_check_digit("44052418800101001") == "4"
    err = problem("resident_id", "440524188001010014")
    assert err.code == "birth_date"
    assert str(err) == err.message_en == "birth date 18800101 is before 1900-01-01"
    assert "1900" in err.message_zh


def test_odd_sequence_is_male() -> None:
    number = make_id("410102", date(1954, 3, 15), 1)
    assert check_id_number("resident_id", number, on=ON).gender == "male"


# -- bad input -----------------------------------------------------------------------------
def test_wrong_check_digit_does_not_name_the_right_one() -> None:
    # The right character is X: neither message may give it away.
    err = problem("resident_id", "110105194912310021")
    assert err.code == "check_digit"
    assert err.message_en == "check digit does not match the first 17 digits"
    assert err.message_zh == "校验位不符，请核对证件"
    assert str(err) == err.message_en
    assert "X" not in err.message_en + err.message_zh


@pytest.mark.parametrize("number", ["", "   ", "\t\n"])
def test_empty(number: str) -> None:
    assert problem("resident_id", number).code == "empty"


def test_ten_thousand_characters_are_refused_quickly() -> None:
    err = problem("resident_id", "1" * 10_000)
    assert err.code == "too_long"
    assert "10000" in err.message_en


def test_length_message_counts_characters() -> None:
    assert problem("resident_id", "11010519491231002").message_en == "must be 18 characters, got 17"
    assert (
        problem("resident_id", "11010519491231002X1").message_en == "must be 18 characters, got 19"
    )


def test_full_width_digits_are_refused_with_a_hint() -> None:
    err = problem("resident_id", "１１０１０５１９４９１２３１００２Ｘ")
    assert err.code == "non_ascii"
    assert "half-width" in err.message_en
    assert "半角" in err.message_zh


def test_other_unicode_digits_are_refused() -> None:
    # Arabic-Indic digits pass str.isdigit() and int(): they must still be refused.
    assert problem("resident_id", "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X").code == "non_ascii"


@pytest.mark.parametrize("number", ["ıE1234567", "E1234567ß", "E12345\u3000678\uff38"])
def test_non_ascii_letters_are_refused_before_upper_casing(number: str) -> None:
    # "ı".upper() == "I": upper-casing first would accept a different number.
    assert problem("passport", number).code == "non_ascii"


def test_lowercase_x_is_normalised() -> None:
    assert (
        check_id_number("resident_id", "11010519491231002x", on=ON).normalized
        == "11010519491231002X"
    )


def test_embedded_and_surrounding_spaces_are_removed() -> None:
    facts = check_id_number("resident_id", " 110105 19491231 002x ", on=ON)
    assert facts.normalized == "11010519491231002X"


def test_letter_inside_the_number_names_its_position() -> None:
    err = problem("resident_id", "1101051949123100XX")
    assert err.code == "characters"
    assert err.message_en == "character 17 'X' must be a digit"


def test_impossible_birth_date() -> None:
    number = "110105199902310019"  # 31 February
    err = problem("resident_id", number)
    assert err.code == "birth_date"
    assert err.message_en == "birth date 19990231 is not a real date"


def test_future_birth_date_is_refused_but_today_is_fine() -> None:
    today = make_id("410102", ON, 11)
    assert check_id_number("resident_id", today, on=ON).birth_date == ON
    tomorrow = make_id("410102", ON + timedelta(days=1), 11)
    err = problem("resident_id", tomorrow)
    assert err.code == "birth_date" and "after the business date" in err.message_en


def test_first_day_of_1900_is_accepted() -> None:
    number = make_id("110105", date(1900, 1, 1), 5)
    assert check_id_number("resident_id", number, on=ON).birth_date == date(1900, 1, 1)


def test_fifteen_digit_first_generation_number_is_void() -> None:
    err = problem("resident_id", "110105491231002")
    assert err.code == "void_15_digit"
    assert err.message_en.startswith(
        "15-digit first-generation ID numbers are void since 2013-01-01"
    )
    assert "2013" in err.message_zh


def test_unknown_document_type() -> None:
    assert problem("driving_licence", "11010519491231002X").code == "id_type"


# -- the region code never rejects ---------------------------------------------------------
def test_region_code_missing_from_the_table_is_accepted() -> None:
    number = make_id("419999", date(1990, 1, 1), 1)
    assert not stdnum_accepts(number)  # stdnum's strict validate would reject a real person
    assert check_id_number("resident_id", number, on=ON).home_region == "419999"


def test_region_code_created_after_birth_is_accepted() -> None:
    # 500103 (Chongqing) exists since 1997; people born earlier were issued it later.
    number = make_id("500103", date(1980, 5, 6), 2)
    assert not stdnum_accepts(number)
    assert check_id_number("resident_id", number, on=ON).home_region == "500103"


# -- permits and the wrong document type ---------------------------------------------------
@pytest.mark.parametrize("prefix", ["810000", "820000", "830000"])
def test_residence_permits(prefix: str) -> None:
    number = make_id(prefix, date(1988, 8, 8), 3)
    facts = check_id_number("hmt_residence_permit", number, on=ON)
    assert facts == IdentityFacts(number, date(1988, 8, 8), "male", None)


@pytest.mark.parametrize(
    ("prefix", "right_type"),
    [
        ("810000", "hmt_residence_permit"),
        ("820000", "hmt_residence_permit"),
        ("830000", "hmt_residence_permit"),
        ("911156", "foreign_permanent_resident"),
    ],
)
def test_permit_typed_as_resident_id_says_which_type_to_choose(
    prefix: str, right_type: str
) -> None:
    err = problem("resident_id", make_id(prefix, date(1988, 8, 8), 3))
    assert err.code == "wrong_type"
    assert err.message_en.endswith(f"choose document type {right_type}")
    assert "请选择证件类型" in err.message_zh


def test_resident_id_typed_as_permit_says_which_type_to_choose() -> None:
    err = problem("hmt_residence_permit", "11010519491231002X")
    assert err.code == "wrong_type" and err.message_en.endswith("resident_id")


def test_residence_permit_with_an_unknown_prefix() -> None:
    err = problem("hmt_residence_permit", make_id("840000", date(1988, 8, 8), 3))
    assert err.code == "prefix"


def test_new_foreign_permanent_resident_card_gives_birth_date_only() -> None:
    number = make_id("911156", date(1975, 6, 30), 12)
    facts = check_id_number("foreign_permanent_resident", number, on=ON)
    assert facts == IdentityFacts(number, date(1975, 6, 30), None, None)
    bad = number[:17] + ("0" if number[17] != "0" else "1")
    assert problem("foreign_permanent_resident", bad).code == "check_digit"


def test_old_foreign_card_is_accepted_by_form_only() -> None:
    facts = check_id_number("foreign_permanent_resident", "usa110075061001", on=ON)
    assert facts == IdentityFacts("USA110075061001", None, None, None)
    assert problem("foreign_permanent_resident", "US1110075061001").code == "form"


def test_resident_id_typed_as_foreign_card() -> None:
    err = problem("foreign_permanent_resident", "11010519491231002X")
    assert err.code == "wrong_type" and err.message_en.endswith("resident_id")


@pytest.mark.parametrize(
    ("id_type", "number", "normalized"),
    [
        ("passport", "e12345678", "E12345678"),
        ("passport", "G1234", "G1234"),
        ("hk_macao_travel_permit", "H12345678", "H12345678"),
        ("hk_macao_travel_permit", "m 1234567890", "M1234567890"),
        ("taiwan_travel_permit", "12345678", "12345678"),
    ],
)
def test_form_only_documents(id_type: str, number: str, normalized: str) -> None:
    assert check_id_number(id_type, number, on=ON) == IdentityFacts(normalized, None, None, None)


@pytest.mark.parametrize(
    ("id_type", "number"),
    [
        ("passport", "E123"),
        ("passport", "E1234567890123456X"),
        ("passport", "E1234-567"),
        ("hk_macao_travel_permit", "H123456789"),
        ("hk_macao_travel_permit", "A12345678"),
        ("taiwan_travel_permit", "1234567"),
        ("taiwan_travel_permit", "T1234567"),
    ],
)
def test_form_only_documents_reject_wrong_forms(id_type: str, number: str) -> None:
    assert problem(id_type, number).code == "form"


# -- check digit and age -------------------------------------------------------------------
def test_check_digit_matches_the_standard() -> None:
    assert check_digit("11010519491231002") == "X"
    assert check_digit("44052418800101001") == "4"


@pytest.mark.parametrize(
    "bad",
    [
        "1101051949123100",
        "110105194912310021",
        "１１０１０５１９４９１２３１００２",
        "1101051949123100a",
    ],
)
def test_check_digit_refuses_anything_but_17_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        check_digit(bad)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_digit_agrees_with_weights(first17: str) -> None:
    assert check_digit(first17) == reference_check_digit(first17)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_digit_agrees_with_python_stdnum(first17: str) -> None:
    # Our own MOD 11-2 replaced stdnum's generic one for speed (issue 13); same answers.
    assert check_digit(first17) == str(mod_11_2.calc_check_digit(first17))


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(1964, 11, 25), date(2026, 11, 25), 62),  # birthday itself
        (date(1964, 11, 26), date(2026, 11, 25), 61),  # the day before
        (date(2000, 2, 29), date(2026, 2, 28), 25),  # leap-day birth, common year: not yet
        (date(2000, 2, 29), date(2026, 3, 1), 26),
        (date(2000, 2, 29), date(2028, 2, 29), 28),  # leap year: on the day
        (date(2000, 3, 1), date(2000, 3, 1), 0),
    ],
)
def test_age_in_full_years(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError):
        age_on(date(2000, 1, 2), date(2000, 1, 1))


# -- properties ----------------------------------------------------------------------------
regions = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("1234567"),
    st.text(alphabet="0123456789", min_size=5, max_size=5),
)
births = st.dates(min_value=date(1900, 1, 1), max_value=ON)
sequences = st.integers(min_value=0, max_value=999)


@given(regions, births, sequences, st.booleans())
def test_generated_valid_id_passes_and_round_trips(
    region: str, birth: date, sequence: int, lower: bool
) -> None:
    number = make_id(region, birth, sequence)
    typed = number.lower() if lower else number
    facts = check_id_number("resident_id", typed, on=ON)
    assert facts.normalized == number
    assert facts.birth_date == birth
    assert facts.gender == ("male" if sequence % 2 else "female")
    assert facts.home_region == region


@given(
    regions,
    births,
    sequences,
    st.integers(min_value=0, max_value=17),
    st.sampled_from("0123456789X"),
)
def test_any_single_character_change_is_caught(
    region: str, birth: date, sequence: int, position: int, replacement: str
) -> None:
    number = make_id(region, birth, sequence)
    assume(position == 17 or replacement != "X")  # X is only a check character
    assume(number[position] != replacement)
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(IdProblem) as info:
        check_id_number("resident_id", changed, on=ON)
    # MOD 11-2 catches every single substitution; a changed date may fail earlier, and a
    # first digit changed to 8 or 9 reads as a permit.
    assert info.value.code in {"check_digit", "birth_date", "wrong_type"}


@settings(max_examples=300)
@given(
    st.text(max_size=40),
    st.sampled_from(
        [
            "resident_id",
            "hmt_residence_permit",
            "foreign_permanent_resident",
            "passport",
            "hk_macao_travel_permit",
            "taiwan_travel_permit",
        ]
    ),
)
def test_any_text_is_accepted_or_refused_with_a_problem(text: str, id_type: str) -> None:
    try:
        facts = check_id_number(id_type, text, on=ON)
    except IdProblem as err:
        assert err.message_en and err.message_zh and err.code
        return
    assert facts.normalized.isascii() and facts.normalized.isalnum()
