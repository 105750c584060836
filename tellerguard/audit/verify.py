"""Verification of a store: the whole chain over the stored bytes, the schema, the operators
table, and signed checkpoints.

* **Chain**: every row's hash is recomputed from its stored ``prev_hash``, its sequence
  number and its record bytes exactly as stored (``CAST(record AS BLOB)``; nothing is parsed
  or re-serialised), and each ``prev_hash`` must equal the hash of the row before. A changed
  byte shows as a hash mismatch at that row; a deleted, inserted or reordered row as a gap or
  a broken link. The first broken sequence number is reported with the reason.
* **Schema**: ``sqlite_master`` (tables, generated columns, indexes, triggers) must be what
  the program's own migrations produce: an edited or dropped trigger is tampering.
* **Clock**: a time earlier than the event before it is a warning, not a failure; clocks
  get corrected.
* **Operators**: each row of ``users`` must equal the state recorded by the latest audit
  event about that operator, including a fingerprint of the password hash, so a role or
  password changed by hand is found.
* **Seals**: every seal found (the checkpoints given, the checkpoint files beside the store,
  the signed seals recorded in its ``day_sealed`` events) must carry a valid signature by
  the workstation's key, belong to this store, and its sequence number must exist with the
  same hash; a checkpoint file's own ``day_sealed`` record must be there too. This is what
  detects a truncated or wholly recomputed chain, up to the last sealed event; the report
  says how far that is and that nothing after it is protected.
* **Deep** (optional, slower): derived columns re-derived from each record, every payload
  validated against its model, and SQLite's own ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import pathname2url

from pydantic import ValidationError

from tellerguard.audit.canonical import GENESIS, canonical_bytes
from tellerguard.audit.checkpoint import Checkpoint, read_checkpoint
from tellerguard.audit.errors import (
    CheckpointError,
    EventError,
    StoreNotFoundError,
    StoreTamperedError,
    VerifyCancelled,
)
from tellerguard.audit.record import RecordFormatError, decode_record, record_data
from tellerguard.audit.schema import (
    LEAN_COLUMNS,
    derive_columns,
    derive_tags,
    schema_problems,
)
from tellerguard.audit.store import CHECKPOINT_DIR, AuditReader, StoreInfo
from tellerguard.domain.events import (
    EVENT_TYPES,
    AssessmentShown,
    DaySealed,
    ListExpired,
    ListImported,
    StoreCreated,
    UserState,
    credential_fingerprint,
)
from tellerguard.domain.sealed import RECORD_SEALED, SEALED_REF_PREFIX, sealed_values

MAX_FINDINGS = 100
PROGRESS_EVERY = 4096
"""Rows between two progress reports (and cancel checks) while the chain is recomputed."""
Progress = Callable[[int, int], None]
"""Told (events checked, events in the store) while the chain is recomputed."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem or warning; ``seq`` is ``None`` when it concerns the store as a whole."""

    seq: int | None
    code: str
    message: str

    def line(self) -> str:
        where = f"seq {self.seq}: " if self.seq is not None else ""
        return f"{where}{self.message}"


@dataclass(frozen=True, slots=True)
class CheckpointResult:
    path: str
    ok: bool
    message: str


