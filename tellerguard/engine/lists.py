"""Risk lists bound to a pack for evaluation: member sets of keyed hashes and the keyer.

A rule ``transfer.payee_account in lists.police_accounts`` compiles to a set look-up of the
payee account's keyed hash (``Lk__account__tr__payee_account in L__police_accounts``). The
hash is the audit store's lookup HMAC (``tellerguard.audit.keys.FieldCipher.lookup``) of the
key normalised as the list import normalises it (:func:`tellerguard.domain.risklists.case_key`),
cut to its first 60 bits (:func:`~tellerguard.domain.risklists.member_key_bytes`). The engine does
not hold the branch key: whoever binds the lists passes the keyer (the services pass the
store's cipher; the pack's self-test a fixed key). Hashes are memoised per value, because the
counter assesses the same case again on every keystroke.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tellerguard.domain.assessment import ListRef
from tellerguard.domain.risklists import (
    LOOKUP_KINDS,
    KeyKind,
    case_key,
    member_key_bytes,
    normalize_key,
)
from tellerguard.domain.sealed import LookupKind, lookup_message

Keyer = Callable[[LookupKind, str], bytes]
"""The lookup HMAC (32 raw bytes) of a normalised value of a lookup kind."""

NOT_LISTED = -1
"""The key of a value that cannot be on a list (no value, or not of the list's form):
member keys are never negative, so it is in no set."""
_MEMO_LIMIT = 10_000
_PACKS_KEPT = 8


@dataclass(frozen=True, slots=True)
class BoundList:
    """One list's members (in-memory keys) and what an assessment records about it."""

    members: frozenset[int]
    ref: ListRef
    title: str


class BoundLists:
    """The lists a pack consults, as bound for one workstation (or one self-test example)."""

    def __init__(self, lists: Mapping[str, BoundList], keyer: Keyer | None) -> None:
        self._lists = dict(lists)
        self._keyer = keyer
        self._memo: dict[str, dict[object, int]] = {kind: {} for kind in LOOKUP_KINDS}
        self.members: dict[str, frozenset[int]] = {
            list_id: bound.members for list_id, bound in self._lists.items()
        }
        # for_pack and refs are asked the same questions on every assessment (a pack declares
        # a handful of lists): their answers are kept, a few per pack.
        self._for_pack: dict[tuple[tuple[str, str], ...], BoundLists] = {}
        self._refs: dict[tuple[str, ...], tuple[ListRef, ...]] = {}
        self._last_for_pack: tuple[Mapping[str, str], BoundLists] | None = None

    def key(self, kind: KeyKind, value: str | None, name: str | None = None) -> int:
        """The in-memory key of a case value for lists of ``kind``; :data:`NOT_LISTED` when
        it has none (no keyer bound, or no value). Memoised per value: the generated rule
        function asks for each key on every evaluation."""
        if value is None or self._keyer is None:
            return NOT_LISTED
        memo = self._memo[kind]
        found = memo.get(value if name is None else (value, name))
        if found is not None:
            return found
        digest = self._keyer(LOOKUP_KINDS[kind], case_key(kind, value, name or ""))
        result = member_key_bytes(digest)
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[value if name is None else (value, name)] = result
        return result

    def for_pack(self, declared: Mapping[str, str]) -> BoundLists:
        """These lists with an empty set for each declared list that is not bound, so the
        generated code can load every list it names."""
        last = self._last_for_pack
        if last is not None and last[0] is declared:  # the same pack's mapping, every case
            return last[1]
        key = tuple(declared.items())
        found = self._for_pack.get(key)
        if found is None:
            if len(self._for_pack) >= _PACKS_KEPT:
                self._for_pack.clear()
            found = self._for_pack[key] = self._bind_missing(declared)
        self._last_for_pack = (declared, found)
        return found

    def _bind_missing(self, declared: Mapping[str, str]) -> BoundLists:
        missing = {
            list_id: BoundList(
                frozenset(), ListRef(id=list_id, version=None, content_hash=None), title
            )
            for list_id, title in declared.items()
            if list_id not in self._lists
        }
        if not missing:
            return self
        bound = BoundLists({**self._lists, **missing}, self._keyer)
        bound._memo = self._memo
        return bound

    def describe(self, list_id: str) -> str:
        """How a hit names a list without revealing anything in it: title and version."""
        bound = self._lists.get(list_id)
        if bound is None:
            return list_id
        version = bound.ref.version or "未导入"
        return f"{bound.title}（名单版本 {version}）"

    def refs(self, list_ids: Mapping[str, object]) -> list[ListRef]:
        """What an assessment records about the lists a pack declares, in the pack's order."""
        key = tuple(list_ids)
        found = self._refs.get(key)
        if found is None:
            if len(self._refs) >= _PACKS_KEPT:
                self._refs.clear()
            found = self._refs[key] = tuple(
                self._lists[list_id].ref if list_id in self._lists else _unloaded(list_id)
                for list_id in key
            )
        return list(found)


def _unloaded(list_id: str) -> ListRef:
    return ListRef(id=list_id, version=None, content_hash=None)


NO_LISTS = BoundLists({}, None)
"""Nothing bound: every membership is false, and the assessment says no list was loaded."""

_SELFTEST_KEY = b"tellerguard/selftest-lists/v1"


def selftest_keyer(kind: LookupKind, normalized: str) -> bytes:
    """A fixed keyed hash for a pack's example lists (no branch key is involved)."""
    return hmac.new(_SELFTEST_KEY, lookup_message(kind, normalized), hashlib.sha256).digest()


def example_lists(
    declared: Mapping[str, tuple[KeyKind, str]], contents: Mapping[str, list[object]]
) -> BoundLists:
    """Lists given in plain text by a pack example (``lists: {police_accounts: [...]}``),
    hashed with :func:`selftest_keyer`; ``ValueError`` names a bad entry or an unknown list.
    A ``name_and_id`` entry is a ``[name, ID number]`` pair."""
    lists: dict[str, BoundList] = {}
    for list_id, entries in contents.items():
        if list_id not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise ValueError(f"unknown list '{list_id}' (the pack declares: {known})")
        kind, title = declared[list_id]
        members = set()
        for entry in entries:
            if kind == "name_and_id":
                if not (isinstance(entry, list) and len(entry) == 2):
                    raise ValueError(f"lists.{list_id}: an entry is a [name, ID number] pair")
                raw, name = str(entry[1]), str(entry[0])
            else:
                raw, name = str(entry), ""
            try:
                key = normalize_key(kind, raw, name)
            except ValueError as exc:
                raise ValueError(f"lists.{list_id}: {raw!r}: {exc}") from None
            members.add(member_key_bytes(selftest_keyer(LOOKUP_KINDS[kind], key)))
        ref = ListRef(id=list_id, version="示例", content_hash=None, entries=len(members))
        lists[list_id] = BoundList(frozenset(members), ref, title)
    return BoundLists(lists, selftest_keyer)
