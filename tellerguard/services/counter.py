"""What happens at the counter, as plain Python a GUI presenter can call.

A presenter holds one :class:`Counter` per signed-in operator. The assessment itself comes
from the engine (the presenter runs it, feeding it :meth:`Counter.customer_history`); this
module records what was shown, asked, decided and authorized. Each method writes its event
in one transaction and returns a :class:`Receipt` (sequence number and chain hash, to print on
the customer's confirmation), or raises a :class:`~tellerguard.audit.errors.TellerGuardError`
whose ``message_zh`` the screen shows; then nothing was written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal, TypeVar

from pydantic import ValidationError

from tellerguard.audit.checkpoint import day_bounds
from tellerguard.audit.errors import AuditError, EventError
from tellerguard.audit.queries import CustomerEvent, EventSummary
from tellerguard.audit.store import AuditReader, AuditStore, Receipt, StoredEvent, Transaction
from tellerguard.auth.roles import Action
from tellerguard.auth.users import Credentials, Session
from tellerguard.domain.assessment import Assessment
from tellerguard.domain.case import Case, dump_case
from tellerguard.domain.events import (
    DEFAULT_APPEAL,
    Answer,
    AssessmentShown,
    BusinessRefused,
    Decision,
    OperatorSignedOut,
    PersonalDataAccessed,
    ReminderCompleted,
    ScriptRef,
    Subject,
    SupervisorAuthorized,
    WorkstationLocked,
    validation_problems,
)
from tellerguard.domain.facts import History
from tellerguard.domain.levels import Level
from tellerguard.domain.sealing import (
    lookup_key,
    new_assessment_event,
    reseal_record,
    script_sha256,
    seal_text,
    unseal_case,
)
from tellerguard.services.workstation import Workstation

_M = TypeVar("_M")


def build(factory: Callable[[], _M], what: str) -> _M:
    """Construct an event model, turning pydantic's error into a clear :class:`EventError`."""
    try:
        return factory()
    except ValidationError as exc:
        problems = validation_problems(exc)
        raise EventError(f"invalid {what}: " + "; ".join(problems), problems) from None


@dataclass(frozen=True, slots=True)
class CaseReceipt:
    """The assessment as recorded: ``case_ref`` ties the reminder, authorization or refusal
    that follow to it."""

    case_ref: str
    receipt: Receipt


@dataclass(frozen=True, slots=True)
class RecordedCase:
    """The latest recorded assessment of a case."""

    case_ref: str
    seq: int
    teller: str
    level: Level
    subject: Subject
    rule_ids: list[str]
    payload: dict[str, Any]
    record: dict[str, Any]
    """The whole record (its envelope holds the one ciphertext of the personal values)."""


def history_window(
    store: AuditReader | AuditStore, on: date, days: int = 30
) -> tuple[int | None, int | None]:
    """Where the ``days``-day window ending on ``on`` and the day ``on`` itself begin in the
    chain (the first event stamped inside each). Both windows have no upper bound: a clock
    set back after an event was written never hides it, and the error, if any, is towards
    more history (see tellerguard.domain.clock)."""
    window_start = store.first_seq_since(day_bounds(on - timedelta(days=days - 1))[0])
    if window_start is None:
        return None, None
    return window_start, store.first_seq_since(day_bounds(on)[0])


def history_from(
    events: Iterable[CustomerEvent],
    *,
    today_start: int | None,
    exclude_case_ref: str | None = None,
    before_seq: int | None = None,
) -> History:
    """A customer's :class:`History` from their events in the window, in chain order:
    reminders, dissuasions, refusals and police referrals, and the day's transfer and cash
    amounts of cases not stopped. ``before_seq`` leaves out everything from that event on
    (the history a recorded case was judged with, when it is judged again)."""
    reminders = dissuaded = refusals = 0
    police: set[str] = set()
    stopped: set[str] = set()
    amounts: dict[str, tuple[Decimal, bool]] = {}
    for event in events:
        if before_seq is not None and event.seq >= before_seq:
            break
        ref = event.case_ref
        if ref is None or ref == exclude_case_ref:
            continue
        if event.stopped:
            stopped.add(ref)
        if event.referred_to_police:
            police.add(ref)
        if event.is_reminder:
            reminders += 1
            if event.decision == "dissuaded":
                dissuaded += 1
        elif event.is_refusal:
            refusals += 1
        elif (
            event.is_assessment
            and event.amount
            and today_start is not None
            and event.seq >= today_start
        ):
            amounts[ref] = (event.amount, event.cash)
    transfers = sum((a for ref, (a, _) in amounts.items() if ref not in stopped), Decimal("0.00"))
    cash = sum(
        (a for ref, (a, is_cash) in amounts.items() if is_cash and ref not in stopped),
        Decimal("0.00"),
    )
    return History(
        reminders_30d=reminders,
        dissuaded_30d=dissuaded,
        refusals_30d=refusals,
        police_referrals_30d=len(police),
        transfers_today_amount=transfers,
        cash_today_amount=cash,
    )


