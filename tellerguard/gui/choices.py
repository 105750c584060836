"""The choices offered by combo boxes: the case contract's enumeration values, Chinese labels."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from tellerguard.domain import labels
from tellerguard.domain.case import Customer, Opening, Transfer

_MODELS: dict[str, type[BaseModel]] = {
    "customer": Customer,
    "opening": Opening,
    "transfer": Transfer,
}


def _literal_values(annotation: Any) -> list[str]:
    values: list[str] = []
    for arg in typing.get_args(annotation) or ():
        values.extend(_literal_values(arg))
    if typing.get_origin(annotation) is typing.Literal:
        values = [str(v) for v in typing.get_args(annotation)]
    return values


def values_of(path: str) -> list[str]:
    """Enumeration values of a choice field, in the contract's order."""
    root, name = path.split(".", 1)
    return _literal_values(_MODELS[root].model_fields[name].annotation)


def choices(path: str) -> list[tuple[str, str]]:
    """``(value, Chinese label)`` pairs for a choice field."""
    return [(value, labels.choice_label(path, value)) for value in values_of(path)]
