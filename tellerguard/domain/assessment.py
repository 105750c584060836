"""The assessment contract: what the engine says about a case, and why."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from tellerguard.domain.levels import Level


class RulePackRef(BaseModel):
    """Which pack judged a case, so the decision can be replayed later."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    version: str
    sha256: str


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


class Assessment(BaseModel):
    """The engine's verdict: the strictest level among the hits, the hits, and the facts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level
    hits: list[Hit]
    facts: dict[str, Any]
    rule_pack: RulePackRef
    business_date: str | None = None
    branch_region: str | None = None
