"""Names validated as names: what a customer's or a payee's name may contain.

A person's name is letters of any script (Han, Latin with accents, Uyghur, Tibetan,
Mongolian …) with their combining marks, separated by spaces, the middle dot of minority
and transliterated names (``阿依古丽·买买提``, also written ``•``, ``・`` or ``．``), an
apostrophe, a hyphen or a full stop (``Mary-Jane O'Brien``, ``J. SMITH``), and must start
with a letter. A payee may also be an organisation (``郑州恒达建材有限公司``,
``XX（香港）贸易有限公司``): digits, brackets and ``&`` are allowed there too. Neither can
start like a spreadsheet formula or hold a control character, so a customer "named"
``=HYPERLINK(...)`` is refused at the counter, before it reaches any record or export.
"""

from __future__ import annotations

import re
import unicodedata

NAME_JOINERS = frozenset(" ·•・．.'’-")
ORGANISATION_EXTRA = frozenset("0123456789０１２３４５６７８９()（）&＆,，、")
PERSON_ALLOWED = (
    "letters, spaces and · ' - . only (a Chinese, minority, foreign or Hong Kong/Macao/Taiwan name)"
)
HAN_RANGE = ("\u4e00", "\u9fff")
"""The CJK Unified Ideographs block: every character in it is a letter (category Lo)."""
_HAN_ONLY = re.compile(f"[{HAN_RANGE[0]}-{HAN_RANGE[1]}]+")
PAYEE_ALLOWED = "letters, spaces, · ' - . and, for a company, digits, brackets and & only"


def _problem(value: str, extra: frozenset[str], what: str, allowed: str) -> str | None:
    if _HAN_ONLY.fullmatch(value):
        return None  # the usual name: CJK ideographs only, each a letter (a test checks)
    if value != value.strip():
        return f"{what} must not start or end with a space"
    if not value or not unicodedata.category(value[0]).startswith("L"):
        return f"{what} must start with a letter"
    for char in value:
        category = unicodedata.category(char)
        if category.startswith(("L", "M")) or char in NAME_JOINERS or char in extra:
            continue
        shown = repr(char) if category.startswith(("C", "Z")) else f"'{char}'"
        return f"{what} cannot contain {shown}: {allowed}"
    return None


def check_person_name(value: str) -> str:
    """The name of a person, unchanged; :class:`ValueError` saying what is wrong."""
    problem = _problem(value, frozenset(), "a name", PERSON_ALLOWED)
    if problem:
        raise ValueError(problem)
    return value


def check_payee_name(value: str) -> str:
    """The name of a person or an organisation, unchanged; :class:`ValueError` if not."""
    problem = _problem(value, ORGANISATION_EXTRA, "a payee name", PAYEE_ALLOWED)
    if problem:
        raise ValueError(problem)
    return value
