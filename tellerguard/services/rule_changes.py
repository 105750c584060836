"""Rule pack changes with maker-checker: a readable diff against the active pack, a replay of
the store's last recorded cases under both packs, the request, and its approval by a second
person with their own password.

The replay decrypts each recorded case inside the service, judges it with the active pack
and with the proposed one (same branch region, business date, the store's risk lists and the
customer's real 30-day history as it stood just before that case was assessed, so only the
pack differs), and returns how many cases move level and which way, the moved cases masked,
and first of all the cases whose recorded outcome stopped the fraud (a dissuasion, a refusal,
a police referral) that the new pack would no longer stop at a reminder or above. Nothing
decrypted leaves the service; the replay itself is recorded (``personal_data_accessed``,
purpose ``case_replay``) with every case it read.

The state of a change lives in audit events only (``rule_pack_change_requested`` /
``_approved`` / ``_rejected`` / ``_withdrawn``, read by the audit package's typed queries);
the packs themselves are kept by content hash (:mod:`tellerguard.services.pack_archive`). The
rules: a rule administrator (``load_rule_pack``) makes the request; a different person who
may ``approve_rule_pack`` approves or rejects it with their own password; a second pending
request for the same pack is refused; an approval whose request was made against a pack that
is no longer in force is refused (its diff and replay are stale).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tellerguard.audit.rule_packs import PackRequest
from tellerguard.audit.store import Receipt, Transaction
from tellerguard.auth.errors import AuthError
from tellerguard.auth.roles import Action, allowed
from tellerguard.auth.users import Credentials, Session, normalize_username
from tellerguard.config import ParamValue, param_overrides
from tellerguard.domain.assessment import RulePackRef
from tellerguard.domain.case import CaseError, parse_case
from tellerguard.domain.events import (
    PackDiffSummary,
    PersonalDataAccessed,
    ReplaySummary,
    RulePackChangeApproved,
    RulePackChangeRejected,
    RulePackChangeRequested,
    RulePackChangeWithdrawn,
)
from tellerguard.domain.facts import History
from tellerguard.domain.format import count_of
from tellerguard.domain.levels import LEVELS, Level
from tellerguard.domain.sealed import MAX_TEXT
from tellerguard.domain.sealing import seal_text, unseal_case
from tellerguard.engine.pack import PackError, load_pack
from tellerguard.engine.safeyaml import YamlProblem
from tellerguard.errors import TellerGuardError
from tellerguard.services.counter import build, history_from, history_window
from tellerguard.services.pack_archive import (
    archive_pack,
    check_pack_size,
    load_archived,
    packs_dir,
)
from tellerguard.services.risklists import workstation_lists
from tellerguard.services.rules import (
    Assessor,
    InForce,
    RulePack,
    SelfTestReport,
    in_force,
    selftest_pack,
)
from tellerguard.services.workstation import Workstation

__all__ = [
    "Activated",
    "ChangeError",
    "ChangeRefused",
    "OwnPackReplay",
    "PackDiff",
    "PackRequest",
    "Proposal",
    "ReplayCase",
    "ReplayReport",
    "approve_change",
    "change_history",
    "diff_packs",
    "pending_changes",
    "propose_change",
    "reject_change",
    "replay_cases",
    "replay_under_own_pack",
    "request_change",
    "withdraw_change",
]

DEFAULT_LAST = 1000
STOPPING_LEVEL: Level = "second_reminder"
"""The lowest level at which the counter stops to remind the customer."""


@dataclass(frozen=True, slots=True)
class PackDiff:
    """Rules added, removed and changed (which of their fields), and parameters old → new."""

    old: str
    new: str
    added: list[tuple[str, str]]
    removed: list[tuple[str, str]]
    changed: list[tuple[str, str, list[str]]]
    params: list[tuple[str, Any, Any]]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.params)

    def lines(self) -> list[str]:
        lines = [f"pack {self.old} -> {self.new}"]
        lines += [f"+ rule {rule_id}: {title}" for rule_id, title in self.added]
        lines += [f"- rule {rule_id}: {title}" for rule_id, title in self.removed]
        lines += [
            f"~ rule {rule_id}: {title} ({', '.join(fields)} changed)"
            for rule_id, title, fields in self.changed
        ]
        lines += [f"~ param {name}: {old} -> {new}" for name, old, new in self.params]
        if self.empty:
            lines.append("no rule or parameter differs")
        return lines


def _name(pack: RulePack) -> str:
    return f"{pack.id} {pack.version} (sha256 {pack.sha256[:16]}…)"


def diff_packs(old: RulePack, new: RulePack) -> PackDiff:
    before = {c.rule.id: c.rule for c in old.rules}
    after = {c.rule.id: c.rule for c in new.rules}
    changed = []
    for rule_id in sorted(before.keys() & after.keys()):
        a, b = before[rule_id].model_dump(), after[rule_id].model_dump()
        fields = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        if fields:
            changed.append((rule_id, after[rule_id].title, fields))
    params = [
        (name, old.params.get(name), new.params.get(name))
        for name in sorted(old.params.keys() | new.params.keys())
        if old.params.get(name) != new.params.get(name)
    ]
    return PackDiff(
        old=_name(old),
        new=_name(new),
        added=[(i, after[i].title) for i in sorted(after.keys() - before.keys())],
        removed=[(i, before[i].title) for i in sorted(before.keys() - after.keys())],
        changed=changed,
        params=params,
    )


@dataclass(frozen=True, slots=True)
class ReplayCase:
    """One recorded case as both packs judge it (customer masked)."""

    case_ref: str
    seq: int
    customer: str
    recorded: str
    old: str
    new: str
    stopped: bool
    """The recorded outcome stopped it: dissuaded, refused or referred to the police."""

    @property
    def let_through(self) -> bool:
        """A stopped case the active pack stops at a reminder or above and the new one
        would not: the change, not the replay, lets it through."""
        stop = LEVELS.index(STOPPING_LEVEL)
        return self.stopped and LEVELS.index(self.old) >= stop > LEVELS.index(self.new)


@dataclass(slots=True)
class ReplayReport:
    old: str
    new: str
    cases: int = 0
    up: int = 0
    down: int = 0
    moved: list[ReplayCase] = field(default_factory=list)
    """Moved cases, those a stopping outcome would now let through first."""
    stopped: list[ReplayCase] = field(default_factory=list)
    """Every replayed case whose recorded outcome stopped it, as the new pack judges it."""
    unreadable: int = 0
    """Recorded cases that no longer parse under today's case contract (not judged)."""

    @property
    def let_through(self) -> list[ReplayCase]:
        return [case for case in self.stopped if case.let_through]

    def lines(self) -> list[str]:
        lines = [
            f"replayed the last {count_of(self.cases, 'recorded case')}: {self.old} vs {self.new}",
            f"moved up {self.up}, moved down {self.down}, unchanged "
            f"{self.cases - self.up - self.down}",
            f"cases that were stopped (dissuaded, refused, police): {len(self.stopped)}; "
            f"the new pack would let {len(self.let_through)} of them through "
            f"(below {STOPPING_LEVEL})",
        ]
        if self.unreadable:
            unread = count_of(self.unreadable, "recorded case")
            were = "was" if self.unreadable == 1 else "were"
            lines.append(f"{unread} could not be read and {were} skipped")
        lines += [
            f"{'LET THROUGH ' if c.let_through else ''}case {c.case_ref} (#{c.seq}) "
            f"{c.customer}: {c.old} -> {c.new}"
            for c in self.moved
        ]
        return lines


