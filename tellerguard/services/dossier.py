"""倒查 — one customer's (or one case's) dossier across the whole store: every case as the
teller typed it, each rule hit with its values, the reminder (script version and hash,
questions and answers, decision, duration), the authorization (who, reason) or refusal, each
event's chain hash, and the day seal and verification that cover it.

Who sees what: the dossier is opened by an operator who may browse the audit log
(``view_audit``) and needs a reason, recorded before anything is read
(``personal_data_accessed``, purpose ``dossier``, with whose number and every event shown).
Personal values are decrypted only for a role that may see them (``view_personal_data``, the
same permission as replaying a case); everyone else sees the masked forms the store keeps.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tellerguard.audit.errors import AuditError
from tellerguard.audit.store import AuditStore, Receipt, StoredEvent
from tellerguard.auth.roles import Action, allowed
from tellerguard.auth.users import Session
from tellerguard.domain.events import (
    CASE_REF_PATTERN,
    AssessmentShown,
    ConfirmationReprinted,
    ExportFormat,
    PersonalDataAccessed,
    ReminderCompleted,
    SupervisorAuthorized,
)
from tellerguard.domain.masking import mask_text
from tellerguard.domain.sealing import (
    lookup_key,
    mask_record,
    seal_text,
    unseal_case,
    unseal_record,
)
from tellerguard.services.audit_ops import ExportOutcome, export_audit
from tellerguard.services.counter import build
from tellerguard.services.workstation import Workstation

__all__ = [
    "Dossier",
    "DossierCase",
    "DossierEvent",
    "ReprintSource",
    "customer_dossier",
    "export_dossier",
    "reprint_source",
]

MAX_CASES = 500
"""A dossier larger than this is an investigation for the command line's export."""


@dataclass(frozen=True, slots=True)
class DossierEvent:
    seq: int
    at: str
    type: str
    operator: str
    hash: str
    payload: dict[str, Any]
    """Masked, or decrypted for a role that may see personal data."""
    sealed: tuple[str, int] | None
    """(day, seal event seq) of the first day seal that covers this event."""
    verified: tuple[str, int] | None
    """(time, verification event seq) of the first passing verification that covers it."""


@dataclass(frozen=True, slots=True)
class DossierCase:
    case_ref: str
    events: list[DossierEvent]

    @property
    def first_at(self) -> str:
        return self.events[0].at


@dataclass(frozen=True, slots=True)
class Dossier:
    subject: str
    """What was searched for, masked."""
    decrypted: bool
    cases: list[DossierCase]
    receipt: Receipt
    """The recorded access (``personal_data_accessed``)."""
    opened_by: str
    opened_at: str = ""
    truncated: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def case_refs(self) -> list[str]:
        return [case.case_ref for case in self.cases]


def _case_refs(workstation: Workstation, subject: str) -> list[str]:
    store = workstation.store
    if re.fullmatch(CASE_REF_PATTERN, subject):
        return [subject] if store.events_for_case(subject) else []
    cipher = store.cipher
    found = store.events_by_lookup(
        id_hmac=lookup_key(cipher, "id", subject), card_hmac=lookup_key(cipher, "card", subject)
    )
    refs: list[str] = []
    for event in found:
        if event.case_ref and event.case_ref not in refs:
            refs.append(event.case_ref)
    return refs


def _show_list_hashes(
    payload: Any,
    store: AuditStore,
    known: dict[int, tuple[object, object]],
    titles: dict[str, str | None],
) -> None:
    """Each consulted list that the record names by the event that recorded its content,
    with that content hash filled in, so the inspector reads the hash in the dossier; and
    each list's title (公安机关推送的涉案账户名单 rather than ``police_accounts``): the one its
    import recorded, else the list's title in the store today. ``known`` and ``titles`` keep
    what one dossier has read (every case names the same few lists): each recording event
    and each list's row are read once."""
    lists = payload.get("lists") if isinstance(payload, dict) else None
    for ref in lists if isinstance(lists, list) else []:
        if not isinstance(ref, dict):
            continue
        seq = ref.get("event")
        if isinstance(seq, int):
            if seq not in known:
                recorded = store.event(seq)
                recorded_payload = recorded.data()["payload"] if recorded else {}
                known[seq] = (recorded_payload.get("content_hash"), recorded_payload.get("title"))
            content, title = known[seq]
            if ref.get("content_hash") is None:
                ref["content_hash"] = content
            if isinstance(title, str):
                ref.setdefault("title", title)
        if "title" not in ref:
            list_id = str(ref.get("id"))
            if list_id not in titles:
                row = store.risk_list(list_id)
                titles[list_id] = None if row is None else row.title
            if (title := titles[list_id]) is not None:
                ref["title"] = title


