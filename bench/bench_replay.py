"""Rule pack replay benchmark: the last 1,000 recorded cases judged by the pack in force and a
proposed one, with each customer's real 30-day history (services/rule_changes.py).

Prints the replay beside a baseline measured in the same run on the same cases: decrypting and
judging them by both packs with an empty history (what the replay did before it read the
history), so the ratio is the price of the real history and the lists.

Run: .venv/bin/python bench/bench_replay.py [--events N] [--last N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulk_store import build_store

from tellerguard.domain.case import parse_case
from tellerguard.domain.sealing import unseal_case
from tellerguard.engine.pack import load_pack
from tellerguard.resources import default_rules_dir
from tellerguard.services.demo import demo_settings
from tellerguard.services.demo.lists import DEMO_RULES_PASSWORD
from tellerguard.services.rule_changes import replay_cases
from tellerguard.services.rules import Assessor, load_rules
from tellerguard.services.workstation import open_workstation


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=6000)
    parser.add_argument("--last", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tg-bench-replay-"))
    try:
        db = work / "store.sqlite3"
        build_store(db, args.events, sample=1500, per_day=200)
        settings = demo_settings(db)
        old = load_rules(settings)
        new = load_pack(default_rules_dir(), {"elderly_age": 75})
        with open_workstation(settings) as ws:
            session = ws.login("rules01", DEMO_RULES_PASSWORD)
            started = time.perf_counter()
            report = replay_cases(ws, session, old, new, last=args.last)
            replay = time.perf_counter() - started
            # Baseline: the same cases decrypted and judged by both packs, empty history.
            started = time.perf_counter()
            before, after = Assessor(old, settings.region), Assessor(new, settings.region)
            judged = 0
            for event in ws.store.latest_assessments(args.last):
                record = event.data()
                data = record["payload"]
                on = date.fromisoformat(str(data.get("business_date") or record["at"][:10]))
                case = parse_case(unseal_case(data, ws.store.cipher), on=on)
                before.assess(case, on=on)
                after.assess(case, on=on)
                judged += 1
            baseline = time.perf_counter() - started
        print(f"load average {os.getloadavg()[0]:.1f}; store {args.events} events")
        print(
            f"replay of {report.cases} cases (real history, lists): {replay * 1000:.0f} ms "
            f"({replay / report.cases * 1000:.2f} ms a case); moved up {report.up}, "
            f"down {report.down}"
        )
        print(
            f"baseline, the same {judged} cases with an empty history: {baseline * 1000:.0f} ms; "
            f"ratio {replay / baseline:.2f}x"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