def recorded_history(
    workstation: Workstation, record: dict[str, Any], seq: int, on: date
) -> History:
    """The customer's 30-day history as the counter saw it when event ``seq`` was recorded:
    their events in the window before that event, leaving out the case itself."""
    data = record["payload"]
    window_start, today_start = history_window(workstation.store, on)
    if window_start is None:
        return History()
    return history_from(
        workstation.store.customer_events(
            str(data["subject"]["id_number"]["h"]), from_seq=window_start
        ),
        today_start=today_start,
        exclude_case_ref=str(data["case_ref"]),
        before_seq=seq,
    )


def replay_cases(
    workstation: Workstation,
    session: Session,
    old_pack: RulePack,
    new_pack: RulePack,
    *,
    last: int = DEFAULT_LAST,
    reason: str = "rule pack change replay",
) -> ReplayReport:
    """Judge the last ``last`` recorded cases (the latest assessment of each) by both packs."""
    session.require(Action.LOAD_RULE_PACK)
    if last < 1:
        raise ValueError("--last must be at least 1")
    store = workstation.store
    cipher = store.cipher
    latest = [(event, event.data()) for event in store.latest_assessments(last)]
    store.append(
        build(
            lambda: PersonalDataAccessed(
                purpose="case_replay",
                seqs=[event.seq for event, _ in latest][:1000],
                reason=seal_text(cipher, reason),
            ),
            "replay record",
        ),
        operator=session.username,
    )
    stopped_refs = store.stopped_cases([str(data["payload"]["case_ref"]) for _, data in latest])
    report = ReplayReport(old=_name(old_pack), new=_name(new_pack))
    region = workstation.settings.region
    judges: dict[date, tuple[Assessor, Assessor]] = {}
    for event, record in latest:
        data = record["payload"]
        on = date.fromisoformat(str(data.get("business_date") or record["at"][:10]))
        if on not in judges:  # the risk lists as they stood that day (entries not expired)
            judges[on] = (
                Assessor(old_pack, region, workstation_lists(workstation, old_pack, on)),
                Assessor(new_pack, region, workstation_lists(workstation, new_pack, on)),
            )
        before, after = judges[on]
        try:
            case = parse_case(unseal_case(data, cipher.for_record(record)), on=on)
        except (CaseError, KeyError):
            report.unreadable += 1
            continue
        history = recorded_history(workstation, record, event.seq, on)
        old_level = before.assess(case, on=on, history=history).level
        new_level = after.assess(case, on=on, history=history).level
        subject = data["subject"]
        case_ref = str(data["case_ref"])
        judged = ReplayCase(
            case_ref=case_ref,
            seq=event.seq,
            customer=f"{subject['name']['m']} {subject['id_number']['m']}",
            recorded=str(data["level"]),
            old=old_level,
            new=new_level,
            stopped=case_ref in stopped_refs,
        )
        report.cases += 1
        if judged.stopped:
            report.stopped.append(judged)
        if new_level != old_level:
            if LEVELS.index(new_level) > LEVELS.index(old_level):
                report.up += 1
            else:
                report.down += 1
            report.moved.append(judged)
    report.moved.sort(key=lambda c: (not c.let_through, not c.stopped, c.seq))
    return report


