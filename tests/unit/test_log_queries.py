"""The console's keyset-paged log (audit/log_queries.py, services/console.py) against an
independent reference: every row of a demo store read with plain SQL and Python's own
filtering and sorting. Walking the pages forwards or backwards, or jumping to a position,
must give exactly the reference order, for any filter and sort."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tellerguard.audit.errors import AuditError, EventError
from tellerguard.audit.store import add_record_functions
from tellerguard.auth.errors import PermissionDenied
from tellerguard.domain.sealing import lookup_key
from tellerguard.services.console import LOG_SORTS, AuditLog, LogFilter, LogSort, key_of
from tellerguard.services.demo import demo_settings
from tellerguard.services.desk import Desk
from tellerguard.services.workstation import Workstation, open_workstation

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bulk_store import build_store

EVENTS = 3000


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("log") / "store.sqlite3"
    build_store(db, EVENTS, sample=500, per_day=120)
    return db


@pytest.fixture(scope="module")
def workstation(store: Path) -> Iterator[Workstation]:
    with open_workstation(demo_settings(store)) as ws:
        yield ws


@pytest.fixture(scope="module")
def desk(workstation: Workstation) -> Desk:
    return Desk(workstation, workstation.login("supervisor01", "Super#2026"))


@pytest.fixture(scope="module")
def audit_log(desk: Desk) -> Iterator[AuditLog]:
    opened = desk.audit_log()
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def reference(store: Path) -> list[dict[str, Any]]:
    """Every event, read and tagged without the code under test."""
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        add_record_functions(db)
        rows = db.execute("SELECT seq, record_json(record) FROM events ORDER BY seq").fetchall()
    out = []
    for seq, text in rows:
        record = json.loads(text)
        payload = record["payload"]
        subject = payload.get("subject") or {}
        tags = set()
        if record["type"] == "assessment_shown":
            tags = {tag for hit in payload["hits"] for tag in hit["tags"]}
        out.append(
            {
                "seq": seq,
                "at": record["at"],
                "type": record["type"],
                "operator": record["operator"],
                "level": payload.get("level"),
                "decision": payload.get("decision"),
                "tags": tags,
                "id_hmac": (subject.get("id_number") or {}).get("h"),
                "card_hmac": (subject.get("payee_account") or {}).get("h"),
            }
        )
    return out


def expected(
    rows: list[dict[str, Any]], selection: LogFilter, sort: LogSort, descending: bool
) -> list[int]:
    def keep(row: dict[str, Any]) -> bool:
        day = date.fromisoformat(row["at"][:10])
        return (
            row["seq"] <= selection.up_to_seq
            and (selection.date_from is None or day >= selection.date_from)
            and (selection.date_to is None or day <= selection.date_to)
            and (not selection.types or row["type"] in selection.types)
            and selection.operator in (None, row["operator"])
            and selection.level in (None, row["level"])
            and selection.decision in (None, row["decision"])
            and (selection.tag is None or selection.tag in row["tags"])
            and (
                selection.id_hmac is None
                or row["id_hmac"] == selection.id_hmac
                or row["card_hmac"] == selection.card_hmac
            )
        )

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return (row["at"], row["seq"]) if sort == "at" else (row[sort], row["at"], row["seq"])

    return [r["seq"] for r in sorted(filter(keep, rows), key=key, reverse=descending)]


def walk(audit_log: AuditLog, selection: LogFilter, sort: LogSort, descending: bool) -> list[int]:
    seqs: list[int] = []
    after = None
    while True:
        page = audit_log.page(selection, sort=sort, descending=descending, after=after, limit=97)
        seqs += [row.seq for row in page]
        if len(page) < 97:
            return seqs
        after = key_of(page[-1], sort)


FIRST_DAY = date(2024, 1, 8)
filters = st.builds(
    dict,
    date_from=st.sampled_from([None, FIRST_DAY, date(2024, 1, 12)]),
    date_to=st.sampled_from([None, date(2024, 1, 17), date(2030, 1, 1)]),
    types=st.sampled_from([(), ("assessment_shown",), ("reminder_completed", "business_refused")]),
    operator=st.sampled_from([None, "teller01", "teller02", "nobody' OR 1=1 --"]),
    level=st.sampled_from([None, "second_reminder", "refuse"]),
    decision=st.sampled_from([None, "dissuaded", "proceeded"]),
    tag=st.sampled_from([None, "elderly", "impersonate_acquaintance", "%"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=filters, sort=st.sampled_from(LOG_SORTS), descending=st.booleans())
def test_pages_walk_the_reference_order_for_any_filter_and_sort(
    audit_log: AuditLog,
    reference: list[dict[str, Any]],
    parts: dict[str, Any],
    sort: LogSort,
    descending: bool,
) -> None:
    selection = LogFilter(up_to_seq=EVENTS - 100, **parts)
    want = expected(reference, selection, sort, descending)
    assert audit_log.count(selection) == len(want)
    assert walk(audit_log, selection, sort, descending) == want
    if want:
        # A jump: the key at a position, then the page from it, is the reference from there.
        offset = len(want) * 2 // 3
        key = audit_log.key_at(selection, offset, sort=sort, descending=descending)
        assert key is not None
        page = audit_log.page(
            selection, sort=sort, descending=descending, after=key, inclusive=True, limit=50
        )
        assert [row.seq for row in page] == want[offset : offset + 50]
        # Backwards from there: the rows just above it.
        above = audit_log.page(selection, sort=sort, descending=descending, before=key, limit=30)
        assert [row.seq for row in above] == want[max(0, offset - 30) : offset]
    assert audit_log.key_at(selection, len(want), sort=sort, descending=descending) is None


def test_the_whole_log_is_every_event_newest_first(audit_log: AuditLog) -> None:
    head = audit_log.head()
    assert head > EVENTS  # the bulk store, then the supervisor's sign-in
    everything = LogFilter(up_to_seq=head)
    assert audit_log.count(everything) == head
    first = audit_log.page(everything, limit=3)
    assert [row.seq for row in first] == [head, head - 1, head - 2]
    assert audit_log.page(everything, sort="at", descending=False, limit=1)[0].seq == 1


def test_a_snapshot_keeps_positions_while_the_counter_writes(
    audit_log: AuditLog, desk: Desk
) -> None:
    selection = LogFilter(up_to_seq=audit_log.head())
    before = audit_log.key_at(selection, 1000)
    desk.counter.screen_locked()  # a new event arrives
    assert audit_log.head() == selection.up_to_seq + 1
    assert audit_log.key_at(selection, 1000) == before
    assert audit_log.count(selection) == selection.up_to_seq


def test_a_key_of_the_wrong_shape_is_refused(audit_log: AuditLog) -> None:
    with pytest.raises(ValueError, match="key has 3 parts"):
        audit_log.page(LogFilter(up_to_seq=10), sort="type", after=("2024-01-08", 5))


def test_a_customer_is_found_by_number_and_the_search_is_recorded(
    audit_log: AuditLog, desk: Desk, workstation: Workstation, reference: list[dict[str, Any]]
) -> None:
    # An investigator brings a customer's number: here, one the store sealed, opened by hand.
    cipher = workstation.store.cipher
    with sqlite3.connect(f"file:{workstation.store.path}?mode=ro", uri=True) as db:
        add_record_functions(db)
        sealed, values = db.execute(
            "SELECT record_json(record) ->> '$.payload.subject.id_number.c', "
            "record_json(record) ->> '$.sealed' FROM events "
            "WHERE type = 'business_refused' ORDER BY seq LIMIT 1"
        ).fetchone()
    number = cipher.for_record({"sealed": values}).open(sealed)
    assert lookup_key(cipher, "id", number) in {row["id_hmac"] for row in reference}
    with pytest.raises(EventError, match="needs its reason"):
        desk.customer_filter(number, "  ")
    key = desk.customer_filter(number, "公安协查函 2024-17 号")
    assert number not in key.masked and "*" in key.masked
    selection = LogFilter(up_to_seq=audit_log.head(), id_hmac=key.id_hmac, card_hmac=key.card_hmac)
    want = expected(reference, selection, "at", True)
    assert want and audit_log.count(selection) == len(want) == key.found
    assert walk(audit_log, selection, "at", True) == want
    recorded = workstation.store.event(workstation.store.head.seq)
    assert recorded is not None
    data = recorded.data()
    assert data["type"] == "personal_data_accessed" and data["operator"] == "supervisor01"
    payload = data["payload"]
    assert payload["purpose"] == "customer_search" and payload["seqs"][: len(want)]
    assert number not in json.dumps(data, ensure_ascii=False)
    opener = cipher.for_record(data)  # the record's one ciphertext of its values
    assert opener.open(payload["customer"]["c"]) == number
    assert opener.open(payload["reason"]["c"]) == "公安协查函 2024-17 号"


def test_a_teller_may_not_open_the_log(workstation: Workstation) -> None:
    teller = Desk(workstation, workstation.login("teller01", "Teller#2026"))
    with pytest.raises(PermissionDenied):
        teller.audit_log()
    with pytest.raises(PermissionDenied):
        teller.customer_filter("410102195403150028", "好奇")


def test_tag_rows_are_derived_and_append_only(store: Path, workstation: Workstation) -> None:
    with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as db:
        add_record_functions(db)
        tagged = db.execute("SELECT count(DISTINCT seq) FROM event_tags").fetchone()[0]
        assessments_with_tags = db.execute(
            "SELECT count(*) FROM events WHERE type = 'assessment_shown' AND EXISTS "
            "(SELECT 1 FROM json_each(record_json(record), '$.payload.hits') AS h, "
            "json_each(h.value, '$.tags'))"
        ).fetchone()[0]
    assert tagged == assessments_with_tags > 0
    raw = sqlite3.connect(store, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError, match="UPDATE is refused"):
        raw.execute("UPDATE event_tags SET tag = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="DELETE is refused"):
        raw.execute("DELETE FROM event_tags")
    raw.close()
    # The application's own connection cannot write a tag row by hand either.
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        workstation.store.conn.execute(
            "INSERT INTO event_tags (tag, at, seq) VALUES ('elderly', '2024', 1)"
        )


def test_an_event_detail_is_whole_and_masked(desk: Desk, workstation: Workstation) -> None:
    with sqlite3.connect(f"file:{workstation.store.path}?mode=ro", uri=True) as db:
        add_record_functions(db)
        seq = db.execute(
            "SELECT min(seq) FROM events WHERE type = 'supervisor_authorized'"
        ).fetchone()[0]
    detail = desk.event_detail(seq)
    assert detail is not None and detail.seq == seq and len(detail.hash) == 64
    payload = detail.record["payload"]
    assert isinstance(payload["reason"], str)  # the masked form, not the sealed value
    assert '"c"' not in json.dumps(detail.record) and '"h"' not in json.dumps(detail.record)
    assert desk.event_detail(10**9) is None


def test_a_closed_log_fails_clearly(desk: Desk) -> None:
    opened = desk.audit_log()
    opened.close()
    with pytest.raises((AuditError, sqlite3.ProgrammingError)):
        opened.head()
