"""Sealing a case for the audit record: personal values masked, encrypted and hashed for
lookup, hit texts masked, and the reverse for an authorised reader.

The encryption is done by a :class:`~tellerguard.domain.sealed.Sealer` with the branch keys;
this module stays free of key handling and SQL.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeAlias

from tellerguard.domain.assessment import Assessment, Hit, ListRef
from tellerguard.domain.cards import normalize_account
from tellerguard.domain.events import (
    AssessmentShown,
    StoredHit,
    StoredListRef,
    Subject,
)
from tellerguard.domain.masking import mask_card, mask_id, mask_name, mask_phone, mask_text
from tellerguard.domain.sealed import (
    PERSONAL_EXTRA_PATHS,
    RECORD_SEALED,
    SEALED_KEYS,
    LookupKind,
    Sealed,
    SealedKey,
    Sealer,
    get_path,
    put_path,
)

# -- sealing -------------------------------------------------------------------------------
Masker: TypeAlias = Callable[[str], str]


def mask_address(text: str) -> str:
    """An address keeps its first six characters (province/city/district level) only."""
    text = text.strip()
    return text[:6] + "*" * min(max(len(text) - 6, 0), 8) if len(text) > 6 else mask_text(text)


_CASE_MASKERS: dict[str, tuple[Masker, LookupKind | None]] = {
    "customer.name": (mask_name, None),
    "customer.id_number": (mask_id, "id"),
    "customer.phone": (mask_phone, None),
    "customer.employer": (mask_text, None),
    "customer.address": (mask_address, None),
    "notes": (mask_text, None),
    "transfer.payee_name": (mask_name, None),
    "transfer.payee_account": (mask_card, "card"),
}


_SPACES = re.compile(r"\s+")


def normalize_lookup(kind: LookupKind, number: str) -> str:
    """A number as the case model stores it: ID numbers without spaces and upper-cased (a
    trailing x is X), card numbers without spaces or dashes. Searches use the same form."""
    if kind == "card":
        return normalize_account(number)
    text = _SPACES.sub("", number)
    return text.upper() if text.isascii() else text


def lookup_key(sealer: Sealer, kind: LookupKind, number: str) -> str:
    """The lookup hash of a full ID number (``id``) or card/account number (``card``)."""
    return sealer.lookup(kind, normalize_lookup(kind, number))


def seal(sealer: Sealer, value: str, masked: str) -> Sealed:
    return Sealed(m=masked, c=sealer.seal(value))


def seal_text(sealer: Sealer, value: str) -> Sealed:
    """Free text (notes, answers, reasons): masked numbers in the clear, full text sealed."""
    return seal(sealer, value, mask_text(value))


def seal_key(sealer: Sealer, kind: LookupKind, value: str, masked: str) -> SealedKey:
    return SealedKey(m=masked, c=sealer.seal(value), h=lookup_key(sealer, kind, value))


class SealedCase:
    """A case split into what is stored: the case without its personal fields, the
    :class:`Subject` (sealed name, ID, phone, payee), the other personal fields sealed, and
    the pairs (full value, masked value) used to mask the same values inside hit text."""

    def __init__(self, case: dict[str, Any], sealer: Sealer) -> None:
        # A copy two levels deep is a deep copy of the case contract (objects of scalars).
        self.case: dict[str, Any] = {
            key: dict(value) if isinstance(value, dict) else value for key, value in case.items()
        }
        self.replacements: list[tuple[str, str]] = []
        sealed: dict[str, Sealed] = {}
        keys: dict[str, SealedKey] = {}
        for path, (masker, kind) in _CASE_MASKERS.items():
            found, value = get_path(self.case, path)
            if not found or value in (None, ""):
                continue
            if not isinstance(value, str):
                raise ValueError(f"case.{path} must be text")
            masked = masker(value)
            if kind is not None:
                keys[path] = seal_key(sealer, kind, value, masked)
            else:
                sealed[path] = seal(sealer, value, masked)
            self.replacements.append((value, masked))
            parent_path, _, leaf = path.rpartition(".")
            parent = get_path(self.case, parent_path)[1] if parent_path else self.case
            del parent[leaf]
        if (
            "customer.id_number" not in keys
            or "customer.name" not in sealed
            or "customer.phone" not in sealed
        ):
            raise ValueError("a case needs the customer's name, ID number and phone")
        transfer = self.case.get("transfer") or {}
        self.personal = {path: sealed[path] for path in PERSONAL_EXTRA_PATHS if path in sealed}
        self.subject = Subject(
            kind=self.case["kind"],
            id_type=self.case["customer"]["id_type"],
            id_number=keys["customer.id_number"],
            name=sealed["customer.name"],
            phone=sealed["customer.phone"],
            amount=transfer.get("amount"),
            cash=transfer.get("cash") if transfer else None,
            payee_name=sealed.get("transfer.payee_name"),
            payee_account=keys.get("transfer.payee_account"),
        )


_SUBJECT_PATHS = {
    "customer.name": "name",
    "customer.id_number": "id_number",
    "customer.phone": "phone",
    "transfer.payee_name": "payee_name",
    "transfer.payee_account": "payee_account",
}


def _mask_in(text: str, replacements: Sequence[tuple[str, str]]) -> str:
    for full, masked in replacements:
        if full and full in text:
            text = text.replace(full, masked)
    return mask_text(text)


def _date_forms(iso: str) -> list[str]:
    year, month, day = iso.split("-")
    return [iso, f"{int(year)}年{int(month)}月{int(day)}日", year + month + day]


def store_hits(
    hits: Sequence[Hit], replacements: Sequence[tuple[str, str]], sealer: Sealer
) -> tuple[list[StoredHit], Sealed | None]:
    """Hits with every personal value in their text masked, and the exact hits sealed when
    masking changed anything (so that what the teller saw can be shown in full on demand)."""
    ordered = sorted(replacements, key=lambda pair: -len(pair[0]))  # longest first
    stored: list[StoredHit] = []
    changed = False
    for hit in hits:
        values = {key: _mask_in(value, ordered) for key, value in hit.values.items()}
        item = StoredHit(
            rule_id=hit.rule_id,
            level=hit.level,
            title=_mask_in(hit.title, ordered),
            explanation=_mask_in(hit.explanation, ordered),
            tags=list(hit.tags),
            values=values,
        )
        changed = changed or (
            item.explanation != hit.explanation or values != hit.values or item.title != hit.title
        )
        stored.append(item)
    full = None
    if changed:
        exact = [
            hit.model_dump(include={"rule_id", "title", "explanation", "values"}) for hit in hits
        ]
        full = Sealed(m="", c=sealer.seal(json.dumps(exact, ensure_ascii=False, sort_keys=True)))
    return stored, full


def new_assessment_event(
    case: dict[str, Any],
    assessment: Assessment,
    sealer: Sealer,
    case_ref: str,
    list_events: Mapping[tuple[str, str], int] | None = None,
) -> AssessmentShown:
    """The ``assessment_shown`` event of a case as the engine judged it.

    ``case`` is the case's JSON contract (``dump_case``); its personal fields are sealed and
    the hits' text masked. The birth date among the facts is sealed too: with the masked ID
    number (first 6, last 4 digits) it would give the full number back. ``list_events``:
    (list id, content hash) → the seq of the store's event that recorded that content; a
    consulted list found there is named by that event instead of its hash.
    """
    sealed = SealedCase(case, sealer)
    replacements = list(sealed.replacements)
    facts: dict[str, Any] = json.loads(json.dumps(assessment.facts, default=str))
    birth = facts.get("birth_date")
    if isinstance(birth, str):
        replacements.extend((form, "****") for form in _date_forms(birth))
        facts["birth_date"] = seal(sealer, birth, "****-**-**")
    hits, hits_full = store_hits(assessment.hits, replacements, sealer)
    return AssessmentShown(
        case_ref=case_ref,
        subject=sealed.subject,
        level=assessment.level,
        case=sealed.case,
        personal=sealed.personal,
        hits=hits,
        rule_ids=[hit.rule_id for hit in hits],
        hits_full=hits_full,
        facts=facts,
        rule_pack=assessment.rule_pack,
        business_date=assessment.business_date,
        branch_region=assessment.branch_region,
        lists=[_stored_list(ref, list_events or {}) for ref in assessment.lists],
    )


def _stored_list(ref: ListRef, list_events: Mapping[tuple[str, str], int]) -> StoredListRef:
    event = list_events.get((ref.id, ref.content_hash)) if ref.content_hash else None
    if event is None:
        return StoredListRef(**ref.model_dump())
    return StoredListRef(
        id=ref.id, version=ref.version, content_hash=None, entries=ref.entries, event=event
    )


def script_sha256(lines: Sequence[str]) -> str:
    """The hash of a reminder script as shown: its lines joined by LF, UTF-8."""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def unseal_record(record: Any, sealer: Sealer) -> Any:
    """A record (or any part of one) with every sealed value replaced by its full text."""
    if isinstance(record, dict):
        if frozenset(record) in SEALED_KEYS and isinstance(record.get("c"), str):
            return sealer.open(record["c"])
        return {
            key: unseal_record(value, sealer)
            for key, value in record.items()
            if not (key == RECORD_SEALED and "payload" in record)  # opened into its fields
        }
    if isinstance(record, list):
        return [unseal_record(item, sealer) for item in record]
    return record


def reseal_record(record: Any, opener: Sealer, sealer: Sealer) -> Any:
    """A stored record (or any part of one) with every sealed value sealed on its own again
    (opened by ``opener``, the sealer bound to its record): what a new event may carry of an
    earlier one, whose ``~N`` names would name nothing in the new record."""
    if isinstance(record, dict):
        if frozenset(record) in SEALED_KEYS and isinstance(record.get("c"), str):
            return {**record, "c": sealer.seal(opener.open(record["c"]))}
        return {key: reseal_record(value, opener, sealer) for key, value in record.items()}
    if isinstance(record, list):
        return [reseal_record(item, opener, sealer) for item in record]
    return record


def mask_record(record: Any) -> Any:
    """A record (or any part of one) with every sealed value replaced by its masked form:
    what a masked export shows. Ciphertexts and lookup hashes are dropped."""
    if isinstance(record, dict):
        if frozenset(record) in SEALED_KEYS and isinstance(record.get("m"), str):
            return record["m"]
        return {
            key: mask_record(value)
            for key, value in record.items()
            if not (key == RECORD_SEALED and "payload" in record)  # the values' ciphertext
        }
    if isinstance(record, list):
        return [mask_record(item) for item in record]
    return record


def unseal_case(payload: dict[str, Any], sealer: Sealer) -> dict[str, Any]:
    """The case's JSON contract, personal fields decrypted and put back, from the payload of
    an ``assessment_shown`` event (for replaying a case under a new rule pack)."""
    case: dict[str, Any] = json.loads(json.dumps(payload["case"]))
    subject = payload["subject"]
    for path, name in _SUBJECT_PATHS.items():
        item = subject.get(name)
        if isinstance(item, dict):
            put_path(case, path, sealer.open(item["c"]))
    for path, item in payload.get("personal", {}).items():
        put_path(case, path, sealer.open(item["c"]))
    for path, empty in (("customer.employer", None), ("customer.address", None), ("notes", "")):
        found, _ = get_path(case, path)
        if not found:
            put_path(case, path, empty)
    return case
