"""The default rule pack (rules/default, version 2026.12.0) hard-coded as plain Python ``if``s.

Pack 2026.12.1 adds only rules over risk lists; ``bench_engine.py`` binds no list, so they never
fire there and their ``not in lists.official_accounts`` clauses always hold: the hits are the
same as 2026.12.0's (``bench_lists.py`` measures the rules with a list bound).

This is the benchmark's baseline: what a programmer would write without a rule engine. It must
give exactly the same hits as the compiled pack (``bench_engine.py`` checks this on every case),
so it follows the rule language's semantics by hand:

- parameters are module-level constants with the pack's values (money as ``Decimal``, phrase
  lists as tuples); a branch override would need an edit here — that is the point of the pack;
- any comparison with ``None`` is false (``age is not None and age >= ...``);
- nullable booleans are compared with ``is True`` / ``is False``; ``== null`` is ``is None``;
- ``any_phrase`` skips an occurrence directly preceded by a negation prefix.

Rules with status ``deprecated`` are not evaluated (the default pack has none).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tellerguard.domain.facts import Facts, History
from tellerguard.engine.phrases import any_phrase

# ---- pack parameters (rules/default/pack.yaml) -------------------------------------------
ELDERLY_AGE = 60
ELDERLY_STRICT_AGE = 70
MINOR_AGE = 16
GUARDIAN_CONSENT_AGE = 14
STUDENT_MIN_AGE = 16
STUDENT_MAX_AGE = 24
STUDENT_BY_AGE = True
PENSION_PURPOSE_MIN_AGE = 45

ELDERLY_LARGE_AMOUNT = Decimal("50000.00")
ELDERLY_NEW_PAYEE_AMOUNT = Decimal("10000.00")
ELDERLY_STRICT_AMOUNT = Decimal("100000.00")
GROUP_NEW_PAYEE_AMOUNT = Decimal("10000.00")
AGE_UNKNOWN_CHECK_AMOUNT = Decimal("10000.00")
AML_CASH_DAILY = Decimal("50000.00")
AML_TRANSFER_DAILY = Decimal("500000.00")

HISTORY_REPEAT_MIN = 1

NOTES_AUTHORITY_PHRASES = (
    "安全账户",
    "监管账户",
    "资金(核查|清查|审查|清算)",
    "通缉令",
    "逮捕令",
    "(涉嫌|涉及|卷入)洗钱",
    "洗钱案",
    "配合调查",
    "保释金",
    "取保候审",
    "safe account",
    "safety account",
    "fund check",
    "(asset|fund) investigation",
)
NOTES_SECRET_PHRASES = (
    "保密",
    "(不要|不让|不能|别|不许|不准)(告诉|告知)",
    "(不要|不让|不能|别)(跟|和|对)(家人|家里|子女|银行)说",
    "瞒着(家人|家里|子女|银行)",
    "keep it secret",
    "keep secret",
)
NOTES_DEPOSIT_PHRASES = ("保证金",)
NOTES_LOAN_FEE_PHRASES = (
    "刷流水",
    "验资",
    "放款(前|之前)",
    "贷款(保证金|手续费|解冻金|工本费|激活费)",
    "解冻金",
    "银行流水不足",
)
NOTES_PRIZE_PHRASES = ("中奖", "领奖", "兑奖")
NOTES_UNFREEZE_PHRASES = ("解冻",)
NOTES_CREDIT_PHRASES = (
    "征信修复",
    "修复征信",
    "征信(洗白|消除|处理)",
    "(注销|关闭|清除)(校园贷|学生贷款|学生贷|学生账户|网贷账户|贷款账户)",
    "校园贷注销",
    "学生贷款注销",
    "credit repair",
)
NOTES_TASK_REBATE_PHRASES = ("刷单", "做任务", "卡单", "点赞返利", "刷信誉", "返佣任务", "垫资任务")
NOTES_ADVANCE_PHRASES = ("垫付", "垫资", "先垫钱")
NOTES_SCREEN_SHARE_PHRASES = (
    "屏幕共享",
    "共享屏幕",
    "屏幕分享",
    "分享屏幕",
    "投屏",
    "会议(软件|app|号|室)",
    "腾讯会议",
    "远程控制",
    "screen shar(e|ing)",
    "share (the|my|your) screen",
    "share screen",
)
NOTES_INVESTMENT_PHRASES = (
    "导师",
    "内部消息",
    "内幕消息",
    "带单老师",
    "老师带单",
    "带单",
    "荐股",
    "牛股群",
    "(股票|炒股|投资)群",
)
NOTES_STOCK_TIP_FEE_PHRASES = ("荐股", "(股票|炒股|投资|理财)(会员|vip|课程|培训|咨询费)")
NOTES_FEE_PHRASES = ("会员费", "会员", "vip", "服务费", "课程费", "学费", "年费", "入群费")
NOTES_MILITARY_PURCHASE_PHRASES = ("(部队|军队|武警|消防|军方|部队后勤|公安)采购", "军需采购")
NOTES_NEGATIONS = ("未提及", "未提到", "没有提到", "否认", "不涉及", "无")
ONLINE_PAYEE_AMOUNT = Decimal("10000.00")

# ---- choice lists used in conditions -----------------------------------------------------
OWN_OR_FAMILY = frozenset({"self", "family"})
BUSINESS_UNLIKELY = frozenset({"student", "unemployed"})
OUT_OF_AREA = frozenset({"city", "province"})
INVEST_RISKY_PAYEES = frozenset({"online_only", "unknown", "friend"})
OFFICIAL_PURPOSES = frozenset({"utility_bill", "tax_refund"})
NEUTRAL_PURPOSES = frozenset({"family_support", "repayment", "business", "other"})
ACQUAINTANCES = frozenset({"family", "friend", "employer"})
MILITARY_PURCHASE_PURPOSES = frozenset({"purchase", "business"})


def evaluate(case: Any, facts: Facts, history: History) -> list[str]:
    """Ids of the default pack's rules whose condition holds for this case."""
    hits: list[str] = []
    kind = case.kind
    notes = case.notes
    customer = case.customer
    age = facts.age

    # ---- aml.yaml (transfer) -------------------------------------------------------------
    if kind == "transfer":
        t = case.transfer
        if t.cash and history.cash_today_amount + t.amount >= AML_CASH_DAILY:
            hits.append("XFER-AML-CASH")
        if history.transfers_today_amount + t.amount >= AML_TRANSFER_DAILY:
            hits.append("XFER-AML-TRANSFER")

    # ---- history.yaml (opening, transfer) ------------------------------------------------
    if (
        history.dissuaded_30d >= HISTORY_REPEAT_MIN
        or history.refusals_30d >= HISTORY_REPEAT_MIN
        or history.police_referrals_30d >= HISTORY_REPEAT_MIN
    ):
        hits.append("HIST-DISSUADED")

    # ---- notes.yaml (opening, transfer) --------------------------------------------------
    if any_phrase(notes, NOTES_AUTHORITY_PHRASES, NOTES_NEGATIONS):
        hits.append("NOTES-AUTHORITY")
    if any_phrase(notes, NOTES_DEPOSIT_PHRASES, NOTES_NEGATIONS):
        hits.append("NOTES-DEPOSIT")
    if any_phrase(notes, NOTES_LOAN_FEE_PHRASES, NOTES_NEGATIONS):
        hits.append("NOTES-LOAN-FEE")
    if any_phrase(notes, NOTES_PRIZE_PHRASES, NOTES_NEGATIONS):
        hits.append("NOTES-PRIZE")
    if any_phrase(notes, NOTES_UNFREEZE_PHRASES, NOTES_NEGATIONS):
        hits.append("NOTES-UNFREEZE")
    if any_phrase(notes, NOTES_CREDIT_PHRASES, NOTES_NEGATIONS):
        hits.append("NOTES-CREDIT")
    if any_phrase(notes, NOTES_TASK_REBATE_PHRASES, NOTES_NEGATIONS):
        hits.append("NOTES-TASK")
    if any_phrase(notes, NOTES_SCREEN_SHARE_PHRASES, NOTES_NEGATIONS):
        hits.append("NOTES-SCREEN")
    if any_phrase(notes, NOTES_INVESTMENT_PHRASES, NOTES_NEGATIONS):
        hits.append("NOTES-INVEST")
    advance_notes = any_phrase(notes, NOTES_ADVANCE_PHRASES, NOTES_NEGATIONS)
    authority_notes = any_phrase(notes, NOTES_AUTHORITY_PHRASES, NOTES_NEGATIONS)
    secret = case.told_to_keep_secret or any_phrase(notes, NOTES_SECRET_PHRASES, NOTES_NEGATIONS)
    military_notes = any_phrase(notes, NOTES_MILITARY_PURCHASE_PHRASES, NOTES_NEGATIONS)
    if military_notes:
        hits.append("NOTES-MILITARY")

    if kind == "opening":
        o = case.opening
        occupation = customer.occupation
        purpose = o.purpose

        # ---- opening_behaviour.yaml ------------------------------------------------------
        if o.batch_opening:
            hits.append("OPEN-ABNORMAL")
        if (o.batch_opening or o.phone_shared_with_others) and (
            case.promised_reward or case.companion_answers_for_customer
        ):
            hits.append("OPEN-ABNORMAL-REFUSE")
        if case.companion_answers_for_customer:
            hits.append("OPEN-COMPANION")
        if o.customer_knows_purpose is False:
            hits.append("OPEN-COMPANION-PURPOSE")
        if case.promised_reward:
            hits.append("OPEN-COMPANION-REWARD")
        if case.promised_reward and (
            case.companion_answers_for_customer or o.customer_knows_purpose is False
        ):
            hits.append("OPEN-COMPANION-SOLD")
        if advance_notes:
            hits.append("NOTES-ADVANCE-OPENING")
        if (
            case.on_phone
            or case.screen_sharing
            or case.instructed_by_others
            or case.told_to_keep_secret
        ):
            hits.append("OPEN-COACHED")
        if o.phone_in_own_name is False:
            hits.append("OPEN-PHONE")
        if o.phone_shared_with_others:
            hits.append("OPEN-PHONE-SHARED")
        if facts.phone_virtual_operator:
            hits.append("OPEN-PHONE-VIRTUAL")
        if o.phone_in_own_name is None:
            hits.append("OPEN-PHONE-UNCHECKED")
        if (
            (purpose == "salary" and occupation == "unemployed")
            or (purpose == "business" and occupation in BUSINESS_UNLIKELY)
            or (purpose == "pension" and age is not None and age < PENSION_PURPOSE_MIN_AGE)
        ):
            hits.append("OPEN-PURPOSE")
        if purpose == "salary" and customer.employer is None:
            hits.append("OPEN-PURPOSE-EMPLOYER")
        if purpose == "other" and notes == "":
            hits.append("OPEN-PURPOSE-OTHER")

        # ---- opening_groups.yaml ---------------------------------------------------------
        if age is not None and age >= ELDERLY_AGE:
            hits.append("OPEN-ELDERLY")
        if occupation == "student" or (
            STUDENT_BY_AGE and age is not None and STUDENT_MIN_AGE <= age <= STUDENT_MAX_AGE
        ):
            hits.append("OPEN-STUDENT")
        if occupation == "migrant_worker":
            hits.append("OPEN-MIGRANT")
        area = facts.out_of_area
        if area == "city" or (area == "province" and o.local_work_or_residence_proof):
            hits.append("OPEN-OUTAREA")
        if area == "province" and not o.local_work_or_residence_proof:
            hits.append("OPEN-OUTAREA-PROVINCE")

        # ---- opening_identity.yaml -------------------------------------------------------
        hits.append("OPEN-DECLARATION")  # case.kind == 'opening'
        if age is None:
            hits.append("OPEN-AGE-UNKNOWN")
        else:
            if age < MINOR_AGE:
                hits.append("OPEN-MINOR")
            if age < GUARDIAN_CONSENT_AGE:
                hits.append("OPEN-MINOR-UNDER14")
        if o.account_class == "I" and o.existing_class1_here >= 1:
            hits.append("OPEN-CLASS1")
        if case.by_agent:
            hits.append("OPEN-AGENT")

    elif kind == "transfer":
        t = case.transfer
        amount = t.amount
        purpose = t.purpose
        relationship = t.payee_relationship
        new_payee = t.first_time_payee or relationship not in OWN_OR_FAMILY

        # ---- transfer_behaviour.yaml -----------------------------------------------------
        if case.on_phone or case.screen_sharing or case.instructed_by_others:
            hits.append("XFER-COACHED")
        if t.refuses_family_contact is True:
            hits.append("XFER-STORY")
        if t.early_deposit_withdrawal:
            hits.append("XFER-STORY-DEPOSIT")
        if t.recent_inflow_from_strangers or case.promised_reward:
            hits.append("XFER-MULE")
        if (
            relationship == "online_only"
            and t.first_time_payee
            and not t.met_payee_in_person
            and amount >= ONLINE_PAYEE_AMOUNT
            and purpose in NEUTRAL_PURPOSES
        ):
            hits.append("XFER-ONLINE-PAYEE")
        if advance_notes and not (relationship in OWN_OR_FAMILY and t.verified_by_call):
            hits.append("NOTES-ADVANCE")

        # ---- transfer_groups.yaml --------------------------------------------------------
        if age is None:
            if amount >= AGE_UNKNOWN_CHECK_AMOUNT:
                hits.append("XFER-AGE-UNKNOWN")
        elif age >= ELDERLY_AGE and (
            amount >= ELDERLY_LARGE_AMOUNT or (amount >= ELDERLY_NEW_PAYEE_AMOUNT and new_payee)
        ):
            if amount >= ELDERLY_STRICT_AMOUNT or age >= ELDERLY_STRICT_AGE:
                hits.append("XFER-ELDERLY-STRICT")
            else:
                hits.append("XFER-ELDERLY")
        if amount >= GROUP_NEW_PAYEE_AMOUNT and new_payee:
            if customer.occupation == "student":
                hits.append("XFER-GROUP-STUDENT")
            if customer.occupation == "migrant_worker":
                hits.append("XFER-GROUP-MIGRANT")
            if facts.out_of_area in OUT_OF_AREA:
                hits.append("XFER-GROUP-OUTAREA")

        # ---- transfer_typologies.yaml ----------------------------------------------------
        authority = purpose == "safe_account" or t.payee_claims_authority
        if authority:
            hits.append("XFER-AUTHORITY")
        if authority_notes and secret:
            hits.append("XFER-AUTHORITY-NOTES")
        if secret and not (authority or authority_notes):
            hits.append("XFER-AUTHORITY-SECRET")
        if purpose == "loan_fee":
            hits.append("XFER-FEE-LOAN")
        if purpose == "credit_repair":
            hits.append("XFER-FEE-CREDIT")
        if purpose == "prize_fee":
            hits.append("XFER-FEE-PRIZE")
        if purpose == "game_trade":
            hits.append("XFER-FEE-GAME")
        if purpose == "membership_cancel":
            hits.append("XFER-FEE-MEMBERSHIP")
        if purpose == "task_rebate":
            hits.append("XFER-FEE-TASK")
        if purpose == "tax_refund":
            hits.append("XFER-FEE-TAX")
        personal = facts.payee_personal_account
        if (
            purpose == "investment" and (personal is True or relationship in INVEST_RISKY_PAYEES)
        ) or t.promised_high_return:
            hits.append("XFER-INVEST")
        if (
            purpose == "romance"
            or (relationship == "online_only" and purpose == "lend_to_acquaintance")
        ) and not t.met_payee_in_person:
            hits.append("XFER-INVEST-ROMANCE")
        if any_phrase(notes, NOTES_STOCK_TIP_FEE_PHRASES, NOTES_NEGATIONS) or (
            any_phrase(notes, NOTES_FEE_PHRASES, NOTES_NEGATIONS)
            and (
                purpose == "investment"
                or any_phrase(notes, NOTES_INVESTMENT_PHRASES, NOTES_NEGATIONS)
            )
        ):
            hits.append("XFER-INVEST-VIP")
        if purpose == "lend_to_acquaintance" and not t.verified_by_call:
            hits.append("XFER-ACQUAINTANCE")
        if (
            relationship in ACQUAINTANCES
            and t.first_time_payee
            and not t.met_payee_in_person
            and not t.verified_by_call
        ):
            hits.append("XFER-ACQUAINTANCE-NEW-PAYEE")
        official = relationship == "government" or purpose in OFFICIAL_PURPOSES
        if official:
            if personal is True:
                hits.append("XFER-OFFICIAL")
            elif personal is None:
                hits.append("XFER-OFFICIAL-UNKNOWN")
        if (
            purpose == "purchase"
            and t.first_time_payee
            and relationship == "online_only"
            and not t.met_payee_in_person
        ):
            hits.append("XFER-SHOPPING")
        if purpose in MILITARY_PURCHASE_PURPOSES and t.first_time_payee and military_notes:
            hits.append("XFER-SHOPPING-MILITARY")

    return hits
