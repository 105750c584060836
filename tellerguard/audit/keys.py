"""The branch's encryption and lookup keys, their passphrase backup, and the workstation's
signing key.

* **Branch keys** (one AES-256-GCM key for personal fields, one HMAC-SHA256 key for lookups)
  belong to the branch, so that an archive from any of its workstations can be searched by
  an investigator holding the branch key. They live in an owner-only JSON file in the key
  folder, never in the database: a copy of the database alone reveals no full identifier.
* **Key backup**: the branch keys encrypted with AES-256-GCM under a key derived from a
  passphrase with scrypt (N=2^17, r=8, p=1: OWASP's recommended minimum), written at set-up
  for the bank to escrow. :func:`read_key_backup` is the recovery path (docs/AUDIT.md).
* **Signing key**: an Ed25519 key that belongs to this workstation and signs checkpoints.

Files are written to a temporary name, flushed to disk and renamed, so a crash never leaves a
half-written key. On POSIX they are created ``0600`` (folder ``0700``) and a key file that
others can read is refused; Windows has no such mode bits (protect the folder with ACLs).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from tellerguard.audit.canonical import format_time
from tellerguard.audit.errors import KeyBackupError, KeyFileError
from tellerguard.domain.sealed import SEALED_REF_PREFIX, LookupKind, lookup_message
from tellerguard.private_files import read_regular_file, write_private_file

BRANCH_KEY_FILE = "branch-keys.json"
KEY_BACKUP_FILE = "branch-keys.backup.json"
SIGNING_KEY_FILE = "workstation-signing.pem"
SIGNING_PUBLIC_FILE = "workstation-signing.pub"

SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE = 12
_NONCE = 12
_HMAC_BLOCK = 64  # SHA-256's block size
_FIELD_AAD = b"tellerguard/field/v1"
_RECORD_AAD = b"tellerguard/record-values/v1"
_BACKUP_AAD = b"tellerguard/key-backup/v1|"


# -- files ---------------------------------------------------------------------------------
def read_private_file(path: Path, what: str) -> bytes:
    """Read a secret file, refusing one that other users could read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise KeyFileError(f"{what} not found: {path}") from None
    if sys.platform != "win32":
        if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyFileError(
                f"{what} {path} can be read by other users (mode {stat.S_IMODE(info.st_mode):o}); "
                f"restrict it with: chmod 600 {path}"
            )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"cannot read {what} {path}: {exc.strerror}") from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, what: str) -> bytes:
    if not isinstance(text, str):
        raise ValueError(f"{what} must be base64 text")
    return base64.b64decode(text, validate=True)


# -- branch keys ---------------------------------------------------------------------------
def _key_id(enc_key: bytes, hmac_key: bytes) -> str:
    return hashlib.sha256(b"tellerguard/key-id/v1|" + enc_key + hmac_key).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class BranchKeys:
    """The branch's field-encryption key and lookup (HMAC) key."""

    branch: str
    enc_key: bytes
    hmac_key: bytes
    created: str

    def __repr__(self) -> str:  # never print key material
        return f"BranchKeys(branch={self.branch!r}, key_id={self.key_id!r})"

    @property
    def key_id(self) -> str:
        """A short public name of the key pair, recorded in every event."""
        return _key_id(self.enc_key, self.hmac_key)

    @classmethod
    def generate(cls, branch: str, created: datetime) -> BranchKeys:
        return cls(
            branch=branch,
            enc_key=AESGCM.generate_key(bit_length=256),
            hmac_key=secrets.token_bytes(32),
            created=format_time(created),
        )

    def to_json(self) -> bytes:
        data = {
            "format": "tellerguard-branch-keys",
            "version": 1,
            "branch": self.branch,
            "key_id": self.key_id,
            "enc_key": _b64(self.enc_key),
            "hmac_key": _b64(self.hmac_key),
            "created": self.created,
        }
        return json.dumps(data, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes, source: str) -> BranchKeys:
        try:
            obj: Any = json.loads(data)
            if not isinstance(obj, dict) or obj.get("format") != "tellerguard-branch-keys":
                raise ValueError("not a TellerGuard branch key file")
            keys = cls(
                branch=str(obj["branch"]),
                enc_key=_unb64(obj["enc_key"], "enc_key"),
                hmac_key=_unb64(obj["hmac_key"], "hmac_key"),
                created=str(obj["created"]),
            )
            if len(keys.enc_key) != 32 or len(keys.hmac_key) != 32:
                raise ValueError("keys must be 32 bytes")
            if obj.get("key_id") != keys.key_id:
                raise ValueError("key_id does not match the keys")
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyFileError(f"{source}: damaged branch key file: {exc}") from None
        return keys


