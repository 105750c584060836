"""Risk lists (涉诈风险名单): their kinds of key, how a key is normalised and checked, the
signed header a list file travels with, and reading a list file's rows.

A list arrives from the bank's risk department or the police (公安机关推送) as a CSV or XLSX
file with a detached Ed25519 signature (``FILE.sig``, :class:`ListSignature`). The counter PC
keeps only keyed hashes of the entries — the audit store's lookup HMAC of the normalised key
(``tellerguard.audit.keys.FieldCipher.lookup``) — so a stolen PC does not leak the list. A
key is normalised exactly as the case model normalises what the teller typed (account
separators dropped, ID upper-cased, phones to their national form), so that a typed number
and a listed number hash alike. This module is pure: no files, no keys, no SQL.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Annotated, Literal, NamedTuple, TypeAlias

from pydantic import Field, ValidationError, field_validator, model_validator

from tellerguard.domain.cards import luhn_valid, normalize_account
from tellerguard.domain.identity import check_digit
from tellerguard.domain.phone import PhoneProblem, normalize_phone
from tellerguard.domain.sealed import FrozenModel, Hex64, LookupKind
from tellerguard.errors import TellerGuardError

KeyKind: TypeAlias = Literal["account", "id_number", "phone", "name_and_id"]
KEY_KINDS: tuple[KeyKind, ...] = ("account", "id_number", "phone", "name_and_id")
KEY_KIND_LABELS: dict[str, str] = {
    "account": "账号",
    "id_number": "证件号码",
    "phone": "电话号码",
    "name_and_id": "姓名与证件号码",
}
LOOKUP_KINDS: dict[str, LookupKind] = {
    "account": "card",
    "id_number": "id",
    "phone": "phone",
    "name_and_id": "name_id",
}
"""The audit store's lookup kind each list key is hashed under: an account on a list hashes
like a payee account in the audit log, an ID number like a customer's, so an investigator with
the branch key can find a listed number's events."""

ListMode: TypeAlias = Literal["full", "delta"]
ListId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,47}$")]
Version = Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")]
SIGNATURE_FORMAT = "tellerguard-list-signature"
SIGNATURE_SUFFIX = ".sig"
MEMBER_BITS = 60
"""Entries are held in memory as the first 60 bits of their HMAC: a 60-bit int is a 32-byte
Python object (64 bits would take 36), which keeps a million-entry list under 100 MB. The
chance that some unlisted number shares a listed one's 60 bits is n / 2^60 per look-up
(10^-12 for a million entries)."""
MAX_ENTRIES = 5_000_000
MAX_FIELD = 200
_SEP = "\x1f"
_SPACES = re.compile(r"\s+")
_ID18 = re.compile(r"[0-9]{17}[0-9X]")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{6,34}")
_LONG_RUN = re.compile(r"[0-9A-Z]{6,}")
_DATE_CELL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} 00:00:00")


class ListError(TellerGuardError):
    """A list file, signature or command that cannot be used (exit 2); nothing was imported."""

    default_zh = "风险名单文件无效，未导入任何内容"


