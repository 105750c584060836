"""What walks up to the demo branch's counter: the cases a Zhengzhou branch sees, as case
JSON (shared/CASE_SCHEMA.md) for the engine to judge.

A scenario says only what the customer wants and what the teller observes — the form a
teller fills in. It never says which rules fire or at what level: the real engine and the
default pack decide that when the demo runs, exactly as at a counter. Most visits are
ordinary; some are the typologies of shared/DOMAIN.md (coached elderly customers, paid
account openers, "safe accounts", task rebates, fake investment mentors…), in roughly the
proportions a branch reports.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from tellerguard.services.demo.people import Customer, make_payee

if TYPE_CHECKING:
    from tellerguard.services.demo.lists import DemoLists

EMPLOYERS = (
    "郑州宇通客车股份有限公司",
    "河南中原建设集团有限公司",
    "郑州市第一人民医院",
    "郑州丹尼斯百货有限公司",
    "中原区实验小学",
    "富士康科技集团郑州园区",
)
LOCAL_PREFIX = "4101"
"""Zhengzhou's region codes: customers from elsewhere usually bring proof of local work."""


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    kind: str
    weight: int
    changes: dict[str, Any] = field(default_factory=dict)
    amount: tuple[int, int] = (1000, 20000)
    notes: tuple[str, ...] = ("",)
    answers: tuple[str, ...] = ("是本人办理", "自己用", "没有人让我办", "没有")
    ages: tuple[int, int] = (18, 90)
    occupation: str | None = None
    dissuadable: float = 0.1
    """How often a reminder stops the customer (higher for outright scams)."""
    police: float = 0.0
    """How often a stopped case is referred to the police (a victim still being coached)."""
    listed: str | None = None
    """A demo risk list the case walks into: the payee account is on the police list
    (``police_accounts``), the customer on the restricted list (``restricted_persons``),
    the phone flagged (``flagged_phones``), or the payee an official collection account
    (``official_accounts``)."""

    def fits(self, customer: Customer, on: date) -> bool:
        low, high = self.ages
        if not low <= customer.age_on(on) <= high:
            return False
        return self.occupation is None or customer.occupation == self.occupation


