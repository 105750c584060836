"""Reasons: the sentence a teller reads aloud, rendered from the rule's template with the values
that triggered it; checked when the pack loads (file:line), required where the pack says so."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tellerguard.domain.case import parse_case
from tellerguard.engine.assess import assess
from tellerguard.engine.pack import PackError, load_pack
from tests.unit.test_pack import PACK, RULE, make_pack

EXPLANATION = (
    "    explanation: 客户年龄 {facts.age} 岁，转账金额 {transfer.amount} 元，"
    "职业 {customer.occupation}"
)
REASON = (
    "    reason: \"客户 {facts.age} 岁，向{'首次转账的' if transfer.first_time_payee else ''}"
    "{noun(transfer.payee_relationship)}转账 {transfer.amount} 元"
    "{'' if transfer.verified_by_call else '，未用已知号码电话核实'}\""
)


def _hit(folder: Path, **transfer: object) -> str:
    pack = load_pack(folder)
    data = dict(pack.bases.cases["transfer"])  # type: ignore[union-attr]
    data["customer"] = {**data["customer"], "id_number": "410102195403150028"}
    data["transfer"] = {**data["transfer"], "amount": "100000.00", **transfer}
    day = date(2026, 11, 25)
    result = assess(pack, parse_case(data, on=day), branch_region="410102", on=day)
    return result.hits[0].explanation


def test_reason_reads_as_a_sentence_whose_wording_follows_the_case(tmp_path: Path) -> None:
    folder = make_pack(tmp_path, **{"big.yaml": RULE.replace(EXPLANATION, REASON)})
    risky = _hit(folder, payee_relationship="friend", first_time_payee=True, verified_by_call=False)
    assert risky == "客户 72 岁，向首次转账的朋友转账 100,000.00 元，未用已知号码电话核实"
    known = _hit(folder, payee_relationship="online_only")
    assert known == "客户 72 岁，向网友转账 100,000.00 元"


def test_reason_wins_over_explanation_and_explanation_is_the_fallback(tmp_path: Path) -> None:
    both = RULE.replace(EXPLANATION, EXPLANATION + "\n" + REASON)
    assert _hit(make_pack(tmp_path, **{"big.yaml": both})).startswith("客户 72 岁，向家人")
    (tmp_path / "old").mkdir()
    assert _hit(make_pack(tmp_path / "old")).startswith("客户年龄 72 岁，转账金额")


def test_a_pack_that_requires_reasons_names_every_rule_without_one(tmp_path: Path) -> None:
    pack = PACK.replace("description:", "require_reason: true\ndescription:")
    with pytest.raises(PackError) as info:
        load_pack(make_pack(tmp_path, **{"pack.yaml": pack}))
    (problem,) = info.value.lines()
    assert problem.endswith(
        "big.yaml:2: rule XFER-BIG has no 'reason' (pack.yaml: require_reason): "
        "add one sentence the teller reads aloud, with the values that "
        "triggered the rule in braces, e.g. reason: 客户 {facts.age} 岁，"
        "向首次转账的{transfer.payee_relationship}转账 {transfer.amount} 元 "
        "(docs/RULES.md, Reasons); then run tellerguard rules reasons "
        "rules/default --out docs/REASONS.md"
    ), problem
    (tmp_path / "ok").mkdir()
    fixed = {"pack.yaml": pack, "big.yaml": RULE.replace(EXPLANATION, REASON)}
    assert load_pack(make_pack(tmp_path / "ok", **fixed)).rules[0].rule.reason


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        (
            "客户 {facts.agee} 岁",
            "big.yaml:9: rule XFER-BIG: reason {facts.agee}: unknown field "
            "'facts.agee' (did you mean 'age'?)",
        ),
        ("{'a' if transfer.payee_is_personal_account else 'b'}", "may be null"),
        ("{noun(customer.occupation)}", "noun() applies to these choice fields only"),
        ("{noun(transfer.purpose, 1)}", "noun(field) takes one choice field"),
        ("{'a' if transfer.amount else 'b'}", "'if' needs true/false"),
        ("多了一个 { 括号", "big.yaml:9: rule XFER-BIG: reason: unmatched '{'"),
    ],
)
def test_bad_reasons_are_file_line_errors(tmp_path: Path, reason: str, message: str) -> None:
    rule = RULE.replace(EXPLANATION, f'    reason: "{reason}"')
    with pytest.raises(PackError) as info:
        load_pack(make_pack(tmp_path, **{"big.yaml": rule}))
    assert message in str(info.value), str(info.value)


def test_if_else_and_noun_stay_out_of_conditions(tmp_path: Path) -> None:
    condition = "    condition: transfer.amount >= params.big and facts.age >= params.elderly_age"
    for bad, message in [
        ("(true if transfer.cash else false)", "if-else belongs in reasons"),
        ("noun(transfer.payee_relationship) == '朋友'", "noun() belongs in reasons"),
    ]:
        rule = RULE.replace(condition, f"    condition: {bad}")
        folder = tmp_path / str(len(message))
        folder.mkdir()
        with pytest.raises(PackError, match=re.escape(message)):
            load_pack(make_pack(folder, **{"big.yaml": rule}))


def test_a_rule_with_neither_reason_nor_explanation_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PackError) as info:
        load_pack(make_pack(tmp_path, **{"big.yaml": RULE.replace(EXPLANATION + "\n", "")}))
    assert "big.yaml:2" in str(info.value) and "missing key 'reason'" in str(info.value)


ADDRESS = """\
address:
  - {gender: male, min_age: 60, word: 大爷}
  - {gender: female, min_age: 60, word: 阿姨}
  - {gender: male, word: 先生}
  - {gender: female, word: 女士}
