"""The central schema, by migrations kept in the repository: numbered SQL files in
``tellerguard/central/migrations`` (``0001_central.sql``, ``0002_…``), applied in order and
recorded in ``schema_migrations`` with each file's SHA-256.

``central init`` applies what is missing, all in one transaction under an advisory lock, so
two administrators running it at once, or a kill half-way, leave the schema either as it was
or fully upgraded (PostgreSQL's DDL is transactional). A database that records a migration
this program does not have (a newer TellerGuard upgraded it) or one applied from a different
file is refused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources

from tellerguard.central.errors import CentralCheckFailed, CentralError
from tellerguard.central.pg import SQL, Connection

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_LOCK = 0x7467_6365  # "tgce": the advisory lock that serialises migrations


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def migrations() -> list[Migration]:
    """Every migration file shipped with the program, in order."""
    found = []
    for entry in resources.files("tellerguard.central").joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise AssertionError(f"central migrations are not numbered 1..n: {found}")
    return found


def _applied(conn: Connection) -> list[tuple[int, str, str]]:
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return []
    rows = conn.execute("SELECT version, name, sha256 FROM schema_migrations ORDER BY version")
    return [(int(v), str(n), str(s)) for v, n, s in rows]


def _check(applied: list[tuple[int, str, str]], known: list[Migration]) -> None:
    by_version = {m.version: m for m in known}
    for version, name, sha in applied:
        migration = by_version.get(version)
        if migration is None:
            raise CentralError(
                f"the central database has migration {name}, which this TellerGuard does not "
                "know: it was upgraded by a newer version; use that version"
            )
        if migration.sha256 != sha or migration.name != name:
            raise CentralCheckFailed(
                f"migration {name} was applied from a different file than this program's "
                f"{migration.name} (SHA-256 {sha[:16]}… ≠ {migration.sha256[:16]}…)"
            )


def upgrade(conn: Connection) -> list[str]:
    """Apply the missing migrations; the names applied (empty when up to date)."""
    known = migrations()
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
            "name text NOT NULL, sha256 text NOT NULL, "
            "applied_at timestamptz NOT NULL DEFAULT now(), "
            "applied_by text NOT NULL DEFAULT current_user)"
        )
        applied = _applied(conn)
        _check(applied, known)
        done = {v for v, _, _ in applied}
        names = []
        for migration in known:
            if migration.version in done:
                continue
            conn.execute(SQL(migration.text))  # our own files, not user input
            conn.execute(
                "INSERT INTO schema_migrations (version, name, sha256) VALUES (%s, %s, %s)",
                (migration.version, migration.name, migration.sha256),
            )
            names.append(migration.name)
    return names


def require_current(conn: Connection) -> None:
    """Refuse a database that was never initialised or lags behind this program."""
    applied = _applied(conn)
    known = migrations()
    if not applied:
        raise CentralError(
            "the central database has no TellerGuard schema: run 'tellerguard central init' first"
        )
    _check(applied, known)
    if len(applied) < len(known):
        missing = ", ".join(m.name for m in known[len(applied) :])
        raise CentralError(
            f"the central database lacks migrations {missing}: run 'tellerguard central init' "
            "to upgrade it"
        )
