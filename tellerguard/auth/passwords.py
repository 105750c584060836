"""Password hashing (argon2id) and the password policy.

Parameters: memory 64 MiB, 3 passes, 1 lane — above OWASP's Password Storage Cheat Sheet
minimum for argon2id (19 MiB with 2 passes, or 46 MiB with 1 pass) in both memory and time;
about 0.15 s per hash on a 2-core counter PC, once per login. Hashes made with older
parameters are upgraded at the next successful login. Passwords are never logged, shown or
exported; only the hash is stored.
"""

from __future__ import annotations

import re
from functools import cached_property

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


def check_policy(password: str, *, username: str) -> None:
    """At least 10 characters with letters and digits, not the operator's name."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"at most {MAX_LENGTH} characters")
    if not re.search(r"[A-Za-z]", password) or not re.search(r"[0-9]", password):
        problems.append("letters and digits")
    if username and username.lower() in password.lower():
        problems.append("no user name inside")
    if password != password.strip():
        problems.append("no spaces at the start or end")
    if problems:
        raise PasswordPolicyError(
            "the password needs " + ", ".join(problems),
            "新密码不符合要求：至少 10 位，包含字母和数字，且不含用户名",
        )
