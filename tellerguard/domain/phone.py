"""The customer's reserved phone: mainland mobile or landline, with its region and carrier.

Region and carrier come from phonenumbers' offline data (geocoder and carrier, in Chinese).
They are hints: numbers can be ported between carriers since 2019, so the carrier is the one
that first issued the number segment. Virtual-operator segments (162/165/167/170/171) carry
more risk (shared/DOMAIN.md, OPEN-PHONE).

phonenumbers' data modules take a noticeable time to import, so they are imported on first
use, and lookups are cached by number segment: a mobile's region and carrier depend only on
its first 7 digits (the data's longest Chinese prefixes), a landline's region on its area code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import NamedTuple

from tellerguard.domain.identity import PERSONAL_CACHE_SIZE
from tellerguard.domain.problems import InputProblem

VIRTUAL_OPERATOR_PREFIXES: tuple[str, ...] = ("162", "165", "167", "170", "171")

MAX_INPUT = 40
"""Longest raw input looked at: a number with a prefix and separators fits easily."""

_SEPARATORS = re.compile(r"[\s\-()]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Area codes: 010 and 02x have two digits after the trunk 0 and 8-digit local numbers; the
# others have three digits and 7- or 8-digit local numbers. A local number never starts with 0.
_LANDLINE = re.compile(r"(0(?:10|2[0-9]))([1-9][0-9]{7})|(0[3-9][0-9]{2})([1-9][0-9]{6,7})")
_UNSPECIFIC_REGIONS = frozenset({"", "中国"})
"""What the geocoder says when it knows nothing more precise than the country."""


class PhoneProblem(InputProblem):
    """A phone number that cannot be accepted."""


class PhoneFacts(NamedTuple):
    """A checked phone number.

    ``normalized`` is the 11-digit mobile number, or ``area-local`` for a landline
    (``0371-12345678``). ``region`` (e.g. 河南省郑州市) and ``carrier`` (e.g. 中国移动) are
    ``None`` when the data does not say.
    """

    normalized: str
    region: str | None
    carrier: str | None
    virtual_operator: bool
    mobile: bool


@lru_cache(maxsize=PERSONAL_CACHE_SIZE)
def check_phone(phone: str) -> PhoneFacts:
    """Check a mainland mobile or landline number; raise :class:`PhoneProblem` otherwise.

    Cached (bounded, in process) like the ID check: the case model and the facts both ask,
    and the form asks again on every keystroke. Problems are not cached."""
    normalized = normalize_phone(phone)
    if "-" not in normalized:
        region, carrier = _mobile_info(normalized[:7])
        virtual = normalized.startswith(VIRTUAL_OPERATOR_PREFIXES)
        return PhoneFacts(normalized, region, carrier, virtual, True)
    area = normalized.split("-", 1)[0]
    return PhoneFacts(normalized, _landline_region(area), None, False, False)


def normalize_phone(phone: str) -> str:
    """The number as :class:`PhoneFacts` normalises it (11-digit mobile or ``area-local``),
    without the region and carrier look-ups (a risk list's million numbers need only this);
    :class:`PhoneProblem` when it is not a mainland number."""
    if _MOBILE.fullmatch(phone):
        # Already what the steps below would make of it (ASCII digits, no separators or
        # country code): the form of nearly every number typed, in one regex call.
        return phone
    if len(phone) > MAX_INPUT:
        raise PhoneProblem(
            "too_long", f"is too long ({len(phone)} characters)", "电话号码过长，请核对"
        )
    text = _SEPARATORS.sub("", phone)
    if not text:
        raise PhoneProblem("empty", "is empty", "请输入电话号码")
    if not text.isascii():
        raise PhoneProblem(
            "non_ascii",
            "contains full-width or non-ASCII characters (switch the input method to half-width)",
            "号码含全角或非法字符，请切换到半角输入",
        )
    digits = _national(text)
    if _MOBILE.fullmatch(digits):
        return digits
    landline = _LANDLINE.fullmatch(digits)
    if landline:
        area = landline.group(1) or landline.group(3)
        local = landline.group(2) or landline.group(4)
        return f"{area}-{local}"
    raise _form_problem(digits)


def _national(text: str) -> str:
    """The number without the country code, with the trunk 0 of a landline restored."""
    if text.startswith("+"):
        if not text.startswith("+86"):
            raise PhoneProblem(
                "foreign",
                "only mainland China numbers (+86) are accepted",
                "仅支持中国大陆电话号码",
            )
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13 and _MOBILE.fullmatch(text[2:]):
        # A bare 86 is only taken as the country code before a full mobile number: "86…" on
        # its own could be the start of something else.
        text = text[2:]
    else:
        return _only_digits(text)
    text = _only_digits(text)
    # After the country code a landline drops its trunk 0 (+86 371 …, +86 10 …); Beijing's
    # 10 + 8 digits is told from a mobile by its length.
    beijing = text.startswith("10") and len(text) == 10
    if text[:1] in ("2", "3", "4", "5", "6", "7", "8", "9") or beijing:
        text = "0" + text
    return text


def _only_digits(text: str) -> str:
    if not text.isdigit():
        raise PhoneProblem(
            "characters",
            "may contain only digits, spaces, dashes, parentheses and a leading +86",
            "电话号码只能包含数字",
        )
    return text


def _form_problem(digits: str) -> PhoneProblem:
    if digits.startswith("1"):
        if len(digits) != 11:
            return PhoneProblem(
                "length",
                f"mobile number must be 11 digits, got {len(digits)}",
                f"手机号码应为11位，当前为{len(digits)}位",
            )
        return PhoneProblem(
            "prefix", f"{digits[:2]} is not a mainland mobile prefix", "手机号码号段不正确"
        )
    if digits.startswith("0"):
        return PhoneProblem(
            "landline",
            "landline must be an area code and a 7- or 8-digit local number, e.g. 0371-12345678",
            "固定电话应为区号加7至8位号码，如0371-12345678",
        )
    if len(digits) in (7, 8) and digits[0] != "0":
        return PhoneProblem(
            "area_code",
            "a landline needs its area code, e.g. 0371-12345678",
            "固定电话请加区号，如0371-12345678",
        )
    return PhoneProblem(
        "form",
        "must be a mainland mobile (11 digits starting with 1) or a landline "
        "with area code (e.g. 0371-12345678)",
        "请填写11位手机号码或带区号的固定电话",
    )


# -- phonenumbers lookups (lazy, cached) ---------------------------------------------------
@lru_cache(maxsize=16384)
def _mobile_info(segment: str) -> tuple[str | None, str | None]:
    """Region and carrier for a 7-digit mobile segment (the data's longest prefix)."""
    # The look-up geocoder.description_for_valid_number and carrier.name_for_valid_number
    # make for a mainland mobile, straight on their prefix tables: they format a PhoneNumber
    # as E.164 and find its region first, which took most of the 8 µs a new segment cost
    # (issue 13). A test compares both ways over many segments. The remaining 4 digits do
    # not change the answer: the tables' longest prefixes are +86 and 7 digits.
    geocode, carriers = _prefix_tables()
    digits = "86" + segment
    region = _chinese_name(geocode, digits)
    name = _chinese_name(carriers, digits)
    return (None if region in _UNSPECIFIC_REGIONS else region), (name or None)


def warm_up() -> None:
    """Read phonenumbers' geocoding and carrier tables now (0.3 s from bytecode, 3 s where
    Python may not write it), e.g. in a background thread while the login window waits, so
    that the first phone number typed at the counter does not hold up the form."""
    _prefix_tables()


_Table = tuple[Mapping[str, Mapping[str, str]], tuple[int, ...]]
"""A phonenumbers prefix table and the lengths of its +86 prefixes, longest first."""


@cache
def _prefix_tables() -> tuple[_Table, _Table]:
    """phonenumbers' geocoding and carrier tables (prefix → {language: name}) with their
    longest prefix; the carrier table cut to +86 (a few dozen prefixes)."""
    from phonenumbers.carrierdata import CARRIER_DATA, CARRIER_LONGEST_PREFIX
    from phonenumbers.geodata import GEOCODE_DATA, GEOCODE_LONGEST_PREFIX

    chinese = {p: n for p, n in CARRIER_DATA.items() if p[:2] == "86"[: len(p)]}
    # Only the prefix lengths the carrier table has for +86 (4 to 6 digits), longest first,
    # so a 9-digit look-up does not miss three times first. The geocoding table has every
    # length for +86 (and is too large to scan at first use).
    carrier_lengths = sorted({len(p) for p in chinese if len(p) <= CARRIER_LONGEST_PREFIX})
    return (GEOCODE_DATA, tuple(range(GEOCODE_LONGEST_PREFIX, 0, -1))), (
        chinese,
        tuple(reversed(carrier_lengths)),
    )


def _chinese_name(table: _Table, digits: str) -> str | None:
    """The Chinese name of the longest prefix of ``digits`` that has one, as phonenumbers'
    prefix._prefix_description_for_number finds it (it never falls back to English for zh)."""
    names, lengths = table
    size = len(digits)
    for length in lengths:
        if length > size:
            continue
        found = names.get(digits[:length])
        if found is not None and "zh" in found:
            return found["zh"]
    return None


@lru_cache(maxsize=1024)
def _landline_region(area: str) -> str | None:
    """The region of a landline area code (e.g. 0371 → 河南省郑州市)."""
    from phonenumbers import PhoneNumber, geocoder

    # Any local number will do: the geocoder reads only the area code.
    number = PhoneNumber(country_code=86, national_number=int(area[1:] + "23456789"))
    region = geocoder.description_for_valid_number(number, "zh")
    return None if region in _UNSPECIFIC_REGIONS else region
