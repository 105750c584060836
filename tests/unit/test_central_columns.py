"""What the workstation reads out of its records for the centre (central/columns.py) and the
bank lookups it computes (central/lookups.py): the fast paths give exactly what the plain
ones gave, and anything malformed is refused with its seq."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tellerguard.central.columns import (
    CARRIED,
    check_shape,
    decode_columns,
    encode_columns,
    parse_record,
)
from tellerguard.central.errors import IngestRefused
from tellerguard.central.lookups import BankLookupKey, normalize

KEY = BankLookupKey(bytes(range(32)), "2026-11-25T09:00:00.000000+08:00")


@given(
    kind=st.sampled_from(["id", "card", "phone"]),
    number=st.text(alphabet="0123456789 -+xX", max_size=24),
)
def test_a_bank_lookup_is_the_hmac_of_the_normalised_number(kind: Any, number: str) -> None:
    message = kind.encode() + b"\0" + normalize(kind, number).encode("utf-8")
    expected = hmac.new(KEY.key, message, hashlib.sha256).digest()
    # twice: the keyed state is copied for each number, never updated in place
    assert KEY.lookup(kind, number) == expected
    assert KEY.lookup(kind, number) == expected


def test_the_key_material_never_shows_in_its_repr() -> None:
    assert KEY.key.hex() not in repr(KEY) and "key_id=" in repr(KEY)


def _shape_ok(columns: Any) -> bool:
    """The rule as first written, with isinstance: what check_shape must still accept."""
    if not isinstance(columns, list) or len(columns) != CARRIED:
        return False
    if not all(isinstance(columns[i], str) for i in range(5)):
        return False
    if not all(columns[i] is None or isinstance(columns[i], str) for i in range(5, 16)):
        return False
    rules = columns[16]
    return rules is None or (isinstance(rules, list) and all(isinstance(r, str) for r in rules))


# 64-bit integers: orjson writes no others (read_record's columns are text, never numbers)
_SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(max_size=6)
_JSON_VALUES = _SCALARS | st.lists(_SCALARS, max_size=3) | st.lists(st.lists(_SCALARS), max_size=2)
_GOOD_ROWS = st.tuples(
    st.lists(st.text(max_size=8), min_size=5, max_size=5),
    st.lists(st.none() | st.text(max_size=8), min_size=11, max_size=11),
    st.none() | st.lists(st.text(max_size=5), max_size=4),
).map(lambda parts: [*parts[0], *parts[1], parts[2]])


@given(row=_GOOD_ROWS | st.lists(_JSON_VALUES, min_size=15, max_size=18))
def test_carried_columns_are_refused_exactly_when_they_are_not_text(row: list[Any]) -> None:
    # through the bytes a batch carries, as the centre sees them
    decoded = decode_columns(encode_columns([row]), 1)[0]
    assert decoded == row
    if _shape_ok(decoded):
        check_shape(7, decoded)
    else:
        with pytest.raises(IngestRefused, match=r"^seq 7: the batch's"):
            check_shape(7, decoded)


@given(st.lists(st.text(), max_size=20))
def test_columns_come_back_as_sent_whatever_their_text(texts: list[str]) -> None:
    rows = [[t, None, [t]] for t in texts]
    assert decode_columns(encode_columns(rows), len(rows)) == rows


def test_columns_that_are_not_one_row_per_event_are_refused() -> None:
    for blob, count in ((b"[[1]]", 2), (b"{}", 0), (b"[", 1), (b"\xff\xfe", 1), (b"", 0)):
        with pytest.raises(IngestRefused, match="not one row per event"):
            decode_columns(blob, count)


RECORD = {
    "at": "2026-11-25T09:00:00.000000+08:00",
    "type": "workstation_locked",
    "operator": "teller01",
    "branch": "B4101",
    "workstation": "counter-01",
    "payload": {},
}


def test_a_record_parses_into_the_json_it_holds() -> None:
    text = json.dumps(RECORD | {"note": '张三 \u2028 "引号"'}, ensure_ascii=False)
    assert parse_record(3, text.encode("utf-8")) == json.loads(text)


@pytest.mark.parametrize(
    "record",
    [
        b"\xff{}",
        b'{"at": "x"',
        b"[1, 2]",
        b'{"at": NaN}',
        json.dumps({k: v for k, v in RECORD.items() if k != "branch"}).encode(),
        json.dumps(RECORD | {"operator": 7}).encode(),
        json.dumps(RECORD | {"at": None}).encode(),
        b'{"at": "\xe9"}',  # latin-1, not UTF-8
        b'{"at": "\\ud800"}',  # a lone surrogate
    ],
)
def test_a_record_that_is_not_a_whole_json_object_is_refused_naming_its_seq(
    record: bytes,
) -> None:
    with pytest.raises(IngestRefused, match=r"^seq 42: the record"):
        parse_record(42, record)
