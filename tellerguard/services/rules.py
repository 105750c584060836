"""Rule packs as the app and the command line use them: which pack a workstation runs,
checking and testing a pack, and assessing a case with it.

The one place that decides where a workstation's pack comes from (``--rules``, else the
configuration's ``rules``, else the default pack shipped with TellerGuard) and which of its
parameters the configuration overrides. Assessing writes nothing; recording what was shown
is :class:`~tellerguard.services.counter.Counter`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tellerguard.config import Settings
from tellerguard.domain.assessment import Assessment
from tellerguard.domain.case import Case
from tellerguard.domain.facts import NO_HISTORY, History
from tellerguard.engine.assess import assess
from tellerguard.engine.lists import NO_LISTS, BoundLists
from tellerguard.engine.pack import PackError, RulePack, load_pack
from tellerguard.engine.selftest import SelfTestReport, run_selftest
from tellerguard.resources import default_rules_dir

__all__ = [
    "Assessor",
    "PackCheck",
    "PackError",
    "RulePack",
    "SelfTestReport",
    "check_pack",
    "load_rules",
    "rules_folder",
    "selftest_pack",
]


def rules_folder(settings: Settings | None, folder: Path | None = None) -> Path:
    """The pack a workstation runs: ``folder``, else the configured one, else the default."""
    return folder or (settings.rules_path if settings else None) or default_rules_dir()


def load_rules(settings: Settings | None, folder: Path | None = None) -> RulePack:
    """Load the workstation's pack with the configuration's parameter overrides;
    :class:`PackError` lists every problem with its ``file:line``."""
    overrides = settings.param_overrides() if settings else {}
    return load_pack(rules_folder(settings, folder), overrides)


@dataclass(frozen=True, slots=True)
class PackCheck:
    """A pack as checked: loaded, or every problem found in it."""

    folder: Path
    pack: RulePack | None
    problems: list[str]

    @property
    def ok(self) -> bool:
        return self.pack is not None

    def lines(self) -> list[str]:
        if self.pack is None:
            return [*self.problems, f"{len(self.problems)} problem(s) in {self.folder}"]
        pack = self.pack
        active = sum(1 for r in pack.rules if r.rule.status != "deprecated")
        return [
            f"{self.folder}: pack {pack.id} {pack.version}: {len(pack.rules)} rules "
            f"({active} active), {len(pack.params)} parameters, sha256 {pack.sha256}"
        ]


def check_pack(folder: Path) -> PackCheck:
    """Load a pack as shipped (no overrides) and report every problem in it."""
    try:
        return PackCheck(folder, load_pack(folder), [])
    except PackError as exc:
        return PackCheck(folder, None, [str(p) for p in exc.problems])


def selftest_pack(pack: RulePack) -> SelfTestReport:
    """Run every active rule's examples and the pack's own checks."""
    return run_selftest(pack)


@dataclass(frozen=True, slots=True)
class Assessor:
    """A pack at a branch with the workstation's risk lists: judges cases (writes nothing)."""

    pack: RulePack
    branch_region: str
    lists: BoundLists = NO_LISTS
    """:func:`tellerguard.services.risklists.workstation_lists` binds the store's lists."""

    def assess(self, case: Case, *, on: date, history: History = NO_HISTORY) -> Assessment:
        """The assessment of a validated case on business date ``on``, given the customer's
        recent history at this branch."""
        return assess(
            self.pack,
            case,
            branch_region=self.branch_region,
            on=on,
            history=history,
            lists=self.lists,
        )
