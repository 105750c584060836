"""The centre's checks on one bundle (one batch), and its storage in one transaction.

In order, before anything is stored:

1. the bundle's key must be enrolled for the branch and workstation it names (``central
   enroll``), and its signature must hold over a body whose SHA-256 it states;
2. a bundle id is accepted once: a replayed bundle is refused;
3. under the store's row lock, the head the workstation claims and every event that overlaps
   what the centre holds must equal what it holds: otherwise the history diverges (rewritten,
   truncated, or a store re-created with the same id), which is recorded as a fork in its own
   transaction and refused — never merged;
4. the new events must continue the held chain (seq = head + 1, prev_hash = head hash) and
   each hash must recompute from its record bytes; each record must be the store's (branch,
   workstation) and parse as JSON; the first event of a new store must be its
   ``store_created`` naming the enrolled key;
5. every checkpoint must be this store's, signed by the enrolled key, and pin a held event.

The events go in with binary COPY, with the columns the workstation read out of its records
(signed with the batch; :mod:`tellerguard.central.columns`); then the database's own
``accept_batch`` re-checks the chain once for the whole batch and advances the head; the
transaction commits all of the bundle or none of it. A
clock that went backwards is accepted (the chain is the workstation's truth), recorded as an
anomaly and reported.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from tellerguard.audit.canonical import GENESIS, chain_hash
from tellerguard.audit.store import StoredEvent
from tellerguard.central.bundle import Bundle
from tellerguard.central.columns import (
    EVENT_COLUMNS,
    EVENT_TYPES,
    Columns,
    check_shape,
    decode_columns,
    event_time,
    parse_record,
    read_record,
    stored_row,
)
from tellerguard.central.errors import ForkRefused, IngestRefused
from tellerguard.central.pg import Connection, Error, translate, where_of
from tellerguard.domain.clock import SHANGHAI

COPY_EVENTS = f"COPY events ({', '.join(EVENT_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
COPY_LOOKUPS = "COPY lookups (key_id, kind, hmac, store_id, seq, at) FROM STDIN (FORMAT BINARY)"
LOOKUP_TYPES = ["text", "text", "bytea", "uuid", "int8", "timestamptz"]
# Binary COPY: psycopg's C dumpers write it for about 7 µs a row, against 18 µs for text
# (which also doubles every record's bytes into hex for the server to decode back).


@dataclass(slots=True)
class IngestOutcome:
    store_id: str
    accepted: int = 0
    skipped: int = 0
    checkpoints: int = 0
    lookups: int = 0
    head_seq: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Held:
    public_key: bytes
    branch: str
    workstation: str
    head_seq: int
    head_hash: bytes


@dataclass(frozen=True, slots=True)
class Rows:
    """A batch's events with their columns and times, in seq order."""

    events: Sequence[StoredEvent]
    columns: Sequence[Columns]
    times: Sequence[datetime]


def batch_rows(bundle: Bundle) -> Rows:
    """The columns the workstation carried (checked for shape), or, for a bundle without
    them, read out of the records here (:func:`tellerguard.central.columns.read_record`)."""
    events = bundle.events
    if bundle.columns:
        columns = decode_columns(bundle.columns, len(events))
        for event, row in zip(events, columns, strict=True):
            check_shape(event.seq, row)
    else:
        columns = [read_record(e.seq, e.record).columns for e in events]
    times = [event_time(e.seq, row[0]) for e, row in zip(events, columns, strict=True)]
    return Rows(events, columns, times)


def months_of(times: Iterable[datetime]) -> set[date]:
    """The Asia/Shanghai months of the records' times (their partitions)."""
    months = set()
    for moment in times:
        local = moment.astimezone(SHANGHAI)
        months.add(date(local.year, local.month, 1))
    return months


_MADE: weakref.WeakKeyDictionary[Connection, set[date]] = weakref.WeakKeyDictionary()


def ensure_partitions(conn: Connection, months: set[date]) -> None:
    """Create missing monthly partitions, each in its own short transaction (so a batch's
    transaction never holds the parent table's lock); a month this connection has seen made
    is not asked again (one round trip and a catalog look-up less per batch)."""
    made = _MADE.setdefault(conn, set())
    for month in sorted(months - made):
        conn.execute("SELECT ensure_event_partition(%s)", (month,))
        made.add(month)


