"""Password hashing (argon2id) and the password policy.

Parameters: memory 64 MiB, 3 passes, 1 lane — above OWASP's Password Storage Cheat Sheet
minimum for argon2id (19 MiB with 2 passes, or 46 MiB with 1 pass) in both memory and time;
about 0.15 s per hash on a 2-core counter PC, once per login. Hashes made with older
parameters are upgraded at the next successful login. Passwords are never logged, shown or
exported; only the hash is stored.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from tellerguard.auth.errors import PasswordPolicyError

ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 65536
ARGON2_PARALLELISM = 1
OWASP_MINIMUM = ((19456, 2), (47104, 1))
"""OWASP's argon2id minimum configurations as (memory KiB, passes), 1 lane."""

MIN_LENGTH = 10
MAX_LENGTH = 128


def make_hasher(
    time_cost: int = ARGON2_TIME_COST,
    memory_kib: int = ARGON2_MEMORY_KIB,
    parallelism: int = ARGON2_PARALLELISM,
) -> PasswordHasher:
    return PasswordHasher(
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=parallelism,
        hash_len=32,
        salt_len=16,
        type=Type.ID,
    )


class Passwords:
    """Hash and check passwords with one argon2id configuration."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or make_hasher()

    @cached_property
    def _dummy(self) -> str:
        # A real hash to check against when the operator does not exist, so that a failed
        # login takes as long for an unknown name as for a wrong password. Made on first use:
        # hashing at start cost every cold start ~0.25 s before anyone typed a password.
        return self.hasher.hash("tellerguard-dummy-password")

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, stored_hash: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(stored_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def burn(self, password: str) -> None:
        """Spend the time of a verification for a login under an unknown name."""
        self.verify(self._dummy, password)

    def needs_rehash(self, stored_hash: str) -> bool:
        try:
            return self.hasher.check_needs_rehash(stored_hash)
        except InvalidHashError:
            return True


DEFAULT_PASSWORDS: Passwords | None = None


def default_passwords() -> Passwords:
    """The shared :class:`Passwords` with the production parameters (created on first use)."""
    global DEFAULT_PASSWORDS
    if DEFAULT_PASSWORDS is None:
        DEFAULT_PASSWORDS = Passwords()
    return DEFAULT_PASSWORDS


@dataclass(frozen=True, slots=True)
class PolicyProblem:
    """One thing a new password must fix: for the log and the command line (English) and
    for the screen (a short Chinese phrase)."""

    code: str
    en: str
    zh: str


COMMON_PASSWORDS_FILE = "common-passwords.txt.gz"
"""19,640 common passwords from public breaches, shipped beside this module (source and
licence in ``common-passwords.NOTICE``: Royce Williams' list, as shipped by Django)."""
_MIN_STEM = 6
"""The shortest listed word refused with digits or symbols added at the end (shorter words
are refused alone by the length rule; ``Super#2026`` is not ``super``)."""
_MAX_RUN = 4
"""A character repeated this many times in a row (``aaaa``, ``1111``) is refused."""


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of breached passwords, lower-cased (read once, ~20,000 entries)."""
    data = resources.files("tellerguard.auth").joinpath(COMMON_PASSWORDS_FILE).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())  # some hold spaces


def _breached(lowered: str) -> bool:
    """On the list as typed, or a listed word of 6 or more characters with digits and
    symbols added at the end (``Password123!``, ``Dragon2026``)."""
    common = common_passwords()
    if lowered in common:
        return True
    stem = re.sub(r"[\W\d_]+$", "", lowered)
    return len(stem) >= _MIN_STEM and stem in common


def _classes(password: str) -> int:
    return sum(
        (
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


def _names(username: str, display_name: str) -> list[str]:
    """The operator's names a password must not contain: the user name (and backwards) and
    the display name without spaces, each of at least 2 characters."""
    names = []
    for name in (username, display_name.replace(" ", "").replace("·", "")):
        name = name.strip().lower()
        if len(name) >= 2:
            names += [name, name[::-1]]
    return names


def password_problems(
    password: str, *, username: str, display_name: str = ""
) -> list[PolicyProblem]:
    """Everything a new password must fix (empty: it is acceptable). The one policy of
    TellerGuard, for the command line and the screens alike:

    * 10 to 128 characters, no space at the start or end, no control characters;
    * at least three of: upper-case letters, lower-case letters, digits, other characters
      (what branch IT security usually asks for, after GB/T 22239 "complexity");
    * not containing the operator's user name or display name (nor either backwards);
    * no character four times in a row;
    * not one of the common breached passwords shipped with the program, compared without
      case, nor a listed word of 6 or more letters with digits and symbols added at the end
      (``Dragon2026!`` is ``dragon`` plus a year).
    """
    problems: list[PolicyProblem] = []

    def add(code: str, en: str, zh: str) -> None:
        problems.append(PolicyProblem(code, en, zh))

    if len(password) < MIN_LENGTH:
        add("short", f"it has fewer than {MIN_LENGTH} characters", f"至少 {MIN_LENGTH} 位")
    if len(password) > MAX_LENGTH:
        add("long", f"it has more than {MAX_LENGTH} characters", f"不超过 {MAX_LENGTH} 位")
    if _classes(password) < 3:
        add(
            "classes",
            "it needs three of: upper-case letters, lower-case letters, digits, symbols",
            "大写字母、小写字母、数字、符号至少含三类",
        )
    if password != password.strip():
        add("spaces", "it starts or ends with a space", "首尾不能有空格")
    if any(unicodedata.category(c) == "Cc" for c in password):
        add("control", "it holds a control character", "不能含控制字符")
    lowered = password.lower()
    if any(name in lowered for name in _names(username, display_name)):
        add("name", "it contains the user name or the display name", "不能包含用户名或姓名")
    if re.search(rf"(.)\1{{{_MAX_RUN - 1}}}", password):
        add(
            "repeat",
            f"it has one character {_MAX_RUN} times in a row",
            f"同一字符不能连续 {_MAX_RUN} 次",
        )
    if _breached(lowered):
        add(
            "breached",
            "it is a common password from public breaches",
            "属于常见的已泄露密码，请换一个",
        )
    return problems


def check_policy(password: str, *, username: str, display_name: str = "") -> None:
    """Raise :class:`PasswordPolicyError` naming everything to fix (see
    :func:`password_problems`)."""
    problems = password_problems(password, username=username, display_name=display_name)
    if problems:
        raise PasswordPolicyError(
            "the password is not acceptable: " + "; ".join(p.en for p in problems),
            "新密码不符合要求：" + "；".join(p.zh for p in problems),
        )
