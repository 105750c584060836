"""Measure candidate stored forms of the audit record on real demo events (docs/AUDIT.md).

    .venv/bin/python bench/record_forms.py --db TRAIN.sqlite3 --test TEST.sqlite3

Trains a zstd dictionary on the records of one demo store and measures every candidate on
the records of another (a different seed), so the dictionary is not judged on what it saw.
Prints average stored bytes per event and the time to encode/decode one record. cbor2 is
needed only here (``uv pip install cbor2``), not by the program.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import zstandard


def records(path: Path) -> list[bytes]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return [bytes(r[0]) for r in conn.execute("SELECT CAST(record AS BLOB) FROM events")]


def binary_fields(node: Any) -> Any:
    """Sealed values and keyed hashes as bytes (what a binary encoding could store)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "c" and isinstance(value, str):
                out[key] = base64.b64decode(value)
            elif key in ("h", "sha256", "content_hash", "hash") and isinstance(value, str):
                try:
                    out[key] = bytes.fromhex(value)
                except ValueError:
                    out[key] = value
            else:
                out[key] = binary_fields(value)
        return out
    if isinstance(node, list):
        return [binary_fields(v) for v in node]
    return node


def one_ciphertext(node: Any, sealed: list[bytes]) -> Any:
    """Each sealed value's ciphertext gathered into one AES-GCM message (nonce and tag once):
    the sealed field keeps only its mask and keyed hash."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "c" and isinstance(value, str):
                sealed.append(base64.b64decode(value)[12:-16])
            else:
                out[key] = one_ciphertext(value, sealed)
        return out
    if isinstance(node, list):
        return [one_ciphertext(v, sealed) for v in node]
    return node


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def one_ct_json(raw: bytes) -> bytes:
    sealed: list[bytes] = []
    obj = one_ciphertext(json.loads(raw), sealed)
    if sealed:
        blob = bytes(12) + b"".join(sealed) + bytes(16)
        obj["sealed"] = base64.b64encode(blob).decode()
    return canonical(obj)


def main() -> int:
    import cbor2

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--test", type=Path, required=True)
    parser.add_argument("--dict-size", type=int, default=64 * 1024)
    args = parser.parse_args()
    train, test = records(args.db), records(args.test)

    def cbor(raw: bytes) -> bytes:
        return bytes(cbor2.dumps(binary_fields(json.loads(raw)), canonical=True))

    forms: dict[str, Callable[[bytes], bytes]] = {
        "canonical JSON": lambda r: r,
        "canonical JSON, one ciphertext/event": one_ct_json,
        "deterministic CBOR (binary hashes, ciphertexts)": cbor,
        "CBOR, one ciphertext/event": lambda r: cbor(one_ct_json(r)),
    }
    print(f"{len(train):,} training records, {len(test):,} test records")
    print(f"{'form':52} {'raw B':>7} {'zstd B':>7} {'+dict B':>7} {'enc µs':>7} {'dec µs':>7}")
    for name, form in forms.items():
        train_forms = [form(r) for r in train]
        test_forms = [form(r) for r in test]
        dictionary = zstandard.train_dictionary(args.dict_size, train_forms, level=19)
        plain = zstandard.ZstdCompressor(level=19)
        dc = zstandard.ZstdCompressor(
            level=19,
            dict_data=dictionary,
            write_content_size=True,
            write_checksum=False,
            write_dict_id=True,
        )
        dd = zstandard.ZstdDecompressor(dict_data=dictionary)
        raw = sum(map(len, test_forms)) / len(test)
        z = sum(len(plain.compress(f)) for f in test_forms) / len(test)
        frames = [dc.compress(f) for f in test_forms]
        zd = sum(map(len, frames)) / len(test)
        fast = zstandard.ZstdCompressor(level=3, dict_data=dictionary)
        started = time.perf_counter()
        for f in test_forms[:5000]:
            fast.compress(f)
        enc = (time.perf_counter() - started) / min(5000, len(test)) * 1e6
        started = time.perf_counter()
        for f in frames[:5000]:
            dd.decompress(f)
        dec = (time.perf_counter() - started) / min(5000, len(test)) * 1e6
        print(f"{name:52} {raw:7.0f} {z:7.0f} {zd:7.0f} {enc:7.1f} {dec:7.1f}")
    hashes = [hashlib.sha256(r).digest() for r in test]
    print(f"(per event, a binary hash is 32 B, hex 64 B; {len(hashes)} hashed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
