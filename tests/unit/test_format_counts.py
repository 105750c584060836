"""English counts in the command line's lines: singular for one, the regular plural else."""

from __future__ import annotations

import pytest

from tellerguard.domain.format import count_of


@pytest.mark.parametrize(
    ("count", "noun", "one_or_two"),
    [
        (1, "entry", "1 entry"),
        (2, "entry", "2 entries"),
        (0, "event", "0 events"),
        (1, "event", "1 event"),
        (2, "event", "2 events"),
        (1, "problem", "1 problem"),
        (2, "problem", "2 problems"),
        (2, "batch", "2 batches"),
        (2, "search", "2 searches"),
        (2, "business day", "2 business days"),
        (1, "expired entry", "1 expired entry"),
        (2, "expired entry", "2 expired entries"),
        (2, "pack check", "2 pack checks"),
    ],
)
def test_a_count_is_singular_for_one_and_plural_otherwise(
    count: int, noun: str, one_or_two: str
) -> None:
    assert count_of(count, noun) == one_or_two


def test_an_irregular_plural_is_named() -> None:
    assert count_of(1, "matrix", "matrices") == "1 matrix"
    assert count_of(2, "matrix", "matrices") == "2 matrices"