@dataclass(slots=True)
class VerifyReport:
    """The outcome of :func:`verify_store`. ``ok`` is false when any problem was found."""

    path: Path
    events: int = 0
    head_seq: int = 0
    head_hash: str | None = None
    store_id: str | None = None
    problems: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    checkpoints: list[CheckpointResult] = field(default_factory=list)
    problem_count: int = 0
    warning_count: int = 0
    deep: bool = False
    seconds: float = 0.0
    opened: str = ""
    key_source: str = ""
    sealed_through: int = 0
    """Up to which seq a truncation is detected: the highest seq a valid seal pins, or the
    seq of the seal's own record when a checkpoint file proves it was recorded."""
    sealed_by: str = ""
    replaced: str = ""
    """When this store deliberately replaced an earlier one: what its first event records."""

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def first_bad_seq(self) -> int | None:
        seqs = [f.seq for f in self.problems if f.seq is not None]
        return min(seqs) if seqs else None

    def problem(self, seq: int | None, code: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_FINDINGS:
            self.problems.append(Finding(seq, code, message))

    def warning(self, seq: int | None, code: str, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_FINDINGS:
            self.warnings.append(Finding(seq, code, message))

    def lines(self) -> list[str]:
        """A report for the command line, in English, first broken seq first."""
        out = []
        status = "OK" if self.ok else "FAILED"
        out.append(
            f"{self.path}: {status}: {self.events} events, head seq {self.head_seq} "
            f"hash {self.head_hash or '-'} ({self.seconds:.2f} s)"
        )
        if self.first_bad_seq is not None:
            first = min((f for f in self.problems if f.seq is not None), key=lambda f: f.seq or 0)
            out.append(f"first broken seq: {first.seq}: {first.message}")
        out.extend(f"problem: {f.line()}" for f in self.problems)
        if self.problem_count > len(self.problems):
            out.append(f"… and {self.problem_count - len(self.problems)} more problems")
        out.extend(f"warning: {f.line()}" for f in self.warnings)
        if self.warning_count > len(self.warnings):
            out.append(f"… and {self.warning_count - len(self.warnings)} more warnings")
        for result in self.checkpoints:
            out.append(f"seal {result.path}: {'OK' if result.ok else 'FAILED'}: {result.message}")
        if self.replaced:
            out.append(self.replaced)
        out.extend(self.coverage_lines())
        if self.opened:
            out.append(f"opened: {self.opened}")
        return out

    def coverage_lines(self) -> list[str]:
        """What the seals prove about the chain's tail, in plain words."""
        lines = [f"seals checked against {self.key_source}"] if self.key_source else []
        if not self.events:
            return lines
        if not self.sealed_through:
            return [
                *lines,
                "no valid seal covers any event: a truncated or consistently rewritten chain "
                "cannot be detected here (pass --checkpoint with a seal kept off the PC)",
            ]
        lines.append(f"sealed: seq 1..{self.sealed_through} ({self.sealed_by})")
        if self.sealed_through < self.head_seq:
            lines.append(
                f"events after seq {self.sealed_through} are not yet sealed: a truncation "
                "there cannot be detected here"
            )
        else:
            lines.append("every event is covered by a seal")
        return lines


def verify_store(
    path: Path,
    *,
    checkpoints: Sequence[Path] = (),
    trusted_key: str | None = None,
    key_source: str = "",
    deep: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> VerifyReport:
    """Verify a store through a read-only connection; never writes to it (nor beside it, on
    a read-only medium).

    ``progress`` is told how far the chain check has come every :data:`PROGRESS_EVERY`
    events, and ``cancelled`` asked then: when it says so, :class:`VerifyCancelled` is
    raised and there is no report (a window's worker thread runs it with both, in one
    process: a thread of the GUI never forks).

    Every seal found is used: the ``checkpoints`` given, the checkpoint files beside the
    store (``checkpoints/``), and the signed seals recorded in the store's own
    ``day_sealed`` events. ``trusted_key`` is the workstation's public key (hex) they must be
    signed with (``key_source`` says where it came from); without it, the key recorded in
    the store's first event is used, and the report says so.
    """
    started = time.perf_counter()
    report = VerifyReport(path=Path(path), deep=deep)
    with AuditReader(Path(path)) as reader:
        report.opened = reader.how
        conn = reader.conn
        conn.execute("BEGIN")  # one snapshot for every check, even while the writer appends
        try:
            for message in schema_problems(conn):
                report.problem(None, "schema", f"schema: {message}")
            # A watched verification runs in a window's worker thread: one process, never a fork.
            events = _event_span(conn, one_process=progress is not None or cancelled is not None)
            _check_chain(conn, report, events, progress, cancelled)
            info = _check_first_event(reader, report)
            if info is not None:
                report.store_id = info.store_id
                report.replaced = _replaced(reader)
            if "users" in _tables(conn):
                _check_users(conn, report)
            _check_seals(reader, Path(path), checkpoints, info, trusted_key, key_source, report)
            if deep:
                _check_deep(conn, report, events)
        except sqlite3.DatabaseError as exc:
            report.problem(None, "corrupt", f"SQLite could not read the store: {exc}")
        finally:
            conn.execute("ROLLBACK")
    report.seconds = time.perf_counter() - started
    return report


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


PARALLEL_FROM = 20_000
"""Stores with at least this many events are chained by two processes (where ``fork`` is
available): below it, starting a second process costs more than it saves."""

_CHAIN_SQL = "SELECT seq, CAST(record AS BLOB), prev_hash, hash, at FROM events"


_Finding = tuple[int | None, str, str]
"""A problem or warning: (seq or None for the whole store, code, message)."""


@dataclass(slots=True)
class _ChainPart:
    """What walking a run of rows found: problems and warnings as (seq, code, message), the
    first row (its seq, prev_hash and time), and where the walk ended."""

    problems: list[_Finding] = field(default_factory=list)
    warnings: list[_Finding] = field(default_factory=list)
    first: tuple[int, bytes, str] | None = None
    prev: bytes = GENESIS
    expected: int = 1
    last_at: str = ""
    count: int = 0


def _walk(
    cursor: sqlite3.Cursor,
    part: _ChainPart,
    *,
    linked: bool,
    tick: Callable[[int], None] | None = None,
) -> _ChainPart:
    """Check each row's hash from its stored bytes and its link to the row before (``linked``:
    the first row's link is checked too; otherwise it is left to the caller). ``tick`` is
    called with the rows walked so far every :data:`PROGRESS_EVERY` rows."""
    rows = iter(cursor)
    first = next(rows, None)
    if first is None:
        return part
    seq, _record, prev_hash, _stored, at = first
    part.first = (seq, prev_hash, at)
    if not linked:
        part.prev = prev_hash  # the caller checks this row's link at the seam
    if tick is None:
        _walk_rows(itertools.chain((first,), rows), part)
    else:
        batch: list[_Row] = [first]
        while batch:
            _walk_rows(batch, part)
            tick(part.count)
            batch = list(itertools.islice(rows, PROGRESS_EVERY))
    return part


_Row = tuple[int, bytes, bytes, bytes, str]


def _walk_rows(rows: Iterable[_Row], part: _ChainPart) -> None:
    # The hot path of verification (a million rows in about a second): it only compares
    # bytes and strings, never parses or decompresses a record; nothing else runs per row.
    sha256 = hashlib.sha256
    prev, expected, last_at, count = part.prev, part.expected, part.last_at, part.count
    problems, warnings = part.problems, part.warnings
    for seq, record, prev_hash, stored, at in rows:
        if seq != expected:
            if seq > expected:
                missing = f"{expected}" if seq == expected + 1 else f"{expected}..{seq - 1}"
                problems.append((expected, "gap", f"events {missing} are missing (deleted rows)"))
            else:
                problems.append((seq, "order", f"sequence number {seq} after {expected - 1}"))
        if prev_hash != prev:
            problems.append((seq, "link", _LINK))
        if sha256(prev_hash + seq.to_bytes(8, "big") + record).digest() != stored:
            problems.append((seq, "hash", _ALTERED))
        if at < last_at:
            warnings.append((seq, "clock", f"time goes backwards: {at} after {last_at}"))
        else:
            last_at = at
        prev = stored
        expected = seq + 1
        count += 1
    part.prev, part.expected, part.last_at, part.count = prev, expected, last_at, count


_LINK = (
    "prev_hash does not match the hash of the event before it: an event was deleted, "
    "inserted or reordered"
)
_ALTERED = "the stored record does not match its hash: the row was altered"


def _walk_file(uri: str, low: int, high: int) -> _ChainPart:
    """The second process's half: rows ``low..high`` through its own read-only connection."""
    conn = _read_only(uri)
    try:
        cursor = conn.execute(f"{_CHAIN_SQL} WHERE seq BETWEEN ? AND ? ORDER BY seq", (low, high))
        return _walk(cursor, _ChainPart(expected=low), linked=False)
    finally:
        conn.close()


def _second_process_uri(conn: sqlite3.Connection, rows: int) -> str | None:
    if rows < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return None
    files = [row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"]
    if not files or not files[0]:
        return None
    return f"file:{pathname2url(files[0])}?mode=ro"


@dataclass(frozen=True, slots=True)
class _EventSpan:
    """The snapshot's events, read once for the chain and the deep check: the lowest and
    highest seq (None when there are none), and the read-only URI a second process opens
    (None: everything in this process)."""

    low: int | None
    high: int | None
    second_process: str | None


def _event_span(conn: sqlite3.Connection, *, one_process: bool) -> _EventSpan:
    low, high, rows = conn.execute("SELECT min(seq), max(seq), count(*) FROM events").fetchone()
    uri = None if one_process else _second_process_uri(conn, int(rows or 0))
    return _EventSpan(low, high, uri)


def _check_chain(
    conn: sqlite3.Connection,
    report: VerifyReport,
    events: _EventSpan,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    watched = progress is not None or cancelled is not None
    uri, low_seq, high_seq = events.second_process, events.low, events.high
    parts: list[_ChainPart] = []
    middle = 0
    if uri is None or low_seq is None or high_seq is None:
        total = int(high_seq or 0)

        def tick(count: int) -> None:
            if cancelled is not None and cancelled():
                raise VerifyCancelled(f"verification cancelled after {count} events")
            if progress is not None:
                progress(count, total)

        tick(0)
        cursor = conn.execute(f"{_CHAIN_SQL} ORDER BY seq")
        parts.append(_walk(cursor, _ChainPart(), linked=True, tick=tick if watched else None))
        if progress is not None:
            progress(parts[0].count, max(total, parts[0].count))
    else:
        # Each row carries its previous hash, so the second half is checked on its own by
        # another process (both cores); the seam between the halves is checked here.
        middle = (low_seq + high_seq) // 2 + 1
        with multiprocessing.get_context("fork").Pool(1) as pool:
            second = pool.apply_async(_walk_file, (uri, middle, high_seq))
            cursor = conn.execute(f"{_CHAIN_SQL} WHERE seq < ? ORDER BY seq", (middle,))
            parts.append(_walk(cursor, _ChainPart(), linked=True))
            parts.append(second.get())
    head = parts[0]
    for part in parts[1:]:  # the seam: rows below the middle end where the second half starts
        if head.expected < middle:
            missing = (
                f"{head.expected}"
                if middle == head.expected + 1
                else (f"{head.expected}..{middle - 1}")
            )
            head.problems.append(
                (head.expected, "gap", f"events {missing} are missing (deleted rows)")
            )
        if part.first is not None:
            seq, prev_hash, at = part.first
            if prev_hash != head.prev:
                head.problems.append((seq, "link", _LINK))
            if at < head.last_at:
                head.warnings.append(
                    (seq, "clock", f"time goes backwards: {at} after {head.last_at}")
                )
        head.problems.extend(part.problems)
        head.warnings.extend(part.warnings)
        if part.count:
            head.prev, head.expected = part.prev, part.expected
            head.last_at = max(head.last_at, part.last_at)
        head.count += part.count
    for where, code, message in sorted(head.problems, key=lambda p: p[0] or 0):
        report.problem(where, code, message)
    for where, code, message in head.warnings:
        report.warning(where, code, message)
    count = head.count
    report.events = count
    report.head_seq = head.expected - 1
    report.head_hash = head.prev.hex() if count else None
    if count == 0:
        report.problem(None, "empty", "the store has no events: they were removed")


def _check_first_event(reader: AuditReader, report: VerifyReport) -> StoreInfo | None:
    try:
        return reader.info()
    except (StoreNotFoundError, StoreTamperedError, ValidationError, ValueError) as exc:
        report.problem(1, "first", f"the first event is not a valid store_created event ({exc})")
        return None


def _replaced(reader: AuditReader) -> str:
    """The line saying which history this store replaced, from ``store_created.previous``."""
    first = reader.event(1)
    try:
        previous = StoreCreated.model_validate(first.data()["payload"]).previous if first else None
    except (ValidationError, KeyError, ValueError):
        return ""
    if previous is None:
        return ""
    seal = (
        f"newest seal {previous.seal_day} seq {previous.seal_seq}"
        if previous.seal_seq
        else "no seal"
    )
    return (
        f"this store replaced store {previous.store_id or 'unknown'} (re-initialised by "
        f"{previous.administrator} with {previous.witness}: {previous.reason}); the previous "
        f"history ended at seq {previous.last_seq if previous.last_seq is not None else '?'} "
        f"hash {previous.head_hash or '?'} ({seal}); kept as {previous.kept_as or 'nothing'}"
    )


def _check_users(conn: sqlite3.Connection, report: VerifyReport) -> None:
    rows = conn.execute(
        "SELECT username, display_name, role, password_hash, "
        "must_change_password, failed_logins, locked, disabled, event_seq "
        "FROM users ORDER BY username"
    ).fetchall()
    known = set()
    for (
        username,
        display_name,
        role,
        password_hash,
        must_change,
        failed,
        locked,
        disabled,
        event_seq,
    ) in rows:
        known.add(username)
        latest = conn.execute(
            "SELECT max(seq) FROM events WHERE subject_user = ?", (username,)
        ).fetchone()[0]
        if latest != event_seq:
            report.problem(
                None,
                "users",
                f"operator {username}: the users table names event "
                f"{event_seq}, but the latest event about them is {latest}",
            )
            continue
        record = conn.execute(
            "SELECT CAST(record AS BLOB) FROM events WHERE seq = ?", (event_seq,)
        ).fetchone()
        try:
            data = record_data(decode_record(bytes(record[0])))
            recorded = UserState.model_validate(data["payload"]["user"])
        except (ValidationError, KeyError, TypeError, ValueError):
            report.problem(
                event_seq, "users", f"operator {username}: the event has no valid operator state"
            )
            continue
        actual = UserState(
            username=username,
            display_name=display_name,
            role=role,
            disabled=bool(disabled),
            locked=bool(locked),
            failed_logins=failed,
            must_change_password=bool(must_change),
            credential=credential_fingerprint(password_hash),
        )
        if actual != recorded:
            fields = [
                name
                for name in UserState.model_fields
                if getattr(actual, name) != getattr(recorded, name)
            ]
            report.problem(
                event_seq,
                "users",
                f"operator {username}: the users table differs "
                f"from the audit event in {', '.join(fields)}: changed by hand",
            )
    for (username,) in conn.execute(
        "SELECT DISTINCT subject_user FROM events WHERE subject_user IS NOT NULL"
    ):
        if username not in known:
            report.problem(
                None,
                "users",
                f"operator {username} has audit events but no row in "
                "the users table: the row was deleted",
            )


def _check_seals(
    reader: AuditReader,
    path: Path,
    given: Sequence[Path],
    info: StoreInfo | None,
    trusted_key: str | None,
    key_source: str,
    report: VerifyReport,
) -> None:
    """Check every seal that can be found and work out how much of the chain they cover."""
    if trusted_key is not None:
        report.key_source = key_source or "the workstation public key given"
        if info is not None and info.signing_key != trusted_key:
            report.problem(
                1,
                "key",
                "the store was created with another signing key than this workstation's: "
                "the whole store may have been rebuilt",
            )
    elif info is not None:
        report.key_source = (
            "the key recorded in the store's own first event (no workstation key given: a "
            "store rebuilt with a key of its own would pass; pass --public-key)"
        )
    key = trusted_key or (info.signing_key if info else None)
    recorded = reader.recorded_seals()
    files: dict[Path, Path] = {}
    beside = path.parent / CHECKPOINT_DIR
    prefix = f"{info.store_id[:8]}-" if info else ""
    if beside.is_dir():
        for found in sorted(beside.glob(f"{prefix}*.json")):
            files.setdefault(found.resolve(), found)
    for named in given:
        files[Path(named).resolve()] = Path(named)
    for checkpoint_path in files.values():
        result, through = _check_checkpoint(reader, checkpoint_path, info, key, report, recorded)
        report.checkpoints.append(result)
        _covers(report, through, f"checkpoint {checkpoint_path.name}")
    for event_seq, sealed in recorded:
        if sealed.signature is None or sealed.sealed_at is None or info is None:
            continue  # an older seal without its signature vouches only for itself
        checkpoint = rebuilt_checkpoint(sealed, info)
        where = f"seal recorded as event #{event_seq}"
        if checkpoint is None or not checkpoint.signature_holds(key):
            report.problem(
                event_seq, "seal", f"{where}: its signature does not hold: it was altered"
            )
            continue
        pinned = reader.event(sealed.seq)
        if pinned is None or pinned.hash.hex() != sealed.hash:
            report.problem(
                sealed.seq,
                "seal",
                f"{where}: the hash of seq {sealed.seq} differs from the signed one: the chain "
                f"was rewritten at or before seq {sealed.seq}",
            )
            continue
        _covers(report, sealed.seq, f"{where} of {sealed.day}")


def _covers(report: VerifyReport, through: int | None, by: str) -> None:
    if through is not None and through > report.sealed_through:
        report.sealed_through = through
        report.sealed_by = by


def rebuilt_checkpoint(sealed: DaySealed, info: StoreInfo) -> Checkpoint | None:
    """The checkpoint a recorded seal signed, rebuilt from its ``day_sealed`` payload and the
    store's identity (``None`` when the payload cannot be one)."""
    try:
        return Checkpoint(
            store_id=info.store_id,
            branch=info.branch,
            workstation=info.workstation,
            day=sealed.day,
            seq=sealed.seq,
            hash=sealed.hash,
            sealed_at=sealed.sealed_at or "",
            public_key=sealed.public_key,
            signature=sealed.signature or "",
        )
    except ValidationError:
        return None


def _check_checkpoint(
    reader: AuditReader,
    path: Path,
    info: StoreInfo | None,
    key: str | None,
    report: VerifyReport,
    recorded: list[tuple[int, DaySealed]],
) -> tuple[CheckpointResult, int | None]:
    """A checkpoint file's verdict and how far it proves the chain reaches (``None``: not
    at all)."""

    def fail(message: str, seq: int | None = None) -> tuple[CheckpointResult, None]:
        report.problem(seq, "checkpoint", f"checkpoint {path.name}: {message}")
        return CheckpointResult(str(path), False, message), None

    try:
        checkpoint = read_checkpoint(path)
    except CheckpointError as exc:
        return fail(str(exc))
    if not checkpoint.signature_holds(key):
        return fail(
            "the signature does not hold for this workstation's key: the checkpoint "
            "was altered or signed by another key"
        )
    if info is not None and checkpoint.store_id != info.store_id:
        return fail(
            f"it belongs to store {checkpoint.store_id}, not to this store ({info.store_id})"
        )
    if checkpoint.seq > report.head_seq:
        return fail(
            f"it pins seq {checkpoint.seq} ({checkpoint.day}) but the store ends at seq "
            f"{report.head_seq}: events {report.head_seq + 1}..{checkpoint.seq} were "
            "removed (truncation)",
            report.head_seq + 1,
        )
    event = reader.event(checkpoint.seq)
    if event is None:
        return fail(f"seq {checkpoint.seq} is missing from the store", checkpoint.seq)
    if event.hash.hex() != checkpoint.hash:
        return fail(
            f"the hash of seq {checkpoint.seq} differs from the signed one: the chain "
            f"was rewritten at or before seq {checkpoint.seq}",
            checkpoint.seq,
        )
    # Every seal is recorded in the store (a day_sealed event) before its file is written:
    # a file whose record is missing means the events after the sealed seq were cut off.
    record = next(
        (
            seq
            for seq, sealed in recorded
            if sealed.seq == checkpoint.seq and sealed.hash == checkpoint.hash
        ),
        None,
    )
    if record is None:
        return fail(
            f"the store has no record of this seal (the day_sealed event written after seq "
            f"{checkpoint.seq}): the events after seq {checkpoint.seq} were removed "
            "(truncation)",
            checkpoint.seq + 1,
        )
    return (
        CheckpointResult(
            str(path),
            True,
            f"seq {checkpoint.seq} of {checkpoint.day} matches the signed hash; its record "
            f"is event #{record}",
        ),
        record,
    )


def _check_deep(conn: sqlite3.Connection, report: VerifyReport, events: _EventSpan) -> None:
    # Each record is decoded (decompressed if it is a zstd frame), its columns and tag rows
    # re-derived and compared with what is stored, and its payload validated by its model:
    # this catches a raw edit of the file that changes only a column, and a record whose
    # bytes hash right but do not decode (a dictionary swapped with its hash recomputed).
    has_tags = bool(
        conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'event_tags'").fetchone()
    )
    uri, low, high = events.second_process, events.low, events.high
    lists = _list_contents(conn)
    if uri is None or low is None or high is None:
        shares = [_deep_rows(conn, has_tags, lists, None, None)]
        integrity_lines = _integrity(conn)
    else:
        # Two cores: the upper half of the records and SQLite's integrity check each run in
        # a process of their own (their own read-only connections) beside the lower half.
        # Rows appended since this snapshot are left out by the bound; tag rows of no event
        # above it are looked for here, in the snapshot.
        middle = (low + high) // 2 + 1
        with multiprocessing.get_context("fork").Pool(2) as pool:
            upper = pool.apply_async(_deep_file, (uri, has_tags, lists, middle, high + 1))
            integrity = pool.apply_async(_integrity_file, (uri,))
            lower = _deep_rows(conn, has_tags, lists, None, middle)
            shares = [lower, upper.get(), _deep_rows(conn, has_tags, lists, high + 1, None)]
            integrity_lines = integrity.get()
    for share in shares:
        share.report_to(report)
    for seq, code, message in integrity_lines:
        report.problem(seq, code, message)


@dataclass(slots=True)
class _Findings:
    """What one share of the deep check found: the first :data:`MAX_FINDINGS` kept in seq
    order, all counted (a store damaged throughout must fill neither memory nor the pipe
    from a second process)."""

    kept: list[_Finding] = field(default_factory=list)
    total: int = 0

    def add(self, seq: int | None, code: str, message: str) -> None:
        self.total += 1
        if len(self.kept) < MAX_FINDINGS:
            self.kept.append((seq, code, message))

    def report_to(self, report: VerifyReport) -> None:
        for seq, code, message in sorted(self.kept, key=lambda f: f[0] or 0):
            report.problem(seq, code, message)
        report.problem_count += self.total - len(self.kept)  # counted, not listed


_ListContents = dict[int, tuple[str, str]]
"""The events that recorded a list's content: seq → (list id, version)."""


def _list_contents(conn: sqlite3.Connection) -> _ListContents:
    # A few events a day at most, found through the type index; one that does not decode is
    # reported by the row check.
    found: _ListContents = {}
    for seq, record in conn.execute(
        "SELECT seq, CAST(record AS BLOB) FROM events WHERE type IN (?, ?)",
        (ListImported.event_type, ListExpired.event_type),
    ):
        try:
            payload = record_data(decode_record(record))["payload"]
            found[int(seq)] = (str(payload["list_id"]), str(payload["list_version"]))
        except (RecordFormatError, ValueError, KeyError, TypeError):
            continue
    return found


def _unrecorded_list(seq: int, payload: dict[str, object], lists: _ListContents) -> str | None:
    """What is wrong with an assessment's list that names its content by an event: the
    event must be an earlier one recording that list's version."""
    refs = payload.get("lists")
    for ref in refs if isinstance(refs, list) else []:
        event = ref.get("event") if isinstance(ref, dict) else None
        if event is None:
            continue
        if not (
            isinstance(event, int)
            and event < seq
            and lists.get(event)
            == (
                ref.get("id"),
                ref.get("version"),
            )
        ):
            return (
                f"list {ref.get('id')!r} names event #{event}, which is not an earlier event "
                "recording that list's version"
            )
    return None


_SEALED_REF = re.compile(rb'"c":"' + re.escape(SEALED_REF_PREFIX.encode()) + rb'([^"]*)"')
"""A sealed value's reference in a record's canonical text. The quotes around ``c`` cannot
be inside a string (canonical JSON writes a quote there as ``\\"``), and no payload model has
a key ``c`` but a sealed value, so this finds the references a walk of the decoded payload
finds, in a sixth of the time (2 µs against 12 µs a record, after the models' own checks the
largest part of ``--deep``)."""


def _unmatched_values(record: dict[str, object], canonical: bytes | None) -> str | None:
    """What is wrong with how a record's sealed values name its one ciphertext (checked
    without the branch key: each ``~N`` once, N from 0 up, and the ciphertext there).
    ``canonical``: the record's text when it is in the canonical form, searched instead of
    walking the payload."""
    if canonical is not None:
        refs = [ref.decode("utf-8", "replace") for ref in _SEALED_REF.findall(canonical)]
    else:
        payload = record.get("payload")
        refs = [
            str(value["c"])[1:]
            for value in (sealed_values(payload) if isinstance(payload, dict) else ())
            if str(value["c"]).startswith(SEALED_REF_PREFIX)
        ]
    sealed = record.get(RECORD_SEALED)
    if not refs:
        return None if sealed is None else "the record holds sealed values it names nowhere"
    if sorted(refs, key=lambda r: (len(r), r)) != [str(i) for i in range(len(refs))]:
        return "the record's sealed values are not named ~0, ~1, … each once"
    if not isinstance(sealed, str) or len(sealed) < 40:
        return "the record's sealed values name a ciphertext it does not hold"
    return None


def _deep_rows(
    conn: sqlite3.Connection,
    has_tags: bool,
    lists: _ListContents,
    low: int | None,
    below: int | None,
) -> _Findings:
    """The deep check of the events with ``low <= seq < below`` (None: unbounded), and of
    the tag rows in that range (including tag rows of no event)."""
    bounds = "seq >= ? AND seq < ?"
    params = (-(2**63) if low is None else low, 2**63 - 1 if below is None else below)
    findings = _Findings()
    tags: dict[int, set[str]] = {}
    if has_tags:
        for tag, seq in conn.execute(f"SELECT tag, seq FROM event_tags WHERE {bounds}", params):
            tags.setdefault(int(seq), set()).add(str(tag))
    columns = ", ".join(LEAN_COLUMNS)
    cursor = conn.execute(
        f"SELECT seq, {columns}, CAST(record AS BLOB) FROM events WHERE {bounds} ORDER BY seq",
        params,
    )
    for seq, *stored, record in cursor:
        try:
            text = decode_record(record)
            data = record_data(text)
        except (RecordFormatError, ValueError) as exc:
            findings.add(seq, "record", f"the record cannot be decoded: {exc}")
            continue
        if not isinstance(data, dict):
            findings.add(seq, "record", "the record is not a JSON object")
            continue
        canonical = text if _is_canonical(data, text) else None
        if canonical is None:
            findings.add(seq, "record", _NOT_CANONICAL)
        if tuple(stored) != derive_columns(data):
            findings.add(
                seq,
                "derived",
                "a derived column differs from the record: the file was edited below SQLite",
            )
        if set(derive_tags(data)) != tags.pop(seq, set()):
            findings.add(seq, "derived", _TAGS_DIFFER)
        try:
            model = EVENT_TYPES.get(data.get("type"))  # type: ignore[arg-type]
            if model is None:
                findings.add(seq, "payload", f"unknown event type {data.get('type')!r}")
                continue
            if model is StoreCreated and seq != 1:
                findings.add(seq, "payload", "store_created after the first event")
            model.model_validate(data["payload"])
        except (ValidationError, KeyError, TypeError, ValueError) as exc:
            findings.add(seq, "payload", f"the payload does not match its model: {exc}")
            continue
        if model is AssessmentShown and (wrong := _unrecorded_list(seq, data["payload"], lists)):
            findings.add(seq, "payload", wrong)
        if wrong := _unmatched_values(data, canonical):
            findings.add(seq, "payload", wrong)
    for seq in sorted(tags):
        findings.add(seq, "derived", _TAGS_DIFFER)
    return findings


_TAGS_DIFFER = "the event's tag rows differ from its record's hits"
_NOT_CANONICAL = (
    "the record is not in the canonical form (docs/AUDIT.md: keys sorted, no whitespace, "
    "UTF-8 as is): it was not written by TellerGuard"
)


def _is_canonical(data: dict[str, object], text: bytes) -> bool:
    """Whether a record's text is the canonical form of what it decodes to (the form the
    specification says every record has; 3 µs a record)."""
    try:
        return canonical_bytes(data) == text
    except (EventError, TypeError, ValueError, OverflowError):
        return False


def _integrity(conn: sqlite3.Connection) -> list[_Finding]:
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if rows == ["ok"]:
        return []
    return [(None, "integrity", f"SQLite integrity_check: {line}") for line in rows[:20]]


def _read_only(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _deep_file(
    uri: str, has_tags: bool, lists: _ListContents, low: int | None, below: int | None
) -> _Findings:
    """A second process's share of the deep check, through its own read-only connection (in
    one snapshot: the tag rows and the events agree)."""
    conn = _read_only(uri)
    try:
        conn.execute("BEGIN")
        return _deep_rows(conn, has_tags, lists, low, below)
    finally:
        conn.close()


def _integrity_file(uri: str) -> list[_Finding]:
    conn = _read_only(uri)
    try:
        return _integrity(conn)
    finally:
        conn.close()
