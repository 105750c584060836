"""The statistics' breakdown by typology: a case counts for every tag of every one of its
assessments, wherever in the store that assessment is, and the range's events are counted
under those tags. Checked against the records themselves, read in Python, for every range
of days over hypothesis-made stores whose cases span several days."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tellerguard.audit.queries import EventFilter
from tellerguard.domain.assessment import Hit
from tellerguard.domain.clock import SHANGHAI, ManualClock
from tellerguard.services.counter import Counter
from tellerguard.services.workstation import Workstation
from tests.unit.audit_helpers import assessment, case, login, open_ws, set_up

FIRST_DAY = date(2026, 11, 23)
DAYS = 4
TAGS = ("elderly", "impersonate_acquaintance", "safe_account", "investment_fraud")


def _hits(tags: tuple[str, ...]) -> list[Hit]:
    return [
        Hit(
            rule_id=f"RULE-{n}",
            level="second_reminder",
            title=f"规则{n}",
            explanation="说明",
            tags=[tag],
            values={},
        )
        for n, tag in enumerate(tags)
    ]


@pytest.fixture
def workstation(tmp_path: Path) -> Iterator[Workstation]:
    with open_ws(set_up(tmp_path)) as ws:
        yield ws


COUNTED = {
    "assessment_shown": 0,
    "reminder_completed": 1,
    "supervisor_authorized": 2,
    "business_refused": 3,
}


def expected(ws: Workstation, first: date, last: date) -> dict[str, tuple[int, ...]]:
    """Per tag: assessments, reminders, authorizations, refusals, dissuasions in the range,
    from the decoded records (every event of the store, not SQL)."""
    events = [ws.store.event(seq) for seq in range(1, ws.store.head.seq + 1)]
    data = [event.data() for event in events if event is not None]
    case_tags: dict[str, set[str]] = defaultdict(set)
    for record in data:
        if record["type"] == "assessment_shown":
            for hit in record["payload"]["hits"]:
                case_tags[record["payload"]["case_ref"]].update(hit["tags"])
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * 5)
    for record in data:
        day = datetime.fromisoformat(record["at"]).date()
        if record["type"] not in COUNTED or not first <= day <= last:
            continue
        for tag in case_tags[record["payload"]["case_ref"]]:
            counts[tag][COUNTED[record["type"]]] += 1
            if record["payload"].get("decision") == "dissuaded":
                counts[tag][4] += 1
    return {tag: tuple(row) for tag, row in counts.items()}


def test_each_range_counts_a_cases_events_under_all_its_assessments_tags(
    workstation: Workstation, clock: ManualClock
) -> None:
    counter = Counter(workstation, login(workstation, "teller01"))
    refs: list[str] = []
    weeks: list[date] = []  # each example's first day: a week after the one before
    tagged = spanning = 0

    @settings(max_examples=12, deadline=None, derandomize=True, database=None)
    @given(
        st.lists(
            st.tuples(
                st.integers(0, DAYS - 1),  # the day
                st.sampled_from(("new", "again", "reminder", "refuse")),
                st.integers(0, 5),  # which earlier case
                st.sets(st.sampled_from(TAGS), max_size=2).map(lambda s: tuple(sorted(s))),
            ),
            min_size=1,
            max_size=8,
        )
    )
    def same_as_the_records(steps: list[tuple[int, str, int, tuple[str, ...]]]) -> None:
        nonlocal tagged, spanning
        week = FIRST_DAY + timedelta(days=7 * len(weeks))
        weeks.append(week)
        for day, action, earlier, tags in sorted(steps, key=lambda s: s[0]):
            # Earlier cases include those of earlier weeks: their assessments lie outside
            # every range of this week's days.
            clock.set(datetime.combine(week + timedelta(days=day), time(10), SHANGHAI))
            clock.advance(timedelta(seconds=len(refs)))
            ref = refs[-1 - earlier % len(refs)] if refs else None
            if action == "new" or ref is None:
                ref = counter.record_assessment(case(), assessment(hits=_hits(tags))).case_ref
                refs.append(ref)
            elif action == "again":  # the form corrected: the same case assessed again
                counter.record_assessment(case(), assessment(hits=_hits(tags)), case_ref=ref)
            elif action == "reminder":  # e.g. the customer came back the next day
                counter.record_reminder(
                    ref,
                    script_version="v1",
                    script=["问"],
                    answers=[("问", "答")],
                    duration_seconds=60,
                    decision="dissuaded" if len(tags) % 2 else "proceeded",
                )
            else:
                counter.refuse(ref, "拒绝", referred_to_police=False)
            if action != "new" and ref is not None and ref not in refs[-len(steps) :]:
                spanning += 1
        reader = workstation.store.reader()
        try:
            for first in range(DAYS):
                for last in range(first, DAYS):
                    start = week + timedelta(days=first)
                    end = week + timedelta(days=last)
                    rows = reader.breakdown(EventFilter(start, end), "typology")
                    got = {
                        row.key: (
                            row.assessments,
                            row.reminders,
                            row.authorizations,
                            row.refusals,
                            row.dissuaded,
                        )
                        for row in rows
                    }
                    assert got == expected(workstation, start, end), (start, end)
                    tagged += sum(row.assessments + row.reminders for row in rows)
        finally:
            reader.close()

    same_as_the_records()
    assert tagged > 50 and spanning > 3  # the ranges counted tags, across weeks too
    # A range that holds every event of the store (the console's default) is counted
    # without looking for assessments outside it: the same figures.
    start, end = FIRST_DAY - timedelta(days=7), weeks[-1] + timedelta(days=7)
    with workstation.store.reader() as reader:
        rows = reader.breakdown(EventFilter(start, end), "typology")
    got = {
        row.key: (row.assessments, row.reminders, row.authorizations, row.refusals, row.dissuaded)
        for row in rows
    }
    assert got == expected(workstation, start, end)