SCENARIOS: tuple[Scenario, ...] = (
    # -- ordinary business: most of the day ------------------------------------------------
    Scenario("opening", "opening", 150, ages=(23, 59)),
    Scenario(
        "pension_opening",
        "opening",
        20,
        {"opening.purpose": "pension", "opening.account_class": "I"},
        ages=(60, 85),
    ),
    Scenario(
        "payroll_opening",
        "opening",
        30,
        {"opening.purpose": "salary", "opening.local_work_or_residence_proof": True},
        ages=(23, 55),
        occupation="employee",
    ),
    Scenario(
        "family_support",
        "transfer",
        120,
        {
            "transfer.payee_relationship": "family",
            "transfer.purpose": "family_support",
            "transfer.first_time_payee": False,
        },
        amount=(500, 30000),
        ages=(25, 59),
    ),
    Scenario(
        "paying_a_supplier",
        "transfer",
        60,
        {"transfer.payee_relationship": "business", "transfer.purpose": "business"},
        amount=(2000, 40000),
        ages=(25, 65),
    ),
    Scenario(
        "own_account",
        "transfer",
        60,
        {"transfer.payee_relationship": "self", "transfer.purpose": "other"},
        amount=(1000, 45000),
    ),
    Scenario(
        "repaying_a_friend",
        "transfer",
        30,
        {
            "transfer.payee_relationship": "friend",
            "transfer.purpose": "repayment",
            "transfer.first_time_payee": False,
        },
        amount=(500, 8000),
        ages=(25, 70),
    ),
    # -- customers a reminder is for -------------------------------------------------------
    Scenario(
        "elderly_helping_family",
        "transfer",
        12,
        {"transfer.payee_relationship": "family", "transfer.purpose": "family_support"},
        amount=(50000, 200000),
        ages=(62, 86),
        answers=("给儿子买房用的", "是我自己的钱", "没有人让我转", "儿子知道"),
    ),
    Scenario(
        "student_opening",
        "opening",
        15,
        {"opening.purpose": "daily", "opening.account_class": "II"},
        ages=(18, 22),
        occupation="student",
        answers=("自己用，存生活费", "没有人让我办", "没有", "没有"),
    ),
    Scenario(
        "migrant_payroll_opening",
        "opening",
        10,
        {"opening.purpose": "salary", "accompanied": True},
        ages=(20, 55),
        occupation="migrant_worker",
        answers=("工地发工资用", "工头带我来的", "卡自己拿着", "没有"),
    ),
    # -- typologies: a few a week ----------------------------------------------------------
    Scenario(
        "paid_to_open",
        "opening",
        3,
        {"accompanied": True, "companion_answers_for_customer": True},
        ages=(18, 30),
        answers=("朋友帮我问的", "他说办卡给我 500 块", "说了不让告诉别人", "卡给他用"),
        dissuadable=0.6,
        police=0.2,
    ),
    Scenario(
        "coached_opening",
        "opening",
        2,
        {"on_phone": True, "instructed_by_others": True},
        notes=("客户一直在打电话，对方让他开卡",),
        dissuadable=0.5,
        police=0.2,
    ),
    Scenario(
        "selling_an_account",
        "opening",
        1,
        {"promised_reward": True, "accompanied": True, "companion_answers_for_customer": True},
        ages=(18, 35),
        dissuadable=0.8,
        police=0.3,
    ),
    Scenario(
        "wechat_boss",
        "transfer",
        4,
        {
            "transfer.payee_relationship": "employer",
            "transfer.purpose": "lend_to_acquaintance",
            "transfer.verified_by_call": False,
            "transfer.met_payee_in_person": False,
        },
        amount=(20000, 100000),
        ages=(25, 55),
        notes=("老板微信上让转钱给供应商",),
        answers=("老板微信让我转的", "给供应商的货款", "没打电话问过", "老板说急用"),
        dissuadable=0.5,
        police=0.1,
    ),
    Scenario(
        "safe_account",
        "transfer",
        2,
        {
            "transfer.purpose": "safe_account",
            "transfer.payee_claims_authority": True,
            "transfer.payee_relationship": "unknown",
            "told_to_keep_secret": True,
            "on_phone": True,
        },
        amount=(50000, 300000),
        ages=(55, 85),
        notes=("客户说公安让他把钱转到安全账户配合调查",),
        answers=("公安局的人让我转的", "说我涉嫌洗钱", "让我不要告诉家人", "对方一直在电话里"),
        dissuadable=0.9,
        police=0.5,
    ),
    Scenario(
        "loan_fee",
        "transfer",
        2,
        {"transfer.purpose": "loan_fee", "transfer.payee_relationship": "online_only"},
        amount=(3000, 30000),
        ages=(22, 50),
        notes=("对方说交了保证金才能放款",),
        dissuadable=0.85,
        police=0.3,
    ),
    Scenario(
        "task_rebate",
        "transfer",
        2,
        {"transfer.purpose": "task_rebate", "transfer.payee_relationship": "online_only"},
        amount=(2000, 50000),
        ages=(18, 45),
        notes=("做刷单任务卡单了要充值",),
        dissuadable=0.85,
        police=0.3,
    ),
    Scenario(
        "investment_mentor",
        "transfer",
        3,
        {
            "transfer.purpose": "investment",
            "transfer.promised_high_return": True,
            "transfer.payee_relationship": "online_only",
        },
        amount=(30000, 200000),
        ages=(40, 80),
        notes=("群里导师推荐的内部消息",),
        dissuadable=0.5,
        police=0.1,
    ),
    Scenario(
        "online_romance",
        "transfer",
        1,
        {
            "transfer.purpose": "romance",
            "transfer.payee_relationship": "online_only",
            "transfer.met_payee_in_person": False,
        },
        amount=(10000, 100000),
        ages=(30, 65),
        dissuadable=0.5,
    ),
    Scenario(
        "screen_sharing",
        "transfer",
        2,
        {"on_phone": True, "screen_sharing": True},
        amount=(20000, 150000),
        notes=("客户手机开着会议软件，屏幕共享中",),
        dissuadable=0.6,
        police=0.2,
    ),
    Scenario(
        "large_cash",
        "transfer",
        8,
        {
            "transfer.cash": True,
            "transfer.payee_relationship": "self",
            "transfer.purpose": "business",
        },
        amount=(50000, 150000),
        ages=(30, 65),
        occupation="self_employed",
    ),
)


LIST_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "payee_on_police_list",
        "transfer",
        3,
        {"transfer.payee_relationship": "online_only", "transfer.purpose": "purchase"},
        amount=(3000, 60000),
        ages=(20, 70),
        answers=("网上认识的卖家", "对方让我转到这个卡", "没见过面", "没有"),
        dissuadable=0.9,
        police=0.8,
        listed="police_accounts",
    ),
    Scenario(
        "restricted_person_opening",
        "opening",
        1,
        {"opening.account_class": "I", "opening.non_counter_services": True},
        answers=("自己用", "想开手机银行", "以前借过卡给朋友", "没有"),
        listed="restricted_persons",
    ),
    Scenario(
        "flagged_phone_transfer",
        "transfer",
        2,
        {"transfer.payee_relationship": "friend", "transfer.purpose": "repayment"},
        amount=(5000, 50000),
        ages=(25, 75),
        answers=("是我本人的手机号", "还朋友钱", "没有人让我转", "没有"),
        dissuadable=0.3,
        listed="flagged_phones",
    ),
    Scenario(
        "utility_bill_to_official_account",
        "transfer",
        25,
        {
            "transfer.payee_relationship": "government",
            "transfer.purpose": "utility_bill",
            "transfer.first_time_payee": False,
        },
        amount=(100, 3000),
        ages=(30, 85),
        listed="official_accounts",
    ),
)
"""Scenarios that need the demo's risk lists (only run when they are imported)."""