class Counter:
    """The counter's use cases for one signed-in operator."""

    def __init__(self, workstation: Workstation, session: Session) -> None:
        self.workstation = workstation
        self.store = workstation.store
        self.session = session

    # -- reading a case back ---------------------------------------------------------------
    def recorded_case(self, case_ref: str) -> RecordedCase:
        """The latest ``assessment_shown`` of ``case_ref``; :class:`AuditError` if none."""
        events = [
            e
            for e in self.store.events_for_case(case_ref)
            if e.event_type == AssessmentShown.event_type
        ]
        if not events:
            raise AuditError(
                f"no recorded assessment for case {case_ref!r}; record the assessment first",
                "未找到该业务的风险评估记录",
            )
        last: StoredEvent = events[-1]
        data = last.data()
        payload = data["payload"]
        cipher = self.store.cipher
        return RecordedCase(
            case_ref=case_ref,
            seq=last.seq,
            teller=data["operator"],
            level=payload["level"],
            # Sealed on its own again: the next event of the case carries it in its record.
            subject=Subject.model_validate(
                reseal_record(payload["subject"], cipher.for_record(data), cipher)
            ),
            rule_ids=list(payload["rule_ids"]),
            payload=payload,
            record=data,
        )

    # -- recording -------------------------------------------------------------------------
    def record_assessment(
        self, case: Case, assessment: Assessment, *, case_ref: str | None = None
    ) -> CaseReceipt:
        """Record that ``assessment`` of ``case`` was shown. Pass the ``case_ref`` of an earlier
        assessment of the same case when the teller corrected the form and assessed again."""
        self.session.require(Action.ASSESS)
        case_ref = case_ref or uuid.uuid4().hex
        # The lists the store holds now, by content: an assessment names each one it
        # consulted by the event that recorded that content (a list changed since the case
        # was assessed keeps its hash in full).
        list_events = {
            (row.list_id, row.content_hash): row.event_seq for row in self.store.risk_lists()
        }
        event = build(
            lambda: new_assessment_event(
                dump_case(case), assessment, self.store.cipher, case_ref, list_events
            ),
            "assessment_shown event",
        )
        receipt = self.store.append(event, operator=self.session.username)
        return CaseReceipt(case_ref, receipt)

    def record_reminder(
        self,
        case_ref: str,
        *,
        script_version: str,
        script: Sequence[str],
        answers: Sequence[tuple[str, str]],
        duration_seconds: int,
        decision: Decision,
        delay: str | None = None,
        notes: str = "",
    ) -> Receipt:
        """Record a completed second reminder: the script shown (version and hash), each
        question with the customer's own answer, how long it took, and the decision."""
        self.session.require(Action.RECORD_REMINDER)
        recorded = self.recorded_case(case_ref)
        cipher = self.store.cipher
        event = build(
            lambda: ReminderCompleted(
                case_ref=case_ref,
                subject=recorded.subject,
                level=recorded.level,
                script=ScriptRef(version=script_version, sha256=script_sha256(script)),
                answers=[Answer(question=q, answer=seal_text(cipher, a)) for q, a in answers],
                duration_seconds=duration_seconds,
                decision=decision,
                delay=delay,
                notes=seal_text(cipher, notes) if notes else None,
            ),
            "reminder",
        )
        return self.store.append(event, operator=self.session.username)

    def authorize(self, case_ref: str, supervisor: Credentials, reason: str) -> Receipt:
        """A supervisor's authorization, with the supervisor's own password. The supervisor
        may not be the teller who handled the case; a wrong password counts towards the
        supervisor's lockout."""
        self.session.require(Action.ASSESS)
        recorded = self.recorded_case(case_ref)
        if not reason.strip():
            raise EventError("an authorization needs the reason the supervisor gives")
        cipher = self.store.cipher

        def record(tx: Transaction, chief: Session) -> Receipt:
            event = build(
                lambda: SupervisorAuthorized(
                    case_ref=case_ref,
                    subject=recorded.subject,
                    level=recorded.level,
                    teller=recorded.teller,
                    supervisor=chief.username,
                    supervisor_name=chief.display_name,
                    reason=seal_text(cipher, reason.strip()),
                ),
                "authorization",
            )
            return tx.append(event, operator=chief.username)

        _, receipt = self.workstation.users.second_person(
            supervisor,
            action=Action.AUTHORIZE,
            other_than=recorded.teller,
            context="authorization",
            then=record,
        )
        return receipt

    def refuse(
        self,
        case_ref: str,
        reason: str,
        *,
        referred_to_police: bool = False,
        appeal: str = DEFAULT_APPEAL,
    ) -> Receipt:
        """Record a refusal with its reason and the appeal information given (反诈法 Art. 32)."""
        self.session.require(Action.REFUSE_BUSINESS)
        recorded = self.recorded_case(case_ref)
        if not reason.strip():
            raise EventError("a refusal needs its reason")
        event = build(
            lambda: BusinessRefused(
                case_ref=case_ref,
                subject=recorded.subject,
                level=recorded.level,
                reason=seal_text(self.store.cipher, reason.strip()),
                rule_ids=recorded.rule_ids,
                referred_to_police=referred_to_police,
                appeal=appeal,
            ),
            "refusal",
        )
        return self.store.append(event, operator=self.session.username)

    # -- history and search ----------------------------------------------------------------
    def customer_history(
        self,
        id_number: str,
        *,
        days: int = 30,
        on: date | None = None,
        exclude_case_ref: str | None = None,
    ) -> History:
        """The customer's recent record in this store, found by the keyed hash of the full ID
        number (never by plain text): reminders, dissuasions, refusals and police referrals in
        the last ``days`` days (today included), and today's transfer and cash amounts.

        Today's amounts add the latest assessment of each transfer case that was not refused,
        dissuaded or referred to the police (the core system executes the transfer; TellerGuard
        only knows it was not stopped). ``exclude_case_ref`` leaves out the case being
        assessed now.
        """
        self.session.require(Action.ASSESS)
        on = on or self.workstation.clock.today()
        window_start, today_start = history_window(self.store, on, days)
        if window_start is None:
            return History()
        id_hmac = lookup_key(self.store.cipher, "id", id_number)
        return history_from(
            self.store.customer_events(id_hmac, from_seq=window_start),
            today_start=today_start,
            exclude_case_ref=exclude_case_ref,
        )

    def screen_locked(self) -> Receipt:
        """Record that the operator's screen locked (the unlock is recorded as a login)."""
        return self.store.append(WorkstationLocked(), operator=self.session.username)

    def signed_out(
        self,
        reason: Literal["logout", "switch_user"],
        case_in_progress: Literal["none", "kept", "discarded"],
    ) -> Receipt:
        """Record that the operator signed out, and what became of the unfinished case."""
        return self.store.append(
            OperatorSignedOut(reason=reason, case_in_progress=case_in_progress),
            operator=self.session.username,
        )

    def find_events(self, number: str, reason: str) -> list[EventSummary]:
        """Every event of a customer by full ID or card number (an investigator's search),
        through the keyed hashes; the search itself is recorded with its reason."""
        self.session.require(Action.VIEW_AUDIT)
        if not reason.strip():
            raise EventError("a search by a customer's number needs its reason")
        cipher = self.store.cipher
        found = self.store.events_by_lookup(
            id_hmac=lookup_key(cipher, "id", number), card_hmac=lookup_key(cipher, "card", number)
        )
        self.store.append(
            build(
                lambda: PersonalDataAccessed(
                    purpose="customer_search",
                    seqs=[e.seq for e in found][:1000],
                    reason=seal_text(cipher, reason.strip()),
                    customer=seal_text(cipher, number.strip()),
                ),
                "search record",
            ),
            operator=self.session.username,
        )
        return found

    def replay_case(self, case_ref: str, reason: str) -> dict[str, Any]:
        """The recorded case with its personal data decrypted, e.g. to assess it again under a
        new rule pack. Needs the permission and a reason; recorded before anything is shown."""
        self.session.require(Action.VIEW_PERSONAL_DATA)
        if not reason.strip():
            raise EventError("decrypting a recorded case needs its reason")
        recorded = self.recorded_case(case_ref)
        cipher = self.store.cipher
        case = unseal_case(recorded.payload, cipher.for_record(recorded.record))
        self.store.append(
            build(
                lambda: PersonalDataAccessed(
                    purpose="case_replay",
                    seqs=[recorded.seq],
                    reason=seal_text(cipher, reason.strip()),
                ),
                "replay record",
            ),
            operator=self.session.username,
        )
        return case

    def recent_events(self, limit: int = 100) -> list[EventSummary]:
        """The latest events (masked), newest first, for the supervisor's screen."""
        self.session.require(Action.VIEW_AUDIT)
        return self.store.recent_events(limit)
