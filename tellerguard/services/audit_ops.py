"""Audit operations: verify, seal a day, export for inspectors, back up, list event types.

Each one that changes anything records its own audit event (``audit_verified``,
``day_sealed``, ``export_written``, ``backup_written``), and does the work first, so that a
failure leaves no event claiming work that was not done, and no half-written file: files are
written under a temporary name and renamed into place only once their event is committed.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tellerguard.audit.backup import BackupResult, backup_store
from tellerguard.audit.bundle import BundleCheck, check_bundle
from tellerguard.audit.checkpoint import (
    Checkpoint,
    day_bounds,
    local_checkpoints,
    local_name,
    sign_checkpoint,
    write_checkpoint,
)
from tellerguard.audit.errors import (
    AuditError,
    ExportError,
    KeyFileError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreTamperedError,
)
from tellerguard.audit.export import EXCEL_MAX_ROWS, write_bundle
from tellerguard.audit.export_rows import ExportRequest
from tellerguard.audit.keys import load_public_key
from tellerguard.audit.store import AuditReader, Receipt
from tellerguard.audit.verify import Progress, VerifyReport, verify_store
from tellerguard.auth.roles import Action
from tellerguard.auth.users import Credentials, Session
from tellerguard.config import Settings
from tellerguard.domain.assessment import RulePackRef
from tellerguard.domain.events import (
    EVENT_TYPES,
    AuditVerified,
    BackupWritten,
    DaySealed,
    ExportFormat,
    ExportWritten,
    RulePackLoaded,
    RulePackRejected,
)
from tellerguard.domain.format import count_of
from tellerguard.domain.operators import (
    SYSTEM_OPERATOR,
)
from tellerguard.domain.sealing import (
    seal_text,
)
from tellerguard.errors import TellerGuardError
from tellerguard.private_files import write_private_file
from tellerguard.services.counter import build
from tellerguard.services.outputs import new_output_file
from tellerguard.services.workstation import Workstation, checkpoint_dir, open_workstation

log = logging.getLogger("tellerguard.services")


# -- event types ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventTypeInfo:
    name: str
    label_zh: str
    description: str


def event_types() -> list[EventTypeInfo]:
    """Every registered event type (``tellerguard audit types``)."""
    return [
        EventTypeInfo(name, model.label_zh, model.description)
        for name, model in sorted(EVENT_TYPES.items())
    ]


# -- verify --------------------------------------------------------------------------------
@dataclass(slots=True)
class VerifyOutcome:
    report: VerifyReport
    receipt: Receipt | None = None
    note: str | None = None

    def lines(self) -> list[str]:
        lines = self.report.lines()
        if self.receipt is not None:
            lines.append(f"recorded as event {self.receipt.short}")
        if self.note:
            lines.append(self.note)
        return lines


def _verified_event(report: VerifyReport) -> AuditVerified:
    return AuditVerified(
        ok=report.ok,
        events=report.events,
        head_seq=report.head_seq,
        head_hash=report.head_hash,
        first_bad_seq=report.first_bad_seq,
        problems=report.problem_count,
        warnings=report.warning_count,
        checkpoints=len(report.checkpoints),
        deep=report.deep,
    )


def verify_report(
    workstation: Workstation,
    session: Session,
    *,
    checkpoints: Sequence[Path] = (),
    deep: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> VerifyReport:
    """Verify the open workstation's store on a read-only connection of its own, recording
    nothing: safe on a window's worker thread (``progress`` and ``cancelled`` as for
    :func:`~tellerguard.audit.verify.verify_store`; a cancel raises
    :class:`~tellerguard.audit.errors.VerifyCancelled`). Record it with
    :func:`record_verification` on the writer's thread."""
    session.require(Action.VERIFY_AUDIT)
    store = workstation.store
    key = store.signer.public_key_hex if store.signer else None
    return verify_store(
        store.path,
        checkpoints=checkpoints,
        trusted_key=key,
        key_source="this workstation's signing key",
        deep=deep,
        progress=progress,
        cancelled=cancelled,
    )