def save_branch_keys(keys: BranchKeys, key_dir: Path) -> Path:
    path = key_dir / BRANCH_KEY_FILE
    write_private_file(path, keys.to_json())
    return path


def load_branch_keys(key_dir: Path) -> BranchKeys:
    path = key_dir / BRANCH_KEY_FILE
    return BranchKeys.from_json(read_private_file(path, "branch key file"), str(path))


class FieldCipher:
    """Seals personal fields (AES-256-GCM, fresh 96-bit nonce each) and computes lookup HMACs.

    A value is ``base64(nonce ‖ ciphertext ‖ tag)``. The hash chain already pins every stored
    byte, so the authenticated data only names the format. Implements the ``Sealer``
    protocol of :mod:`tellerguard.domain.events`.
    """

    def __init__(self, keys: BranchKeys) -> None:
        self._aead = AESGCM(keys.enc_key)
        self._hmac_key = keys.hmac_key
        self._hmac_states: dict[str, tuple[Any, Any]] = {}
        self.key_id = keys.key_id

    def seal(self, plaintext: str) -> str:
        nonce = secrets.token_bytes(_NONCE)
        return _b64(nonce + self._aead.encrypt(nonce, plaintext.encode("utf-8"), _FIELD_AAD))

    def open(self, token: str) -> str:
        try:
            raw = _unb64(token, "sealed value")
            data = self._aead.decrypt(raw[:_NONCE], raw[_NONCE:], _FIELD_AAD)
        except (ValueError, InvalidTag):
            raise KeyFileError(
                "cannot decrypt a personal value: wrong branch key or damaged value",
                "无法解密个人信息：密钥不符或数据已损坏",
            ) from None
        return data.decode("utf-8")

    def seal_values(self, plaintexts: Sequence[str]) -> str:
        """All of one record's personal values under one nonce and tag: ``base64(nonce ‖
        AES-GCM(JSON array of the values, UTF-8, no spaces) ‖ tag)`` (docs/AUDIT.md)."""
        text = json.dumps(list(plaintexts), ensure_ascii=False, separators=(",", ":"))
        nonce = secrets.token_bytes(_NONCE)
        return _b64(nonce + self._aead.encrypt(nonce, text.encode("utf-8"), _RECORD_AAD))

    def open_values(self, token: object) -> list[str]:
        try:
            raw = _unb64(token, "sealed values")
            values = json.loads(self._aead.decrypt(raw[:_NONCE], raw[_NONCE:], _RECORD_AAD))
        except (ValueError, InvalidTag):
            values = None
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise KeyFileError(
                "cannot decrypt a record's personal values: wrong branch key or damaged record",
                "无法解密个人信息：密钥不符或数据已损坏",
            )
        return values

    def for_record(self, record: Any) -> RecordSealer:
        """A sealer that opens the values of ``record`` (a whole record, envelope and
        payload): each ``~N`` from the record's one ``sealed`` ciphertext, decrypted once,
        and a value of its own (records before 2026-12-07) as before."""
        return RecordSealer(self, record.get("sealed") if isinstance(record, Mapping) else None)

    def lookup(self, kind: LookupKind, normalized: str) -> str:
        """HMAC-SHA256 of a normalised full ID or card number, for finding events by it."""
        return self.lookup_digest(kind, normalized).hex()

    def lookup_digest(self, kind: LookupKind, normalized: str) -> bytes:
        """:meth:`lookup` as the raw 32 bytes (what a risk list stores and looks up)."""
        inner, outer = self._states(kind)
        inner = inner.copy()
        inner.update(normalized.encode("utf-8"))
        outer = outer.copy()
        outer.update(inner.digest())
        return bytes(outer.digest())

    def lookup_digests(self, kind: LookupKind, normalized: Iterable[str]) -> Iterator[bytes]:
        """:meth:`lookup_digest` of many values (a risk list's import)."""
        for value in normalized:
            yield self.lookup_digest(kind, value)

    def _states(self, kind: LookupKind) -> tuple[Any, Any]:
        # HMAC (RFC 2104) is H((K ^ opad) || H((K ^ ipad) || message)); hashing the two padded
        # keys and the kind prefix once and copying those states per value is RFC 2104's own
        # suggested optimisation, 2.5x faster than hmac.new per value (a million-entry list).
        # tests/unit/test_audit_keys.py checks it against the hmac module.
        states = self._hmac_states.get(kind)
        if states is None:
            padded = self._hmac_key.ljust(_HMAC_BLOCK, b"\0")
            inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
            inner.update(lookup_message(kind, ""))
            outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))
            states = self._hmac_states[kind] = (inner, outer)
        return states


