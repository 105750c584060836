"""Identity documents at the counter: check a document number and derive what it tells.

Resident ID numbers follow GB 11643-1999: a 6-digit region code (where the number was first
issued), the birth date YYYYMMDD, a 3-digit sequence (odd = male) and an ISO 7064 MOD 11-2
check character. The Hong Kong/Macao/Taiwan residence permit and the 2023 foreigner's
permanent residence card use the same 18-character layout. Passports and the travel permits
are checked for form only: their numbers carry no birth date or region (shared/DOMAIN.md,
"Resident ID numbers").

The region code is never a reason to reject: codes are created, renamed and re-coded over
time and a person keeps the number first assigned, so a code missing from a table (or created
after the holder's birth) is still a real person's number. That is why this module does not
call ``stdnum.cn.ric.validate``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Literal, NamedTuple

from tellerguard.domain.labels import ENUM_LABELS
from tellerguard.domain.problems import InputProblem

Gender = Literal["male", "female"]

ID_TYPES: tuple[str, ...] = tuple(ENUM_LABELS["id_type"])

EARLIEST_BIRTH = date(1900, 1, 1)
"""The standard's 1880 example is an illustration; nobody at the counter was born before 1900."""

MAX_INPUT = 64
"""Longest raw input looked at. Real document numbers are at most 18 characters plus a few
spaces; anything longer is pasted junk, rejected before any work is spent on it."""

HMT_PREFIXES: tuple[str, ...] = ("810000", "820000", "830000")

PERSONAL_CACHE_SIZE = 128
"""How many customers' answers the in-process caches of pure functions of personal numbers
(ID check, phone check, facts) keep. The counter re-assesses the customer at hand on every
keystroke, which needs one; a small bound keeps few customers' numbers in memory."""

# The ID-type names as a teller sees them in the form, for "choose … instead" messages.
_TYPE_NAMES_ZH: dict[str, str] = ENUM_LABELS["id_type"]

_WHITESPACE = re.compile(r"\s+")
_ASCII_DIGITS = frozenset("0123456789")
_BODY18 = re.compile(r"[0-9]{17}[0-9X]")
_OLD_FOREIGN_CARD = re.compile(r"[A-Z]{3}[0-9]{12}")
_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")
_HK_MACAO_PERMIT = re.compile(r"[HM](?:[0-9]{8}|[0-9]{10})")
_TAIWAN_PERMIT = re.compile(r"[0-9]{8}")
_CHECK_CHARS = "10X98765432"


class IdProblem(InputProblem):
    """An identity document number that cannot be accepted."""


class IdentityFacts(NamedTuple):
    """What a valid document number tells; ``None`` where the document cannot tell it.
    Immutable, shared by the cache; a named tuple because it is quicker to build (issue 13)."""

    normalized: str
    birth_date: date | None
    gender: Gender | None
    home_region: str | None


def check_digit(first17: str) -> str:
    """The GB 11643 check character (``0``–``9`` or ``X``) for the first 17 digits."""
    # Guard before computing: int() would accept full-width or other Unicode digits, and a
    # check digit "computed" for them would make junk look valid.
    if len(first17) != 17 or not _ASCII_DIGITS.issuperset(first17):
        raise ValueError("check_digit needs exactly 17 ASCII digits")
    # ISO 7064 MOD 11-2: with digits d_1..d_17 the weighted sum is S = sum d_i * 2^(18-i), and
    # the check character is "10X98765432"[S mod 11]. Read as a base-13 numeral the digits are
    # int(first17, 13) = sum d_i * 13^(17-i), and 13 = 2 (mod 11), so S = 2 * int(first17, 13)
    # (mod 11): one C call instead of a Python loop over the digits (tests compare it with the
    # standard's weights and with python-stdnum over many numbers).
    return _CHECK_CHARS[2 * int(first17, 13) % 11]


def age_on(birth: date, on: date) -> int:
    """Age in full years (周岁) on the business date.

    A person born on 29 February becomes a year older on 1 March in common years (the
    birthday has not yet come on 28 February), the usual counting for 周岁.
    """
    if on < birth:
        raise ValueError(f"business date {on.isoformat()} is before birth {birth.isoformat()}")
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


