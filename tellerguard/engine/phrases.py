"""Phrase matching over the teller's free-text notes, so what a customer says is not lost.

Notes and phrases are both normalised first (:mod:`tellerguard.engine.normalise`): 帐/账,
traditional characters, spaces inside a phrase, full-width letters and digits and letter case
do not change a match. A phrase of three or more Chinese characters also matches a homophone
typo and its unconverted pinyin. A phrase may name alternatives in parentheses:
``(部队|军队|武警|消防)采购`` stands for the four phrases. A match directly preceded by one
of the negations ("未提及安全账户") does not count.

The functions return, and explanations show, the pack's own phrase (``安全账户``), whatever
form the note had.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from tellerguard.engine.normalise import SOUND_MIN_HAN, han_count, normalise, pinyin_forms
from tellerguard.engine.normalise import sound_fold as _sound_fold

MAX_EXPANSIONS = 64
_GROUP = re.compile(r"\(([^()]*)\)")


def expand(phrase: str) -> tuple[str, ...]:
    """The phrases a pack phrase stands for: ``(a|b)c`` → ``ac``, ``bc``.

    Raises ValueError for unbalanced parentheses, an empty alternative or too many phrases.
    """
    parts: list[tuple[str, ...]] = []
    position = 0
    for match in _GROUP.finditer(phrase):
        parts.append((phrase[position : match.start()],))
        options = tuple(o.strip() for o in match.group(1).split("|"))
        if any(not o for o in options):
            raise ValueError(f"empty alternative in '{phrase}'")
        parts.append(options)
        position = match.end()
    parts.append((phrase[position:],))
    if any("(" in p or ")" in p for options in parts for p in options):
        raise ValueError(f"unbalanced or nested parentheses in '{phrase}'")
    count = 1
    for options in parts:
        count *= len(options)
    if count > MAX_EXPANSIONS:
        raise ValueError(f"'{phrase}' stands for {count} phrases; the limit is {MAX_EXPANSIONS}")
    return tuple(dict.fromkeys("".join(combo) for combo in product(*parts)))


Forms = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Prepared:
    literal: dict[str, Forms]
    """First character → (normalised form, the pack's phrase): exact forms and pinyin."""
    by_sound: dict[str, Forms]
    """First character → (sound-folded form, the pack's phrase), SOUND_MIN_HAN+ characters."""
    order: dict[str, int]
    """The pack's phrases in the pack's order."""


def _index(pairs: list[tuple[str, str]]) -> dict[str, Forms]:
    index: dict[str, list[tuple[str, str]]] = {}
    for form, phrase in dict.fromkeys(pairs):
        index.setdefault(form[0], []).append((form, phrase))
    return {first: tuple(forms) for first, forms in index.items()}


def _expanded(phrases: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(the pack's phrase, its normalised form) of each alternative a phrase stands for, in
    the pack's order; phrases empty once normalised are left out."""
    for written in phrases:
        for phrase in expand(written):
            form = normalise(phrase)
            if form:
                yield phrase, form


@lru_cache(maxsize=512)
def _prepare(phrases: tuple[str, ...]) -> _Prepared:
    literal: list[tuple[str, str]] = []
    by_sound: list[tuple[str, str]] = []
    order: dict[str, int] = {}
    for phrase, form in _expanded(phrases):
        order.setdefault(phrase, len(order))
        literal.append((form, phrase))
        if han_count(form) >= SOUND_MIN_HAN:
            by_sound.append((_sound_fold(form), phrase))
            literal.extend((spelling, phrase) for spelling in pinyin_forms(form))
    return _Prepared(_index(literal), _index(by_sound), order)


@lru_cache(maxsize=512)
def _prepare_negations(negations: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n for n in (normalise(x) for x in negations) if n)


@lru_cache(maxsize=4096)
def _folded(normalised: str) -> str:
    return _sound_fold(normalised)


def _counted(haystack: str, form: str, reference: str, negations: tuple[str, ...]) -> bool:
    """Whether ``form`` occurs in ``haystack`` once without a negation just before it.

    ``reference`` is the normalised text (same positions as ``haystack``) where negations are
    looked for, so a sound-folded match is not negated by a word that only sounds the same.
    """
    start = haystack.find(form)
    while start != -1:
        before = reference[:start]
        if not any(before.endswith(n) for n in negations):
            return True
        start = haystack.find(form, start + 1)
    return False


@lru_cache(maxsize=4096)
def _characters(text: str) -> frozenset[str]:
    return frozenset(text)


def _search(
    index: dict[str, Forms],
    haystack: str,
    reference: str,
    negations: tuple[str, ...],
    found: dict[str, None],
) -> None:
    """Add to ``found`` the phrases of ``index`` that occur, not negated, in ``haystack``.

    Only the forms whose first character occurs in the text are tried.
    """
    for first in _characters(haystack) & index.keys():
        for form, phrase in index[first]:
            if (
                phrase not in found
                and form in haystack
                and _counted(haystack, form, reference, negations)
            ):
                found[phrase] = None


@lru_cache(maxsize=8192)
def _matches(text: str, phrases: tuple[str, ...], negations: tuple[str, ...]) -> tuple[str, ...]:
    return _match_prepared(text, _prepare(phrases), _prepare_negations(negations))


def _match_prepared(text: str, prepared: _Prepared, negs: tuple[str, ...]) -> tuple[str, ...]:
    normal = normalise(text)
    found: dict[str, None] = {}
    _search(prepared.literal, normal, normal, negs, found)
    if prepared.by_sound:
        _search(prepared.by_sound, _folded(normal), normal, negs, found)
    return tuple(sorted(found, key=prepared.order.__getitem__))


def any_phrase(text: str | None, phrases: Sequence[str], negations: Sequence[str] = ()) -> bool:
    """Whether ``text`` contains one of ``phrases`` (normalised) not directly negated."""
    if not text:
        return False
    return bool(_matches(text, tuple(phrases), tuple(negations)))


def pack_phrases(phrases: Sequence[str]) -> frozenset[str]:
    """The phrases :func:`find_phrases` can answer for ``phrases`` (alternatives expanded):
    what ``_prepare`` orders, without reading the pinyin tables at pack load."""
    return frozenset(phrase for phrase, _ in _expanded(phrases))


class PhraseMatcher:
    """Phrases and negations a text is matched against once, for every rule that asks.

    ``found(text)`` holds every phrase :func:`any_phrase` would count for ``text``; a rule's
    ``any_phrase(text, its phrases, negations)`` is then whether one of its own is in it.
    Cached per text, like :func:`any_phrase`: the form asks again on every keystroke."""

    def __init__(self, phrases: Sequence[str], negations: Sequence[str]) -> None:
        self.phrases = tuple(dict.fromkeys(phrases))
        self.negations = tuple(negations)
        # Prepared at the first note, not at pack load: preparing reads pypinyin's tables
        # (0.5 s), which the app builds in the background while the login window waits
        # (normalise.warm_up); what is left for the first note is ~20 ms.
        self._prepared: _Prepared | None = None
        self._negations = _prepare_negations(self.negations)
        self.found = lru_cache(maxsize=4096)(self._found)

    def _found(self, text: str | None) -> frozenset[str]:
        if not text:
            return frozenset()
        if self._prepared is None:
            self._prepared = _prepare(self.phrases)
        # Not through _matches' cache: this one is keyed by the text alone, and a key of
        # every phrase of the pack would cost more to hash than the look-up saves.
        return frozenset(_match_prepared(text, self._prepared, self._negations))

    def __repr__(self) -> str:
        return f"PhraseMatcher({len(self.phrases)} phrases, {len(self.negations)} negations)"


def find_phrases(
    text: str | None, phrases: Sequence[str], negations: Sequence[str] = ()
) -> tuple[str, ...]:
    """The pack's phrases that :func:`any_phrase` would count, in the pack's order."""
    if not text:
        return ()
    return _matches(text, tuple(phrases), tuple(negations))


def check_phrase(phrase: str) -> None:
    """Raise ValueError when a pack phrase cannot be used (bad parentheses, nothing left)."""
    forms = expand(phrase)
    if not any(normalise(p) for p in forms):
        raise ValueError(f"'{phrase}' is empty once spaces are removed")
