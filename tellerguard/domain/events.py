"""Audit events: one pydantic model per event type, kept in one registry.

An event's payload is stored in the audit record exactly as its model dumps it. A new event
type is one model class decorated with :func:`register`; the store needs no new table. The
store refuses an unknown type or a payload its model rejects, before anything is written.

Personal data (shared/DOMAIN.md, "Personal data") never appears in a payload in the clear.
Each personal value is a :class:`Sealed` object: its masked form (``m``) in the clear, for
screens and masked exports that must never decrypt, and the full value encrypted with the
branch key (``c``). ID and card numbers also carry ``h``, the keyed hash (HMAC) of the
normalised full number, by which an investigator finds every event of a customer. The
encryption itself is done by a :class:`Sealer` (``tellerguard.audit.keys.FieldCipher``);
this module stays free of key handling and SQL.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, ClassVar, Literal, Protocol, TypeAlias, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from typing_extensions import TypeAliasType

from tellerguard.domain.assessment import Assessment, Hit, RulePackRef
from tellerguard.domain.cards import normalize_account
from tellerguard.domain.case import CaseKind, IdType
from tellerguard.domain.levels import Level
from tellerguard.domain.masking import mask_card, mask_id, mask_name, mask_phone, mask_text

Outcome: TypeAlias = Literal["success", "failure"]
Decision: TypeAlias = Literal[
    "proceeded", "dissuaded", "referred_to_police", "delayed_arrival", "family_contacted"
]
Role: TypeAlias = Literal["teller", "supervisor", "rule_admin", "it_admin"]
LookupKind: TypeAlias = Literal["id", "card"]

ROLES: tuple[Role, ...] = ("teller", "supervisor", "rule_admin", "it_admin")
ROLE_LABELS: dict[str, str] = {
    "teller": "柜员",
    "supervisor": "主管",
    "rule_admin": "规则管理员",
    "it_admin": "系统管理员",
}
DECISION_LABELS: dict[str, str] = {
    "proceeded": "坚持办理",
    "dissuaded": "劝阻成功",
    "referred_to_police": "移交公安",
    "delayed_arrival": "延迟到账",
    "family_contacted": "已联系家属",
}
OUTCOME_LABELS: dict[str, str] = {"success": "成功", "failure": "失败"}

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9_.-]{1,31}$"
SYSTEM_OPERATOR = "system"
"""The operator of events no person caused (store set-up, migrations)."""
UNKNOWN_OPERATOR = "-"
"""The operator of a failed login under a name that is not an operator."""

MAX_TEXT = 4000
DEFAULT_APPEAL = (
    "如对拒绝办理有异议，可向本网点负责人或开户银行客服热线提出申诉；"
    "如遇诈骗可拨打 110 报警，或拨打 96110 反诈预警专线咨询。"
)
"""What a refused customer is told about appeal (反电信网络诈骗法 Art. 32); replaceable."""

Username = Annotated[str, Field(pattern=USERNAME_PATTERN)]
Hex64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
CaseRef = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
RuleId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9-]{1,63}$")]
IsoDate = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
ShortText = Annotated[str, Field(max_length=200)]
B64 = Annotated[str, Field(pattern=r"^[A-Za-z0-9+/]+={0,2}$", max_length=4 * MAX_TEXT + 64)]
DecimalText = Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]{2}$")]
PlainJson = TypeAliasType(
    "PlainJson", "str | int | bool | list[PlainJson] | dict[str, PlainJson] | None"
)
"""JSON without floating-point numbers: every stored number is an integer or a decimal string,
so the canonical bytes of a value never depend on how a float is printed."""


class Sealer(Protocol):
    """Encrypts personal values and computes lookup hashes with the branch keys."""

    key_id: str

    def seal(self, plaintext: str) -> str: ...

    def open(self, token: str) -> str: ...

    def lookup(self, kind: LookupKind, normalized: str) -> str: ...


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sealed(_Model):
    """A personal value: masked form in the clear (``m``), full value encrypted (``c``)."""

    m: Text
    c: B64


class SealedKey(Sealed):
    """A sealed ID or card number with its lookup hash (``h``, HMAC-SHA256, hex)."""

    h: Hex64


SEALED_KEYS = (frozenset({"m", "c"}), frozenset({"m", "c", "h"}))
"""The key sets that mark a sealed value inside a stored record."""


# -- the registry --------------------------------------------------------------------------
class EventPayload(_Model):
    """Base of every event payload. Subclasses set ``event_type`` and ``label_zh``."""

    event_type: ClassVar[str] = ""
    label_zh: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def outcome(self) -> Outcome:
        """Whether the recorded action succeeded; most events record a success."""
        return "success"


EVENT_TYPES: dict[str, type[EventPayload]] = {}
_E = TypeVar("_E", bound=type[EventPayload])


def register(model: _E) -> _E:
    """Add an event model to the registry (its ``event_type`` must be new)."""
    name = model.event_type
    if not re.fullmatch(r"[a-z][a-z0-9_]{2,47}", name):
        raise ValueError(f"event type {name!r} must be a lower-case identifier")
    if name in EVENT_TYPES:
        raise ValueError(f"event type {name!r} is registered twice")
    if not model.label_zh:
        raise ValueError(f"event type {name!r} needs a Chinese label")
    if _has_number(model.model_json_schema()):
        raise ValueError(
            f"event type {name!r} has a floating-point field; store money and "
            "measures as decimal strings or integers"
        )
    EVENT_TYPES[name] = model
    return model


def _has_number(schema: object) -> bool:
    if isinstance(schema, dict):
        return schema.get("type") == "number" or any(_has_number(v) for v in schema.values())
    if isinstance(schema, list):
        return any(_has_number(v) for v in schema)
    return False


def event_model(event_type: str) -> type[EventPayload]:
    """The model of an event type; :class:`UnknownEventType` names the known ones."""
    try:
        return EVENT_TYPES[event_type]
    except KeyError:
        raise UnknownEventType(event_type) from None


class UnknownEventType(KeyError):
    """An event type no model is registered for."""

    def __init__(self, event_type: str) -> None:
        super().__init__(event_type)
        self.event_type = event_type

    def __str__(self) -> str:
        return (
            f"unknown event type {self.event_type[:60]!r}; known types: "
            f"{', '.join(sorted(EVENT_TYPES))}"
        )


def parse_payload(event_type: str, data: object) -> EventPayload:
    """Validate a decoded payload against its type's model.

    Raises :class:`UnknownEventType` or pydantic's ``ValidationError``.
    """
    return event_model(event_type).model_validate(data)


def validation_problems(exc: ValidationError) -> list[str]:
    """``path: message`` lines for a payload the model rejected."""
    lines = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"]) or "payload"
        lines.append(f"{path}: {str(err['msg']).removeprefix('Value error, ')}")
    return lines


# -- parts shared by customer events -------------------------------------------------------
class Subject(_Model):
    """Who and what a customer event is about, the same in every event of one case."""

    kind: CaseKind
    id_type: IdType
    id_number: SealedKey
    name: Sealed
    phone: Sealed
    amount: DecimalText | None = None
    cash: bool | None = None
    payee_name: Sealed | None = None
    payee_account: SealedKey | None = None


class CaseEvent(EventPayload):
    """An event about one customer case; ``case_ref`` ties the events of a case together."""

    case_ref: CaseRef
    subject: Subject
    level: Level


class StoredHit(_Model):
    """A rule hit as stored: personal values in its text replaced by their masked forms."""

    rule_id: RuleId
    level: Level
    title: ShortText
    explanation: Text
    tags: list[Annotated[str, Field(max_length=64)]]
    values: dict[str, Text] = {}


class ScriptRef(_Model):
    """Which reminder script was read out: its version and the SHA-256 of its text."""

    version: ShortText
    sha256: Hex64


class Answer(_Model):
    """A question of the reminder and the customer's own answer (personal: sealed)."""

    question: Text
    answer: Sealed


