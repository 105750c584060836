"""Audit events: one pydantic model per event type, kept in one registry.

An event's payload is stored in the audit record exactly as its model dumps it. A new event
type is one model class decorated with :func:`register`; the store needs no new table. The
store refuses an unknown type or a payload its model rejects, before anything is written.
Personal values in a payload are :class:`~tellerguard.domain.sealed.Sealed`; sealing a case
is :mod:`tellerguard.domain.sealing`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, ClassVar, Literal, TypeAlias, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from typing_extensions import TypeAliasType

from tellerguard.domain.assessment import ListRef, RulePackRef
from tellerguard.domain.case import CaseKind, IdType
from tellerguard.domain.levels import Level
from tellerguard.domain.operators import Role, Username
from tellerguard.domain.risklists import KeyKind, ListId, ListMode, Version
from tellerguard.domain.sealed import (
    PERSONAL_CASE_PATHS,
    PERSONAL_EXTRA_PATHS,
    FrozenModel,
    Hex64,
    Sealed,
    SealedKey,
    Text,
    get_path,
)
from tellerguard.errors import TellerGuardError

Outcome: TypeAlias = Literal["success", "failure"]
Decision: TypeAlias = Literal[
    "proceeded", "dissuaded", "referred_to_police", "delayed_arrival", "family_contacted"
]
POLICE_DECISION: Decision = "referred_to_police"
STOPPING_DECISIONS: tuple[Decision, ...] = ("dissuaded", POLICE_DECISION)
"""Decisions after a reminder that stop the business: the customer was dissuaded, or the
case went to the police (a refusal stops it too)."""

DEFAULT_APPEAL = (
    "如对拒绝办理有异议，可向本网点负责人或开户银行客服热线提出申诉；"
    "如遇诈骗可拨打 110 报警，或拨打 96110 反诈预警专线咨询。"
)
"""What a refused customer is told about appeal (反电信网络诈骗法 Art. 32); replaceable."""

CASE_REF_PATTERN = r"^[0-9a-f]{32}$"
CaseRef = Annotated[str, Field(pattern=CASE_REF_PATTERN)]
RuleId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9-]{1,63}$")]
IsoDate = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
ShortText = Annotated[str, Field(max_length=200)]
DecimalText = Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]{2}$")]
PlainJson = TypeAliasType(
    "PlainJson", "str | int | bool | list[PlainJson] | dict[str, PlainJson] | None"
)
"""JSON without floating-point numbers: every stored number is an integer or a decimal string,
so the canonical bytes of a value never depend on how a float is printed."""


# -- the registry --------------------------------------------------------------------------
class EventPayload(FrozenModel):
    """Base of every event payload. Subclasses set ``event_type`` and ``label_zh``."""

    # A validator is built the first time a type is written or read, not at import: a start
    # uses a handful of the event types, and building them all cost every start (issue 13).
    model_config = ConfigDict(defer_build=True)

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
    # No floating-point field (money and measures are decimal strings or integers): checked
    # by a test over every registered model (has_float_field), not here, because building
    # the JSON schemas cost about a fifth of importing this module at every start (issue 13).
    EVENT_TYPES[name] = model
    return model


def has_float_field(model: type[BaseModel]) -> bool:
    """Whether a model (or one it contains) has a JSON ``number`` field, i.e. a float."""
    return _has_number(model.model_json_schema())


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


class UnknownEventType(TellerGuardError, KeyError):
    """An event type no model is registered for."""

    def __init__(self, event_type: str) -> None:
        self.event_type = event_type
        super().__init__(str(self), "未知的审计事件类型")

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
class Subject(FrozenModel):
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


class StoredHit(FrozenModel):
    """A rule hit as stored: personal values in its text replaced by their masked forms."""

    rule_id: RuleId
    level: Level
    title: ShortText
    explanation: Text
    tags: list[Annotated[str, Field(max_length=64)]]
    values: dict[str, Text] = Field(default_factory=dict)


class ScriptRef(FrozenModel):
    """Which reminder script was read out: its version and the SHA-256 of its text."""

    version: ShortText
    sha256: Hex64


class Answer(FrozenModel):
    """A question of the reminder and the customer's own answer (personal: sealed)."""

    question: Text
    answer: Sealed


