"""The record dictionaries on records they were not trained on (docs/AUDIT.md, issue 13).

    .venv/bin/tellerguard demo --db /tmp/dict/test/demo.sqlite3 --events 20000 --seed 1
    .venv/bin/python bench/bench_dictionaries.py --test /tmp/dict/test/demo.sqlite3
    # and candidates trained on another branch, beside them in the same run:
    .venv/bin/python bench/bench_dictionaries.py --test TEST.sqlite3 --train TRAIN.sqlite3 \\
        --sizes 64,112

Each record of the test store is compressed as the store writes it (level 3, the frame's
header with content size and dictionary id, no checksum) with every packaged dictionary and
with each candidate (trained as ``scripts/train_record_dictionary.py`` trains), and the
average stored bytes a record are printed beside the first packaged dictionary's, from the
same run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import zstandard

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from train_record_dictionary import record_texts, train

from tellerguard.audit.record import COMPRESSION_LEVEL, EARLIER_DICTIONARIES, PACKAGED_DICTIONARY


def stored_bytes(dictionary: zstandard.ZstdCompressionDict, records: list[bytes]) -> float:
    """Average stored bytes a record with this dictionary, compressed as the store does."""
    dictionary.precompute_compress(level=COMPRESSION_LEVEL)
    compressor = zstandard.ZstdCompressor(
        dict_data=dictionary, write_checksum=False, write_content_size=True, write_dict_id=True
    )
    return sum(len(compressor.compress(r)) for r in records) / len(records)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--test", type=Path, required=True, help="a demo store to measure on")
    parser.add_argument("--train", type=Path, help="a demo store to train candidates on")
    parser.add_argument("--sizes", default="64,112", help="candidate sizes in KiB")
    args = parser.parse_args()
    test = record_texts([args.test])
    print(f"{len(test):,} test records of {args.test}, {sum(map(len, test)) / len(test):,.0f} B")
    rows: list[tuple[str, float]] = []
    for path in (*EARLIER_DICTIONARIES, PACKAGED_DICTIONARY):
        raw = path.read_bytes()
        rows.append(
            (
                f"packaged {path.name} ({len(raw) // 1024} KiB)",
                stored_bytes(zstandard.ZstdCompressionDict(raw), test),
            )
        )
    if args.train is not None:
        samples = record_texts([args.train])
        for size in (int(s) for s in args.sizes.split(",")):
            started = time.perf_counter()
            trained = train(samples, size)  # as scripts/train_record_dictionary.py trains
            took = time.perf_counter() - started
            rows.append(
                (
                    f"trained on {len(samples):,} records, {size} KiB ({took:.0f} s)",
                    stored_bytes(trained, test),
                )
            )
    baseline = rows[0][1]
    print(f"{'dictionary':58} {'B/record':>9} {'vs first':>9}")
    for name, size in rows:
        print(f"{name:58} {size:9.1f} {size / baseline:8.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
