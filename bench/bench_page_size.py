"""The store's page size, measured on a real demo branch (docs/AUDIT.md, issue 13).

    .venv/bin/tellerguard demo --db /tmp/pages/demo.sqlite3 --events 20000 --seed 1 --quiet
    .venv/bin/python bench/bench_page_size.py /tmp/pages/demo.sqlite3

The store is copied once for each page size (SQLite's backup, then ``VACUUM`` at that size,
so every copy is equally compact) and each copy gets:

* **bytes an event**: the file over its number of events;
* **durable appends a second**: its last assessment rows appended again through the store's
  own schema (its indexes, CHECKs and chain trigger) with their tag rows, one event per
  transaction in WAL with ``synchronous=FULL``, each chained to the row before. The rows
  are the stored ones, so what is measured is SQLite's share of an append: the page writes
  and the fsync of each commit, not the Python that builds a record.

Rounds alternate between the sizes; the median round is printed beside the packaged
16 KiB (``PAGE_SIZE``), from the same run.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tellerguard.audit.sqlite import PAGE_SIZE


def compact_copy(store: Path, out: Path, page_size: int) -> int:
    """``store`` copied to ``out`` with pages of ``page_size`` bytes; its number of events."""
    source = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    target = sqlite3.connect(out, isolation_level=None)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        target.execute(f"PRAGMA page_size = {page_size}")
        target.execute("VACUUM")
        assert target.execute("PRAGMA page_size").fetchone()[0] == page_size
        return int(target.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        source.close()
        target.close()


Row = tuple[tuple[object, ...], list[str]]
"""A stored events row (in ``PRAGMA table_info`` order) and its tags."""


def durable_appends(copy: Path, rows: list[Row], columns: list[str]) -> float:
    """Rows a second appended to a fresh copy of ``copy``, one durable transaction each."""
    scratch = copy.with_name(copy.stem + "-append.sqlite3")
    for extra in ("", "-wal", "-shm"):
        Path(f"{scratch}{extra}").unlink(missing_ok=True)
    shutil.copyfile(copy, scratch)
    conn = sqlite3.connect(scratch, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        last = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"
        seq, head = conn.execute(last).fetchone()
        insert = (
            f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        )
        at = columns.index("at")
        started = time.perf_counter()
        for row, tags in rows:
            seq += 1
            digest = hashlib.sha256(head + seq.to_bytes(8, "big")).digest()
            conn.execute("BEGIN")
            conn.execute(insert, (seq, head, digest, *row[3:]))
            conn.executemany(
                "INSERT INTO event_tags (tag, at, seq) VALUES (?, ?, ?)",
                [(tag, row[at], seq) for tag in tags],
            )
            conn.execute("COMMIT")
            head = digest
        return len(rows) / (time.perf_counter() - started)
    finally:
        conn.close()
        for extra in ("", "-wal", "-shm"):
            Path(f"{scratch}{extra}").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a demo store (left as it is)")
    parser.add_argument("--sizes", default="4096,8192,16384")
    parser.add_argument("--appends", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    if PAGE_SIZE not in sizes:
        sizes.append(PAGE_SIZE)
    folder = Path(tempfile.mkdtemp(prefix="tellerguard-pages-"))
    try:
        source = sqlite3.connect(f"file:{args.store}?mode=ro", uri=True)
        columns = [row[1] for row in source.execute("PRAGMA table_info(events)")]
        assert columns[:3] == ["seq", "prev_hash", "hash"], columns
        rows = [
            (
                tuple(row),
                [t for (t,) in source.execute("SELECT tag FROM event_tags WHERE seq = ?", row[:1])],
            )
            for row in source.execute(
                f"SELECT {', '.join(columns)} FROM events WHERE type = 'assessment_shown' "
                "ORDER BY seq DESC LIMIT ?",
                (args.appends,),
            )
        ]
        source.close()
        copies = {size: folder / f"pages-{size}.sqlite3" for size in sizes}
        events = {size: compact_copy(args.store, copy, size) for size, copy in copies.items()}
        rates: dict[int, list[float]] = {size: [] for size in sizes}
        for _ in range(args.rounds):
            for size in sizes:
                rates[size].append(durable_appends(copies[size], rows, columns))
        base_bytes = copies[PAGE_SIZE].stat().st_size / events[PAGE_SIZE]
        base_rate = statistics.median(rates[PAGE_SIZE])
        print(f"{args.store}: {events[PAGE_SIZE]} events; {len(rows)} appends a round")
        print(f"{'page':>6} {'B/event':>9} {'vs 16 KiB':>9} {'appends/s':>10} {'vs 16 KiB':>9}")
        for size in sizes:
            size_bytes = copies[size].stat().st_size / events[size]
            rate = statistics.median(rates[size])
            print(
                f"{size:>6} {size_bytes:>9.0f} {size_bytes / base_bytes:>8.2f}× "
                f"{rate:>10.0f} {rate / base_rate:>8.2f}×"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
