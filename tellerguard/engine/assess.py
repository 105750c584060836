"""Assess one case: validate, derive facts, evaluate the pack, explain. Pure: writes nothing."""

from __future__ import annotations

from datetime import date

from tellerguard.domain.assessment import Assessment
from tellerguard.domain.case import Case
from tellerguard.domain.facts import NO_HISTORY, History, compute_facts
from tellerguard.domain.levels import highest
from tellerguard.engine.lists import NO_LISTS, BoundLists
from tellerguard.engine.pack import RulePack


def assess(
    pack: RulePack,
    case: Case,
    *,
    branch_region: str,
    on: date,
    history: History = NO_HISTORY,
    lists: BoundLists = NO_LISTS,
) -> Assessment:
    """The assessment of a validated case on a business date at a branch, against the risk
    lists bound for the workstation (each named in the assessment with its version)."""
    facts = compute_facts(case, branch_region=branch_region, on=on)
    hits = pack.evaluate(case, facts, history, lists)
    return Assessment(
        level=highest([hit.level for hit in hits]),
        hits=hits,
        facts=facts.as_dict(),
        rule_pack=pack.ref,
        business_date=on.isoformat(),
        branch_region=branch_region,
        lists=lists.refs(pack.lists),
    )
