"""Audit store benchmarks: durable appends, verification, CSV export, file size.

    .venv/bin/python bench/bench_audit.py                  # 1,000,000 events (a few minutes)
    .venv/bin/python bench/bench_audit.py --events 100000  # quicker
    .venv/bin/python bench/bench_audit.py --db /tmp/big.sqlite3   # reuse a demo store

Durable appends are one event per transaction with ``synchronous=FULL`` in WAL mode, i.e.
one fsync per event: the figure depends on the disk far more than on the code, and a counter
PC's disk (often a consumer SSD or an HDD behind Windows' write cache) differs from this
machine's. The plain unchained insert of the same record bytes into a bare table with the
same settings shows what the chain, the generated columns, the indexes and the checks cost.
Targets (issue 4): ≥ 1,000 appends/s, verify 1M ≤ 5 s, CSV export 1M ≤ 10 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tellerguard.audit.verify import verify_store
from tellerguard.auth.passwords import Passwords, make_hasher
from tellerguard.domain.assessment import Assessment, Hit, RulePackRef
from tellerguard.domain.case import parse_case
from tellerguard.services.audit_ops import export_audit
from tellerguard.services.counter import Counter
from tellerguard.services.demo import demo_settings, populate_demo
from tellerguard.services.workstation import (
    init_workstation,
    open_workstation,
)

FAST = Passwords(make_hasher(time_cost=1, memory_kib=8, parallelism=1))
CASE = {
    "kind": "transfer",
    "customer": {
        "name": "王秀兰",
        "id_type": "resident_id",
        "id_number": "410102195403150028",
        "phone": "13903960000",
        "occupation": "retired",
        "employer": None,
        "address": "郑州市中原区建设路12号",
    },
    "accompanied": False,
    "companion_answers_for_customer": False,
    "by_agent": False,
    "on_phone": True,
    "screen_sharing": False,
    "instructed_by_others": False,
    "told_to_keep_secret": False,
    "promised_reward": False,
    "notes": "客户说朋友微信借钱",
    "transfer": {
        "amount": "100000.00",
        "payee_name": "李明",
        "payee_account": "6222021234567890128",
        "payee_bank": "中国农业银行",
        "payee_relationship": "friend",
        "first_time_payee": True,
        "purpose": "lend_to_acquaintance",
        "met_payee_in_person": True,
        "verified_by_call": False,
        "payee_claims_authority": False,
        "promised_high_return": False,
        "early_deposit_withdrawal": False,
        "recent_inflow_from_strangers": False,
    },
}
ASSESSMENT = Assessment(
    level="manager_approval",
    hits=[
        Hit(
            rule_id="XFER-ACQUAINTANCE",
            level="manager_approval",
            title="冒充熟人借钱",
            explanation="收款人李明为朋友，经微信借款，未经电话核实",
            tags=["impersonate_acquaintance"],
            values={"transfer.payee_name": "李明"},
        ),
        Hit(
            rule_id="XFER-ELDERLY",
            level="second_reminder",
            title="老年客户大额转账",
            explanation="客户年龄 72 岁 ≥ 60，金额 100,000.00 元",
            tags=["elderly"],
            values={"facts.age": "72"},
        ),
    ],
    facts={
        "id_valid": True,
        "birth_date": "1954-03-15",
        "age": 72,
        "gender": "female",
        "home_region": "410102",
        "out_of_area": "none",
    },
    rule_pack=RulePackRef(id="default", version="2026.11", sha256="ab" * 32),
)


def durable_appends(folder: Path, count: int) -> tuple[float, float, int]:
    """(chained appends/s, plain inserts/s, record bytes) — one event per transaction."""
    settings = demo_settings(folder / "appends.sqlite3")
    init_workstation(
        settings, "admin01", "Admin#2026xx", "bench passphrase 2026", passwords=FAST, scrypt_n=2**14
    )
    with open_workstation(settings, passwords=FAST) as ws:
        admin = ws.login("admin01", "Admin#2026xx")
        ws.users.add(
            admin, "teller01", "柜员", "teller", "Teller#2026x", must_change_password=False
        )
        counter = Counter(ws, ws.login("teller01", "Teller#2026x"))
        case = parse_case(CASE, on=date(2026, 11, 25))
        counter.record_assessment(case, ASSESSMENT)  # warm up
        started = time.perf_counter()
        for _ in range(count):
            counter.record_assessment(case, ASSESSMENT)
        chained = count / (time.perf_counter() - started)
        event = ws.store.event(ws.store.head.seq)
        assert event is not None
        record = event.record.decode("utf-8")
    plain_path = folder / "plain.sqlite3"
    conn = sqlite3.connect(plain_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, record TEXT NOT NULL)")
    started = time.perf_counter()
    for seq in range(1, count + 1):
        conn.execute("BEGIN")
        conn.execute("INSERT INTO events (seq, record) VALUES (?, ?)", (seq, record))
        conn.execute("COMMIT")
    plain = count / (time.perf_counter() - started)
    conn.close()
    return chained, plain, len(record.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=3000)
    parser.add_argument("--db", type=Path, help="a demo store to reuse (created if missing)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="tellerguard-bench-"))
    try:
        print(
            f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} CPUs, folder {folder}"
        )
        chained, plain, record_bytes = durable_appends(folder, args.appends)
        print(
            f"durable appends: chained {chained:,.0f}/s, plain {plain:,.0f}/s "
            f"({record_bytes} B record)",
            flush=True,
        )

        db = args.db or folder / "demo.sqlite3"
        existing = 0
        if db.exists():
            existing = int(sqlite3.connect(db).execute("SELECT count(*) FROM events").fetchone()[0])
        started = time.perf_counter()
        if existing < args.events:

            def progress(done: int) -> None:
                if done % 100_000 < 1000:
                    print(f"  … {existing + done:,} events", flush=True)

            populate_demo(db, args.events - existing, seed=4, progress=progress)
        fill = time.perf_counter() - started
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        events = int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
        first, last = conn.execute("SELECT min(at), max(at) FROM events").fetchone()
        conn.close()
        size = db.stat().st_size

        # Three runs each: this machine is shared, and the best run is the code's speed.
        verify_runs = []
        for _ in range(3):
            report = verify_store(db)
            assert report.ok, report.lines()[:5]
            verify_runs.append(report.seconds)

        settings = demo_settings(db)
        export_runs = []
        with open_workstation(settings) as ws:
            supervisor = ws.login("supervisor01", "Super#2026")
            for run in range(3):
                out = folder / f"export{run}.zip"
                started = time.perf_counter()
                outcome = export_audit(
                    ws,
                    supervisor,
                    date_from=date.fromisoformat(first[:10]),
                    date_to=date.fromisoformat(last[:10]),
                    fmt="csv",
                    out=out,
                )
                export_runs.append(time.perf_counter() - started)
        csv_bytes = outcome.manifest["files"][0]["bytes"]
        verify_seconds, export_seconds = min(verify_runs), min(export_runs)
        print(
            f"verify runs {', '.join(f'{s:.2f}' for s in verify_runs)} s; export runs "
            f"{', '.join(f'{s:.2f}' for s in export_runs)} s"
        )

        per_million = 1_000_000 / events
        rows = [
            (
                "durable appends, chained (1 event/transaction, FULL)",
                f"{chained:,.0f} /s",
                "≥ 1,000 /s",
            ),
            ("durable appends, plain unchained insert", f"{plain:,.0f} /s", "(comparison)"),
            (f"demo fill, {events:,} events in batches", f"{fill:,.0f} s", ""),
            (
                f"verify {events:,} events",
                f"{verify_seconds:.2f} s",
                f"≤ {5 * events / 1_000_000:.2f} s",
            ),
            (
                f"CSV export of {outcome.rows:,} events (zip)",
                f"{export_seconds:.2f} s",
                f"≤ {10 * outcome.rows / 1_000_000:.2f} s",
            ),
            ("store file per million events", f"{size * per_million / 2**30:.2f} GiB", ""),
            (
                "CSV per million events (before zip)",
                f"{csv_bytes * per_million / 2**20:,.0f} MiB",
                "",
            ),
            (
                "export bundle per million events",
                f"{out.stat().st_size * per_million / 2**20:,.0f} MiB",
                "",
            ),
        ]
        width = max(len(r[0]) for r in rows)
        print()
        print(f"{'measure'.ljust(width)}  {'result':>12}  target")
        for name, value, target in rows:
            print(f"{name.ljust(width)}  {value:>12}  {target}")
        return 0
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
