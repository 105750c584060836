"""The default pack loads cleanly, passes its own examples, and covers DOMAIN.md."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tellerguard.domain.case import parse_case_json
from tellerguard.domain.tags import PROFILE_TAGS, TYPOLOGY_TAGS
from tellerguard.engine.assess import assess
from tellerguard.engine.pack import RulePack, load_pack
from tellerguard.engine.selftest import run_selftest
from tellerguard.resources import default_rules_dir

ROOT = Path(__file__).resolve().parents[2]
ON = date(2026, 11, 25)


@pytest.fixture(scope="module")
def pack() -> RulePack:
    return load_pack(default_rules_dir())


def test_every_example_and_pack_check_passes(pack: RulePack) -> None:
    report = run_selftest(pack)
    assert report.ok, "\n".join(str(f) for f in report.failures)
    assert report.examples_run >= 2 * len(pack.rules)


def test_every_rule_family_of_domain_is_present(pack: RulePack) -> None:
    ids = {r.rule.id for r in pack.rules}
    families = [
        "OPEN-MINOR",
        "OPEN-CLASS1",
        "OPEN-ABNORMAL",
        "OPEN-COMPANION",
        "OPEN-AGENT",
        "OPEN-COACHED",
        "OPEN-PHONE",
        "OPEN-OUTAREA",
        "OPEN-ELDERLY",
        "OPEN-STUDENT",
        "OPEN-MIGRANT",
        "OPEN-DECLARATION",
        "OPEN-PURPOSE",
        "XFER-ELDERLY",
        "XFER-GROUP",
        "XFER-COACHED",
        "XFER-AUTHORITY",
        "XFER-FEE",
        "XFER-INVEST",
        "XFER-ACQUAINTANCE",
        "XFER-OFFICIAL",
        "XFER-STORY",
        "XFER-MULE",
        "XFER-SHOPPING",
        "XFER-AML",
        "NOTES",
        "HIST",
    ]
    missing = [f for f in families if not any(i == f or i.startswith(f + "-") for i in ids)]
    assert missing == []
    tags = {t for r in pack.rules for t in r.rule.tags}
    assert set(TYPOLOGY_TAGS) | set(PROFILE_TAGS) <= tags


def test_reminder_levels_carry_a_script_and_questions(pack: RulePack) -> None:
    for compiled in pack.rules:
        rule = compiled.rule
        if rule.level in ("second_reminder", "manager_approval", "refuse"):
            assert rule.script, f"{rule.id} has no script to read aloud"
            assert rule.references, f"{rule.id} names no law or notice"


def test_out_of_area_alone_is_never_refused(pack: RulePack) -> None:
    for compiled in pack.rules:
        if "out_of_area" in compiled.rule.tags:
            assert compiled.rule.level in ("notice", "second_reminder"), compiled.rule.id


EXPECTED = {
    "01_local_payroll_opening.json": "notice",
    "02_elderly_son_transfer.json": "second_reminder",
    "03_wechat_friend_100k.json": "manager_approval",
    "04_safe_account.json": "refuse",
    "05_student_companion_opening.json": "refuse",
    "10_migrant_remit_home.json": "pass",
}


@pytest.mark.parametrize(("name", "level"), sorted(EXPECTED.items()))
def test_example_cases_get_the_level_a_teller_expects(
    pack: RulePack, name: str, level: str
) -> None:
    text = (ROOT / "examples" / name).read_text(encoding="utf-8")
    case = parse_case_json(text, on=ON)
    result = assess(pack, case, branch_region="410102", on=ON)
    assert result.level == level, [h.rule_id for h in result.hits]
    for hit in result.hits:
        assert hit.explanation and "{" not in hit.explanation
        assert hit.rule_id not in hit.explanation


def test_batch_file_is_valid_json_lines() -> None:
    lines = (ROOT / "examples" / "batch.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 5
    for line in lines:
        parse_case_json(line, on=ON)
        assert json.loads(line)["kind"] in ("opening", "transfer")
