"""Card and account numbers: separators removed, Luhn as a typing-error hint."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tellerguard.domain.cards import luhn_ok, normalize_account


def luhn_digit(body: str) -> str:
    """The Luhn check digit for ``body``, written out independently of stdnum."""
    total = 0
    for index, char in enumerate(reversed(body)):
        value = int(char)
        if index % 2 == 0:  # doubled: these end up in odd positions once the digit is added
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return str(-total % 10)


def test_schema_example_card_passes() -> None:
    assert luhn_ok("6222021234567890128")
    assert not luhn_ok("6222021234567890127")


@pytest.mark.parametrize(
    "typed", ["6222 0212 3456 7890 128", "6222-0212-3456-7890-128", " 6222021234567890128\t"]
)
def test_separators_are_allowed(typed: str) -> None:
    assert normalize_account(typed) == "6222021234567890128"
    assert luhn_ok(typed)


@pytest.mark.parametrize(
    "account",
    [
        "",
        "79927398713",  # valid Luhn, but 11 digits is too short
        "６２２２０２１２３４５６７８９０１２８",  # full-width digits
        "62220212345678901X",
        "ABCDEFGHIJKL",
        "6222.0212.3456.7890.128",
        "0" * 31,  # too long, although all zeros pass Luhn
    ],
)
def test_anything_else_is_false(account: str) -> None:
    assert luhn_ok(account) is False


def test_length_bounds() -> None:
    twelve = "00000000000" + luhn_digit("00000000000")
    thirty = "1" * 29 + luhn_digit("1" * 29)
    assert luhn_ok(twelve) and luhn_ok(thirty)
    assert not luhn_ok("0" * 11) and not luhn_ok("0" * 31)


def test_reference_luhn_digit() -> None:
    assert luhn_digit("7992739871") == "3"
    assert luhn_digit("622202123456789012") == "8"


bodies = st.text(alphabet="0123456789", min_size=11, max_size=29)


@given(bodies)
def test_appending_the_check_digit_always_passes(body: str) -> None:
    assert luhn_ok(body + luhn_digit(body))


@given(bodies, st.data())
def test_changing_one_digit_always_fails(body: str, data: st.DataObject) -> None:
    number = body + luhn_digit(body)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    replacement = data.draw(st.sampled_from("0123456789"))
    assume(replacement != number[position])
    assert not luhn_ok(number[:position] + replacement + number[position + 1 :])