# -- keys ----------------------------------------------------------------------------------
def normalize_name(name: str) -> str:
    """A person's name as compared: NFKC (full-width letters folded) and no whitespace."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name))


def _id_number(raw: str) -> str:
    text = _SPACES.sub("", raw)
    if not text.isascii():
        raise ValueError("the ID number has full-width or non-ASCII characters")
    text = text.upper()
    if not _ID18.fullmatch(text):
        raise ValueError("the ID number must be 18 characters (17 digits and a digit or X)")
    # Like the counter's check, the reason does not name the expected character.
    if text[17] != check_digit(text[:17]):
        raise ValueError("bad check digit in the ID number (GB 11643 check failed)")
    return text


def normalize_key(kind: KeyKind, raw: str, name: str = "") -> str:
    """The key as hashed; :class:`ValueError` with an English reason when it is not valid.

    ``name`` is the person's name for ``name_and_id`` lists. Accounts: separators dropped, 6-34
    letters or digits; a 16-19 digit number starting 62 is a UnionPay card and must pass the
    Luhn check (company accounts do not use Luhn, so only card-shaped numbers are checked).
    ID numbers: the 18-character GB 11643 layout (resident ID, HMT residence permit, 2023
    permanent residence card) with its check character. Phones: as the case form stores them.
    """
    if kind == "account":
        # Most lists hold plain digits: skip the separator regex for them (a million rows).
        account = raw if raw.isdigit() else normalize_account(raw)
        if not _ACCOUNT.fullmatch(account):
            raise ValueError("the account must be 6 to 34 letters or digits")
        card = 16 <= len(account) <= 19 and account.startswith("62") and account.isdigit()
        if card and not luhn_valid(account):
            raise ValueError("bad check digit in the card number (Luhn check failed)")
        return account
    if kind == "id_number":
        return _id_number(raw)
    if kind == "phone":
        try:
            return normalize_phone(raw)
        except PhoneProblem as exc:
            raise ValueError(f"the phone number {exc.message_en}") from None
    person = normalize_name(name)
    if not 1 <= len(person) <= 60:
        raise ValueError("the name must be 1 to 60 characters")
    return person + _SEP + _id_number(raw)


def case_key(kind: KeyKind, value: str, name: str = "") -> str:
    """The key of a value from a validated case, normalised as :func:`normalize_key` does but
    without its checks: a value that fails them (a card with a wrong Luhn digit, a passport
    number) cannot be on a list, and its hash is simply not found. This runs inside the rule
    function, on every keystroke's assessment, so it does only what equal keys need."""
    if kind == "account":
        return normalize_account(value)
    if kind == "phone":
        return value  # the case model stores the phone already as normalize_phone does
    number = _SPACES.sub("", value).upper()
    return number if kind == "id_number" else normalize_name(name) + _SEP + number


def member_key_bytes(digest: bytes) -> int:
    """The in-memory form of an entry: the first :data:`MEMBER_BITS` bits of its 32-byte
    HMAC (as the store keeps it)."""
    return int.from_bytes(digest[:8], "big") >> (64 - MEMBER_BITS)