class UserState(_Model):
    """An operator as the users table holds it after the event (never the password)."""

    username: Username
    display_name: Annotated[str, Field(min_length=1, max_length=60)]
    role: Role
    disabled: bool
    locked: bool
    failed_logins: Annotated[int, Field(ge=0)]
    must_change_password: bool
    credential: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    """:func:`credential_fingerprint` of the stored argon2 hash: shows that the hash in the
    users table is the one this event set, without revealing anything the table would not."""


def credential_fingerprint(password_hash: str) -> str:
    """SHA-256 (first 128 bits, hex) of a stored password hash string."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:32]


# -- customer events -----------------------------------------------------------------------
PERSONAL_CASE_PATHS: tuple[str, ...] = (
    "customer.name",
    "customer.id_number",
    "customer.phone",
    "customer.employer",
    "customer.address",
    "notes",
    "transfer.payee_name",
    "transfer.payee_account",
)
"""Case fields that are personal data and are stored sealed."""


def _get_path(data: dict[str, Any], path: str) -> tuple[bool, Any]:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _is_sealed(value: object) -> bool:
    return isinstance(value, dict) and frozenset(value) in SEALED_KEYS


PERSONAL_EXTRA_PATHS: tuple[str, ...] = ("customer.employer", "customer.address", "notes")
"""Personal case fields that are not part of the subject; kept sealed in ``personal``."""


@register
class AssessmentShown(CaseEvent):
    event_type: ClassVar[str] = "assessment_shown"
    label_zh: ClassVar[str] = "风险评估结果展示"
    description: ClassVar[str] = "the case, every hit with its values, the rule pack, the level"

    case: dict[str, PlainJson]
    """The case as its JSON contract with its personal fields split out: each one that was
    filled in is sealed in ``subject`` (name, ID, phone, payee) or ``personal`` (the rest)."""
    personal: dict[str, Sealed] = {}
    hits: list[StoredHit]
    rule_ids: list[RuleId]
    hits_full: Sealed | None = None
    """The hits exactly as shown, sealed, when masking changed their text."""
    facts: dict[str, PlainJson | Sealed]
    rule_pack: RulePackRef
    business_date: IsoDate | None = None
    branch_region: Annotated[str, Field(pattern=r"^[1-9][0-9]{5}$")] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> AssessmentShown:
        if self.rule_ids != [hit.rule_id for hit in self.hits]:
            raise ValueError("rule_ids must list the hits' rule ids in order")
        if self.case.get("kind") != self.subject.kind:
            raise ValueError("case.kind and subject.kind differ")
        for path in PERSONAL_CASE_PATHS:
            found, value = _get_path(self.case, path)
            if found and value not in (None, ""):
                raise ValueError(f"case.{path} is personal data and must be split out")
        unknown = set(self.personal) - set(PERSONAL_EXTRA_PATHS)
        if unknown:
            raise ValueError(f"personal holds unknown fields: {', '.join(sorted(unknown))}")
        if isinstance(self.facts.get("birth_date"), str):
            raise ValueError("facts.birth_date is personal data and must be sealed")
        return self


@register
class ReminderCompleted(CaseEvent):
    event_type: ClassVar[str] = "reminder_completed"
    label_zh: ClassVar[str] = "二次提醒完成"
    description: ClassVar[str] = (
        "script version and hash, questions and answers, duration, the customer's decision"
    )

    script: ScriptRef
    answers: list[Answer]
    duration_seconds: Annotated[int, Field(ge=0, le=86400)]
    decision: Decision
    delay: Literal["2h", "next_day"] | None = None
    """For a delayed arrival: 2 hours or the next day (cancellable before execution)."""
    notes: Sealed | None = None

    @model_validator(mode="after")
    def _delay_goes_with_decision(self) -> ReminderCompleted:
        if (self.decision == "delayed_arrival") != (self.delay is not None):
            raise ValueError("delay is given exactly when the decision is delayed_arrival")
        return self


@register
class SupervisorAuthorized(CaseEvent):
    event_type: ClassVar[str] = "supervisor_authorized"
    label_zh: ClassVar[str] = "主管授权"
    description: ClassVar[str] = "who authorized, for which teller's case, and the reason typed"

    teller: Username
    supervisor: Username
    supervisor_name: Annotated[str, Field(min_length=1, max_length=60)]
    reason: Sealed

    @model_validator(mode="after")
    def _not_own_case(self) -> SupervisorAuthorized:
        if self.supervisor == self.teller:
            raise ValueError("a supervisor cannot authorize a case they handled as teller")
        return self


@register
class BusinessRefused(CaseEvent):
    event_type: ClassVar[str] = "business_refused"
    label_zh: ClassVar[str] = "拒绝办理"
    description: ClassVar[str] = "the refusal's reason, the rules behind it, the appeal told"

    reason: Sealed
    rule_ids: list[RuleId]
    referred_to_police: bool
    appeal: Text = DEFAULT_APPEAL


@register
class PersonalDataAccessed(EventPayload):
    event_type: ClassVar[str] = "personal_data_accessed"
    label_zh: ClassVar[str] = "查看个人信息明文"
    description: ClassVar[str] = "full personal values decrypted (case replay), why and for whom"

    purpose: Literal["case_replay", "customer_search"]
    seqs: list[Annotated[int, Field(ge=1)]]
    reason: Sealed


# -- operators -----------------------------------------------------------------------------
class UserEvent(EventPayload):
    """An event that changes (or follows) one operator; ``user`` is the state after it."""

    user: UserState


@register
class LoginSucceeded(UserEvent):
    event_type: ClassVar[str] = "login_succeeded"
    label_zh: ClassVar[str] = "登录成功"
    description: ClassVar[str] = "an operator signed in"

    context: Literal["login", "authorization", "approval", "unlock"] = "login"
    """``unlock``: the same operator opening the idle-locked window again."""


@register
class LoginFailed(EventPayload):
    event_type: ClassVar[str] = "login_failed"
    label_zh: ClassVar[str] = "登录失败"
    description: ClassVar[str] = "a failed sign-in or a wrong password at an authorization"

    username: Annotated[str, Field(max_length=64)]
    reason: Literal["unknown_user", "bad_password", "locked", "disabled"]
    context: Literal["login", "authorization", "approval", "password_change", "unlock"]
    user: UserState | None = None

    def outcome(self) -> Outcome:
        return "failure"


@register
class AccountLocked(UserEvent):
    event_type: ClassVar[str] = "account_locked"
    label_zh: ClassVar[str] = "账户锁定"
    description: ClassVar[str] = "an operator locked out after repeated failures"

    max_failed_logins: Annotated[int, Field(ge=1)]


@register
class UserAdded(UserEvent):
    event_type: ClassVar[str] = "user_added"
    label_zh: ClassVar[str] = "新增操作员"
    description: ClassVar[str] = "an operator created"


@register
class UserDisabled(UserEvent):
    event_type: ClassVar[str] = "user_disabled"
    label_zh: ClassVar[str] = "停用操作员"
    description: ClassVar[str] = "an operator disabled (operators are never deleted)"

    reason: ShortText = ""


@register
class UserUnlocked(UserEvent):
    event_type: ClassVar[str] = "user_unlocked"
    label_zh: ClassVar[str] = "解锁操作员"
    description: ClassVar[str] = "a locked operator unlocked"


@register
class RoleChanged(UserEvent):
    event_type: ClassVar[str] = "role_changed"
    label_zh: ClassVar[str] = "变更角色"
    description: ClassVar[str] = "an operator's role changed"

    old_role: Role


@register
class PasswordReset(UserEvent):
    event_type: ClassVar[str] = "password_reset"
    label_zh: ClassVar[str] = "重置密码"
    description: ClassVar[str] = "a password reset by an administrator; change forced at next login"


@register
class PasswordChanged(UserEvent):
    event_type: ClassVar[str] = "password_changed"
    label_zh: ClassVar[str] = "修改密码"
    description: ClassVar[str] = "an operator changed their own password"


# -- rule packs, exports, the store itself -------------------------------------------------
@register
class RulePackLoaded(EventPayload):
    event_type: ClassVar[str] = "rule_pack_loaded"
    label_zh: ClassVar[str] = "加载规则包"
    description: ClassVar[str] = "a rule pack taken into use: id, version, SHA-256"

    rule_pack: RulePackRef
    source: Text
    rules: Annotated[int, Field(ge=0)] | None = None


@register
class RulePackRejected(EventPayload):
    event_type: ClassVar[str] = "rule_pack_rejected"
    label_zh: ClassVar[str] = "拒绝规则包"
    description: ClassVar[str] = "a rule pack that failed its checks, with the problems"

    source: Text
    sha256: Hex64 | None = None
    problems: Annotated[list[Text], Field(max_length=100)]

    def outcome(self) -> Outcome:
        return "failure"


ExportFormat: TypeAlias = Literal["csv", "xlsx", "jsonl"]


@register
class ExportWritten(EventPayload):
    event_type: ClassVar[str] = "export_written"
    label_zh: ClassVar[str] = "导出审计记录"
    description: ClassVar[str] = "an export bundle: range, filters, rows, hashes, masking, approver"

    file: Text
    sha256: Hex64
    format: ExportFormat
    date_from: IsoDate
    date_to: IsoDate
    types: list[str] | None = None
    teller: Username | None = None
    masked: bool
    rows: Annotated[int, Field(ge=0)]
    seq_first: int | None = None
    seq_last: int | None = None
    last_hash: Hex64 | None = None
    approver: Username | None = None
    reason: Sealed | None = None

    @model_validator(mode="after")
    def _unmasked_needs_approval(self) -> ExportWritten:
        if not self.masked and (self.approver is None or self.reason is None):
            raise ValueError("an unmasked export needs an approver and a reason")
        return self


@register
class AuditVerified(EventPayload):
    event_type: ClassVar[str] = "audit_verified"
    label_zh: ClassVar[str] = "校验审计记录"
    description: ClassVar[str] = "a verification of the chain, schema and checkpoints"

    ok: bool
    events: Annotated[int, Field(ge=0)]
    head_seq: Annotated[int, Field(ge=0)]
    head_hash: Hex64 | None
    first_bad_seq: int | None = None
    problems: Annotated[int, Field(ge=0)]
    warnings: Annotated[int, Field(ge=0)]
    checkpoints: Annotated[int, Field(ge=0)]
    deep: bool = False

    def outcome(self) -> Outcome:
        return "success" if self.ok else "failure"


@register
class DaySealed(EventPayload):
    event_type: ClassVar[str] = "day_sealed"
    label_zh: ClassVar[str] = "日终封存"
    description: ClassVar[str] = "a signed checkpoint: the day's last sequence number and hash"

    day: IsoDate
    seq: Annotated[int, Field(ge=1)]
    hash: Hex64
    file: Text
    public_key: Hex64


@register
class BackupWritten(EventPayload):
    event_type: ClassVar[str] = "backup_written"
    label_zh: ClassVar[str] = "备份审计记录"
    description: ClassVar[str] = "an online backup of the store, verified after copying"

    file: Text
    sha256: Hex64
    seq: Annotated[int, Field(ge=0)]
    hash: Hex64


@register
class StoreCreated(EventPayload):
    event_type: ClassVar[str] = "store_created"
    label_zh: ClassVar[str] = "创建审计记录库"
    description: ClassVar[str] = "the first event: store id, branch, workstation, keys, schema"

    store_id: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    branch: Annotated[str, Field(min_length=1, max_length=32)]
    branch_name: Annotated[str, Field(min_length=1, max_length=100)]
    region: Annotated[str, Field(pattern=r"^[1-9][0-9]{5}$")]
    workstation: Annotated[str, Field(min_length=1, max_length=64)]
    key_id: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
    signing_key: Hex64
    migrations: list[str]
    sqlite_version: ShortText
    app_version: ShortText


@register
class StoreMigrated(EventPayload):
    event_type: ClassVar[str] = "store_migrated"
    label_zh: ClassVar[str] = "升级审计记录库结构"
    description: ClassVar[str] = "schema migrations applied (a schema change is itself an event)"

    migrations: list[str]
    app_version: ShortText


@register
class WorkstationLocked(EventPayload):
    """The counter screen was locked (idle time or Ctrl+L) with the operator's case kept
    behind it; opening it again is a ``login_succeeded`` in context ``unlock``."""

    event_type: ClassVar[str] = "workstation_locked"
    label_zh: ClassVar[str] = "锁定屏幕"
    description: ClassVar[str] = "the counter screen locked (idle time or by the operator)"


@register
class KeyRecovered(EventPayload):
    event_type: ClassVar[str] = "key_recovered"
    label_zh: ClassVar[str] = "恢复密钥"
    description: ClassVar[str] = "the branch keys restored from the passphrase backup"

    key_id: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
    backup_file: Text


# -- sealing -------------------------------------------------------------------------------
Masker: TypeAlias = Callable[[str], str]


def mask_address(text: str) -> str:
    """An address keeps its first six characters (province/city/district level) only."""
    text = text.strip()
    return text[:6] + "*" * min(max(len(text) - 6, 0), 8) if len(text) > 6 else mask_text(text)


_CASE_MASKERS: dict[str, tuple[Masker, LookupKind | None]] = {
    "customer.name": (mask_name, None),
    "customer.id_number": (mask_id, "id"),
    "customer.phone": (mask_phone, None),
    "customer.employer": (mask_text, None),
    "customer.address": (mask_address, None),
    "notes": (mask_text, None),
    "transfer.payee_name": (mask_name, None),
    "transfer.payee_account": (mask_card, "card"),
}


_SPACES = re.compile(r"\s+")


def normalize_lookup(kind: LookupKind, number: str) -> str:
    """A number as the case model stores it: ID numbers without spaces and upper-cased (a
    trailing x is X), card numbers without spaces or dashes. Searches use the same form."""
    if kind == "card":
        return normalize_account(number)
    text = _SPACES.sub("", number)
    return text.upper() if text.isascii() else text


def lookup_key(sealer: Sealer, kind: LookupKind, number: str) -> str:
    """The lookup hash of a full ID number (``id``) or card/account number (``card``)."""
    return sealer.lookup(kind, normalize_lookup(kind, number))


def seal(sealer: Sealer, value: str, masked: str) -> Sealed:
    return Sealed(m=masked, c=sealer.seal(value))


def seal_text(sealer: Sealer, value: str) -> Sealed:
    """Free text (notes, answers, reasons): masked numbers in the clear, full text sealed."""
    return seal(sealer, value, mask_text(value))


def seal_key(sealer: Sealer, kind: LookupKind, value: str, masked: str) -> SealedKey:
    return SealedKey(m=masked, c=sealer.seal(value), h=lookup_key(sealer, kind, value))


class SealedCase:
    """A case split into what is stored: the case without its personal fields, the
    :class:`Subject` (sealed name, ID, phone, payee), the other personal fields sealed, and
    the pairs (full value, masked value) used to mask the same values inside hit text."""

    def __init__(self, case: dict[str, Any], sealer: Sealer) -> None:
        # A copy two levels deep is a deep copy of the case contract (objects of scalars).
        self.case: dict[str, Any] = {
            key: dict(value) if isinstance(value, dict) else value for key, value in case.items()
        }
        self.replacements: list[tuple[str, str]] = []
        sealed: dict[str, Sealed] = {}
        keys: dict[str, SealedKey] = {}
        for path, (masker, kind) in _CASE_MASKERS.items():
            found, value = _get_path(self.case, path)
            if not found or value in (None, ""):
                continue
            if not isinstance(value, str):
                raise ValueError(f"case.{path} must be text")
            masked = masker(value)
            if kind is not None:
                keys[path] = seal_key(sealer, kind, value, masked)
            else:
                sealed[path] = seal(sealer, value, masked)
            self.replacements.append((value, masked))
            parent_path, _, leaf = path.rpartition(".")
            parent = _get_path(self.case, parent_path)[1] if parent_path else self.case
            del parent[leaf]
        if (
            "customer.id_number" not in keys
            or "customer.name" not in sealed
            or "customer.phone" not in sealed
        ):
            raise ValueError("a case needs the customer's name, ID number and phone")
        transfer = self.case.get("transfer") or {}
        self.personal = {path: sealed[path] for path in PERSONAL_EXTRA_PATHS if path in sealed}
        self.subject = Subject(
            kind=self.case["kind"],
            id_type=self.case["customer"]["id_type"],
            id_number=keys["customer.id_number"],
            name=sealed["customer.name"],
            phone=sealed["customer.phone"],
            amount=transfer.get("amount"),
            cash=transfer.get("cash") if transfer else None,
            payee_name=sealed.get("transfer.payee_name"),
            payee_account=keys.get("transfer.payee_account"),
        )


_SUBJECT_PATHS = {
    "customer.name": "name",
    "customer.id_number": "id_number",
    "customer.phone": "phone",
    "transfer.payee_name": "payee_name",
    "transfer.payee_account": "payee_account",
}


def _mask_in(text: str, replacements: Sequence[tuple[str, str]]) -> str:
    for full, masked in replacements:
        if full and full in text:
            text = text.replace(full, masked)
    return mask_text(text)


def _date_forms(iso: str) -> list[str]:
    year, month, day = iso.split("-")
    return [iso, f"{int(year)}年{int(month)}月{int(day)}日", year + month + day]


def store_hits(
    hits: Sequence[Hit], replacements: Sequence[tuple[str, str]], sealer: Sealer
) -> tuple[list[StoredHit], Sealed | None]:
    """Hits with every personal value in their text masked, and the exact hits sealed when
    masking changed anything (so that what the teller saw can be shown in full on demand)."""
    ordered = sorted(replacements, key=lambda pair: -len(pair[0]))  # longest first
    stored: list[StoredHit] = []
    changed = False
    for hit in hits:
        values = {key: _mask_in(value, ordered) for key, value in hit.values.items()}
        item = StoredHit(
            rule_id=hit.rule_id,
            level=hit.level,
            title=_mask_in(hit.title, ordered),
            explanation=_mask_in(hit.explanation, ordered),
            tags=list(hit.tags),
            values=values,
        )
        changed = changed or (
            item.explanation != hit.explanation or values != hit.values or item.title != hit.title
        )
        stored.append(item)
    full = None
    if changed:
        exact = [
            hit.model_dump(include={"rule_id", "title", "explanation", "values"}) for hit in hits
        ]
        full = Sealed(m="", c=sealer.seal(json.dumps(exact, ensure_ascii=False, sort_keys=True)))
    return stored, full


def new_assessment_event(
    case: dict[str, Any], assessment: Assessment, sealer: Sealer, case_ref: str
) -> AssessmentShown:
    """The ``assessment_shown`` event of a case as the engine judged it.

    ``case`` is the case's JSON contract (``dump_case``); its personal fields are sealed and
    the hits' text masked. The birth date among the facts is sealed too: with the masked ID
    number (first 6, last 4 digits) it would give the full number back.
    """
    sealed = SealedCase(case, sealer)
    replacements = list(sealed.replacements)
    facts: dict[str, Any] = json.loads(json.dumps(assessment.facts, default=str))
    birth = facts.get("birth_date")
    if isinstance(birth, str):
        replacements.extend((form, "****") for form in _date_forms(birth))
        facts["birth_date"] = seal(sealer, birth, "****-**-**")
    hits, hits_full = store_hits(assessment.hits, replacements, sealer)
    return AssessmentShown(
        case_ref=case_ref,
        subject=sealed.subject,
        level=assessment.level,
        case=sealed.case,
        personal=sealed.personal,
        hits=hits,
        rule_ids=[hit.rule_id for hit in hits],
        hits_full=hits_full,
        facts=facts,
        rule_pack=assessment.rule_pack,
        business_date=assessment.business_date,
        branch_region=assessment.branch_region,
    )


def script_sha256(lines: Sequence[str]) -> str:
    """The hash of a reminder script as shown: its lines joined by LF, UTF-8."""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def unseal_record(record: Any, sealer: Sealer) -> Any:
    """A record (or any part of one) with every sealed value replaced by its full text."""
    if isinstance(record, dict):
        if frozenset(record) in SEALED_KEYS and isinstance(record.get("c"), str):
            return sealer.open(record["c"])
        return {key: unseal_record(value, sealer) for key, value in record.items()}
    if isinstance(record, list):
        return [unseal_record(item, sealer) for item in record]
    return record


def mask_record(record: Any) -> Any:
    """A record (or any part of one) with every sealed value replaced by its masked form:
    what a masked export shows. Ciphertexts and lookup hashes are dropped."""
    if isinstance(record, dict):
        if frozenset(record) in SEALED_KEYS and isinstance(record.get("m"), str):
            return record["m"]
        return {key: mask_record(value) for key, value in record.items()}
    if isinstance(record, list):
        return [mask_record(item) for item in record]
    return record


def unseal_case(payload: dict[str, Any], sealer: Sealer) -> dict[str, Any]:
    """The case's JSON contract, personal fields decrypted and put back, from the payload of
    an ``assessment_shown`` event (for replaying a case under a new rule pack)."""
    case: dict[str, Any] = json.loads(json.dumps(payload["case"]))
    subject = payload["subject"]
    for path, name in _SUBJECT_PATHS.items():
        item = subject.get(name)
        if isinstance(item, dict):
            _put_path(case, path, sealer.open(item["c"]))
    for path, item in payload.get("personal", {}).items():
        _put_path(case, path, sealer.open(item["c"]))
    for path, empty in (("customer.employer", None), ("customer.address", None), ("notes", "")):
        found, _ = _get_path(case, path)
        if not found:
            _put_path(case, path, empty)
    return case


def _put_path(data: dict[str, Any], path: str, value: object) -> None:
    *parents, leaf = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