class UserState(FrozenModel):
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


class StoredListRef(ListRef):
    """A consulted list as ``assessment_shown`` keeps it. ``event``: the seq of the event of
    the same store that recorded this very content (``list_imported`` or ``list_expired``,
    whose payload holds the content hash), and then ``content_hash`` is left out — 95 B
    less an event once compressed, four lists' hashes in every assessment (docs/AUDIT.md).
    Without it (records before 2026-12-07, or the list changed while the case was on
    screen) the content hash is kept in full."""

    event: Annotated[int, Field(ge=1)] | None = None

    @model_validator(mode="after")
    def _content_named_once(self) -> StoredListRef:
        if self.event is not None and (self.content_hash is not None or self.version is None):
            raise ValueError("a list names its content by an event or by its hash, not both")
        return self


@register
class AssessmentShown(CaseEvent):
    event_type: ClassVar[str] = "assessment_shown"
    label_zh: ClassVar[str] = "风险评估结果展示"
    description: ClassVar[str] = "the case, every hit with its values, the rule pack, the level"

    case: dict[str, PlainJson]
    """The case as its JSON contract with its personal fields split out: each one that was
    filled in is sealed in ``subject`` (name, ID, phone, payee) or ``personal`` (the rest)."""
    personal: dict[str, Sealed] = Field(default_factory=dict)
    hits: list[StoredHit]
    rule_ids: list[RuleId]
    hits_full: Sealed | None = None
    """The hits exactly as shown, sealed, when masking changed their text."""
    facts: dict[str, PlainJson | Sealed]
    rule_pack: RulePackRef
    business_date: IsoDate | None = None
    branch_region: Annotated[str, Field(pattern=r"^[1-9][0-9]{5}$")] | None = None
    lists: list[StoredListRef] = Field(default_factory=list)
    """The risk lists consulted, each with its version and its content: by hash, or by the
    event of this store that recorded it (for replay)."""

    @model_validator(mode="after")
    def _consistent(self) -> AssessmentShown:
        if self.rule_ids != [hit.rule_id for hit in self.hits]:
            raise ValueError("rule_ids must list the hits' rule ids in order")
        if self.case.get("kind") != self.subject.kind:
            raise ValueError("case.kind and subject.kind differ")
        for path in PERSONAL_CASE_PATHS:
            found, value = get_path(self.case, path)
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

    purpose: Literal["case_replay", "customer_search", "dossier"]
    seqs: list[Annotated[int, Field(ge=1)]]
    reason: Sealed
    customer: Sealed | None = None
    """Whose data: the number searched for (masked in the clear, the full number sealed)."""


@register
class ConfirmationReprinted(EventPayload):
    event_type: ClassVar[str] = "confirmation_reprinted"
    label_zh: ClassVar[str] = "补打确认书"
    description: ClassVar[str] = "a recorded reminder's confirmation printed again, by whom and why"

    case_ref: CaseRef
    reminder_seq: Annotated[int, Field(ge=1)]
    reminder_hash: Hex64
    """The chain hash printed on the original, and again on the reprint."""
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


# -- rule pack changes (maker-checker) -------------------------------------------------
ParamValue: TypeAlias = str | int | bool | list[str]
"""A branch parameter override as the configuration writes it (money as decimal text)."""


class PackDiffSummary(FrozenModel):
    """What a change does to the rules and parameters, as the approver saw it."""

    added: list[RuleId]
    removed: list[RuleId]
    changed: list[RuleId]
    params: Annotated[list[Text], Field(max_length=500)]
    """``name: old -> new`` for each parameter (pack value or branch override) that differs."""


