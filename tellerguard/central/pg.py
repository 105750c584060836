"""The one module that imports the PostgreSQL driver (psycopg 3): connecting, and turning the
driver's errors into one clear line each.

A DSN is either a URI (``postgresql://user@host:5432/db``) or ``key=value`` words, as libpq
takes them; a password in it is never printed: messages name the user, host, port and
database only. The connection runs in autocommit mode, and every batch is an explicit
``conn.transaction()``, so one batch is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.errors import DiskFull, InsufficientPrivilege, LockNotAvailable, QueryCanceled
from psycopg.types.string import BytesBinaryDumper

from tellerguard.central.errors import CentralConnectionError, CentralError

Connection = psycopg.Connection[tuple[Any, ...]]
Error = psycopg.Error
sql_literal = sql.Literal
sql_identifier = sql.Identifier
SQL = sql.SQL

CONNECT_TIMEOUT = 10


def describe(dsn: str) -> str:
    """``user@host:port/db`` from a DSN, never its password; the DSN itself if unparsable."""
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "(unparsable DSN)"
    user = str(parts.get("user", ""))
    host = str(parts.get("host", "localhost"))
    port = str(parts.get("port", "5432"))
    db = str(parts.get("dbname", user))
    return f"{user + '@' if user else ''}{host}:{port}/{db}"


def _reason(exc: BaseException) -> str:
    """libpq's own reason, without the address it repeats and its indented hints: from
    "connection to server at "h", port 1 failed: Connection refused\n\tIs the server…"."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    failed = [line for line in lines if "failed:" in line]
    if failed:
        return failed[-1].split("failed:", 1)[1].strip()
    return lines[0] if lines else type(exc).__name__


def connect(dsn: str, *, application: str = "tellerguard") -> Connection:
    """A connection in autocommit mode; :class:`CentralConnectionError` with one line."""
    where = describe(dsn)
    if where == "(unparsable DSN)":
        raise CentralConnectionError(
            "--dsn: not a PostgreSQL connection string (expected postgresql://USER@HOST/DB "
            "or 'host=... dbname=...')"
        )
    try:
        conn = psycopg.connect(
            dsn,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
            application_name=application,
        )
    except psycopg.ProgrammingError as exc:
        raise CentralConnectionError(f"--dsn: invalid connection string: {_reason(exc)}") from None
    except psycopg.OperationalError as exc:
        reason = _reason(exc)
        if "password authentication failed" in reason:
            raise CentralConnectionError(
                f"central database {where}: wrong user name or password ({reason})"
            ) from None
        if "Connection refused" in reason or "No such file" in reason:
            reason += " — is the PostgreSQL server running and listening there?"
        raise CentralConnectionError(
            f"central database {where}: cannot connect: {reason}"
        ) from None
    # A binary COPY column typed bytea is dumped by whatever dumper was registered last for
    # that type: psycopg's DB-API ``Binary`` wrapper, in Python (1 µs a value, three or four
    # values an event). Ours are always plain bytes, which the C dumper takes directly.
    conn.adapters.register_dumper(bytes, BytesBinaryDumper)
    return conn


def where_of(conn: Connection) -> str:
    """``user@host:port/db`` of an open connection (never its password)."""
    info = conn.info
    return f"{info.user}@{info.host}:{info.port}/{info.dbname}"


def translate(exc: psycopg.Error, where: str) -> CentralError:
    """An error raised mid-way (server gone, disk full, no permission) as one line."""
    if isinstance(exc, DiskFull):  # not retried: it will not go away by itself
        return CentralError(
            f"central database {where}: the server's disk is full; nothing of this batch was "
            "stored (free space on the server, then run the command again: it carries on "
            "after the last batch stored)"
        )
    if isinstance(exc, InsufficientPrivilege):
        return CentralError(f"central database {where}: permission denied: {_reason(exc)}")
    if isinstance(exc, LockNotAvailable | QueryCanceled):
        return CentralConnectionError(f"central database {where}: timed out: {_reason(exc)}")
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return CentralConnectionError(
            f"central database {where}: the connection was lost ({_reason(exc)}); nothing of "
            "the unfinished batch was stored, run the command again"
        )
    return CentralError(f"central database {where}: {type(exc).__name__}: {_reason(exc)}")


@contextmanager
def translated(where: str) -> Iterator[None]:
    """Run a block, turning any driver error into a :class:`CentralError`."""
    try:
        yield
    except psycopg.Error as exc:
        raise translate(exc, where) from None
