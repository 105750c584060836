"""Normalise a teller's fast-typed notes so that a phrase matches however it was typed.

DOMAIN.md ("Free-text teller notes"): before matching, notes and phrases alike are

1. NFKC-folded: full-width digits, letters and spaces become half-width (``１０万`` → ``10万``,
   ``ｓａｆｅ`` → ``safe``, U+3000 → a space);
2. converted traditional → simplified with OpenCC's ``t2s`` dictionary (``保證金`` → ``保证金``,
   ``解凍`` → ``解冻``, ``帳戶`` → ``帐户``);
3. stripped of variant characters OpenCC keeps because both are standard (``帐`` → ``账``);
4. lower-cased (``Safe Account`` → ``safeaccount``) and stripped of every space, tab, line
   break and zero-width character (``安 全 账 户``, ``刷　单``).

The result keeps one character per character of the NFKC-folded text minus the spaces, so a
position in it can be checked for a negation just before it.

Two further forms catch what a pinyin input method lets through, used only for phrases of at
least :data:`SOUND_MIN_HAN` Chinese characters (shorter ones collide with everyday words:
导师 *daoshi* is also 到时 "by then"):

- :func:`sound_fold` maps every Chinese character to one representative of its toneless
  pinyin, so a homophone typo (``安全账护`` for ``安全账户``, ``资金合查``) folds to the same
  text; a typo of another sound (``部门采购`` against ``部队采购``) does not;
- :func:`pinyin_forms` gives a phrase's unconverted pinyin (``anquanzhanghu``), as a teller
  types it when the input method was left in Latin mode.

Why OpenCC: it is the reference converter (BYVoid/OpenCC, maintained, its phrase-level
dictionaries handle one-to-many characters such as 乾/干 and 後/后), ships wheels for Linux,
Windows and macOS on Python 3.11–3.13, and its C++ core converts a note in about 2 µs against
44–79 µs for the pure-Python ports measured on this machine (opencc-py, opencc-python-
reimplemented). Why pypinyin: the maintained pinyin dictionary for Python (41,000 characters
with every reading); it is read once, when a pack's phrases are prepared.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import product

import opencc

SOUND_MIN_HAN = 3
"""Phrases with at least this many Chinese characters also match by sound and by pinyin."""
MAX_PINYIN_FORMS = 16
"""At most this many readings of one phrase (characters with several readings multiply)."""

# Variant characters that OpenCC's t2s keeps (both forms are standard simplified characters).
VARIANTS = {"帐": "账"}
# Spaces of every kind and invisible characters a paste can bring along.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

_converter = opencc.OpenCC("t2s")
_variants_table = str.maketrans(VARIANTS)
_invisible_table = str.maketrans("", "", _INVISIBLE)


def _drop_spaces(text: str) -> str:
    return "".join(text.split())


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """The matching form of ``text`` (see the module's description)."""
    folded = unicodedata.normalize("NFKC", text.translate(_invisible_table))
    simplified: str = _converter.convert(_drop_spaces(folded))
    return simplified.translate(_variants_table).lower()


def han_count(text: str) -> int:
    return sum(1 for ch in text if _is_han(ch))


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0308")
    return kept.replace("u\u0308", "v").lower()


@lru_cache(maxsize=1)
def _readings() -> dict[str, tuple[str, ...]]:
    """Every Chinese character's toneless readings, from pypinyin's dictionary."""
    from pypinyin.pinyin_dict import pinyin_dict

    table: dict[str, tuple[str, ...]] = {}
    for code, readings in pinyin_dict.items():
        forms = tuple(dict.fromkeys(_toneless(r) for r in readings.split(",") if r))
        if forms:
            table[chr(code)] = forms
    return table


def readings(ch: str) -> tuple[str, ...]:
    """The toneless pinyin readings of one character (empty when it has none)."""
    return _readings().get(ch, ())


@lru_cache(maxsize=1)
def _sound_table() -> dict[int, str]:
    """Each character → the first character (by code point) of its first reading."""
    first: dict[str, str] = {}
    table: dict[int, str] = {}
    for ch, forms in sorted(_readings().items()):
        representative = first.setdefault(forms[0], ch)
        if representative != ch:
            table[ord(ch)] = representative
    return table


def warm_up() -> None:
    """Build the pinyin tables (about 0.5 s) before the first note needs them; safe to call
    from a background thread (the tables are built once, read-only after)."""
    _sound_table()


def sound_fold(normalised: str) -> str:
    """``normalised`` with every Chinese character replaced by its sound's representative.

    Keeps the length, so positions match those of ``normalised``.
    """
    return normalised.translate(_sound_table())


def pinyin_forms(phrase: str) -> tuple[str, ...]:
    """Unconverted-pinyin spellings of a normalised phrase made only of Chinese characters."""
    if not phrase or not all(_is_han(ch) for ch in phrase):
        return ()
    options = [readings(ch) for ch in phrase]
    if any(not o for o in options):
        return ()
    forms: list[str] = []
    for combo in product(*options):
        forms.append("".join(combo))
        if len(forms) >= MAX_PINYIN_FORMS:
            break
    return tuple(dict.fromkeys(forms))
