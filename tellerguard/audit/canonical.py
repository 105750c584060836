"""The canonical record bytes and the hash chain over them.

One canonical form, so that the bytes hashed are the bytes stored and anyone can re-check
them with a few lines of code: JSON with keys sorted, no whitespace, UTF-8 (not ``\\u``
escapes for Chinese), no floating-point numbers (money and durations are strings or
integers, so a value never changes by being re-read).

Chain: ``hash(n) = SHA-256(hash(n-1) ‖ seq(n) as 8 bytes big-endian ‖ record(n))`` with
``hash(0)`` 32 zero bytes. The sequence number is hashed so that renumbering or reordering
rows breaks the chain without having to parse any JSON during verification.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from typing import Any

import orjson

from tellerguard.audit.errors import EventError
from tellerguard.domain.clock import SHANGHAI

GENESIS = bytes(32)
"""The ``prev_hash`` of the first event."""

TIME_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\+08:00")
"""Every stored time: Asia/Shanghai with its offset and microseconds, always 32 characters, so
that stored times compare correctly as text (China has had no daylight saving since 1991)."""

_SEQ_BYTES = 8


def chain_hash(prev: bytes, seq: int, record: bytes) -> bytes:
    """The chain hash of one event from the previous hash and the stored record bytes."""
    return hashlib.sha256(prev + seq.to_bytes(_SEQ_BYTES, "big") + record).digest()


_FAST_OPTIONS = (
    orjson.OPT_SORT_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)
"""orjson writes exactly the canonical form (keys sorted by code point, which is UTF-8 byte
order; no whitespace; UTF-8 as is; the same short escapes) about 15x as fast as the ``json``
module (28.7 µs → 1.9 µs for a 3.5 KB assessment, a tenth of an append). What it would write
differently is passed through to fail instead, and then the ``json`` module decides: a
datetime, dataclass or str/int subclass, an integer beyond 64 bits, a lone surrogate.
Floats are the one thing both write differently (``1e-05`` against ``0.00001``, NaN as
``null``); no stored model has a float field (``has_float_field``, tested for every event
model) and free-form values are ``PlainJson``, which has no float."""


def canonical_bytes(obj: dict[str, Any]) -> bytes:
    """The canonical record as the UTF-8 bytes that are stored and hashed;
    :class:`EventError` for anything not plain JSON."""
    try:
        return orjson.dumps(obj, option=_FAST_OPTIONS)
    except TypeError:
        pass  # not for orjson to decide: the json module's answer below
    return _json_text(obj).encode("utf-8")


def canonical_text(obj: dict[str, Any]) -> str:
    """The canonical JSON text of a record (:func:`canonical_bytes` decoded)."""
    return canonical_bytes(obj).decode("utf-8")


def _json_text(obj: dict[str, Any]) -> str:
    """The canonical text by the ``json`` module: the reference form."""
    try:
        text = json.dumps(
            obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        )
    except (TypeError, ValueError) as exc:
        raise EventError(f"the event is not plain JSON: {exc}") from None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (possible in text pasted from elsewhere) has no UTF-8 form.
        raise EventError("the event contains text that is not valid Unicode") from None
    return text


def format_time(moment: datetime) -> str:
    """A timezone-aware moment as stored: Asia/Shanghai, microseconds, ``+08:00``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("audit times must be timezone-aware")
    return moment.astimezone(SHANGHAI).isoformat(timespec="microseconds")
