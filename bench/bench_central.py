"""Central database benchmark: many workstation stores shipped concurrently into one
PostgreSQL on this machine, then central verify and cross-branch find.

    .venv/bin/python bench/bench_central.py                    # 100 stores x 20,000 events
    .venv/bin/python bench/bench_central.py --quick            # 100 stores x 500 events
    .venv/bin/python bench/bench_central.py --stores 20 --events 5000 --workers 2

The stores are real workstation stores (``init_workstation``: their own store ids, signing
keys enrolled at the centre, the demo's branch keys so every store's personal data can be
looked up), filled with real records made by the real sealing code — one assessment per
distinct customer, 200 customers a store, 20,000 customers in all — and then copied with a
new time and case reference (and small ``workstation_locked`` events between cases), chained
and inserted with raw SQLite for speed, each stored as the store stores it (the lean record:
a zstd frame with the store's dictionary, its columns and tag rows;
``bulk_store.append_records``). Filling is not measured.

Each figure is printed beside a baseline from the same run: ingest (the workstations'
share — reading the store, reading the columns and bank lookups out of each record, signing —
and the centre's: every check, binary COPY, accept_batch, lookups) beside a plain binary COPY
of the same record bytes into a bare table; the centre's share alone (bundles made first);
central verify (SHA-256 chain recomputed in Python, two worker processes) beside reading the
same rows without checking on one connection; find beside a primary-key fetch of one event.
The server is started by the bench (tests/pg_server.py) with fsync on, unless ``--dsn``
names one. Targets (issue 16): ingest ≥ 20,000 events/s, verify ≥ 100,000 events/s, find ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tellerguard.audit.keys import FieldCipher, load_branch_keys
from tellerguard.audit.store import AuditReader, AuditStore, load_dictionaries
from tellerguard.auth.passwords import Passwords, make_hasher
from tellerguard.central.find import find_cases
from tellerguard.central.ingest import ingest
from tellerguard.central.lookups import LOOKUP_KEY_FILE, BankLookupKey
from tellerguard.central.merkle import parse_proof
from tellerguard.central.pg import SQL, connect, sql_identifier
from tellerguard.central.ship import Held
from tellerguard.config import Settings
from tellerguard.domain.case import dump_case, parse_case
from tellerguard.domain.clock import SHANGHAI, ManualClock
from tellerguard.domain.events import WorkstationLocked
from tellerguard.domain.sealing import new_assessment_event
from tellerguard.services.central import (
    enroll_workstation,
    find_customer,
    init_central,
    prove,
    ship_store,
    sign_tree,
    verify_centre,
    workstation_source,
)
from tellerguard.services.workstation import init_workstation, store_identity

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_audit import ASSESSMENT, CASE
from bulk_store import append_records

FAST = Passwords(make_hasher(time_cost=1, memory_kib=8, parallelism=1))
START = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
CUSTOMERS_PER_STORE = 200
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(n: int) -> str:
    birth = date(1940, 1, 1) + timedelta(days=n % 20000)
    body = f"410102{birth:%Y%m%d}{n % 997:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def card_number(n: int) -> str:
    body = f"622202{n:012d}"
    total = 0
    for i, d in enumerate(reversed(body)):
        v = int(d) * (2 if i % 2 == 0 else 1)
        total += v - 9 if v > 9 else v
    return body + str((10 - total % 10) % 10)


def settings_for(folder: Path, number: int) -> Settings:
    return Settings(
        branch_code=f"B{4101 + number // 5:04d}",
        branch_name=f"测试支行{number // 5:02d}",
        region="410102",
        workstation=f"counter-{number % 5 + 1:02d}",
        database=folder / "audit.sqlite3",
        key_dir=folder / "keys",
    )


def fill_store(
    folder: Path, number: int, events: int, key_backup: Path | None
) -> tuple[Settings, Path]:
    """A real store with ~``events`` events, filled fast (see the module's docstring); the
    first workstation of a branch makes the branch keys, the others import its key backup
    (as a real branch's second counter PC is set up). Returns the settings and the backup."""
    settings = settings_for(folder, number)
    clock = ManualClock(START)
    result = init_workstation(
        settings,
        "admin01",
        "Admin#2026xx",
        "bench passphrase 2026",
        import_key_backup=key_backup,
        import_passphrase="bench passphrase 2026" if key_backup else None,
        passwords=FAST,
        scrypt_n=2**14,
        clock=clock,
    )
    keys = load_branch_keys(settings.key_path)
    cipher = FieldCipher(keys)
    store = AuditStore.open(
        settings.database_path,
        identity=store_identity(settings),
        keys=keys,
        signer=None,
        clock=clock,
    )
    try:
        head = store.head
        templates = []
        for c in range(CUSTOMERS_PER_STORE):
            n = number * CUSTOMERS_PER_STORE + c
            data = json.loads(json.dumps(CASE))
            data["customer"]["id_number"] = id_number(n)
            data["transfer"]["payee_account"] = card_number(n)
            data["customer"]["phone"] = f"139{n:08d}"
            case = parse_case(data, on=START.date())
            event = new_assessment_event(dump_case(case), ASSESSMENT, cipher, uuid.uuid4().hex)
            text, stamp = store.record_text(event, "teller01")
            templates.append((text, stamp))
        small = [store.record_text(WorkstationLocked(), "teller01")]
    finally:
        store.close()
    rng = random.Random(number)

    def copies() -> Iterator[str]:
        moment = START
        for _ in range(head.seq, events):
            moment += timedelta(seconds=rng.randint(5, 120))
            at = moment.isoformat(timespec="microseconds")
            template, stamp = rng.choice(templates) if rng.random() < 0.6 else rng.choice(small)
            ref = template.split('"case_ref":"', 1)
            text = template.replace(f'"at":"{stamp}"', f'"at":"{at}"', 1)
            yield text.replace(ref[1][:32], uuid.uuid4().hex, 1) if len(ref) == 2 else text

    conn = sqlite3.connect(settings.database_path, isolation_level=None)
    dict_id = load_dictionaries(conn)
    append_records(conn, dict_id, head.seq, head.hash, copies())
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return settings, key_backup or result.key_backup


def ship_one(args: tuple[Settings, str]) -> int:
    settings, dsn = args
    report = ship_store(workstation_source(settings, None, None), dsn, batch=5000)
    return report.events


_BARRIER: Any = None


def _set_barrier(barrier: Any) -> None:
    global _BARRIER
    _BARRIER = barrier


def centre_only(args: tuple[list[Settings], str]) -> int:
    """Make a worker's stores' bundles first (the workstations' share: reading, decrypting
    for the lookups, signing), wait for every worker, then only ingest them."""
    stores, dsn = args
    made = []
    for settings in stores:
        source = workstation_source(settings, None, None)
        reader = AuditReader(settings.database_path)
        made.extend(make() for make in source.bundles(reader, Held(0, set(), 0), 5000))
        reader.close()
    _BARRIER.wait()
    with connect(dsn) as conn:
        return sum(ingest(conn, b, "bench").accepted for b in made)


def plain_copy_one(args: tuple[Settings, str]) -> int:
    settings, dsn = args
    lite = sqlite3.connect(settings.database_path)
    store_id = uuid.UUID(store_id_of(settings))
    done = 0
    with connect(dsn) as conn:
        rows = lite.execute("SELECT seq, CAST(record AS BLOB) FROM events ORDER BY seq")
        while batch := rows.fetchmany(5000):
            with (
                conn.transaction(),
                conn.cursor() as cur,
                cur.copy("COPY plain (store_id, seq, record) FROM STDIN (FORMAT BINARY)") as copy,
            ):
                copy.set_types(["uuid", "int8", "bytea"])
                for seq, record in batch:
                    copy.write_row((store_id, seq, record))
            done += len(batch)
    lite.close()
    return done


def store_id_of(settings: Settings) -> str:
    with AuditReader(settings.database_path) as reader:
        return reader.info().store_id


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stores", type=int, default=100)
    parser.add_argument("--events", type=int, default=20_000, help="events per store")
    parser.add_argument("--quick", action="store_true", help="500 events per store")
    parser.add_argument("--workers", type=int, default=4, help="concurrent shippers")
    parser.add_argument(
        "--centre-stores", type=int, default=20, help="stores for the centre-only ingest"
    )
    parser.add_argument("--dsn", help="an existing empty database (else a server of our own)")
    parser.add_argument("--keep", type=Path, help="keep the stores in this folder")
    args = parser.parse_args()
    per_store = 500 if args.quick else args.events
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tg-bench-central-"))
    folder.mkdir(parents=True, exist_ok=True)
    server = None
    dsn = args.dsn
    if dsn is None:
        from tests.pg_server import PgServer, find_bindir

        bindir = find_bindir()
        if bindir is None:
            print("PostgreSQL is not installed: nothing to measure")
            return 2
        server = PgServer(bindir, durable=True)
        server.start()
        with connect(server.dsn()) as admin:
            admin.execute(SQL("CREATE DATABASE {}").format(sql_identifier("bench")))
        dsn = server.dsn("bench")
    try:
        return run(args, folder, dsn, per_store)
    finally:
        if server is not None:
            server.destroy()
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path, dsn: str, per_store: int) -> int:
    started = time.perf_counter()
    lookup_file = folder / "head-office" / LOOKUP_KEY_FILE
    lookup_file.parent.mkdir(exist_ok=True)
    init_central(dsn, lookup_file, clock=ManualClock(START))
    stores = []
    backups: dict[str, Path] = {}
    for number in range(args.stores):
        # the workstations of one branch share its keys, as a real branch's do
        branch = settings_for(folder, number).branch_code
        settings, backups[branch] = fill_store(
            folder / f"ws{number:03d}", number, per_store, backups.get(branch)
        )
        shutil.copyfile(lookup_file, settings.key_path / LOOKUP_KEY_FILE)
        (settings.key_path / LOOKUP_KEY_FILE).chmod(0o600)
        enroll_workstation(dsn, str(settings.key_path), settings.branch_code, settings.workstation)
        stores.append(settings)
    total = sum(
        int(sqlite3.connect(s.database_path).execute("SELECT max(seq) FROM events").fetchone()[0])
        for s in stores
    )
    average = statistics.mean(
        sqlite3.connect(s.database_path)
        .execute("SELECT avg(length(CAST(record AS BLOB))) FROM events")
        .fetchone()[0]
        for s in stores
    )
    print(
        f"filled {len(stores)} stores, {total:,} events (records {average:,.0f} B on average) "
        f"in {time.perf_counter() - started:.0f} s"
    )

    with connect(dsn) as conn:
        conn.execute("CREATE TABLE plain (store_id uuid, seq bigint, record bytea)")
    jobs = [(s, dsn) for s in stores]
    t = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        copied = sum(pool.map(plain_copy_one, jobs))
    plain_rate = copied / (time.perf_counter() - t)
    t = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        shipped = sum(pool.map(ship_one, jobs))
    ingest_seconds = time.perf_counter() - t
    assert shipped == total, (shipped, total)
    ingest_rate = shipped / ingest_seconds

    # the centre's share alone, on a second database, for a subset of the stores
    subset = stores[: args.centre_stores]
    with connect(dsn) as conn:
        conn.execute(SQL("CREATE DATABASE {}").format(sql_identifier("centre_only")))
    centre_dsn = dsn.rsplit("/", 1)[0] + "/centre_only"
    init_central(centre_dsn, lookup_file)
    for settings in subset:
        enroll_workstation(
            centre_dsn, str(settings.key_path), settings.branch_code, settings.workstation
        )
    shares = [(subset[i :: args.workers], centre_dsn) for i in range(args.workers)]
    barrier = multiprocessing.Barrier(args.workers + 1)
    with multiprocessing.Pool(args.workers, _set_barrier, (barrier,)) as pool:
        pending = pool.map_async(centre_only, shares)
        barrier.wait()
        t = time.perf_counter()
        centre_events = sum(pending.get())
    centre_rate = centre_events / (time.perf_counter() - t)
    with connect(centre_dsn) as conn:
        sizes = dict(
            conn.execute(
                "SELECT 'events', coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_inherits i ON i.inhrelid = c.oid WHERE i.inhparent = 'events'::regclass "
                "UNION ALL SELECT 'lookups', pg_total_relation_size('lookups')"
            ).fetchall()
        )
    per_event = {name: size / centre_events for name, size in sizes.items()}

    t = time.perf_counter()
    signed = sign_tree(dsn, folder / "log-key.pem", "bench.tellerguard/audit-log")
    tree_rate = signed.added / (time.perf_counter() - t)
    proof = prove(dsn, store_id=store_id_of(stores[0]), seq=per_store // 2)
    t = time.perf_counter()
    report = verify_centre(dsn)
    verify_rate = report.events / (time.perf_counter() - t)
    assert report.ok, report.lines()[-5:]
    with connect(dsn) as conn:
        t = time.perf_counter()
        with conn.transaction(), conn.cursor(name="read", binary=True) as cur:
            cur.itersize = 20_000
            cur.execute("SELECT seq, prev_hash, hash, record FROM events ORDER BY store_id, seq")
            read = sum(1 for _ in cur)
        read_rate = read / (time.perf_counter() - t)
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]

        rng = random.Random(7)
        pk_times = []
        for _ in range(50):
            t = time.perf_counter()
            conn.execute(
                "SELECT record FROM events WHERE store_id = (SELECT store_id FROM stores "
                "ORDER BY random() LIMIT 1) AND seq = %s",
                (rng.randint(1, per_store),),
            ).fetchone()
            pk_times.append((time.perf_counter() - t) * 1000)
        key = BankLookupKey.load(lookup_file)
        find_times, found = [], []
        for _ in range(50):
            n = rng.randrange(args.stores * CUSTOMERS_PER_STORE)
            t = time.perf_counter()
            result = find_cases(conn, key, "id", id_number(n), operator="bench", reason="bench")
            find_times.append((time.perf_counter() - t) * 1000)
            found.append(len(result.cases))
    command_times = []
    for _ in range(10):
        n = rng.randrange(args.stores * CUSTOMERS_PER_STORE)
        t = time.perf_counter()
        find_customer(dsn, lookup_file, "id", id_number(n), operator="bench", reason="bench")
        command_times.append((time.perf_counter() - t) * 1000)

    def ms(values: list[float]) -> str:
        p95 = sorted(values)[int(len(values) * 0.95)]
        return f"median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms"

    find_ms, pk_ms = statistics.median(find_times), statistics.median(pk_times)
    print(
        f"\n{len(stores)} stores, {total:,} events, {args.workers} concurrent shippers; "
        f"database {size / 1024**3:.2f} GiB"
    )
    print(f"{'measure':<44}{'result':>16}{'baseline':>16}{'ratio':>8}  target (baseline)")
    rows = (
        (
            "ingest (ship: workstation + centre)",
            f"{ingest_rate:,.0f} /s",
            f"{plain_rate:,.0f} /s",
            ingest_rate / plain_rate,
            "≥ 20,000 /s (plain COPY)",
        ),
        (
            "central verify (chain recomputed)",
            f"{verify_rate:,.0f} /s",
            f"{read_rate:,.0f} /s",
            verify_rate / read_rate,
            "≥ 100,000 /s (read, no check)",
        ),
        (
            "find by ID number, all branches",
            f"{find_ms:.1f} ms",
            f"{pk_ms:.1f} ms",
            find_ms / pk_ms,
            "≤ 50 ms (one event by key)",
        ),
    )
    for name, result, baseline, ratio, target in rows:
        print(f"{name:<44}{result:>16}{baseline:>16}{ratio:>8.2f}  {target}")
    print(
        f"centre's share of ingest alone ({len(subset)} stores, {centre_events:,} events, bundles "
        f"made beforehand): {centre_rate:,.0f} events/s ({centre_rate / plain_rate:.2f} × plain "
        f"COPY); stored per event: events {per_event['events']:,.0f} B, lookups "
        f"{per_event['lookups']:,.0f} B"
    )
    print(
        f"Merkle tree: {tree_rate:,.0f} events/s taken in and signed; an inclusion proof at "
        f"size {signed.head.size:,}: {len(parse_proof(proof).hashes)} hashes, "
        f"{len(proof.encode())} bytes as a C2SP tlog-proof file with its checkpoint"
    )
    print(
        f"find: {ms(find_times)}, {statistics.mean(found):.0f} cases a customer on average "
        "(key check, query, search record, on an open connection); with a new connection "
        f"each time (scram-sha-256 login) {ms(command_times)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