def record_verification(
    workstation: Workstation, session: Session, report: VerifyReport
) -> VerifyOutcome:
    """Record a finished verification of this workstation's store (``audit_verified``)."""
    session.require(Action.VERIFY_AUDIT)
    receipt = workstation.store.append(_verified_event(report), operator=session.username)
    return VerifyOutcome(report, receipt)


def verify_workstation(
    workstation: Workstation,
    session: Session,
    *,
    checkpoints: Sequence[Path] = (),
    deep: bool = False,
) -> VerifyOutcome:
    """Verify the open workstation's store (read-only connection) and record the result."""
    report = verify_report(workstation, session, checkpoints=checkpoints, deep=deep)
    return record_verification(workstation, session, report)


def verify_audit(
    db: Path,
    *,
    checkpoints: Sequence[Path] = (),
    deep: bool = False,
    key_dir: Path | None = None,
    settings: Settings | None = None,
    public_key: str | None = None,
) -> VerifyOutcome:
    """``tellerguard audit verify``: verify any store file read-only, with every seal found.

    Seals are checked against ``public_key`` (hex, e.g. from the bank's register of
    workstation keys), else the workstation public key in ``key_dir`` when there is one.
    When ``db`` is this workstation's own store (``settings``) and it verifies, the
    verification is recorded as an event, unless another program holds the store open (or
    it is read-only). A failing store is never written to.
    """
    trusted, source = public_key, "the public key given (--public-key)"
    if trusted is None and key_dir is not None:
        with contextlib.suppress(KeyFileError):
            trusted, source = load_public_key(key_dir), f"the workstation public key in {key_dir}"
    report = verify_store(
        Path(db), checkpoints=checkpoints, trusted_key=trusted, key_source=source, deep=deep
    )
    outcome = VerifyOutcome(report)
    if settings is None or Path(db).resolve() != settings.database_path.resolve():
        return outcome
    if not report.ok:
        outcome.note = "not recorded: TellerGuard does not write to a store that fails verification"
        return outcome
    try:
        with open_workstation(settings) as workstation:
            outcome.receipt = workstation.store.append(
                _verified_event(report), operator=SYSTEM_OPERATOR
            )
    except StoreLockedError:
        outcome.note = (
            "not recorded: the store is open in another TellerGuard program "
            "(verify from there to record it)"
        )
    except StoreReadOnlyError:
        outcome.note = "not recorded: the store is read-only"
    return outcome


# -- seal ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SealResult:
    checkpoint: Checkpoint
    files: tuple[Path, ...]
    receipt: Receipt

    def lines(self) -> list[str]:
        cp = self.checkpoint
        return [
            f"sealed {cp.day}: seq {cp.seq} hash {cp.hash}",
            *(f"checkpoint written: {path}" for path in self.files),
            f"recorded as event {self.receipt.short}",
        ]


SEAL_EVERY_EVENTS = 200
"""The app seals what is recorded after this many events (and at every sign-out, screen
lock and close, and daily): the window in which a cut-off tail goes unnoticed."""


