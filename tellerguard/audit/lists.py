"""Risk lists in the audit store: the SQL behind importing, reading and verifying them.

``risk_list_entries`` holds each entry as the keyed hash of its normalised key (HMAC-SHA256
with the branch lookup key, 32 raw bytes) with its category and source reference (numbers of
texts in ``risk_list_labels``, each stored once) and expiry — never the number itself.
``risk_lists`` holds one row per list, and each insert or update of it must name the
``list_imported`` / ``list_expired`` event appended just before in the same transaction (a
trigger refuses anything else). That event carries the list's content hash, SHA-256 over the
entries in hash order, which :meth:`ListQueries.list_content` recomputes: an entry deleted or
altered behind the program's back (the entries themselves carry no trigger, so that a
million-row import stays fast) no longer matches the chain.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tellerguard.audit.errors import DuplicateListEntry
from tellerguard.audit.sqlite import translate_error
from tellerguard.domain.risklists import member_key_bytes

_CONTENT_PREFIX = b"tellerguard/list-content/v1\0"
_FETCH = 50_000


@dataclass(frozen=True, slots=True)
class StoredList:
    """A list as its row in the store says (what its last event recorded)."""

    list_id: str
    key_kind: str
    title: str
    issuer: str
    version: str
    valid_from: str
    valid_until: str | None
    entries: int
    content_hash: str
    event_seq: int


_LIST_COLUMNS = (
    "list_id, key_kind, title, issuer, version, valid_from, valid_until, entries, "
    "content_hash, event_seq"
)


def _stored(row: tuple[Any, ...]) -> StoredList:
    return StoredList(
        str(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        str(row[4]),
        str(row[5]),
        None if row[6] is None else str(row[6]),
        int(row[7]),
        str(row[8]),
        int(row[9]),
    )


EntryRow = tuple[bytes, str, str, str | None]
"""(keyed hash, category, source reference, expiry as YYYY-MM-DD or None)."""


def content_hash(list_id: str, rows: Iterable[EntryRow]) -> tuple[int, str]:
    """(entries, SHA-256) of a list's entries given in hash order: per entry its 32-byte hash,
    then category, source and expiry (empty for none), NUL-separated, ending with LF."""
    digest = hashlib.sha256(_CONTENT_PREFIX + list_id.encode() + b"\0")
    count = 0
    chunk: list[bytes] = []
    for h, category, source, expires in rows:
        chunk.append(h)
        chunk.append(f"{category}\0{source}\0{expires or ''}\n".encode())
        if len(chunk) >= 2 * _FETCH:
            count += len(chunk) // 2
            digest.update(b"".join(chunk))
            chunk.clear()
    count += len(chunk) // 2
    digest.update(b"".join(chunk))
    return count, digest.hexdigest()


class ListQueries:
    """Read queries over the risk-list tables (mixed into the store's query classes)."""

    path: Path
    _conn: sqlite3.Connection
    _mutex: threading.RLock

    def _rows(self, sql: str, params: tuple[Any, ...]) -> Iterable[tuple[Any, ...]]:
        """Rows streamed in batches (a million entries never sit in one Python list)."""
        with self._mutex:
            try:
                cursor = self._conn.execute(sql, params)
                while batch := cursor.fetchmany(_FETCH):
                    yield from batch
            except sqlite3.DatabaseError as exc:
                raise translate_error(exc, self.path) from None

    def _has_list_tables(self) -> bool:
        rows = list(
            self._rows(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'risk_lists'", ()
            )
        )
        return bool(rows)

    def risk_lists(self) -> list[StoredList]:
        """Every list in the store (none before the store's migration 0003)."""
        if not self._has_list_tables():
            return []
        rows = self._rows(f"SELECT {_LIST_COLUMNS} FROM risk_lists ORDER BY list_id", ())
        return [_stored(r) for r in rows]

    def risk_list(self, list_id: str) -> StoredList | None:
        return next((s for s in self.risk_lists() if s.list_id == list_id), None)

    def list_members(self, list_id: str, on: str) -> tuple[frozenset[int], int]:
        """The in-memory keys of a list's entries not expired on ``on`` (YYYY-MM-DD), and
        how many entries had expired."""
        keys: list[int] = []
        expired = 0
        for h, expires in self._rows(
            "SELECT h, expires FROM risk_list_entries WHERE list_id = ?", (list_id,)
        ):
            if expires is None or expires >= on:
                keys.append(member_key_bytes(h))
            else:
                expired += 1
        return frozenset(keys), expired

    def _labels(self) -> dict[int, str]:
        return {int(n): str(t) for n, t in self._rows(_LABELS, ())}

    def list_content(self, list_id: str) -> tuple[int, str]:
        """(entries, content hash) recomputed from the stored entries."""
        return content_hash(list_id, _texts(self._rows(_CONTENT, (list_id,)), self._labels()))

    def list_categories(self, list_id: str) -> list[tuple[str, int]]:
        """(category, entries) of a list, most entries first."""
        labels = self._labels()
        rows = self._rows(
            "SELECT category, count(*) FROM risk_list_entries WHERE list_id = ? GROUP BY category",
            (list_id,),
        )
        counts = [(labels.get(int(c), "?"), int(n)) for c, n in rows]
        return sorted(counts, key=lambda cn: (-cn[1], cn[0]))

    def list_has(self, list_id: str, h: bytes) -> bool:
        rows = self._rows(
            "SELECT 1 FROM risk_list_entries WHERE list_id = ? AND h = ?", (list_id, h)
        )
        return bool(list(rows))


_LABELS = "SELECT label, text FROM risk_list_labels"
_CONTENT = "SELECT h, category, source, expires FROM risk_list_entries WHERE list_id = ? ORDER BY h"


def _texts(rows: Iterable[tuple[Any, ...]], labels: Mapping[int, str]) -> Iterator[EntryRow]:
    """Stored rows with their category and source numbers replaced by the texts (a number
    without its text reads as the empty text, so the content hash no longer matches)."""
    for h, category, source, expires in rows:
        yield bytes(h), labels.get(category, ""), labels.get(source, ""), expires


class ListWrites:
    """Writes to the risk-list tables inside a store transaction (mixed into it)."""

    _conn: sqlite3.Connection
    _label_cache: dict[str, int] | None = None

    def _labels_now(self) -> dict[str, int]:
        if self._label_cache is None:
            self._label_cache = {str(t): int(n) for n, t in self._conn.execute(_LABELS).fetchall()}
        return self._label_cache

    def _label(self, text: str) -> int:
        """The number of a category or source text, stored on first use."""
        cache = self._labels_now()
        found = cache.get(text)
        if found is None:
            cursor = self._conn.execute("INSERT INTO risk_list_labels (text) VALUES (?)", (text,))
            found = cache[text] = int(cursor.lastrowid or 0)
        return found

    def _numbered(self, list_id: str, rows: Iterable[EntryRow]) -> Iterator[tuple[Any, ...]]:
        cache = self._labels_now()
        known = cache.get
        for h, category, source, expires in rows:
            yield (
                list_id,
                h,
                known(category) or self._label(category),
                known(source) or self._label(source),
                expires,
            )

    def _execute(self, sql: str, params: tuple[Any, ...]) -> None:  # pragma: no cover
        raise NotImplementedError

    def _count(self, sql: str, params: tuple[Any, ...]) -> int:
        self._execute(sql, params)
        return int(self._conn.execute("SELECT changes()").fetchone()[0])

    def clear_list(self, list_id: str) -> int:
        """Remove every entry of a list (a full import replaces it); how many there were."""
        return self._count("DELETE FROM risk_list_entries WHERE list_id = ?", (list_id,))

    def insert_list_entries(self, list_id: str, rows: Iterable[EntryRow]) -> None:
        """Insert many entries; :class:`DuplicateListEntry` when two share a hash."""
        try:
            self._conn.executemany(
                "INSERT INTO risk_list_entries (list_id, h, category, source, expires) "
                "VALUES (?, ?, ?, ?, ?)",
                self._numbered(list_id, rows),
            )
        except sqlite3.IntegrityError:
            raise DuplicateListEntry(f"list {list_id}: two entries have the same key") from None

    def insert_list_entry(self, list_id: str, row: EntryRow) -> bool:
        """Insert one entry; False if the list already holds its hash."""
        return bool(
            self._count(
                "INSERT OR IGNORE INTO risk_list_entries (list_id, h, category, source, "
                "expires) VALUES (?, ?, ?, ?, ?)",
                next(self._numbered(list_id, [row])),
            )
        )

    def delete_list_entry(self, list_id: str, h: bytes) -> bool:
        """Delete one entry; False if the list does not hold it."""
        return bool(
            self._count("DELETE FROM risk_list_entries WHERE list_id = ? AND h = ?", (list_id, h))
        )

    def delete_expired_entries(self, list_id: str, on: str) -> int:
        return self._count(
            "DELETE FROM risk_list_entries WHERE list_id = ? AND expires < ?", (list_id, on)
        )

    def list_content_now(self, list_id: str) -> tuple[int, str]:
        """(entries, content hash) as the transaction leaves the list."""
        labels = {int(n): str(t) for n, t in self._conn.execute(_LABELS).fetchall()}
        cursor = self._conn.execute(_CONTENT, (list_id,))

        def rows() -> Iterator[tuple[Any, ...]]:
            while batch := cursor.fetchmany(_FETCH):
                yield from batch

        return content_hash(list_id, _texts(rows(), labels))

    def put_list(self, row: StoredList, *, insert: bool) -> None:
        """Insert or update a list's row; ``row.event_seq`` must be the list event just
        appended in this transaction (the schema refuses anything else)."""
        values = (
            row.key_kind,
            row.title,
            row.issuer,
            row.version,
            row.valid_from,
            row.valid_until,
            row.entries,
            row.content_hash,
            row.event_seq,
            row.list_id,
        )
        if insert:
            self._execute(
                "INSERT INTO risk_lists (key_kind, title, issuer, version, valid_from, "
                "valid_until, entries, content_hash, event_seq, list_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
        else:
            self._execute(
                "UPDATE risk_lists SET key_kind = ?, title = ?, issuer = ?, version = ?, "
                "valid_from = ?, valid_until = ?, entries = ?, content_hash = ?, "
                "event_seq = ? WHERE list_id = ?",
                values,
            )
