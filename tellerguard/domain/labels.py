"""Chinese labels for the case's choices, fields and derived facts.

The teller, the supervisor and the printed audit read Chinese; the contract's values and
field names stay English (shared/CASE_SCHEMA.md). Every choice in ``tellerguard.domain.case``
has a label here (a unit test checks it against the type aliases), so a form or an
explanation never shows a raw value such as ``lend_to_acquaintance``.
"""

from __future__ import annotations

import re

ENUM_LABELS: dict[str, dict[str, str]] = {
    "case_kind": {
        "opening": "个人开户",
        "transfer": "大额转账",
    },
    "id_type": {
        "resident_id": "居民身份证",
        "hmt_residence_permit": "港澳台居民居住证",
        "foreign_permanent_resident": "外国人永久居留身份证",
        "passport": "护照",
        "hk_macao_travel_permit": "港澳居民来往内地通行证",
        "taiwan_travel_permit": "台湾居民来往大陆通行证",
    },
    "occupation": {
        "student": "学生",
        "migrant_worker": "农民工",
        "farmer": "农民",
        "employee": "职员",
        "self_employed": "个体经营",
        "civil_servant": "公职人员",
        "retired": "离退休人员",
        "unemployed": "无业",
        "freelancer": "自由职业",
        "other": "其他",
    },
    "account_class": {
        "I": "Ⅰ类户",
        "II": "Ⅱ类户",
        "III": "Ⅲ类户",
    },
    "opening_purpose": {
        "salary": "代发工资",
        "daily": "日常收支",
        "savings": "储蓄",
        "investment": "投资理财",
        "loan": "贷款",
        "business": "经营结算",
        "pension": "养老金",
        "subsidy": "补贴发放",
        "other": "其他",
    },
    "out_of_area_reason": {
        "work": "在本地工作",
        "residence": "在本地居住",
        "study": "在本地上学",
        "family": "投靠亲属",
        "other": "其他",
    },
    "payee_relationship": {
        "self": "本人",
        "family": "家人",
        "friend": "朋友",
        "business": "生意往来",
        "employer": "雇主或单位",
        "government": "政府或公共事业单位",
        "online_only": "仅在网上认识",
        "unknown": "不清楚",
    },
    "transfer_purpose": {
        "family_support": "家庭开支",
        "purchase": "购物付款",
        "repayment": "归还欠款",
        "business": "经营往来",
        "investment": "投资理财",
        "loan_fee": "贷款前缴费",
        "task_rebate": "刷单做任务",
        "game_trade": "游戏交易或解冻",
        "safe_account": "转入“安全账户”",
        "tax_refund": "办理退税",
        "prize_fee": "领奖前缴费",
        "credit_repair": "注销校园贷或修复征信",
        "membership_cancel": "取消会员或保险",
        "utility_bill": "缴纳税费或公共事业费",
        "lend_to_acquaintance": "借钱给熟人",
        "romance": "转给网恋对象",
        "other": "其他",
    },
    "out_of_area": {
        "none": "本地",
        "city": "异地（省内）",
        "province": "异地（省外）",
        "not_applicable": "不适用",
    },
    "gender": {
        "male": "男",
        "female": "女",
    },
}

NOUN_LABELS: dict[str, dict[str, str]] = {
    "payee_relationship": {
        "self": "客户本人的账户",
        "family": "家人",
        "friend": "朋友",
        "business": "生意伙伴",
        "employer": "领导或单位",
        "government": "“政府或公共事业单位”",
        "online_only": "网友",
        "unknown": "关系不明的人",
    },
    "transfer_purpose": {"other": "其他用途"},
    "opening_purpose": {"other": "其他用途"},
}
"""A choice as a noun inside a reason's sentence (``noun(transfer.payee_relationship)``):
向首次转账的网友转账, where the form's label 仅在网上认识 would not read."""

