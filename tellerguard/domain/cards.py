"""Bank card and account numbers: normalising what the teller typed and the Luhn check.

Personal bank cards (UnionPay 62…) carry a Luhn check digit, so a failed check usually means a
typing error. Company and some passbook accounts do not use Luhn at all, so a failure is a
hint for the teller to re-read the number, never a reason to refuse (and never evidence that
the account is or is not personal: shared/DOMAIN.md, XFER-OFFICIAL).
"""

from __future__ import annotations

import re

MIN_DIGITS = 12
MAX_DIGITS = 30

_SEPARATORS = re.compile(r"[\s\-]+")
_DIGITS = re.compile(r"[0-9]+")
# Each digit doubled, with the tens added back (7 → 14 → 1+4 = 5), as the digit of that sum.
_DOUBLED = str.maketrans("0123456789", "0246813579")


def normalize_account(s: str) -> str:
    """The account number without spaces (of any kind) and dashes: 6222 0212-3456 → 62220212…"""
    return _SEPARATORS.sub("", s)


def luhn_ok(account: str) -> bool:
    """Whether ``account`` is 12-30 ASCII digits (separators allowed) passing the Luhn check.

    Anything else (letters, full-width digits, too short or too long) is ``False``, never an
    exception: the answer feeds a fact, not a validation error.
    """
    # Most accounts come already normalised (the case model did it): no regex for them.
    digits = account if account.isdigit() else normalize_account(account)
    # ASCII only: stdnum would read full-width digits through int() and could pass them.
    if not (MIN_DIGITS <= len(digits) <= MAX_DIGITS) or not _DIGITS.fullmatch(digits):
        return False
    return luhn_valid(digits)


def luhn_valid(digits: str) -> bool:
    """The Luhn check of a string of ASCII digits (ISO/IEC 7812), computed by translating
    every second digit from the right to its doubled digit sum and adding code points: a few
    hundred nanoseconds, so a million-entry risk list is checked in well under a second
    (tests compare it with python-stdnum's ``luhn``)."""
    kept = digits[-1::-2]
    doubled = digits[-2::-2].translate(_DOUBLED)
    return (sum(kept.encode()) + sum(doubled.encode()) - 48 * len(digits)) % 10 == 0
