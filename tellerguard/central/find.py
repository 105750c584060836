"""倒查 across branches: every case anywhere for one customer or payee, masked, found by the
keyed hash of the full number under the bank lookup key; the search itself is recorded in
the same transaction (who searched, for whom — as a masked number and its hash — and why).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tellerguard.central.errors import CentralError
from tellerguard.central.lookups import BankLookupKey, LookupKind, normalize
from tellerguard.central.pg import Connection
from tellerguard.domain.clock import SHANGHAI
from tellerguard.domain.masking import mask_card, mask_id, mask_phone

_MASKERS = {"id": mask_id, "card": mask_card, "phone": mask_phone}
_LABELS = {"id": "ID number", "card": "account", "phone": "phone"}
MAX_CASES = 10_000

_FIND = """
SELECT s.branch, s.branch_name, s.region, s.workstation, e.store_id::text, e.case_ref,
       e.seq, e.hash, e.at, e.type, e.operator, e.kind, e.level, e.decision, e.supervisor,
       e.amount, e.customer_name, e.customer_id, e.payee_name, e.payee_account
  FROM lookups l
  JOIN events e ON e.store_id = l.store_id AND e.seq = l.seq AND e.at = l.at
  JOIN stores s ON s.store_id = e.store_id
 WHERE l.key_id = %s AND l.kind = %s AND l.hmac = %s
 ORDER BY e.at, e.store_id, e.seq
 LIMIT %s
"""


@dataclass(slots=True)
class FoundCase:
    branch: str
    branch_name: str
    region: str
    workstation: str
    store_id: str
    case_ref: str
    at: datetime
    kind: str | None = None
    level: str | None = None
    decision: str | None = None
    teller: str | None = None
    authorizer: str | None = None
    refused: bool = False
    amount: str | None = None
    customer: str = ""
    payee: str = ""
    last_seq: int = 0
    last_hash: str = ""
    events: int = 0

    def line(self) -> str:
        parts = [
            f"{self.at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}",
            f"{self.branch} {self.branch_name} ({self.region}) {self.workstation}",
            f"{self.kind or '-'}",
            f"level {self.level or '-'}",
            f"decision {'refused' if self.refused else self.decision or '-'}",
            f"teller {self.teller or '-'}",
            f"authorizer {self.authorizer or '-'}",
            f"customer {self.customer}",
        ]
        if self.payee:
            parts.append(f"payee {self.payee}")
        if self.amount:
            parts.append(f"amount {self.amount}")
        parts.append(f"case {self.case_ref[:12]} seq #{self.last_seq} {self.last_hash[:16]}")
        return " | ".join(parts)


@dataclass(slots=True)
class FindResult:
    kind: LookupKind
    masked: str
    search_id: int
    operator: str
    reason: str
    cases: list[FoundCase] = field(default_factory=list)
    milliseconds: float = 0.0

    def lines(self) -> list[str]:
        out = [
            f"find: {len(self.cases)} cases for {_LABELS[self.kind]} {self.masked} across all "
            f"branches ({self.milliseconds:.0f} ms); search #{self.search_id} recorded for "
            f"{self.operator}: {self.reason}"
        ]
        out.extend(case.line() for case in self.cases)
        return out


def _cases(rows: list[tuple[Any, ...]]) -> list[FoundCase]:
    cases: dict[tuple[str, str], FoundCase] = {}
    for (
        branch,
        branch_name,
        region,
        workstation,
        store_id,
        case_ref,
        seq,
        digest,
        at,
        event_type,
        operator,
        kind,
        level,
        decision,
        supervisor,
        amount,
        customer_name,
        customer_id,
        payee_name,
        payee_account,
    ) in rows:
        key = (store_id, case_ref or f"seq {seq}")
        found = cases.get(key)
        if found is None:
            found = cases[key] = FoundCase(
                branch, branch_name, region, workstation, store_id, key[1], at
            )
            found.customer = " ".join(p for p in (customer_name, customer_id) if p)
            found.payee = " ".join(p for p in (payee_name, payee_account) if p)
        found.kind = found.kind or kind
        found.level = level or found.level
        found.amount = found.amount or (str(amount) if amount is not None else None)
        if event_type == "assessment_shown":
            found.teller = operator
        found.decision = decision or found.decision
        found.authorizer = supervisor or found.authorizer
        found.refused = found.refused or event_type == "business_refused"
        found.last_seq, found.last_hash = int(seq), bytes(digest).hex()
        found.events += 1
    return list(cases.values())


def find_cases(
    conn: Connection,
    key: BankLookupKey,
    kind: LookupKind,
    number: str,
    *,
    operator: str,
    reason: str,
) -> FindResult:
    """Every case of the number's owner at any branch; the search is recorded first, in the
    same transaction, so no search goes unrecorded."""
    if not reason.strip():
        raise CentralError("--reason: a search for a customer needs its reason")
    if not normalize(kind, number):
        option = {"id": "--id-number", "card": "--account", "phone": "--phone"}[kind]
        raise CentralError(f"{option}: empty number")
    started = time.perf_counter()
    mac = key.lookup(kind, number)
    masked = _MASKERS[kind](normalize(kind, number))
    registered = conn.execute(
        "SELECT 1 FROM lookup_keys WHERE key_id = %s", (key.key_id,)
    ).fetchone()
    if registered is None:
        raise CentralError(
            f"bank lookup key {key.key_id} is not registered at this centre: wrong key file"
        )
    with conn.transaction():
        rows = conn.execute(_FIND, (key.key_id, kind, mac, MAX_CASES * 10)).fetchall()
        cases = _cases(rows)
        row = conn.execute(
            "INSERT INTO searches (operator, kind, key_id, hmac, masked, reason, results) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (operator, kind, key.key_id, mac, masked, reason.strip(), len(cases)),
        ).fetchone()
    assert row is not None
    result = FindResult(kind, masked, int(row[0]), operator, reason.strip(), cases)
    result.milliseconds = (time.perf_counter() - started) * 1000
    return result
