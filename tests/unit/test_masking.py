"""Masking personal data: the defaults of DOMAIN.md, configurable counts, numbers inside notes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tellerguard.domain.masking import (
    MaskingPolicy,
    mask_card,
    mask_id,
    mask_name,
    mask_phone,
    mask_text,
)


def visible(masked: str, mask: str = "*") -> int:
    return sum(1 for char in masked if char != mask)


# -- documented defaults -------------------------------------------------------------------
def test_defaults_from_the_domain() -> None:
    assert mask_id("410102195403151234") == "410102********1234"
    assert mask_card("6222021234567890123") == "622202*********0123"
    assert mask_phone("13856785678") == "138****5678"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧阳**"


def test_id_variants() -> None:
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id(" 110105 19491231 002X ") == "110105********002X"
    assert mask_id("110105491231002") == "110105*****1002"  # 15-digit
    assert mask_id("E12345678") == "E1*****78"  # passport: 2 + 2
    assert mask_id("12345678") == "12****78"  # Taiwan permit: exactly half
    assert mask_id("G1234") == "G***4"  # never more than half
    assert mask_id("AB") == "A*"
    assert mask_id("A") == "*"
    assert mask_id("") == ""


def test_card_variants() -> None:
    assert mask_card("6222 0212 3456 7890 123") == "622202*********0123"
    assert mask_card("6222021234567890") == "622202******7890"
    assert mask_card("622202123456") == "6222******56"  # short account: half, split 6:4


def test_phone_variants() -> None:
    assert mask_phone("+86 138-5678-5678") == "138****5678"
    assert mask_phone("8613856785678") == "138****5678"
    assert mask_phone("0371-12345678") == "0371-******78"
    assert mask_phone("037112345678") == "0371-******78"
    assert mask_phone("010 62345678") == "010-******78"
    assert mask_phone("+86 371 1234567") == "0371-*****67"
    assert mask_phone("95588") == "9***8"


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张**"),
        ("司马光", "司马*"),
        ("诸葛亮", "诸葛*"),
        ("上官婉儿", "上官**"),
        ("欧阳", "欧*"),  # two characters: an ordinary surname and given name
        ("王", "*"),  # a single character would be all surname
        ("John Smith", "J*********"),
        ("  李四 ", "李*"),
        ("", ""),
        ("阿依古丽·买买提", "阿*******"),
    ],
)
def test_names(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_policy_is_configurable() -> None:
    policy = MaskingPolicy(
        id_prefix=3, id_suffix=2, mobile_prefix=0, mobile_suffix=4, mask_char="#"
    )
    assert mask_id("410102195403151234", policy) == "410#############34"
    assert mask_phone("13856785678", policy) == "#######5678"
    assert mask_name("欧阳娜娜", policy) == "欧阳##"


@pytest.mark.parametrize("bad", [{"id_prefix": -1}, {"mask_char": "**"}, {"mask_char": ""}])
def test_policy_rejects_nonsense(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        MaskingPolicy(**bad)  # type: ignore[arg-type]


# -- free text -----------------------------------------------------------------------------
def test_mask_text_masks_numbers_inside_notes() -> None:
    note = (
        "客户身份证11010519491231002X，手机13903960000，"
        "收款卡号6222 0212 3456 7890 128，金额50000.00元，2026年11月25日"
    )
    assert mask_text(note) == (
        "客户身份证110105********002X，手机139****0000，"
        "收款卡号6222 02** **** ***0 128，金额50000.00元，2026年11月25日"
    )


def test_mask_text_masks_first_generation_ids_and_lowercase_x() -> None:
    assert mask_text("旧证110105491231002") == "旧证110105*****1002"
    assert mask_text("ID 11010519491231002x ok") == "ID 110105********002x ok"


def test_mask_text_masks_full_width_numbers() -> None:
    assert mask_text("手机１３９０３９６００００") == "手机１３９****００００"


def test_mask_text_leaves_short_numbers_and_words() -> None:
    note = "客户称对方是公安局，要求转入安全账户，金额 100000 元，工号 12345，电话 95588"
    assert mask_text(note) == note


def test_mask_text_handles_ten_thousand_digits() -> None:
    masked = mask_text("9" * 10_000)
    assert masked.startswith("999999*") and masked.endswith("*9999")


# -- properties ----------------------------------------------------------------------------
policies = st.builds(
    MaskingPolicy,
    # Up to counts that would show a whole number: the masking must still hide some of it.
    id_prefix=st.integers(0, 12),
    id_suffix=st.integers(0, 10),
    short_prefix=st.integers(0, 4),
    short_suffix=st.integers(0, 4),
    card_prefix=st.integers(0, 12),
    card_suffix=st.integers(0, 10),
    mobile_prefix=st.integers(0, 8),
    mobile_suffix=st.integers(0, 8),
    landline_suffix=st.integers(0, 4),
)
documents = st.text(alphabet="0123456789ABCDEFGHX", max_size=25)


def _kept_is_original(original: str, masked: str) -> bool:
    return len(original) == len(masked) and all(
        m == "*" or m == o for o, m in zip(original, masked, strict=True)
    )


@given(documents, policies)
def test_mask_id_never_reveals_more_than_the_policy(number: str, policy: MaskingPolicy) -> None:
    masked = mask_id(number, policy)
    assert _kept_is_original(number, masked)
    if len(number) >= policy.id_full_length:
        assert visible(masked) <= policy.id_prefix + policy.id_suffix
    else:
        assert visible(masked) <= min(policy.short_prefix + policy.short_suffix, len(number) // 2)
    if number:
        assert visible(masked) < len(number)  # never the whole number


@given(st.text(alphabet="0123456789", min_size=1, max_size=30), policies)
def test_mask_card_never_reveals_more_than_the_policy(number: str, policy: MaskingPolicy) -> None:
    masked = mask_card(number, policy)
    assert _kept_is_original(number, masked)
    assert visible(masked) <= policy.card_prefix + policy.card_suffix
    assert visible(masked) < len(number)
    if len(number) < policy.card_full_length:
        assert visible(masked) <= len(number) // 2


@given(st.sampled_from("3456789"), st.text(alphabet="0123456789", min_size=9, max_size=9), policies)
def test_mask_phone_never_reveals_more_than_the_policy(
    second: str, rest: str, policy: MaskingPolicy
) -> None:
    number = "1" + second + rest
    masked = mask_phone(number, policy)
    assert _kept_is_original(number, masked)
    assert visible(masked) <= min(policy.mobile_prefix + policy.mobile_suffix, 10)


@given(st.text(min_size=2, max_size=12).filter(lambda s: "*" not in s and s.strip() == s))
def test_mask_name_keeps_at_most_the_surname(name: str) -> None:
    masked = mask_name(name)
    assert len(masked) == len(name)
    assert visible(masked) <= 2 and visible(masked) < len(name)


filler = st.text(alphabet="客户称要求转账元，。 abc", max_size=8)
numbers = st.one_of(
    st.builds(lambda b: b, st.from_regex(r"[1-6][0-9]{16}[0-9X]", fullmatch=True)),
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.from_regex(r"62[0-9]{14,17}", fullmatch=True),
)


@given(filler, numbers, filler)
def test_mask_text_hides_every_embedded_number(before: str, number: str, after: str) -> None:
    masked = mask_text(before + number + after)
    assert number not in masked
    assert masked.startswith(before) and masked.endswith(after)
    middle = masked[len(before) : len(masked) - len(after)]
    assert len(middle) == len(number)
    assert visible(middle) <= 10
    assert re.fullmatch(r"[0-9X]+\*+[0-9X]+", middle)
