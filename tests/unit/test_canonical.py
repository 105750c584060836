"""The canonical record bytes: orjson writes them, and they must be exactly what the
specification's reference form (Python's ``json`` module, docs/AUDIT.md) writes, for any
plain JSON value; what is not plain JSON is refused the same way."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tellerguard.audit.canonical import canonical_bytes, canonical_text
from tellerguard.audit.errors import EventError
from tellerguard.audit.record import record_data


def reference(obj: dict[str, Any]) -> bytes:
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


# Every code point but the surrogates (no UTF-8 form), so control characters, U+2028/2029,
# U+007F, non-characters and astral characters all reach the encoder.
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
INTEGERS = st.integers(min_value=-(2**63), max_value=2**64 - 1)
PLAIN = st.recursive(
    st.none() | st.booleans() | INTEGERS | TEXT,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=400)
@given(st.dictionaries(TEXT, PLAIN, max_size=8))
def test_the_fast_encoder_writes_the_reference_form_byte_for_byte(obj: dict[str, Any]) -> None:
    assert canonical_bytes(obj) == reference(obj)
    assert canonical_text(obj) == reference(obj).decode("utf-8")
    assert json.loads(canonical_bytes(obj)) == obj


@given(st.integers(min_value=2**64).map(lambda n: n * 3) | st.integers(max_value=-(2**63) - 1))
def test_integers_beyond_64_bits_are_written_as_the_reference_writes_them(number: int) -> None:
    assert canonical_bytes({"n": number}) == reference({"n": number})


def test_keys_sort_by_code_point_across_planes() -> None:
    obj = {"\U0001f600": 1, "\uffff": 2, "中": 3, "é": 4, "Z": 5, "a": 6, "": 7}
    assert canonical_bytes(obj) == reference(obj)
    assert canonical_bytes(obj).startswith(b'{"":7,"Z":5,"a":6,')


@dataclass
class Point:
    x: int


class Amount(str):
    pass


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("text \ud800 with a lone surrogate", "not valid Unicode"),
        (datetime(2026, 12, 7, tzinfo=UTC), "not plain JSON"),
        (Point(1), "not plain JSON"),
        ({1, 2}, "not plain JSON"),
    ],
)
def test_what_is_not_plain_json_is_refused(value: object, why: str) -> None:
    # orjson would write a datetime or a dataclass; the store refuses them as before.
    with pytest.raises(EventError, match=why):
        canonical_bytes({"payload": {"v": value}})


def test_a_str_subclass_is_written_as_its_text() -> None:
    assert canonical_bytes({"a": Amount("1.00")}) == b'{"a":"1.00"}'


BIG = st.integers(min_value=2**63 - 10, max_value=2**70) | st.integers(max_value=-(2**63) + 10)


@settings(max_examples=400)
@given(st.dictionaries(TEXT, PLAIN | BIG, max_size=8))
def test_a_record_reads_back_as_the_json_module_reads_it(obj: dict[str, Any]) -> None:
    text = canonical_bytes(obj)
    assert record_data(text) == obj == json.loads(text)
    # An integer beyond 64 bits stays an integer (orjson alone would read a float).
    read = record_data(text)
    assert {k: type(v) for k, v in read.items()} == {k: type(v) for k, v in obj.items()}


@pytest.mark.parametrize(
    "text",
    [
        b'{"a":"\\ud800"}',  # a lone surrogate escape: orjson refuses it, json reads it
        b'{"a":NaN}',
        b'{"a":1e400}',
        b'{"a":18446744073709551617}',
        b'{"a":-9223372036854775809}',
        b'{"a":1,"a":2}',
    ],
)
def test_texts_orjson_reads_differently_are_read_by_json(text: bytes) -> None:
    assert repr(record_data(text)) == repr(json.loads(text))


@given(st.binary(max_size=60) | st.text(max_size=60).map(str.encode))
def test_malformed_text_is_refused_as_json_refuses_it(text: bytes) -> None:
    try:
        expected: object = json.loads(text)
    except ValueError:
        with pytest.raises(ValueError):
            record_data(text)
    else:
        assert repr(record_data(text)) == repr(expected)
