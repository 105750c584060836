"""Assess one case: validate, derive facts, evaluate the pack, explain. Pure: writes nothing."""

from __future__ import annotations

from datetime import date

from tellerguard.domain.assessment import Assessment, engine_made
from tellerguard.domain.case import Case
from tellerguard.domain.facts import NO_HISTORY, History, facts_and_json
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
    facts, facts_json = facts_and_json(case, branch_region=branch_region, on=on)
    hits = pack.evaluate(case, facts, history, lists)
    # Not validated again (engine_made): the hits are the engine's, the pack's reference and
    # the lists' references were validated when made, the facts are derived. The hits come
    # strictest first, so the first one's level is the assessment's.
    return engine_made(
        Assessment,
        {
            "level": hits[0].level if hits else "pass",
            "hits": hits,
            "facts": dict(facts_json),
            "rule_pack": pack.ref,
            "business_date": on.isoformat(),
            "branch_region": branch_region,
            "lists": lists.refs(pack.lists),
        },
    )
