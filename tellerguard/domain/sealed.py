"""Sealed personal values as stored in an audit record, and which case fields are personal.

Personal data (shared/DOMAIN.md, "Personal data") never appears in a payload in the clear.
Each personal value is a :class:`Sealed` object: its masked form (``m``) in the clear, for
screens and masked exports that must never decrypt, and the full value encrypted with the
branch key (``c``). ID and card numbers also carry ``h``, the keyed hash (HMAC) of the
normalised full number, by which an investigator finds every event of a customer. The
encryption itself is done by a :class:`Sealer` (``tellerguard.audit.keys.FieldCipher``);
this module stays free of key handling and SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal, Protocol, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

LookupKind: TypeAlias = Literal["id", "card", "phone", "name_id"]

MAX_TEXT = 4000
Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
B64 = Annotated[str, Field(pattern=r"^[A-Za-z0-9+/]+={0,2}$", max_length=4 * MAX_TEXT + 64)]


def lookup_message(kind: LookupKind, normalized: str) -> bytes:
    """What a lookup HMAC is computed over: the kind, a NUL, the normalised value."""
    return kind.encode() + b"\0" + normalized.encode("utf-8")


class Sealer(Protocol):
    """Encrypts personal values and computes lookup hashes with the branch keys."""

    key_id: str

    def seal(self, plaintext: str) -> str: ...

    def open(self, token: str) -> str: ...

    def lookup(self, kind: LookupKind, normalized: str) -> str: ...

    def for_record(self, record: Any) -> Sealer:
        """This sealer bound to one whole record, whose ``~N`` values it opens."""
        ...


class FrozenModel(BaseModel):
    """A stored value: unknown fields refused, never changed after it is built."""

    model_config = ConfigDict(extra="forbid", frozen=True)


SealedToken = Annotated[
    str,
    Field(pattern=r"^(~(0|[1-9][0-9]{0,4})|[A-Za-z0-9+/]+={0,2})$", max_length=4 * MAX_TEXT + 64),
]
"""A sealed value's ciphertext (base64), or ``~N``: the N-th value of the one ciphertext of
its record (the record's ``sealed``; records from 2026-12-07 on)."""


class Sealed(FrozenModel):
    """A personal value: masked form in the clear (``m``), full value encrypted (``c``)."""

    m: Text
    c: SealedToken


class SealedKey(Sealed):
    """A sealed ID or card number with its lookup hash (``h``, HMAC-SHA256, hex)."""

    h: Hex64


SEALED_REF_PREFIX = "~"
"""A sealed value's ``c`` that is ``~N`` names the N-th value of its record's ``sealed``."""

RECORD_SEALED = "sealed"
"""The record envelope's key of the one ciphertext of all its personal values."""

SEALED_KEYS = (frozenset({"m", "c"}), frozenset({"m", "c", "h"}))
"""The key sets that mark a sealed value inside a stored record."""


def sealed_values(node: dict[str, Any] | list[Any]) -> Iterator[dict[str, Any]]:
    """Every sealed value (the dict itself, which may be changed) inside a decoded payload.
    Only containers are visited — an assessment is ~80 nodes, most of them scalars — as this
    runs on every append and every record ``verify --deep`` reads."""
    children: Iterable[Any] = node.values() if isinstance(node, dict) else node
    for child in children:
        if isinstance(child, dict):
            token = child.get("c")
            if type(token) is str and len(child) <= 3 and frozenset(child) in SEALED_KEYS:
                yield child
            else:
                yield from sealed_values(child)
        elif isinstance(child, list):
            yield from sealed_values(child)


PERSONAL_CASE_PATHS: tuple[str, ...] = (
    "customer.name",
    "customer.id_number",
    "customer.phone",
    "customer.employer",
    "customer.address",
    "notes",
    "transfer.payee_name",
    "transfer.payee_account",
)
"""Case fields that are personal data and are stored sealed."""


def get_path(data: dict[str, Any], path: str) -> tuple[bool, Any]:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def is_sealed(value: object) -> bool:
    return isinstance(value, dict) and frozenset(value) in SEALED_KEYS


PERSONAL_EXTRA_PATHS: tuple[str, ...] = ("customer.employer", "customer.address", "notes")
"""Personal case fields that are not part of the subject; kept sealed in ``personal``."""


def put_path(data: dict[str, Any], path: str, value: object) -> None:
    *parents, leaf = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
