"""Loading a pack: every problem at once with file:line, the content hash, branch overrides."""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tellerguard.domain.case import parse_case
from tellerguard.engine.assess import assess
from tellerguard.engine.pack import PackError, load_pack, pack_sha256
from tellerguard.engine.selftest import run_selftest

PACK = """\
id: mini
version: "1"
description: 测试规则包
params:
  elderly_age: {type: int, value: 60, min: 0, max: 150, title: 老年年龄线}
  big: {type: money, value: "50000.00", title: 大额线}
"""

BASES = """\
defaults: {on: 2026-11-25, branch_region: "410102"}
cases:
  transfer:
    kind: transfer
    customer: {name: 李强, id_type: resident_id, id_number: "410102199001010012",
               phone: "13903712345", occupation: employee, employer: null, address: null}
    accompanied: false
    companion_answers_for_customer: false
    by_agent: false
    on_phone: false
    screen_sharing: false
    instructed_by_others: false
    told_to_keep_secret: false
    promised_reward: false
    notes: ""
    transfer:
      amount: "3000.00"
      payee_name: 李娜
      payee_account: "6222021234567890128"
      payee_bank: null
      payee_relationship: family
      first_time_payee: false
      purpose: family_support
      met_payee_in_person: true
      verified_by_call: true
      payee_claims_authority: false
      promised_high_return: false
      early_deposit_withdrawal: false
      recent_inflow_from_strangers: false
checks:
  - {name: 普通家庭转账, base: transfer, max_level: pass}
"""

RULE = """\
rules:
  - id: XFER-BIG
    title: 大额转账
    kinds: [transfer]
    level: second_reminder
    status: stable
    tags: [elderly]
    condition: transfer.amount >= params.big and facts.age >= params.elderly_age
    explanation: 客户年龄 {facts.age} 岁，转账金额 {transfer.amount} 元，职业 {customer.occupation}
    examples:
      - expect: match
        base: transfer
        set: {customer.id_number: "410102195403150028", transfer.amount: "60000.00"}
      - expect: no_match
        base: transfer
        set: {customer.id_number: "410102195403150028", transfer.amount: "49999.99"}
"""