@lru_cache(maxsize=PERSONAL_CACHE_SIZE)
def check_id_number(id_type: str, number: str, *, on: date) -> IdentityFacts:
    """Check a document number of the given type on the business date ``on``.

    Returns the facts it carries; raises :class:`IdProblem` with a message that says what is
    wrong and, where the teller picked the wrong document type, which type to choose.

    A pure function of its three arguments, so the answer is cached (a bounded, in-process
    cache): the case model checks the number and the facts read the same answer, and the
    counter re-assesses the same customer on every keystroke. Problems are not cached.
    """
    if id_type not in _TYPE_NAMES_ZH:
        raise IdProblem(
            "id_type",
            f"unknown document type {id_type[:40]!r}; expected one of {', '.join(ID_TYPES)}",
            "证件类型不正确",
        )
    if len(number) > MAX_INPUT:
        raise IdProblem(
            "too_long", f"is too long ({len(number)} characters)", "证件号码过长，请核对"
        )
    # Letters and digits alone hold no whitespace: the regex only for the rare number that
    # could (a third of a microsecond saved on nearly every check).
    text = number if number.isalnum() else _WHITESPACE.sub("", number)
    if not text:
        raise IdProblem("empty", "is empty", "请输入证件号码")
    # Before upper-casing: str.upper() turns some non-ASCII letters into ASCII ones
    # ("ı" → "I", "ß" → "SS"), which would let them through as a different number.
    _reject_non_ascii(text)
    text = text.upper()
    if id_type == "resident_id":
        return _resident_id(text, on)
    if id_type == "hmt_residence_permit":
        return _hmt_permit(text, on)
    if id_type == "foreign_permanent_resident":
        return _foreign_card(text, on)
    if id_type == "passport":
        return _form_only(
            text,
            _PASSPORT,
            "passport number must be 5 to 17 letters or digits",
            "护照号码应为5至17位字母或数字",
        )
    if id_type == "hk_macao_travel_permit":
        return _form_only(
            text,
            _HK_MACAO_PERMIT,
            "Hong Kong/Macao travel permit number must be H or M followed by 8 or 10 digits",
            "港澳居民来往内地通行证号码应为H或M加8位或10位数字",
        )
    return _form_only(
        text,
        _TAIWAN_PERMIT,
        "Taiwan travel permit number must be 8 digits",
        "台湾居民来往大陆通行证号码应为8位数字",
    )


# -- the document types --------------------------------------------------------------------
def _resident_id(text: str, on: date) -> IdentityFacts:
    if len(text) == 15 and _ASCII_DIGITS.issuperset(text):
        raise IdProblem(
            "void_15_digit",
            "15-digit first-generation ID numbers are void since 2013-01-01; "
            "ask for the 18-digit second-generation ID card",
            "15位一代身份证号码已于2013年1月1日停止使用，请出示18位二代身份证",
        )
    _check_form18(text)
    # Permits share the layout, so a permit typed as a resident ID passes every other check:
    # say which type to pick instead of "invalid".
    if text[:2] in ("81", "82", "83"):
        raise _wrong_type(text, "hmt_residence_permit")
    if text[0] == "9":
        raise _wrong_type(text, "foreign_permanent_resident")
    birth = _check_birth_and_digit(text, on)
    return IdentityFacts(text, birth, _gender(text), text[:6])


def _hmt_permit(text: str, on: date) -> IdentityFacts:
    _check_form18(text)
    if not text.startswith(HMT_PREFIXES):
        if text[0] == "9":
            raise _wrong_type(text, "foreign_permanent_resident")
        if text[0] in "1234567":  # province codes of resident IDs (71 is Taiwan's)
            raise _wrong_type(text, "resident_id")
        raise IdProblem(
            "prefix",
            "residence permit number must start with 810000, 820000 or 830000",
            "港澳台居民居住证号码应以810000、820000或830000开头",
        )
    birth = _check_birth_and_digit(text, on)
    # The region part only says Hong Kong, Macao or Taiwan: no home region to compare.
    return IdentityFacts(text, birth, _gender(text), None)


