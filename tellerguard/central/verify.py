"""Central verification: every store's chain recomputed from the stored record bytes, without
the workstations, and every checkpoint's signature checked against the enrolled key.

Per store: the events must run from seq 1 without a gap, each ``prev_hash`` must be the hash
before it and each hash must recompute (``SHA-256(prev ‖ seq ‖ record)``, the workstation's
own formula, :func:`tellerguard.audit.canonical.chain_hash`, computed here in Python, not by
the database being checked); the first event must be the store's ``store_created`` naming
the enrolled key; the head the centre records must be the last event; each checkpoint must be
signed by the workstation's enrolled key and pin an event with that hash. A fork recorded for
the store is a problem too (its workstation's history diverged from the central copy).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from tellerguard.audit.canonical import GENESIS
from tellerguard.audit.checkpoint import Checkpoint
from tellerguard.audit.record import decode_record
from tellerguard.central.columns import (
    EVENT_COLUMNS,
    check_shape,
    event_time,
    read_record,
    stored_row,
)
from tellerguard.central.errors import IngestRefused
from tellerguard.central.pg import Connection

MAX_PROBLEMS = 20
Progress = Callable[[int], None] | None
FETCH = 20_000


@dataclass(slots=True)
class StoreCheck:
    store_id: str
    branch: str
    workstation: str
    events: int = 0
    head_seq: int = 0
    checkpoints: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append("… more problems not listed")

    def line(self) -> str:
        status = "OK" if self.ok else "FAILED"
        return (
            f"{self.branch}/{self.workstation} store {self.store_id}: {status}: "
            f"{self.events} events, head seq {self.head_seq}, {self.checkpoints} checkpoints"
        )


@dataclass(slots=True)
class CentralReport:
    where: str
    stores: list[StoreCheck] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def events(self) -> int:
        return sum(s.events for s in self.stores)

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.stores)

    def lines(self) -> list[str]:
        out = []
        for store in self.stores:
            out.append(store.line())
            out.extend(f"  problem: {p}" for p in store.problems)
            out.extend(f"  warning: {w}" for w in store.warnings)
        bad = sum(not s.ok for s in self.stores)
        rate = self.events / self.seconds if self.seconds else 0.0
        out.append(
            f"central verify {self.where}: {'OK' if self.ok else 'FAILED'}: "
            f"{len(self.stores)} stores, {self.events} events"
            + (f", {bad} stores with problems" if bad else "")
            + f" ({self.seconds:.1f} s, {rate:,.0f} events/s)"
        )
        return out


CHUNK = 50_000
"""Events of one store verified as one piece of work (a store of a million events is split,
so both cores work on it and progress moves)."""
PARALLEL_FROM = 200_000
"""Below this many events in all, verify in this process (starting workers costs ~1 s)."""


@dataclass(frozen=True, slots=True)
class Piece:
    """Seq ``low`` .. ``high`` (None: to the end) of one store, to verify on its own."""

    store_id: str
    public_key: bytes
    low: int
    high: int | None
    pinned: dict[int, bytes]
    deep: bool = False


@dataclass(slots=True)
class PieceResult:
    low: int
    events: int = 0
    first: tuple[int, bytes] | None = None
    """(seq, prev_hash) of the first event found: the parent links it to the piece before."""
    last: tuple[int, bytes] | None = None
    """(seq, hash) of the last event found."""
    problems: list[str] = field(default_factory=list)


_SELECT = "SELECT seq, prev_hash, hash, record FROM events WHERE store_id = %s AND seq >= %s"
_SELECT_DEEP = (
    "SELECT seq, prev_hash, hash, record, at, "
    + ", ".join(EVENT_COLUMNS[5:-1])
    + " FROM events WHERE store_id = %s AND seq >= %s"
)


def verify_piece(conn: Connection, piece: Piece) -> PieceResult:
    """Recompute the chain of one piece from the stored bytes (in Python: the database being
    checked does not vouch for itself), with a server-side cursor in binary."""
    result = PieceResult(piece.low)
    problems = result.problems
    query = _SELECT_DEEP if piece.deep else _SELECT
    params: tuple[Any, ...] = (piece.store_id, piece.low)
    if piece.high is not None:
        query += " AND seq <= %s"
        params += (piece.high,)
    expected, prev = piece.low, None
    sha256, pinned = hashlib.sha256, piece.pinned
    with conn.transaction(), conn.cursor(name="central_verify", binary=True) as cur:
        cur.itersize = FETCH
        cur.execute(query + " ORDER BY seq", params)
        for row in cur:
            seq, prev_hash, digest, record = row[0], row[1], row[2], row[3]
            if prev is None:
                result.first = (seq, prev_hash)
            elif prev_hash != prev:
                problems.append(f"seq {seq}: prev_hash is not the hash of seq {seq - 1}")
            if seq != expected:
                problems.append(f"seq {seq} follows seq {expected - 1}: events missing")
            if sha256(prev_hash + seq.to_bytes(8, "big") + record).digest() != digest:
                problems.append(f"seq {seq}: the stored hash does not match the record bytes")
            if seq == 1:
                problems.extend(_first_event(piece.store_id, record, piece.public_key))
            if seq in pinned and pinned[seq] != digest:
                problems.append(f"seq {seq}: differs from the workstation's signed checkpoint")
            if piece.deep:
                problems.extend(_columns_differ(seq, record, row))
            expected, prev = seq + 1, digest
            result.events += 1
            if len(problems) > MAX_PROBLEMS:
                break
    if prev is not None:
        result.last = (expected - 1, bytes(prev))
    if result.first is not None:
        result.first = (result.first[0], bytes(result.first[1]))
    return result


def _columns_differ(seq: int, record: bytes, row: tuple[Any, ...]) -> list[str]:
    """``--deep``: the columns stored beside the record must be what the record says (they
    were read out on the workstation, :mod:`tellerguard.central.columns`)."""
    try:
        columns = read_record(seq, bytes(record)).columns
        check_shape(seq, columns)
        expected = stored_row(None, seq, b"", b"", b"", columns, event_time(seq, columns[0]))
    except IngestRefused as exc:
        return [f"the record cannot be read: {exc}"]
    if (expected[2], *expected[5:-1]) != tuple(row[4:]):
        return [f"seq {seq}: the stored columns differ from what its record says"]
    return []


_WORKER: dict[str, Connection] = {}


def _work(dsn: str, piece: Piece) -> PieceResult:
    """One piece in a worker process, on the worker's own connection."""
    from tellerguard.central.pg import connect

    conn = _WORKER.get(dsn)
    if conn is None or conn.closed:
        conn = _WORKER[dsn] = connect(dsn, application="tellerguard central verify")
    return verify_piece(conn, piece)


