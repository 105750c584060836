"""Every event model keeps money and measures exact: no floating-point field anywhere.

``register`` used to build each model's JSON schema at import to check this; it is a property
of the code, so this test checks it instead (issue 13: the schemas cost every start).
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from tellerguard.domain.events import EVENT_TYPES, has_float_field


def test_no_registered_event_has_a_floating_point_field() -> None:
    assert len(EVENT_TYPES) > 20
    floats = [name for name, model in EVENT_TYPES.items() if has_float_field(model)]
    assert floats == []


def test_a_float_is_found_however_deep_it_sits() -> None:
    class Measure(BaseModel):
        value: float

    class Outer(BaseModel):
        amount: str
        measures: list[Measure] = []

    class Exact(BaseModel):
        amount: str
        count: int

    class Money(BaseModel):
        amount: Decimal  # a Decimal may arrive as a JSON number: refused as well

    assert has_float_field(Measure) and has_float_field(Outer) and has_float_field(Money)
    assert not has_float_field(Exact)