# -- the signature file --------------------------------------------------------------------
class ListSignature(FrozenModel):
    """``FILE.sig``: what the issuer says about a list file, signed with Ed25519.

    The signature covers every field but ``signature`` (as canonical JSON), and through
    ``file_sha256`` the file's bytes: a changed byte, a truncated file, another list's id or
    a replayed old version all fail.
    """

    format: Literal["tellerguard-list-signature"] = "tellerguard-list-signature"
    version: Literal[1] = 1
    list_id: ListId
    list_version: Version
    key_kind: KeyKind
    mode: ListMode
    base_version: Version | None = None
    """For a delta: the version it applies to."""
    title: Annotated[str, Field(min_length=1, max_length=100)]
    issuer: Annotated[str, Field(min_length=1, max_length=100)]
    valid_from: date
    valid_until: date | None = None
    entries: Annotated[int, Field(ge=0, le=MAX_ENTRIES)]
    """Data rows in the file: a file cut short before it was signed still fails."""
    file_name: Annotated[str, Field(min_length=1, max_length=200)]
    file_sha256: Hex64
    signed_on: date
    expires: date
    """The signature is refused after this day: an old file cannot be replayed for ever."""
    public_key: Hex64
    signature: Annotated[str, Field(pattern=r"^[A-Za-z0-9+/]{86}==$")] = "A" * 86 + "=="

    @model_validator(mode="after")
    def _consistent(self) -> ListSignature:
        if (self.mode == "delta") != (self.base_version is not None):
            raise ValueError("a delta names its base_version, a full list does not")
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        if self.expires < self.signed_on:
            raise ValueError("the signature expires before it was signed")
        return self

    @field_validator("title", "issuer", "file_name")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if any(ch in value for ch in "\r\n\t"):
            raise ValueError("must be one line")
        return value

    def signed_bytes(self) -> bytes:
        """What the signature signs: the header without ``signature``, canonical JSON."""
        data = self.model_dump(mode="json", exclude={"signature"})
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return b"tellerguard/list-signature/v1\0" + text.encode("utf-8")

    def signature_bytes(self) -> bytes:
        return base64.b64decode(self.signature)

    def to_json(self) -> bytes:
        data = self.model_dump(mode="json")
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()

    @classmethod
    def from_json(cls, data: bytes, where: str) -> ListSignature:
        try:
            return cls.model_validate_json(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            path = ".".join(str(p) for p in first["loc"]) or "signature"
            message = str(first["msg"]).removeprefix("Value error, ")
            raise ListError(
                f"{where}: not a valid list signature file: {path}: {message}"
            ) from None


# -- the rows ------------------------------------------------------------------------------
Action: TypeAlias = Literal["add", "remove"]
HEADERS: dict[str, tuple[str, ...]] = {
    "key": (
        "key",
        "account",
        "id_number",
        "phone",
        "账号",
        "账户",
        "证件号码",
        "身份证号码",
        "电话号码",
        "手机号码",
    ),
    "name": ("name", "姓名"),
    "category": ("category", "类别", "名单类别"),
    "source": ("source", "source_ref", "来源", "来源编号"),
    "expires": ("expires", "到期日", "有效期至"),
    "action": ("action", "操作"),
}
ACTIONS: dict[str, Action] = {"add": "add", "remove": "remove", "新增": "add", "删除": "remove"}


class Entry(NamedTuple):
    """One row of a list file: its normalised key (hashed before it is stored, never kept).
    A named tuple: a million of them are made per import, and a frozen dataclass costs
    three times as much to build."""

    line: int
    action: Action
    key: str
    category: str
    source: str
    expires: date | None


def _columns(header: list[str], kind: KeyKind, mode: ListMode, where: str) -> dict[str, int]:
    wanted = ["key", "category", "source"] + (["name"] if kind == "name_and_id" else [])
    wanted += ["action"] if mode == "delta" else []
    found: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lstrip("\ufeff")
        role = next((r for r, names in HEADERS.items() if name in names), None)
        if role is None or (role == "name" and kind != "name_and_id"):
            raise ListError(
                f"{where}:1: unknown column {name[:40]!r} (expected {', '.join(wanted)}, expires)"
            )
        if role == "action" and mode != "delta":
            raise ListError(
                f"{where}:1: column 'action' belongs in a delta file; this file is a full list"
            )
        if role in found:
            raise ListError(f"{where}:1: column {name!r} appears twice")
        found[role] = index
    missing = [r for r in wanted if r not in found]
    if missing:
        raise ListError(
            f"{where}:1: missing column {missing[0]!r} (a {kind} list has {', '.join(wanted)})"
        )
    return found


@functools.lru_cache(maxsize=4096)
def _checked_text(label: str, text: str) -> tuple[str, ...]:
    """A category or source checked once per distinct text (a list repeats a few of them a
    million times); returns its runs of six or more letters and digits, where a key could
    hide. :class:`ValueError` when it is empty or too long."""
    if not text:
        raise ValueError(f"the {label} is empty")
    if len(text) > MAX_FIELD:
        raise ValueError(f"the {label} is longer than {MAX_FIELD} characters")
    return tuple(_LONG_RUN.findall(normalize_account(text).upper()))


MAX_LISTED_PROBLEMS = 100
"""At most this many bad rows are named when every problem is asked for; a file with more
is likely the wrong file or the wrong columns, which the first ones already say."""


def read_entries(
    rows: Iterable[tuple[int, list[str]]],
    kind: KeyKind,
    mode: ListMode,
    where: str,
    problems: list[str] | None = None,
) -> Iterator[Entry]:
    """Check a list file's rows (``(line, cells)``, the header first) and yield its entries.

    Raises :class:`ListError` at the first problem, naming ``file:line``: a wrong column, a
    bad check digit, a short (truncated) row, a bad date, a key repeated in the clear inside
    the category or source. With ``problems`` (the issuer's side, where the person who made
    the file fixes it) each bad row's line is added to it instead and the row left out, up to
    :data:`MAX_LISTED_PROBLEMS`; a wrong header still raises. Duplicates:
    :func:`duplicates`.
    """
    iterator = iter(rows)
    try:
        _, header = next(iterator)
    except StopIteration:
        raise ListError(f"{where}: the file is empty (no header row)") from None
    columns = _columns(header, kind, mode, where)
    width = len(header)
    at_key, at_category, at_source = columns["key"], columns["category"], columns["source"]
    at_name, at_expires, at_action = (columns.get(c) for c in ("name", "expires", "action"))
    last = ("", "")  # the last category and source that hold no run a key could hide in
    for line, row in iterator:
        try:
            if len(row) != width:
                if not any(cell.strip() for cell in row):
                    continue
                cut = len(row) < width
                raise ListError(
                    f"{where}:{line}: {len(row)} columns, the header has {width}"
                    + (": the row is cut short (truncated file?)" if cut else "")
                )
            raw_key = row[at_key].strip()
            category, source = row[at_category].strip(), row[at_source].strip()
            try:
                if not raw_key:
                    if not any(cell.strip() for cell in row):
                        continue
                    raise ValueError("the key is empty")
                key = normalize_key(kind, raw_key, "" if at_name is None else row[at_name])
                if category != last[0] or source != last[1]:  # most rows repeat the row before
                    runs = _checked_text("category", category) + _checked_text("source", source)
                    last = (category, source) if not runs else ("", "")
                    for run in runs:
                        if any(p.replace("-", "") in run for p in key.split(_SEP)):
                            label = (
                                "category"
                                if run in _checked_text("category", category)
                                else "source"
                            )
                            raise ValueError(
                                f"the {label} repeats the key, which would then be stored in "
                                "the clear"
                            )
            except ValueError as exc:
                raise ListError(f"{where}:{line}: {exc}") from None
            day = "" if at_expires is None else row[at_expires].strip()
            expires = _date(day, where, line) if day else None
            action: Action = "add"
            if at_action is not None:
                word = row[at_action].strip()
                if word not in ACTIONS:
                    raise ListError(
                        f"{where}:{line}: action {word[:20]!r} is not add or remove (新增/删除)"
                    )
                action = ACTIONS[word]
        except ListError as exc:
            if problems is None:
                raise
            problems.append(exc.message_en)
            if len(problems) >= MAX_LISTED_PROBLEMS:
                return
            continue
        yield _new_entry(Entry, (line, action, key, category, source, expires))


_new_entry = tuple.__new__  # a named tuple without its keyword-handling __new__ (a million rows)


def duplicates(entries: Iterable[Entry]) -> Iterator[tuple[int, int]]:
    """(line, line of its first occurrence) of each entry whose key came before, in order.

    Not part of :func:`read_entries`: a million keys in a dict would cost more memory than
    the list itself; the store's primary key finds a duplicate, this names its lines."""
    seen: dict[str, int] = {}
    for entry in entries:
        first = seen.setdefault(entry.key, entry.line)
        if first != entry.line:
            yield entry.line, first


@functools.lru_cache(maxsize=4096)
def _day(text: str) -> date:
    return date.fromisoformat(text)


def _date(text: str, where: str, line: int) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(
            text[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}( 00:00:00)?", text) else text
        )
    except ValueError:
        raise ListError(
            f"{where}:{line}: expiry {text[:20]!r} is not a date like 2027-06-30"
        ) from None
