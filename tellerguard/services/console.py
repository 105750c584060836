"""The branch manager's console over the whole audit log: the door the console window uses.

:class:`AuditLog` is one window's own read-only connection to the store (``mode=ro``): the
window's worker thread asks it for counts, pages and positions (see
:mod:`tellerguard.audit.log_queries`) while the counter keeps appending through the writer,
and nothing it does can hold up an append. Everything it returns is masked: the stored
columns, never a decrypted value.

A customer is found by their full ID or card number through the store's keyed hashes
(:func:`customer_filter`); the number never reaches a query, and the search itself is recorded
first, with who searched, whose number (sealed) and the reason typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tellerguard.audit.log_queries import LOG_SORTS, LogFilter, LogKey, LogSort, key_of
from tellerguard.audit.queries import EventSummary
from tellerguard.audit.store import AuditReader
from tellerguard.auth.roles import Action
from tellerguard.auth.users import Session
from tellerguard.domain.masking import mask_text
from tellerguard.domain.sealing import lookup_key, mask_record
from tellerguard.services.counter import Counter
from tellerguard.services.workstation import Workstation

__all__ = [
    "LOG_SORTS",
    "AuditLog",
    "CustomerKey",
    "EventDetail",
    "EventSummary",
    "LogFilter",
    "LogKey",
    "LogSort",
    "customer_filter",
    "event_detail",
    "key_of",
]


class AuditLog:
    """A read-only view of the whole log for one console window (thread-safe: one worker
    thread may use it while the window's own thread does not)."""

    def __init__(self, workstation: Workstation, session: Session) -> None:
        session.require(Action.VIEW_AUDIT)
        self._reader: AuditReader = workstation.store.reader()
        self.head = self._reader.log_head
        """The newest sequence number now: a new query's snapshot."""
        self.count = self._reader.log_count
        self.page = self._reader.log_page
        """Up to ``limit`` rows in display order after (or before) a key."""
        self.key_at = self._reader.log_key_at
        """The key of the row at a position, from index entries."""

    def close(self) -> None:
        self._reader.close()


@dataclass(frozen=True, slots=True)
class CustomerKey:
    """A customer to filter the log on: the keyed hashes of the number searched (as an ID
    and as a card number) and its masked form to show."""

    id_hmac: str
    card_hmac: str
    masked: str
    found: int
    """How many events matched when the search was recorded."""


def customer_filter(
    workstation: Workstation, session: Session, number: str, reason: str
) -> CustomerKey:
    """The lookup hashes of a full ID or card number, for :class:`LogFilter`; the search is
    recorded (``personal_data_accessed``, purpose ``customer_search``) before it is used."""
    found = Counter(workstation, session).find_events(number, reason)
    cipher = workstation.store.cipher
    return CustomerKey(
        id_hmac=lookup_key(cipher, "id", number),
        card_hmac=lookup_key(cipher, "card", number),
        masked=mask_text(number.strip()),
        found=len(found),
    )


@dataclass(frozen=True, slots=True)
class EventDetail:
    """One event as the detail pane shows it: the whole record, every personal value in its
    masked form (ciphertexts and lookup hashes dropped), and its place in the chain."""

    seq: int
    hash: str
    prev_hash: str
    record: dict[str, Any]


def event_detail(workstation: Workstation, session: Session, seq: int) -> EventDetail | None:
    session.require(Action.VIEW_AUDIT)
    event = workstation.store.event(seq)
    if event is None:
        return None
    record = mask_record(event.data())
    assert isinstance(record, dict)
    return EventDetail(seq, event.hash.hex(), event.prev_hash.hex(), record)