"""


@pytest.mark.parametrize(
    ("first17", "id_type", "word"),
    [
        ("41010219540315002", "resident_id", "阿姨"),  # 72, female (17th digit even)
        ("41010219540315001", "resident_id", "大爷"),  # 72, male
        ("41010219900101001", "resident_id", "先生"),  # 36, male
        ("41010219900101002", "resident_id", "女士"),  # 36, female
        ("E1234567", "passport", "您好"),  # no age or gender from a passport
    ],
)
def test_the_script_addresses_the_customer_as_the_id_says(
    tmp_path: Path, first17: str, id_type: str, word: str
) -> None:
    from tellerguard.domain.identity import check_digit

    number = first17 + check_digit(first17) if id_type == "resident_id" else first17 + "9"
    rule = RULE.replace(
        "    condition: transfer.amount >= params.big and facts.age >= params.elderly_age",
        '    condition: transfer.amount >= params.big\n    script: ["{称呼}，这笔钱数目不小"]',
    )
    folder = make_pack(tmp_path, **{"pack.yaml": PACK + ADDRESS, "big.yaml": rule})
    pack = load_pack(folder)
    data = dict(pack.bases.cases["transfer"])  # type: ignore[union-attr]
    data["customer"] = {**data["customer"], "id_type": id_type, "id_number": number}
    data["transfer"] = {**data["transfer"], "amount": "60000.00"}
    day = date(2026, 11, 25)
    result = assess(pack, parse_case(data, on=day), branch_region="410102", on=day)
    assert result.hits[0].script == [f"{word}，这笔钱数目不小"]


def test_a_script_knows_only_the_form_of_address(tmp_path: Path) -> None:
    rule = RULE.replace("    examples:", '    script: ["{customer.name}，您好"]\n    examples:')
    with pytest.raises(PackError) as info:
        load_pack(make_pack(tmp_path, **{"big.yaml": rule}))
    assert (
        "rule XFER-BIG: script: '{customer.name}' is not known; a script line may hold only "
        "{称呼}" in str(info.value)
    )