def seal_day(
    workstation: Workstation,
    session: Session | None,
    *,
    day: date | None = None,
    out: Path | None = None,
) -> SealResult:
    """Write a signed checkpoint: of everything recorded so far (``day`` ``None``), or of a
    past ``day``'s last event. A day not over yet (today or later, by the workstation's
    clock in Asia/Shanghai) is refused: events may still come. The seal is recorded with
    its signature in the store first; then the local copy is written beside the store (the
    writer checks the newest at every start; older local copies of the same day are
    superseded and removed) and ``out``, the copy meant to leave the PC. ``session``
    ``None`` means an automatic seal."""
    if session is not None:
        session.require(Action.SEAL_DAY)
    if out is not None:
        out = new_output_file(out)
    store = workstation.store
    if store.signer is None:
        raise KeyFileError("the workstation signing key is not loaded; cannot seal")
    today = workstation.clock.today()
    if day is None:
        day = today
        seq, digest = store.head.seq, store.head.hash
    else:
        if day >= today:
            raise AuditError(
                f"cannot seal {day}: the day is not over (it is {today} on this "
                "workstation's clock, Asia/Shanghai); without --day the seal covers "
                "everything recorded so far",
                "该日期尚未结束，不能做日终封存",
            )
        _, end = day_bounds(day)
        last = store.last_event_at_or_before(end)
        if last is None:
            raise AuditError(f"no events on or before {day} to seal", "该日期及以前没有审计记录")
        seq, digest = last
    checkpoint = sign_checkpoint(
        store.signer,
        store_id=store.store_id,
        branch=store.identity.branch,
        workstation=store.identity.workstation,
        day=day,
        seq=seq,
        hash_hex=digest.hex(),
        sealed_at=workstation.clock.now(),
    )
    folder = checkpoint_dir(workstation.settings)
    local = folder / local_name(checkpoint)
    event = DaySealed(
        day=day.isoformat(),
        seq=seq,
        hash=digest.hex(),
        file=local.name,
        public_key=store.signer.public_key_hex,
        sealed_at=checkpoint.sealed_at,
        signature=checkpoint.signature,
    )
    receipt = store.append(event, operator=session.username if session else SYSTEM_OPERATOR)
    store.make_durable()  # the file must never pin events a crash could still undo
    files = [write_checkpoint(checkpoint, local)]
    if out is not None:
        files.append(write_checkpoint(checkpoint, Path(out)))
    for path, older in local_checkpoints(folder, store.store_id):
        if older.day == checkpoint.day and older.seq < checkpoint.seq:
            path.unlink(missing_ok=True)  # the newer seal of the day pins all it pinned
    return SealResult(checkpoint, tuple(files), receipt)


def seal_now(workstation: Workstation) -> SealResult | None:
    """Seal everything recorded so far, if anything but the last seal's own record is new:
    at sign-out, screen lock and close."""
    store = workstation.store
    if store.head.seq <= (store.last_sealed_seq() or 0) + 1:
        return None
    return seal_day(workstation, None)


def seal_if_due(workstation: Workstation, *, every: int = SEAL_EVERY_EVENTS) -> SealResult | None:
    """The automatic seals, for the app to call at start, at sign-in and after each case:
    the last past day with events if no seal covers it yet, else everything so far once
    ``every`` events are unsealed."""
    store = workstation.store
    start_today, _ = day_bounds(workstation.clock.today())
    sealed = store.last_sealed_seq() or 0
    last = store.last_event_at_or_before(start_today)
    if last is not None and sealed < last[0]:
        at = store.event_time(last[0])
        assert at is not None  # the event was just found
        day = date.fromisoformat(at[:10])
        if day < workstation.clock.today():
            return seal_day(workstation, None, day=day)
    if store.head.seq - sealed >= every:
        return seal_day(workstation, None)
    return None


def seal_quietly(workstation: Workstation, *, every: int | None = None) -> SealResult | None:
    """An automatic seal that must not stop the counter: :func:`seal_now` (or, with
    ``every``, :func:`seal_if_due`); a failure is logged, and the next one seals it all."""
    try:
        if every is None:
            return seal_now(workstation)
        return seal_if_due(workstation, every=every)
    except TellerGuardError as exc:
        log.warning("automatic seal failed: %s", exc.message_en)
        return None


# -- export --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ExportOutcome:
    path: Path
    sha256: str
    rows: int
    manifest: dict[str, Any]
    receipt: Receipt
    checksum_file: Path

    def lines(self) -> list[str]:
        return [
            f"exported {count_of(self.rows, 'event')} to {self.path}",
            f"SHA-256 {self.sha256} (also in {self.checksum_file.name})",
            f"recorded as event {self.receipt.short}",
        ]


