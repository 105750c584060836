"""The assessment contract: what the engine says about a case, and why."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from tellerguard.domain.levels import Level


class RulePackRef(BaseModel):
    """Which pack judged a case, so the decision can be replayed later."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    version: str
    sha256: str


class ListRef(BaseModel):
    """A risk list an assessment consulted: its version and content hash (SHA-256 over its
    stored entries), so a decision can be replayed against the very same list. ``version``
    and ``content_hash`` are ``None`` when the pack declares the list but none was loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    version: str | None
    content_hash: str | None
    entries: int = 0


class Hit(BaseModel):
    """One rule that fired, with the values that made it fire, in Chinese."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule_id: str
    level: Level
    title: str
    explanation: str
    tags: list[str]
    values: dict[str, str] = {}
    script: list[str] = []
    questions: list[str] = []
    references: list[str] = []
    police_referral: bool = False
    """The rule says the refusal goes to the police (a payee on a police list)."""


class Assessment(BaseModel):
    """The engine's verdict: the strictest level among the hits, the hits, and the facts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level
    hits: list[Hit]
    facts: dict[str, Any]
    rule_pack: RulePackRef
    business_date: str | None = None
    branch_region: str | None = None
    lists: list[ListRef] = []
    """The risk lists the pack consulted (CASE_SCHEMA: an optional field with a default)."""


_Model = TypeVar("_Model", bound=BaseModel)
_set_attribute = object.__setattr__


def engine_made(model: type[_Model], values: dict[str, Any]) -> _Model:
    """A hit or an assessment from values the engine has made from checked parts, without
    validating them again: the rule's fields were validated when the pack was loaded, the
    facts and values are the engine's own. Validating cost 3-4 µs a hit and as much for
    the result, a seventh of a whole assessment (issue 13).

    ``values`` must give every field, as ``model(**values)`` would store it (own lists and
    dicts): what pydantic's ``model_construct`` does, without its per-field Python loop, for
    models without private attributes or post-init. Tests compare each call site with the
    validated model, field by field and as JSON."""
    built = model.__new__(model)
    _set_attribute(built, "__dict__", values)
    _set_attribute(built, "__pydantic_fields_set__", set(values))
    _set_attribute(built, "__pydantic_extra__", None)
    _set_attribute(built, "__pydantic_private__", None)
    return built


for _plain in (Hit, Assessment):  # what engine_made relies on, checked once at import
    if _plain.__private_attributes__ or _plain.__pydantic_post_init__:  # pragma: no cover
        raise TypeError(f"engine_made cannot build {_plain.__name__}")


def unique_questions(hits: list[Hit]) -> list[str]:
    """Every question of every hit, once, in hit order (what the teller asks at a reminder)."""
    seen: dict[str, None] = {}
    for hit in hits:
        for question in hit.questions:
            seen.setdefault(question, None)
    return list(seen)


def script_lines(hits: list[Hit]) -> list[str]:
    """The lines read aloud at a reminder, once each, in hit order."""
    seen: dict[str, None] = {}
    for hit in hits:
        for line in hit.script:
            seen.setdefault(line, None)
    return list(seen)


def script_version(assessment: Assessment) -> str:
    """The version a recorded reminder script is filed under: the pack that wrote it."""
    return f"{assessment.rule_pack.id} {assessment.rule_pack.version}"