class ReplaySummary(FrozenModel):
    """How the store's last recorded cases move under the change (counts and masked refs)."""

    last: Annotated[int, Field(ge=1)]
    cases: Annotated[int, Field(ge=0)]
    up: Annotated[int, Field(ge=0)]
    down: Annotated[int, Field(ge=0)]
    stopped: Annotated[int, Field(ge=0)]
    """Replayed cases whose recorded outcome stopped them (dissuaded, refused, police)."""
    let_through: Annotated[list[CaseRef], Field(max_length=1000)]
    """The stopped cases the new pack would judge below a second reminder."""
    unreadable: Annotated[int, Field(ge=0)] = 0


class RulePackChange(EventPayload):
    """An event about one request to activate a rule pack; ``request_seq`` names it."""

    request_seq: Annotated[int, Field(ge=1)]
    rule_pack: RulePackRef


@register
class RulePackChangeRequested(EventPayload):
    event_type: ClassVar[str] = "rule_pack_change_requested"
    label_zh: ClassVar[str] = "申请启用规则包"
    description: ClassVar[str] = (
        "a rule administrator asks to activate a pack (or new branch parameters): the pack, "
        "the parameters, the diff and the replay against the active pack"
    )

    rule_pack: RulePackRef
    params: dict[str, ParamValue]
    """The branch overrides that come into force with the pack."""
    active: RulePackRef
    """The pack in force when the request was made (what the diff and replay compare with)."""
    active_params: dict[str, ParamValue]
    source: Text
    examples_passed: Annotated[int, Field(ge=0)]
    examples_failed: Annotated[int, Field(ge=0)]
    diff: PackDiffSummary
    replay: ReplaySummary
    reason: ShortText = ""


@register
class RulePackChangeApproved(RulePackChange):
    event_type: ClassVar[str] = "rule_pack_change_approved"
    label_zh: ClassVar[str] = "批准启用规则包"
    description: ClassVar[str] = (
        "a second person approved a pack change with their own password; the pack and "
        "parameters are active from this event on"
    )

    params: dict[str, ParamValue]
    requested_by: Username


@register
class RulePackChangeRejected(RulePackChange):
    event_type: ClassVar[str] = "rule_pack_change_rejected"
    label_zh: ClassVar[str] = "驳回规则包申请"
    description: ClassVar[str] = "a second person rejected a pack change, with the reason"

    reason: ShortText


@register
class RulePackChangeWithdrawn(RulePackChange):
    event_type: ClassVar[str] = "rule_pack_change_withdrawn"
    label_zh: ClassVar[str] = "撤回规则包申请"
    description: ClassVar[str] = "the rule administrator withdrew their own pack change request"


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
    case_refs: list[CaseRef] | None = None
    """The cases of a customer's dossier, when the export is one."""

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
    sealed_at: ShortText | None = None
    signature: Annotated[str, Field(max_length=200)] | None = None
    """The checkpoint's own time and Ed25519 signature (base64), so the store carries every
    seal it was given and a copy of it can be checked against the workstation's public key
    without the checkpoint files (seals before version 0.9 lack them)."""


@register
class BackupWritten(EventPayload):
    event_type: ClassVar[str] = "backup_written"
    label_zh: ClassVar[str] = "备份审计记录"
    description: ClassVar[str] = "an online backup of the store, verified after copying"

    file: Text
    sha256: Hex64
    seq: Annotated[int, Field(ge=0)]
    hash: Hex64