# -- maker-checker ---------------------------------------------------------------------------
class ChangeError(TellerGuardError):
    """A rule pack change command that cannot be used as given (exit status 2)."""

    default_zh = "规则包变更的输入有误"


class ChangeRefused(TellerGuardError):
    """A rule pack change the rules do not allow (a check that refused, exit status 1)."""

    exit_status = 1
    default_zh = "规则包变更未获通过"


def _refused(exc: TellerGuardError) -> ChangeRefused:
    return ChangeRefused(exc.message_en, exc.message_zh)


@dataclass(slots=True)
class Proposal:
    """A pack folder and branch parameters as checked for a request: every problem found,
    the pack's own examples, the diff against the pack in force and the replay."""

    folder: Path
    params: dict[str, ParamValue]
    active: InForce
    problems: list[str] = field(default_factory=list)
    pack: RulePack | None = None
    selftest: SelfTestReport | None = None
    diff: PackDiff | None = None
    replay: ReplayReport | None = None

    @property
    def ok(self) -> bool:
        """Loaded, every example passed, and something changes."""
        return (
            self.pack is not None
            and self.selftest is not None
            and self.selftest.ok
            and self.diff is not None
            and not self.unchanged
        )

    @property
    def unchanged(self) -> bool:
        return (
            self.pack is not None
            and self.pack.sha256 == self.active.pack.sha256
            and self.params == self.active.params
        )

    @property
    def version_unchanged(self) -> bool:
        """The rules differ from the pack in force but pack.yaml's version does not: the
        recorded assessments could not tell the two apart by version (the hash still does)."""
        return (
            self.pack is not None
            and self.pack.sha256 != self.active.pack.sha256
            and self.pack.version == self.active.pack.version
        )

    def lines(self) -> list[str]:
        if self.pack is None:
            return [*self.problems, f"{count_of(len(self.problems), 'problem')} in {self.folder}"]
        pack = self.pack
        lines = [f"{self.folder}: pack {pack.id} {pack.version}, sha256 {pack.sha256}"]
        if self.selftest is not None:
            lines.append(
                f"examples: {self.selftest.examples_run} run, {len(self.selftest.failures)} failed"
            )
            lines += [f"FAILED {failure}" for failure in self.selftest.failures]
        if self.diff is not None:
            lines += self.diff.lines()
        if self.replay is not None:
            lines += self.replay.lines()
        if self.unchanged:
            lines.append("this pack with these parameters is already in force")
        if self.version_unchanged:
            lines.append(
                f"warning: the pack's files differ from the pack in force but its version is "
                f"still {self.pack.version}: raise 'version' in pack.yaml"
            )
        return lines