def make_pack(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    contents = {"pack.yaml": PACK, "bases.yaml": BASES, "big.yaml": RULE, **files}
    for name, text in contents.items():
        if text:
            (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def test_valid_pack_assesses_and_explains_with_values(tmp_path: Path) -> None:
    pack = load_pack(make_pack(tmp_path))
    data = dict(pack.bases.cases["transfer"])  # type: ignore[union-attr]
    data["customer"] = {**data["customer"], "id_number": "410102195403150028"}
    data["transfer"] = {**data["transfer"], "amount": "60000.00"}
    case = parse_case(data, on=date(2026, 11, 25))
    result = assess(pack, case, branch_region="410102", on=date(2026, 11, 25))
    assert result.level == "second_reminder"
    hit = result.hits[0]
    assert hit.explanation == "客户年龄 72 岁，转账金额 60,000.00 元，职业 职员"
    assert hit.values["transfer.amount"] == "60,000.00"
    assert result.rule_pack.id == "mini" and len(result.rule_pack.sha256) == 64
    report = run_selftest(pack)
    assert report.ok, report.failures
    assert report.examples_run == 2 and report.checks_run == 1


def test_every_problem_is_reported_at_once_with_file_and_line(tmp_path: Path) -> None:
    broken = """\
    rules:
      - id: XFER-ONE
        title: 一
        kinds: [transfer]
        level: second_reminder
        status: stable
        tags: [elderly]
        condition: facts.agee >= 60
        explanation: x
      - id: XFER-TWO
        title: 二
        kinds: [transfer]
        level: urgent
        status: stable
        tags: [old_people]
        condition: transfer.amount > 1
        explanation: "{transfer.amont}"
        colour: red
    """
    other = """\
    rules:
      - id: XFER-BIG
        title: 重复
        kinds: [transfer]
        level: notice
        status: stable
        tags: [elderly]
        condition: "true"
        explanation: 重复
    """
    folder = make_pack(tmp_path, **{"broken.yaml": broken, "zz_dup.yaml": other})
    with pytest.raises(PackError) as info:
        load_pack(folder)
    text = [str(p) for p in info.value.problems]
    joined = "\n".join(text)
    assert any(
        p.endswith(
            "broken.yaml:8: rule XFER-ONE: condition: unknown field "
            "'facts.agee' (did you mean 'age'?) (column 1)"
        )
        for p in text
    ), joined
    assert any(
        p.endswith(
            "broken.yaml:13: level: 'urgent' is not one of 'notice', "
            "'second_reminder', 'manager_approval' or 'refuse'"
        )
        for p in text
    ), joined
    assert any("broken.yaml:15: tags:" in p and "old_people" in p for p in text), joined
    assert any("broken.yaml:18: unknown key 'colour'" in p for p in text), joined
    assert any("zz_dup.yaml:2: duplicate rule id XFER-BIG" in p for p in text), joined
    assert len(text) == 5, joined


def test_explanation_placeholders_are_checked(tmp_path: Path) -> None:
    rule = RULE.replace("职业 {customer.occupation}", "{transfer.amont} {")
    with pytest.raises(PackError) as info:
        load_pack(make_pack(tmp_path, **{"big.yaml": rule}))
    assert "unmatched '{'" in str(info.value)


def test_missing_pack_file_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="not a rule pack folder"):
        load_pack(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(PackError, match=r"missing pack.yaml"):
        load_pack(tmp_path / "empty")


@pytest.mark.parametrize("content", ["\n", "# the rules moved\n", "---\n"])
def test_an_empty_rule_file_is_a_problem(tmp_path: Path, content: str) -> None:
    # A rule file emptied by mistake (a failed copy) left its rules out of the pack, and the
    # check passed with fewer rules.
    with pytest.raises(PackError, match=r"blank\.yaml:1: the rule file is empty"):
        load_pack(make_pack(tmp_path, **{"blank.yaml": content}))


def test_hash_ignores_dot_files_and_line_endings_but_not_content(tmp_path: Path) -> None:
    folder = make_pack(tmp_path)
    first = pack_sha256(folder)
    (folder / ".editor-swap").write_text("noise", encoding="utf-8")
    assert pack_sha256(folder) == first
    rule = folder / "big.yaml"
    rule.write_bytes(rule.read_bytes().replace(b"\n", b"\r\n"))
    assert pack_sha256(folder) == first
    rule.write_bytes(rule.read_bytes().replace("大额转账".encode(), "大额汇款".encode()))
    assert pack_sha256(folder) != first


def test_branch_overrides_are_typed_and_bounded(tmp_path: Path) -> None:
    folder = make_pack(tmp_path)
    pack = load_pack(folder, {"elderly_age": 65, "big": Decimal("80000")})
    assert pack.params["elderly_age"] == 65 and pack.params["big"] == Decimal("80000.00")
    with pytest.raises(PackError) as info:
        load_pack(folder, {"elderly_age": 200, "big": True, "nonsense": 1})
    text = str(info.value)
    assert "params.elderly_age: must be at most 150" in text
    assert "params.big:" in text
    assert "params.nonsense: the pack 'mini' has no such parameter" in text


def test_failing_example_names_rule_and_case(tmp_path: Path) -> None:
    rule = RULE.replace('transfer.amount: "49999.99"', 'transfer.amount: "50000.00"')
    pack = load_pack(make_pack(tmp_path, **{"big.yaml": rule}))
    report = run_selftest(pack)
    assert not report.ok
    message = str(report.failures[0])
    assert "big.yaml:14" in message and "rule XFER-BIG example 2" in message
    assert "expected XFER-BIG not to fire, but it did" in message


def test_folded_chinese_text_has_no_stray_gaps(tmp_path: Path) -> None:
    one_line = (
        "    explanation: 客户年龄 {facts.age} 岁，转账金额 {transfer.amount} 元，"
        "职业 {customer.occupation}"
    )
    folded = (
        "    explanation: >-\n      客户年龄 {facts.age} 岁，\n"
        "      转账金额 {transfer.amount} 元，\n      职业 {customer.occupation}\n"
        "    script:\n      - >-\n        请您\n        确认"
    )
    folder = make_pack(tmp_path, **{"big.yaml": RULE.replace(one_line, folded)})
    pack = load_pack(folder)
    template = "".join(p if isinstance(p, str) else "{}" for p in pack.rules[0].template)
    assert template == "客户年龄 {} 岁，转账金额 {} 元，职业 {}"
    assert pack.rules[0].rule.script == ["请您确认"]
