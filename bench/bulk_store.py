"""A large, realistic, verifiable audit store, fast: the console benchmark's and the lazy-loading
tests' fixture.

The real append path (``tellerguard demo``: the rule engine, the services, one durable
transaction per event) writes about 700 events a second on this machine (idle), so a million
events would take about 24 minutes. This builds them in two steps:

1. **A sample through the real path**: :func:`populate_demo` (the demo branch: real operators,
   cases judged by the default pack, reminders, authorizations, refusals, day seals), ending
   on ``SAMPLE_END``.
2. **The bulk path**: the sample's counter events (assessments, reminders, authorizations,
   refusals, screen locks) copied forward in time, each copy with its own case
   reference and time stamp, chained (``hash = SHA-256(prev ‖ seq ‖ record)``) and inserted in
   large transactions through a plain connection, each stored as the store stores it (a zstd
   frame with the store's dictionary, its columns and tag rows derived from the record as
   the store derives them). The store's own triggers still check every row's chain link; the
   result verifies with ``tellerguard audit verify --deep`` and opens in the app like any
   store. Personal data stays sealed as the sample
   sealed it (copies of a case share its customer, as a returning customer would).

Copies are spread over business hours of consecutive days from ``SAMPLE_END``, about
``per_day`` a day.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tellerguard.audit.canonical import chain_hash
from tellerguard.audit.record import decode_record, encode_record
from tellerguard.audit.schema import LEAN_COLUMNS, derive_columns, derive_tags
from tellerguard.audit.store import add_record_functions, load_dictionaries
from tellerguard.domain.clock import SHANGHAI, ManualClock
from tellerguard.services.demo import populate_demo

SAMPLE_END = datetime(2024, 1, 5, 17, 0, tzinfo=SHANGHAI)
"""A Friday: the copies start on the Monday after."""
COPIED_TYPES = (
    "assessment_shown",
    "reminder_completed",
    "supervisor_authorized",
    "business_refused",
    "workstation_locked",
)
"""Sign-ins are not copied: an operator's row names the latest event about them."""
BATCH = 20_000


def _copy(text: str, at: str, new_at: str, ref: str | None, new_ref: str | None) -> str:
    text = text.replace(f'"at":"{at}"', f'"at":"{new_at}"', 1)
    if ref is not None and new_ref is not None:
        text = text.replace(f'"case_ref":"{ref}"', f'"case_ref":"{new_ref}"', 1)
    return text


_INSERT = (
    f"INSERT INTO events (seq, prev_hash, hash, {', '.join(LEAN_COLUMNS)}, record) "
    f"VALUES ({', '.join('?' * (len(LEAN_COLUMNS) + 4))})"
)


def append_records(
    conn: sqlite3.Connection,
    dict_id: int | None,
    seq: int,
    prev: bytes,
    texts: Iterable[str],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Append canonical record ``texts`` after (``seq``, ``prev``) as the store stores them (a
    zstd frame with dictionary ``dict_id``, the columns and tag rows derived from the record),
    chained, in transactions of ``BATCH`` events through ``conn`` (isolation_level None);
    returns the last seq. The store's triggers still check each row's chain link."""
    batch: list[tuple[object, ...]] = []
    tags: list[tuple[str, str, int]] = []
    for text in texts:
        data = json.loads(text)
        stored = encode_record(text.encode("utf-8"), dict_id)
        seq += 1
        digest = chain_hash(prev, seq, stored)
        batch.append((seq, prev, digest, *derive_columns(data), stored))
        tags.extend((tag, data["at"], seq) for tag in derive_tags(data))
        prev = digest
        if len(batch) == BATCH:
            _insert(conn, batch, tags, seq, progress)
    if batch:
        _insert(conn, batch, tags, seq, progress)
    return seq


def _insert(
    conn: sqlite3.Connection,
    batch: list[tuple[object, ...]],
    tags: list[tuple[str, str, int]],
    seq: int,
    progress: Callable[[int], None] | None,
) -> None:
    conn.execute("BEGIN")
    conn.executemany(_INSERT, batch)
    conn.executemany("INSERT INTO event_tags (tag, at, seq) VALUES (?, ?, ?)", tags)
    conn.execute("COMMIT")
    batch.clear()
    tags.clear()
    if progress is not None:
        progress(seq)


def build_store(
    db: Path,
    events: int,
    *,
    sample: int = 2000,
    per_day: int = 700,
    seed: int = 15,
    progress: Callable[[int], None] | None = None,
) -> float:
    """Create ``db`` with about ``events`` events (a ``sample`` through the real path, the rest
    by the bulk path); returns the seconds the bulk path took."""
    populate_demo(db, min(sample, events), seed=seed, clock=ManualClock(SAMPLE_END))
    conn = sqlite3.connect(db, isolation_level=None)
    add_record_functions(conn)
    dict_id = load_dictionaries(conn)
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -262144")
    marks = ", ".join("?" for _ in COPIED_TYPES)
    rows = [
        (decode_record(bytes(record)).decode("utf-8"), at, ref)
        for record, at, ref in conn.execute(
            f"SELECT record, at, case_ref FROM events WHERE type IN ({marks}) ORDER BY seq",
            COPIED_TYPES,
        )
    ]
    seq, prev = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    spacing = timedelta(seconds=8 * 3600 / per_day)

    def copies() -> Iterator[str]:
        day = SAMPLE_END.replace(hour=9, minute=0, second=0) + timedelta(days=3)  # next Monday
        copy = in_day = 0
        made = seq
        while True:
            copy += 1  # one pass over the sample: its cases get new references together
            for text, at, ref in rows:
                if made == events:
                    return
                if in_day == per_day:
                    in_day = 0
                    day += timedelta(days=1 if day.weekday() < 4 else 3)
                moment = day + spacing * in_day + timedelta(microseconds=made % 1000)
                in_day += 1
                new_ref = hashlib.sha256(f"{ref}:{copy}".encode()).hexdigest()[:32] if ref else None
                made += 1
                yield _copy(text, at, moment.isoformat(timespec="microseconds"), ref, new_ref)

    started = time.perf_counter()
    append_records(conn, dict_id, seq, prev, copies(), progress)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - started