CHOICE_FIELDS: dict[str, str] = {
    "kind": "case_kind",
    "case.kind": "case_kind",
    "customer.id_type": "id_type",
    "customer.occupation": "occupation",
    "opening.account_class": "account_class",
    "opening.purpose": "opening_purpose",
    "opening.out_of_area_reason": "out_of_area_reason",
    "transfer.payee_relationship": "payee_relationship",
    "transfer.purpose": "transfer_purpose",
    "out_of_area": "out_of_area",
    "facts.out_of_area": "out_of_area",
    "gender": "gender",
    "facts.gender": "gender",
}
"""Which labels a choice field uses, by its path in the case or the rule language."""

NOUN_FIELDS: frozenset[str] = frozenset(
    path for path, enum_name in CHOICE_FIELDS.items() if "." in path and enum_name in NOUN_LABELS
)


def noun(value: str, field: str) -> str:
    """The noun form of a choice value (``NOUN_LABELS``); its ordinary label otherwise."""
    enum_name = CHOICE_FIELDS.get(field, field)
    nouns = NOUN_LABELS.get(enum_name, {})
    return nouns.get(value) or choice_label(field, value)


CASE_FIELD_LABELS: dict[str, str] = {
    # The form's own wording and order (without its parenthesised examples and "：未询问"), so
    # that the "尚未填写" list, the dossier and the detail pane name a field as the teller saw it
    # (tests/gui/test_case_form_labels.py compares them).
    "kind": "业务类型",
    "customer": "客户信息",
    "customer.id_type": "证件类型",
    "customer.id_number": "证件号码",
    "customer.name": "客户姓名",
    "customer.phone": "手机号码",
    "customer.occupation": "职业",
    "customer.employer": "工作单位",
    "customer.address": "住址",
    "opening": "开户信息",
    "opening.account_class": "账户类别",
    "opening.purpose": "开户用途",
    "opening.existing_class1_here": "本行已有Ⅰ类户",
    "opening.existing_accounts_here": "本行已有账户",
    "opening.non_counter_services": "开通非柜面业务",
    "opening.out_of_area_reason": "异地开户原因",
    "opening.local_work_or_residence_proof": "已提供本地工作或居住证明",
    "opening.phone_shared_with_others": "该手机号已被其他客户预留",
    "opening.batch_opening": "批量开户",
    "opening.phone_in_own_name": "手机号登记在本人名下",
    "opening.customer_knows_purpose": "客户清楚开户用途",
    "transfer": "转账信息",
    "transfer.amount": "转账金额",
    "transfer.payee_name": "收款人户名",
    "transfer.payee_account": "收款账号",
    "transfer.payee_bank": "收款银行",
    "transfer.payee_relationship": "与客户关系",
    "transfer.first_time_payee": "首次向该收款人转账",
    "transfer.purpose": "转账用途",
    "transfer.met_payee_in_person": "客户当面见过收款人",
    "transfer.verified_by_call": "已用熟知号码回拨或视频核实对方",
    "transfer.payee_claims_authority": "收款方自称公检法或政府机关",
    "transfer.promised_high_return": "对方承诺高额回报",
    "transfer.early_deposit_withdrawal": "提前支取定期存款来转账",
    "transfer.recent_inflow_from_strangers": "近期有陌生人转入资金",
    "transfer.payee_is_personal_account": "收款账户为个人账户",
    "transfer.cash": "现金交款转账",
    "transfer.refuses_family_contact": "拒绝联系家属核实",
    "accompanied": "有人陪同前来",
    "companion_answers_for_customer": "陪同人代客户回答",
    "by_agent": "由代理人代办",
    "on_phone": "办理时正在通话、听从电话指示",
    "screen_sharing": "手机开着屏幕共享或会议软件",
    "instructed_by_others": "按他人指示操作",
    "told_to_keep_secret": "被要求对家人或银行保密",
    "promised_reward": "有人承诺给予好处费",
    "notes": "柜员备注",
}

