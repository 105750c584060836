"""Seeded ordinary customers of a Zhengzhou branch: the alert load the pack puts on a normal day.

An ordinary day is what a counter mostly sees: local employees, pensioners, self-employed
people, students and migrant workers paying family, landlords, schools, shops and suppliers,
opening salary and savings accounts. None of them is being defrauded, so none should be
refused and few should need a supervisor (the issue's budget: none refused, at most 2 % at
manager approval). Some of them write down ordinary things that share words with scams
(a rental 保证金, a hospital 垫付, an account the bank 解冻-ed, a teacher 老师 who tutors the
child); those are meant to be here, because a pack that alarms on them is ignored by tellers.

The mix (weights below) is a design guess for a city branch, not a statistic. The same seed
always gives the same cases, so a change's before and after are compared on identical input.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from tellerguard.domain.identity import check_digit

ON = date(2026, 11, 25)
BRANCH_REGION = "410102"

_LOCAL = ["410102", "410103", "410104", "410105", "410122", "410181"]
_HENAN = ["410302", "411627", "411302", "410702", "411502"]
_OTHER = ["440305", "320102", "420106", "510107", "370102"]
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
_GIVEN = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
]
_COMPANIES = [
    "郑州恒达建材有限公司",
    "河南豫信物流有限公司",
    "郑州市中原区鑫源超市",
    "郑州华信软件有限公司",
    "河南中原建工集团有限公司",
    "郑州市第一人民医院",
    "郑州市中原区外国语学校",
    "国网河南省电力公司郑州供电公司",
    "郑州水务集团有限公司",
    "中原证券股份有限公司",
]
_ORDINARY_NOTES = [
    "",
    "",
    "",
    "",
    "",
    "",
    "客户本人办理。",
    "已做反洗钱提示。",
    "已向客户做反洗钱提示，客户称为给父亲付医药费。",
    "客户称给女儿交大学学费。",
    "支付房租及租房保证金。",
    "客户称医院让家属先垫付手术费，钱转给在医院陪护的弟弟。",
    "客户称工资卡被冻结后已在本行解冻，今天给家里转生活费。",
    "客户称给孩子的钢琴老师交学费。",
    "客户说老客户采购一批建材，按合同付款。",
    "給兒子的生活費。",
    "客户本人办理，无屏幕共享，未提及刷单。",
    "客户称装修队先垫付了材料款，今天结清。",
    "购车首付，已看车签合同。",
    "客户称与朋友合伙开店，见面谈好。",
]


def _id_number(rng: random.Random, birth: date, region: str) -> str:
    first17 = f"{region}{birth:%Y%m%d}{rng.randint(10, 99)}{rng.randint(0, 9)}"
    return first17 + check_digit(first17)


def _birth(rng: random.Random, age: int) -> date:
    return ON - timedelta(days=int(age * 365.25) + rng.randint(1, 300))


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def _phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "137", "158", "186", "189", "135"]) + str(
        rng.randint(10_000_000, 99_999_999)
    )


def _customer(rng: random.Random) -> dict[str, Any]:
    roll = rng.random()
    if roll < 0.45:
        occupation, age = (
            rng.choice(["employee", "employee", "civil_servant", "freelancer"]),
            (rng.randint(25, 59)),
        )
    elif roll < 0.62:
        occupation, age = "self_employed", rng.randint(28, 62)
    elif roll < 0.82:
        occupation, age = "retired", round(rng.triangular(60, 88, 64))
    elif roll < 0.88:
        occupation, age = "student", rng.randint(18, 23)
    elif roll < 0.95:
        occupation, age = "migrant_worker", rng.randint(20, 55)
    else:
        occupation, age = rng.choice(["farmer", "unemployed", "other"]), rng.randint(25, 65)
    where = rng.random()
    region = (
        rng.choice(_LOCAL)
        if where < 0.8 or occupation == "retired"
        else rng.choice(_HENAN if where < 0.92 else _OTHER)
    )
    employer = None
    if occupation in ("employee", "civil_servant", "migrant_worker"):
        employer = rng.choice(_COMPANIES[:5])
    return {
        "name": _name(rng),
        "id_type": "resident_id",
        "id_number": _id_number(rng, _birth(rng, age), region),
        "phone": _phone(rng),
        "occupation": occupation,
        "employer": employer,
        "address": "郑州市中原区" + rng.choice(["建设西路", "桐柏路", "中原路", "工人路"]),
    }


def _signals(notes: str) -> dict[str, Any]:
    return {
        "accompanied": False,
        "companion_answers_for_customer": False,
        "by_agent": False,
        "on_phone": False,
        "screen_sharing": False,
        "instructed_by_others": False,
        "told_to_keep_secret": False,
        "promised_reward": False,
        "notes": notes,
    }


def _amount(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randint(low, high) // 100 * 100}.00"


def _account(rng: random.Random) -> str:
    return "6222" + "".join(str(rng.randint(0, 9)) for _ in range(15))


# scenario: (weight for working-age customers, weight for pensioners)
_SCENARIOS = {
    "family": (34, 50),
    "family_new_account": (4, 3),
    "self": (8, 14),
    "supplier": (12, 0),
    "company_new": (4, 0),
    "utility": (6, 12),
    "school_or_hospital": (5, 6),
    "friend_repay": (8, 5),
    "landlord": (6, 1),
    "shop_in_person": (6, 4),
    "secondhand_online": (3, 1),
    "broker": (4, 4),
}


def _transfer(rng: random.Random, customer: dict[str, Any]) -> dict[str, Any]:
    elderly = customer["occupation"] == "retired"
    payee = _name(rng)
    t: dict[str, Any] = {
        "payee_name": payee,
        "payee_account": _account(rng),
        "payee_bank": rng.choice(
            ["中国农业银行", "中国工商银行", "中国建设银行", "中国邮政储蓄银行"]
        ),
        "first_time_payee": False,
        "met_payee_in_person": True,
        "verified_by_call": True,
        "payee_claims_authority": False,
        "promised_high_return": False,
        "early_deposit_withdrawal": False,
        "recent_inflow_from_strangers": False,
    }
    names = list(_SCENARIOS)
    weights = [w[1 if elderly else 0] for w in _SCENARIOS.values()]
    scenario = rng.choices(names, weights=weights)[0]
    if scenario == "family":
        high = 60_000 if elderly and rng.random() < 0.15 else 20_000
        t.update(amount=_amount(rng, 500, high), payee_relationship="family")
        t["purpose"] = rng.choice(["family_support", "family_support", "other"])
    elif scenario == "family_new_account":
        t.update(amount=_amount(rng, 1000, 30_000), payee_relationship="family")
        t.update(first_time_payee=True, purpose="family_support")
    elif scenario == "self":
        t.update(amount=_amount(rng, 1000, 80_000), payee_relationship="self")
        t.update(payee_name=customer["name"], purpose="other")
    elif scenario in ("supplier", "company_new"):
        t.update(amount=_amount(rng, 2000, 90_000), payee_relationship="business")
        t.update(
            payee_name=rng.choice(_COMPANIES[:5]), purpose=rng.choice(["business", "purchase"])
        )
        t["first_time_payee"] = scenario == "company_new"
    elif scenario == "utility":
        t.update(amount=_amount(rng, 100, 3000), payee_relationship="business")
        t.update(payee_name=rng.choice(_COMPANIES[7:9]), purpose="utility_bill")
    elif scenario == "school_or_hospital":
        t.update(amount=_amount(rng, 2000, 40_000), payee_relationship="business")
        t.update(payee_name=rng.choice(_COMPANIES[5:7]), purpose="other")
        t["first_time_payee"] = rng.random() < 0.5
    elif scenario == "friend_repay":
        t.update(amount=_amount(rng, 500, 30_000), payee_relationship="friend")
        t["purpose"] = rng.choice(["repayment", "lend_to_acquaintance"])
        t["first_time_payee"] = rng.random() < 0.3
    elif scenario == "landlord":
        t.update(amount=_amount(rng, 1500, 12_000), payee_relationship="unknown")
        t.update(purpose="other", first_time_payee=rng.random() < 0.3, verified_by_call=False)
    elif scenario == "shop_in_person":
        t.update(amount=_amount(rng, 3000, 150_000), payee_relationship="business")
        t.update(payee_name=rng.choice(["郑州宇通汽车销售有限公司", "郑州红星美凯龙家居有限公司"]))
        t.update(purpose="purchase", first_time_payee=True)
    elif scenario == "secondhand_online":
        t.update(amount=_amount(rng, 200, 3000), payee_relationship="online_only")
        t.update(purpose="purchase", first_time_payee=True, met_payee_in_person=False)
        t["verified_by_call"] = False
    else:  # broker: buying a fund through the securities company's corporate account
        t.update(amount=_amount(rng, 10_000, 100_000), payee_relationship="business")
        t.update(payee_name=_COMPANIES[9], purpose="investment")
    return t


def _opening(rng: random.Random, customer: dict[str, Any]) -> dict[str, Any]:
    occupation = customer["occupation"]
    purpose = {
        "retired": "pension",
        "student": rng.choice(["daily", "subsidy"]),
        "migrant_worker": "salary",
    }.get(occupation, rng.choice(["salary", "daily", "savings", "salary"]))
    if purpose == "salary" and customer["employer"] is None:
        purpose = "daily"
    has_class1 = rng.random() < 0.25
    return {
        "account_class": "II" if has_class1 else "I",
        "purpose": purpose,
        "existing_class1_here": 1 if has_class1 else 0,
        "existing_accounts_here": 1 if has_class1 else 0,
        "non_counter_services": True,
        "out_of_area_reason": None,
        "local_work_or_residence_proof": False,
        "phone_shared_with_others": False,
        "batch_opening": False,
        "phone_in_own_name": True,
        "customer_knows_purpose": True,
    }


def ordinary_cases(count: int = 1000, seed: int = 2026) -> list[dict[str, Any]]:
    """``count`` ordinary cases (JSON-shaped, CASE_SCHEMA.md), about 70 % transfers."""
    rng = random.Random(seed)
    cases: list[dict[str, Any]] = []
    for _ in range(count):
        customer = _customer(rng)
        case = _signals(rng.choice(_ORDINARY_NOTES))
        case["customer"] = customer
        if rng.random() < 0.7:
            case["kind"] = "transfer"
            case["transfer"] = _transfer(rng, customer)
        else:
            case["kind"] = "opening"
            case["opening"] = _opening(rng, customer)
            if not customer["id_number"].startswith("4101"):
                reason = {"student": "study"}.get(customer["occupation"], "work")
                case["opening"]["out_of_area_reason"] = reason
                case["opening"]["local_work_or_residence_proof"] = rng.random() < 0.5
        case["accompanied"] = rng.random() < 0.1
        cases.append(case)
    return cases


def alert_load(
    cases: list[dict[str, Any]], assess_one: Callable[[dict[str, Any]], Any]
) -> dict[str, Any]:
    """Counts per level, and per rule at manager approval or above, for ``cases``."""
    levels: dict[str, int] = {}
    strict_rules: dict[str, int] = {}
    for case in cases:
        result = assess_one(case)
        levels[result.level] = levels.get(result.level, 0) + 1
        for hit in result.hits:
            if hit.level in ("manager_approval", "refuse"):
                strict_rules[hit.rule_id] = strict_rules.get(hit.rule_id, 0) + 1
    return {"cases": len(cases), "levels": levels, "strict_rules": strict_rules}
