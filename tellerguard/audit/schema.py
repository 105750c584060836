"""The audit store's schema: sqlite-utils migrations, and the check that a store's schema is
exactly what these migrations produce.

Design, and why:

* ``events`` keeps one canonical JSON record per row (``record``) with ``prev_hash`` and
  ``hash``. Every queryable column is a *generated* column computed by SQLite from the
  record, so it cannot drift from what is hashed and cannot be set by any statement. They
  are ``STORED`` (computed once, at insert) because exports read them for every row; a
  ``VIRTUAL`` column would re-parse the JSON on each read (measured: CSV export of a million
  events 13 s instead of 7 s). ``verify --deep`` re-derives them from the record, which
  catches a raw edit of the file that changes only a derived column.
* Triggers refuse UPDATE and DELETE on ``events`` and an INSERT that does not continue the
  chain; the writer connection also has an authorizer that refuses those statements, so
  neither the application nor the database allows them.
* ``users`` can be updated, but each insert or update must name (``event_seq``) the audit
  event just appended about that operator, so a change without its event is refused by the
  database; operators are never deleted.
* The table is ``STRICT``: a value of the wrong type is an error, not a silent conversion.

sqlite-utils 4.2.1 creates its bookkeeping table and that table's unique index in two
commits; a kill between them leaves the index missing for good (shared/DESIGN.md). So a new
store is set up inside one transaction: bookkeeping table, index, every migration, and the
first event commit together or not at all (``AuditStore`` does this).
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "tellerguard"
BOOKKEEPING_TABLE = Migrations.migrations_table

MIGRATIONS = Migrations(MIGRATION_SET)

# Queryable columns: name, type, JSON path into the record. Order is the column order.
DERIVED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("at", "TEXT NOT NULL", "$.at"),
    ("branch", "TEXT NOT NULL", "$.branch"),
    ("workstation", "TEXT NOT NULL", "$.workstation"),
    ("operator", "TEXT NOT NULL", "$.operator"),
    ("type", "TEXT NOT NULL", "$.type"),
    ("outcome", "TEXT NOT NULL", "$.outcome"),
    ("case_ref", "TEXT", "$.payload.case_ref"),
    ("kind", "TEXT", "$.payload.subject.kind"),
    ("level", "TEXT", "$.payload.level"),
    ("decision", "TEXT", "$.payload.decision"),
    ("id_hmac", "TEXT", "$.payload.subject.id_number.h"),
    ("card_hmac", "TEXT", "$.payload.subject.payee_account.h"),
    ("id_type", "TEXT", "$.payload.subject.id_type"),
    ("customer_name", "TEXT", "$.payload.subject.name.m"),
    ("customer_id", "TEXT", "$.payload.subject.id_number.m"),
    ("customer_phone", "TEXT", "$.payload.subject.phone.m"),
    ("amount", "TEXT", "$.payload.subject.amount"),
    ("payee_name", "TEXT", "$.payload.subject.payee_name.m"),
    ("payee_account", "TEXT", "$.payload.subject.payee_account.m"),
    ("supervisor", "TEXT", "$.payload.supervisor"),
    ("reason", "TEXT", "$.payload.reason.m"),
    ("subject_user", "TEXT", "$.payload.user.username"),
)
# Derived by an expression rather than a plain path: the rule ids as 规则A、规则B, and the
# rule pack as id@version.
DERIVED_EXPRESSIONS: tuple[tuple[str, str, str], ...] = (
    (
        "rule_ids",
        "TEXT",
        "replace(replace(replace(replace(record ->> '$.payload.rule_ids', '\",\"', '、'), "
        "'[\"', ''), '\"]', ''), '[]', '')",
    ),
    (
        "rule_pack",
        "TEXT",
        "(record ->> '$.payload.rule_pack.id') || '@' || "
        "(record ->> '$.payload.rule_pack.version')",
    ),
)


PLAIN_PAYLOAD_PATHS: tuple[tuple[str, ...], ...] = (
    ("case_ref",),
    ("subject", "kind"),
    ("level",),
    ("decision",),
    ("subject", "id_type"),
    ("subject", "id_number", "m"),
    ("subject", "phone", "m"),
    ("subject", "amount"),
    ("subject", "payee_account", "m"),
    ("rule_ids",),
    ("supervisor",),
    ("user", "username"),
)
"""Payload values behind derived columns that a masked CSV export writes without quoting
(formatting a million rows in SQL is 30 % faster than Python's csv module). The store refuses
an event in which one of them holds a comma, a double quote or a line break."""

PLAIN_COLUMNS = frozenset(
    {
        "seq",
        "at",
        "branch",
        "workstation",
        "operator",
        "type",
        "outcome",
        "case_ref",
        "kind",
        "level",
        "decision",
        "id_type",
        "customer_id",
        "customer_phone",
        "amount",
        "payee_account",
        "rule_ids",
        "supervisor",
        "subject_user",
    }
)
"""Columns that never hold a CSV special character: envelope fields the store itself writes
(validated patterns and enumerations) and the payload values of ``PLAIN_PAYLOAD_PATHS``."""

_CSV_SPECIAL = frozenset(',"\r\n')
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell starts that Excel, LibreOffice and WPS run as a formula (=HYPERLINK(...),
+cmd|calc, @SUM(A1), -2+3), even masked ("=****"): refused in the unquoted export columns,
defused with a leading apostrophe in the others (``tellerguard.audit.export.defuse``)."""


def unplain_payload_value(payload: dict[str, object]) -> str | None:
    """The path of the first ``PLAIN_PAYLOAD_PATHS`` value holding a CSV special character or
    starting like a spreadsheet formula (those columns are exported without quoting)."""
    for path in PLAIN_PAYLOAD_PATHS:
        node: object = payload
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        values = node if isinstance(node, list) else [node]
        for value in values:
            if isinstance(value, str) and (
                not _CSV_SPECIAL.isdisjoint(value) or value.startswith(FORMULA_STARTS)
            ):
                return "payload." + ".".join(path)
    return None


def derived_expression(name: str) -> str:
    """The SQL that computes a derived column from ``record``."""
    for column, _, path in DERIVED_COLUMNS:
        if column == name:
            return f"(record ->> '{path}')"
    for column, _, expression in DERIVED_EXPRESSIONS:
        if column == name:
            return f"({expression})"
    raise KeyError(name)


DERIVED_NAMES: tuple[str, ...] = tuple(c[0] for c in DERIVED_COLUMNS + DERIVED_EXPRESSIONS)


def _events_table_sql() -> str:
    # The record goes last: it is usually longer than a page's local payload, and SQLite
    # reads a column by walking the row from its start, so every column placed after the
    # record would cost a walk through its overflow pages on each read (measured: the chain
    # trigger's lookup of the last hash alone doubled the insert time).
    columns = [
        "seq INTEGER PRIMARY KEY",
        "prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32)",
        "hash BLOB NOT NULL CHECK (length(hash) = 32)",
    ]
    columns += [
        f"{name} {kind} AS (record ->> '{path}') STORED" for name, kind, path in DERIVED_COLUMNS
    ]
    columns += [
        f"{name} {kind} AS ({expression}) STORED" for name, kind, expression in DERIVED_EXPRESSIONS
    ]
    columns.append("record TEXT NOT NULL CHECK (json_valid(record))")
    return "CREATE TABLE events (\n    " + ",\n    ".join(columns) + "\n) STRICT"


EVENTS_DDL: tuple[str, ...] = (
    _events_table_sql(),
    "CREATE INDEX events_at ON events (at)",
    "CREATE INDEX events_type_at ON events (type, at)",
    "CREATE INDEX events_id_hmac ON events (id_hmac) WHERE id_hmac IS NOT NULL",
    "CREATE INDEX events_card_hmac ON events (card_hmac) WHERE card_hmac IS NOT NULL",
    "CREATE INDEX events_case_ref ON events (case_ref) WHERE case_ref IS NOT NULL",
    "CREATE INDEX events_subject_user ON events (subject_user, seq) WHERE subject_user IS NOT NULL",
    """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: UPDATE is refused');
END""",
    """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only: DELETE is refused');
END""",
    # AFTER, not BEFORE: a BEFORE trigger makes SQLite compute every generated column one
    # extra time (measured: it doubled the cost of an insert).
    """CREATE TRIGGER events_append_in_order AFTER INSERT ON events
WHEN NEW.seq IS NOT (SELECT max(seq) FROM events)
  OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM events WHERE seq = NEW.seq - 1),
                                   CASE WHEN NEW.seq = 1 THEN zeroblob(32) END)
BEGIN
    SELECT RAISE(ABORT, 'audit events must continue the chain: wrong seq or prev_hash');
END""",
)

USERS_DDL: tuple[str, ...] = (
    """CREATE TABLE users (
    username TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('teller', 'supervisor', 'rule_admin', 'it_admin')),
    password_hash TEXT NOT NULL,
    must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
    failed_logins INTEGER NOT NULL CHECK (failed_logins >= 0),
    locked INTEGER NOT NULL CHECK (locked IN (0, 1)),
    disabled INTEGER NOT NULL CHECK (disabled IN (0, 1)),
    event_seq INTEGER NOT NULL
) STRICT""",
    """CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
BEGIN
    SELECT RAISE(ABORT, 'operators are disabled, never deleted');
END""",
    """CREATE TRIGGER users_insert_recorded BEFORE INSERT ON users
WHEN NEW.event_seq IS NOT (SELECT max(seq) FROM events)
  OR (SELECT subject_user FROM events WHERE seq = NEW.event_seq) IS NOT NEW.username
BEGIN
    SELECT RAISE(ABORT, 'a change to an operator needs its audit event in the same transaction');
END""",
    """CREATE TRIGGER users_update_recorded BEFORE UPDATE ON users
WHEN NEW.event_seq IS NOT (SELECT max(seq) FROM events)
  OR NEW.event_seq = OLD.event_seq
  OR NEW.username IS NOT OLD.username
  OR (SELECT subject_user FROM events WHERE seq = NEW.event_seq) IS NOT NEW.username
BEGIN
    SELECT RAISE(ABORT, 'a change to an operator needs its audit event in the same transaction');
END""",
)


LIST_EVENT_TYPES = ("list_imported", "list_expired")
_LIST_EVENT = (
    "(SELECT type FROM events WHERE seq = NEW.event_seq) NOT IN "
    + "("
    + ", ".join(f"'{t}'" for t in LIST_EVENT_TYPES)
    + ")"
)

RISK_LISTS_DDL: tuple[str, ...] = (
    # One row per list: what its last import or expiry event says. The entries hold keyed
    # hashes only (HMAC-SHA256 with the branch lookup key), never a number in the clear.
    """CREATE TABLE risk_lists (
    list_id TEXT PRIMARY KEY,
    key_kind TEXT NOT NULL CHECK (key_kind IN ('account', 'id_number', 'phone', 'name_and_id')),
    title TEXT NOT NULL,
    issuer TEXT NOT NULL,
    version TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    entries INTEGER NOT NULL CHECK (entries >= 0),
    content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
    event_seq INTEGER NOT NULL
) STRICT""",
    # Categories and source references repeat across a list's entries: each text is stored
    # once and an entry names it by number (half the bytes of a million-entry list).
    """CREATE TABLE risk_list_labels (
    label INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
) STRICT""",
    """CREATE TABLE risk_list_entries (
    list_id TEXT NOT NULL,
    h BLOB NOT NULL CHECK (length(h) = 32),
    category INTEGER NOT NULL,
    source INTEGER NOT NULL,
    expires TEXT,
    PRIMARY KEY (list_id, h)
) STRICT, WITHOUT ROWID""",
    f"""CREATE TRIGGER risk_lists_insert_recorded BEFORE INSERT ON risk_lists
WHEN NEW.event_seq IS NOT (SELECT max(seq) FROM events) OR {_LIST_EVENT}
BEGIN
    SELECT RAISE(ABORT, 'a change to a risk list needs its audit event in the same transaction');
END""",
    f"""CREATE TRIGGER risk_lists_update_recorded BEFORE UPDATE ON risk_lists
WHEN NEW.event_seq IS NOT (SELECT max(seq) FROM events) OR NEW.event_seq = OLD.event_seq
  OR NEW.list_id IS NOT OLD.list_id OR {_LIST_EVENT}
BEGIN
    SELECT RAISE(ABORT, 'a change to a risk list needs its audit event in the same transaction');
END""",
    """CREATE TRIGGER risk_lists_never_deleted BEFORE DELETE ON risk_lists
BEGIN
    SELECT RAISE(ABORT, 'risk lists are replaced or emptied by an import, never deleted');
END""",
)


TAGS_TRIGGER = "events_tags_derived"
"""The only statement allowed to insert into ``event_tags`` (the writer's authorizer checks)."""
_TAGS_OF_NEW = (
    "SELECT DISTINCT tag.value, NEW.at, NEW.seq "
    "FROM json_each(NEW.record, '$.payload.hits') AS hit, "
    "json_each(hit.value, '$.tags') AS tag"
)
DERIVED_TAGS_SQL = (
    "SELECT DISTINCT tag.value, e.at, e.seq FROM events AS e, "
    "json_each(e.record, '$.payload.hits') AS hit, json_each(hit.value, '$.tags') AS tag "
    "WHERE e.type = 'assessment_shown'"
)
"""Every ``event_tags`` row the records imply (``verify --deep`` compares)."""
CONSOLE_DDL: tuple[str, ...] = (
    # The console filters on these and pages by (at, seq) inside each: an index per filter
    # whose entries are ordered by time serves both the filter and the keyset order, and its
    # entries alone answer "which row is 500,000th" (see audit/log_queries.py).
    "CREATE INDEX events_operator_at ON events (operator, at)",
    "CREATE INDEX events_level_at ON events (level, at) WHERE level IS NOT NULL",
    "CREATE INDEX events_decision_at ON events (decision, at) WHERE decision IS NOT NULL",
    # A hit's tags are a list inside a list of the record, which no index on ``events`` can
    # serve: each assessment's distinct tags get a row here, written by the trigger from the
    # record in the same transaction (never by the application), append-only like events.
    """CREATE TABLE event_tags (
    tag TEXT NOT NULL,
    at TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (tag, at, seq)
) STRICT, WITHOUT ROWID""",
    f"""CREATE TRIGGER {TAGS_TRIGGER} AFTER INSERT ON events
WHEN NEW.type = 'assessment_shown'
BEGIN
    INSERT INTO event_tags (tag, at, seq) {_TAGS_OF_NEW};
END""",
    """CREATE TRIGGER event_tags_no_update BEFORE UPDATE ON event_tags
BEGIN
    SELECT RAISE(ABORT, 'event tags are derived from the records: UPDATE is refused');
END""",
    """CREATE TRIGGER event_tags_no_delete BEFORE DELETE ON event_tags
BEGIN
    SELECT RAISE(ABORT, 'event tags are derived from the records: DELETE is refused');
END""",
    # The store's existing assessments, as the trigger would have tagged them.
    f"INSERT INTO event_tags (tag, at, seq) {DERIVED_TAGS_SQL}",
)


# -- 0005: the lean record (docs/AUDIT.md) -------------------------------------------------
LEAN_COLUMNS: tuple[str, ...] = DERIVED_NAMES
"""The queryable columns, now real columns that the store writes at insert from the record it
is appending (``derive_columns``) instead of STORED generated columns: SQLite cannot read a
compressed record, and writing them costs nothing extra. ``verify --deep`` re-derives each
from the record and reports a row whose column differs."""


def _lean_events_sql(name: str) -> str:
    columns = [
        "seq INTEGER PRIMARY KEY",
        "prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32)",
        "hash BLOB NOT NULL CHECK (length(hash) = 32)",
    ]
    kinds = {c[0]: c[1] for c in DERIVED_COLUMNS + DERIVED_EXPRESSIONS}
    kinds.update({column: "BLOB CHECK (length(" + column + ") = 32)" for column in BINARY_COLUMNS})
    columns += [f"{column} {kinds[column]}" for column in LEAN_COLUMNS]
    # The stored record: canonical JSON text or a zstd frame of it (tellerguard.audit.record);
    # last, as before, so reading a column never walks the record's overflow pages.
    # ANY, not BLOB: a STRICT BLOB column would refuse a text value before the append-only
    # trigger could say why an UPDATE is refused.
    columns.append(
        "record ANY NOT NULL CHECK (typeof(record) = 'blob' AND (substr(record, 1, 1) = X'7B' "
        "OR substr(record, 1, 4) = X'28B52FFD'))"
    )
    return f"CREATE TABLE {name} (\n    " + ",\n    ".join(columns) + "\n) STRICT"


BINARY_COLUMNS = ("id_hmac", "card_hmac")
"""The lookup hashes, kept as their 32 bytes rather than 64 hex characters (half the bytes in
the row and in its two indexes); the record keeps the hex text."""
HEX_TO_BLOB = "tg_unhex"
"""SQL function the lean migration converts the old hex columns with (SQLite 3.40 has no
``unhex``); registered on the writer connection and where the migrations are run."""


def hex_to_blob(value: object) -> bytes | None:
    """``tg_unhex``: the bytes of a lowercase hex text, None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        return bytes.fromhex(value)
    except ValueError:
        return None


def lookup_bytes(hex_text: str) -> bytes:
    """A lookup hash as the column stores it (a malformed one matches nothing)."""
    return hex_to_blob(hex_text) or b""


_REFERS_TO_EVENTS = (
    "users_insert_recorded",
    "users_update_recorded",
    "risk_lists_insert_recorded",
    "risk_lists_update_recorded",
)
"""Triggers of other tables that read ``events``: dropped while the table is rebuilt and made
again with the same text (SQLite refuses to rename a table over triggers naming a missing one)."""

LEAN_DDL: tuple[str, ...] = (
    f"DROP TRIGGER {TAGS_TRIGGER}",
    *(f"DROP TRIGGER {name}" for name in _REFERS_TO_EVENTS),
    _lean_events_sql("events_lean"),
    # Existing rows keep their record bytes exactly (so their hashes and every checkpoint
    # stay valid) and their column values as SQLite derived them.
    "INSERT INTO events_lean (seq, prev_hash, hash, "
    + ", ".join(LEAN_COLUMNS)
    + ", record) SELECT seq, prev_hash, hash, "
    + ", ".join(f"{HEX_TO_BLOB}({c})" if c in BINARY_COLUMNS else c for c in LEAN_COLUMNS)
    + ", CAST(record AS BLOB) FROM events ORDER BY seq",
    "DROP TABLE events",
    "ALTER TABLE events_lean RENAME TO events",
    *(s for s in EVENTS_DDL[1:]),
    *(s for s in CONSOLE_DDL[:3]),
    *(
        s
        for s in USERS_DDL + RISK_LISTS_DDL
        if any(f"TRIGGER {n} " in s for n in _REFERS_TO_EVENTS)
    ),
)
"""The lean events table. Tags are written by the store in the append's transaction."""


_DERIVED_PATHS: tuple[tuple[bool, tuple[str, ...]], ...] = tuple(
    (column in BINARY_COLUMNS, tuple(path[2:].split("."))) for column, _, path in DERIVED_COLUMNS
)
"""Each derived column's JSON path split once (``$.a.b`` → ``("a", "b")``) and whether it is
kept as bytes: splitting per record was a third of ``derive_columns``, which every append,
``--deep`` verify and central ingest runs once per event (issue 13/16)."""


def derive_columns(record: dict[str, object]) -> tuple[object, ...]:
    """The values of ``LEAN_COLUMNS`` for a decoded record, exactly as the SQL expressions of
    the generated columns computed them (``->>`` gives NULL for a missing path or JSON null)."""
    values: list[object] = []
    for binary, parts in _DERIVED_PATHS:
        node: object = record
        for part in parts:
            node = node.get(part) if isinstance(node, dict) else None
        values.append(hex_to_blob(node) if binary else _sql_text(node))
    payload = record.get("payload")
    payload = payload if isinstance(payload, dict) else {}
    rule_ids = payload.get("rule_ids")
    values.append(
        "、".join(str(r) for r in rule_ids) if isinstance(rule_ids, list) else _sql_text(rule_ids)
    )
    pack = payload.get("rule_pack")
    if isinstance(pack, dict) and pack.get("id") is not None and pack.get("version") is not None:
        values.append(f"{_sql_text(pack['id'])}@{_sql_text(pack['version'])}")
    else:
        values.append(None)
    return tuple(values)


def _sql_text(value: object) -> object:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def derive_tags(record: dict[str, object]) -> list[str]:
    """The ``event_tags`` of a decoded record: each distinct tag of an assessment's hits."""
    if record.get("type") != "assessment_shown":
        return []
    payload = record.get("payload")
    hits = payload.get("hits") if isinstance(payload, dict) else None
    tags: dict[str, None] = {}
    for hit in hits if isinstance(hits, list) else []:
        for tag in hit.get("tags", []) if isinstance(hit, dict) else []:
            tags[str(tag)] = None
    return list(tags)


def _run(db: Database, statements: Iterable[str]) -> None:
    for statement in statements:
        db.execute(statement)


@MIGRATIONS(name="0001_events")
def _m0001_events(db: Database) -> None:
    _run(db, EVENTS_DDL)


@MIGRATIONS(name="0002_users")
def _m0002_users(db: Database) -> None:
    _run(db, USERS_DDL)


@MIGRATIONS(name="0003_risk_lists")
def _m0003_risk_lists(db: Database) -> None:
    _run(db, RISK_LISTS_DDL)


@MIGRATIONS(name="0004_console")
def _m0004_console(db: Database) -> None:
    _run(db, CONSOLE_DDL)


@MIGRATIONS(name="0005_lean_record")
def _m0005_lean_record(db: Database) -> None:
    _run(db, LEAN_DDL)


@MIGRATIONS(name="0006_record_dictionary_2")
def _m0006_record_dictionary_2(db: Database) -> None:
    # Nothing in the schema changes: the store_migrated event that records this migration
    # carries the packaged dictionary 2 (audit/record.py), and every later record is
    # compressed with it. The records before stay byte for byte as they are (dictionary 1,
    # which the store carries in its own chain).
    del db


MIGRATION_NAMES: tuple[str, ...] = (
    "0001_events",
    "0002_users",
    "0003_risk_lists",
    "0004_console",
    "0005_lean_record",
    "0006_record_dictionary_2",
)
"""Every migration in order; a new one is appended here and registered above."""


def applied_migrations(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """``(set, name)`` of every applied migration in order; empty when there is no table."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (BOOKKEEPING_TABLE,)
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(f"SELECT migration_set, name FROM {BOOKKEEPING_TABLE} ORDER BY id")
    return [(str(s), str(n)) for s, n in rows]


SchemaRow = tuple[str, str, str, str | None]


@functools.cache
def expected_schema(applied: int) -> frozenset[SchemaRow]:
    """``sqlite_master`` rows (type, name, table, sql) that the first ``applied`` migrations
    produce, computed by running them on an in-memory database: the program's own truth.
    The bookkeeping table is left out (see :func:`schema_problems`)."""
    db = Database(memory=True, execute_plugins=False)
    db.conn.create_function(HEX_TO_BLOB, 1, hex_to_blob, deterministic=True)
    try:
        with db.atomic():
            MIGRATIONS.ensure_migrations_table(db)
        stop = MIGRATION_NAMES[applied] if applied < len(MIGRATION_NAMES) else None
        MIGRATIONS.apply(db, stop_before=stop)
        return frozenset(_our_objects(db.conn))
    finally:
        db.close()


def _our_objects(conn: sqlite3.Connection) -> list[SchemaRow]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    return [(str(t), str(n), str(tb), s) for t, n, tb, s in rows if tb != BOOKKEEPING_TABLE]


def schema_problems(conn: sqlite3.Connection) -> list[str]:
    """What differs between a store's schema and what the program's migrations produce.

    Our own objects (tables, generated columns, indexes, triggers) must match exactly, SQL
    text included: an edited trigger is tampering. sqlite-utils' bookkeeping table is checked
    by structure (its columns and its unique index), since its SQL text is sqlite-utils'
    to choose and may change between versions.
    """
    problems: list[str] = []
    applied = applied_migrations(conn)
    names = [name for _, name in applied]
    for migration_set, name in applied:
        if migration_set != MIGRATION_SET:
            problems.append(f"unknown migration set {migration_set!r} (migration {name!r})")
    if names != list(MIGRATION_NAMES[: len(names)]):
        known = [n for n in names if n in MIGRATION_NAMES]
        unknown = [n for n in names if n not in MIGRATION_NAMES]
        if unknown:
            problems.append(
                f"unknown migrations {', '.join(unknown)}: the store was changed "
                "by a newer TellerGuard or by hand"
            )
        else:
            problems.append(f"migrations recorded out of order: {', '.join(known)}")
        return problems
    if not names:
        problems.append("no migrations recorded: not a TellerGuard audit store")
        return problems
    expected = expected_schema(len(names))
    actual = frozenset(_our_objects(conn))
    for row in sorted(expected - actual, key=lambda r: (r[0], r[1])):
        twin = [a for a in actual if a[0] == row[0] and a[1] == row[1]]
        if twin:
            problems.append(f"{row[0]} {row[1]}: definition differs from the program's migrations")
        else:
            problems.append(f"{row[0]} {row[1]}: missing")
    expected_names = {(r[0], r[1]) for r in expected}
    for row in sorted(actual - expected, key=lambda r: (r[0], r[1])):
        if (row[0], row[1]) not in expected_names:
            problems.append(f"{row[0]} {row[1]}: not created by the program's migrations")
    problems.extend(_bookkeeping_problems(conn))
    return problems


def _bookkeeping_problems(conn: sqlite3.Connection) -> list[str]:
    problems = []
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({BOOKKEEPING_TABLE})")]
    if columns != ["id", "migration_set", "name", "applied_at"]:
        problems.append(f"table {BOOKKEEPING_TABLE}: unexpected columns {columns}")
    unique = False
    for _, index, is_unique, *_ in conn.execute(f"PRAGMA index_list({BOOKKEEPING_TABLE})"):
        indexed = [row[2] for row in conn.execute(f'PRAGMA index_info("{index}")')]
        unique = unique or (bool(is_unique) and indexed == ["migration_set", "name"])
    if not unique:
        problems.append(f"table {BOOKKEEPING_TABLE}: unique index on (migration_set, name) missing")
    others = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE tbl_name = ? "
        "AND type NOT IN ('table', 'index')",
        (BOOKKEEPING_TABLE,),
    ).fetchall()
    problems.extend(
        f"{kind} {name}: not created by the program's migrations" for kind, name in others
    )
    return problems