def _foreign_card(text: str, on: date) -> IdentityFacts:
    if _OLD_FOREIGN_CARD.fullmatch(text):
        # The card issued before 2023 (valid until it expires): nationality letters and
        # digits whose layout is not published for verification, so accept by form only.
        return IdentityFacts(text, None, None, None)
    if len(text) == 15:
        raise IdProblem(
            "form",
            "the older foreigner's permanent residence card number is 3 letters followed by "
            "12 digits",
            "旧版外国人永久居留证号码应为3位字母加12位数字",
        )
    _check_form18(text)
    if text[0] != "9":
        if text.startswith(("81", "82", "83")):
            raise _wrong_type(text, "hmt_residence_permit")
        raise _wrong_type(text, "resident_id")
    birth = _check_birth_and_digit(text, on)
    # Positions 2-6 are an issuing province and a nationality, not a GB/T 2260 region, and
    # the sequence's meaning is not the resident ID's: derive the birth date only.
    return IdentityFacts(text, birth, None, None)


def _form_only(
    text: str, pattern: re.Pattern[str], message_en: str, message_zh: str
) -> IdentityFacts:
    if not pattern.fullmatch(text):
        raise IdProblem("form", message_en, message_zh)
    return IdentityFacts(text, None, None, None)


# -- shared checks -------------------------------------------------------------------------
def _reject_non_ascii(text: str) -> None:
    # Full-width digits come from a Chinese input method left in full-width mode; Python's
    # int() would silently read them, so they are refused here with a hint how to fix it.
    if text.isascii():
        return
    for position, char in enumerate(text, start=1):
        if not char.isascii():
            raise IdProblem(
                "non_ascii",
                f"character {position} {char!r} is not an ASCII letter or digit "
                "(switch the input method to half-width)",
                "号码含全角或非法字符，请切换到半角输入",
            )


def _check_form18(text: str) -> None:
    if len(text) != 18:
        raise IdProblem(
            "length",
            f"must be 18 characters, got {len(text)}",
            f"号码应为18位，当前为{len(text)}位",
        )
    if not _BODY18.fullmatch(text):
        position, char = next(
            (i, c)
            for i, c in enumerate(text, start=1)
            if not (c in _ASCII_DIGITS or (i == 18 and c == "X"))
        )
        where = "must be a digit or X" if position == 18 else "must be a digit"
        raise IdProblem(
            "characters", f"character {position} {char!r} {where}", f"第{position}位字符不正确"
        )


def _check_birth_and_digit(text: str, on: date) -> date:
    # The date is checked before the check digit: a wrong digit inside the date usually
    # breaks both, and "birth date … is not a real date" tells the teller where to look.
    digits = text[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdProblem(
            "birth_date", f"birth date {digits} is not a real date", f"出生日期{digits}不是有效日期"
        ) from None
    if birth < EARLIEST_BIRTH:
        raise IdProblem(
            "birth_date",
            f"birth date {digits} is before 1900-01-01",
            f"出生日期{digits}早于1900年，请核对",
        )
    if birth > on:
        raise IdProblem(
            "birth_date",
            f"birth date {digits} is after the business date {on.isoformat()}",
            f"出生日期{digits}晚于业务日期，请核对",
        )
    # The message never names the expected character: told it, a fraudster at the counter
    # could turn a made-up number into one that passes.
    if text[17] != check_digit(text[:17]):
        raise IdProblem(
            "check_digit",
            "check digit does not match the first 17 digits",
            "校验位不符，请核对证件",
        )
    return birth


def _gender(text: str) -> Gender:
    return "male" if int(text[16]) % 2 == 1 else "female"


def _wrong_type(text: str, right_type: str) -> IdProblem:
    starts = text[:2] if right_type == "hmt_residence_permit" else text[0]
    return IdProblem(
        "wrong_type",
        f"a number starting with {starts} is a {right_type.replace('_', ' ')} number; "
        f"choose document type {right_type}",
        f"该号码属于{_TYPE_NAMES_ZH[right_type]}，请选择证件类型“{_TYPE_NAMES_ZH[right_type]}”",
    )
