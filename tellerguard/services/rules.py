"""Rule packs as the app and the command line use them: which pack a workstation runs,
checking and testing a pack, and assessing a case with it.

The one place that decides where a workstation's pack comes from (``--rules``, else the
configuration's ``rules``, else the default pack shipped with TellerGuard) and which of its
parameters the configuration overrides. Assessing writes nothing; recording what was shown
is :class:`~tellerguard.services.counter.Counter`'s.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tellerguard.audit.errors import AuditError
from tellerguard.audit.rule_packs import PackActivation, RulePackQueries
from tellerguard.audit.store import AuditReader
from tellerguard.config import ParamValue, Settings, param_overrides
from tellerguard.domain.assessment import Assessment
from tellerguard.domain.case import Case
from tellerguard.domain.facts import NO_HISTORY, History
from tellerguard.domain.format import count_of
from tellerguard.domain.levels import LEVEL_LABELS
from tellerguard.domain.phone import warm_up as warm_up_phones
from tellerguard.domain.regions import region_table
from tellerguard.engine.assess import assess
from tellerguard.engine.lists import NO_LISTS, BoundLists
from tellerguard.engine.normalise import warm_up as warm_up_notes
from tellerguard.engine.pack import PackError, RulePack, load_pack
from tellerguard.engine.selftest import SelfTestReport, example_readings, run_selftest
from tellerguard.resources import default_rules_dir
from tellerguard.services.pack_archive import load_archived, packs_dir

log = logging.getLogger("tellerguard.services")

__all__ = [
    "Assessor",
    "InForce",
    "PackCheck",
    "PackError",
    "RulePack",
    "SelfTestReport",
    "check_pack",
    "in_force",
    "load_rules",
    "reasons_page",
    "rules_folder",
    "selftest_pack",
]


def rules_folder(settings: Settings | None, folder: Path | None = None) -> Path:
    """The pack a workstation runs: ``folder``, else the configured one, else the default."""
    return folder or (settings.rules_path if settings else None) or default_rules_dir()


def warm_up_counter() -> None:
    """Build what the counter's first case would otherwise wait for: the note matcher's
    pinyin tables (about 0.5 s), the phone number tables (0.3 s) and the ID number region
    table (50 ms). Meant for a background thread while the login window waits; each is
    built once (behind ``functools.cache``) and read-only after. Without it the first
    complete case after a start waited 553 ms for the risk panel, with it 8 ms
    (``bench/bench_gui.py``, "first complete case")."""
    warm_up_notes()
    warm_up_phones()
    region_table()


def load_rules(settings: Settings | None, folder: Path | None = None) -> RulePack:
    """Load the workstation's pack: ``folder`` if given (with the configuration's parameter
    overrides), else the one in force (:func:`in_force`); :class:`PackError` lists every
    problem with its ``file:line``."""
    if folder is None and settings is not None:
        return in_force(settings).pack
    overrides = settings.param_overrides() if settings else {}
    return load_pack(rules_folder(settings, folder), overrides)


@dataclass(frozen=True, slots=True)
class InForce:
    """The pack the counter uses and the branch parameters it runs with."""

    pack: RulePack
    params: dict[str, ParamValue]
    activation: PackActivation | None
    """The approval that put them in force; ``None`` when no change was ever approved on
    this workstation (then the configuration's ``rules`` and ``[params]`` are in force)."""


def in_force(settings: Settings, store: RulePackQueries | None = None) -> InForce:
    """The pack in force: the latest approved rule pack change recorded in the store (its
    pack kept by content hash under ``packs/``, checked against the hash, with the approved
    branch parameters), else the configured pack with the configuration's parameters.
    The approval outranks the configuration: once the maker-checker has activated a pack,
    changing the configuration file does not change the rules."""
    activation: PackActivation | None = None
    if store is not None:
        activation = store.pack_in_force()
    elif settings.database_path.is_file():
        try:
            with AuditReader(settings.database_path) as reader:
                activation = reader.pack_in_force()
        except AuditError as exc:
            # An unreadable store: opening it for writing reports it properly (history
            # missing, tampered); until then the configured pack is the only one known.
            log.warning("cannot read the approved rule pack from the store: %s", exc)
    if activation is not None:
        params = dict(activation.payload.params)
        pack = load_archived(
            packs_dir(settings), activation.payload.rule_pack.sha256, param_overrides(params)
        )
        return InForce(pack, params, activation)
    pack = load_pack(rules_folder(settings), settings.param_overrides())
    return InForce(pack, dict(settings.params), None)


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
            return [*self.problems, f"{count_of(len(self.problems), 'problem')} in {self.folder}"]
        pack = self.pack
        active = sum(1 for r in pack.rules if r.rule.status != "deprecated")
        return [
            f"{self.folder}: pack {pack.id} {pack.version}: {count_of(len(pack.rules), 'rule')} "
            f"({active} active), {count_of(len(pack.params), 'parameter')}, sha256 {pack.sha256}"
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


def reasons_page(pack: RulePack, command: str) -> str:
    """Markdown showing every active rule's title, level and the sentence the teller reads on
    the rule's first matching example: a reviewer sees the whole pack's wording at once."""
    lines = [
        f"# 规则包 {pack.id} {pack.version}：每条规则的提示语",
        "",
        f"Generated by `{command}` from the pack's own examples; do not edit by hand "
        "(a test fails when this page is older than the pack).",
        "",
        "| 规则 | 级别 | 标题 | 示例 | 柜员读出的理由 |",
        "|---|---|---|---|---|",
    ]
    for reading in example_readings(pack):
        cells = [
            f"`{reading.rule_id}`",
            LEVEL_LABELS[reading.level],
            reading.title,
            reading.example or "",
            reading.sentence or "（没有命中的示例）",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


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