def check_signature(conn: Connection, bundle: Bundle) -> None:
    header = bundle.header
    row = conn.execute(
        "SELECT branch, workstation FROM workstations WHERE public_key = %s",
        (bytes.fromhex(header.public_key),),
    ).fetchone()
    if row is None:
        raise IngestRefused(
            f"bundle from an unknown workstation: branch {header.branch}, workstation "
            f"{header.workstation}, key {header.public_key[:16]}… is not enrolled at the centre "
            "(tellerguard central enroll)"
        )
    if (row[0], row[1]) != (header.branch, header.workstation):
        raise IngestRefused(
            f"bundle names branch {header.branch} workstation {header.workstation}, but its "
            f"key is enrolled for branch {row[0]} workstation {row[1]}"
        )
    if not header.signature_holds():
        raise IngestRefused(
            f"bundle {header.bundle_id}: its signature does not hold: forged or altered"
        )
    if not bundle.body_holds():
        raise IngestRefused(
            f"bundle {header.bundle_id}: its events or checkpoints differ from what the "
            "signed header states: altered after signing"
        )


def _chain_problem(events: Sequence[StoredEvent], prev_seq: int, prev_hash: bytes) -> str | None:
    for event in events:
        if event.seq != prev_seq + 1:
            return f"seq {event.seq} follows seq {prev_seq}: events missing or out of order"
        if event.prev_hash != prev_hash:
            return f"seq {event.seq}: prev_hash is not the hash of seq {prev_seq}"
        if chain_hash(event.prev_hash, event.seq, event.record) != event.hash:
            return f"seq {event.seq}: the hash does not match the record bytes"
        prev_seq, prev_hash = event.seq, event.hash
    return None


class Fork(Exception):
    def __init__(self, kind: str, seq: int, held: bytes | None, offered: bytes | None, why: str):
        super().__init__(why)
        self.kind, self.seq, self.held, self.offered, self.why = kind, seq, held, offered, why


def _held_hashes(conn: Connection, store_id: str, low: int, high: int) -> dict[int, bytes]:
    rows = conn.execute(
        "SELECT seq, hash FROM events WHERE store_id = %s AND seq BETWEEN %s AND %s",
        (store_id, low, high),
    )
    return {int(s): bytes(h) for s, h in rows}


def _lock_store(conn: Connection, bundle: Bundle) -> Held | None:
    row = conn.execute(
        "SELECT public_key, branch, workstation, head_seq, head_hash FROM stores "
        "WHERE store_id = %s FOR UPDATE",
        (bundle.header.store_id,),
    ).fetchone()
    if row is None:
        return None
    return Held(bytes(row[0]), row[1], row[2], int(row[3]), bytes(row[4]))


def _register(conn: Connection, bundle: Bundle) -> Held:
    """A store the centre has never seen: its first event must be its ``store_created``."""
    header = bundle.header
    first = bundle.events[0] if bundle.events else None
    if first is None or first.seq != 1:
        raise IngestRefused(
            f"store {header.store_id} is new to the centre, but the bundle starts at seq "
            f"{header.first_seq}: ship it from seq 1"
        )
    data = parse_record(first.seq, first.record)
    payload = data.get("payload")
    if data["type"] != "store_created" or not isinstance(payload, dict):
        raise IngestRefused(f"store {header.store_id}: seq 1 is not store_created")
    expected = {
        "store_id": header.store_id,
        "signing_key": header.public_key,
        "branch": header.branch,
        "workstation": header.workstation,
    }
    for name, value in expected.items():
        if payload.get(name) != value:
            raise IngestRefused(
                f"store {header.store_id}: store_created names {name} "
                f"{str(payload.get(name))[:64]!r}, the bundle {value!r}"
            )
    conn.execute(
        "INSERT INTO stores (store_id, public_key, branch, branch_name, region, workstation, "
        "key_id) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (
            header.store_id,
            bytes.fromhex(header.public_key),
            header.branch,
            str(payload.get("branch_name", "")),
            str(payload.get("region", "")),
            header.workstation,
            str(payload.get("key_id", "")),
        ),
    )
    return Held(bytes.fromhex(header.public_key), header.branch, header.workstation, 0, GENESIS)


