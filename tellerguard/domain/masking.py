"""Masking personal data for display and export (shared/DOMAIN.md, "Personal data").

Defaults: ID ``410102********1234`` (first 6, last 4), card ``622202*********0123`` (first 6,
last 4), mobile ``138****5678``, name ``张*`` / ``欧阳**``. The bank should check its own
patterns against JR/T 0171-2020 Appendix A, so every count is a field of
:class:`MaskingPolicy`.

Shorter identifiers (passport and permit numbers, short account numbers) would be mostly
revealed by the same counts, so they keep fewer characters and never more than half.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COMPOUND_SURNAMES: frozenset[str] = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "西门",
        "南宫",
        "独孤",
        "澹台",
        "公冶",
        "太史",
        "申屠",
        "闻人",
        "呼延",
        "赫连",
        "万俟",
        "濮阳",
        "司空",
        "百里",
        "东郭",
        "拓跋",
    }
)
"""Common two-character surnames (复姓): the whole surname stays visible, as 张 does in 张*."""


@dataclass(frozen=True, slots=True)
class MaskingPolicy:
    """How many characters stay visible. Counts apply at the start and end of the value."""

    id_prefix: int = 6
    id_suffix: int = 4
    id_full_length: int = 15
    """ID-like numbers this long or longer (15/18) keep ``id_prefix``/``id_suffix``."""
    short_prefix: int = 2
    short_suffix: int = 2
    """Shorter document numbers (passports, permits) keep these, at most half in all."""
    card_prefix: int = 6
    card_suffix: int = 4
    card_full_length: int = 16
    """Shorter account numbers keep at most half, split like ``card_prefix``/``card_suffix``."""
    mobile_prefix: int = 3
    mobile_suffix: int = 4
    landline_suffix: int = 2
    """A landline keeps its area code (a city, not a person) and this many last digits."""
    mask_char: str = "*"

    def __post_init__(self) -> None:
        counts = (
            self.id_prefix,
            self.id_suffix,
            self.id_full_length,
            self.short_prefix,
            self.short_suffix,
            self.card_prefix,
            self.card_suffix,
            self.card_full_length,
            self.mobile_prefix,
            self.mobile_suffix,
            self.landline_suffix,
        )
        if any(count < 0 for count in counts):
            raise ValueError("masking counts must be zero or more")
        if len(self.mask_char) != 1:
            raise ValueError("mask_char must be one character")


DEFAULT_POLICY = MaskingPolicy()

_WHITESPACE = re.compile(r"\s+")
_PHONE_SEPARATORS = re.compile(r"[\s\-()]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"(0(?:10|2[0-9])|0[3-9][0-9]{2})([0-9]{7,8})")
_DIGIT = "[0-9０-９]"
# Runs of digits in free text, allowing single spaces or dashes inside (numbers are often
# written in groups: 6222 0212 3456 7890 128) and a final X for ID numbers. Full-width digits
# count too: a note typed in full-width mode must not leak a number.
_NUMBER_RUN = re.compile(
    rf"(?<![0-9０-９]){_DIGIT}(?:[ \-]?{_DIGIT}){{10,}}(?:[ \-]?[XxＸｘ])?(?![0-9０-９])"
)
_IS_DIGIT = frozenset("0123456789０１２３４５６７８９")


def _keep(text: str, prefix: int, suffix: int, mask: str) -> str:
    """Keep ``prefix`` and ``suffix`` characters, replace the rest; never all of it."""
    if prefix + suffix >= len(text):
        # The counts would show everything: fall back to at most half, like short values.
        prefix, suffix = _half(len(text), prefix, suffix)
    end = len(text) - suffix
    return text[:prefix] + mask * (end - prefix) + text[end:]


def _half(length: int, prefix: int, suffix: int) -> tuple[int, int]:
    """Prefix and suffix counts scaled down so that at most half the characters show."""
    budget = min(length // 2, prefix + suffix)
    if prefix + suffix == 0:
        return 0, 0
    kept_prefix = min(prefix, -(-budget * prefix // (prefix + suffix)))  # rounded up
    return kept_prefix, min(suffix, budget - kept_prefix)


def mask_id(s: str, policy: MaskingPolicy = DEFAULT_POLICY) -> str:
    """An identity document number: ``410102********1234``; short documents ``E1*****78``."""
    text = _WHITESPACE.sub("", s)
    if len(text) >= policy.id_full_length:
        return _keep(text, policy.id_prefix, policy.id_suffix, policy.mask_char)
    prefix, suffix = _half(len(text), policy.short_prefix, policy.short_suffix)
    return _keep(text, prefix, suffix, policy.mask_char)


def mask_card(s: str, policy: MaskingPolicy = DEFAULT_POLICY) -> str:
    """A card or account number: ``622202*********0123``."""
    text = re.sub(r"[\s\-]+", "", s)
    if len(text) >= policy.card_full_length:
        return _keep(text, policy.card_prefix, policy.card_suffix, policy.mask_char)
    prefix, suffix = _half(len(text), policy.card_prefix, policy.card_suffix)
    return _keep(text, prefix, suffix, policy.mask_char)


def mask_phone(s: str, policy: MaskingPolicy = DEFAULT_POLICY) -> str:
    """A mobile ``138****5678``; a landline keeps its area code: ``0371-******78``."""
    text = _PHONE_SEPARATORS.sub("", s)
    for country in ("+86", "0086"):
        if text.startswith(country):
            text = text[len(country) :]
            if text[:1] in ("2", "3", "4", "5", "6", "7", "8", "9") or (
                text.startswith("10") and len(text) == 10
            ):
                text = "0" + text  # the landline's trunk 0, dropped after +86
            break
    if len(text) == 13 and text.startswith("86") and _MOBILE.fullmatch(text[2:]):
        text = text[2:]
    if _MOBILE.fullmatch(text):
        return _keep(text, policy.mobile_prefix, policy.mobile_suffix, policy.mask_char)
    landline = _LANDLINE.fullmatch(text)
    if landline:
        area, local = landline.groups()
        return f"{area}-{_keep(local, 0, policy.landline_suffix, policy.mask_char)}"
    # Not a form we know: treat it like a short document number.
    prefix, suffix = _half(len(text), policy.short_prefix, policy.short_suffix)
    return _keep(text, prefix, suffix, policy.mask_char)


def mask_name(s: str, policy: MaskingPolicy = DEFAULT_POLICY) -> str:
    """``张*``, ``张**``, ``欧阳**``; a Latin name keeps its first letter: ``J*********``."""
    text = s.strip()
    if len(text) <= 1:
        return policy.mask_char * len(text)  # a one-character name would be all surname
    kept = 2 if len(text) >= 3 and text[:2] in COMPOUND_SURNAMES else 1
    return text[:kept] + policy.mask_char * (len(text) - kept)


def _mask_run(run: str, policy: MaskingPolicy) -> str:
    """Mask one number found in free text, keeping its separators where they were."""
    digits = [i for i, char in enumerate(run) if char in _IS_DIGIT]
    has_x = run[-1] in "XxＸｘ"
    count = len(digits) + (1 if has_x else 0)
    if has_x and count != 18:
        # An X only ends an 18-character ID; otherwise leave it as text.
        return _mask_run(run[:-1].rstrip(" -"), policy) + run[len(run[:-1].rstrip(" -")) :]
    positions = digits + ([len(run) - 1] if has_x else [])
    plain = "".join(run[i] for i in positions)
    if count in (15, 18):
        prefix, suffix = policy.id_prefix, policy.id_suffix
    elif count == 11 and _MOBILE.fullmatch(plain.translate(_ASCII)):
        prefix, suffix = policy.mobile_prefix, policy.mobile_suffix
    elif count >= 12:
        prefix, suffix = policy.card_prefix, policy.card_suffix
        if count < policy.card_full_length:
            prefix, suffix = _half(count, prefix, suffix)
    else:
        return run
    if prefix + suffix >= count:
        prefix, suffix = _half(count, prefix, suffix)
    hidden = set(positions[prefix : count - suffix])
    return "".join(policy.mask_char if i in hidden else char for i, char in enumerate(run))


_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")


def mask_text(s: str, policy: MaskingPolicy = DEFAULT_POLICY) -> str:
    """Free text (teller notes) with ID-like (15/18), mobile (11) and card-like (12+) numbers
    masked where they appear; everything else is left as written."""
    return _NUMBER_RUN.sub(lambda match: _mask_run(match.group(0), policy), s)