class RecordSealer:
    """:class:`FieldCipher` bound to one record (see :meth:`FieldCipher.for_record`)."""

    def __init__(self, cipher: FieldCipher, sealed: object) -> None:
        self._cipher = cipher
        self._sealed = sealed
        self._values: list[str] | None = None
        self.key_id = cipher.key_id

    def seal(self, plaintext: str) -> str:
        return self._cipher.seal(plaintext)

    def open(self, token: str) -> str:
        if not token.startswith(SEALED_REF_PREFIX):
            return self._cipher.open(token)
        if self._values is None:
            if self._sealed is None:
                raise KeyFileError(
                    "a personal value names the record's sealed values, which it lacks",
                    "无法解密个人信息：数据已损坏",
                )
            self._values = self._cipher.open_values(self._sealed)
        index = int(token[1:]) if token[1:].isdigit() else -1
        if not 0 <= index < len(self._values):
            raise KeyFileError(
                f"a personal value names sealed value {token[1:]!r}, which the record lacks",
                "无法解密个人信息：数据已损坏",
            )
        return self._values[index]

    def lookup(self, kind: LookupKind, normalized: str) -> str:
        return self._cipher.lookup(kind, normalized)

    def for_record(self, record: Any) -> RecordSealer:
        return self._cipher.for_record(record)


