"""Issue 19's detection gaps, as a teller would meet them, on the default pack.

Each case is built from the pack's ordinary base (bases.yaml) changed only where the story
needs it, and checked for the level and tags the teller sees.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tellerguard.domain.assessment import Assessment
from tellerguard.domain.case import parse_case
from tellerguard.engine.assess import assess
from tellerguard.engine.pack import RulePack, load_pack
from tellerguard.engine.selftest import apply_set
from tellerguard.resources import default_rules_dir

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from ordinary_day import BRANCH_REGION, ON, alert_load, ordinary_cases

STRANGER = {
    "transfer.payee_name": "陈立",
    "transfer.payee_relationship": "unknown",
    "transfer.first_time_payee": True,
    "transfer.met_payee_in_person": False,
    "transfer.verified_by_call": False,
    "transfer.purpose": "other",
    "transfer.amount": "80000.00",
}


@pytest.fixture(scope="module")
def pack() -> RulePack:
    return load_pack(default_rules_dir())


def run(pack: RulePack, base: str, changes: dict[str, Any]) -> Assessment:
    assert pack.bases is not None
    data = apply_set(pack.bases.cases[base], changes)
    case = parse_case(data, on=date(2026, 11, 25))
    return assess(pack, case, branch_region="410102", on=date(2026, 11, 25))


def tags(result: Assessment) -> set[str]:
    return {t for h in result.hits for t in h.tags}


def script(result: Assessment) -> str:
    return "".join(line for h in result.hits for line in h.script)


def test_procuratorate_video_with_bail_and_keep_secret_is_refused(pack: RulePack) -> None:
    notes = "客户称“检察院”视频通话出示通缉令，说其涉及洗钱案要交保释金，让她对家人和银行保密。"
    result = run(pack, "transfer", {**STRANGER, "notes": notes, "told_to_keep_secret": True})
    assert result.level == "refuse"
    assert "XFER-AUTHORITY-NOTES" in {h.rule_id for h in result.hits}
    assert "impersonate_authority" in tags(result)
    # the keep-secret wording in the notes alone is enough, without the tick box
    result = run(
        pack, "transfer", {**STRANGER, "notes": "对方说是公安，要资金清查，不要告诉子女。"}
    )
    assert result.level == "refuse"


@pytest.mark.parametrize(
    "notes",
    [
        "客户要把钱转到安全帐户",
        "客戶要把錢轉到安全帳戶",
        "要转到安全 账户",
        "要转到安全\u3000账户",
        "对方说资金核查编号为１２３",
        "对方说要转到 safe account 做 Fund Check",
        "要转到anquanzhanghu",
        "要转到安全账护",
        "对方说要转入国家监管账户",
        "对方说要资金清查",
        "对方说要资金审查",
        "对方说她涉及洗钱案",
    ],
)
def test_authority_notes_however_typed_need_a_supervisor(pack: RulePack, notes: str) -> None:
    result = run(pack, "transfer", {**STRANGER, "notes": notes})
    assert result.level in ("manager_approval", "refuse")
    assert "NOTES-AUTHORITY" in {h.rule_id for h in result.hits}


@pytest.mark.parametrize(
    ("notes", "rule"),
    [
        ("对方说可以帮忙把征信修复好", "NOTES-CREDIT"),
        ("对方说帮客户修复征信", "NOTES-CREDIT"),
        ("自称客服说要注销学生贷款", "NOTES-CREDIT"),
        ("网贷平台要先交保證金", "NOTES-DEPOSIT"),
        ("投资平台提现要交钱解凍", "NOTES-UNFREEZE"),
        ("对方让下载会议软件投屏", "NOTES-SCREEN"),
        ("客户说股票群里的带单老师让加仓", "NOTES-INVEST"),
        ("客户在做刷 单兼职", "NOTES-TASK"),
        ("客户称做任务卡单了", "NOTES-TASK"),
        ("有武警采购人员订货", "NOTES-MILITARY"),
    ],
)
def test_scam_synonyms_and_variants_are_caught(pack: RulePack, notes: str, rule: str) -> None:
    result = run(pack, "transfer", {**STRANGER, "notes": notes, "transfer.amount": "3000.00"})
    assert rule in {h.rule_id for h in result.hits}
    assert result.level != "pass"


def test_an_advance_for_a_verified_family_surgery_is_not_order_brushing(pack: RulePack) -> None:
    notes = "客户称父亲住院，医院让家属先垫付手术费，转给在医院的弟弟。"
    result = run(pack, "transfer", {"notes": notes, "transfer.amount": "30000.00"})
    assert result.level == "pass", [h.rule_id for h in result.hits]


def test_a_fake_military_buyers_advance_is_military_not_task_rebate(pack: RulePack) -> None:
    notes = "客户称有部队采购人员订货，让其先向指定供应商垫付货款。"
    changes = {**STRANGER, "notes": notes, "transfer.purpose": "business"}
    changes["transfer.payee_relationship"] = "business"
    result = run(pack, "transfer", changes)
    assert result.level == "manager_approval"
    assert "military_purchase" in tags(result)
    assert "task_rebate" not in tags(result)


def test_unfreeze_in_a_loan_scam_adds_no_investment_or_game_tags(pack: RulePack) -> None:
    notes = "贷款APP说客户银行卡号填错，贷款被冻结，要先交钱解冻才能放款。"
    result = run(pack, "transfer", {**STRANGER, "notes": notes, "transfer.purpose": "loan_fee"})
    assert result.level == "refuse"
    assert "fake_loan" in tags(result)
    assert not {"investment", "game_trade"} & tags(result)


def test_a_fake_boss_deposit_is_acquaintance_not_loan_or_prize(pack: RulePack) -> None:
    notes = "老板在微信上说在开会，让先交一笔投标保证金给合作方。"
    changes = {**STRANGER, "notes": notes, "transfer.payee_relationship": "employer"}
    changes["transfer.purpose"] = "business"
    result = run(pack, "transfer", changes)
    assert result.level == "manager_approval"
    assert "impersonate_acquaintance" in tags(result)
    assert not {"fake_loan", "prize"} & tags(result)


def test_fake_son_on_wechat_is_caught_whatever_purpose(pack: RulePack) -> None:
    for purpose in ("family_support", "other", "repayment"):
        changes = {**STRANGER, "transfer.payee_relationship": "family"}
        changes.update({"transfer.purpose": purpose, "transfer.amount": "20000.00"})
        result = run(pack, "transfer", changes)
        assert result.level == "manager_approval", purpose
        assert "impersonate_acquaintance" in tags(result)


def test_keep_secret_in_a_game_account_case_is_not_police(pack: RulePack) -> None:
    notes = "孩子玩游戏，对方说账号被冻结要交钱解冻，让他别告诉家里。"
    changes = {**STRANGER, "notes": notes, "transfer.purpose": "game_trade"}
    changes.update({"transfer.payee_relationship": "online_only", "transfer.amount": "5000.00"})
    result = run(pack, "transfer", changes)
    assert result.level == "refuse"
    assert "game_trade" in tags(result)
    assert "impersonate_authority" not in tags(result)


def test_a_flat_purchase_gets_no_online_shopping_line(pack: RulePack) -> None:
    changes = {**STRANGER, "transfer.purpose": "purchase", "transfer.amount": "300000.00"}
    changes["notes"] = "购买二手房支付首付款，经中介签约。"
    result = run(pack, "transfer", changes)
    assert "官方" not in script(result)
    assert "fake_shopping" not in tags(result)


@pytest.mark.parametrize("purpose", ["repayment", "other", "business"])
def test_large_first_transfer_to_an_online_only_payee_reminds_an_ordinary_adult(
    pack: RulePack, purpose: str
) -> None:
    changes = {**STRANGER, "transfer.payee_relationship": "online_only"}
    changes.update({"transfer.purpose": purpose, "transfer.amount": "20000.00"})
    result = run(pack, "transfer", changes)
    assert result.level == "second_reminder", [h.rule_id for h in result.hits]
    assert not {"student", "migrant_worker", "out_of_area", "elderly"} & tags(result)


def test_one_customer_paid_to_open_while_a_companion_answers_is_refused(pack: RulePack) -> None:
    changes = {"accompanied": True, "companion_answers_for_customer": True}
    result = run(pack, "opening", {**changes, "promised_reward": True})
    assert result.level == "refuse"
    assert "account_trafficking" in tags(result)
    assert run(pack, "opening", changes).level == "manager_approval"


def test_stock_tip_vip_fee_gets_a_second_reminder(pack: RulePack) -> None:
    changes = {
        "notes": "客户称炒股群的老师推荐开通荐股VIP会员，交年费。",
        "transfer.amount": "6800.00",
        "transfer.payee_name": "深圳某某投资咨询有限公司",
        "transfer.payee_relationship": "business",
        "transfer.first_time_payee": True,
        "transfer.purpose": "investment",
    }
    result = run(pack, "transfer", changes)
    assert result.level == "second_reminder"
    assert "XFER-INVEST-VIP" in {h.rule_id for h in result.hits}
    gym = {**changes, "notes": "客户交健身房会员费。", "transfer.purpose": "other"}
    gym["transfer.payee_name"] = "郑州某某健身有限公司"
    assert "XFER-INVEST-VIP" not in {h.rule_id for h in run(pack, "transfer", gym).hits}


def test_ordinary_day_alert_load_stays_within_budget(pack: RulePack) -> None:
    def one(data: dict[str, Any]) -> Assessment:
        return assess(pack, parse_case(data, on=ON), branch_region=BRANCH_REGION, on=ON)

    load = alert_load(ordinary_cases(1000, 2026), one)
    assert load["cases"] == 1000
    assert load["levels"].get("refuse", 0) == 0, load["strict_rules"]
    assert load["levels"].get("manager_approval", 0) <= 20, load["strict_rules"]
