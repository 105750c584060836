"""Phrase matching over the teller's free-text notes, so what a customer says is not lost."""

from __future__ import annotations

from collections.abc import Sequence


def _occurrences_counted(text: str, phrase: str, negations: Sequence[str]) -> bool:
    start = text.find(phrase)
    while start != -1:
        before = text[:start].rstrip()
        if not any(before.endswith(negation) for negation in negations):
            return True
        start = text.find(phrase, start + 1)
    return False


def any_phrase(text: str | None, phrases: Sequence[str], negations: Sequence[str] = ()) -> bool:
    """Whether ``text`` contains a phrase not directly preceded by one of ``negations``."""
    if not text:
        return False
    return any(
        phrase in text and _occurrences_counted(text, phrase, negations) for phrase in phrases
    )


def find_phrases(
    text: str | None, phrases: Sequence[str], negations: Sequence[str] = ()
) -> tuple[str, ...]:
    """The phrases that :func:`any_phrase` would count, in the pack's order."""
    if not text:
        return ()
    return tuple(p for p in phrases if p in text and _occurrences_counted(text, p, negations))
