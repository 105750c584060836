"""How the audit package uses SQLite: which version it needs, how the writer's connection is
set up and fenced in (an authorizer refuses every statement the store must never issue),
where a read-only connection points, and what SQLite's errors mean for an operator.

Only :mod:`tellerguard.audit` imports this module (and ``sqlite3``; import-linter checks it).
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from pathlib import Path

from sqlite_utils import Database

from tellerguard.audit.errors import (
    AuditError,
    StoreCorruptError,
    StoreLockedError,
    StoreNotFoundError,
    StoreReadOnlyError,
    StoreWriteError,
)
from tellerguard.audit.schema import BOOKKEEPING_TABLE

MIN_SQLITE = (3, 38, 0)
"""STRICT tables (3.37) and the ``->>`` operator (3.38) are used by the schema."""
WAL_FIX = (3, 51, 3)
LOCK_SUFFIX = ".lock"
PAGE_SIZE = 16384


def sqlite_version_ok() -> None:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise AuditError(
            f"SQLite {sqlite3.sqlite_version} is too old: TellerGuard needs "
            f"{'.'.join(map(str, MIN_SQLITE))} or newer"
        )


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


def readonly_uri(path: Path, *, immutable: bool = False) -> str:
    return path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def on_read_only_medium(path: Path) -> bool:
    """Whether the store file is marked read-only, or its folder cannot (or must not) be
    written: a copy on a write-protected medium. Decided by mode bits as well as access(),
    so that root, which access() lets write anywhere, leaves an inspector's copy as it is."""
    folder = path.parent
    try:
        if not path.stat().st_mode & 0o222 or not folder.stat().st_mode & stat.S_IWUSR:
            return True
        if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return True
    return not os.access(folder, os.W_OK)


def wal_pending(path: Path) -> bool:
    """Whether the store has a write-ahead log with content not yet in the main file."""
    wal = path.with_name(path.name + "-wal")
    return wal.is_file() and wal.stat().st_size > 0


def translate_error(exc: sqlite3.Error, path: Path) -> AuditError:
    """A precise error for what SQLite said about a store file."""
    text = str(exc)
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return StoreCorruptError(f"{path}: the file is not a usable SQLite database ({text})")
    if "readonly" in lowered or "read-only" in lowered:
        return StoreReadOnlyError(f"{path}: the store cannot be written ({text})")
    if "unable to open" in lowered:
        return StoreNotFoundError(f"{path}: cannot open the store file ({text})")
    if "locked" in lowered or "busy" in lowered:
        return StoreLockedError(
            f"{path}: the database is locked by another program ({text})",
            "审计记录库正被其他程序占用（如备份工具），请稍后重试或联系技术支持",
        )
    if "disk" in lowered or "full" in lowered or "i/o" in lowered:
        return StoreWriteError(f"{path}: SQLite could not write ({text}); nothing was recorded")
    return AuditError(f"{path}: SQLite error: {text}")


# -- the writer ----------------------------------------------------------------------------
# The writer's authorizer: the application itself cannot issue these statements, whatever
# the SQL. Only reading, inserting events, and inserting/updating operators are allowed.
_DENY_WRITES_TO = {"events", "event_tags", BOOKKEEPING_TABLE, "sqlite_master", "sqlite_schema"}


_DENIED_PRAGMAS = {
    "writable_schema",
    "journal_mode",
    "synchronous",
    "mmap_size",
    "trusted_schema",
    "locking_mode",
    "ignore_check_constraints",
    "foreign_keys",
    "recursive_triggers",
}


class _TagFence(threading.local):
    """Open only while the store's append writes the tag rows of the record it appends."""

    open = False


TAG_FENCE = _TagFence()


def writer_authorizer(
    action: int, arg1: str | None, arg2: str | None, db_name: str | None, trigger: str | None
) -> int:
    if action in (sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE):
        if arg1 in _DENY_WRITES_TO or (action == sqlite3.SQLITE_DELETE and arg1 == "users"):
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_INSERT and arg1 in (BOOKKEEPING_TABLE, "sqlite_master"):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_INSERT and arg1 == "event_tags" and not TAG_FENCE.open:
        return sqlite3.SQLITE_DENY  # tags come from the records, written by the append only
    if action == sqlite3.SQLITE_PRAGMA:
        if arg1 is not None and arg1.lower() in _DENIED_PRAGMAS and arg2 is not None:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK
    if action in _SCHEMA_CHANGES:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


