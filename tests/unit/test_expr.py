"""The condition compiler accepts the rule language and refuses everything else, with a column."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tellerguard.engine import expr
from tellerguard.engine.pack import namespaces_for

PARAM_TYPES = {
    "elderly_age": expr.INT,
    "elderly_large_amount": expr.MONEY,
    "authority_phrases": expr.PHRASES,
    "negations": expr.PHRASES,
    "flag": expr.Type("bool"),
}
PARAM_VALUES: dict[str, Any] = {
    "elderly_age": 60,
    "elderly_large_amount": Decimal("50000.00"),
    "authority_phrases": ("安全账户", "资金核查"),
    "negations": ("未提及",),
    "flag": True,
}


def scope(kind: str = "transfer", lists: bool = False) -> expr.Scope:
    return expr.Scope(namespaces_for(frozenset({kind})), PARAM_TYPES, PARAM_VALUES, lists)


def run(text: str, kind: str = "transfer", **values: Any) -> bool:
    """Compile a condition and evaluate it against simple attribute bags."""
    emitter = expr.Emitter()
    source = expr.compile_condition(text, scope(kind), emitter)
    namespace: dict[str, Any] = {"__builtins__": {}, **emitter.constants}
    from tellerguard.engine.phrases import any_phrase, find_phrases

    namespace["_any_phrase"], namespace["_phrases"] = any_phrase, find_phrases

    local_values = {expr.local_name(*key.split(".", 1)): value for key, value in values.items()}
    assert {expr.local_name(v, n) for v, n in emitter.used} <= set(local_values)
    return bool(eval(source, namespace, local_values))


def error_of(text: str, kind: str = "transfer") -> expr.ExprError:
    with pytest.raises(expr.ExprError) as info:
        expr.compile_condition(text, scope(kind), expr.Emitter())
    return info.value


def test_the_issue_example_compiles_and_evaluates() -> None:
    text = "facts.age >= params.elderly_age and transfer.amount >= params.elderly_large_amount"
    assert run(text, **{"f.age": 72, "tr.amount": Decimal("60000.00")})
    assert not run(text, **{"f.age": 59, "tr.amount": Decimal("60000.00")})
    assert not run(text, **{"f.age": 72, "tr.amount": Decimal("49999.99")})


def test_comparison_with_null_is_false_both_ways() -> None:
    assert not run("facts.age >= 60", **{"f.age": None})
    assert not run("facts.age < 60", **{"f.age": None})
    assert run("facts.age == null", **{"f.age": None})
    assert not run("facts.age != null", **{"f.age": None})


def test_nullable_boolean_must_be_compared_explicitly() -> None:
    err = error_of("transfer.refuses_family_contact")
    assert "may be null" in str(err) and "== true" in str(err)
    assert run("transfer.refuses_family_contact == true", **{"tr.refuses_family_contact": True})
    assert not run(
        "transfer.refuses_family_contact == false", **{"tr.refuses_family_contact": None}
    )
    assert not run("transfer.refuses_family_contact != true", **{"tr.refuses_family_contact": None})


def test_decimal_literal_is_exact_money() -> None:
    assert run("transfer.amount >= 50000.01", **{"tr.amount": Decimal("50000.01")})
    assert not run("transfer.amount >= 50000.01", **{"tr.amount": Decimal("50000.00")})
    assert run(
        "transfer.amount + history.transfers_today_amount >= 500000.00",
        **{"tr.amount": Decimal("1.00"), "h.transfers_today_amount": Decimal("499999.00")},
    )


def test_choice_membership_and_typo_detection() -> None:
    assert run(
        "transfer.purpose in ['safe_account', 'tax_refund']", **{"tr.purpose": "safe_account"}
    )
    err = error_of("transfer.purpose == 'safe_acount'")
    assert "'safe_acount' is not one of the choices" in str(err)
    assert err.col == len("transfer.purpose == ")
    err = error_of("transfer.purpose in ['safe_account', 'lotery']")
    assert "'lotery'" in str(err)


def test_phrases_respect_negation() -> None:
    text = "any_phrase(case.notes, params.authority_phrases, params.negations)"
    assert run(text, **{"c.notes": "客户称对方要求转入安全账户"})
    assert not run(text, **{"c.notes": "客户未提及安全账户"})
    assert run(text, **{"c.notes": "未提及安全账户，但提到资金核查"})


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("9 ** 9 ** 9", "only + and -"),
        ("__import__('os').system('x')", "unknown function"),
        ("facts.__class__", "unknown field"),
        ("facts.age.__class__ == 1", "not a field"),
        ("(lambda: 1)()", "unknown function"),
        ("[x for x in params.authority_phrases]", "comprehension"),
        ("facts.agee >= 60", "did you mean 'age'"),
        ("params.elderly_agee >= 60", "did you mean 'elderly_age'"),
        ("opening.purpose == 'loan'", "only available in rules whose kinds are [opening]"),
        ("facts.age >= '60'", "needs numbers"),
        ("facts.age", "true or false"),
        ("transfer.amount >= params.elderly_age", "cannot compare money with int"),
        ("case.notes >= 3", "needs numbers"),
        ("1 < facts.age < 3", "chained"),
        ("facts.age is None", "'is'"),
        ("facts.age >= null", "== or !="),
        ("case.on_phone == null", "never null"),
        ("phrases(case.notes, params.authority_phrases)", "explanations"),
        ("facts.age >= 60 and", "syntax error"),
        ("'" + "x" * 300 + "' == customer.name", "longer than"),
        ("x" * 2001, "longer than 2000"),
        ("facts.age >= 10000000000000000", "too large"),
        ("facts.age >= 1e3", "exponent"),
        ("customer.name[0] == 'a'", "indexing"),
        ("{'a': 1}", "dictionary"),
        ("", "empty"),
    ],
)
def test_unsafe_or_wrong_expressions_are_refused(text: str, fragment: str) -> None:
    assert fragment in str(error_of(text))


def test_column_counts_characters_not_utf8_bytes() -> None:
    err = error_of("customer.name == '张三' and facts.agee > 1")
    assert err.col == len("customer.name == '张三' and ")


def test_value_placeholders_keep_choice_labels() -> None:
    compiled = expr.compile_value("customer.occupation", scope(lists=True), expr.Emitter())
    assert compiled.type.kind == "enum" and compiled.type.label == "customer.occupation"


NAMES = [
    "facts.age",
    "transfer.amount",
    "case.on_phone",
    "params.elderly_age",
    "1",
    "50000.00",
    "'x'",
    "null",
    "true",
    "history.dissuaded_30d",
    "transfer.purpose",
    "customer.name",
]
OPS = ["and", "or", "==", "!=", "<", ">=", "+", "-", "*", "/", "**", "in", "not in", "is", "%"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(NAMES),
            st.sampled_from(OPS),
            st.sampled_from(["(", ")", "not", "[", "]", ",", "."]),
        ),
        max_size=12,
    )
)
def test_any_token_soup_compiles_or_raises_expr_error(tokens: list[str]) -> None:
    try:
        source = expr.compile_condition(" ".join(tokens), scope(), expr.Emitter())
    except expr.ExprError:
        return
    compile(source, "<t>", "eval")  # whatever is accepted is valid Python