def _check_history(conn: Connection, bundle: Bundle, held: Held) -> list[StoredEvent]:
    """Raise :class:`Fork` when the bundle's history differs from the held one; the events
    that are new to the centre otherwise."""
    header = bundle.header
    claimed = bytes.fromhex(header.head_hash)
    if header.head_seq <= held.head_seq:
        hashes = _held_hashes(conn, header.store_id, header.head_seq, header.head_seq)
        held_at = hashes.get(header.head_seq, GENESIS if header.head_seq == 0 else None)
        if held_at != claimed:
            raise Fork(
                "rewritten" if header.head_seq > 1 else "recreated",
                header.head_seq,
                held_at,
                claimed,
                f"the workstation's event {header.head_seq} differs from the one the centre "
                "holds: its history was rewritten (or the store re-created with the same id)",
            )
        if header.kind == "ship" and header.head_seq < held.head_seq:
            raise Fork(
                "truncated",
                header.head_seq,
                held.head_hash,
                claimed,
                f"the workstation's store ends at seq {header.head_seq} but the centre holds "
                f"up to seq {held.head_seq}: events were removed from the workstation",
            )
    overlap = [e for e in bundle.events if e.seq <= held.head_seq]
    if overlap:
        hashes = _held_hashes(conn, header.store_id, overlap[0].seq, overlap[-1].seq)
        for event in overlap:
            if hashes.get(event.seq) != event.hash:
                raise Fork(
                    "recreated" if event.seq == 1 else "rewritten",
                    event.seq,
                    hashes.get(event.seq),
                    event.hash,
                    f"event {event.seq} differs from the one the centre holds: the "
                    "workstation's history was rewritten",
                )
    fresh = [e for e in bundle.events if e.seq > held.head_seq]
    if fresh and fresh[0].seq == held.head_seq + 1 and fresh[0].prev_hash != held.head_hash:
        raise Fork(
            "rewritten",
            held.head_seq,
            held.head_hash,
            fresh[0].prev_hash,
            f"event {fresh[0].seq} does not chain to the centre's event {held.head_seq}: the "
            "workstation's history before it was rewritten",
        )
    return fresh


def _checkpoints(conn: Connection, bundle: Bundle, held: Held) -> int:
    header = bundle.header
    stored = 0
    for checkpoint in bundle.checkpoints:
        name = f"checkpoint of {checkpoint.day} (seq {checkpoint.seq})"
        if checkpoint.store_id != header.store_id:
            raise IngestRefused(f"{name} belongs to store {checkpoint.store_id}, not this one")
        if not checkpoint.signature_holds(held.public_key.hex()):
            raise IngestRefused(
                f"{name}: not signed by this workstation's enrolled key: forged checkpoint"
            )
        hashes = _held_hashes(conn, header.store_id, checkpoint.seq, checkpoint.seq)
        if hashes.get(checkpoint.seq) != bytes.fromhex(checkpoint.hash):
            raise IngestRefused(f"{name} pins an event the centre does not hold with that hash")
        cur = conn.execute(
            "INSERT INTO checkpoints (store_id, day, seq, hash, sealed_at, body) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (
                header.store_id,
                date.fromisoformat(checkpoint.day),
                checkpoint.seq,
                bytes.fromhex(checkpoint.hash),
                checkpoint.sealed_at,
                checkpoint.text().encode("utf-8"),
            ),
        )
        stored += cur.rowcount
    return stored


