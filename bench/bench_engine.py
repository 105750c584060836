"""Rule-engine benchmark: the default pack on realistic cases, side by side with baselines.

Prints median / p99 time per case and cases per second for:
  1. our compiled pack (rule evaluation alone, facts computed beforehand);
  2. a hand-written Python function of the same conditions (bench/handwritten.py);
  3. rule-engine (PyPI), an established expression engine, on the same conditions;
  4. the whole assess of one case (JSON parsed and validated, facts, rules, explanations, the
     result) on a realistic mix — the examples/ folder and the ordinary-day customers of
     bench/ordinary_day.py — by today's path and by the straightforward reference path
     (bench/reference_assess.py, the code before issue 13's speed-ups), each case new (no
     cache has seen its customer) and again (the form re-assesses on every keystroke);
     then the rule examples' cases, which fire many rules;
  5. building a hit and an assessment with pydantic's validation against engine_made, which
     trusts what the engine made (as assess does).
Every engine is checked to give the same hits as ours, and the whole assess the very same
assessment as the reference path, before it is timed.

Run: .venv/bin/python bench/bench_engine.py [--cases N]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handwritten import evaluate as handwritten_evaluate
from ordinary_day import ordinary_cases
from reference_assess import reference_assess_json
from rule_engine_translate import matching_form

from tellerguard.domain.assessment import Assessment, Hit, engine_made
from tellerguard.domain.case import dump_case, parse_case, parse_case_json
from tellerguard.domain.facts import NO_HISTORY, compute_facts
from tellerguard.engine.assess import assess
from tellerguard.engine.pack import RulePack, load_pack
from tellerguard.engine.selftest import apply_set
from tellerguard.resources import default_rules_dir

ON = date(2026, 11, 25)
REGION = "410102"


def realistic_cases(pack: RulePack, count: int, seed: int = 7) -> list[Any]:
    """Cases built from every rule example plus random variations of the bases."""
    assert pack.bases is not None
    rng = random.Random(seed)
    templates: list[dict[str, Any]] = []
    for compiled in pack.rules:
        for example in compiled.rule.examples:
            if (
                example.on in (None, ON)
                and example.branch_region in (None, REGION)
                and not example.history
            ):
                templates.append(apply_set(pack.bases.cases[example.base], example.set))
    cases = []
    amounts = ["800.00", "3000.00", "12000.00", "50000.00", "99999.99", "200000.00"]
    while len(cases) < count:
        data = json.loads(json.dumps(rng.choice(templates)))
        if data["kind"] == "transfer":
            data["transfer"]["amount"] = rng.choice(amounts)
            data["transfer"]["first_time_payee"] = rng.random() < 0.4
        data["on_phone"] = rng.random() < 0.05
        cases.append(parse_case(data, on=ON))
    return cases


def timed(
    label: str, fn: Callable[[Any], Any], items: list[Any], repeat: int = 5, cpu: bool = False
) -> dict[str, Any]:
    """Wall time per item; with ``cpu``, also the thread's CPU time, which the other programs
    on these shared cores do not inflate (reading it costs about a microsecond, so it is
    taken only for the whole assess)."""
    samples: list[float] = []
    cpu_samples: list[float] = []
    for _ in range(repeat):
        for item in items:
            if cpu:
                cpu_start = time.thread_time_ns()
            start = time.perf_counter_ns()
            fn(item)
            samples.append((time.perf_counter_ns() - start) / 1000)
            if cpu:
                cpu_samples.append((time.thread_time_ns() - cpu_start) / 1000)
    total = sum(samples) / 1e6
    row = {"label": label, "per_s": len(samples) / total if total else float("inf")}
    row["median_us"], row["p99_us"] = median_p99(samples)
    if cpu:
        row["cpu_median_us"], row["cpu_p99_us"] = median_p99(cpu_samples)
    return row


def timed_pair(
    a: tuple[str, Callable[[Any], Any]],
    b: tuple[str, Callable[[Any], Any]],
    items: list[Any],
    repeat: int = 5,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two functions timed item by item in turn, so both meet the same load on these shared
    cores and their ratio means something even when the machine is busy. Which goes first
    alternates: the second would otherwise find the item already in the CPU's caches."""
    samples: tuple[list[float], list[float]] = ([], [])
    both = list(zip((a, b), samples, strict=True))
    for _ in range(repeat):
        for index, item in enumerate(items):
            for (_, fn), out in both if index % 2 else both[::-1]:
                start = time.perf_counter_ns()
                fn(item)
                out.append((time.perf_counter_ns() - start) / 1000)
    rows = []
    for (label, _), out in zip((a, b), samples, strict=True):
        median, p99 = median_p99(out)
        total = sum(out) / 1e6
        rows.append({"label": label, "median_us": median, "p99_us": p99, "per_s": len(out) / total})
    return rows[0], rows[1]


