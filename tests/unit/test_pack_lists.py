"""Rules over risk lists: declared lists, type-checked membership with file:line, set look-ups
of keyed hashes, example-local lists, and what an assessment records about the lists."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tellerguard.domain.assessment import ListRef
from tellerguard.domain.case import parse_case
from tellerguard.domain.risklists import member_key_bytes
from tellerguard.engine.assess import assess
from tellerguard.engine.lists import (
    NO_LISTS,
    BoundList,
    BoundLists,
    example_lists,
    selftest_keyer,
)
from tellerguard.engine.pack import PackError, load_pack
from tellerguard.engine.selftest import run_selftest
from tests.unit.test_pack import PACK, make_pack

ON = date(2026, 11, 25)
LISTED = "6222021001123456789"
LISTS = """\
lists:
  police_accounts: {key: account, title: 公安机关推送的涉案账户名单}
  restricted_persons: {key: id_number, title: 涉诈风险惩戒人员名单}
  flagged_phones: {key: phone, title: 涉诈电话号码名单}
  sanctioned: {key: name_and_id, title: 姓名证件名单}
  official_accounts: {key: account, title: 公用事业收款账户, purpose: allow}
"""
RULES = f"""\
rules:
  - id: XFER-POLICE
    title: 涉案账户
    kinds: [transfer]
    level: refuse
    status: stable
    tags: [risk_list]
    condition: transfer.payee_account in lists.police_accounts
    explanation: 收款账户在{{lists.police_accounts}}中
    examples:
      - expect: match
        base: transfer
        set: {{transfer.payee_account: "{LISTED}"}}
        lists: {{police_accounts: ["6222 0210 0112 3456 789"]}}
      - expect: no_match
        base: transfer
        lists: {{police_accounts: ["{LISTED}"]}}
  - id: XFER-PAIR
    title: 姓名与证件
    kinds: [transfer]
    level: manager_approval
    status: stable
    tags: [risk_list]
    condition: (customer.name, customer.id_number) in lists.sanctioned
    explanation: 命中{{lists.sanctioned}}
    examples:
      - expect: match
        base: transfer
        lists: {{sanctioned: [[李 强, "410102199001010012"]]}}
      - expect: no_match
        base: transfer
        lists: {{sanctioned: [[李娜, "410102199001010012"]]}}
