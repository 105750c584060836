"""Pydantic models of the rule pack's YAML files (docs/RULES.md). Unknown keys are errors."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tellerguard.domain.case import CaseKind
from tellerguard.domain.levels import Level
from tellerguard.domain.risklists import KeyKind
from tellerguard.domain.tags import TAGS
from tellerguard.engine.phrases import check_phrase

# A folded YAML block (>-) joins lines with a space, which reads as a stray gap in Chinese
# ("元， 收款人"); a space between two CJK characters is never meant, so it is dropped.
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_GAP_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def join_cjk_lines(text: str) -> str:
    """``text`` without whitespace between two Chinese characters or full-width marks."""
    return _GAP_BETWEEN_CJK.sub("", text)


RuleLevel = Literal["notice", "second_reminder", "manager_approval", "refuse"]
"""A rule's level: every level but ``pass``, which only an assessment with no hits has."""
RuleStatus = Literal["stable", "test", "experimental", "deprecated"]
ParamType = Literal["int", "money", "bool", "phrases"]
EVALUATED_STATUSES: frozenset[str] = frozenset({"stable", "test", "experimental"})

Text = Annotated[str, Field(min_length=1, max_length=2000)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParamSpec(_Strict):
    type: ParamType
    value: Any
    title: ShortText
    description: Text | None = None
    min: int | Decimal | None = None
    max: int | Decimal | None = None

    @model_validator(mode="after")
    def _value_fits(self) -> ParamSpec:
        object.__setattr__(self, "value", coerce_param(self, self.value))
        return self


def coerce_param(spec: ParamSpec, value: Any) -> Any:
    """Check a parameter value (the pack's own or a branch override) against its spec."""
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if spec.type == "phrases":
        if not isinstance(value, list) or not value:
            raise ValueError("must be a non-empty list of phrases")
        for item in value:
            if not isinstance(item, str) or not item.strip() or len(item) > 100:
                raise ValueError("phrases must be non-empty text of at most 100 characters")
        if len(value) > 500:
            raise ValueError("at most 500 phrases")
        for item in value:
            check_phrase(item)
        return tuple(value)
    if spec.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("must be a whole number")
        number: int | Decimal = value
    else:
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise ValueError('money must be written as text like "50000.00"')
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            raise ValueError('money must be written as text like "50000.00"') from None
        if not number.is_finite() or number < 0:
            raise ValueError("money must be zero or more")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            raise ValueError("money has at most 2 decimal places")
        number = number.quantize(Decimal("0.01"))
    if spec.min is not None and number < spec.min:
        raise ValueError(f"must be at least {spec.min}")
    if spec.max is not None and number > spec.max:
        raise ValueError(f"must be at most {spec.max}")
    return number


class AddressForm(_Strict):
    """How the script addresses a customer, chosen by what the ID number says (first match)."""

    word: Annotated[str, Field(min_length=1, max_length=20)]
    gender: Literal["male", "female"] | None = None
    min_age: Annotated[int, Field(ge=0, le=150)] | None = None


class ListSpec(_Strict):
    """A risk list the pack's rules consult (``lists:`` in pack.yaml)."""

    key: KeyKind
    title: ShortText
    """How a hit names the list to the teller (公安机关推送的涉案账户名单)."""
    purpose: Literal["deny", "allow"] = "deny"
    """``allow``: a list of known-good keys (official collection accounts) that rules use
    to stay quiet, never to raise a level."""
    description: Text | None = None


class PackFile(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
    version: Annotated[str, Field(min_length=1, max_length=64)]
    description: Text
    params: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")], ParamSpec] = {}
    address: list[AddressForm] = []
    """``{称呼}`` in a script line becomes the first form whose gender and age fit the ID."""
    require_reason: bool = False
    """Every rule must have a ``reason`` (the default pack: no rule reads as a field dump)."""
    lists: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,47}$")], ListSpec] = {}


class Example(_Strict):
    expect: Literal["match", "no_match"]
    name: ShortText | None = None
    base: ShortText
    set: dict[str, Any] = {}
    on: date | None = None
    branch_region: Annotated[str, Field(pattern=r"^[1-9][0-9]{5}$")] | None = None
    history: dict[str, Any] = {}
    lists: dict[str, list[Any]] = {}
    """The example's own risk-list contents, in plain text (hashed with a test key)."""


class Rule(_Strict):
    id: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9-]{1,63}$")]
    title: ShortText
    description: Text | None = None
    kinds: Annotated[list[CaseKind], Field(min_length=1)]
    level: RuleLevel
    status: RuleStatus
    tags: Annotated[list[str], Field(min_length=1)]
    condition: Text
    reason: Text | None = None
    """The sentence the teller reads aloud, with the values that triggered the rule."""
    explanation: Text | None = None
    """The older form of a rule's text; shown only when the rule has no ``reason``."""
    references: list[ShortText] = []
    script: list[Text] = []
    questions: list[Text] = []
    false_positives: list[ShortText] = []
    examples: list[Example] = []
    police_referral: bool = False
    """A refusal that goes to the police (110) as a rule: the refusal form starts ticked."""

    @model_validator(mode="after")
    def _police_only_when_refused(self) -> Rule:
        if self.police_referral and self.level != "refuse":
            raise ValueError("police_referral: only a rule at level refuse refers to the police")
        return self

    @field_validator("title", "description", "reason", "explanation")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return None if value is None else join_cjk_lines(value)

    @field_validator("script", "questions")
    @classmethod
    def _lines(cls, value: list[str]) -> list[str]:
        return [join_cjk_lines(line) for line in value]

    @model_validator(mode="after")
    def _has_text(self) -> Rule:
        if self.reason is None and self.explanation is None:
            raise ValueError(
                "missing key 'reason' (the sentence the teller reads aloud, e.g. "
                "reason: 客户 {facts.age} 岁，转账 {transfer.amount} 元)"
            )
        return self

    @property
    def text(self) -> str:
        """The template a hit is rendered from: the reason, else the explanation."""
        text = self.reason if self.reason is not None else self.explanation
        assert text is not None  # _has_text
        return text

    @property
    def text_key(self) -> str:
        return "reason" if self.reason is not None else "explanation"

    @field_validator("tags")
    @classmethod
    def _known_tags(cls, value: list[str]) -> list[str]:
        unknown = [tag for tag in value if tag not in TAGS]
        if unknown:
            raise ValueError(f"unknown tag {unknown[0]!r} (see DOMAIN.md's vocabulary)")
        if len(set(value)) != len(value):
            raise ValueError("a tag is listed twice")
        return value

    @field_validator("kinds")
    @classmethod
    def _unique_kinds(cls, value: list[CaseKind]) -> list[CaseKind]:
        if len(set(value)) != len(value):
            raise ValueError("a kind is listed twice")
        return value


class RuleFile(_Strict):
    rules: list[Rule]


class ExampleDefaults(_Strict):
    on: date
    branch_region: Annotated[str, Field(pattern=r"^[1-9][0-9]{5}$")]


class PackCheck(_Strict):
    name: ShortText
    base: ShortText
    set: dict[str, Any] = {}
    on: date | None = None
    branch_region: Annotated[str, Field(pattern=r"^[1-9][0-9]{5}$")] | None = None
    history: dict[str, Any] = {}
    lists: dict[str, list[Any]] = {}
    max_level: Level | None = None
    min_level: Level | None = None

    @model_validator(mode="after")
    def _has_expectation(self) -> PackCheck:
        if self.max_level is None and self.min_level is None:
            raise ValueError("a check needs max_level or min_level")
        return self


class BasesFile(_Strict):
    defaults: ExampleDefaults
    cases: dict[str, dict[str, Any]]
    checks: list[PackCheck] = []
