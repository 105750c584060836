"""Shipping a workstation's store to the centre, at least once and never twice.

The centre's head for the store is the acknowledgement: ``ship`` asks for it, sends every
event after it in batches (each a signed bundle, each one transaction at the centre), and
the new checkpoints with the last batch. Nothing is kept on the workstation about what was
sent, so a kill at any moment loses nothing (the next run asks again) and duplicates nothing
(the centre skips what it holds, after checking it is the same). When the connection drops
in the middle of a batch (the server restarted), that batch's transaction is rolled back by
the server; ``ship`` reconnects for up to ``retry_seconds``, asks for the head again and
carries on.

At least one bundle goes out even when nothing is new: its head claim lets the centre notice
a workstation whose history was rewritten or cut short since the last shipment.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tellerguard.audit.canonical import format_time
from tellerguard.audit.checkpoint import Checkpoint, read_checkpoint
from tellerguard.audit.errors import CheckpointError
from tellerguard.audit.keys import FieldCipher, WorkstationSigner
from tellerguard.audit.store import AuditReader, ChainHead
from tellerguard.central.bundle import Bundle, Lookup, make_bundle
from tellerguard.central.columns import Columns, encode_columns, read_record
from tellerguard.central.errors import CentralConnectionError
from tellerguard.central.ingest import ingest
from tellerguard.central.lookups import BankLookupKey, event_lookups
from tellerguard.central.pg import Connection, connect, describe, translated
from tellerguard.central.schema import require_current
from tellerguard.domain.clock import Clock

log = logging.getLogger("tellerguard.central")

DEFAULT_BATCH = 5000


@dataclass(slots=True)
class ShipReport:
    store_id: str
    where: str
    events: int = 0
    skipped: int = 0
    checkpoints: int = 0
    lookups: int = 0
    batches: int = 0
    reconnects: int = 0
    first_seq: int | None = None
    head_seq: int = 0
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        span = f" (seq {self.first_seq}..{self.head_seq})" if self.events else ""
        out = [
            f"ship: store {self.store_id} → {self.where}: {self.events} new events{span}, "
            f"{self.checkpoints} new checkpoints, {self.lookups} bank lookups in "
            f"{self.batches} batches; the centre holds "
            f"up to seq {self.head_seq}"
            + (f" ({self.reconnects} reconnects)" if self.reconnects else "")
        ]
        out.extend(f"warning: {w}" for w in self.warnings)
        return out


def local_checkpoints(folder: Path, store_id: str) -> list[Checkpoint]:
    """This store's checkpoint files beside the store, by seq (unreadable ones logged)."""
    found: dict[tuple[str, int], Checkpoint] = {}
    if folder.is_dir():
        for path in sorted(folder.glob(f"{store_id[:8]}-*.json")):
            try:
                checkpoint = read_checkpoint(path)
            except CheckpointError as exc:
                log.warning("not shipping a checkpoint: %s", exc)
                continue
            if checkpoint.store_id == store_id:
                found[(checkpoint.day, checkpoint.seq)] = checkpoint
    return sorted(found.values(), key=lambda c: (c.seq, c.day))


@dataclass(frozen=True, slots=True)
class Held:
    """What the centre holds of a store: up to which seq, its checkpoints (day, seq), and up
    to which seq its lookups under the workstation's bank lookup key."""

    head_seq: int
    checkpoints: set[tuple[str, int]]
    lookups_through: int


def centre_holds(conn: Connection, store_id: str, key_id: str | None) -> Held:
    row = conn.execute("SELECT head_seq FROM stores WHERE store_id = %s", (store_id,)).fetchone()
    days = conn.execute("SELECT day, seq FROM checkpoints WHERE store_id = %s", (store_id,))
    checkpoints = {(d.isoformat(), int(s)) for d, s in days}
    through = conn.execute(
        "SELECT through_seq FROM lookup_progress WHERE store_id = %s AND key_id = %s",
        (store_id, key_id or ""),
    ).fetchone()
    return Held(int(row[0]) if row else 0, checkpoints, int(through[0]) if through else 0)


