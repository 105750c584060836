"""Risk-list keys and rows: normalisation like the case form's, check digits, every bad row
named by file:line, and the signature header (hypothesis where the inputs are a space)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn

from tellerguard.domain.cards import luhn_valid, normalize_account
from tellerguard.domain.case import parse_case
from tellerguard.domain.identity import check_digit
from tellerguard.domain.risklists import (
    ListError,
    ListSignature,
    case_key,
    duplicates,
    member_key_bytes,
    normalize_key,
    read_entries,
)
from tests.unit.test_case import TRANSFER, with_change

WHERE = "police.csv"


def rows(*lines: str) -> list[tuple[int, list[str]]]:
    return [(n, line.split(",")) for n, line in enumerate(lines, 1)]


def card(body: str) -> str:
    return body + luhn.calc_check_digit(body)


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_the_fast_luhn_check_agrees_with_python_stdnum(digits: str) -> None:
    assert luhn_valid(digits) == luhn.is_valid(digits)


@settings(deadline=None)  # the first case loads the phone data parse_case needs
@given(
    st.text(alphabet="0123456789", min_size=15, max_size=18).map(lambda b: card("62" + b[2:])),
    st.lists(st.sampled_from([" ", "-", "\u3000", "  "]), min_size=0, max_size=4),
)
def test_a_listed_card_matches_however_the_teller_types_it(
    number: str, separators: list[str]
) -> None:
    typed = number
    for i, sep in enumerate(separators):
        cut = 4 * (i + 1)
        typed = typed[:cut] + sep + typed[cut:] if cut < len(typed) else typed
    listed = normalize_key("account", number)
    case = parse_case(with_change(TRANSFER, "transfer.payee_account", typed), on=date(2026, 11, 25))
    assert case_key("account", case.transfer.payee_account) == listed == normalize_account(typed)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17), st.booleans())
def test_id_numbers_need_their_check_character(first17: str, lower: bool) -> None:
    good = first17 + check_digit(first17)
    typed = good.lower() if lower else good
    assert normalize_key("id_number", " " + typed + " ") == good
    wrong = first17 + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValueError, match="bad check digit"):
        normalize_key("id_number", wrong)


def test_keys_of_each_kind() -> None:
    assert normalize_key("phone", "+86 138-3710-1234") == "13837101234"
    assert normalize_key("phone", "0371-12345678") == "0371-12345678"
    assert normalize_key("name_and_id", "11010519491231002x", "张 伟") == (
        "张伟\x1f11010519491231002X"
    )
    with pytest.raises(ValueError, match="Luhn"):
        normalize_key("account", "6222021001123456788")
    # Company accounts carry no Luhn digit: only card-shaped 62… numbers are checked.
    assert normalize_key("account", "410101040001234") == "410101040001234"
    with pytest.raises(ValueError, match="phone number"):
        normalize_key("phone", "12345")
    # A case value is normalised like a listed one, without the checks (it is just not found).
    assert case_key("id_number", "11010519491231002x") == "11010519491231002X"
    assert case_key("name_and_id", "11010519491231002X", "张　伟") == "张伟\x1f11010519491231002X"
    assert member_key_bytes(b"\xff" * 32) == 2**60 - 1


def test_good_rows_become_entries() -> None:
    entries = list(
        read_entries(
            rows(
                "账号,类别,来源,到期日",
                "6222 0210 0112 3456 789,涉诈账户,郑公推送[2026]1201号,2027-06-30",
                ",,,",
                "6217000000987654328,涉诈账户,郑公推送[2026]1201号,",
            ),
            "account",
            "full",
            WHERE,
        )
    )
    assert [(e.line, e.key, e.expires) for e in entries] == [
        (2, "6222021001123456789", date(2027, 6, 30)),
        (4, "6217000000987654328", None),
    ]


@pytest.mark.parametrize(
    ("lines", "kind", "mode", "message"),
    [
        (["acount,category,source"], "account", "full", "police.csv:1: unknown column 'acount'"),
        (["account,category"], "account", "full", "police.csv:1: missing column 'source'"),
        (
            ["account,category,source,action"],
            "account",
            "full",
            "police.csv:1: column 'action' belongs in a delta file",
        ),
        (
            ["account,category,source", "6222021001123456788,a,b"],
            "account",
            "full",
            "police.csv:2: bad check digit in the card number",
        ),
        (
            ["id_number,category,source", "410102199103120416,a,b"],
            "id_number",
            "full",
            "police.csv:2: bad check digit in the ID number (GB 11643 check failed)",
        ),
        (
            ["account,category,source", "6222021001123456789,涉诈"],
            "account",
            "full",
            "police.csv:2: 2 columns, the header has 3: the row is cut short (truncated file?)",
        ),
        (
            ["account,category,source,expires", "6222021001123456789,a,b,30/06/2027"],
            "account",
            "full",
            "police.csv:2: expiry '30/06/2027' is not a date",
        ),
        (
            ["account,category,source", "6222021001123456789,a,案件6222021001123456789"],
            "account",
            "full",
            "police.csv:2: the source repeats the key",
        ),
        (
            ["account,category,source", "6222021001123456789,,b"],
            "account",
            "full",
            "police.csv:2: the category is empty",
        ),
        (
            ["action,account,category,source", "change,6222021001123456789,a,b"],
            "account",
            "delta",
            "police.csv:2: action 'change' is not add or remove",
        ),
        (["phone,category,source", "1234,a,b"], "phone", "full", "police.csv:2: the phone number"),
        ([], "account", "full", "police.csv: the file is empty"),
    ],
)
def test_each_bad_row_is_one_line_naming_file_and_line(
    lines: list[str], kind: str, mode: str, message: str
) -> None:
    with pytest.raises(ListError) as info:
        list(read_entries(rows(*lines), kind, mode, WHERE))  # type: ignore[arg-type]
    assert len(info.value.lines()) == 1
    assert info.value.lines()[0].startswith(message), info.value.lines()


def test_duplicates_are_named_with_both_lines() -> None:
    entries = read_entries(
        rows(
            "account,category,source",
            "6222021001123456789,a,b",
            "6217000000987654328,a,b",
            "6222-0210-0112-3456-789,a,c",
        ),
        "account",
        "full",
        WHERE,
    )
    assert list(duplicates(entries)) == [(4, 2)]


def test_every_duplicate_is_yielded_in_order_with_its_first_line() -> None:
    entries = read_entries(
        rows(
            "account,category,source",
            "6222021001123456789,a,b",
            "6217000000987654328,a,b",
            "6222-0210-0112-3456-789,a,c",
            "6217 0000 0098 7654 328,a,d",
            "6222021001123456789,a,e",
        ),
        "account",
        "full",
        WHERE,
    )
    assert list(duplicates(entries)) == [(4, 2), (5, 3), (6, 2)]


@given(st.lists(st.lists(st.text(max_size=30), max_size=6), max_size=8))
def test_hostile_rows_give_a_list_error_or_entries_never_a_crash(cells: list[list[str]]) -> None:
    data = [(n, row) for n, row in enumerate([["account", "category", "source"], *cells], 1)]
    try:
        for entry in read_entries(data, "account", "full", WHERE):
            assert entry.key and entry.category and entry.source
    except ListError as exc:
        assert exc.lines()[0].startswith(WHERE)


def header(**changes: object) -> ListSignature:
    data: dict[str, object] = {
        "list_id": "police_accounts",
        "list_version": "2026.12.04",
        "key_kind": "account",
        "mode": "full",
        "title": "公安机关推送的涉案账户名单",
        "issuer": "公安机关推送",
        "valid_from": date(2026, 12, 1),
        "entries": 2,
        "file_name": "police.csv",
        "file_sha256": "ab" * 32,
        "signed_on": date(2026, 12, 4),
        "expires": date(2027, 1, 31),
        "public_key": "cd" * 32,
    }
    data.update(changes)
    return ListSignature.model_validate(data)


def test_the_signature_covers_every_header_field_but_itself() -> None:
    base = header()
    assert base.signed_bytes() == header(signature="B" * 86 + "==").signed_bytes()
    changes = ({"entries": 1}, {"list_id": "restricted_persons"}, {"expires": date(2030, 1, 1)})
    for change in changes:
        assert header(**change).signed_bytes() != base.signed_bytes()
    assert ListSignature.from_json(base.to_json(), "x.sig") == base


def test_a_malformed_signature_file_is_one_clear_line() -> None:
    with pytest.raises(ListError, match=r"police.csv.sig: not a valid list signature file"):
        ListSignature.from_json(b'{"format": "tellerguard-list-signature"}', "police.csv.sig")
    with pytest.raises(ValueError, match="base_version"):
        header(mode="delta")
