"""Reading a form into a case (no Qt): what is missing, what is wrong, what is still typed."""

from __future__ import annotations

from datetime import date
from typing import Any

from tellerguard.gui.draft import amount_problem, build_case
from tellerguard.gui.samples import SCENARIOS, STUDENT_WITH_COMPANION, WECHAT_FRIEND

ON = date(2026, 11, 25)


def test_every_sample_scenario_is_a_complete_case() -> None:
    for name, (kind, values) in SCENARIOS.items():
        draft = build_case(kind, values, on=ON)
        assert draft.case is not None, (name, draft.missing, draft.problems)


def test_empty_notes_are_an_answer_not_a_gap() -> None:
    draft = build_case("opening", dict(STUDENT_WITH_COMPANION, notes=""), on=ON)
    assert draft.complete


def test_an_unfinished_id_or_phone_is_incomplete_not_wrong_nor_missing() -> None:
    values: dict[str, Any] = dict(WECHAT_FRIEND)
    values["customer.id_number"] = "4101021975"
    values["customer.phone"] = "1390396"
    draft = build_case("transfer", values, on=ON)
    assert draft.case is None and draft.problems == []
    assert draft.missing == []  # typed, so not 尚未填写
    assert draft.incomplete == ["customer.id_number", "customer.phone"]
    assert draft.incomplete_texts() == ["证件号码不完整", "手机号码不完整"]


def test_wrong_values_are_problems_in_chinese() -> None:
    values: dict[str, Any] = dict(WECHAT_FRIEND)
    values["customer.id_number"] = "410102197508152011"
    values["transfer.payee_account"] = "12-3"
    draft = build_case("transfer", values, on=ON)
    assert draft.case is None
    assert dict(draft.problems)["customer.id_number"] == "校验位不符，请核对证件"
    assert dict(draft.problems)["transfer.payee_account"] == "收款账号应为6至34位字母或数字"


def test_required_choices_left_empty_are_listed_in_form_order() -> None:
    values: dict[str, Any] = dict(STUDENT_WITH_COMPANION)
    values["customer.occupation"] = None
    values["opening.purpose"] = None
    values["customer.employer"] = None  # nullable: not a gap
    draft = build_case("opening", values, on=ON)
    assert draft.missing == ["customer.occupation", "opening.purpose"]


def test_amounts() -> None:
    assert amount_problem("100000.00") is None
    assert amount_problem("0") == "金额应大于0"
    assert amount_problem("1.234") == "金额最多两位小数"
    assert amount_problem("1e5") is not None


def test_text_too_long_says_how_long_it_may_be() -> None:
    # A page pasted into the notes only said 柜员备注填写有误.
    values: dict[str, Any] = dict(WECHAT_FRIEND, notes="客" * 100_000)
    values["customer.name"] = "王" * 500
    draft = build_case("transfer", values, on=ON)
    assert draft.case is None
    assert dict(draft.problems) == {
        "customer.name": "客户姓名过长，最多 60 个字",
        "notes": "柜员备注过长，最多 2000 个字",
    }
