"""The field paths of pydantic models, for tests that check every field has what it needs
(a label, a Chinese name)."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel


def flatten(annotation: Any) -> list[Any]:
    """The leaves of a type annotation (``list[A | None]`` → ``A``, ``None``)."""
    args = typing.get_args(annotation)
    if not args:
        return [annotation]
    return [leaf for arg in args for leaf in flatten(arg)]


def model_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field of ``model`` and of the models nested in it, as dotted paths."""
    paths: set[str] = set()
    for name, info in model.model_fields.items():
        path = prefix + name
        paths.add(path)
        for leaf in flatten(info.annotation):
            if isinstance(leaf, type) and issubclass(leaf, BaseModel):
                paths |= model_paths(leaf, path + ".")
    return paths
