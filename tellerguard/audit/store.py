"""The audit store: one SQLite file per workstation, one writer, an append-only hash chain.

Durability and the WAL bug (shared/DESIGN.md, "SQLite: what we know"): the store runs in WAL
mode with ``synchronous=FULL``, so an event is on disk when its commit returns, and an event
is acknowledged (a :class:`Receipt`) only then. SQLite before 3.51.3 can corrupt a WAL
database when two connections write or checkpoint at the same moment, and no DB-API wheel
carries the fix, so exactly one connection in one process ever writes or checkpoints: the
:class:`AuditStore`, which holds a cross-platform lock file (``filelock``) for as long as it
is open. A second writer, in this process or another, is refused with
:class:`StoreLockedError`. Every other connection (:class:`AuditReader`: verify, export,
queries) opens the file read-only (``mode=ro`` URI, ``query_only``), and none uses mmap.

The writer refuses to append to a store whose schema differs from what the program's
migrations produce, whose last event does not match its hash, whose row count disagrees with
its sequence numbers, or which falls short of the newest local checkpoint; full verification
of every event is :func:`tellerguard.audit.verify.verify_store`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
import sqlite3
import tempfile
import threading
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import filelock
from pydantic import ValidationError
from sqlite_utils import Database

from tellerguard import __version__
from tellerguard.audit.canonical import (
    GENESIS,
    canonical_bytes,
    chain_hash,
    format_time,
)
from tellerguard.audit.errors import (
    AuditError,
    EventError,
    KeyFileError,
    StoreLockedError,
    StoreMismatchError,
    StoreNotFoundError,
    StoreReadOnlyError,
    StoreTamperedError,
    StoreWriteError,
)
from tellerguard.audit.keys import BranchKeys, FieldCipher, WorkstationSigner
from tellerguard.audit.lists import ListQueries, ListWrites
from tellerguard.audit.log_queries import LogQueries
from tellerguard.audit.queries import OperatorRow
from tellerguard.audit.record import (
    DICTIONARIES,
    RecordFormatError,
    decode_record,
    dictionary_from_payload,
    dictionary_payload,
    encode_record,
    packaged_dictionary,
    record_data,
)
from tellerguard.audit.rule_packs import RulePackQueries
from tellerguard.audit.schema import (
    HEX_TO_BLOB,
    LEAN_COLUMNS,
    MIGRATION_NAMES,
    MIGRATIONS,
    applied_migrations,
    derive_columns,
    derive_tags,
    hex_to_blob,
    schema_problems,
    unplain_payload_value,
)
from tellerguard.audit.sqlite import (
    TAG_FENCE,
    check_writable,
    connect_writer,
    lock_path,
    on_read_only_medium,
    readonly_uri,
    sqlite_version_ok,
    translate_error,
    wal_pending,
    wal_warning,
    writer_authorizer,
)
from tellerguard.domain.clock import Clock, program_clock
from tellerguard.domain.events import (
    EVENT_TYPES,
    EventPayload,
    PreviousStore,
    RecordDictionary,
    StoreCreated,
    StoreMigrated,
    UnknownEventType,
    parse_payload,
    validation_problems,
)
from tellerguard.domain.operators import (
    SYSTEM_OPERATOR,
    UNKNOWN_OPERATOR,
    USERNAME_PATTERN,
)
from tellerguard.domain.sealed import RECORD_SEALED, SEALED_REF_PREFIX, sealed_values
from tellerguard.private_files import PRIVATE_FILE, create_private_file

log = logging.getLogger("tellerguard.audit")

RECORD_VERSION = 1
CHECKPOINT_DIR = "checkpoints"
LEAN_MIGRATION = "0005_lean_record"
DICTIONARY_MIGRATIONS = frozenset({LEAN_MIGRATION, "0006_record_dictionary_2"})
"""Migrations whose store_migrated event carries the packaged dictionary: later records are
compressed with it."""

_OPERATOR = re.compile(USERNAME_PATTERN)


@dataclass(frozen=True, slots=True)
class StoreIdentity:
    """Whose store this is: the branch and workstation from the settings."""

    branch: str
    branch_name: str
    region: str
    workstation: str


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The last event's sequence number and hash (seq 0 and 32 zero bytes when empty)."""

    seq: int
    hash: bytes

    @property
    def hash_hex(self) -> str:
        return self.hash.hex()


EMPTY_HEAD = ChainHead(0, GENESIS)