FACT_LABELS: dict[str, str] = {
    "id_valid": "证件号码有效",
    "birth_date": "出生日期",
    "age": "年龄",
    "gender": "性别",
    "home_region": "证件地区码",
    "home_place": "证件签发地",
    "home_province": "证件所属省份",
    "out_of_area": "异地情况",
    "phone_region": "电话归属地",
    "phone_carrier": "电话运营商",
    "phone_virtual_operator": "虚拟运营商号段",
    "payee_account_luhn_ok": "收款卡号校验通过",
    "payee_personal_account": "收款方为个人账户",
}

HISTORY_LABELS: dict[str, str] = {
    "reminders_30d": "近30天二次提醒次数",
    "dissuaded_30d": "近30天劝阻次数",
    "refusals_30d": "近30天拒绝办理次数",
    "police_referrals_30d": "近30天报警次数",
    "transfers_today_amount": "今日已转账金额",
    "cash_today_amount": "今日现金金额",
}

FIELD_LABELS: dict[str, str] = {**CASE_FIELD_LABELS, **FACT_LABELS}
"""Case field paths (as error messages name them) and derived fact names."""


def label(enum_name: str, value: str) -> str:
    """The Chinese label of a choice, e.g. ``label("occupation", "student")`` → 学生.

    An unknown value is returned as it is (a display must never fail on it); an unknown
    ``enum_name`` is a programming error and raises ``KeyError``.
    """
    return ENUM_LABELS[enum_name].get(value, value)


def choice_label(field: str, value: str) -> str:
    """The label of a choice field's value, the field given by its path (``transfer.purpose``)
    or by its enum name; values of fields that are not choices are returned unchanged."""
    enum_name = CHOICE_FIELDS.get(field, field)
    labels = ENUM_LABELS.get(enum_name)
    return value if labels is None else labels.get(value, value)


def field_label(path: str) -> str:
    """A short Chinese label for a case path, a fact or a rule-language name
    (``case.on_phone``, ``facts.age``, ``history.refusals_30d``); the path itself if unknown."""
    if path in FIELD_LABELS:
        return FIELD_LABELS[path]
    namespace, _, name = path.partition(".")
    if namespace == "case" and name in CASE_FIELD_LABELS:
        return CASE_FIELD_LABELS[name]
    if namespace == "facts" and name in FACT_LABELS:
        return FACT_LABELS[name]
    if namespace == "history" and name in HISTORY_LABELS:
        return HISTORY_LABELS[name]
    return path


_VALUE_NAMESPACE_LABELS = {"lists": "参照名单", "params": "规则阈值"}
_PATH = re.compile(r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+")
_CALL_OF_PATH = re.compile(r"[a-z_]+\((" + _PATH.pattern + r")[,)]")


def value_label(key: str) -> str | None:
    """The label of one of a hit's ``values`` (keyed by the expression of the rule's text
    that produced it): a field's label for a field (``facts.age`` → 年龄) or a function of
    one (``noun(transfer.purpose)`` → 转账用途, ``phrases(case.notes, …)`` → 柜员备注), the
    kind of a list or a threshold; ``None`` for any other expression (a conditional piece of
    the wording, a sum), whose value the explanation itself already says."""
    if _PATH.fullmatch(key):
        shown = field_label(key)
        if shown != key:
            return shown
        return _VALUE_NAMESPACE_LABELS.get(key.partition(".")[0])
    call = _CALL_OF_PATH.match(key)
    if call is not None and key.endswith(")"):
        shown = field_label(call.group(1))
        return shown if shown != call.group(1) else None
    return None


ROLE_LABELS: dict[str, str] = {
    "teller": "柜员",
    "supervisor": "主管",
    "rule_admin": "规则管理员",
    "it_admin": "系统管理员",
}
DECISION_LABELS: dict[str, str] = {
    "proceeded": "坚持办理",
    "dissuaded": "劝阻成功",
    "referred_to_police": "移交公安",
    "delayed_arrival": "延迟到账",
    "family_contacted": "已联系家属",
}
OUTCOME_LABELS: dict[str, str] = {"success": "成功", "failure": "失败"}
