"""Risk lists at the workstation: the risk department signs a list file, a rule administrator
imports it, the counter assesses against it.

* :func:`generate_list_key` and :func:`sign_list` are the issuer's side (总行风险管理部): an
  Ed25519 key pair, and ``FILE.sig`` over a checked list file (docs/RULES.md, "Risk lists").
* :func:`import_list` checks the signature against the workstation's trusted keys
  (``list_signing_keys`` in the configuration) and its expiry, reads the CSV or XLSX file,
  checks every row, and writes the keyed hashes, the list's row and a ``list_imported`` event
  in one transaction: a refused file leaves the store as it was.
* :func:`show_lists`, :func:`verify_lists` and :func:`expire_lists` are ``tellerguard lists
  show|verify|expire``.
* :func:`workstation_lists` and :func:`lists_for_settings` bind the store's current lists for
  the engine (the desktop app at sign-in, ``tellerguard assess``).
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import hashlib
import io
import logging
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path

from tellerguard.audit.errors import DuplicateListEntry
from tellerguard.audit.keys import FieldCipher, WorkstationSigner, load_branch_keys, signature_ok
from tellerguard.audit.lists import EntryRow, StoredList, content_hash
from tellerguard.audit.store import AuditReader
from tellerguard.auth.roles import Action
from tellerguard.auth.users import Session
from tellerguard.config import Settings
from tellerguard.domain.assessment import ListRef
from tellerguard.domain.clock import Clock
from tellerguard.domain.events import ListExpired, ListImported
from tellerguard.domain.format import count_of
from tellerguard.domain.risklists import (
    LOOKUP_KINDS,
    MAX_LISTED_PROBLEMS,
    SIGNATURE_SUFFIX,
    Entry,
    KeyKind,
    ListError,
    ListMode,
    ListSignature,
    duplicates,
    read_entries,
)
from tellerguard.engine.lists import NO_LISTS, BoundList, BoundLists
from tellerguard.engine.pack import RulePack
from tellerguard.private_files import read_failure, read_regular_file
from tellerguard.services.workstation import Workstation

__all__ = ["NO_LISTS", "BoundLists", "ListError"]

log = logging.getLogger("tellerguard.services.lists")

MAX_FILE = 512 * 1024 * 1024
MAX_SIGNATURE = 64 * 1024
_SHARED_TEXTS = 10_000
_XLSX = (".xlsx", ".xlsm")


# -- reading a list file -------------------------------------------------------------------
def signature_path(file: Path) -> Path:
    """Where a list file's detached signature lives: ``FILE.sig`` beside it."""
    return file.with_name(file.name + SIGNATURE_SUFFIX)


def _read(path: Path, what: str, limit: int) -> bytes:
    try:
        return read_regular_file(path, limit)
    except OSError as exc:
        raise ListError(read_failure(path, what, exc)) from None


def _csv_rows(data: bytes, where: str) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # what Excel on a Chinese Windows saves as "CSV"
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ListError(f"{where}: neither UTF-8 nor GB18030 text (byte {exc.start})") from None
    if text and not text.endswith(("\n", "\r")):
        last = text.count("\n") + 1
        raise ListError(f"{where}:{last}: the last line has no line break: the file is truncated")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise ListError(f"{where}:{reader.line_num}: not valid CSV: {exc}") from None


def _cell_text(value: object, where: str, line: int) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        number = int(value) if isinstance(value, float) and value.is_integer() else value
        text = str(number)
        if sum(ch.isdigit() for ch in text) > 15:
            raise ListError(
                f"{where}:{line}: a number of more than 15 digits in an Excel number cell has "
                "lost its last digits; store account and ID numbers as text"
            )
        return text
    return str(value)


def _xlsx_rows(data: bytes, where: str) -> Iterator[tuple[int, list[str]]]:
    import openpyxl  # a few hundred milliseconds to import; only XLSX files need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ListError(
            f"{where}: not a readable XLSX workbook (truncated or damaged?): {exc}"
        ) from None
    try:
        width = 0
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
            cells = [_cell_text(v, where, number) for v in values]
            while cells and not cells[-1]:  # a sheet's used range may be wider than its data
                cells.pop()
            if number == 1:
                width = len(cells)
            elif len(cells) < width:
                cells += [""] * (width - len(cells))
            yield number, cells
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as exc:
        raise ListError(f"{where}: damaged XLSX workbook: {exc}") from None
    finally:
        book.close()


