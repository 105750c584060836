"""The logged-in session: the one place where the GUI calls the services.

It opens the workstation (the audit store, its single writer) once at start, signs operators
in through the operator store, looks up the customer's 30-day history, and records what happens
at the counter through :class:`~tellerguard.services.counter.Counter`: each outcome in its own
transaction, each returning the audit sequence number and hash printed on the confirmation.
Errors the services raise carry a Chinese message; they reach the teller as
:class:`~tellerguard.gui.errors.UserFacingError` and nothing is half-written.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from tellerguard.config import Settings
from tellerguard.domain.assessment import (
    Assessment,
    Hit,
    RulePackRef,
    script_lines,
    script_version,
)
from tellerguard.domain.case import Case, parse_case
from tellerguard.domain.clock import Clock
from tellerguard.domain.events import (
    ExportFormat,
)
from tellerguard.domain.facts import History
from tellerguard.domain.sealing import script_sha256
from tellerguard.errors import TellerGuardError
from tellerguard.gui.confirmation import write_confirmation_pdf
from tellerguard.gui.draft import case_key
from tellerguard.gui.errors import UserFacingError
from tellerguard.gui.finish import Authorization, EventRef, confirmation_data
from tellerguard.gui.i18n import translate
from tellerguard.gui.rule_packs import pack_text
from tellerguard.gui.views.reminder import ReminderOutcome
from tellerguard.services.audit_ops import (
    SEAL_EVERY_EVENTS,
    ExportOutcome,
    SealResult,
    VerifyOutcome,
    event_types,
    record_pack_loaded,
    record_pack_rejected,
    record_verification,
    seal_day,
    seal_quietly,
    verify_report,
)
from tellerguard.services.console import AuditLog, CustomerKey, EventDetail
from tellerguard.services.counter import Counter
from tellerguard.services.desk import Action, Credentials, Desk, OperatorSession, Receipt
from tellerguard.services.dossier import Dossier
from tellerguard.services.operators import (
    ChangeKind,
    ChangeResult,
    OperatorChange,
    PolicyProblem,
    UserInfo,
    change_operator,
    needs_second_person,
    password_problems,
)
from tellerguard.services.pack_archive import archive_pack, packs_dir
from tellerguard.services.reports import (
    EventSummary,
)
from tellerguard.services.risklists import workstation_lists
from tellerguard.services.rules import Assessor, PackError, RulePack
from tellerguard.services.seals import SealStatus, export_checkpoint, recent_seals
from tellerguard.services.statistics import StatsReader
from tellerguard.services.workstation import Workstation, open_workstation

log = logging.getLogger("tellerguard.gui.session")


SCREEN_ACTIONS = (Action.ASSESS, Action.LOAD_RULE_PACK, Action.MANAGE_USERS)
"""An operator signs in if their role may do one of these: each has its screen (the case
forms, 规则包管理, 操作员与封存)."""


class StoreUnavailable(Exception):
    """The audit store cannot be opened: the app cannot record, so it does not run."""

    def __init__(self, message_zh: str, detail: str) -> None:
        super().__init__(detail)
        self.message_zh = message_zh


@contextmanager
def _expected() -> Iterator[None]:
    """Turn the services' expected errors into the teller's short Chinese message."""
    try:
        yield
    except TellerGuardError as exc:
        log.warning("%s: %s", type(exc).__name__, exc.message_en)
        raise UserFacingError(exc.message_zh, exc.message_en) from exc


def _ref(receipt: Receipt) -> EventRef:
    return EventRef(receipt.seq, receipt.hash, datetime.fromisoformat(receipt.at))


def operator_text(display_name: str, username: str) -> str:
    """An operator as a confirmation names them: 王主管（supervisor01）."""
    return translate("session", "{name}（{username}）").format(name=display_name, username=username)


class Session:
    """One workstation's open store, rule pack and signed-in operator."""

    def __init__(
        self,
        settings: Settings,
        pack: RulePack,
        workstation: Workstation,
    ) -> None:
        self.settings = settings
        self.pack = pack
        self.assessor = Assessor(pack, settings.region, workstation_lists(workstation, pack))
        self.workstation = workstation
        self.desk: Desk | None = None
        self._case_refs: dict[str, str] = {}
        self.verifying = threading.Lock()
        """Held while a verification runs: one at a time on this workstation (a second
        waits for the first, and a cancel made meanwhile is honoured when it starts)."""
        self.login_hint = ""
        """Shown under the login fields (the demo branch names its demo operators)."""

    # -- opening ----------------------------------------------------------------------------
    @classmethod
    def open(cls, settings: Settings, pack: RulePack, clock: Clock | None = None) -> Session:
        """Open the store for writing and record which rule pack is in use."""
        try:
            workstation = open_workstation(settings, clock=clock)
        except TellerGuardError as exc:
            raise StoreUnavailable(exc.message_zh, exc.message_en) from exc
        session = cls(settings, pack, workstation)
        try:
            record_pack_loaded(workstation, None, pack.ref, str(pack.path), len(pack.rules))
        except TellerGuardError as exc:
            workstation.close()
            raise StoreUnavailable(exc.message_zh, exc.message_en) from exc
        session.keep_pack()
        session.seal_if_due()
        return session

    def keep_pack(self) -> None:
        """Keep the pack the counter starts with under ``packs/<sha256>/`` (once), so every
        assessment it records can be replayed under it later, even one made before the
        first maker-checker change. A failure is logged: the counter must not stop for it."""
        try:
            archive_pack(packs_dir(self.settings), self.pack.path)
        except (OSError, TellerGuardError) as exc:
            log.warning("cannot keep the rule pack %s: %s", self.pack.sha256, exc)

    def seal_if_due(self) -> None:
        """Seal the last past day with events if no checkpoint covers it yet, or everything
        recorded once ``SEAL_EVERY_EVENTS`` are unsealed (at start, at every login and after
        every recorded step, so a PC left on overnight is sealed too). A failure is logged,
        not shown: sealing can be repeated, and the counter must not stop for it."""
        result = seal_quietly(self.workstation, every=SEAL_EVERY_EVENTS)
        if result is not None:
            log.info("sealed: %s", "; ".join(result.lines()))

    @staticmethod
    def audit_pack_rejection(settings: Settings, error: PackError) -> bool:
        """Record a rule pack that failed to load (best effort: the store may be the problem
        too); returns whether it was recorded."""
        problems = [str(p) for p in error.problems] or ["unknown problem"]
        source = str(settings.rules_path or "default")
        try:
            with open_workstation(settings) as workstation:
                record_pack_rejected(workstation, None, source, problems)
        except TellerGuardError as exc:
            log.error("cannot record the rule pack rejection: %s", exc.message_en)
            return False
        return True

    def close(self) -> None:
        """Seal what was recorded (the last sign-out of the day, usually), then close."""
        seal_quietly(self.workstation)
        self.workstation.close()

    # -- who and where ----------------------------------------------------------------------
    @property
    def branch_region(self) -> str:
        return self.settings.region

    @property
    def branch_text(self) -> str:
        return translate("session", "{name}（{code}）").format(
            name=self.settings.branch_name, code=self.settings.branch_code
        )

    @property
    def workstation_name(self) -> str:
        return self.settings.workstation

    @property
    def operator(self) -> OperatorSession | None:
        """Who is signed in, if anyone."""
        return self.desk.operator if self.desk else None

    @property
    def username(self) -> str:
        return self.operator.username if self.operator else ""

    @property
    def teller_name(self) -> str:
        if self.operator is None:
            return ""
        return translate("session", "{name}（{username}）").format(
            name=self.operator.display_name, username=self.operator.username
        )

    def business_date(self) -> date:
        """Read at every use, so a teller working past midnight gets the new day."""
        return self.workstation.clock.today()

    def clock_warning(self) -> str:
        """A warning for the login window when this PC's clock is behind the latest recorded
        event (set back, or lost its time): new events would be stamped before old ones."""
        lag = self.workstation.clock_behind()
        if lag is None:
            return ""
        log.warning("the workstation clock is %s behind the latest audit event", lag)
        hours = max(1, round(lag.total_seconds() / 3600))
        return translate(
            "session", "本机时钟比最近一条审计记录早约 {hours} 小时，请联系科技部门校准时钟"
        ).format(hours=hours)

    def permission_warning(self) -> str:
        """A warning for the login window when the store, keys or configuration can be read
        by other local users of this PC (each path is also in the log)."""
        found = self.workstation.exposed_files()
        if not found:
            return ""
        return translate(
            "session",
            "审计记录库、密钥或配置文件可被本机其他用户读取（{count} 处），请联系科技部门处理",
        ).format(count=len(found))

    def status_text(self) -> str:
        """The status bar: branch, workstation, operator, business date and the pack in
        force (``id@version`` with the branch parameters it runs with)."""
        return translate(
            "session",
            "{branch} | 工作站 {workstation} | {teller} | 业务日期 {date} | 规则包 {pack}",
        ).format(
            branch=self.settings.branch_name,
            workstation=self.settings.workstation,
            teller=self.teller_name,
            date=self.business_date().isoformat(),
            pack=pack_text(self.pack),
        )

    def confirmation_dir(self) -> Path:
        return self.settings.database_path.parent / "confirmations"

    # -- signing in -------------------------------------------------------------------------
    def authenticate(
        self, username: str, password: str, *, unlock: bool = False
    ) -> OperatorSession:
        """Sign in at the counter (failures and lockouts are recorded by the operator store)."""
        with _expected():
            operator = self.workstation.login(username, password, unlock=unlock)
            if not operator.must_change_password:
                self._require_a_screen(operator)
        return operator

    def _require_a_screen(self, operator: OperatorSession) -> None:
        """Refuse an operator this app has no screen for: one who may neither assess, nor
        manage rule packs (规则包管理), nor manage operators (操作员与封存)."""
        desk = Desk(self.workstation, operator)
        if not any(desk.may(action) for action in SCREEN_ACTIONS):
            operator.require(Action.ASSESS)

    def start(self, operator: OperatorSession, *, keep_cases: bool = False) -> None:
        """Begin an operator's session; ``keep_cases`` when the previous operator left an
        unfinished case for this one (its recorded assessment keeps its case reference)."""
        self.seal_if_due()
        self.desk = Desk(self.workstation, operator)
        if not keep_cases:
            self._case_refs.clear()

    def sign_out(
        self,
        reason: Literal["logout", "switch_user"],
        case_in_progress: Literal["none", "kept", "discarded"],
    ) -> None:
        """Record the sign-out, seal everything recorded so far, and forget the operator. Like
        the lock, signing out never fails on the store: a failure is logged."""
        try:
            self._counter().signed_out(reason, case_in_progress)
        except TellerGuardError as exc:
            log.warning("cannot record the sign-out: %s", exc.message_en)
        log.info("operator %s signed out (%s, case %s)", self.username, reason, case_in_progress)
        self.desk = None
        seal_quietly(self.workstation)  # the operator leaves: seal up to here

    def change_password(self, username: str, old: str, new: str) -> OperatorSession:
        with _expected():
            operator = self.workstation.users.change_password(username, old, new)
            self._require_a_screen(operator)
        return operator

    def unlock(self, username: str, password: str) -> OperatorSession:
        """Unlock the idle-locked window: only the same operator's password opens it."""
        if username != self.username:
            raise UserFacingError(translate("session", "只能由锁定前登录的操作员解锁"))
        return self.authenticate(username, password, unlock=True)

    # -- at the counter ---------------------------------------------------------------------
    def _desk(self) -> Desk:
        if self.desk is None:
            raise UserFacingError(translate("session", "请先登录"))
        return self.desk

    def _counter(self) -> Counter:
        return self._desk().counter

    def assess(self, case: Case, *, on: date, history: History | None = None) -> Assessment:
        """The assessment of a complete case under this workstation's pack (writes nothing)."""
        return self.assessor.assess(case, on=on, history=history or History())

    def history(self, id_type: str, id_number: str) -> History:
        with _expected():
            return self._counter().customer_history(id_number, on=self.business_date())

    def case_ref(self, case: Case) -> str | None:
        return self._case_refs.get(case_key(case))

    def record_assessment(self, case: Case, assessment: Assessment) -> EventRef:
        """Record the assessment shown; the same case again (a retry after a failure, or a
        corrected form) keeps its case reference."""
        key = case_key(case)
        with _expected():
            recorded = self._counter().record_assessment(
                case, assessment, case_ref=self._case_refs.get(key)
            )
        self._case_refs[key] = recorded.case_ref
        self.seal_if_due()
        return _ref(recorded.receipt)

    def _ensure_recorded(self, case: Case, assessment: Assessment) -> str:
        ref = self.case_ref(case)
        if ref is None:
            self.record_assessment(case, assessment)
            ref = self.case_ref(case)
        assert ref is not None
        return ref

    def record_reminder(
        self, case: Case, assessment: Assessment, outcome: ReminderOutcome
    ) -> EventRef:
        ref = self._ensure_recorded(case, assessment)
        with _expected():
            receipt = self._counter().record_reminder(
                ref,
                script_version=script_version(assessment),
                script=outcome.script,
                answers=outcome.answers,
                duration_seconds=outcome.seconds,
                decision=outcome.decision,  # type: ignore[arg-type]
                delay=outcome.delay,
                notes=outcome.note,
            )
        self.seal_if_due()
        return _ref(receipt)

    def authorize(
        self, case: Case, assessment: Assessment, username: str, password: str, reason: str
    ) -> tuple[str, EventRef]:
        """The supervisor's own credentials and reason, checked and recorded together."""
        ref = self._ensure_recorded(case, assessment)
        with _expected():
            receipt = self._counter().authorize(ref, Credentials(username, password), reason)
        info = self.workstation.users.get(username)
        name = operator_text(info.display_name, info.username) if info else username
        return name, _ref(receipt)

    def record_refusal(
        self, case: Case, assessment: Assessment, reason: str, police: bool
    ) -> EventRef:
        ref = self._ensure_recorded(case, assessment)
        with _expected():
            receipt = self._counter().refuse(ref, reason, referred_to_police=police)
        self.seal_if_due()
        return _ref(receipt)

    def record_lock(self) -> None:
        """Record the screen lock. The lock itself must never wait for or fail on the store,
        so a failure is logged and the screen locks anyway."""
        try:
            self._counter().screen_locked()
        except TellerGuardError as exc:
            log.warning("cannot record the screen lock: %s", exc.message_en)
        seal_quietly(self.workstation)  # the operator walked away: seal up to here

    def forget(self, case: Case) -> None:
        """The case is finished: a new form starts a new case reference."""
        self._case_refs.pop(case_key(case), None)

    # -- what the signed-in role works on -------------------------------------------------
    def can_assess(self) -> bool:
        """Whether the signed-in operator works at the counter (the case forms)."""
        return self.desk is not None and self.desk.may(Action.ASSESS)

    def can_administer(self) -> bool:
        """Whether the signed-in operator may open 操作员与封存 (manage operators)."""
        return self.desk is not None and self.desk.may(Action.MANAGE_USERS)

    def role_text(self) -> str:
        """For an operator who does not work at the counter: what their role does here."""
        if self.can_assess():
            return ""
        if self.desk is not None and self.desk.may(Action.LOAD_RULE_PACK):
            return translate(
                "session",
                "规则管理员不办理柜面业务。在此可检查规则包与本网点参数、回放、申请启用和审批变更："
                "菜单“业务 → 规则包管理”（Ctrl+Shift+R）。",
            )
        if self.can_administer():
            return translate(
                "session",
                "系统管理员不办理柜面业务。在此可管理操作员（新增、解锁、重置密码、改角色、停用），"
                "校验与封存审计记录：菜单“业务 → 操作员与封存”（Ctrl+Shift+O）。",
            )
        return translate("session", "本角色不办理柜面业务。")

    # -- rule packs -------------------------------------------------------------------------
    def can_manage_rules(self) -> bool:
        """Whether the signed-in operator may open 规则包管理 (make or approve a change)."""
        desk = self.desk
        return desk is not None and any(
            desk.may(action) for action in (Action.LOAD_RULE_PACK, Action.APPROVE_RULE_PACK)
        )

    def use_pack(self, pack: RulePack) -> None:
        """An approved change: the counter assesses with ``pack`` from the next keystroke on
        (a restart loads it again from the store's approval)."""
        self.pack = pack
        lists = workstation_lists(self.workstation, pack)
        self.assessor = Assessor(pack, self.settings.region, lists)
        record_pack_loaded(self.workstation, None, pack.ref, str(pack.path), len(pack.rules))

    # -- the supervisor's screen ------------------------------------------------------------
    def can_supervise(self) -> bool:
        """Whether the signed-in operator may open 审计与统计 (browse and count)."""
        desk = self.desk
        return desk is not None and all(
            desk.may(action) for action in (Action.VIEW_AUDIT, Action.VIEW_STATISTICS)
        )

    @staticmethod
    def event_type_labels() -> list[tuple[str, str]]:
        """Every event type and its Chinese label, for the type filter."""
        return [(info.name, info.label_zh) for info in event_types()]

    def browse_events(
        self,
        date_from: date,
        date_to: date,
        *,
        types: Sequence[str] | None = None,
        teller: str | None = None,
        limit: int = 500,
    ) -> list[EventSummary]:
        with _expected():
            return self._desk().browse(date_from, date_to, types=types, teller=teller, limit=limit)

    def audit_log(self) -> AuditLog:
        """The console window's own read-only connection over the whole log."""
        with _expected():
            return self._desk().audit_log()

    def customer_filter(self, number: str, reason: str) -> CustomerKey:
        with _expected():
            return self._desk().customer_filter(number, reason)

    def event_detail(self, seq: int) -> EventDetail | None:
        with _expected():
            return self._desk().event_detail(seq)

    def reprint_confirmation(self, reminder_seq: int, reason: str) -> Path:
        """Print the confirmation of a recorded reminder again (补打): the same content, audit
        sequence number and hash as the original, marked as a reprint; recorded first."""
        with _expected():
            src = self._desk().reprint_source(reminder_seq, reason)
        on = date.fromisoformat(src.business_date)
        case = parse_case(src.case, on=on)
        assessment = Assessment(
            level=src.level,
            hits=[
                Hit(
                    rule_id=h["rule_id"],
                    level=h["level"],
                    title=h["title"],
                    explanation=h["explanation"],
                    tags=list(h.get("tags", [])),
                    values=dict(h.get("values", {})),
                )
                for h in src.hits
            ],
            facts=src.facts,
            rule_pack=RulePackRef(**src.rule_pack),
        )
        reminder = src.reminder
        # The store keeps the script's hash; its lines come from the pack in use, printed
        # only if they still hash to what was read.
        lines = script_lines(self.assess(case, on=on).hits)
        if script_sha256(lines) != reminder["script"]["sha256"]:
            lines = [
                translate(
                    "session",
                    "提示话术以规则包 {version} 为准（SHA-256 {sha}），"
                    "现用规则包已变更，不再重印原文",
                ).format(version=reminder["script"]["version"], sha=reminder["script"]["sha256"])
            ]
        # The event the original carried: the authorization, when the case needed one.
        event = EventRef(src.printed_seq, src.printed_hash, datetime.fromisoformat(src.printed_at))
        outcome = ReminderOutcome(
            answers=[(a["question"], a["answer"]) for a in reminder["answers"]],
            decision=reminder["decision"],
            delay=reminder.get("delay"),
            note=reminder.get("notes") or "",
            seconds=int(reminder["duration_seconds"]),
            script=lines,
        )
        authorization = (
            Authorization(
                operator_text(src.supervisor_name, src.supervisor),
                src.supervisor_reason or "",
                event,
            )
            if src.supervisor_name and src.supervisor
            else None
        )
        data = confirmation_data(
            case,
            assessment,
            event,
            outcome,
            authorization,
            branch=self.branch_text,
            workstation=self.workstation_name,
            teller=src.teller,
        )
        data.reprint = translate(
            "session", "{at} 由 {who} 补打（补打记录为审计事件 #{seq}），审计序号与哈希同原件"
        ).format(
            at=src.receipt.at[:16].replace("T", " "), who=self.teller_name, seq=src.receipt.seq
        )
        name = f"confirmation-{src.reminder_seq:08d}-reprint-{src.receipt.seq:08d}.pdf"
        return write_confirmation_pdf(data, self.confirmation_dir() / name)

    def rule_titles(self) -> dict[str, str]:
        """Each rule's title in the pack in use, for charts that name rules."""
        return {compiled.rule.id: compiled.rule.title for compiled in self.pack.rules}

    def dossier(self, subject: str, reason: str) -> Dossier:
        with _expected():
            return self._desk().dossier(subject, reason)

    def export_dossier(self, dossier: Dossier, fmt: ExportFormat, out: Path) -> ExportOutcome:
        with _expected():
            return self._desk().export_dossier(dossier, fmt, out)

    def export_audit(
        self,
        date_from: date,
        date_to: date,
        fmt: ExportFormat,
        out: Path,
        *,
        types: Sequence[str] | None = None,
        teller: str | None = None,
    ) -> ExportOutcome:
        """A masked export with the signed-in supervisor's own session (an unmasked export
        needs a second approver and stays on the command line)."""
        with _expected():
            return self._desk().export(date_from, date_to, fmt, out, types=types, teller=teller)

    # -- the console's statistics, operators and seals -------------------------------------
    def stats_reader(self) -> StatsReader:
        """The console window's own read-only connection for its statistics worker."""
        with _expected():
            return StatsReader(self.workstation, self._desk().operator)

    def verification(self) -> Callable[[Callable[[int, int], None], Callable[[], bool]], Any]:
        """A verification of this store to run on a worker thread (read-only, records
        nothing): called with a progress callback and a cancel check, it returns the report
        for :meth:`record_verification`."""
        desk = self._desk()

        def run(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            with self.verifying:
                return verify_report(
                    self.workstation, desk.operator, progress=progress, cancelled=cancelled
                )

        return run

    def verification_running(self) -> bool:
        return self.verifying.locked()

    def record_verification(self, report: Any) -> VerifyOutcome:
        with _expected():
            return record_verification(self.workstation, self._desk().operator, report)

    def operators(self) -> list[UserInfo]:
        with _expected():
            return self._desk().operators()

    def needs_second_person(self, kind: ChangeKind) -> bool:
        """Whether this operator needs an authorized person's own credentials for ``kind``."""
        return needs_second_person(self._desk().operator, kind)

    def change_operator(
        self, change: OperatorChange, acting: tuple[str, str] | None = None
    ) -> ChangeResult:
        """One operator change, as the signed-in operator or with ``acting`` (user name and
        password of the person authorized for it, typed by them)."""
        with _expected():
            return change_operator(
                self.workstation,
                self._desk().operator,
                change,
                acting=Credentials(*acting) if acting else None,
            )

    @staticmethod
    def password_problems(
        password: str, username: str, display_name: str = ""
    ) -> list[PolicyProblem]:
        """What a new password must fix (the same policy the operator store applies)."""
        return password_problems(password, username=username, display_name=display_name)

    def recent_seals(self) -> list[SealStatus]:
        with _expected():
            return recent_seals(self.workstation, self._desk().operator)

    def seal_now(self) -> SealResult:
        """Seal everything recorded so far (a signed checkpoint beside the store)."""
        with _expected():
            return seal_day(self.workstation, self._desk().operator)

    def export_checkpoint(self, event_seq: int, out: Path) -> Path:
        with _expected():
            return export_checkpoint(self.workstation, self._desk().operator, event_seq, out)
