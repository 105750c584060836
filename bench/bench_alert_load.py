"""Alert load on an ordinary day: the default pack over seeded ordinary customers.

Prints how many of N ordinary cases (bench/ordinary_day.py, same seed every run) end at each
level, which rules put them at manager approval or above, and the same figures measured on the
pack before the issue-19 detection-gap changes (bench/alert_load_baseline.json, written by
``--write-baseline`` on the unchanged tree). Budget: none refused, at most 2 % at manager
approval.

Run: .venv/bin/python bench/bench_alert_load.py [--cases N] [--seed S] [--rules DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ordinary_day import BRANCH_REGION, ON, alert_load, ordinary_cases

from tellerguard.domain.case import parse_case
from tellerguard.engine.assess import assess
from tellerguard.engine.pack import load_pack
from tellerguard.resources import default_rules_dir

BASELINE = Path(__file__).resolve().parent / "alert_load_baseline.json"
LEVELS = ("pass", "notice", "second_reminder", "manager_approval", "refuse")


def measure(rules: Path, count: int, seed: int) -> dict[str, Any]:
    pack = load_pack(rules)

    def one(data: dict[str, Any]) -> Any:
        case = parse_case(data, on=ON)
        return assess(pack, case, branch_region=BRANCH_REGION, on=ON)

    load = alert_load(ordinary_cases(count, seed), one)
    load.update(pack=f"{pack.id} {pack.version}", seed=seed)
    return load


def _column(load: dict[str, Any] | None, level: str) -> str:
    if load is None:
        return "-"
    n = load["levels"].get(level, 0)
    return f"{n:>5} ({100 * n / load['cases']:5.1f} %)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rules", type=Path, default=default_rules_dir())
    parser.add_argument("--write-baseline", action="store_true")
    args = parser.parse_args()
    now = measure(args.rules, args.cases, args.seed)
    if args.write_baseline:
        BASELINE.write_text(json.dumps(now, ensure_ascii=False, indent=1) + "\n", "utf-8")
    before = json.loads(BASELINE.read_text("utf-8")) if BASELINE.is_file() else None
    if before is not None and (before["cases"], before["seed"]) != (args.cases, args.seed):
        before = None
    print(f"ordinary day: {now['cases']} seeded cases (seed {now['seed']})")
    print(
        f"{'level':<18} {'before (' + (before or {}).get('pack', '?') + ')':>24} "
        f"{'now (' + now['pack'] + ')':>24}"
    )
    for level in LEVELS:
        print(f"{level:<18} {_column(before, level):>24} {_column(now, level):>24}")
    print("rules at manager approval or above (now):")
    for rule, n in sorted(now["strict_rules"].items(), key=lambda kv: (-kv[1], kv[0])):
        was = (before or {}).get("strict_rules", {}).get(rule, 0)
        print(f"  {rule:<28} {n:>5}   (before {was})")
    refused = now["levels"].get("refuse", 0)
    manager = now["levels"].get("manager_approval", 0) / now["cases"]
    ok = refused == 0 and manager <= 0.02
    print(f"budget (none refused, ≤ 2 % at manager approval): {'met' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