def _first_covering(marks: list[tuple[int, str, int]], seq: int) -> tuple[str, int] | None:
    for mark_seq, label, covered in marks:
        if covered >= seq:
            return (label, mark_seq)
    return None


def customer_dossier(
    workstation: Workstation, session: Session, subject: str, reason: str
) -> Dossier:
    """Everything about the customer with full ID or card number ``subject`` (or the one case
    with that 32-character case reference), oldest case first."""
    session.require(Action.VIEW_AUDIT)
    subject = subject.strip()
    if not reason.strip():
        raise AuditError("a dossier needs the reason it is opened for", "调取档案须填写原因")
    if not subject:
        raise AuditError(
            "a dossier needs a customer's number or a case reference",
            "请输入客户完整证件号、卡号或业务编号",
        )
    store = workstation.store
    cipher = store.cipher
    refs = _case_refs(workstation, subject)
    truncated = len(refs) > MAX_CASES
    refs = refs[:MAX_CASES]
    events: dict[str, list[StoredEvent]] = {ref: store.events_for_case(ref) for ref in refs}
    seqs = [e.seq for ref in refs for e in events[ref]]
    decrypt = allowed(session.role, Action.VIEW_PERSONAL_DATA)
    receipt = store.append(
        build(
            lambda: PersonalDataAccessed(
                purpose="dossier",
                seqs=seqs[:1000],
                reason=seal_text(cipher, reason.strip()),
                customer=seal_text(cipher, subject),
            ),
            "dossier record",
        ),
        operator=session.username,
    )
    seals = store.seal_marks()
    verifications = [(seq, at, head) for seq, at, head, ok in store.verification_marks() if ok]
    cases = []
    list_hashes: dict[int, tuple[object, object]] = {}
    list_titles: dict[str, str | None] = {}
    for ref in refs:
        shown = []
        for event in events[ref]:
            data = event.data()
            payload = (
                unseal_record(data["payload"], cipher.for_record(data))
                if decrypt
                else mask_record(data["payload"])
            )
            _show_list_hashes(payload, store, list_hashes, list_titles)
            shown.append(
                DossierEvent(
                    seq=event.seq,
                    at=str(data["at"]),
                    type=str(data["type"]),
                    operator=str(data["operator"]),
                    hash=event.hash.hex(),
                    payload=payload,
                    sealed=_first_covering(seals, event.seq),
                    verified=_first_covering(verifications, event.seq),
                )
            )
        cases.append(DossierCase(ref, shown))
    cases.sort(key=lambda c: c.first_at)
    return Dossier(
        subject=subject if len(subject) == 32 and subject in refs else mask_text(subject),
        decrypted=decrypt,
        cases=cases,
        receipt=receipt,
        opened_by=session.username,
        opened_at=receipt.at,
        truncated=truncated,
    )


def export_dossier(
    workstation: Workstation,
    session: Session,
    dossier: Dossier,
    fmt: ExportFormat,
    out: Path,
) -> ExportOutcome:
    """The dossier's events as one export bundle (masked; the same bundle, manifest and
    SHA-256 as any export, recorded with the dossier's case references)."""
    if not dossier.cases:
        raise AuditError("the dossier holds no case to export", "档案中没有可导出的业务")
    first = min(date.fromisoformat(c.first_at[:10]) for c in dossier.cases)
    return export_audit(
        workstation,
        session,
        date_from=first,
        date_to=workstation.clock.today(),
        fmt=fmt,
        out=out,
        case_refs=dossier.case_refs,
    )


