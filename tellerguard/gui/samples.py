"""Realistic counter scenarios as form values: used by the screenshots, the benchmark and the
GUI tests (names, numbers and phones are invented; ID numbers have valid check digits)."""

from __future__ import annotations

from typing import Any

_QUIET_SIGNALS: dict[str, Any] = {
    "accompanied": False,
    "companion_answers_for_customer": False,
    "by_agent": False,
    "on_phone": False,
    "screen_sharing": False,
    "instructed_by_others": False,
    "told_to_keep_secret": False,
    "promised_reward": False,
    "notes": "",
}
_TRANSFER_DEFAULTS: dict[str, Any] = {
    "transfer.cash": False,
    "transfer.payee_bank": None,
    "transfer.first_time_payee": False,
    "transfer.met_payee_in_person": True,
    "transfer.verified_by_call": False,
    "transfer.payee_claims_authority": False,
    "transfer.promised_high_return": False,
    "transfer.early_deposit_withdrawal": False,
    "transfer.recent_inflow_from_strangers": False,
    "transfer.payee_is_personal_account": None,
    "transfer.refuses_family_contact": None,
}

WECHAT_FRIEND: dict[str, Any] = {
    # The seed's case: a "friend" on WeChat asks for ¥100,000 sent to a third party's account.
    "customer.id_type": "resident_id",
    "customer.id_number": "410102197508152010",
    "customer.name": "邱建华",
    "customer.phone": "13903960000",
    "customer.occupation": "self_employed",
    "customer.employer": "上蔡县宏达建材经营部",
    "customer.address": "郑州市中原区建设西路18号",
    **_TRANSFER_DEFAULTS,
    "transfer.amount": "100000.00",
    "transfer.payee_name": "李强",
    "transfer.payee_account": "6228480123456789015",  # 622848: an ABC card
    "transfer.payee_bank": "中国农业银行",
    "transfer.payee_relationship": "unknown",
    "transfer.purpose": "lend_to_acquaintance",
    "transfer.first_time_payee": True,
    "transfer.met_payee_in_person": False,
    **_QUIET_SIGNALS,
    "instructed_by_others": True,
    "notes": (
        "客户称多年的生意伙伴在微信上说急需资金周转，让把10万元先转到第三人账户，对方说不方便接电话"
    ),
}

ELDERLY_TO_SON: dict[str, Any] = {
    # A 68-year-old sends ¥80,000 to her son for a flat; she called him on his known number.
    "customer.id_type": "resident_id",
    "customer.id_number": "410102195806120026",
    "customer.name": "王秀兰",
    "customer.phone": "13837105678",
    "customer.occupation": "retired",
    "customer.employer": None,
    "customer.address": "郑州市中原区桐柏路66号",
    **_TRANSFER_DEFAULTS,
    "transfer.amount": "80000.00",
    "transfer.payee_name": "张志强",
    "transfer.payee_account": "6217002430012345672",
    "transfer.payee_bank": "中国建设银行",
    "transfer.payee_relationship": "family",
    "transfer.purpose": "family_support",
    "transfer.met_payee_in_person": True,
    "transfer.verified_by_call": True,
    "transfer.payee_is_personal_account": True,
    "transfer.refuses_family_contact": False,
    **_QUIET_SIGNALS,
    "notes": "客户称儿子在郑州买房，首付差8万元；已当面拨打儿子存号电话核实",
}

SAFE_ACCOUNT: dict[str, Any] = {
    # "Police" on the phone tell the customer to move savings into a "safe account".
    "customer.id_type": "resident_id",
    "customer.id_number": "410102198105063018",
    "customer.name": "赵磊",
    "customer.phone": "13703712345",
    "customer.occupation": "employee",
    "customer.employer": "郑州市某物流有限公司",
    "customer.address": "郑州市中原区中原西路",
    **_TRANSFER_DEFAULTS,
    "transfer.amount": "150000.00",
    "transfer.payee_name": "陈芳",
    "transfer.payee_account": "6228480402564890018",
    "transfer.payee_relationship": "government",
    "transfer.purpose": "safe_account",
    "transfer.first_time_payee": True,
    "transfer.met_payee_in_person": False,
    "transfer.payee_claims_authority": True,
    "transfer.early_deposit_withdrawal": True,
    **_QUIET_SIGNALS,
    "on_phone": True,
    "told_to_keep_secret": True,
    "notes": "客户称“公安局民警”来电说其涉嫌洗钱，要求把存款转入安全账户配合资金核查",
}

STUDENT_WITH_COMPANION: dict[str, Any] = {
    # A 19-year-old student whose "part-time job" companion answers every question.
    "customer.id_type": "resident_id",
    "customer.id_number": "410105200709030312",
    "customer.name": "刘宇航",
    "customer.phone": "15603711234",
    "customer.occupation": "student",
    "customer.employer": "河南某职业技术学院",
    "customer.address": None,
    "opening.account_class": "I",
    "opening.purpose": "salary",
    "opening.existing_class1_here": 0,
    "opening.existing_accounts_here": 0,
    "opening.non_counter_services": True,
    "opening.out_of_area_reason": None,
    "opening.local_work_or_residence_proof": False,
    "opening.phone_shared_with_others": False,
    "opening.batch_opening": False,
    "opening.phone_in_own_name": True,
    "opening.customer_knows_purpose": False,
    **_QUIET_SIGNALS,
    "accompanied": True,
    "companion_answers_for_customer": True,
    "notes": "陪同男子自称兼职中介，替客户回答开户用途，称办卡用于“走工资流水”",
}

SCENARIOS: dict[str, tuple[str, dict[str, Any]]] = {
    "wechat_friend": ("transfer", WECHAT_FRIEND),
    "elderly_to_son": ("transfer", ELDERLY_TO_SON),
    "safe_account": ("transfer", SAFE_ACCOUNT),
    "student_with_companion": ("opening", STUDENT_WITH_COMPANION),
}
