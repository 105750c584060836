"""Chinese labels: every choice of the case contract, every field and every derived fact."""

from __future__ import annotations

import dataclasses
import re
import typing
from typing import Any

import pytest

from tellerguard.domain import case, labels
from tellerguard.domain.facts import Facts, History
from tellerguard.domain.labels import (
    CHOICE_FIELDS,
    ENUM_LABELS,
    FIELD_LABELS,
    choice_label,
    field_label,
    label,
)
from tellerguard.engine.pack import load_pack
from tellerguard.resources import default_rules_dir
from tests.model_paths import flatten, model_paths

ALIASES: dict[str, Any] = {
    "case_kind": case.CaseKind,
    "id_type": case.IdType,
    "occupation": case.Occupation,
    "account_class": case.AccountClass,
    "opening_purpose": case.OpeningPurpose,
    "out_of_area_reason": case.OutOfAreaReason,
    "payee_relationship": case.PayeeRelationship,
    "transfer_purpose": case.TransferPurpose,
}


def _literal_aliases_in_case_module() -> set[str]:
    return {
        name for name, value in vars(case).items() if typing.get_origin(value) is typing.Literal
    }


def test_every_literal_alias_of_the_case_module_is_covered() -> None:
    names = {
        name
        for name, value in vars(case).items()
        if any(value is alias for alias in ALIASES.values())
    }
    assert names == _literal_aliases_in_case_module()


@pytest.mark.parametrize("enum_name", sorted(ALIASES))
def test_every_choice_has_exactly_one_label(enum_name: str) -> None:
    values = set(typing.get_args(ALIASES[enum_name]))
    assert set(ENUM_LABELS[enum_name]) == values
    shown = list(ENUM_LABELS[enum_name].values())
    assert all(shown) and len(set(shown)) == len(shown)  # a dropdown must tell them apart


def test_derived_choice_labels() -> None:
    assert ENUM_LABELS["out_of_area"] == {
        "none": "本地",
        "city": "异地（省内）",
        "province": "异地（省外）",
        "not_applicable": "不适用",
    }
    assert ENUM_LABELS["gender"] == {"male": "男", "female": "女"}
    hints = typing.get_type_hints(Facts)
    for name in ("out_of_area", "gender"):
        assert set(ENUM_LABELS[name]) == {a for a in flatten(hints[name]) if isinstance(a, str)}


def test_every_case_field_path_has_a_label() -> None:
    paths = model_paths(case.OpeningCase) | model_paths(case.TransferCase)
    assert "customer.id_number" in paths and "transfer.refuses_family_contact" in paths
    missing = sorted(paths - set(FIELD_LABELS))
    assert not missing
    assert FIELD_LABELS["customer.id_number"] == "证件号码"
    assert FIELD_LABELS["transfer.amount"] == "转账金额"
    assert FIELD_LABELS["on_phone"] == "办理时正在通话、听从电话指示"


def test_every_fact_has_a_label() -> None:
    schema_facts = {
        "id_valid",
        "birth_date",
        "age",
        "gender",
        "home_region",
        "home_place",
        "out_of_area",
        "phone_region",
        "phone_carrier",
        "phone_virtual_operator",
        "payee_account_luhn_ok",
        "home_province",
        "payee_personal_account",
    }
    fact_fields = set(Facts._fields)
    assert schema_facts <= fact_fields
    assert not fact_fields - set(FIELD_LABELS)


def test_every_history_field_has_a_label() -> None:
    for f in dataclasses.fields(History):
        assert field_label(f"history.{f.name}") != f"history.{f.name}"


def test_rule_language_names_are_labelled() -> None:
    assert field_label("case.on_phone") == "办理时正在通话、听从电话指示"
    assert field_label("facts.age") == "年龄"
    assert field_label("customer.occupation") == "职业"
    assert field_label("no.such") == "no.such"


def test_label_function() -> None:
    assert label("occupation", "student") == "学生"
    assert label("transfer_purpose", "safe_account") == "转入“安全账户”"
    assert label("occupation", "astronaut") == "astronaut"  # shown as is, never a crash
    with pytest.raises(KeyError):
        label("no_such_enum", "x")


def test_choice_label_by_field_path_as_the_rule_language_names_it() -> None:
    assert choice_label("customer.occupation", "employee") == "职员"
    assert choice_label("opening.purpose", "other") == "其他"
    assert choice_label("transfer.purpose", "business") == "经营往来"
    assert choice_label("opening.purpose", "business") == "经营结算"
    assert choice_label("facts.out_of_area", "city") == "异地（省内）"
    assert choice_label("case.kind", "transfer") == "大额转账"
    assert choice_label("customer.name", "张三") == "张三"


def test_every_choice_field_points_at_a_label_table() -> None:
    assert set(CHOICE_FIELDS.values()) <= set(ENUM_LABELS)
    assert labels.ENUM_LABELS is ENUM_LABELS


def _reason_expressions() -> list[str]:
    """Every ``{…}`` expression of the default pack's reasons: the keys of a hit's values."""
    pack = load_pack(default_rules_dir())
    return sorted(
        {
            piece.text
            for compiled in pack.rules
            for piece in compiled.template
            if not isinstance(piece, str)
        }
    )


def test_a_hit_value_is_named_by_its_field_or_left_to_the_explanation() -> None:
    expressions = _reason_expressions()
    shown = {key: labels.value_label(key) for key in expressions}
    # A field, a function of one, a list or a threshold is named in Chinese…
    for key, name in shown.items():
        assert name is None or not re.search(r"[A-Za-z]", name), (key, name)
    assert labels.value_label("facts.age") == "年龄"
    assert labels.value_label("noun(transfer.purpose)") == "转账用途"
    assert labels.value_label("lists.police_accounts") == "参照名单"
    # …and every plain name a reason reads has a label (a new fact or field without one
    # would show as its code in the dossier).
    assert [k for k, v in shown.items() if re.fullmatch(r"[a-z_.0-9]+", k) and v is None] == []
    # The wording's own conditional pieces and sums are not labelled: the explanation says them.
    assert labels.value_label("'，是学生' if customer.occupation == 'student' else ''") is None
    assert labels.value_label("history.cash_today_amount + transfer.amount") is None
    assert labels.value_label("noun(transfer.purpose) + 'x'") is None
    assert sum(v is None for v in shown.values()) >= 10 and len(expressions) > 30