def _first_event(store_id: str, record: bytes, public_key: bytes) -> list[str]:
    try:
        data = json.loads(decode_record(record))
        payload = data["payload"]
        good = (
            data["type"] == "store_created"
            and payload["store_id"] == store_id
            and payload["signing_key"] == public_key.hex()
        )
    except (ValueError, KeyError, TypeError):
        good = False
    return [] if good else ["seq 1 is not this store's store_created with the enrolled key"]


def _checkpoints(conn: Connection, check: StoreCheck, public_key: bytes) -> dict[int, bytes]:
    pinned: dict[int, bytes] = {}
    rows = conn.execute(
        "SELECT day, seq, hash, body FROM checkpoints WHERE store_id = %s ORDER BY seq",
        (check.store_id,),
    )
    for day, seq, digest, body in rows:
        check.checkpoints += 1
        try:
            checkpoint = Checkpoint.model_validate_json(bytes(body))
        except ValidationError:
            check.problem(f"checkpoint of {day}: damaged")
            continue
        if not checkpoint.signature_holds(public_key.hex()):
            check.problem(f"checkpoint of {day}: not signed by the enrolled key")
        if (checkpoint.seq, checkpoint.hash) != (seq, bytes(digest).hex()):
            check.problem(f"checkpoint of {day}: its columns differ from its signed body")
        pinned[int(seq)] = bytes(digest)
    return pinned


def _pieces(row: tuple[Any, ...], pinned: dict[int, bytes], deep: bool) -> list[Piece]:
    store_id, public_key, head_seq = str(row[0]).replace("-", ""), bytes(row[3]), int(row[4])
    lows = list(range(1, max(head_seq, 1) + 1, CHUNK))
    pieces = []
    for i, low in enumerate(lows):
        high = None if i == len(lows) - 1 else low + CHUNK - 1  # the last one: to the end
        mine = {s: h for s, h in pinned.items() if s >= low and (high is None or s <= high)}
        pieces.append(Piece(store_id, public_key, low, high, mine, deep))
    return pieces


