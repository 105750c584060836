"""The bank-wide lookup key, and the keyed hashes that let head office find a customer's
cases across every branch without the centre ever holding a full number.

Key hierarchy (docs/AUDIT.md, "Bank-wide search"):

* **branch data keys** (AES-256-GCM field key + the branch's own HMAC lookup key) stay per
  branch, on its workstations and in its escrowed backup: only they decrypt personal data,
  and the centre never has them;
* **the bank lookup key** (HMAC-SHA256, 32 bytes, with a key id) is made by head office with
  ``central lookup-key --new FILE``, registered in the centre by its id (never the key),
  and distributed to every workstation's key folder as ``bank-lookup-key.json``. ``ship``
  decrypts each event's ID number, phone and payee account on the workstation (with the
  branch key it already holds), computes their HMACs under the bank key and sends those
  beside the events; ``find`` computes the same HMAC of the searched number with head
  office's copy. So the centre holds masked forms, ciphertexts it cannot open, and keyed
  hashes it cannot reverse without the lookup key;
* **rotation**: a new lookup key is registered and becomes the active one; workstations that
  receive it re-send lookups for their whole store under the new key on their next ship
  (the same path that migrates stores shipped before any lookup key existed); searches use
  the key file given, so the old key keeps working until every store is re-indexed, then is
  retired.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tellerguard.audit.errors import KeyFileError
from tellerguard.audit.keys import FieldCipher, read_private_file
from tellerguard.domain.sealing import normalize_lookup
from tellerguard.private_files import write_private_file

LOOKUP_KEY_FILE = "bank-lookup-key.json"
LookupKind = Literal["id", "card", "phone"]
_FORMAT = "tellerguard-bank-lookup-key"
_NOT_DIGITS = re.compile(r"[^0-9]")


@dataclass(frozen=True, slots=True)
class BankLookupKey:
    key: bytes
    created: str
    _keyed: hmac.HMAC = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # the key's HMAC state, copied for each number: a third less than hmac.new each time
        object.__setattr__(self, "_keyed", hmac.new(self.key, digestmod="sha256"))

    def __repr__(self) -> str:  # never print key material
        return f"BankLookupKey(key_id={self.key_id!r})"

    @property
    def key_id(self) -> str:
        return hashlib.sha256(b"tellerguard/bank-lookup-key/v1|" + self.key).hexdigest()[:16]

    @classmethod
    def generate(cls, created: str) -> BankLookupKey:
        return cls(secrets.token_bytes(32), created)

    def save(self, path: Path) -> Path:
        data = {
            "format": _FORMAT,
            "version": 1,
            "key_id": self.key_id,
            "key": base64.b64encode(self.key).decode("ascii"),
            "created": self.created,
        }
        write_private_file(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))
        return path

    @classmethod
    def load(cls, path: Path) -> BankLookupKey:
        raw = read_private_file(path, "bank lookup key file")
        try:
            obj: Any = json.loads(raw)
            if not isinstance(obj, dict) or obj.get("format") != _FORMAT:
                raise ValueError("not a TellerGuard bank lookup key file")
            key = cls(base64.b64decode(obj["key"], validate=True), str(obj["created"]))
            if len(key.key) != 32 or obj.get("key_id") != key.key_id:
                raise ValueError("the key and its key id do not match")
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyFileError(f"{path}: damaged bank lookup key file: {exc}") from None
        return key

    def lookup(self, kind: LookupKind, number: str) -> bytes:
        """HMAC-SHA256 of a normalised full number (the same form the workstation stores)."""
        keyed = self._keyed.copy()
        keyed.update(kind.encode() + b"\0" + normalize(kind, number).encode("utf-8"))
        return keyed.digest()


def normalize(kind: LookupKind, number: str) -> str:
    """ID and card numbers as the case model stores them; a phone as its national digits
    (``+86 138-0371-0000`` and ``13803710000`` are the same phone)."""
    if kind == "phone":
        digits = _NOT_DIGITS.sub("", number)
        return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits
    return normalize_lookup(kind, number)


_SUBJECT_FIELDS: tuple[tuple[str, LookupKind], ...] = (
    ("id_number", "id"),
    ("payee_account", "card"),
    ("phone", "phone"),
)


def event_lookups(
    subject: dict[str, Any] | None, cipher: FieldCipher, key: BankLookupKey, sealed: object = None
) -> list[tuple[LookupKind, bytes]]:
    """The bank lookups of one event from its sealed subject
    (:func:`tellerguard.central.columns.read_record`): the ID number, payee account and phone,
    decrypted here on the workstation with the branch key and hashed under the bank key."""
    if subject is None:
        return []
    opener = cipher.for_record({"sealed": sealed})
    found: list[tuple[LookupKind, bytes]] = []
    for name, kind in _SUBJECT_FIELDS:
        value = subject.get(name)
        if isinstance(value, dict) and isinstance(value.get("c"), str):
            found.append((kind, key.lookup(kind, opener.open(value["c"]))))
    return found