def median_p99(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def rule_engine_compiled(pack: RulePack) -> Callable[[Any], list[str]] | None:
    """The pack's conditions in rule-engine's language, where they translate."""
    try:
        import rule_engine
    except ImportError:
        return None
    from rule_engine_translate import translate

    context = rule_engine.Context(resolver=rule_engine.resolve_attribute, default_value=None)
    compiled: list[tuple[str, str, Any]] = []
    for rule in pack.rules:
        if rule.rule.status == "deprecated":
            continue
        text = translate(rule.rule.condition, pack.params)
        compiled.append(
            (
                rule.rule.id,
                rule.rule.kinds[0] if len(rule.rule.kinds) == 1 else "*",
                rule_engine.Rule(text, context=context),
            )
        )

    def run(bundle: Any) -> list[str]:
        kind = bundle.case.kind
        return [rid for rid, k, r in compiled if k in ("*", kind) and r.matches(bundle)]

    return run


class Bundle:
    """The names a condition sees, as one object for engines that resolve attributes."""

    def __init__(self, case: Any, facts: Any, list_ids: Iterable[str]) -> None:
        self.case = case
        self.customer = case.customer
        self.opening = getattr(case, "opening", None)
        self.transfer = getattr(case, "transfer", None)
        # rule-engine reads a named tuple as an array, not by attribute: a plain object.
        self.facts = SimpleNamespace(**facts._asdict())
        self.history = NO_HISTORY
        self.notes_matching = matching_form(case.notes)
        # The pack's risk lists, none loaded (as the compiled pack sees them here): empty sets.
        self.lists = SimpleNamespace(**{list_id: set() for list_id in list_ids})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    args = parser.parse_args()
    pack = load_pack(default_rules_dir())
    cases = realistic_cases(pack, args.cases)
    facts = [compute_facts(c, branch_region=REGION, on=ON) for c in cases]
    pairs = list(zip(cases, facts, strict=True))

    def ours(pair: Any) -> list[str]:
        return [pack.rules[i].rule.id for i in pack.matching(pair[0], pair[1], NO_HISTORY)]

    def matching(pair: Any) -> list[int]:
        # What the engine runs (indexes of the rules that hold); ours() names them, for the
        # comparison with the hand-written function, which returns rule ids.
        return pack.matching(pair[0], pair[1], NO_HISTORY)

    def hand(pair: Any) -> list[str]:
        return handwritten_evaluate(pair[0], pair[1], NO_HISTORY)

    for pair in pairs:
        assert sorted(ours(pair)) == sorted(hand(pair)), (
            dump_case(pair[0]),
            ours(pair),
            hand(pair),
        )
    rows = list(
        timed_pair(
            ("compiled pack (ours), rules only", matching),
            ("hand-written Python, same rules", hand),
            pairs,
        )
    )
    # The phrase matcher caches by note text (a form re-assesses on every keystroke while the
    # notes stay the same); a note never seen before pays for normalising and matching.
    fresh = []
    for n, (case, fact) in enumerate(pairs * 5):
        data = dump_case(case)
        data["notes"] = f"{data['notes']}（{n}）"
        fresh.append((parse_case(data, on=ON), fact))
    rows.append(timed("compiled pack, rules only, every note new (no cache)", matching, fresh, 1))
    engine = rule_engine_compiled(pack)
    if engine is not None:
        bundles = [Bundle(c, f, pack.lists) for c, f in pairs]
        sample = bundles[: max(1, len(bundles) // 10)]
        for bundle, pair in zip(sample, pairs, strict=False):
            assert sorted(engine(bundle)) == sorted(ours(pair)), (engine(bundle), ours(pair))
        import rule_engine

        rows.append(
            timed(
                f"rule-engine {rule_engine.__version__} (PyPI), same rules",
                engine,
                sample,
                repeat=1,
            )
        )
    whole_rows = whole_assess_rows(pack, args.cases)
    whole_rows += construct_rows(pack, pairs)
    print(
        f"pack {pack.id} {pack.version}: {len(pack.rules)} rules, {len(cases)} cases, "
        f"python {sys.version.split()[0]}, load average {load_average()}"
    )
    print(
        f"{'engine':<72} {'median µs':>10} {'p99 µs':>10} {'CPU med':>8} {'CPU p99':>8} "
        f"{'cases/s':>10}"
    )
    for row in rows + whole_rows:
        cpu = (
            f"{row['cpu_median_us']:>8.2f} {row['cpu_p99_us']:>8.2f}"
            if "cpu_median_us" in row
            else f"{'-':>8} {'-':>8}"
        )
        print(
            f"{row['label']:<72} {row['median_us']:>10.2f} {row['p99_us']:>10.2f} {cpu} "
            f"{row['per_s']:>10,.0f}"
        )
    hand_median = rows[1]["median_us"]
    ratio = rows[0]["median_us"] / hand_median
    print(f"compiled / hand-written median: {ratio:.2f}x (target ≤ 1.2x)")
    for label, row, before in (
        ("each case new", whole_rows[1], whole_rows[0]),
        ("same case again", whole_rows[3], whole_rows[2]),
        ("rule examples", whole_rows[5], whole_rows[4]),
    ):
        met = row["median_us"] <= 50 and row["p99_us"] <= 200
        cpu_met = row["cpu_median_us"] <= 50 and row["cpu_p99_us"] <= 200
        print(
            f"whole assess, {label}: median {row['median_us']:.1f} µs, p99 "
            f"{row['p99_us']:.1f} µs (≤ 50 / ≤ 200: {'met' if met else 'NOT met'}; CPU time "
            f"{row['cpu_median_us']:.1f} / {row['cpu_p99_us']:.1f}: "
            f"{'met' if cpu_met else 'NOT met'}); {row['median_us'] / hand_median:.1f}x the "
            f"hand-written rules; {before['median_us'] / row['median_us']:.2f}x faster than "
            "the reference path"
        )


def construct_rows(pack: RulePack, pairs: list[Any]) -> list[dict[str, Any]]:
    """Building the engine's own results: pydantic validation against engine_made (which
    trusts what the engine made, as assess does), on the hits and assessments of real cases,
    item by item in turn. (pydantic's model_construct, the documented way to skip
    validation, was slower than validating in this pydantic: 3.5 against 2.9 µs a hit.)"""
    results = [assess(pack, c, branch_region=REGION, on=ON) for c, _ in pairs[:300]]
    hits = [dict(h) for r in results for h in r.hits]
    made = [dict(r) for r in results]
    for hit in hits:
        assert engine_made(Hit, dict(hit)) == Hit(**hit)
    rows = list(
        timed_pair(
            ("building a Hit, validated", lambda h: Hit(**h)),
            ("building a Hit, engine_made (what assess does)", lambda h: engine_made(Hit, dict(h))),
            hits,
        )
    )
    rows += timed_pair(
        ("building the Assessment, validated", lambda a: Assessment(**a)),
        (
            "building the Assessment, engine_made (what assess does)",
            lambda a: engine_made(Assessment, dict(a)),
        ),
        made,
    )
    return rows


def load_average() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


def mixed_texts(count: int, seed: int) -> list[str]:
    """The JSON of the example cases and of ``count`` ordinary-day customers (all assessed on
    the bench's date at its branch), in a shuffled order."""
    root = Path(__file__).resolve().parents[1] / "examples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("*.json"))]
    texts += [json.dumps(c, ensure_ascii=False) for c in ordinary_cases(count, seed=seed)]
    random.Random(seed).shuffle(texts)
    return texts


def whole_assess_rows(pack: RulePack, count: int) -> list[dict[str, Any]]:
    """The whole assess by the reference path and by today's, on new cases and again."""

    def fast(text: str) -> Any:
        return assess(pack, parse_case_json(text, on=ON), branch_region=REGION, on=ON)

    def reference(text: str) -> Any:
        return reference_assess_json(pack, text, branch_region=REGION, on=ON)

    # Checked on customers of their own first, so the timed ones below are new to every cache.
    for text in mixed_texts(200, seed=11):
        assert fast(text) == reference(text), text
    texts = mixed_texts(count, seed=13)
    # Today's path first: the reference path's case models fill the ID and phone caches too.
    new_fast = timed(
        f"whole assess, {len(texts)} cases (examples/ + ordinary day), each new",
        fast,
        texts,
        1,
        cpu=True,
    )
    new_reference = timed(
        "whole assess, reference path, the same cases", reference, texts, 1, cpu=True
    )
    for text in texts:
        assert fast(text) == reference(text), text
    again = [t for t in texts[: count // 5] for _ in range(5)]
    scams = [
        json.dumps(dump_case(c), ensure_ascii=False) for c in realistic_cases(pack, count // 2)
    ]
    for text in scams:
        assert fast(text) == reference(text), text
    return [
        new_reference,
        new_fast,
        timed("whole assess, reference path, the same case 5 times", reference, again, 1, True),
        timed(
            "whole assess, the same case 5 times (form re-assesses per key)", fast, again, 1, True
        ),
        timed("whole assess, reference path, rule examples' cases", reference, scams, 1, True),
        timed("whole assess, rule examples' cases (many hits)", fast, scams, 1, True),
    ]


if __name__ == "__main__":
    main()
