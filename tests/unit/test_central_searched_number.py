"""The bank-wide search's number rule lives in the service, so every caller (the command
line, a desktop screen) refuses a number no counter could have recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tellerguard.services.central import SearchedNumberError, find_customer, searched_number
from tests.unit.audit_helpers import ID_NUMBER

WRONG_CHECK = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")


@pytest.mark.parametrize(
    ("kind", "number", "message"),
    [
        ("id", "12345", "ID number: too short to be a full number (5 characters)"),
        ("card", "6228 48", "account: too short to be a full number (6 characters)"),
        ("phone", "138", "phone: too short to be a full number (3 characters)"),
    ],
)
def test_a_number_too_short_to_be_recorded_is_refused(kind: str, number: str, message: str) -> None:
    with pytest.raises(SearchedNumberError) as info:
        searched_number(kind, number)  # type: ignore[arg-type]
    assert info.value.kind == kind
    assert str(info.value) == message
    assert info.value.problem == message.split(": ", 1)[1]
    assert info.value.exit_status == 2


def test_a_resident_id_number_with_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(SearchedNumberError) as info:
        searched_number("id", WRONG_CHECK)
    assert info.value.kind == "id" and "check digit" in info.value.problem
    assert info.value.message_zh  # the check's own Chinese message, for a desktop screen


def test_a_number_a_counter_could_have_recorded_is_searched_without_its_spaces() -> None:
    spaced = f"{ID_NUMBER[:6]} {ID_NUMBER[6:14]} {ID_NUMBER[14:]}"
    assert searched_number("id", spaced) == ID_NUMBER
    assert searched_number("card", "6222 0210 0112 3456 789") == "6222021001123456789"
    assert searched_number("phone", "138 0013 8000") == "13800138000"


def test_find_customer_refuses_the_number_before_reading_the_key_or_connecting(
    tmp_path: Path,
) -> None:
    with pytest.raises(SearchedNumberError) as info:
        find_customer(
            "host=/nonexistent dbname=none",
            tmp_path / "no-such-key.json",
            "id",
            WRONG_CHECK,
            operator="audit.li",
            reason="涉诈账户倒查",
        )
    assert info.value.kind == "id"