"""


def pack_with_lists(tmp_path: Path, rules: str = RULES) -> Path:
    return make_pack(tmp_path, **{"pack.yaml": PACK + LISTS, "big.yaml": rules})


def transfer_case(pack_folder: Path, **transfer: str) -> object:
    pack = load_pack(pack_folder)
    assert pack.bases is not None
    data = dict(pack.bases.cases["transfer"])
    data["transfer"] = {**data["transfer"], **transfer}
    return parse_case(data, on=ON)


def test_membership_compiles_to_one_set_lookup_and_the_examples_pass(tmp_path: Path) -> None:
    pack = load_pack(pack_with_lists(tmp_path))
    report = run_selftest(pack)
    assert report.ok, report.failures
    assert "Lk__account__tr__payee_account in L__police_accounts" in pack.source
    # The keyed hash is computed once per evaluation, in the prelude, not in each rule.
    assert pack.source.count("L.key('account', tr__payee_account)") == 1


def test_a_hit_names_the_list_and_its_version_and_the_assessment_its_hash(
    tmp_path: Path,
) -> None:
    folder = pack_with_lists(tmp_path)
    pack = load_pack(folder)
    declared = {i: (s.key, s.title) for i, s in pack.lists.items()}
    lists = example_lists(declared, {"police_accounts": [LISTED, "6217000000987654328"]})
    case = transfer_case(folder, payee_account=LISTED)
    result = assess(pack, case, branch_region="410102", on=ON, lists=lists)  # type: ignore[arg-type]
    assert result.level == "refuse"
    hit = result.hits[0]
    assert hit.explanation == "收款账户在公安机关推送的涉案账户名单（名单版本 示例）中"
    assert "6217000000987654328" not in hit.model_dump_json()  # nothing else of the list
    assert result.lists[0] == ListRef(
        id="police_accounts", version="示例", content_hash=None, entries=2
    )
    assert [r.id for r in result.lists] == list(pack.lists)
    unloaded = assess(pack, case, branch_region="410102", on=ON)  # type: ignore[arg-type]
    assert unloaded.level == "pass"
    assert all(r.version is None and r.content_hash is None for r in unloaded.lists)


def test_a_workstation_binding_records_version_and_content_hash(tmp_path: Path) -> None:
    folder = pack_with_lists(tmp_path)
    pack = load_pack(folder)
    key = selftest_keyer("card", LISTED)
    ref = ListRef(id="police_accounts", version="2026.12.04", content_hash="ab" * 32, entries=1)
    lists = BoundLists(
        {"police_accounts": BoundList(frozenset({member_key_bytes(key)}), ref, "公安名单")},
        selftest_keyer,
    )
    case = transfer_case(folder, payee_account="6222-0210-0112-3456-789")
    result = assess(pack, case, branch_region="410102", on=ON, lists=lists)  # type: ignore[arg-type]
    assert [h.rule_id for h in result.hits] == ["XFER-POLICE"]
    assert result.lists[0].content_hash == "ab" * 32
    assert "名单版本 2026.12.04" in result.hits[0].explanation


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        (
            "transfer.payee_account in lists.polce_accounts",
            "unknown list 'lists.polce_accounts' (did you mean 'police_accounts'?)",
        ),
        (
            "customer.phone in lists.police_accounts",
            "lists.police_accounts holds an account keys, but 'customer.phone' is a phone number",
        ),
        (
            "customer.id_number not in lists.flagged_phones",
            "lists.flagged_phones holds a phone number keys, but 'customer.id_number' is an ID",
        ),
        (
            "transfer.payee_name in lists.police_accounts",
            "'transfer.payee_name' cannot be looked up in a risk list",
        ),
        (
            "(customer.id_number, customer.name) in lists.sanctioned",
            "the only pair a list can hold is (customer.name, customer.id_number)",
        ),
        ("lists.police_accounts", "is a risk list: ask membership"),
        ("transfer.payee_account == lists", "'lists' needs a list id"),
    ],
)
def test_list_conditions_are_type_checked_with_file_and_line(
    tmp_path: Path, condition: str, message: str
) -> None:
    rules = RULES.replace("transfer.payee_account in lists.police_accounts", condition, 1)
    with pytest.raises(PackError) as info:
        load_pack(pack_with_lists(tmp_path, rules))
    lines = info.value.lines()
    assert any(
        "/big.yaml:8: rule XFER-POLICE: condition: " in line and message in line for line in lines
    ), lines


def test_a_pack_without_the_list_declared_cannot_use_it(tmp_path: Path) -> None:
    with pytest.raises(PackError) as info:
        load_pack(make_pack(tmp_path, **{"big.yaml": RULES}))
    assert any(
        "big.yaml:8: rule XFER-POLICE: condition: unknown list 'lists.police_accounts'" in line
        and "declares under 'lists:': none" in line
        for line in info.value.lines()
    ), info.value.lines()


def test_a_declared_list_needs_a_known_key_kind(tmp_path: Path) -> None:
    bad = PACK + "lists:\n  police_accounts: {key: card, title: x}\n"
    with pytest.raises(PackError) as info:
        load_pack(make_pack(tmp_path, **{"pack.yaml": bad}))
    assert any("pack.yaml:8:" in line and "card" in line for line in info.value.lines()), (
        info.value.lines()
    )


def test_bad_example_lists_fail_the_self_test_by_name(tmp_path: Path) -> None:
    rules = RULES.replace(
        'lists: {police_accounts: ["6222 0210 0112 3456 789"]}',
        ('lists: {police_accounts: ["6222021001123456788"], unknown_list: ["1"]}'),
    )
    report = run_selftest(load_pack(pack_with_lists(tmp_path, rules)))
    assert not report.ok
    text = "\n".join(str(f) for f in report.failures)
    assert "bad example lists: lists.police_accounts: '6222021001123456788'" in text
    assert "Luhn" in text


def test_no_lists_bound_means_no_membership_and_no_hashing() -> None:
    assert NO_LISTS.key("account", LISTED) == -1
    assert NO_LISTS.members == {}


def test_only_a_refusal_refers_to_the_police(tmp_path: Path) -> None:
    rules = RULES.replace(
        "    level: manager_approval\n", "    level: manager_approval\n    police_referral: true\n"
    )
    with pytest.raises(PackError) as info:
        load_pack(pack_with_lists(tmp_path, rules))
    assert any(
        "only a rule at level refuse refers to the police" in line for line in info.value.lines()
    ), info.value.lines()
    (tmp_path / "ok").mkdir()
    pack = load_pack(
        pack_with_lists(
            tmp_path / "ok",
            RULES.replace("    level: refuse\n", "    level: refuse\n    police_referral: true\n"),
        )
    )
    declared = {i: (s.key, s.title) for i, s in pack.lists.items()}
    lists = example_lists(declared, {"police_accounts": [LISTED]})
    case = transfer_case(tmp_path / "ok" / "pack", payee_account=LISTED)
    result = assess(pack, case, branch_region="410102", on=ON, lists=lists)  # type: ignore[arg-type]
    assert result.hits[0].police_referral is True