class RecordDictionary(FrozenModel):
    """The zstd dictionary the store's later records are compressed with (docs/AUDIT.md),
    carried by the ``store_created`` or ``store_migrated`` event that starts the lean format."""

    dict_id: Annotated[int, Field(ge=1, le=2**31 - 1)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    zstd: Annotated[str, Field(min_length=8, max_length=1_000_000, pattern=r"^[A-Za-z0-9+/=]+$")]
    """The dictionary, base64."""


class PreviousStore(FrozenModel):
    """What a deliberate re-initialisation found of the workstation's previous history: the
    previous store's last known head and newest seal, so the gap is on the record."""

    found: list[ShortText]
    store_id: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")] | None = None
    last_seq: Annotated[int, Field(ge=0)] | None = None
    head_hash: Hex64 | None = None
    seal_day: IsoDate | None = None
    seal_seq: Annotated[int, Field(ge=1)] | None = None
    seal_hash: Hex64 | None = None
    seal_file: ShortText | None = None
    kept_as: ShortText | None = None
    reason: Text
    administrator: Username
    witness: Username
    credentials_checked: bool
    """Whether both people's passwords were checked against the previous store's operators
    (impossible when it is gone: then both become operators of the new store)."""


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
    previous: PreviousStore | None = None
    """Set when this store deliberately replaces an earlier one (``tellerguard init
    --reinitialise``)."""
    record_dictionary: RecordDictionary | None = None
    """The dictionary every later record is compressed with (absent in older stores)."""


@register
class StoreMigrated(EventPayload):
    event_type: ClassVar[str] = "store_migrated"
    label_zh: ClassVar[str] = "升级审计记录库结构"
    description: ClassVar[str] = "schema migrations applied (a schema change is itself an event)"

    migrations: list[str]
    app_version: ShortText
    record_dictionary: RecordDictionary | None = None
    """Set by the lean-record migration: the dictionary every later record is compressed
    with (the events before it stay canonical JSON text)."""


@register
class WorkstationLocked(EventPayload):
    """The counter screen was locked (idle time or Ctrl+L) with the operator's case kept
    behind it; opening it again is a ``login_succeeded`` in context ``unlock``."""

    event_type: ClassVar[str] = "workstation_locked"
    label_zh: ClassVar[str] = "锁定屏幕"
    description: ClassVar[str] = "the counter screen locked (idle time or by the operator)"


# -- risk lists ----------------------------------------------------------------------------
class ListEvent(EventPayload):
    """A change to one risk list; the list's row in the store names this event."""

    list_id: ListId
    list_version: Version
    entries: Annotated[int, Field(ge=0)]
    """Entries on the list after the change."""
    content_hash: Hex64
    """SHA-256 over the list's stored entries after the change (keyed hashes, categories,
    sources, expiries, in hash order): what ``tellerguard lists verify`` recomputes."""


@register
class ListImported(ListEvent):
    event_type: ClassVar[str] = "list_imported"
    label_zh: ClassVar[str] = "导入风险名单"
    description: ClassVar[str] = (
        "a signed risk list imported: list id, version, entries, content hash, signer, file hash"
    )

    key_kind: KeyKind
    mode: ListMode
    base_version: Version | None = None
    title: ShortText
    issuer: ShortText
    valid_from: IsoDate
    valid_until: IsoDate | None = None
    added: Annotated[int, Field(ge=0)]
    removed: Annotated[int, Field(ge=0)]
    file: Text
    file_sha256: Hex64
    signer: Hex64
    signed_on: IsoDate
    signature_expires: IsoDate


@register
class ListExpired(ListEvent):
    event_type: ClassVar[str] = "list_expired"
    label_zh: ClassVar[str] = "清理到期名单条目"
    description: ClassVar[str] = "entries past their expiry removed from a risk list"

    removed: Annotated[int, Field(ge=0)]
    on: IsoDate


@register
class OperatorSignedOut(EventPayload):
    """The operator signed out at the counter (注销登录, or 切换用户 before the next operator
    signs in); ``case_in_progress`` records what became of a case typed but not finished."""

    event_type: ClassVar[str] = "operator_signed_out"
    label_zh: ClassVar[str] = "注销登录"
    description: ClassVar[str] = (
        "an operator signed out (log out or switch user); the unfinished case kept or discarded"
    )

    reason: Literal["logout", "switch_user"]
    case_in_progress: Literal["none", "kept", "discarded"]


@register
class KeyRecovered(EventPayload):
    event_type: ClassVar[str] = "key_recovered"
    label_zh: ClassVar[str] = "恢复密钥"
    description: ClassVar[str] = "the branch keys restored from the passphrase backup"

    key_id: Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
    backup_file: Text
