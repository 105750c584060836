"""What the console's progress bar and cancel button cost a verification.

The console verifies on a worker thread, telling the window how far it has come and asking
whether to stop every ``PROGRESS_EVERY`` events. This runs ``verify_store`` on the same store
without and with both (a progress callback that records, a cancel check on a
``threading.Event``, as the window's worker does), interleaved, best of ``--runs``, and
prints the figures side by side as a ratio from the same run.

    .venv/bin/python bench/bench_verify_progress.py [--db STORE] [--events 300000] [--runs 3]

Without ``--db`` a store is built in a temporary folder by ``bench/bulk_store.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk_store import build_store

from tellerguard.audit.verify import PROGRESS_EVERY, verify_store


def once(**options: object) -> tuple[float, int]:
    started = time.perf_counter()
    report = verify_store(STORE, **options)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    assert report.ok, report.lines()
    return seconds, report.events


def main() -> int:
    global STORE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing store (default: build one)")
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.db is None:
        folder = Path(tempfile.mkdtemp(prefix="tg-bench-verify-"))
        STORE = folder / "store.sqlite3"
        print(f"building {args.events:,} events in {STORE} …", flush=True)
        build_store(STORE, args.events, sample=400)
    else:
        STORE = args.db
    reports: list[int] = []
    stop = threading.Event()
    once()  # warm the page cache
    plains, watcheds, events = [], [], 0
    for run in range(args.runs):  # interleaved, first one then the other, so neither is
        for watched in (False, True) if run % 2 == 0 else (True, False):  # always second
            if watched:
                seconds, _ = once(
                    progress=lambda done, total: reports.append(done), cancelled=stop.is_set
                )
                watcheds.append(seconds)
            else:
                seconds, events = once()
                plains.append(seconds)
    plain, watched = min(plains), min(watcheds)
    print(f"store: {events:,} events; progress and cancel check every {PROGRESS_EVERY:,}")
    print(f"verify without progress      {plain:7.3f} s  ({events / plain:,.0f} events/s)")
    print(f"verify with progress+cancel  {watched:7.3f} s  ({events / watched:,.0f} events/s)")
    print(f"ratio with/without           {watched / plain:7.3f}")
    print(f"progress reports per run     {len(reports) // args.runs:,}")
    return 0


STORE = Path()

if __name__ == "__main__":
    raise SystemExit(main())