def _lookups(conn: Connection, bundle: Bundle, rows: Rows, held_before: int, head_seq: int) -> int:
    """Store the bank lookups of events this store's lookups under that key have not yet
    covered, and advance how far they cover (``held_before``: the store's head before this
    batch; ``head_seq``: after it)."""
    header = bundle.header
    if not header.lookup_key_id:
        return 0
    known = conn.execute(
        "SELECT retired_at FROM lookup_keys WHERE key_id = %s", (header.lookup_key_id,)
    ).fetchone()
    if known is None:
        raise IngestRefused(
            f"the bundle's lookups are under bank lookup key {header.lookup_key_id}, which the "
            "centre does not know (tellerguard central init --lookup-key FILE registers it)"
        )
    row = conn.execute(
        "SELECT through_seq FROM lookup_progress WHERE store_id = %s AND key_id = %s FOR UPDATE",
        (header.store_id, header.lookup_key_id),
    ).fetchone()
    through = int(row[0]) if row else 0
    wanted = [lookup for lookup in bundle.lookups if lookup[0] > through]
    if any(seq > head_seq for seq, _, _ in wanted):
        raise IngestRefused("the bundle has lookups for events the centre does not hold")
    if wanted:
        # The events' times, the partition key ``find`` joins on: those this batch has just
        # stored from what it carries, without reading them back; those the centre held
        # before (lookups re-sent under a new key) as it holds them.
        times: dict[int, datetime] = {
            e.seq: moment
            for e, moment in zip(rows.events, rows.times, strict=True)
            if e.seq > held_before
        }
        lowest = min(seq for seq, _, _ in wanted)
        if lowest <= held_before:
            times.update(
                conn.execute(
                    "SELECT seq, at FROM events WHERE store_id = %s AND seq BETWEEN %s AND %s",
                    (header.store_id, lowest, held_before),
                ).fetchall()
            )
        store = UUID(header.store_id)
        with conn.cursor() as cur, cur.copy(COPY_LOOKUPS) as copy:
            copy.set_types(LOOKUP_TYPES)
            # every wanted seq is known: above held_before and at most head_seq are exactly
            # the events this batch stored (their chain was checked), below it the held ones
            for seq, kind, mac in wanted:
                copy.write_row((header.lookup_key_id, kind, mac, store, seq, times[seq]))
    if header.events and header.first_seq <= through + 1 and header.last_seq > through:
        conn.execute(
            "INSERT INTO lookup_progress (store_id, key_id, through_seq) VALUES (%s, %s, %s) "
            "ON CONFLICT (store_id, key_id) DO UPDATE SET through_seq = excluded.through_seq",
            (header.store_id, header.lookup_key_id, header.last_seq),
        )
    return len(wanted)


def _last_time(conn: Connection, store_id: str, seq: int) -> datetime | None:
    if seq == 0:
        return None
    row = conn.execute(
        "SELECT at FROM events WHERE store_id = %s AND seq = %s", (store_id, seq)
    ).fetchone()
    return row[0] if row else None


def _copy(
    conn: Connection, store_id: str, rows: Rows, first: int, held: Held
) -> list[tuple[int, str]]:
    """COPY the batch's events from index ``first`` on, then let the database check that they
    continue the chain and advance the head (``accept_batch``, migration 0005); the (seq,
    message) of each event whose time goes backwards."""
    backwards = []
    previous = _last_time(conn, store_id, held.head_seq)
    uuid = UUID(store_id)
    store = [held.branch, held.workstation]
    with conn.cursor() as cur, cur.copy(COPY_EVENTS) as copy:
        copy.set_types(EVENT_TYPES)
        for index in range(first, len(rows.events)):
            event, columns, moment = rows.events[index], rows.columns[index], rows.times[index]
            if columns[1:3] != store:
                raise IngestRefused(
                    f"seq {event.seq}: the record names branch {str(columns[1])[:32]!r} "
                    f"workstation {str(columns[2])[:64]!r}, not this store's"
                )
            if previous is not None and moment < previous:
                backwards.append(
                    (
                        event.seq,
                        f"seq {event.seq}: the workstation's clock went backwards "
                        f"({columns[0]} after {previous.astimezone(SHANGHAI).isoformat()})",
                    )
                )
            previous = moment
            copy.write_row(
                stored_row(
                    uuid, event.seq, event.prev_hash, event.hash, event.record, columns, moment
                )
            )
    conn.execute("SELECT accept_batch(%s, %s)", (uuid, rows.events[-1].seq))
    return backwards