def export_audit(
    workstation: Workstation,
    session: Session,
    *,
    date_from: date,
    date_to: date,
    fmt: ExportFormat,
    out: Path,
    types: Sequence[str] | None = None,
    teller: str | None = None,
    unmasked: bool = False,
    approver: Credentials | None = None,
    reason: str | None = None,
    rows_per_sheet: int = EXCEL_MAX_ROWS,
    case_refs: Sequence[str] | None = None,
) -> ExportOutcome:
    """Write an export bundle (zip) to ``out`` and record it. Dates are inclusive business
    days in Asia/Shanghai. An unmasked export needs the permission, a reason, and a second
    person's approval with their own password (双人授权)."""
    session.require(Action.EXPORT_MASKED)
    out = new_output_file(out)
    store = workstation.store
    cipher = store.cipher if unmasked else None
    sealed_reason = None
    approver_name: str | None = None
    if unmasked:
        session.require(Action.EXPORT_UNMASKED)
        if approver is None or not (reason or "").strip():
            raise ExportError(
                "an unmasked export needs a second approver and a reason",
                "明文导出需要另一位主管审批并填写原因",
            )
        assert cipher is not None and reason is not None
        sealed_reason = seal_text(cipher, reason.strip())
        chief, _ = workstation.users.second_person(
            approver,
            action=Action.APPROVE_UNMASKED,
            other_than=session.username,
            context="approval",
            then=lambda tx, s: True,
        )
        approver_name = chief.username
    request = ExportRequest(
        date_from=date_from,
        date_to=date_to,
        format=fmt,
        types=list(types) if types else None,
        teller=teller,
        masked=not unmasked,
        case_refs=list(case_refs) if case_refs is not None else None,
    )
    extra = {
        "store_id": store.store_id,
        "branch": store.identity.branch,
        "branch_name": store.identity.branch_name,
        "workstation": store.identity.workstation,
        "exported_by": session.username,
        "approver": approver_name,
        "reason": sealed_reason.m if sealed_reason else None,
    }
    if store.signer is None:
        raise KeyFileError("the workstation signing key is not loaded; cannot sign an export")
    extra["public_key"] = store.signer.public_key_hex
    with store.reader() as reader:
        result = write_bundle(
            reader,
            request,
            out.parent,
            sealer=cipher,
            signer=store.signer,
            manifest_extra=extra,
            created=workstation.clock.now(),
            rows_per_sheet=rows_per_sheet,
        )
    try:
        event = build(
            lambda: ExportWritten(
                file=out.name,
                sha256=result.sha256,
                format=fmt,
                date_from=date_from.isoformat(),
                date_to=date_to.isoformat(),
                types=request.types,
                teller=teller,
                masked=not unmasked,
                rows=result.rows,
                seq_first=result.seq_first,
                seq_last=result.seq_last,
                last_hash=result.last_hash,
                approver=approver_name,
                reason=sealed_reason,
                case_refs=request.case_refs,
            ),
            "export record",
        )
        receipt = store.append(event, operator=session.username)
    except BaseException:
        result.path.unlink(missing_ok=True)
        raise
    os.replace(result.path, out)
    checksum = out.with_name(out.name + ".sha256")
    # UTF-8: the screens suggest Chinese file names (审计记录_….zip), and `sha256sum -c`
    # reads the name as the bytes it is.
    write_private_file(checksum, f"{result.sha256}  {out.name}\n".encode())
    return ExportOutcome(out, result.sha256, result.rows, result.manifest, receipt, checksum)


def check_export_bundle(
    bundle: Path,
    *,
    db: Path | None = None,
    public_key: str | None = None,
    key_dir: Path | None = None,
) -> BundleCheck:
    """``tellerguard audit check-bundle``: the signature (against ``public_key``, else the
    workstation's ``.pub`` in ``key_dir``, else the key the store ``db`` was created with),
    every file's hash, and with ``db`` the export event that recorded the bundle."""
    source = "the public key given (--public-key)"
    if public_key is None and key_dir is not None:
        with contextlib.suppress(KeyFileError):
            public_key, source = (
                load_public_key(key_dir),
                f"the workstation public key in {key_dir}",
            )
    if public_key is None and db is not None:
        with AuditReader(Path(db)) as reader:
            public_key, source = reader.info().signing_key, f"the signing key recorded in {db}"
    return check_bundle(Path(bundle), trusted_key=public_key, key_source=source, store=db)


# -- backup --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BackupOutcome:
    result: BackupResult
    receipt: Receipt

    def lines(self) -> list[str]:
        r = self.result
        return [
            f"backup written and verified: {r.path} "
            f"({count_of(r.report.events, 'event')}, head seq "
            f"{r.head.seq})",
            f"SHA-256 {r.sha256}",
            f"recorded as event {self.receipt.short}",
            "the keys are not in this file: keep the key backup separately",
        ]