def _join(check: StoreCheck, results: list[PieceResult], row: tuple[Any, ...]) -> None:
    """One store's pieces in order: each must start where the one before ended."""
    head_seq, head_hash, count = int(row[4]), bytes(row[5]), int(row[6])
    last: tuple[int, bytes] = (0, GENESIS)
    for result in sorted(results, key=lambda r: r.low):
        for message in result.problems:
            check.problem(message)
        check.events += result.events
        if result.first is not None and result.first[0] == result.low:
            seq, prev_hash = result.first
            if last[0] != seq - 1:  # the piece before ended early
                check.problem(f"seq {seq} follows seq {last[0]}: events missing")
            elif prev_hash != last[1]:
                check.problem(f"seq {seq}: prev_hash is not the hash of seq {seq - 1}")
        # (a piece whose first event is not its first seq reported the gap itself)
        if result.last is not None:
            last = result.last
    check.head_seq = head_seq
    if last != (head_seq, head_hash) or count != check.events:
        check.problem(
            f"the recorded head (seq {head_seq}, {count} events) is not the last event "
            f"held (seq {last[0]}, {check.events} events)"
        )


def _store_facts(conn: Connection, check: StoreCheck, row: tuple[Any, ...]) -> dict[int, bytes]:
    """The store's checkpoints (checked), forks and anomalies; the seqs its checkpoints pin."""
    store_id, public_key = row[0], bytes(row[3])
    pinned = _checkpoints(conn, check, public_key)
    for kind, seq, detail, detected in conn.execute(
        "SELECT kind, seq, detail, detected_at FROM forks WHERE store_id = %s ORDER BY id",
        (store_id,),
    ):
        check.problem(f"fork ({kind}) at seq {seq} detected {detected:%Y-%m-%d}: {detail}")
    (anomalies,) = conn.execute(
        "SELECT count(*) FROM anomalies WHERE store_id = %s", (store_id,)
    ).fetchone() or (0,)
    if anomalies:
        check.warnings.append(f"{anomalies} events where the workstation's clock went back")
    return pinned


def verify_central(
    conn: Connection,
    where: str,
    *,
    progress: Progress = None,
    dsn: str | None = None,
    jobs: int = 1,
    deep: bool = False,
    parallel_from: int = PARALLEL_FROM,
) -> CentralReport:
    """Verify every store. With ``jobs`` > 1 and at least ``parallel_from`` events, the
    stores' pieces go to ``jobs`` worker processes, each on its own connection to ``dsn``
    (Python's per-row work holds the GIL, so threads would share one core)."""
    started = time.perf_counter()
    report = CentralReport(where=where)
    stores = conn.execute(
        "SELECT store_id::text, branch, workstation, public_key, head_seq, head_hash, events "
        "FROM stores ORDER BY branch, workstation, registered_at"
    ).fetchall()
    checks: list[StoreCheck] = []
    work: list[tuple[int, Piece]] = []
    for row in stores:
        check = StoreCheck(str(row[0]).replace("-", ""), row[1], row[2])
        pinned = _store_facts(conn, check, row)
        work.extend((len(checks), piece) for piece in _pieces(row, pinned, deep))
        checks.append(check)
    results: list[list[PieceResult]] = [[] for _ in checks]
    total = sum(int(row[6]) for row in stores)
    if jobs > 1 and dsn is not None and total >= parallel_from and len(work) > 1:
        # fork: a worker starts in milliseconds (spawn re-imports everything, ~1 s of CPU
        # each; forkserver measured 3x slower here). The workers never touch the connection
        # they inherit (they open their own) and leave through os._exit, so it is never closed
        # from a child; the command line has no other threads whose locks a fork could copy.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            futures = {pool.submit(_work, dsn, piece): index for index, piece in work}
            for future in as_completed(futures):
                result = future.result()
                results[futures[future]].append(result)
                if progress is not None:
                    progress(result.events)
    else:
        for index, piece in work:
            result = verify_piece(conn, piece)
            results[index].append(result)
            if progress is not None:
                progress(result.events)
    for check, row, found in zip(checks, stores, results, strict=True):
        _join(check, found, row)
    report.stores.extend(checks)
    orphans = conn.execute(
        "SELECT DISTINCT store_id::text FROM forks WHERE store_id NOT IN (SELECT store_id FROM "
        "stores)"
    ).fetchall()
    for (store_id,) in orphans:
        check = StoreCheck(str(store_id), "?", "?")
        check.problem("a fork was recorded for a store the centre never accepted")
        report.stores.append(check)
    report.seconds = time.perf_counter() - started
    return report