def propose_change(
    workstation: Workstation,
    session: Session,
    folder: Path,
    params: Mapping[str, ParamValue] | None = None,
    *,
    last: int = DEFAULT_LAST,
) -> Proposal:
    """Check ``folder`` with the branch ``params`` (``None``: the ones in force) and, when it
    loads, run its examples, diff it against the pack in force and replay the last cases."""
    session.require(Action.LOAD_RULE_PACK)
    active = in_force(workstation.settings, workstation.store)
    chosen = dict(active.params if params is None else params)
    proposal = Proposal(folder=folder, params=chosen, active=active)
    try:
        check_pack_size(folder)
        pack = load_pack(folder, param_overrides(chosen))  # every problem, the branch's too
        shipped = load_pack(folder)  # the examples run on the pack as shipped
    except PackError as exc:
        proposal.problems = exc.lines()
        return proposal
    proposal.pack = pack
    proposal.selftest = selftest_pack(shipped)
    proposal.diff = diff_packs(active.pack, pack)
    if not proposal.unchanged:
        proposal.replay = replay_cases(workstation, session, active.pack, pack, last=last)
    return proposal


def _diff_summary(diff: PackDiff) -> PackDiffSummary:
    return PackDiffSummary(
        added=[rule_id for rule_id, _ in diff.added],
        removed=[rule_id for rule_id, _ in diff.removed],
        changed=[rule_id for rule_id, _, _ in diff.changed],
        params=[f"{name}: {old} -> {new}"[:MAX_TEXT] for name, old, new in diff.params][:500],
    )


def _replay_summary(report: ReplayReport | None, last: int) -> ReplaySummary:
    if report is None:
        return ReplaySummary(last=last, cases=0, up=0, down=0, stopped=0, let_through=[])
    return ReplaySummary(
        last=last,
        cases=report.cases,
        up=report.up,
        down=report.down,
        stopped=len(report.stopped),
        let_through=[case.case_ref for case in report.let_through][:1000],
        unreadable=report.unreadable,
    )


def request_change(
    workstation: Workstation,
    session: Session,
    proposal: Proposal,
    *,
    last: int = DEFAULT_LAST,
    reason: str = "",
) -> PackRequest:
    """Record the request for ``proposal`` (the maker's step): the pack is kept by its
    content hash first, with the pack in force beside it."""
    session.require(Action.LOAD_RULE_PACK)
    pack, diff = proposal.pack, proposal.diff
    if pack is None or diff is None:
        raise PackError([YamlProblem(str(proposal.folder), 0, line) for line in proposal.problems])
    if proposal.selftest is None or not proposal.selftest.ok:
        raise ChangeRefused(
            f"{proposal.folder}: the pack's own examples fail; fix them before asking for it",
            "规则包自带的示例未全部通过，不能提交启用申请",
        )
    if proposal.unchanged:
        raise ChangeRefused(
            f"{proposal.folder}: this pack with these parameters is already in force",
            "该规则包及参数已在使用中，无需申请",
        )
    passed = proposal.selftest.examples_run - len(proposal.selftest.failures)
    store = workstation.store
    packs = packs_dir(workstation.settings)
    with store.exclusive():
        active = in_force(workstation.settings, store)
        if (active.pack.sha256, active.params) != (
            proposal.active.pack.sha256,
            proposal.active.params,
        ):
            raise ChangeRefused(
                "the pack in force changed since this change was checked; check it again",
                "检查之后生效的规则包已变化，请重新检查并回放",
            )
        for pending in store.pack_requests(pending_only=True):
            if pending.payload.rule_pack.sha256 == pack.sha256:
                raise ChangeRefused(
                    f"request #{pending.seq} by {pending.operator} for this pack "
                    f"(sha256 {pack.sha256[:16]}…) is still pending: it must be approved "
                    f"(rules activate --request {pending.seq}), rejected (rules reject "
                    f"{pending.seq}) or withdrawn (rules withdraw {pending.seq}) first",
                    f"该规则包已有待审批的申请（#{pending.seq}，{pending.operator}），不能重复申请",
                )
        if archive_pack(packs, proposal.folder) != pack.sha256:
            raise ChangeRefused(f"{proposal.folder}: the pack changed while it was checked")
        if active.activation is None:
            archive_pack(packs, active.pack.path)  # the configured pack, kept for replays
        receipt = store.append(
            build(
                lambda: RulePackChangeRequested(
                    rule_pack=pack.ref,
                    params=proposal.params,
                    active=active.pack.ref,
                    active_params=active.params,
                    source=str(proposal.folder)[:MAX_TEXT],
                    examples_passed=passed,
                    examples_failed=0,
                    diff=_diff_summary(diff),
                    replay=_replay_summary(proposal.replay, last),
                    reason=reason[:200],
                ),
                "rule pack change request",
            ),
            operator=session.username,
        )
        found = store.pack_request(receipt.seq)
    assert found is not None
    return found