def backup_audit(workstation: Workstation, session: Session, out: Path) -> BackupOutcome:
    """Copy the live store with SQLite's online backup API, verify the copy, record it."""
    session.require(Action.BACKUP)
    result = backup_store(workstation.store.path, Path(out))
    try:
        receipt = workstation.store.append(
            BackupWritten(
                file=result.path.name,
                sha256=result.sha256,
                seq=result.head.seq,
                hash=result.head.hash_hex,
            ),
            operator=session.username,
        )
    except BaseException:
        result.path.unlink(missing_ok=True)
        raise
    return BackupOutcome(result, receipt)


# -- rule packs ----------------------------------------------------------------------------
def record_pack_loaded(
    workstation: Workstation,
    session: Session | None,
    ref: RulePackRef,
    source: str,
    rules: int | None = None,
) -> Receipt:
    """Record that a rule pack was taken into use: by a rule administrator (``session``), or
    by the app at start (``None``)."""
    if session is not None:
        session.require(Action.LOAD_RULE_PACK)
    event = RulePackLoaded(rule_pack=ref, source=source[:4000], rules=rules)
    return workstation.store.append(
        event, operator=session.username if session else SYSTEM_OPERATOR
    )


def record_pack_rejected(
    workstation: Workstation,
    session: Session | None,
    source: str,
    problems: Sequence[str],
    sha256: str | None = None,
) -> Receipt:
    """Record a rule pack that failed its checks, with (the first 100 of) its problems."""
    if session is not None:
        session.require(Action.LOAD_RULE_PACK)
    event = build(
        lambda: RulePackRejected(
            source=source[:4000], sha256=sha256, problems=[p[:4000] for p in problems[:100]]
        ),
        "rule pack rejection",
    )
    return workstation.store.append(
        event, operator=session.username if session else SYSTEM_OPERATOR
    )


@dataclass(frozen=True, slots=True)
class MigrateOutcome:
    """What ``tellerguard audit migrate`` did to a store."""

    path: Path
    migrations: list[str]
    backup: Path | None
    old_head: int
    new_head: int
    report: VerifyReport

    def lines(self) -> list[str]:
        if not self.migrations:
            return [f"{self.path}: already in the current format (head seq {self.new_head})"]
        return [
            f"{self.path}: migrated ({', '.join(self.migrations)}); events 1..{self.old_head} "
            f"kept byte for byte, store_migrated recorded as seq {self.old_head + 1}, new "
            f"records compressed from seq {self.old_head + 2}",
            f"verified backup of the store as it was: {self.backup}"
            if self.backup is not None
            # Only the lean migration rebuilds the table; the others append their event.
            else "no backup needed: no stored row was rewritten",
            *self.report.lines(),
        ]


def migrate_audit(db: Path, *, checkpoints: Path | None = None) -> MigrateOutcome:
    """``tellerguard audit migrate``: bring a store written by an older TellerGuard to the
    current format. The store is verified first (a failing store is never written), backed
    up (verified) beside itself, migrated in one transaction, and verified again."""
    from tellerguard.audit.schema import MIGRATION_NAMES, applied_migrations
    from tellerguard.audit.store import AuditStore, StoreIdentity

    path = Path(db)
    before = verify_store(path)
    if not before.ok:
        raise StoreTamperedError(
            f"{path}: the store does not verify "
            f"({count_of(before.problem_count, 'problem')}; first: "
            f"{before.problems[0].line() if before.problems else '-'}); it is not migrated"
        )
    with AuditReader(path) as reader:
        info = reader.info()
        applied = [name for _, name in applied_migrations(reader.conn)]
    pending = [name for name in MIGRATION_NAMES if name not in applied]
    identity = StoreIdentity(info.branch, info.branch_name, info.region, info.workstation)
    # No keys are needed: the migration's event holds no personal data.
    with AuditStore.open(
        path, identity=identity, keys=None, signer=None, checkpoint_dir=checkpoints
    ) as store:
        backup, head = store.migration_backup, store.head.seq
    after = verify_store(path, deep=True)
    return MigrateOutcome(path, pending, backup, before.head_seq, head, after)
