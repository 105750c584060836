"""What the centre reads out of a record: the one place that knows the record's inner format.

The centre keeps every record's bytes exactly as the workstation hashed them; beside them it
keeps a few masked columns head office searches and counts by (type, operator, case, kind,
level, decision, amount, masked customer and payee). :func:`read_record` is the only function
that turns record bytes into those columns (and into the sealed subject the workstation
hashes the bank lookups from). When the record format changes (the lean record, issue 13),
this module is what changes; ingest, shipping and verify only move the columns it returns.

The workstation calls it while it makes a batch — it parses each record there anyway, for
the bank lookups — and sends the columns beside the events, covered by the batch's signature;
the centre then stores them without parsing a record (docs/CENTRAL.md, "Ingest pipeline").
``central verify --deep`` re-reads every record with this same function and compares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson

from tellerguard.audit.record import (
    DICTIONARIES,
    RecordFormatError,
    decode_record,
    dictionary_from_payload,
    record_data,
)
from tellerguard.central.errors import IngestRefused
from tellerguard.domain.events import POLICE_DECISION

# the columns of ``events`` a batch fills, in COPY order, with their PostgreSQL types
STORED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("store_id", "uuid"),
    ("seq", "int8"),
    ("at", "timestamptz"),
    ("prev_hash", "bytea"),
    ("hash", "bytea"),
    ("type", "text"),
    ("operator", "text"),
    ("case_ref", "text"),
    ("kind", "text"),
    ("level", "text"),
    ("decision", "text"),
    ("supervisor", "text"),
    ("amount", "numeric"),
    ("customer_name", "text"),
    ("customer_id", "text"),
    ("customer_phone", "text"),
    ("payee_name", "text"),
    ("payee_account", "text"),
    ("rule_ids", "text[]"),
    ("record", "bytea"),
)
EVENT_COLUMNS = tuple(name for name, _ in STORED_COLUMNS)
EVENT_TYPES = [kind for _, kind in STORED_COLUMNS]

# The columns as a batch carries them (JSON values): the record's time (ISO text), its branch
# and workstation (checked against the store's), then ``type`` .. ``rule_ids`` above.
CARRIED = 17
# slots 5..15: case_ref .. payee_account (amount, slot 10, as text), text or null

Columns = list[Any]


@dataclass(frozen=True, slots=True)
class RecordView:
    columns: Columns
    subject: dict[str, Any] | None
    """The event's sealed subject (ciphertexts), for the bank lookups; None without one."""
    sealed: object = None
    """The record's one ciphertext of its personal values (its ``sealed``), if it has one."""


_REQUIRED = ("at", "type", "operator", "branch", "workstation")
_ONLY_TEXT = frozenset({str})
_TEXT_OR_NULL = frozenset({str, type(None)})


def parse_record(seq: int, record: bytes) -> dict[str, Any]:
    """The record as JSON, with its required fields; :class:`IngestRefused` naming the seq."""
    # orjson where it reads the same value (record_data): parsing is the largest part of
    # reading a record (a 2 KB record: 14.6 µs with json, 7 µs with orjson), and ship and
    # central verify --deep read them all.
    try:
        data = record_data(decode_record(record))
    except (RecordFormatError, ValueError):
        raise IngestRefused(f"seq {seq}: the record is not UTF-8 JSON") from None
    if type(data) is not dict or not _ONLY_TEXT.issuperset(map(type, map(data.get, _REQUIRED))):
        raise IngestRefused(f"seq {seq}: the record lacks at, type, operator or branch")
    payload = data.get("payload")
    carried = payload.get("record_dictionary") if type(payload) is dict else None
    if isinstance(carried, dict):  # the dictionary the store's later records need
        try:
            DICTIONARIES.add(dictionary_from_payload(carried))
        except RecordFormatError as exc:
            raise IngestRefused(f"seq {seq}: {exc}") from None
    return data


def _decision(event_type: str, payload: dict[str, Any]) -> Any:
    # The lean record (docs/AUDIT.md) is compressed, so PostgreSQL cannot read a refusal's
    # referral from the record bytes: it is kept in the decision column, which a refusal has
    # no other use for (central/stats.py counts police referrals by it).
    if event_type == "business_refused":
        return POLICE_DECISION if payload.get("referred_to_police") is True else None
    return payload.get("decision")