def _may_see_changes(session: Session) -> None:
    """Makers and checkers alike see the requests."""
    if not allowed(session.role, Action.LOAD_RULE_PACK):
        session.require(Action.APPROVE_RULE_PACK)


def pending_changes(workstation: Workstation, session: Session) -> list[PackRequest]:
    """The requests nobody has approved, rejected or withdrawn yet, newest first."""
    _may_see_changes(session)
    return workstation.store.pack_requests(pending_only=True)


def change_history(workstation: Workstation, session: Session) -> list[PackRequest]:
    """Every request and what became of it, newest first."""
    _may_see_changes(session)
    return workstation.store.pack_requests()


def _pending(workstation: Workstation, request_seq: int) -> PackRequest:
    request = workstation.store.pack_request(request_seq)
    if request is None:
        raise ChangeError(f"#{request_seq} is not a rule pack change request", "没有这项申请")
    if not request.pending:
        raise ChangeRefused(
            f"request #{request_seq} is already {request.state} (event #{request.closed_seq} "
            f"by {request.closed_by})",
            "该申请已处理，不能再次审批",
        )
    return request


def _by_checker(
    workstation: Workstation,
    request: PackRequest,
    checker: Credentials,
    record: Callable[[Transaction, Session], Receipt],
) -> Receipt:
    """Record ``record`` as the checker's own act: their password and right to approve rule
    packs checked, and the event written in one transaction with their sign-in."""
    try:
        _, receipt = workstation.users.second_person(
            checker,
            action=Action.APPROVE_RULE_PACK,
            other_than=request.operator,
            context="approval",
            then=record,
        )
    except AuthError as exc:
        raise _refused(exc) from None
    return receipt


def _not_own(request: PackRequest, checker: Credentials) -> None:
    if normalize_username(checker.username) == normalize_username(request.operator):
        raise ChangeRefused(
            f"{request.operator} made request #{request.seq} and cannot approve or reject it: "
            "another person who may approve rule pack changes must do it",
            "不能审批本人提交的规则包变更，请由另一位有审批权限的人员审批",
        )


@dataclass(frozen=True, slots=True)
class Activated:
    """An approved change: the pack now in force and the approval event."""

    pack: RulePack
    request: PackRequest
    receipt: Receipt

    def lines(self) -> list[str]:
        return [
            f"approved request #{self.request.seq} by {self.request.operator}: pack "
            f"{self.pack.id} {self.pack.version} (sha256 {self.pack.sha256}) is in force "
            f"from event #{self.receipt.seq}",
        ]


def approve_change(workstation: Workstation, request_seq: int, approver: Credentials) -> Activated:
    """The checker's step: ``approver``'s own password, their permission, and that they did
    not make the request, checked and recorded in one transaction with the approval. The
    kept pack is checked against its hash before it goes into force."""
    store = workstation.store
    with store.exclusive():
        request = _pending(workstation, request_seq)
        _not_own(request, approver)
        payload = request.payload
        pack = load_archived(
            packs_dir(workstation.settings),
            payload.rule_pack.sha256,
            param_overrides(dict(payload.params)),
        )
        active = in_force(workstation.settings, store)
        if (active.pack.sha256, active.params) != (payload.active.sha256, payload.active_params):
            raise ChangeRefused(
                f"request #{request_seq} was checked against pack {payload.active.version} "
                f"(sha256 {payload.active.sha256[:16]}…), which is no longer in force: "
                "reject it and check the change again",
                "该申请检查时的生效规则包已被替换，回放结果已过时，请驳回后重新申请",
            )

        def record(tx: Transaction, checker: Session) -> Receipt:
            return tx.append(
                RulePackChangeApproved(
                    request_seq=request.seq,
                    rule_pack=payload.rule_pack,
                    params=payload.params,
                    requested_by=request.operator,
                ),
                operator=checker.username,
            )

        receipt = _by_checker(workstation, request, approver, record)
    closed = store.pack_request(request_seq)
    assert closed is not None
    return Activated(pack, closed, receipt)


