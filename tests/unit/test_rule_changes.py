"""A rule pack change before approval: the diff against the active pack, and the replay of the
store's last recorded cases under both packs (services/rule_changes.py, `tellerguard rules
diff` / `rules replay`). A pack that raises a threshold moves cases down, one that adds a rule
moves them up; the replay reads personal data only inside and records that it did."""

from __future__ import annotations

import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tellerguard.auth.errors import PermissionDenied
from tellerguard.cli import main
from tellerguard.engine.pack import load_pack
from tellerguard.resources import default_rules_dir
from tellerguard.services.demo import demo_settings
from tellerguard.services.demo.lists import DEMO_RULES_PASSWORD
from tellerguard.services.desk import Desk
from tellerguard.services.rule_changes import diff_packs
from tellerguard.services.rules import RulePack
from tellerguard.services.workstation import Workstation, open_workstation

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bulk_store import build_store

RULES_PASSWORD = DEMO_RULES_PASSWORD
EXTRA_RULE = """rules:
  - id: XFER-ANY-LARGE
    title: 五万元以上转账须主管授权
    kinds: [transfer]
    level: manager_approval
    status: stable
    tags: [unclear_purpose]
    condition: transfer.amount >= 50000
    reason: 转账金额 {transfer.amount} 元，达到五万元
    references: [测试规则]
    script: [大额转账请再核实一下收款人。]
    questions: [收款人是谁？]
    examples:
      - expect: match
        name: 十万
        base: transfer
        set: {transfer.amount: "100000.00"}
      - expect: no_match
        name: 一千
        base: transfer
        set: {transfer.amount: "1000.00"}
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("replay") / "store.sqlite3"
    build_store(db, 1500, sample=500, per_day=120)
    return db  # the demo branch has its rule administrator, rules01


@pytest.fixture
def workstation(store: Path) -> Iterator[Workstation]:
    with open_workstation(demo_settings(store)) as ws:
        yield ws


@pytest.fixture
def rules_desk(workstation: Workstation) -> Desk:
    return Desk(workstation, workstation.login("rules01", RULES_PASSWORD))


@pytest.fixture(scope="module")
def active() -> RulePack:
    return load_pack(default_rules_dir())


@pytest.fixture(scope="module")
def added_rule(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("packs") / "with_rule"
    shutil.copytree(default_rules_dir(), folder)
    (folder / "extra.yaml").write_text(EXTRA_RULE, encoding="utf-8")
    return folder


def test_raising_a_threshold_moves_cases_down_and_shows_the_stopped_ones_first(
    rules_desk: Desk, workstation: Workstation, active: RulePack
) -> None:
    raised = load_pack(default_rules_dir(), {"elderly_age": 75})
    before = workstation.store.head.seq
    report = rules_desk.replay(active, raised, last=400)
    assert report.cases == 400 and report.down > 0 and report.up == 0
    assert all(LEVEL[case.new] < LEVEL[case.old] for case in report.moved)
    # Cases the change would let through come first, each a stopped one.
    through = report.let_through
    assert report.moved[: len(through)] == sorted(through, key=lambda c: c.seq)
    assert all(case.stopped for case in through)
    # Customers are shown masked only.
    text = "\n".join(report.lines())
    # An ID number stands alone; 18 digits inside a hexadecimal case reference are not one.
    assert not re.search(r"\b\d{17}[\dX]\b", text) and "****" in text
    # The replay read personal data: recorded once, with every case it read.
    recorded = workstation.store.event(before + 1)
    assert recorded is not None
    payload = recorded.data()["payload"]
    assert payload["purpose"] == "case_replay" and len(payload["seqs"]) == 400


def test_adding_a_rule_moves_cases_up(rules_desk: Desk, active: RulePack, added_rule: Path) -> None:
    report = rules_desk.replay(active, load_pack(added_rule), last=400)
    assert report.up > 0 and report.down == 0 and not report.let_through
    assert all(LEVEL[case.new] > LEVEL[case.old] for case in report.moved)


def test_the_same_pack_moves_nothing(rules_desk: Desk, active: RulePack) -> None:
    report = rules_desk.replay(active, active, last=50)
    assert report.cases == 50 and report.up == report.down == 0 and not report.moved


def test_only_a_rule_administrator_replays(workstation: Workstation, active: RulePack) -> None:
    for name, password in (("supervisor01", "Super#2026"), ("teller01", "Teller#2026")):
        desk = Desk(workstation, workstation.login(name, password))
        with pytest.raises(PermissionDenied):
            desk.replay(active, active, last=10)


def test_the_diff_names_rules_and_parameters(active: RulePack, added_rule: Path) -> None:
    diff = diff_packs(active, load_pack(added_rule, {"elderly_age": 65}))
    assert [rule_id for rule_id, _ in diff.added] == ["XFER-ANY-LARGE"]
    assert diff.removed == [] and diff.changed == []
    assert diff.params == [("elderly_age", 60, 65)]
    assert diff_packs(active, active).empty


def test_the_command_line_diffs_and_replays(
    store: Path, added_rule: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", "diff", str(default_rules_dir()), str(added_rule)]) == 0
    assert "+ rule XFER-ANY-LARGE: 五万元以上转账须主管授权" in capsys.readouterr().out
    broken = tmp_path / "broken"
    shutil.copytree(added_rule, broken)
    (broken / "extra.yaml").write_text(EXTRA_RULE.replace("transfer.amount >=", "nope >="))
    assert main(["rules", "diff", str(default_rules_dir()), str(broken)]) == 2
    assert "extra.yaml:8" in capsys.readouterr().err
    password = tmp_path / "pw"
    password.write_text(RULES_PASSWORD)
    who = ["--config", str(store.with_suffix(".toml")), "--operator", "rules01"]
    args = ["rules", "replay", str(added_rule), *who, "--password-file", str(password)]
    assert main([*args, "--last", "100"]) == 0  # a stricter pack lets nothing through
    assert "replayed the last 100 recorded cases" in capsys.readouterr().out
    assert main([*args, "--last", "0"]) == 2


def test_stats_breakdowns_and_rule_rates_from_the_command_line(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    password = tmp_path / "pw"
    password.write_text("Super#2026")
    xlsx = tmp_path / "stats.xlsx"
    who = ["--config", str(store.with_suffix(".toml")), "--operator", "supervisor01"]
    args = ["audit", "stats", "--from", "2024-01-01", "--to", "2024-12-31", "--by", "week"]
    capsys.readouterr()
    assert (
        main([*args, "--rules", "--xlsx", str(xlsx), *who, "--password-file", str(password)]) == 0
    )
    out = capsys.readouterr().out
    lines = out.splitlines()
    header = lines.index("\t".join(("group", "assessments", "reminders", "authorizations",
                                    "refusals", "dissuaded", "police", "transfers stopped",
                                    "amount protected (CNY)")))  # fmt: skip
    weeks = []
    for line in lines[header + 1 :]:
        if not line[:4].isdigit():
            break
        weeks.append(line.split("\t"))
    # Every group is a Monday, and the assessments per week add up to the reference.
    assert weeks and all(date.fromisoformat(w[0]).weekday() == 0 for w in weeks)
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        shown = db.execute(
            "SELECT count(*) FROM events WHERE type = 'assessment_shown' "
            "AND at >= '2024-01-01' AND at < '2025-01-01'"
        ).fetchone()[0]
    assert sum(int(w[1]) for w in weeks) == shown
    # Rules by title with their rates; the workbook was written.
    assert "fire rate" in out and "%" in out
    assert xlsx.read_bytes()[:2] == b"PK"
    # A name without the ending gets it, as a save dialog gives it: a spreadsheet program
    # opens the file by its name.
    bare = tmp_path / "周报"
    assert main([*args, "--xlsx", str(bare), *who, "--password-file", str(password)]) == 0
    assert f"statistics written to {bare}.xlsx" in capsys.readouterr().out
    assert not bare.exists() and bare.with_name("周报.xlsx").read_bytes()[:2] == b"PK"
    # Bad input: a breakdown that does not exist is a usage error.
    assert main([*args[:-1], "hour", *who, "--password-file", str(password)]) == 2


LEVEL = {name: index for index, name in enumerate(
    ("pass", "notice", "second_reminder", "manager_approval", "refuse")
)}  # fmt: skip