def pick_scenario(rng: random.Random, scenarios: tuple[Scenario, ...] = SCENARIOS) -> Scenario:
    return rng.choices(scenarios, [s.weight for s in scenarios])[0]


def put_listed(
    case: dict[str, Any], scenario: Scenario, lists: DemoLists, rng: random.Random
) -> None:
    """Make the case walk into its scenario's list (the restricted customer is chosen by the
    caller, who also records their history)."""
    transfer = case.get("transfer")
    if scenario.listed == "police_accounts" and transfer is not None:
        payee = rng.choice(lists.police_accounts)
        transfer.update(payee_name=payee.name, payee_account=payee.account, payee_bank=payee.bank)
    elif scenario.listed == "official_accounts" and transfer is not None:
        payee = rng.choice(lists.official)
        # Tellers often leave the payee name out for a bill: the allow-list still knows it.
        name = payee.name if rng.random() < 0.5 else None
        transfer.update(payee_name=name, payee_account=payee.account, payee_bank=payee.bank)
    elif scenario.listed == "flagged_phones":
        case["customer"]["phone"] = rng.choice(lists.flagged_phones)


def _set(case: dict[str, Any], path: str, value: Any) -> None:
    node = case
    *parents, leaf = path.split(".")
    for part in parents:
        node = node[part]
    node[leaf] = value


def build_case(scenario: Scenario, customer: Customer, rng: random.Random) -> dict[str, Any]:
    """The form the teller fills in for ``customer`` in ``scenario`` (case JSON)."""
    case: dict[str, Any] = {
        "kind": scenario.kind,
        "customer": {
            "name": customer.name,
            "id_type": "resident_id",
            "id_number": customer.id_number,
            "phone": customer.phone,
            "occupation": customer.occupation,
            "employer": None,
            "address": customer.address,
        },
        "accompanied": False,
        "companion_answers_for_customer": False,
        "by_agent": False,
        "on_phone": False,
        "screen_sharing": False,
        "instructed_by_others": False,
        "told_to_keep_secret": False,
        "promised_reward": False,
        "notes": rng.choice(scenario.notes),
    }
    local = customer.region.startswith(LOCAL_PREFIX)
    if scenario.kind == "opening":
        case["opening"] = {
            "account_class": rng.choice(("I", "II", "II", "III")),
            "purpose": rng.choice(("daily", "savings", "salary")),
            "existing_class1_here": 0,
            "existing_accounts_here": 0,
            "non_counter_services": rng.random() < 0.7,
            # Customers from elsewhere mostly live or work here and bring the proof.
            "out_of_area_reason": None if local else rng.choice(("work", "residence", "study")),
            "local_work_or_residence_proof": not local and rng.random() < 0.8,
            "phone_shared_with_others": False,
            "batch_opening": False,
            # The teller asks both and ticks them (the pack reminds when they are not asked).
            "phone_in_own_name": True,
            "customer_knows_purpose": True,
        }
    else:
        low, high = scenario.amount
        amount = rng.randint(low, high)
        if amount >= 5000:
            amount -= amount % 100  # people transfer round sums
        payee = make_payee(rng)
        case["transfer"] = {
            "amount": f"{amount}.00",
            "payee_name": payee.name,
            "payee_account": payee.account,
            "payee_bank": payee.bank,
            "payee_relationship": "friend",
            "first_time_payee": True,
            "purpose": "other",
            "met_payee_in_person": True,
            "verified_by_call": True,
            "payee_claims_authority": False,
            "promised_high_return": False,
            "early_deposit_withdrawal": False,
            "recent_inflow_from_strangers": False,
            "cash": False,
        }
    for path, value in scenario.changes.items():
        _set(case, path, value)
    opening = case.get("opening")
    if (
        opening is not None
        and opening["purpose"] == "salary"
        and not scenario.name.startswith("migrant")
    ):
        case["customer"]["employer"] = rng.choice(EMPLOYERS)
    transfer = case.get("transfer")
    if transfer is not None and transfer["payee_relationship"] == "self":
        transfer["payee_name"] = customer.name
        transfer["first_time_payee"] = False
    return case