# -- reprinting a confirmation -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReprintSource:
    """What a recorded reminder's confirmation printed, read back and decrypted: the case as
    typed, the hits exactly as shown, the reminder and its authorization, and the event
    whose sequence number, hash and time the original carried (``printed_*``: the
    authorization when there was one, as the counter prints it after authorizing; else the
    reminder)."""

    case: dict[str, Any]
    business_date: str
    level: str
    hits: list[dict[str, Any]]
    facts: dict[str, Any]
    rule_pack: dict[str, str]
    reminder: dict[str, Any]
    reminder_seq: int
    reminder_hash: str
    reminder_at: str
    teller: str
    supervisor_name: str | None
    supervisor: str | None
    """The authorizing supervisor's username (``supervisor_name`` is the name recorded)."""
    supervisor_reason: str | None
    printed_seq: int
    printed_hash: str
    printed_at: str
    receipt: Receipt
    """The recorded reprint (``confirmation_reprinted``)."""


def reprint_source(
    workstation: Workstation, session: Session, reminder_seq: int, reason: str
) -> ReprintSource:
    """The confirmation of the reminder recorded as event ``reminder_seq``, to print again.
    It shows the customer's own answers, so it needs the permission to see personal data and
    a reason; the reprint is recorded before anything is decrypted."""
    session.require(Action.VIEW_PERSONAL_DATA)
    if not reason.strip():
        raise AuditError("a reprint needs its reason", "补打确认书须填写原因")
    store = workstation.store
    event = store.event(reminder_seq)
    if event is None or event.event_type != ReminderCompleted.event_type:
        raise AuditError(
            f"event {reminder_seq} is not a recorded reminder", "该审计序号不是二次提醒记录"
        )
    data = event.data()
    case_ref = str(data["payload"]["case_ref"])
    case_events = store.events_for_case(case_ref)
    earlier = [e for e in case_events if e.seq < reminder_seq]
    assessments = [e for e in earlier if e.event_type == AssessmentShown.event_type]
    if not assessments:
        raise AuditError(f"no assessment before reminder {reminder_seq}", "未找到该业务的评估记录")
    cipher = store.cipher
    receipt = store.append(
        build(
            lambda: ConfirmationReprinted(
                case_ref=case_ref,
                reminder_seq=reminder_seq,
                reminder_hash=event.hash.hex(),
                reason=seal_text(cipher, reason.strip()),
            ),
            "reprint record",
        ),
        operator=session.username,
    )
    shown_record = assessments[-1].data()
    shown, opener = shown_record["payload"], cipher.for_record(shown_record)
    hits = list(shown["hits"])
    if shown.get("hits_full"):  # the exact text the teller saw, where masking changed it
        exact = json.loads(unseal_record(shown["hits_full"], opener))
        hits = [{**stored, **full} for stored, full in zip(hits, exact, strict=True)]
    # The confirmation is printed once the supervisor has authorized (after the reminder):
    # the authorization of this round of the case, before any new assessment of it.
    round_start = assessments[-1].seq
    round_end = min(
        (
            e.seq
            for e in case_events
            if e.seq > reminder_seq and e.event_type == AssessmentShown.event_type
        ),
        default=None,
    )
    authorizations = [
        e
        for e in case_events
        if e.event_type == SupervisorAuthorized.event_type
        and e.seq > round_start
        and (round_end is None or e.seq < round_end)
    ]
    printed, printed_data = (
        (authorizations[-1], authorizations[-1].data()) if authorizations else (event, data)
    )
    chief = printed_data["payload"] if authorizations else None
    chief_opener = cipher.for_record(printed_data)
    teller = workstation.users.get(str(data["operator"]))
    return ReprintSource(
        case=unseal_case(shown, opener),
        business_date=str(shown.get("business_date") or data["at"][:10]),
        level=str(shown["level"]),
        hits=list(hits),
        facts=unseal_record(shown["facts"], opener),
        rule_pack=dict(shown["rule_pack"]),
        reminder=unseal_record(data["payload"], cipher.for_record(data)),
        reminder_seq=reminder_seq,
        reminder_hash=event.hash.hex(),
        reminder_at=str(data["at"]),
        teller=f"{teller.display_name}（{teller.username}）" if teller else str(data["operator"]),
        supervisor_name=str(chief["supervisor_name"]) if chief else None,
        supervisor=str(chief["supervisor"]) if chief else None,
        supervisor_reason=unseal_record(chief["reason"], chief_opener) if chief else None,
        printed_seq=printed.seq,
        printed_hash=printed.hash.hex(),
        printed_at=str(printed_data["at"]),
        receipt=receipt,
    )
