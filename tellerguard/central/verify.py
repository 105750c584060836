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

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from tellerguard.audit.canonical import GENESIS, chain_hash
from tellerguard.audit.checkpoint import Checkpoint
from tellerguard.audit.record import decode_record
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


def _chain(
    conn: Connection,
    check: StoreCheck,
    public_key: bytes,
    pinned: dict[int, bytes],
    progress: Progress,
) -> tuple[int, bytes]:
    """Walk the store's events; the last (seq, hash) seen."""
    expected_seq, prev = 1, GENESIS
    with conn.transaction(), conn.cursor(name="central_verify", binary=True) as cur:
        cur.itersize = FETCH
        cur.execute(
            "SELECT seq, prev_hash, hash, record FROM events WHERE store_id = %s ORDER BY seq",
            (check.store_id,),
        )
        for seq, prev_hash, digest, record in cur:
            prev_hash, digest, record = bytes(prev_hash), bytes(digest), bytes(record)
            if seq != expected_seq:
                check.problem(f"seq {seq} follows seq {expected_seq - 1}: events missing")
            elif prev_hash != prev:
                check.problem(f"seq {seq}: prev_hash is not the hash of seq {seq - 1}")
            if chain_hash(prev_hash, seq, record) != digest:
                check.problem(f"seq {seq}: the stored hash does not match the record bytes")
            if seq == 1:
                _first_event(check, record, public_key)
            if seq in pinned and pinned[seq] != digest:
                check.problem(f"seq {seq}: differs from the workstation's signed checkpoint")
            expected_seq, prev = seq + 1, digest
            check.events += 1
            if progress is not None and check.events % 100_000 == 0:
                progress(100_000)
    if progress is not None:
        progress(check.events % 100_000)
    return expected_seq - 1, prev


def _first_event(check: StoreCheck, record: bytes, public_key: bytes) -> None:
    try:
        data = json.loads(decode_record(record))
        payload = data["payload"]
        good = (
            data["type"] == "store_created"
            and payload["store_id"] == check.store_id.replace("-", "")
            and payload["signing_key"] == public_key.hex()
        )
    except (ValueError, KeyError, TypeError):
        good = False
    if not good:
        check.problem("seq 1 is not this store's store_created with the enrolled key")


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


def _check_store(conn: Connection, row: tuple[Any, ...], progress: Progress) -> StoreCheck:
    store_id, branch, workstation, public_key, head_seq, head_hash, count = row
    check = StoreCheck(str(store_id).replace("-", ""), branch, workstation)
    public_key = bytes(public_key)
    pinned = _checkpoints(conn, check, public_key)
    last_seq, last_hash = _chain(conn, check, public_key, pinned, progress)
    check.head_seq = int(head_seq)
    if (last_seq, last_hash) != (head_seq, bytes(head_hash)) or count != check.events:
        check.problem(
            f"the recorded head (seq {head_seq}, {count} events) is not the last event "
            f"held (seq {last_seq}, {check.events} events)"
        )
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
    return check


def verify_central(
    conn: Connection,
    where: str,
    *,
    progress: Progress = None,
    connect: Callable[[], Connection] | None = None,
    jobs: int = 1,
) -> CentralReport:
    """Verify every store; with ``jobs`` > 1, that many stores at a time, each on its own
    connection from ``connect`` (SHA-256 and the driver release the GIL, so threads use the
    cores)."""
    started = time.perf_counter()
    report = CentralReport(where=where)
    stores = conn.execute(
        "SELECT store_id::text, branch, workstation, public_key, head_seq, head_hash, events "
        "FROM stores ORDER BY branch, workstation, registered_at"
    ).fetchall()
    if jobs > 1 and connect is not None and len(stores) > 1:
        lock = threading.Lock()

        def locked(count: int) -> None:
            if progress is not None:
                with lock:
                    progress(count)

        local = threading.local()
        opened: list[Connection] = []

        def work(row: tuple[Any, ...]) -> StoreCheck:
            if not hasattr(local, "conn"):
                local.conn = connect()
                with lock:
                    opened.append(local.conn)
            return _check_store(local.conn, row, locked)

        try:
            with ThreadPoolExecutor(jobs) as pool:
                report.stores.extend(pool.map(work, stores))
        finally:
            for other in opened:
                other.close()
    else:
        report.stores.extend(_check_store(conn, row, progress) for row in stores)
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
