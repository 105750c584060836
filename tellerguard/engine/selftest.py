"""Run a pack's own examples and whole-pack checks (``tellerguard rules test``)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from tellerguard.domain.case import CaseError, parse_case
from tellerguard.domain.facts import History
from tellerguard.domain.levels import LEVEL_RANK
from tellerguard.engine.assess import assess
from tellerguard.engine.lists import example_lists
from tellerguard.engine.pack import RulePack
from tellerguard.engine.schema import Example, PackCheck


@dataclass(frozen=True)
class ExampleFailure:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class SelfTestReport:
    examples_run: int
    checks_run: int
    failures: list[ExampleFailure]

    @property
    def ok(self) -> bool:
        return not self.failures


def apply_set(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``base`` with dotted-path values replaced (``transfer.amount: "60000.00"``)."""
    result = copy.deepcopy(base)
    for path, value in changes.items():
        target = result
        parts = path.split(".")
        for part in parts[:-1]:
            nested = target.get(part)
            if not isinstance(nested, dict):
                raise KeyError(f"'{path}': '{part}' is not an object in the base case")
            target = nested
        target[parts[-1]] = value
    return result


_HISTORY_FIELDS = {f.name for f in fields(History)}


def history_from(data: dict[str, Any]) -> History:
    unknown = sorted(set(data) - _HISTORY_FIELDS)
    if unknown:
        raise KeyError(f"unknown history field '{unknown[0]}'")
    values: dict[str, Any] = {
        k: Decimal(str(v)) if k.endswith("_amount") else v for k, v in data.items()
    }
    return History(**values)


def run_example(pack: RulePack, example: Example | PackCheck) -> tuple[Any, str | None]:
    """The assessment of one example or check case, or why it cannot be built."""
    base, changes, on, region = example.base, example.set, example.on, example.branch_region
    history, lists = example.history, example.lists
    bases = pack.bases
    if bases is None:
        return None, "the pack has no bases.yaml to build examples from"
    if base not in bases.cases:
        return None, f"unknown base case '{base}' (bases.yaml has: {', '.join(bases.cases)})"
    day = on or bases.defaults.on
    try:
        declared = {i: (spec.key, spec.title) for i, spec in pack.lists.items()}
        bound = example_lists(declared, lists)
    except ValueError as exc:
        return None, f"bad example lists: {exc}"
    try:
        data = apply_set(bases.cases[base], changes)
        hist = history_from(history)
        case = parse_case(data, on=day)
    except KeyError as exc:
        return None, str(exc.args[0])
    except CaseError as exc:
        return None, f"example case is not a valid case: {exc}"
    except (TypeError, ValueError) as exc:
        return None, f"bad history: {exc}"
    result = assess(
        pack,
        case,
        branch_region=region or bases.defaults.branch_region,
        on=day,
        history=hist,
        lists=bound,
    )
    return result, None


def run_selftest(pack: RulePack) -> SelfTestReport:
    """Every active rule's examples, then bases.yaml's checks; failures name rule and case."""
    failures: list[ExampleFailure] = []
    examples = 0
    for compiled in pack.rules:
        rule = compiled.rule
        if rule.status == "deprecated":
            continue
        kinds_seen = {e.expect for e in rule.examples}
        if kinds_seen != {"match", "no_match"}:
            failures.append(
                ExampleFailure(
                    compiled.where,
                    f"rule {rule.id} needs at least one match and one no_match example",
                )
            )
        for index, example in enumerate(rule.examples):
            examples += 1
            line = (
                compiled.example_lines[index]
                if index < len(compiled.example_lines)
                else compiled.line
            )
            label = f"rule {rule.id} example {index + 1}" + (
                f" ({example.name})" if example.name else ""
            )
            where = f"{compiled.file}:{line}"
            result, problem = run_example(pack, example)
            if problem is not None:
                failures.append(ExampleFailure(where, f"{label}: {problem}"))
                continue
            fired = any(hit.rule_id == rule.id for hit in result.hits)
            if fired != (example.expect == "match"):
                others = ", ".join(h.rule_id for h in result.hits) or "none"
                expected = "to fire" if example.expect == "match" else "not to fire"
                failures.append(
                    ExampleFailure(
                        where,
                        f"{label}: expected {rule.id} {expected}, but it "
                        f"{'did' if fired else 'did not'} (rules that fired: {others})",
                    )
                )
    checks = 0
    if pack.bases is not None:
        for check in pack.bases.checks:
            checks += 1
            where = f"bases.yaml check '{check.name}'"
            result, problem = run_example(pack, check)
            if problem is not None:
                failures.append(ExampleFailure(where, problem))
                continue
            rank = LEVEL_RANK[result.level]
            hits = ", ".join(f"{h.rule_id}={h.level}" for h in result.hits) or "none"
            if check.max_level is not None and rank > LEVEL_RANK[check.max_level]:
                failures.append(
                    ExampleFailure(
                        where, f"level {result.level} is above {check.max_level} (hits: {hits})"
                    )
                )
            if check.min_level is not None and rank < LEVEL_RANK[check.min_level]:
                failures.append(
                    ExampleFailure(
                        where, f"level {result.level} is below {check.min_level} (hits: {hits})"
                    )
                )
    return SelfTestReport(examples, checks, failures)


@dataclass(frozen=True)
class RuleReading:
    """A rule as a reviewer reads it: its reason rendered on its first matching example."""

    rule_id: str
    title: str
    level: str
    where: str
    example: str | None
    sentence: str | None


def example_readings(pack: RulePack) -> list[RuleReading]:
    """Every active rule, in pack order, with the sentence its first match example shows."""
    readings = []
    for compiled in pack.rules:
        rule = compiled.rule
        if rule.status == "deprecated":
            continue
        sentence = example = None
        for candidate in rule.examples:
            if candidate.expect != "match":
                continue
            result, _problem = run_example(pack, candidate)
            hit = next((h for h in result.hits if h.rule_id == rule.id), None) if result else None
            if hit is not None:
                sentence, example = hit.explanation, candidate.name
                break
        readings.append(
            RuleReading(rule.id, rule.title, rule.level, compiled.where, example, sentence)
        )
    return readings
