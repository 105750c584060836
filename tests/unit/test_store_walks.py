"""Reads that walk the chain back from the head stop as soon as they have their answer, and
give exactly what the whole-store queries they replaced gave."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tellerguard.audit import queries as queries_module
from tellerguard.audit import store as store_module
from tellerguard.services.counter import Counter
from tellerguard.services.workstation import Workstation
from tests.unit.audit_helpers import assessment, case, login, open_ws, set_up

GROUPED = (
    "SELECT max(seq) FROM events WHERE type = 'assessment_shown' "
    "GROUP BY case_ref ORDER BY max(seq) DESC LIMIT ?"
)
"""What ``latest_assessments`` read before: every assessment in the store grouped by case."""


@pytest.fixture
def workstation(tmp_path: Path) -> Iterator[Workstation]:
    with open_ws(set_up(tmp_path)) as ws:
        yield ws


def test_latest_assessments_are_each_cases_newest_newest_case_first(
    workstation: Workstation, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of three rows and three values an IN list, so that every walk and every fetch of
    # the events found crosses several chunk boundaries.
    monkeypatch.setattr(store_module, "_WALK_CHUNK", 3)
    monkeypatch.setattr(queries_module, "IN_CHUNK", 3)
    counter = Counter(workstation, login(workstation, "teller01"))
    store = workstation.store
    refs: list[str] = []

    @settings(max_examples=30, deadline=None, derandomize=True, database=None)
    @given(
        visits=st.lists(st.tuples(st.integers(0, 6), st.booleans()), min_size=1, max_size=8),
        limit=st.integers(1, 12),
    )
    def same_as_grouping_every_case(visits: list[tuple[int, bool]], limit: int) -> None:
        for again, lock in visits:
            # A corrected form assessed again keeps its case; otherwise a new customer.
            ref = refs[-1 - again] if again < len(refs) else None
            refs.append(counter.record_assessment(case(), assessment(), case_ref=ref).case_ref)
            if lock:
                counter.screen_locked()  # other events between the cases
        expected = [row[0] for row in store.conn.execute(GROUPED, (limit,))]
        latest = store.latest_assessments(limit)
        assert [event.seq for event in latest] == expected
        assert all(event.data()["type"] == "assessment_shown" for event in latest)
        assert len({event.data()["payload"]["case_ref"] for event in latest}) == len(latest)

    same_as_grouping_every_case()


def test_latest_assessments_of_a_store_without_any_are_none(workstation: Workstation) -> None:
    assert workstation.store.latest_assessments(5) == []
