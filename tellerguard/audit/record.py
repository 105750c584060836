"""The stored form of an audit record: canonical JSON, compressed as one zstd frame with a
dictionary that the store itself keeps as a chained event (docs/AUDIT.md specifies it).

A stored record is one of two byte strings, told apart by their first byte:

* ``{``: the canonical JSON text itself (UTF-8). The store's first events (``store_created``,
  ``record_dictionary``) and every event of a store written before the lean format are kept
  this way, so a reader needs nothing to start with.
* ``28 B5 2F FD``: a zstd frame (RFC 8878) whose header names its dictionary id and holds the
  content size; it decompresses, with that dictionary, to the canonical JSON text.

The chain hash covers the stored bytes (``SHA-256(prev ‖ seq ‖ stored)``), so verifying the
chain is reading and hashing the file's bytes; decompressing is needed only to read an
event's content (and by ``verify --deep``, which re-derives every column from it).

A ``record_dictionary`` event (plain JSON, in the chain) carries each dictionary a store uses;
a flipped bit in it breaks the chain exactly as one in any other record does.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from pathlib import Path
from typing import Any

import orjson
import zstandard

from tellerguard.audit.errors import AuditError

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
JSON_START = b"{"
DICTIONARY_ID = 0x54470002
"""The id of the dictionary new records are compressed with ("TG" 0002): outside zstd's
reserved ranges (< 32768 and ≥ 2^31), written into every frame's header."""
PACKAGED_DICTIONARY = Path(__file__).with_name("record_dictionary_2.zstd")
"""Trained on the record form of 2026-12-07 (one ciphertext a record, lists named by their
event): 489 → 393 B a record on a demo branch it never saw (docs/AUDIT.md)."""
EARLIER_DICTIONARIES = (Path(__file__).with_name("record_dictionary_1.zstd"),)
"""Dictionaries earlier versions packaged. A store carries each dictionary it uses in its own
chain, but a reader that starts mid-store (a piece of central verify) never passes that event,
so every packaged dictionary stays known to every process."""
COMPRESSION_LEVEL = 3
"""Measured (docs/AUDIT.md): level 19 saves 4 % more bytes at 8x the time of an append's
compression; level 3 keeps compression a few microseconds."""
MAX_RECORD = 16 * 1024 * 1024
"""The largest decompressed record a reader accepts (a frame claiming more is damaged)."""


class RecordFormatError(AuditError, ValueError):
    """Stored record bytes that are neither canonical JSON nor a frame of a known dictionary."""


class _Dictionaries:
    """Dictionaries by id, each with its compressor and decompressor (zstandard's objects are
    not thread-safe, so each thread gets its own)."""

    def __init__(self) -> None:
        self._bytes: dict[int, bytes] = {}
        self._local = threading.local()
        self._lock = threading.Lock()

    def add(self, raw: bytes) -> int:
        dict_id = zstandard.ZstdCompressionDict(raw).dict_id()
        with self._lock:
            known = self._bytes.get(dict_id)
            if known is not None and known != raw:
                raise RecordFormatError(
                    f"two different zstd dictionaries carry the id {dict_id}: one is damaged"
                )
            self._bytes[dict_id] = raw
        return dict_id

    def known(self, dict_id: int) -> bytes | None:
        return self._bytes.get(dict_id)

    def _coders(self) -> dict[int, tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]]:
        coders = getattr(self._local, "coders", None)
        if coders is None:
            coders = self._local.coders = {}
        return coders

    def coder(self, dict_id: int) -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
        coders = self._coders()
        pair = coders.get(dict_id)
        if pair is None:
            raw = self._bytes.get(dict_id)
            if raw is None:
                raise RecordFormatError(
                    f"the record is compressed with zstd dictionary {dict_id}, which this store "
                    "does not hold"
                )
            data = zstandard.ZstdCompressionDict(raw)
            data.precompute_compress(level=COMPRESSION_LEVEL)
            compressor = zstandard.ZstdCompressor(
                dict_data=data, write_checksum=False, write_content_size=True, write_dict_id=True
            )
            pair = coders[dict_id] = (compressor, zstandard.ZstdDecompressor(dict_data=data))
        return pair


DICTIONARIES = _Dictionaries()


def packaged_dictionary() -> bytes:
    return PACKAGED_DICTIONARY.read_bytes()


for _earlier in EARLIER_DICTIONARIES:
    DICTIONARIES.add(_earlier.read_bytes())
DICTIONARIES.add(packaged_dictionary())


def encode_record(text: bytes, dict_id: int | None) -> bytes:
    """The stored bytes of a canonical record: the text itself without a dictionary, else its
    zstd frame."""
    if dict_id is None:
        return text
    return DICTIONARIES.coder(dict_id)[0].compress(text)


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 19


def record_data(text: bytes) -> Any:
    """The JSON value of a record's canonical text, as the ``json`` module reads it.

    orjson reads it in a third of the time (a 4.5 KB assessment: 7.3 µs against 19.7), but
    an integer beyond 64 bits becomes a float there: a text with 19 digits in a row (2.5 µs
    to look for; about one record in 500, in hashes and ciphertexts) or one orjson refuses
    (a lone surrogate escape, ``NaN``) is read by ``json``. Malformed JSON: ``ValueError``.
    """
    if _LONG_NUMBER not in text.translate(_DIGITS_AS_ZERO):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass  # json's reading, or its error, below
    return json.loads(text)


def decode_record(stored: bytes) -> bytes:
    """The canonical JSON text of stored record bytes; :class:`RecordFormatError` if damaged."""
    head = stored[:1]
    if head == JSON_START:
        return stored
    if stored[:4] != ZSTD_MAGIC:
        raise RecordFormatError("the record is neither canonical JSON nor a zstd frame")
    try:
        params = zstandard.get_frame_parameters(stored)
    except zstandard.ZstdError as exc:
        raise RecordFormatError(f"damaged zstd frame header: {exc}") from None
    if params.content_size > MAX_RECORD or params.content_size <= 0:
        raise RecordFormatError(f"the zstd frame claims {params.content_size} bytes")
    decompressor = DICTIONARIES.coder(params.dict_id)[1]
    try:
        text = decompressor.decompress(stored)
    except zstandard.ZstdError as exc:
        raise RecordFormatError(f"damaged zstd frame: {exc}") from None
    if text[:1] != JSON_START:
        raise RecordFormatError("the decompressed record is not a JSON object")
    return bytes(text)


def dictionary_payload(raw: bytes) -> dict[str, object]:
    """The payload of the ``record_dictionary`` event that carries ``raw`` into a store."""
    return {
        "dict_id": zstandard.ZstdCompressionDict(raw).dict_id(),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "zstd": base64.b64encode(raw).decode("ascii"),
    }


def dictionary_from_payload(payload: dict[str, object]) -> bytes:
    """The dictionary bytes of a ``record_dictionary`` payload, checked against its id and
    hash; :class:`RecordFormatError` otherwise."""
    try:
        raw = base64.b64decode(str(payload["zstd"]), validate=True)
    except (KeyError, ValueError):
        raise RecordFormatError("the record_dictionary event holds no base64 dictionary") from None
    if hashlib.sha256(raw).hexdigest() != payload.get("sha256"):
        raise RecordFormatError("the record_dictionary event's dictionary does not match its hash")
    if zstandard.ZstdCompressionDict(raw).dict_id() != payload.get("dict_id"):
        raise RecordFormatError("the record_dictionary event's dictionary has another id")
    return raw