@dataclass(frozen=True, slots=True)
class Receipt:
    """Proof that an event was committed: print ``seq`` and ``hash`` on the customer's
    confirmation so that paper outside the PC pins the chain between seals."""

    seq: int
    hash: str
    at: str
    event_type: str

    @property
    def short(self) -> str:
        """``#123 9f86d081884c7d65`` — sequence number and the first 64 bits of the hash."""
        return f"#{self.seq} {self.hash[:16]}"


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One row as stored: the record bytes exactly as hashed (canonical JSON or its zstd
    frame, ``tellerguard.audit.record``)."""

    seq: int
    record: bytes
    prev_hash: bytes
    hash: bytes

    @property
    def text(self) -> bytes:
        """The canonical JSON text of the record (decompressed if it is a zstd frame)."""
        return decode_record(self.record)

    def data(self) -> dict[str, Any]:
        value = record_data(decode_record(self.record))
        assert isinstance(value, dict)
        return value

    @property
    def event_type(self) -> str:
        return str(self.data()["type"])


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """What the first event says about the store."""

    store_id: str
    branch: str
    branch_name: str
    region: str
    workstation: str
    key_id: str
    signing_key: str


_EVENT_COLUMNS = "seq, CAST(record AS BLOB), prev_hash, hash"
_WALK_CHUNK = 512
_FIRST_SINCE_KEPT = 64
"""Rows read at a time when walking the chain back from the head."""


def _row_event(row: tuple[Any, ...]) -> StoredEvent:
    return StoredEvent(int(row[0]), bytes(row[1]), bytes(row[2]), bytes(row[3]))


def _record_json(stored: bytes | str | None) -> str | None:
    """SQL function ``record_json(record)``: the record's JSON text, for the queries that
    read a payload field with ``->>`` or ``json_each`` (None for a damaged record)."""
    if stored is None:
        return None
    raw = stored.encode("utf-8") if isinstance(stored, str) else stored
    try:
        return decode_record(raw).decode("utf-8")
    except (RecordFormatError, UnicodeDecodeError):
        return None


def add_record_functions(conn: sqlite3.Connection) -> None:
    """Register ``record_json`` on a connection (every connection that runs our queries)."""
    conn.create_function("record_json", 1, _record_json, deterministic=True)
    conn.create_function(HEX_TO_BLOB, 1, hex_to_blob, deterministic=True)


def load_dictionaries(conn: sqlite3.Connection) -> int | None:
    """Make the dictionaries a store carries known to this process; the id of the newest,
    with which new records are compressed (None: the store has none yet)."""
    newest = None
    for (record,) in conn.execute(
        "SELECT CAST(record AS BLOB) FROM events WHERE type IN (?, ?) ORDER BY seq",
        (StoreCreated.event_type, StoreMigrated.event_type),
    ):
        carried = json.loads(decode_record(bytes(record)))["payload"].get("record_dictionary")
        if carried is not None:
            newest = DICTIONARIES.add(dictionary_from_payload(carried))
    return newest


class _Queries(LogQueries, ListQueries, RulePackQueries):
    """Read queries shared by the writer and the read-only connections."""

    path: Path
    _conn: sqlite3.Connection
    _mutex: threading.RLock
    _first_since: dict[str, int]

    @property
    def conn(self) -> sqlite3.Connection:
        """The underlying connection, for the audit package's own readers (export, verify)."""
        return self._conn

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold this connection for a read-check-write sequence (an operator's sign-in reads
        the row, checks it, then writes): no other thread's statement runs in between."""
        with self._mutex:
            yield

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._mutex:
            try:
                return list(self._conn.execute(sql, params))
            except sqlite3.DatabaseError as exc:
                raise translate_error(exc, self.path) from None

    def read_head(self) -> ChainHead:
        rows = self._all("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
        return ChainHead(int(rows[0][0]), bytes(rows[0][1])) if rows else EMPTY_HEAD

    def event(self, seq: int) -> StoredEvent | None:
        rows = self._all(f"SELECT {_EVENT_COLUMNS} FROM events WHERE seq = ?", (seq,))
        return _row_event(rows[0]) if rows else None

    def events_between(self, first: int, last: int) -> list[StoredEvent]:
        """The events ``first..last`` in chain order, as stored (for shipping them)."""
        rows = self._all(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq",
            (first, last),
        )
        return [_row_event(r) for r in rows]

    def events_for_case(self, case_ref: str) -> list[StoredEvent]:
        rows = self._all(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE case_ref = ? ORDER BY seq", (case_ref,)
        )
        return [_row_event(r) for r in rows]

    def latest_assessments(self, limit: int) -> list[StoredEvent]:
        """The latest ``assessment_shown`` of each of the ``limit`` most recent cases, newest
        first (what a rule pack replay judges again).

        Walks the chain back from the head, a chunk at a time, until ``limit`` cases are
        found: the cost is the events since the oldest of them. Grouping every assessment in
        the store by case (the query before) cost 1 s at 1,000,000 events for 500 cases."""
        latest: dict[str | None, int] = {}
        below = self.read_head().seq + 1
        while len(latest) < limit and below > 1:
            rows = self._all(
                "SELECT seq, case_ref FROM events NOT INDEXED WHERE seq < ? "
                "AND type = 'assessment_shown' ORDER BY seq DESC LIMIT ?",
                (below, _WALK_CHUNK),
            )
            for seq, case_ref in rows:
                if case_ref not in latest:
                    latest[case_ref] = int(seq)
                    if len(latest) == limit:
                        break
            if len(rows) < _WALK_CHUNK:
                break
            below = int(rows[-1][0])
        # Newest first: the values are, and so is each chunk's statement.
        rows = self._all_in(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE seq IN ({{values}}) ORDER BY seq DESC",
            list(latest.values()),
        )
        return [_row_event(r) for r in rows]

    def first_seq_since(self, moment: str) -> int | None:
        """The first event, in chain order, stamped at or after ``moment``: where a time window
        that must not lose events to a clock begins (see ``tellerguard.domain.clock``).
        Everything after it in the chain belongs to the window, whatever its stamp.

        Read through the time index, so the cost is the events stamped since ``moment``: left
        to itself SQLite walks the chain from seq 1 (its min() shortcut), a full scan that
        grows with the store (3.4 ms at 20,000 events, every history at the counter).

        Once found it is kept: events are only ever appended with a higher seq, so the first
        one stamped since a moment stays the first (the two a customer's history needs change
        once a day; each cost 0.5 ms at a million events). The writer forgets them when a
        transaction fails (:meth:`AuditStore._resync`): what it found may have been undone."""
        with self._mutex:
            known = self._first_since.get(moment)
            if known is not None:
                return known
            rows = self._all(
                "SELECT min(seq) FROM events INDEXED BY events_at WHERE at >= ?", (moment,)
            )
            if not rows or rows[0][0] is None:
                return None
            if len(self._first_since) >= _FIRST_SINCE_KEPT:
                self._first_since.clear()
            self._first_since[moment] = found = int(rows[0][0])
            return found

    def latest_at(self) -> str | None:
        """The latest time stamped on any event (the clock may have gone back since)."""
        rows = self._all("SELECT max(at) FROM events")
        return str(rows[0][0]) if rows and rows[0][0] is not None else None

    def last_event_at_or_before(self, moment: str) -> tuple[int, bytes] | None:
        """The last event, in chain order, stamped before ``moment``.

        Walks the chain back from the head and stops at the first such event, so the cost is
        the events after it; through the time index SQLite would sort every earlier event
        (5.3 ms at 20,000 events, at every seal)."""
        rows = self._all(
            "SELECT seq, hash FROM events NOT INDEXED WHERE at < ? ORDER BY seq DESC LIMIT 1",
            (moment,),
        )
        return (int(rows[0][0]), bytes(rows[0][1])) if rows else None

    def info(self) -> StoreInfo:
        first = self.event(1)
        if first is None:
            raise StoreNotFoundError(f"{self.path}: the store has no events yet")
        data = first.data()
        if data.get("type") != StoreCreated.event_type:
            raise StoreTamperedError(f"{self.path}: the first event is not store_created")
        payload = StoreCreated.model_validate(data["payload"])
        return StoreInfo(
            store_id=payload.store_id,
            branch=payload.branch,
            branch_name=payload.branch_name,
            region=payload.region,
            workstation=payload.workstation,
            key_id=payload.key_id,
            signing_key=payload.signing_key,
        )


class AuditReader(_Queries):
    """A read-only connection to a store (``mode=ro``, ``query_only``, no mmap).

    A store on a read-only medium (a write-protected USB stick, a file marked read-only, a
    folder that must not be written) is opened ``immutable=1``, so SQLite creates no -shm or
    -wal file beside it, not even for root; if it has a write-ahead log with content, which
    ``immutable`` would ignore, a private temporary copy of the file and its log is read
    instead. ``how`` says which it was.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._mutex = threading.RLock()
        self._first_since = {}
        self._copy: Path | None = None
        self.how = "read-only connection (mode=ro)"
        if self.path.is_dir():
            raise StoreNotFoundError(f"{self.path}: a folder, not an audit store file")
        if not self.path.is_file():
            raise StoreNotFoundError(f"audit store not found: {self.path}")
        try:
            self._conn = self._connect()
        except sqlite3.Error as exc:
            self._drop_copy()
            raise translate_error(exc, self.path) from None
        try:
            self._conn.execute("PRAGMA query_only = ON")
            self._conn.execute("PRAGMA mmap_size = 0")
            self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise translate_error(exc, self.path) from None
        tables = {
            r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if "events" not in tables:
            self._conn.close()
            raise StoreNotFoundError(
                f"{self.path}: not a TellerGuard audit store (no events table)"
            )
        add_record_functions(self._conn)
        try:
            load_dictionaries(self._conn)
        except (RecordFormatError, sqlite3.DatabaseError, ValueError, KeyError):
            # A damaged dictionary event is for verify to report (its hash breaks the chain);
            # the records compressed with it then cannot be read.
            log.warning("%s: a record_dictionary event cannot be read", self.path)

    def _connect(self) -> sqlite3.Connection:
        if not on_read_only_medium(self.path):
            conn = sqlite3.connect(readonly_uri(self.path), uri=True, check_same_thread=False)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return conn
            except sqlite3.OperationalError:  # e.g. no -shm can be made beside it
                conn.close()
        if not wal_pending(self.path):
            self.how = "read-only medium: opened immutable (nothing is written beside it)"
            return sqlite3.connect(
                readonly_uri(self.path, immutable=True), uri=True, check_same_thread=False
            )
        folder = Path(tempfile.mkdtemp(prefix="tellerguard-verify-"))
        self._copy = folder
        copy = folder / self.path.name
        shutil.copyfile(self.path, copy)
        shutil.copyfile(self.path.with_name(self.path.name + "-wal"), folder / f"{copy.name}-wal")
        self.how = (
            "read-only medium with an un-checkpointed write-ahead log: a private temporary "
            "copy of the file and its log was read"
        )
        return sqlite3.connect(readonly_uri(copy), uri=True, check_same_thread=False)

    def _drop_copy(self) -> None:
        if self._copy is not None:
            shutil.rmtree(self._copy, ignore_errors=True)
            self._copy = None

    def close(self) -> None:
        self._conn.close()
        self._drop_copy()

    def __enter__(self) -> AuditReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def move_store_aside(path: Path, suffix: str) -> Path:
    """Rename a store and its -wal/-shm files to ``<name><suffix>`` (a deliberate
    re-initialisation keeps the previous store, never deletes it); refused while a writer
    holds it."""
    path = Path(path).absolute()
    lock = filelock.FileLock(str(lock_path(path)), timeout=0, mode=PRIVATE_FILE)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise StoreLockedError(
            f"{path}: a TellerGuard program is writing to this store; close it first"
        ) from None
    try:
        target = path.with_name(path.name + suffix)
        for extra in ("-wal", "-shm"):
            side = path.with_name(path.name + extra)
            if side.exists():
                side.rename(target.with_name(target.name + extra))
        path.rename(target)
        return target
    finally:
        lock.release()


_INSERT = (
    "INSERT INTO events (seq, prev_hash, hash, "
    + ", ".join(LEAN_COLUMNS)
    + ", record) VALUES ("
    + ", ".join("?" * (len(LEAN_COLUMNS) + 4))
    + ")"
)
_INSERT_TAG = "INSERT INTO event_tags (tag, at, seq) VALUES (?, ?, ?)"


def _one_ciphertext(payload: dict[str, Any], cipher: FieldCipher | None) -> str | None:
    """All of a payload's personal values under one ciphertext (returned, for the record's
    ``sealed``), each sealed value's ``c`` replaced by ``~N``, its place in it. Every sealed
    value carried a nonce and a tag of its own, which do not compress: 148 B an event of the
    store's ~700 (docs/AUDIT.md). The services seal field by field as before; the store packs
    the values when it writes the record. A value that names another record's values (copied
    from a stored payload without opening it) is refused: it would name nothing here."""
    values: list[str] = []
    for value in sealed_values(payload):
        token = value["c"]
        if token.startswith(SEALED_REF_PREFIX):
            raise EventError("a sealed value names another record's sealed values: seal it again")
        if cipher is not None:
            value["c"] = f"{SEALED_REF_PREFIX}{len(values)}"
            values.append(cipher.open(token))
    return cipher.seal_values(values) if cipher is not None and values else None


BULK_EVENTS_PER_COMMIT = 500


@dataclass(slots=True)
class _BulkFill:
    """An open :meth:`AuditStore.bulk_fill`: how many events since its last commit, and
    how deep the transactions inside it are nested now (it commits between them only)."""

    events_per_commit: int
    pending: int = 0
    depth: int = 0

    def due(self, appended: int) -> bool:
        self.pending += appended
        if self.depth > 0 or self.pending < self.events_per_commit:
            return False
        self.pending = 0
        return True


class Transaction(ListWrites):
    """Events (and operator changes) that commit together or not at all.

    Receipts handed out inside are acknowledged only when the ``with`` block commits.
    """

    def __init__(self, store: AuditStore) -> None:
        self._store = store
        self._conn = store.conn
        self.head = store.head
        self.receipts: list[Receipt] = []

    def append(self, payload: EventPayload, *, operator: str) -> Receipt:
        record, text, at = self._store.record_parts(payload, operator)
        seq = self.head.seq + 1
        stored = encode_record(text, self._store.dict_id)
        digest = chain_hash(self.head.hash, seq, stored)
        try:
            self._conn.execute(
                _INSERT, (seq, self.head.hash, digest, *derive_columns(record), stored)
            )
            tags = derive_tags(record)
            if tags:
                TAG_FENCE.open = True
                try:
                    self._conn.executemany(_INSERT_TAG, [(tag, at, seq) for tag in tags])
                finally:
                    TAG_FENCE.open = False
        except sqlite3.IntegrityError as exc:
            raise StoreWriteError(f"{self._store.path}: the event was refused: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise translate_error(exc, self._store.path) from None
        self.head = ChainHead(seq, digest)
        receipt = Receipt(seq=seq, hash=digest.hex(), at=at, event_type=payload.event_type)
        self.receipts.append(receipt)
        return receipt

    def put_operator(self, row: OperatorRow, *, insert: bool) -> None:
        """Insert or update an operator's row; the schema requires ``row.event_seq`` to be the
        event just appended about them in this transaction."""
        values = (
            row.display_name,
            row.role,
            row.password_hash,
            int(row.must_change_password),
            row.failed_logins,
            int(row.locked),
            int(row.disabled),
            row.event_seq,
            row.username,
        )
        if insert:
            self._execute(
                "INSERT INTO users (display_name, role, password_hash, "
                "must_change_password, failed_logins, locked, disabled, event_seq, "
                "username) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
        else:
            self._execute(
                "UPDATE users SET display_name = ?, role = ?, password_hash = ?, "
                "must_change_password = ?, failed_logins = ?, locked = ?, disabled = ?, "
                "event_seq = ? WHERE username = ?",
                values,
            )

    def count_failed_login(self, username: str, failed_logins: int) -> None:
        """Set an operator's failed-login count, tied to the event just appended."""
        self._execute(
            "UPDATE users SET failed_logins = ?, event_seq = ? WHERE username = ?",
            (failed_logins, self.head.seq, username),
        )

    def _execute(self, sql: str, params: tuple[Any, ...]) -> None:
        try:
            self._conn.execute(sql, params)
        except sqlite3.IntegrityError as exc:
            raise StoreWriteError(f"{self._store.path}: refused by the database: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise translate_error(exc, self._store.path) from None


class AuditStore(_Queries):
    """The one writer of a store. Open it with :meth:`open`; close it (or use ``with``)."""

    def __init__(
        self,
        path: Path,
        db: Database,
        lock: filelock.BaseFileLock,
        identity: StoreIdentity,
        keys: BranchKeys | None,
        signer: WorkstationSigner | None,
        checkpoint_dir: Path,
        clock: Clock,
    ) -> None:
        self.path = path
        self.db = db
        self._conn = db.conn
        self._lock = lock
        self._mutex = threading.RLock()
        self._first_since = {}
        self._bulk: _BulkFill | None = None
        self.identity = identity
        self.keys = keys
        self.signer = signer
        self.checkpoint_dir = checkpoint_dir
        self.clock = clock
        self._cipher = FieldCipher(keys) if keys is not None else None
        self.head = EMPTY_HEAD
        self.store_id = ""
        self.key_id = keys.key_id if keys is not None else ""
        self.migration_backup: Path | None = None
        """The verified copy made before the lean-record migration, if this open made one."""
        self.dict_id: int | None = None
        """The dictionary new records are compressed with (None: stored as JSON text)."""
        self._closed = False

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path,
        *,
        identity: StoreIdentity,
        keys: BranchKeys | None,
        signer: WorkstationSigner | None,
        create: bool = False,
        checkpoint_dir: Path | None = None,
        clock: Clock | None = None,
        previous: PreviousStore | None = None,
    ) -> AuditStore:
        """Open the store for writing (``create``: set it up if it does not exist yet;
        ``previous``: what a deliberate re-initialisation found of the history it replaces,
        recorded in the new store's first event).

        ``keys`` may be ``None`` only to open an existing store for key recovery: events
        with personal data cannot then be written.
        """
        sqlite_version_ok()
        path = Path(path).absolute()
        check_writable(path, create=create)
        lock = filelock.FileLock(
            str(lock_path(path)), timeout=0, mode=PRIVATE_FILE, thread_local=False
        )
        try:
            lock.acquire()
        except filelock.Timeout:
            raise StoreLockedError(
                f"{path}: another TellerGuard program is already writing to this store (lock "
                f"file {lock_path(path)}); close it first — only one writer is allowed"
            ) from None
        except OSError as exc:
            raise StoreReadOnlyError(
                f"{lock_path(path)}: cannot take the writer lock: {exc.strerror}"
            ) from None
        db: Database | None = None
        try:
            if create:
                # SQLite gives the -wal and -shm files the mode of the database file.
                create_private_file(path)
            db = connect_writer(path)
            add_record_functions(db.conn)
            store = cls(
                path,
                db,
                lock,
                identity,
                keys,
                signer,
                checkpoint_dir or path.parent / CHECKPOINT_DIR,
                clock or program_clock(),
            )
            store._start(create=create, previous=previous)
            if (note := wal_warning()) is not None:
                log.info("%s", note)
            return store
        except BaseException:
            if db is not None:
                db.close()
            lock.release()
            raise

    def _start(self, *, create: bool, previous: PreviousStore | None = None) -> None:
        try:
            tables = {
                r[0]
                for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        except sqlite3.DatabaseError as exc:
            raise translate_error(exc, self.path) from None
        if not tables:
            if not create:
                raise StoreNotFoundError(
                    f"{self.path}: the store file is empty (no tables): it was never set up, "
                    "or it was emptied"
                )
            self._set_up(previous)
        elif "events" not in tables:
            raise StoreNotFoundError(f"{self.path}: not a TellerGuard audit store")
        else:
            self._check_existing()
        # SQLite builds a connection's json_each table on its first use by declaring its
        # schema, which the authorizer would see as a write to sqlite_master and refuse;
        # queries need it, so it is built here, once, before the fence goes up.
        self._conn.execute("SELECT count(*) FROM json_each('[]')").fetchone()
        self._conn.set_authorizer(writer_authorizer)

    def _set_up(self, previous: PreviousStore | None) -> None:
        if self.keys is None or self.signer is None:
            raise KeyFileError(
                "a new store needs the branch keys and the workstation's signing key"
            )
        self.store_id = uuid.uuid4().hex
        created = StoreCreated(
            store_id=self.store_id,
            branch=self.identity.branch,
            branch_name=self.identity.branch_name,
            region=self.identity.region,
            workstation=self.identity.workstation,
            key_id=self.keys.key_id,
            signing_key=self.signer.public_key_hex,
            migrations=list(MIGRATION_NAMES),
            sqlite_version=sqlite3.sqlite_version,
            app_version=__version__,
            previous=previous,
            record_dictionary=RecordDictionary.model_validate(
                dictionary_payload(packaged_dictionary())
            ),
        )
        try:
            # One transaction: bookkeeping table and its index, every migration, and the
            # first event. A kill anywhere leaves either nothing or a complete store.
            with self._mutex, self.db.atomic():
                MIGRATIONS.ensure_migrations_table(self.db)
                MIGRATIONS.apply(self.db)
                tx = Transaction(self)
                tx.append(created, operator=SYSTEM_OPERATOR)
            self.head = tx.head
            self.dict_id = DICTIONARIES.add(packaged_dictionary())
        except sqlite3.DatabaseError as exc:
            raise translate_error(exc, self.path) from None
        log.info("created audit store %s (store id %s)", self.path, self.store_id)

    def _check_existing(self) -> None:
        problems = schema_problems(self._conn)
        if problems:
            raise StoreTamperedError(
                f"{self.path}: schema check failed, refusing to write: " + "; ".join(problems)
            )
        self.head = self._check_head()
        info = self.info()
        self.store_id = info.store_id
        if info.branch != self.identity.branch or info.workstation != self.identity.workstation:
            raise StoreMismatchError(
                f"{self.path}: this store belongs to branch {info.branch!r}, workstation "
                f"{info.workstation!r}; the settings say branch {self.identity.branch!r}, "
                f"workstation {self.identity.workstation!r}"
            )
        if self.keys is not None and self.keys.key_id != info.key_id:
            raise StoreMismatchError(
                f"the branch key file (key id {self.keys.key_id}) is not the key of this store "
                f"(key id {info.key_id}); restore the right key file or recover it from the "
                "key backup"
            )
        self.key_id = info.key_id
        if self.signer is not None and self.signer.public_key_hex != info.signing_key:
            raise StoreMismatchError(
                "the workstation signing key is not the one recorded when this store was "
                "created; restore the key folder that belongs to this store"
            )
        self._check_local_checkpoint(info)
        applied = [name for _, name in applied_migrations(self._conn)]
        pending = [name for name in MIGRATION_NAMES if name not in applied]
        if pending:
            self._migrate(pending)
        try:
            self.dict_id = load_dictionaries(self._conn)
        except (RecordFormatError, ValueError, KeyError) as exc:
            raise StoreTamperedError(
                f"{self.path}: the store's record dictionary cannot be read ({exc}); refusing "
                "to append. Run 'tellerguard audit verify'"
            ) from None

    def _check_head(self) -> ChainHead:
        try:
            rows = self._conn.execute(
                f"SELECT {_EVENT_COLUMNS} FROM events ORDER BY seq DESC LIMIT 2"
            ).fetchall()
            count, low = self._conn.execute("SELECT count(*), min(seq) FROM events").fetchone()
        except sqlite3.DatabaseError as exc:
            raise translate_error(exc, self.path) from None
        if not rows:
            raise StoreTamperedError(
                f"{self.path}: the store has a schema but no events: its events were removed"
            )
        last = _row_event(rows[0])
        if chain_hash(last.prev_hash, last.seq, last.record) != last.hash:
            raise StoreTamperedError(
                f"{self.path}: the last event (seq {last.seq}) does not "
                "match its hash; refusing to append. Run 'tellerguard "
                "audit verify'"
            )
        expected_prev = bytes(rows[1][3]) if len(rows) > 1 else GENESIS
        if last.prev_hash != expected_prev:
            raise StoreTamperedError(
                f"{self.path}: the last event (seq {last.seq}) does not "
                "chain to the event before it; refusing to append"
            )
        if count != last.seq or low != 1:
            raise StoreTamperedError(
                f"{self.path}: {count} events but sequence numbers {low}..{last.seq}: events "
                "were deleted or inserted; refusing to append"
            )
        return ChainHead(last.seq, last.hash)

    def _check_local_checkpoint(self, info: StoreInfo) -> None:
        from tellerguard.audit.checkpoint import newest_local_checkpoint  # avoids a cycle

        newest = newest_local_checkpoint(self.checkpoint_dir, info.store_id, info.signing_key)
        if newest is None:
            return
        if newest.seq > self.head.seq:
            raise StoreTamperedError(
                f"{self.path}: the store ends at seq {self.head.seq} but the checkpoint of "
                f"{newest.day} pins seq {newest.seq}: events were removed; refusing to append"
            )
        event = self.event(newest.seq)
        if event is None or event.hash.hex() != newest.hash:
            raise StoreTamperedError(
                f"{self.path}: event {newest.seq} differs from the checkpoint of {newest.day}: "
                "the chain was rewritten; refusing to append"
            )
        # A seal is recorded before its file is written: no record means a cut-off tail.
        if self.seal_record(newest.seq, newest.hash) is None:
            raise StoreTamperedError(
                f"{self.path}: the seal of {newest.day} (seq {newest.seq}) is not recorded in "
                f"the store: the events after seq {newest.seq} were removed; refusing to append"
            )

    def _migrate(self, pending: list[str]) -> None:
        if LEAN_MIGRATION in pending:
            self.migration_backup = self._backup_before_migration()
        try:
            with self._mutex, self.db.atomic():
                MIGRATIONS.apply(self.db)
                tx = Transaction(self)
                carried = (
                    RecordDictionary.model_validate(dictionary_payload(packaged_dictionary()))
                    if DICTIONARY_MIGRATIONS.intersection(pending)
                    else None
                )
                tx.append(
                    StoreMigrated(
                        migrations=pending, app_version=__version__, record_dictionary=carried
                    ),
                    operator=SYSTEM_OPERATOR,
                )
            self.head = tx.head
        except sqlite3.DatabaseError as exc:
            raise translate_error(exc, self.path) from None
        log.info("migrated audit store %s: %s", self.path, ", ".join(pending))

    def _backup_before_migration(self) -> Path:
        """A verified copy of the store as it is, beside it, before its table is rebuilt
        (SQLite's transaction already keeps the old store whole if the migration dies)."""
        from tellerguard.audit.backup import backup_store  # backup reads stores: a cycle

        head = self.head.seq
        out = self.path.with_name(f"{self.path.name}.before-lean-{head}.sqlite3")
        if out.exists():  # a migration that was interrupted already made it
            return out
        return backup_store(self.path, out).path

    # -- writing ---------------------------------------------------------------------------
    @property
    def cipher(self) -> FieldCipher:
        """Seals personal values; :class:`KeyFileError` when the branch keys are not loaded."""
        if self._cipher is None:
            raise KeyFileError(
                "the branch keys are not loaded: personal data can be neither "
                "written nor read; recover the key file from its backup"
            )
        return self._cipher

    def record_text(self, payload: EventPayload, operator: str) -> tuple[str, str]:
        """The canonical record of ``payload`` by ``operator`` stamped now, and its time;
        :class:`EventError` if the payload could not be stored."""
        _, text, at = self.record_parts(payload, operator)
        return text.decode("utf-8"), at

    def record_parts(
        self, payload: EventPayload, operator: str
    ) -> tuple[dict[str, Any], bytes, str]:
        """The record of ``payload`` (as a mapping and as its canonical bytes) and its time."""
        model = EVENT_TYPES.get(payload.event_type)
        if model is None or type(payload) is not model:
            raise EventError(f"{type(payload).__name__} is not a registered event model")
        if operator not in (SYSTEM_OPERATOR, UNKNOWN_OPERATOR) and not _OPERATOR.match(operator):
            raise EventError(f"operator {operator[:40]!r} is not a valid operator name")
        data = payload.model_dump(mode="json")
        unplain = unplain_payload_value(data)
        if unplain is not None:
            raise EventError(
                f"{unplain} must not contain a comma, a double quote or a line break, "
                "nor start with =, +, -, @ or a tab"
            )
        at = format_time(self.clock.now())
        record = {
            "v": RECORD_VERSION,
            "at": at,
            "branch": self.identity.branch,
            "workstation": self.identity.workstation,
            "operator": operator,
            "type": payload.event_type,
            "outcome": payload.outcome(),
            "kid": self.key_id,
            "payload": data,
        }
        sealed = _one_ciphertext(data, self._cipher)
        if sealed is not None:
            record[RECORD_SEALED] = sealed
        return record, canonical_bytes(record), at

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Append several events (and operator changes) in one transaction."""
        self._ensure_open()
        with self._mutex:
            tx = Transaction(self)
            bulk = self._bulk
            if bulk is not None:
                bulk.depth += 1
            try:
                # Inside another transaction or a bulk fill: a savepoint.
                with self.db.atomic():
                    yield tx
            except sqlite3.DatabaseError as exc:
                self._resync()
                raise translate_error(exc, self.path) from None
            except BaseException:
                self._resync()
                raise
            finally:
                if bulk is not None:
                    bulk.depth -= 1
            self.head = tx.head
            if bulk is not None and bulk is self._bulk and bulk.due(len(tx.receipts)):
                self._commit_bulk()
                self._begin_bulk()

    def append(self, payload: EventPayload, *, operator: str) -> Receipt:
        """Append one event in its own transaction; the receipt means it is on disk (in a
        :meth:`bulk_fill`: at the fill's next commit)."""
        with self.transaction() as tx:
            receipt = tx.append(payload, operator=operator)
        return receipt

    def append_raw(self, event_type: str, payload: Mapping[str, Any], *, operator: str) -> Receipt:
        """Validate a decoded payload against its type's model, then append it.

        :class:`EventError` for an unknown type or an invalid payload; nothing is written.
        """
        try:
            model = parse_payload(event_type, dict(payload))
        except UnknownEventType as exc:
            raise EventError(str(exc)) from None
        except ValidationError as exc:
            problems = validation_problems(exc)
            raise EventError(
                f"invalid {event_type} payload: " + "; ".join(problems), problems
            ) from None
        return self.append(model, operator=operator)

    @contextlib.contextmanager
    def bulk_fill(self, events_per_commit: int = BULK_EVENTS_PER_COMMIT) -> Iterator[None]:
        """Fill a demo store in bulk — never counter work: the appends inside commit together
        every ``events_per_commit`` events (and at the end) instead of one by one, so their
        receipts are on disk only then; a crash loses at most that many, each event whole or
        absent and the chain intact. Each append is still a savepoint of its own: one that
        fails leaves nothing; anything written outside the store about an event must call
        :meth:`make_durable` first. (Measured on a 5,000-event demo: see the README's Speed.)"""
        self._ensure_open()
        with self._mutex:
            if self._bulk is not None:
                raise AuditError(f"{self.path}: a bulk fill is already under way")
            self._bulk = _BulkFill(events_per_commit)
            self._begin_bulk()
        try:
            yield
        finally:
            with self._mutex:
                self._bulk = None
                # Whatever ended the fill, the events appended so far are whole: keep them.
                self._commit_bulk()

    def make_durable(self) -> None:
        """Commit the batch an open :meth:`bulk_fill` holds (nothing to do outside one).
        Whatever is written outside the store about an event (a seal's checkpoint file) must
        wait for this, or a crash could leave a file pinning events the store never kept."""
        with self._mutex:
            bulk = self._bulk
            if bulk is None:
                return
            if bulk.depth > 0:
                raise AuditError(f"{self.path}: cannot commit a bulk fill inside a transaction")
            bulk.pending = 0
            self._commit_bulk()
            self._begin_bulk()

    def _begin_bulk(self) -> None:
        try:
            self._conn.execute("BEGIN")
        except sqlite3.DatabaseError as exc:
            self._bulk = None
            raise translate_error(exc, self.path) from None

    def _commit_bulk(self) -> None:
        if not self._conn.in_transaction:
            return
        try:
            self._conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._bulk = None
            self._resync()
            raise translate_error(exc, self.path) from None

    def _resync(self) -> None:
        # After a failed commit the in-memory head may be ahead of (or, if COMMIT failed after
        # writing, behind) the file; the file is the truth.
        with self._mutex:
            self._first_since.clear()
        try:
            self.head = self.read_head()
        except AuditError:
            log.exception("cannot re-read the chain head of %s", self.path)

    def _ensure_open(self) -> None:
        if self._closed:
            raise AuditError(f"{self.path}: the store is closed")

    # -- closing ---------------------------------------------------------------------------
    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._mutex:
            try:
                self._conn.set_authorizer(None)
                self.db.close()
            finally:
                self._lock.release()

    def __enter__(self) -> AuditStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def reader(self) -> AuditReader:
        """A separate read-only connection (for long reads that must not hold up appends)."""
        return AuditReader(self.path)