def _masked(node: Any) -> str | None:
    return str(node["m"]) if isinstance(node, dict) and "m" in node else None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def read_record(seq: int, record: bytes) -> RecordView:
    """The columns of one record (masked forms only, never a decrypted value)."""
    data = parse_record(seq, record)
    payload = data.get("payload")
    payload = payload if isinstance(payload, dict) else {}
    subject = payload.get("subject")
    subject = subject if isinstance(subject, dict) else None
    fields = subject or {}
    rule_ids = payload.get("rule_ids")
    columns: Columns = [
        data["at"],
        data["branch"],
        data["workstation"],
        data["type"],
        data["operator"],
        _text(payload.get("case_ref")),
        _text(fields.get("kind")),
        _text(payload.get("level")),
        _text(_decision(data["type"], payload)),
        _text(payload.get("supervisor")),
        _text(fields.get("amount")),
        _masked(fields.get("name")),
        _masked(fields.get("id_number")),
        _masked(fields.get("phone")),
        _masked(fields.get("payee_name")),
        _masked(fields.get("payee_account")),
        [str(r) for r in rule_ids] if isinstance(rule_ids, list) else None,
    ]
    return RecordView(columns, subject, data.get("sealed"))


def encode_columns(rows: Sequence[Columns]) -> bytes:
    """A batch's columns as the bytes its signature covers (one JSON array, UTF-8)."""
    return orjson.dumps(rows)


def decode_columns(blob: bytes, count: int) -> list[Columns]:
    """A batch's columns back from their bytes; :class:`IngestRefused` when they are not
    ``count`` rows of the shape :func:`read_record` makes."""
    try:
        rows = orjson.loads(blob)
    except ValueError:
        rows = None
    if not isinstance(rows, list) or len(rows) != count:
        raise IngestRefused("the batch's columns are not one row per event")
    return rows


def event_time(seq: int, text: Any) -> datetime:
    """The record's time, which must carry its offset."""
    if not isinstance(text, str):
        raise IngestRefused(f"seq {seq}: the record's time is missing")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise IngestRefused(f"seq {seq}: the record's time {text[:40]!r} is not a time") from None
    if moment.tzinfo is None:
        raise IngestRefused(f"seq {seq}: the record's time has no offset")
    return moment


def stored_row(
    store_id: Any,
    seq: int,
    prev: bytes,
    digest: bytes,
    record: bytes,
    columns: Columns,
    moment: datetime,
) -> tuple[Any, ...]:
    """The row of ``events`` (:data:`EVENT_COLUMNS` order) from carried columns whose shape
    was checked by :func:`check_shape`."""
    amount = columns[10]
    return (
        store_id,
        seq,
        moment,
        prev,
        digest,
        *columns[3:10],
        None if amount is None else _amount(seq, amount),
        *columns[11:16],
        columns[16],
        record,
    )


def check_shape(seq: int, columns: Any) -> None:
    """Refuse carried columns that are not what :func:`read_record` makes (a bad batch must
    fail here with its seq, not half-way through the COPY)."""
    # type() over the whole row at once: the values come from JSON, so never subclasses
    if type(columns) is not list or len(columns) != CARRIED:
        raise IngestRefused(f"seq {seq}: the batch's columns for it have the wrong shape")
    kinds = list(map(type, columns))
    if not _ONLY_TEXT.issuperset(kinds[:5]) or not _TEXT_OR_NULL.issuperset(kinds[5:16]):
        raise IngestRefused(f"seq {seq}: the batch's columns for it are not text")
    rules = columns[16]
    if rules is not None and (
        type(rules) is not list or not _ONLY_TEXT.issuperset(map(type, rules))
    ):
        raise IngestRefused(f"seq {seq}: the batch's rule ids for it are not a list of text")


def _amount(seq: int, text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise IngestRefused(f"seq {seq}: the amount {text[:32]!r} is not a number") from None
    if not value.is_finite():
        raise IngestRefused(f"seq {seq}: the amount {text[:32]!r} is not a number")
    return value
