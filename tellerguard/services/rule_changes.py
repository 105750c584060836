"""What a rule pack change would do, before anyone approves it: a readable diff against the
active pack, and a replay of the store's last recorded cases under both packs.

The replay decrypts each recorded case inside the service, judges it with the active pack
and with the proposed one (same branch region, business date and an empty history, so only
the pack differs), and returns how many cases move level and which way, the moved cases
masked, and first of all the cases whose recorded outcome stopped the fraud (a dissuasion, a
refusal, a police referral) that the new pack would no longer stop at a reminder or above.
Nothing decrypted leaves the service; the replay itself is recorded (``personal_data_accessed``,
purpose ``case_replay``) with every case it read.

Not built yet: the maker–checker activation (a request event, a second person's approval,
keeping every active pack by its content hash); see the README.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tellerguard.auth.roles import Action
from tellerguard.auth.users import Session
from tellerguard.domain.case import CaseError, parse_case
from tellerguard.domain.events import PersonalDataAccessed
from tellerguard.domain.levels import LEVELS, Level
from tellerguard.domain.sealing import seal_text, unseal_case
from tellerguard.services.counter import build
from tellerguard.services.rules import Assessor, RulePack
from tellerguard.services.workstation import Workstation

__all__ = ["PackDiff", "ReplayCase", "ReplayReport", "diff_packs", "replay_cases"]

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
            f"replayed the last {self.cases} recorded cases: {self.old} vs {self.new}",
            f"moved up {self.up}, moved down {self.down}, unchanged "
            f"{self.cases - self.up - self.down}",
            f"cases that were stopped (dissuaded, refused, police): {len(self.stopped)}; "
            f"the new pack would let {len(self.let_through)} of them through "
            f"(below {STOPPING_LEVEL})",
        ]
        if self.unreadable:
            lines.append(f"{self.unreadable} recorded case(s) could not be read and were skipped")
        lines += [
            f"{'LET THROUGH ' if c.let_through else ''}case {c.case_ref} (#{c.seq}) "
            f"{c.customer}: {c.old} -> {c.new}"
            for c in self.moved
        ]
        return lines


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
    before, after = Assessor(old_pack, region), Assessor(new_pack, region)
    for event, record in latest:
        data = record["payload"]
        on = date.fromisoformat(str(data.get("business_date") or record["at"][:10]))
        try:
            case = parse_case(unseal_case(data, cipher), on=on)
        except (CaseError, KeyError):
            report.unreadable += 1
            continue
        old_level = before.assess(case, on=on).level
        new_level = after.assess(case, on=on).level
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