def reject_change(
    workstation: Workstation, request_seq: int, checker: Credentials, reason: str
) -> PackRequest:
    """A second person turns the request down, with their password and a reason."""
    if not reason.strip():
        raise ChangeError("a rejection needs its reason", "请填写驳回理由")
    store = workstation.store
    with store.exclusive():
        request = _pending(workstation, request_seq)
        _not_own(request, checker)

        def record(tx: Transaction, session: Session) -> Receipt:
            return tx.append(
                RulePackChangeRejected(
                    request_seq=request.seq,
                    rule_pack=request.payload.rule_pack,
                    reason=reason.strip()[:200],
                ),
                operator=session.username,
            )

        _by_checker(workstation, request, checker, record)
    closed = store.pack_request(request_seq)
    assert closed is not None
    return closed


def withdraw_change(workstation: Workstation, session: Session, request_seq: int) -> PackRequest:
    """The maker takes back their own pending request."""
    store = workstation.store
    with store.exclusive():
        request = _pending(workstation, request_seq)
        if normalize_username(session.username) != normalize_username(request.operator):
            raise ChangeRefused(
                f"only {request.operator}, who made request #{request_seq}, can withdraw it",
                "只能撤回本人提交的申请",
            )
        store.append(
            RulePackChangeWithdrawn(request_seq=request.seq, rule_pack=request.payload.rule_pack),
            operator=session.username,
        )
    closed = store.pack_request(request_seq)
    assert closed is not None
    return closed


# -- a recorded assessment under the pack that made it ---------------------------------------
@dataclass(frozen=True, slots=True)
class OwnPackReplay:
    """A recorded assessment judged again under its own pack (and the parameters then)."""

    case_ref: str
    seq: int
    pack: RulePackRef
    recorded_level: str
    recorded_rules: list[str]
    level: str
    rules: list[str]

    @property
    def same(self) -> bool:
        return (self.level, self.rules) == (self.recorded_level, self.recorded_rules)

    def lines(self) -> list[str]:
        verdict = "same result" if self.same else "DIFFERENT result"
        return [
            f"case {self.case_ref} (#{self.seq}) under pack {self.pack.id} {self.pack.version} "
            f"(sha256 {self.pack.sha256[:16]}…): recorded {self.recorded_level} "
            f"[{', '.join(self.recorded_rules)}], replayed {self.level} [{', '.join(self.rules)}]"
            f": {verdict}"
        ]


def replay_under_own_pack(
    workstation: Workstation, session: Session, case_ref: str, reason: str
) -> OwnPackReplay:
    """The latest assessment of ``case_ref`` judged again by the kept pack whose hash it
    recorded, with the branch parameters in force when it was recorded (decrypted inside)."""
    session.require(Action.LOAD_RULE_PACK)
    if not reason.strip():  # the case is decrypted inside: the access and its reason recorded
        raise ChangeError("a replay of a recorded case needs its reason", "请填写调取原因")
    reason = reason.strip()
    store = workstation.store
    shown = [e for e in store.events_for_case(case_ref) if e.event_type == "assessment_shown"]
    if not shown:
        raise ChangeError(f"case {case_ref}: no recorded assessment", "没有该业务的评估记录")
    event = shown[-1]
    record = event.data()
    data = record["payload"]
    ref = RulePackRef(**data["rule_pack"])
    activation = store.pack_in_force(before_seq=event.seq)
    if activation is not None and activation.payload.rule_pack.sha256 == ref.sha256:
        params = dict(activation.payload.params)
    else:  # before the first approval the configuration's parameters were in force
        params = dict(workstation.settings.params)
    pack = load_archived(packs_dir(workstation.settings), ref.sha256, param_overrides(params))
    cipher = store.cipher
    store.append(
        build(
            lambda: PersonalDataAccessed(
                purpose="case_replay", seqs=[event.seq], reason=seal_text(cipher, reason)
            ),
            "replay record",
        ),
        operator=session.username,
    )
    on = date.fromisoformat(str(data.get("business_date") or record["at"][:10]))
    case = parse_case(unseal_case(data, cipher.for_record(record)), on=on)
    region = str(data.get("branch_region") or workstation.settings.region)
    assessment = Assessor(pack, region, workstation_lists(workstation, pack, on)).assess(
        case, on=on, history=recorded_history(workstation, record, event.seq, on)
    )
    return OwnPackReplay(
        case_ref=case_ref,
        seq=event.seq,
        pack=ref,
        recorded_level=str(data["level"]),
        recorded_rules=[str(r) for r in data["rule_ids"]],
        level=assessment.level,
        rules=[hit.rule_id for hit in assessment.hits],
    )