@dataclass(frozen=True, slots=True)
class Source:
    """The workstation side of a shipment."""

    store: Path
    signer: WorkstationSigner
    checkpoint_dir: Path
    clock: Clock
    lookup: tuple[FieldCipher, BankLookupKey] | None = None
    """The branch cipher and bank lookup key, when the workstation has the bank key."""

    @property
    def lookup_key_id(self) -> str | None:
        return self.lookup[1].key_id if self.lookup else None

    def bundles(
        self,
        reader: AuditReader,
        held: Held,
        batch: int,
        kind: Literal["ship", "file"] = "ship",
    ) -> list[Callable[[], Bundle]]:
        """Makers of the bundles that carry everything the centre lacks (made lazily, so
        only one batch is in memory at a time); with a bank lookup key, from the first event
        whose lookups the centre lacks (the events it holds already are checked, skipped)."""
        info = reader.info()
        head: ChainHead = reader.read_head()
        checkpoints = [
            c
            for c in local_checkpoints(self.checkpoint_dir, info.store_id)
            if (c.day, c.seq) not in held.checkpoints and c.seq <= head.seq
        ]
        after = min(held.head_seq, held.lookups_through) if self.lookup else held.head_seq
        starts = list(range(after + 1, head.seq + 1, batch)) or [head.seq + 1]

        def maker(start: int, last: bool) -> Callable[[], Bundle]:
            def make() -> Bundle:
                events = reader.events_between(start, min(start + batch - 1, head.seq))
                # each record is read once, here, for its columns and its bank lookups; its
                # parsed form is dropped at once (kept for a whole batch, the cyclic garbage
                # collector walked them over and over: a quarter of the time)
                columns: list[Columns] = []
                lookups: list[Lookup] = []
                for event in events:
                    view = read_record(event.seq, event.record)
                    columns.append(view.columns)
                    if self.lookup is not None:
                        lookups.extend(
                            (event.seq, kind, mac)
                            for kind, mac in event_lookups(view.subject, *self.lookup, view.sealed)
                        )
                return make_bundle(
                    self.signer,
                    kind=kind,
                    store_id=info.store_id,
                    branch=info.branch,
                    workstation=info.workstation,
                    created_at=format_time(self.clock.now()),
                    head=head,
                    events=events,
                    checkpoints=checkpoints if last else (),
                    lookups=lookups,
                    lookup_key_id=self.lookup_key_id or "",
                    columns=encode_columns(columns) if columns else b"",
                )

            return make

        return [maker(s, i == len(starts) - 1) for i, s in enumerate(starts)]


def ship(
    source: Source,
    dsn: str,
    *,
    batch: int = DEFAULT_BATCH,
    retry_seconds: float = 60.0,
    progress: Callable[[ShipReport], None] | None = None,
) -> ShipReport:
    """Ship the store to the centre at ``dsn``; :class:`IngestRefused` when it refuses."""
    where = describe(dsn)
    conn = connect(dsn, application="tellerguard ship")
    try:
        with translated(where):
            require_current(conn)
        with AuditReader(source.store) as reader:
            report = ShipReport(store_id=reader.info().store_id, where=where)
            failing_since: float | None = None
            while True:
                try:
                    _ship_batches(conn, reader, source, report, batch, where, progress)
                    return report
                except CentralConnectionError as exc:
                    now = time.monotonic()
                    failing_since = failing_since or now
                    if now - failing_since > retry_seconds:
                        raise
                    log.warning("%s; reconnecting", exc)
                    conn.close()
                    conn = _reconnect(dsn, failing_since, retry_seconds)
                    report.reconnects += 1
    finally:
        conn.close()


def _ship_batches(
    conn: Connection,
    reader: AuditReader,
    source: Source,
    report: ShipReport,
    batch: int,
    where: str,
    progress: Callable[[ShipReport], None] | None,
) -> None:
    with translated(where):
        held = centre_holds(conn, report.store_id, source.lookup_key_id)
        for make in source.bundles(reader, held, batch):
            bundle = make()
            outcome = ingest(conn, bundle, f"ship {bundle.header.workstation}")
            report.batches += 1
            report.events += outcome.accepted
            report.skipped += outcome.skipped
            report.checkpoints += outcome.checkpoints
            report.lookups += outcome.lookups
            report.head_seq = outcome.head_seq
            report.warnings.extend(outcome.warnings)
            if report.first_seq is None and outcome.accepted:
                report.first_seq = outcome.head_seq - outcome.accepted + 1
            if progress is not None:
                progress(report)


def _reconnect(dsn: str, since: float, retry_seconds: float) -> Connection:
    pause = 0.2
    while True:
        try:
            return connect(dsn, application="tellerguard ship")
        except CentralConnectionError:
            if time.monotonic() - since > retry_seconds:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 5.0)