_SCHEMA_CHANGES = {
    getattr(sqlite3, name)
    for name in (
        "SQLITE_ALTER_TABLE",
        "SQLITE_ATTACH",
        "SQLITE_DETACH",
        "SQLITE_CREATE_INDEX",
        "SQLITE_CREATE_TABLE",
        "SQLITE_CREATE_TEMP_INDEX",
        "SQLITE_CREATE_TEMP_TABLE",
        "SQLITE_CREATE_TEMP_TRIGGER",
        "SQLITE_CREATE_TEMP_VIEW",
        "SQLITE_CREATE_TRIGGER",
        "SQLITE_CREATE_VIEW",
        "SQLITE_CREATE_VTABLE",
        "SQLITE_DROP_INDEX",
        "SQLITE_DROP_TABLE",
        "SQLITE_DROP_TEMP_INDEX",
        "SQLITE_DROP_TEMP_TABLE",
        "SQLITE_DROP_TEMP_TRIGGER",
        "SQLITE_DROP_TEMP_VIEW",
        "SQLITE_DROP_TRIGGER",
        "SQLITE_DROP_VIEW",
        "SQLITE_DROP_VTABLE",
        "SQLITE_REINDEX",
        "SQLITE_ANALYZE",
    )
    if hasattr(sqlite3, name)
}


def check_writable(path: Path, *, create: bool) -> None:
    folder = path.parent
    if not path.exists():
        if not create:
            raise StoreNotFoundError(
                f"audit store not found: {path}; check the database path in the settings"
            )
        if not folder.is_dir():
            raise StoreNotFoundError(f"folder for the audit store does not exist: {folder}")
    else:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise StoreNotFoundError(f"{path} is not a file")
        # Checked by mode bits as well as access(): an administrator account would be allowed
        # to write a file marked read-only, but marking it so is a decision to respect.
        if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            raise StoreReadOnlyError(
                f"{path}: the store file is read-only; the writer needs to "
                "write it (open it read-only for verify or export)"
            )
    if not os.access(folder, os.W_OK):
        raise StoreReadOnlyError(
            f"{folder}: the store's folder is not writable; SQLite needs to "
            "create its -wal and -shm files there"
        )


def connect_writer(path: Path) -> Database:
    try:
        conn = sqlite3.connect(str(path), timeout=5.0, check_same_thread=False)
    except sqlite3.Error as exc:
        raise translate_error(exc, path) from None
    try:
        # trusted_schema stays ON: SQLite 3.40 does not mark its JSON functions innocuous, so
        # the generated columns would be refused. The schema is checked against the program's
        # migrations before anything else is done, and no function with side effects is
        # registered on these connections.
        conn.execute("PRAGMA mmap_size = 0")
        # Only takes effect on a new file. Records are 1-3 KiB: with SQLite's default 4 KiB
        # pages most rows would take a page of their own (measured: 3.7 GiB per million
        # events); 16 KiB pages pack them.
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        # The chain trigger can abort an insert, so each insert needs a statement journal;
        # in memory it costs 5 µs instead of 15 µs in a temporary file.
        conn.execute("PRAGMA temp_store = MEMORY")
        # Six indexes with random keys (lookup hashes, case refs) miss a small page cache.
        conn.execute("PRAGMA cache_size = -65536")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreReadOnlyError(f"{path}: cannot switch the store to WAL mode ({mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cell_size_check = ON")
        return Database(conn, execute_plugins=False)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise translate_error(exc, path) from None
    except BaseException:
        conn.close()
        raise


def wal_warning() -> str | None:
    """A note when the linked SQLite has the WAL-reset bug (harmless with one writer)."""
    if sqlite3.sqlite_version_info < WAL_FIX:
        return (
            f"SQLite {sqlite3.sqlite_version} has the WAL-reset bug fixed in 3.51.3; "
            "TellerGuard keeps to one writing connection, which avoids it"
        )
    return None