# -- key backup ----------------------------------------------------------------------------
def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise KeyBackupError(
            f"the key backup passphrase must be at least {MIN_PASSPHRASE} characters",
            f"密钥备份口令至少需要 {MIN_PASSPHRASE} 个字符",
        )


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def write_key_backup(
    keys: BranchKeys, passphrase: str, path: Path, *, created: datetime, n: int = SCRYPT_N
) -> Path:
    """Write the branch keys encrypted under ``passphrase`` (for escrow by the bank)."""
    check_passphrase(passphrase)
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(_NONCE)
    secret = _derive(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
    sealed = AESGCM(secret).encrypt(nonce, keys.to_json(), _BACKUP_AAD + keys.key_id.encode())
    data = {
        "format": "tellerguard-key-backup",
        "version": 1,
        "branch": keys.branch,
        "key_id": keys.key_id,
        "created": format_time(created),
        "kdf": {"name": "scrypt", "n": n, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
        "ciphertext": _b64(sealed),
    }
    write_private_file(path, json.dumps(data, indent=2, sort_keys=True).encode("utf-8"))
    return path


def read_key_backup(path: Path, passphrase: str) -> BranchKeys:
    """Open a key backup; :class:`KeyBackupError` for a wrong passphrase or a damaged file."""
    try:
        obj: Any = json.loads(read_regular_file(path, 1024 * 1024))
    except FileNotFoundError:
        raise KeyBackupError(f"key backup not found: {path}") from None
    except OSError as exc:
        raise KeyBackupError(f"{path}: not a readable key backup: {exc.strerror}") from None
    except ValueError as exc:
        raise KeyBackupError(f"{path}: not a readable key backup: {exc}") from None
    try:
        if not isinstance(obj, dict) or obj.get("format") != "tellerguard-key-backup":
            raise ValueError("not a TellerGuard key backup")
        kdf = obj["kdf"]
        if kdf.get("name") != "scrypt":
            raise ValueError(f"unsupported key derivation {kdf.get('name')!r}")
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        if not (2**14 <= n <= 2**22 and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError("implausible scrypt parameters")
        salt = _unb64(kdf["salt"], "salt")
        nonce = _unb64(obj["nonce"], "nonce")
        sealed = _unb64(obj["ciphertext"], "ciphertext")
        key_id = str(obj["key_id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise KeyBackupError(f"{path}: damaged key backup: {exc}") from None
    secret = _derive(passphrase, salt, n, r, p)
    try:
        plain = AESGCM(secret).decrypt(nonce, sealed, _BACKUP_AAD + key_id.encode())
    except InvalidTag:
        raise KeyBackupError(
            f"{path}: wrong passphrase, or the backup file was altered",
            "口令错误，或密钥备份文件已被改动",
        ) from None
    keys = BranchKeys.from_json(plain, str(path))
    if keys.key_id != key_id:
        raise KeyBackupError(f"{path}: the backup's key id does not match its content")
    return keys


# -- workstation signing key ---------------------------------------------------------------
class WorkstationSigner:
    """The workstation's Ed25519 key, which signs checkpoints."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_key_hex = public_key_hex(private_key.public_key())

    def __repr__(self) -> str:
        return f"WorkstationSigner(public_key={self.public_key_hex[:16]}…)"

    @classmethod
    def generate(cls) -> WorkstationSigner:
        return cls(Ed25519PrivateKey.generate())

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)

    def save(self, key_dir: Path) -> None:
        self.save_to(key_dir / SIGNING_KEY_FILE, key_dir / SIGNING_PUBLIC_FILE)

    def save_to(self, private: Path, public: Path) -> None:
        """The private key (owner-only PEM) and its public half (hex, one line)."""
        pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_private_file(private, pem)
        # The public half is not secret; it is what a signature is verified against.
        public.write_text(self.public_key_hex + "\n", encoding="ascii")

    @classmethod
    def load(cls, key_dir: Path) -> WorkstationSigner:
        return cls.from_file(key_dir / SIGNING_KEY_FILE, "workstation signing key")

    @classmethod
    def from_file(cls, path: Path, what: str) -> WorkstationSigner:
        """An Ed25519 private key from an owner-only PEM file (PKCS#8, unencrypted)."""
        data = read_private_file(path, what)
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError) as exc:
            raise KeyFileError(f"{path}: damaged {what}: {exc}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise KeyFileError(f"{path}: not an Ed25519 key")
        return cls(key)


def public_key_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def load_public_key(key_dir: Path) -> str:
    """The workstation's public key (hex) from the key folder."""
    path = key_dir / SIGNING_PUBLIC_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise KeyFileError(f"workstation public key not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"cannot read {path}: {exc}") from None
    if len(text) != 64:
        raise KeyFileError(f"{path}: not an Ed25519 public key")
    return text


def signature_ok(public_hex: str, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
