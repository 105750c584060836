"""The tag vocabulary of shared/DOMAIN.md; tag names are part of the interface."""

from __future__ import annotations

TYPOLOGY_TAGS: dict[str, str] = {
    "task_rebate": "刷单返利",
    "investment": "虚假投资理财",
    "fake_shopping": "虚假购物服务",
    "fake_customer_service": "冒充电商物流客服",
    "fake_loan": "虚假网络贷款",
    "fake_credit": "虚假征信",
    "impersonate_acquaintance": "冒充领导熟人",
    "impersonate_authority": "冒充公检法及政府机关",
    "romance": "网络婚恋交友",
    "game_trade": "网络游戏虚假交易",
    "utility_social_security": "冒充社保、电力",
    "tax_refund": "冒充税务退税",
    "prize": "中奖缴保证金",
    "military_purchase": "冒充军警购物",
    "account_trafficking": "出租出借出售账户",
}
PROFILE_TAGS: dict[str, str] = {
    "elderly": "老年人",
    "student": "学生",
    "migrant_worker": "农民工",
    "out_of_area": "异地客户",
    "minor": "未成年人",
}
SIGNAL_TAGS: dict[str, str] = {
    "coached": "受人指使",
    "companion": "陪同人代答",
    "agent": "代办",
    "shared_phone": "共用手机号",
    "batch_opening": "批量开户",
    "notes_phrase": "备注用语",
    "unclear_purpose": "用途不明",
    "inconsistent_story": "说法前后不一",
    "phone_risk": "手机号风险",
    "risk_list": "风险名单命中",
}
OTHER_TAGS: dict[str, str] = {
    "account_limit": "账户数量限制",
    "identity": "身份核实",
    "aml_report": "大额交易报告",
    "declaration": "开户告知",
}
TAG_LABELS: dict[str, str] = {**TYPOLOGY_TAGS, **PROFILE_TAGS, **SIGNAL_TAGS, **OTHER_TAGS}
TAGS: frozenset[str] = frozenset(TAG_LABELS)