def list_rows(path: Path, data: bytes) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` of a list file, the header first: XLSX by its suffix, else CSV."""
    where = path.name
    if path.suffix.lower() in _XLSX:
        return _xlsx_rows(data, where)
    return _csv_rows(data, where)


_EMPTY_FULL_LIST = (
    "{name}: a full list with no entry would empty the list on every workstation that imports "
    "it (a header row only?); a list that is withdrawn is expired: tellerguard lists expire"
)


def _checked_entries(path: Path, data: bytes, kind: KeyKind, mode: ListMode) -> list[Entry]:
    """Every entry of a (small) file; every bad row and every duplicate (both lines named)
    refused at once, one line each, so the issuer fixes the file in one pass."""
    problems: list[str] = []
    entries = list(read_entries(list_rows(path, data), kind, mode, path.name, problems))
    for line, first in duplicates(entries):
        if len(problems) >= MAX_LISTED_PROBLEMS:
            break
        problems.append(f"{path.name}:{line}: duplicate entry (the same key as line {first})")
    if problems:
        problems.sort(key=_line_of)
        more = (
            f"\n(stopped after {MAX_LISTED_PROBLEMS} problems)"
            if len(problems) >= MAX_LISTED_PROBLEMS
            else ""
        )
        raise ListError("\n".join(problems) + more)
    return entries


def _line_of(problem: str) -> int:
    """The line number a ``file:line: …`` problem names (0 for one about the whole file)."""
    parts = problem.split(":", 2)
    return int(parts[1]) if len(parts) > 2 and parts[1].isdigit() else 0


# -- the issuer's side ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ListKeyResult:
    private: Path
    public: Path
    public_key: str

    def lines(self) -> list[str]:
        return [
            f"list signing key: {self.private} (keep it with the risk department, never on a "
            "counter PC)",
            f"public key: {self.public_key}",
            "each workstation trusts it with this line in its configuration:",
            f'list_signing_keys = ["{self.public_key}"]',
        ]


def generate_list_key(private: Path) -> ListKeyResult:
    """A new Ed25519 key pair for signing list files: ``private`` (owner-only PEM) and
    ``private.pub`` (hex)."""
    if private.exists():
        raise ListError(f"{private}: already exists; refusing to overwrite a signing key")
    signer = WorkstationSigner.generate()
    public = private.with_name(private.name + ".pub")
    signer.save_to(private, public)
    return ListKeyResult(private, public, signer.public_key_hex)


@dataclass(frozen=True, slots=True)
class SignResult:
    signature: Path
    header: ListSignature

    def lines(self) -> list[str]:
        h = self.header
        return [
            f"signed {h.file_name}: list {h.list_id} version {h.list_version} ({h.mode}), "
            f"{count_of(h.entries, 'entry')}, signature valid until {h.expires}: {self.signature}"
        ]


def sign_list(
    file: Path,
    key_file: Path,
    *,
    list_id: str,
    version: str,
    key_kind: KeyKind,
    mode: ListMode,
    title: str,
    issuer: str,
    valid_from: date,
    valid_until: date | None,
    expires: date,
    clock: Clock,
    base_version: str | None = None,
) -> SignResult:
    """Check a list file row by row and write its signature ``FILE.sig``: a file with a bad
    row is not signed (the error names ``file:line``)."""
    data = _read(file, "list file", MAX_FILE)
    entries = _checked_entries(file, data, key_kind, mode)
    if mode == "full" and not entries:
        raise ListError(_EMPTY_FULL_LIST.format(name=file.name), "完整名单不能为空，拒绝签发")
    signer = WorkstationSigner.from_file(key_file, "list signing key")
    try:
        header = ListSignature(
            list_id=list_id,
            list_version=version,
            key_kind=key_kind,
            mode=mode,
            base_version=base_version,
            title=title,
            issuer=issuer,
            valid_from=valid_from,
            valid_until=valid_until,
            entries=len(entries),
            file_name=file.name,
            file_sha256=hashlib.sha256(data).hexdigest(),
            signed_on=clock.today(),
            expires=expires,
            public_key=signer.public_key_hex,
        )
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ListError(f"cannot sign {file.name}: {_first_problem(exc)}") from None
    signature = base64.b64encode(signer.sign(header.signed_bytes())).decode("ascii")
    signed = header.model_copy(update={"signature": signature})
    out = signature_path(file)
    out.write_bytes(signed.to_json())
    return SignResult(out, signed)


def _first_problem(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        path = ".".join(str(p) for p in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        return f"{path}: {message}" if path else message  # a check of the whole header
    return str(exc)


# -- importing -----------------------------------------------------------------------------
def check_signature(
    file: Path, data: bytes, signature_file: Path, trusted: Sequence[str], today: date
) -> ListSignature:
    """The file's signature header once it is proven: signed by a trusted key, over these
    bytes, not expired. :class:`ListError` (exit 2) says which check failed."""
    if not signature_file.exists() and signature_file != signature_path(file):
        raise ListError(f"{signature_file}: no such signature file", "找不到指定的签名文件")
    if not signature_file.exists():
        raise ListError(
            f"{file.name}: unsigned: no signature file {signature_file.name} beside it (the "
            "risk department signs each list file with 'tellerguard lists sign')",
            "名单文件未签名，拒绝导入",
        )
    raw = _read(signature_file, "signature file", MAX_SIGNATURE)
    header = ListSignature.from_json(raw, signature_file.name)
    if header.public_key not in trusted:
        raise ListError(
            f"{signature_file.name}: signed by key {header.public_key[:16]}…, which this "
            "workstation does not trust (configuration: list_signing_keys)",
            "名单签名密钥不受信任，拒绝导入",
        )
    if not signature_ok(header.public_key, header.signature_bytes(), header.signed_bytes()):
        raise ListError(
            f"{signature_file.name}: the signature is not valid (the signature file was "
            "altered, or made with another key)",
            "名单签名无效，拒绝导入",
        )
    if hashlib.sha256(data).hexdigest() != header.file_sha256:
        raise ListError(
            f"{file.name}: the file does not match its signature: it was changed or truncated "
            "after signing",
            "名单文件与签名不符，拒绝导入",
        )
    if today > header.expires:
        raise ListError(
            f"{signature_file.name}: the signature expired on {header.expires.isoformat()}; "
            "ask the issuer for a freshly signed file",
            "名单签名已过期，拒绝导入",
        )
    return header


@dataclass(frozen=True, slots=True)
class ImportResult:
    list_id: str
    version: str
    mode: str
    added: int
    removed: int
    entries: int
    content_hash: str
    seq: int
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [
            f"imported list {self.list_id} version {self.version} ({self.mode}): "
            f"{self.added} added, {self.removed} removed, {count_of(self.entries, 'entry')}; "
            f"content "
            f"sha256 {self.content_hash}; recorded as event #{self.seq}"
        ]


def _check_against_current(header: ListSignature, current: StoredList | None) -> None:
    where = header.file_name
    if current is None:
        if header.mode == "delta":
            raise ListError(
                f"{where}: a delta applies to version {header.base_version}, but list "
                f"{header.list_id} has not been imported here; import the full list first"
            )
        return
    if current.key_kind != header.key_kind:
        raise ListError(
            f"{where}: list {header.list_id} holds {current.key_kind} keys here, the file "
            f"{header.key_kind} keys"
        )
    if current.version == header.list_version:
        raise ListError(f"{where}: version {header.list_version} is already imported")
    if header.mode == "delta" and header.base_version != current.version:
        raise ListError(
            f"{where}: this delta applies to version {header.base_version}, this workstation "
            f"has version {current.version}; import the full list"
        )
    if header.mode == "full" and header.valid_from < date.fromisoformat(current.valid_from):
        raise ListError(
            f"{where}: version {header.list_version} is valid from "
            f"{header.valid_from.isoformat()}, before the imported version {current.version} "
            f"({current.valid_from}): an older list is not imported over a newer one"
        )


def _hashed(cipher: FieldCipher, kind: KeyKind, entries: Iterable[Entry]) -> Iterator[EntryRow]:
    """Entries as stored rows: the keyed hash, and the category, source and expiry, each
    repeated text shared as one object (a million rows name a handful of categories)."""
    digest = cipher.lookup_digest
    lookup = LOOKUP_KINDS[kind]
    shared: dict[object, str] = {}
    for entry in entries:
        category, source, expires = entry.category, entry.source, entry.expires
        if len(shared) < _SHARED_TEXTS:
            category = shared.setdefault(category, category)
            source = shared.setdefault(source, source)
        day = None if expires is None else shared.get(expires) or expires.isoformat()
        if expires is not None and day is not None and len(shared) < _SHARED_TEXTS:
            shared[expires] = day
        yield digest(lookup, entry.key), category, source, day


def import_list(
    workstation: Workstation,
    session: Session,
    file: Path,
    list_id: str,
    *,
    signature_file: Path | None = None,
) -> ImportResult:
    """Import a signed list file (full or delta) into the workstation's store, all or nothing."""
    session.require(Action.MANAGE_RISK_LISTS)
    started = time.monotonic()
    data = _read(file, "list file", MAX_FILE)
    today = workstation.clock.today()
    header = check_signature(
        file,
        data,
        signature_file or signature_path(file),
        workstation.settings.list_signing_keys,
        today,
    )
    if header.list_id != list_id:
        raise ListError(
            f"{file.name}: the signature is for list {header.list_id}, not {list_id}",
            "名单编号与签名不符，拒绝导入",
        )
    if header.mode == "full" and header.entries == 0:
        raise ListError(_EMPTY_FULL_LIST.format(name=file.name), "完整名单不能为空，拒绝导入")
    store = workstation.store
    cipher = store.cipher
    current = store.risk_list(list_id)
    _check_against_current(header, current)
    where = file.name
    valid_until = None if header.valid_until is None else header.valid_until.isoformat()
    with store.transaction() as tx:
        if header.mode == "full":
            removed = tx.clear_list(list_id)
            entries = read_entries(list_rows(file, data), header.key_kind, "full", where)
            # Sorted by hash, the rows fill the table's B-tree page after page (random order
            # touches every page again and again: measured 1.7x slower) and give the content
            # hash without reading them back.
            rows = sorted(_hashed(cipher, header.key_kind, entries), key=itemgetter(0))
            try:
                tx.insert_list_entries(list_id, rows)
            except DuplicateListEntry:
                again = read_entries(list_rows(file, data), header.key_kind, "full", where)
                line, first = next(duplicates(again), (0, 0))
                raise ListError(
                    f"{where}:{line}: duplicate entry (the same key as line {first})"
                ) from None
            added = seen = len(rows)
            count, content = content_hash(list_id, rows)
            del rows
        else:
            added = removed = 0
            delta = _checked_entries(file, data, header.key_kind, "delta")
            seen = len(delta)
            for entry, row in zip(delta, _hashed(cipher, header.key_kind, delta), strict=True):
                if entry.action == "add":
                    if not tx.insert_list_entry(list_id, row):
                        raise ListError(f"{where}:{entry.line}: already on the list")
                    added += 1
                else:
                    if not tx.delete_list_entry(list_id, row[0]):
                        raise ListError(f"{where}:{entry.line}: not on the list, cannot remove")
                    removed += 1
            count, content = tx.list_content_now(list_id)
        if seen != header.entries:
            raise ListError(
                f"{where}: {count_of(seen, 'entry')}, but the signature says {header.entries}: the "
                "file was cut short or extended before signing"
            )
        receipt = tx.append(
            ListImported(
                list_id=list_id,
                list_version=header.list_version,
                entries=count,
                content_hash=content,
                key_kind=header.key_kind,
                mode=header.mode,
                base_version=header.base_version,
                title=header.title,
                issuer=header.issuer,
                valid_from=header.valid_from.isoformat(),
                valid_until=valid_until,
                added=added,
                removed=removed,
                file=file.name,
                file_sha256=header.file_sha256,
                signer=header.public_key,
                signed_on=header.signed_on.isoformat(),
                signature_expires=header.expires.isoformat(),
            ),
            operator=session.username,
        )
        tx.put_list(
            StoredList(
                list_id=list_id,
                key_kind=header.key_kind,
                title=header.title,
                issuer=header.issuer,
                version=header.list_version,
                valid_from=header.valid_from.isoformat(),
                valid_until=valid_until,
                entries=count,
                content_hash=content,
                event_seq=receipt.seq,
            ),
            insert=current is None,
        )
    log.info("imported list %s version %s: %d entries", list_id, header.list_version, count)
    return ImportResult(
        list_id,
        header.list_version,
        header.mode,
        added,
        removed,
        count,
        content,
        receipt.seq,
        time.monotonic() - started,
    )


# -- show, verify, expire ------------------------------------------------------------------
def _state(row: StoredList, today: date) -> str:
    if date.fromisoformat(row.valid_from) > today:
        return "not yet valid"
    if row.valid_until is not None and date.fromisoformat(row.valid_until) < today:
        return "expired"
    return "in force"


@dataclass(frozen=True, slots=True)
class ListsReport:
    rows: list[StoredList]
    today: date
    expired_entries: dict[str, int]
    categories: dict[str, list[tuple[str, int]]]

    def lines(self) -> list[str]:
        if not self.rows:
            return ["no risk lists imported"]
        out = []
        for r in self.rows:
            until = r.valid_until or "open"
            out.append(
                f"{r.list_id}: {r.title} ({r.key_kind}), issuer {r.issuer}, version "
                f"{r.version}, valid {r.valid_from} to {until} [{_state(r, self.today)}], "
                f"{count_of(r.entries, 'entry')} "
                f"({self.expired_entries.get(r.list_id, 0)} expired), "
                f"content sha256 {r.content_hash}, event #{r.event_seq}"
            )
            out.extend(f"    {c}: {n}" for c, n in self.categories.get(r.list_id, []))
        return out


def show_lists(workstation: Workstation, session: Session) -> ListsReport:
    """Every imported list: version, validity, entries by category (never an entry)."""
    session.require(Action.VERIFY_AUDIT)
    store = workstation.store
    today = workstation.clock.today()
    rows = store.risk_lists()
    expired = {r.list_id: store.list_members(r.list_id, today.isoformat())[1] for r in rows}
    categories = {r.list_id: store.list_categories(r.list_id) for r in rows}
    return ListsReport(rows, today, expired, categories)


@dataclass(frozen=True, slots=True)
class ListsVerification:
    checked: int
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"problem: {p}" for p in self.problems]
        out += [f"warning: {w}" for w in self.warnings]
        status = "ok" if self.ok else count_of(len(self.problems), "problem")
        out.append(f"{count_of(self.checked, 'list')} checked: {status}")
        return out


def verify_lists(
    workstation: Workstation, session: Session, pack: RulePack | None = None
) -> ListsVerification:
    """Recompute each list's content hash from its stored entries and compare it with the
    list's row and with the audit event that row names; warn about lists the pack declares
    but this workstation does not have, or whose validity has ended."""
    session.require(Action.VERIFY_AUDIT)
    store = workstation.store
    today = workstation.clock.today()
    rows = store.risk_lists()
    report = ListsVerification(len(rows))
    for row in rows:
        count, content = store.list_content(row.list_id)
        if (count, content) != (row.entries, row.content_hash):
            report.problems.append(
                f"{row.list_id}: the stored entries ({count}, sha256 {content[:16]}…) differ "
                f"from what event #{row.event_seq} recorded ({row.entries}, sha256 "
                f"{row.content_hash[:16]}…): entries were changed outside TellerGuard"
            )
        event = store.event(row.event_seq)
        payload = event.data()["payload"] if event is not None else {}
        if (
            event is None
            or event.event_type not in (ListImported.event_type, ListExpired.event_type)
            or payload.get("list_id") != row.list_id
            or payload.get("content_hash") != row.content_hash
            or payload.get("list_version") != row.version
        ):
            report.problems.append(
                f"{row.list_id}: the list's row does not match its audit event #{row.event_seq}"
            )
        if _state(row, today) != "in force":
            report.warnings.append(
                f"{row.list_id}: version {row.version} is {_state(row, today)} "
                f"(valid {row.valid_from} to {row.valid_until or 'open'}); it is not used"
            )
    if pack is not None:
        have = {r.list_id for r in rows}
        for list_id, spec in pack.lists.items():
            if list_id not in have:
                report.warnings.append(
                    f"{list_id}: the rule pack uses this {spec.key} list ({spec.title}), but "
                    "it has not been imported here"
                )
    return report


@dataclass(frozen=True, slots=True)
class ExpireResult:
    removed: dict[str, tuple[int, int]]
    """list id → (entries removed, event seq)."""

    def lines(self) -> list[str]:
        if not self.removed:
            return ["no expired entries"]
        return [
            f"{list_id}: {count_of(n, 'expired entry')} removed; recorded as event #{seq}"
            for list_id, (n, seq) in sorted(self.removed.items())
        ]


def expire_lists(
    workstation: Workstation, session: Session, list_id: str | None = None
) -> ExpireResult:
    """Remove entries past their expiry (every list, or one), each list in one transaction
    with its ``list_expired`` event. Expired entries already never match; this keeps the
    store and ``lists show`` tidy."""
    session.require(Action.MANAGE_RISK_LISTS)
    store = workstation.store
    today = workstation.clock.today().isoformat()
    rows = store.risk_lists()
    if list_id is not None:
        rows = [r for r in rows if r.list_id == list_id]
        if not rows:
            raise ListError(f"no list {list_id!r} on this workstation")
    removed: dict[str, tuple[int, int]] = {}
    for row in rows:
        if store.list_members(row.list_id, today)[1] == 0:
            continue
        with store.transaction() as tx:
            n = tx.delete_expired_entries(row.list_id, today)
            count, content = tx.list_content_now(row.list_id)
            receipt = tx.append(
                ListExpired(
                    list_id=row.list_id,
                    list_version=row.version,
                    entries=count,
                    content_hash=content,
                    removed=n,
                    on=today,
                ),
                operator=session.username,
            )
            tx.put_list(
                dataclasses.replace(
                    row, entries=count, content_hash=content, event_seq=receipt.seq
                ),
                insert=False,
            )
        removed[row.list_id] = (n, receipt.seq)
    return ExpireResult(removed)


# -- binding for assessment ----------------------------------------------------------------
def _bind(
    source: AuditReader | Workstation,
    cipher: FieldCipher,
    today: date,
    pack_lists: Mapping[str, object],
) -> BoundLists:
    store = source.store if isinstance(source, Workstation) else source
    lists: dict[str, BoundList] = {}
    for row in store.risk_lists():
        if row.list_id not in pack_lists:
            continue
        if _state(row, today) != "in force":
            log.warning(
                "list %s version %s is %s; it is not used",
                row.list_id,
                row.version,
                _state(row, today),
            )
            continue
        members, _ = store.list_members(row.list_id, today.isoformat())
        ref = ListRef(
            id=row.list_id, version=row.version, content_hash=row.content_hash, entries=len(members)
        )
        lists[row.list_id] = BoundList(members, ref, row.title)
    return BoundLists(lists, cipher.lookup_digest)


def workstation_lists(
    workstation: Workstation, pack: RulePack, on: date | None = None
) -> BoundLists:
    """The store's lists that ``pack`` uses as they stand on ``on`` (default today: entries
    expired by then left out), bound with the branch lookup key."""
    if not pack.lists:
        return NO_LISTS
    day = on or workstation.clock.today()
    return _bind(workstation, workstation.store.cipher, day, pack.lists)


def lists_for_settings(settings: Settings | None, pack: RulePack, today: date) -> BoundLists:
    """The lists of a configured workstation's store, read-only (``tellerguard assess``);
    none when there is no configuration or no store yet."""
    if settings is None or not pack.lists or not settings.database_path.is_file():
        return NO_LISTS
    cipher = FieldCipher(load_branch_keys(settings.key_path))
    with AuditReader(settings.database_path) as reader:
        return _bind(reader, cipher, today, pack.lists)
