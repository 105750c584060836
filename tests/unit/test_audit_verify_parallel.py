"""The chain of a large store is checked by two processes (each row carries its previous
hash): the findings must be exactly those of one process, at the seam too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tellerguard.audit import verify as verify_module
from tellerguard.audit.verify import verify_store
from tellerguard.config import Settings
from tests.unit.audit_helpers import edit_record, raw
from tests.unit.test_audit_verify import settings, without_triggers

__all__ = ["settings"]  # the fixture


def both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The report lines of one process and of two."""
    monkeypatch.setattr(verify_module, "PARALLEL_FROM", 10**9)
    one = verify_store(path)
    monkeypatch.setattr(verify_module, "PARALLEL_FROM", 2)
    two = verify_store(path)
    return [p.line() for p in one.problems], [p.line() for p in two.problems]


def middle(path: Path) -> int:
    conn = raw(path)
    low, high = conn.execute("SELECT min(seq), max(seq) FROM events").fetchone()
    conn.close()
    return int((low + high) // 2 + 1)


def test_an_untouched_store_verifies_with_two_processes(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify_module, "PARALLEL_FROM", 2)
    report = verify_store(settings.database_path)
    assert report.ok, report.lines()
    monkeypatch.setattr(verify_module, "PARALLEL_FROM", 10**9)
    alone = verify_store(settings.database_path)
    assert (report.events, report.head_seq, report.head_hash) == (
        alone.events,
        alone.head_seq,
        alone.head_hash,
    )


@pytest.mark.parametrize("where", ["before_seam", "at_seam", "after_seam"])
def test_a_deleted_or_altered_row_is_found_the_same_at_the_seam(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = settings.database_path
    seam = middle(path)
    seq = {"before_seam": seam - 1, "at_seam": seam, "after_seam": seam + 1}[where]
    without_triggers(path, f"DELETE FROM events WHERE seq = {seq}")
    one, two = both(path, monkeypatch)
    assert one == two and one and f"seq {seq}: events {seq} are missing" in one[0]


def test_an_altered_record_after_the_seam_is_found_at_its_row(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = settings.database_path
    seq = middle(path) + 2
    conn = raw(path)
    (stored,) = conn.execute("SELECT record FROM events WHERE seq = ?", (seq,)).fetchone()
    conn.close()
    forged = edit_record(bytes(stored), b'"operator":"', b'"operator":"x')
    without_triggers(path, "UPDATE events SET record = ? WHERE seq = ?", (forged, seq))
    one, two = both(path, monkeypatch)
    assert one == two and one[0].startswith(f"seq {seq}: the stored record does not match")


def deep_both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The deep report lines of one process and of three (two halves, integrity check)."""
    monkeypatch.setattr(verify_module, "PARALLEL_FROM", 10**9)
    one = verify_store(path, deep=True)
    monkeypatch.setattr(verify_module, "PARALLEL_FROM", 2)
    two = verify_store(path, deep=True)
    return [p.line() for p in one.problems], [p.line() for p in two.problems]


def test_an_untouched_store_passes_the_deep_check_in_three_processes(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = deep_both(settings.database_path, monkeypatch)
    assert one == two == []


def test_edited_columns_and_tag_rows_are_found_the_same_on_both_sides_of_the_seam(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = settings.database_path
    seam = middle(path)
    conn = raw(path)
    (head,) = conn.execute("SELECT max(seq) FROM events").fetchone()
    conn.close()
    extra_tag = "INSERT INTO event_tags (tag, at, seq) VALUES ('no_such_tag', '2026-11-25', {})"
    without_triggers(
        path,
        [
            f"UPDATE events SET operator = 'teller02' WHERE seq = {seam - 1}",
            f"UPDATE events SET operator = 'teller02' WHERE seq = {seam + 1}",
            extra_tag.format(seam - 2),  # tag rows the records do not imply, both sides
            extra_tag.format(seam + 2),
            extra_tag.format(head + 5),  # and one of no event at all, above the head
        ],
    )
    one, two = deep_both(path, monkeypatch)
    assert one == two
    for seq in (seam - 2, seam - 1, seam + 1, seam + 2, head + 5):
        assert any(line.startswith(f"seq {seq}: ") for line in two), (seq, two)


def test_a_store_damaged_throughout_is_counted_in_full_and_listed_in_part(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every derived column edited: each share keeps only the first findings (memory, and
    the pipe from the second process), yet the report counts every one, in one process as in
    three."""
    path = settings.database_path
    conn = raw(path)
    (events,) = conn.execute("SELECT count(*) FROM events WHERE operator != 'teller02'").fetchone()
    conn.close()
    without_triggers(path, "UPDATE events SET operator = 'teller02' WHERE operator != 'teller02'")
    monkeypatch.setattr(verify_module, "MAX_FINDINGS", 3)
    counts = []
    for parallel_from in (10**9, 2):
        monkeypatch.setattr(verify_module, "PARALLEL_FROM", parallel_from)
        report = verify_store(path, deep=True)
        assert len(report.problems) == 3
        counts.append(report.problem_count)
    assert counts[0] == counts[1] >= events > 6