def _record_fork(conn: Connection, bundle: Bundle, fork: Fork, source: str) -> None:
    try:
        conn.execute(
            "INSERT INTO forks (store_id, kind, seq, held_hash, offered_hash, source, detail) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (
                bundle.header.store_id,
                fork.kind,
                fork.seq,
                fork.held,
                fork.offered,
                source,
                fork.why,
            ),
        )
    except Error as exc:
        raise translate(exc, where_of(conn)) from None


def ingest(conn: Connection, bundle: Bundle, source: str) -> IngestOutcome:
    """Check and store one bundle in one transaction; :class:`IngestRefused` (exit 1) when a
    check fails, with nothing stored (a fork is recorded)."""
    header = bundle.header
    outcome = IngestOutcome(store_id=header.store_id)
    check_signature(conn, bundle)
    problem = None
    if bundle.events:
        first = bundle.events[0]
        problem = _chain_problem(bundle.events[1:], first.seq, first.hash)
        if chain_hash(first.prev_hash, first.seq, first.record) != first.hash:
            problem = f"seq {first.seq}: the hash does not match the record bytes"
    if problem is not None:
        raise IngestRefused(f"bundle {header.bundle_id}: broken chain: {problem}")
    rows = batch_rows(bundle)
    ensure_partitions(conn, months_of(rows.times))
    try:
        with conn.transaction():
            replay = conn.execute(
                "SELECT received_at, source FROM shipments WHERE bundle_id = %s",
                (header.bundle_id,),
            ).fetchone()
            if replay is not None:
                raise IngestRefused(
                    f"bundle {header.bundle_id} was already accepted on "
                    f"{replay[0].astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S} from {replay[1]}: "
                    "replayed bundle refused"
                )
            held = _lock_store(conn, bundle) or _register(conn, bundle)
            if held.public_key.hex() != header.public_key:
                raise IngestRefused(
                    f"store {header.store_id} was registered with another workstation key"
                )
            fresh = _check_history(conn, bundle, held)
            outcome.skipped = len(bundle.events) - len(fresh)
            if fresh and fresh[0].seq != held.head_seq + 1:
                raise IngestRefused(
                    f"bundle {header.bundle_id}: broken chain: it starts at seq {fresh[0].seq} "
                    f"but the centre holds up to seq {held.head_seq}: seq "
                    f"{held.head_seq + 1}..{fresh[0].seq - 1} missing"
                )
            skip = len(bundle.events) - len(fresh)
            backwards = _copy(conn, header.store_id, rows, skip, held) if fresh else []
            outcome.accepted = len(fresh)
            outcome.head_seq = fresh[-1].seq if fresh else held.head_seq
            outcome.checkpoints = _checkpoints(conn, bundle, held)
            outcome.lookups = _lookups(conn, bundle, rows, held.head_seq, outcome.head_seq)
            for seq, message in backwards:
                conn.execute(
                    "INSERT INTO anomalies (store_id, seq, kind, detail) VALUES (%s, %s, "
                    "'clock_backwards', %s) ON CONFLICT DO NOTHING",
                    (header.store_id, seq, message),
                )
                outcome.warnings.append(message)
            conn.execute(
                "INSERT INTO shipments (bundle_id, store_id, source, first_seq, last_seq, "
                "events, checkpoints, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    header.bundle_id,
                    header.store_id,
                    source,
                    fresh[0].seq if fresh else None,
                    fresh[-1].seq if fresh else None,
                    len(fresh),
                    outcome.checkpoints,
                    header.created_at,
                ),
            )
    except Fork as fork:
        _record_fork(conn, bundle, fork, source)
        raise ForkRefused(
            f"store {header.store_id} (branch {header.branch}, workstation "
            f"{header.workstation}): fork at seq {fork.seq} ({fork.kind}): {fork.why}; "
            "refused and recorded as a fork, nothing merged"
        ) from None
    except Error as exc:
        if "does not continue the chain held" in str(exc):
            raise IngestRefused(f"refused by the database: {str(exc).splitlines()[0]}") from None
        raise translate(exc, where_of(conn)) from None
    return outcome
