"""Export bundles: manifest correctness, masking (no full identifier in the bytes), XLSX sheet
splitting, unmasked exports only with a second approver and a reason, every export an event."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from tellerguard.audit.bundle import check_bundle
from tellerguard.audit.errors import ExportError
from tellerguard.audit.export import read_manifest
from tellerguard.auth.errors import AuthenticationFailed, PermissionDenied, SelfApprovalError
from tellerguard.auth.users import Credentials
from tellerguard.config import Settings
from tellerguard.domain.case import CaseError
from tellerguard.services.audit_ops import export_audit
from tellerguard.services.counter import Counter
from tests.unit.audit_helpers import (
    CARD,
    ID_NUMBER,
    OPENING,
    PASSWORDS,
    assessment,
    case,
    login,
    open_ws,
    set_up,
)

DAY = date(2026, 11, 25)
FULL_VALUES = (ID_NUMBER, CARD, "13903960000", "13803710000", "王秀兰", "李明")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = set_up(tmp_path / "ws")
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        for i in range(5):
            ref = counter.record_assessment(
                case() if i % 2 else case(OPENING), assessment()
            ).case_ref
            counter.record_reminder(
                ref,
                script_version="v1",
                script=["请确认"],
                answers=[("是本人吗？", "是，手机13803710000")],
                duration_seconds=90,
                decision="dissuaded",
            )
            counter.refuse(ref, f"客户称身份证{ID_NUMBER}在别人手里")
    return settings


def all_bytes(bundle: Path) -> bytes:
    with zipfile.ZipFile(bundle) as zf:
        return b"".join(zf.read(name) for name in zf.namelist())


def csv_module_text(rows: list[tuple[object, ...]]) -> str:
    """The export's header and ``rows`` as Python's csv module writes them."""
    from tellerguard.audit.export_rows import columns

    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow([c.header for c in columns()])
    writer.writerows(rows)
    return expected.getvalue()


def export(settings: Settings, out: Path, **kwargs: object) -> object:
    with open_ws(settings) as ws:
        session = login(ws, str(kwargs.pop("as_user", "supervisor01")))
        return export_audit(ws, session, date_from=DAY, date_to=DAY, out=out, **kwargs)  # type: ignore[arg-type]


def test_a_csv_export_is_masked_and_its_manifest_checks_out(
    settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "export.zip"
    outcome = export(settings, out, fmt="csv")
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["events.csv", "manifest.json", "manifest.sig"]
        text = zf.read("events.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["序号", "时间", "网点", "工作站", "操作员", "事件类型"]
    assert "证件号码" in header and "链哈希" in header
    manifest = read_manifest(out)
    assert manifest["rows"] == len(body) > 0
    assert manifest["seq_first"] == int(body[0][0]) and manifest["seq_last"] == int(body[-1][0])
    assert manifest["last_chain_hash"] == body[-1][header.index("链哈希")]
    assert manifest["masked"] is True and manifest["timezone"] == "Asia/Shanghai"
    assert check_bundle(out).ok
    assert hashlib.sha256(out.read_bytes()).hexdigest() == outcome.sha256  # type: ignore[attr-defined]
    assert (tmp_path / "export.zip.sha256").read_text().startswith(outcome.sha256)  # type: ignore[attr-defined]
    data = all_bytes(out)
    for secret in FULL_VALUES:
        assert secret.encode() not in data, secret
    ids = {row[header.index("证件号码")] for row in body if row[header.index("证件号码")]}
    assert ids == {"410102********0028"}
    refusal = next(row for row in body if row[header.index("事件代码")] == "business_refused")
    assert refusal[header.index("事件类型")] == "拒绝办理"
    assert "410102********0028" in refusal[header.index("原因")]
    assert refusal[header.index("命中规则")] == "XFER-ACQUAINTANCE、XFER-ELDERLY"
    reminder = next(row for row in body if row[header.index("事件代码")] == "reminder_completed")
    assert reminder[header.index("客户决定")] == "劝阻成功"
    assert reminder[header.index("风险等级")] == "主管授权"


def test_the_export_is_itself_an_audit_event(settings: Settings, tmp_path: Path) -> None:
    outcome = export(settings, tmp_path / "e.zip", fmt="jsonl")
    with open_ws(settings) as ws:
        event = ws.store.event(outcome.receipt.seq)  # type: ignore[attr-defined]
        assert event is not None
        payload = event.data()["payload"]
    assert event.event_type == "export_written" and payload["masked"] is True
    assert payload["sha256"] == outcome.sha256  # type: ignore[attr-defined]
    assert payload["rows"] == read_manifest(tmp_path / "e.zip")["rows"]


def test_jsonl_export_is_masked_and_filters_by_type_and_teller(
    settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "e.zip"
    export(settings, out, fmt="jsonl", types=["reminder_completed"], teller="teller01")
    with zipfile.ZipFile(out) as zf:
        lines = zf.read("events.jsonl").decode().splitlines()
    events = [json.loads(line) for line in lines]
    assert len(events) == 5
    assert {e["event"]["type"] for e in events} == {"reminder_completed"}
    assert events[0]["event"]["payload"]["answers"][0]["answer"] == "是，手机138****0000"
    assert events[0]["event"]["payload"]["subject"]["id_number"] == "410102********0028"
    data = all_bytes(out)
    for secret in FULL_VALUES:
        assert secret.encode() not in data, secret
    empty = tmp_path / "none.zip"
    export(settings, empty, fmt="jsonl", teller="teller02")
    assert read_manifest(empty)["rows"] == 0 and read_manifest(empty)["seq_first"] is None


def test_xlsx_starts_a_new_sheet_at_the_row_limit(settings: Settings, tmp_path: Path) -> None:
    out = tmp_path / "e.zip"
    with open_ws(settings) as ws:
        outcome = export_audit(
            ws,
            login(ws, "supervisor01"),
            date_from=DAY,
            date_to=DAY,
            fmt="xlsx",
            out=out,
            rows_per_sheet=6,
        )
    with zipfile.ZipFile(out) as zf:
        workbook = zf.read("events.xlsx")
    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        sheets = sorted(n for n in book.namelist() if n.startswith("xl/worksheets/sheet"))
        xml = [book.read(name).decode() for name in sheets]
    sizes = [len(re.findall(r"<row ", sheet)) for sheet in xml]
    assert len(sizes) >= 2 and all(size <= 6 for size in sizes)
    assert sum(size - 1 for size in sizes) == outcome.rows  # one header per sheet
    assert all("序号" in sheet.split("</row>")[0] for sheet in xml)
    assert ID_NUMBER.encode() not in b"".join(s.encode() for s in xml)
    assert "410102********0028" in "".join(xml)


def test_an_unmasked_export_needs_permission_a_reason_and_a_second_approver(
    settings: Settings, tmp_path: Path
) -> None:
    approver = Credentials("supervisor02", PASSWORDS["supervisor02"])
    with pytest.raises(ExportError, match="second approver and a reason"):
        export(settings, tmp_path / "a.zip", fmt="csv", unmasked=True)
    with pytest.raises(ExportError, match="second approver and a reason"):
        export(
            settings, tmp_path / "a.zip", fmt="csv", unmasked=True, approver=approver, reason="  "
        )
    with pytest.raises(PermissionDenied):
        export(
            settings,
            tmp_path / "a.zip",
            fmt="csv",
            unmasked=True,
            approver=approver,
            reason="公安协查",
            as_user="admin01",
        )
    with pytest.raises(SelfApprovalError):
        export(
            settings,
            tmp_path / "a.zip",
            fmt="csv",
            unmasked=True,
            reason="公安协查",
            approver=Credentials("supervisor01", PASSWORDS["supervisor01"]),
        )
    with pytest.raises(AuthenticationFailed):
        export(
            settings,
            tmp_path / "a.zip",
            fmt="csv",
            unmasked=True,
            reason="公安协查",
            approver=Credentials("supervisor02", "wrong password 1"),
        )
    with pytest.raises(PermissionDenied):  # a teller cannot be the approver
        export(
            settings,
            tmp_path / "a.zip",
            fmt="csv",
            unmasked=True,
            reason="公安协查",
            approver=Credentials("teller01", PASSWORDS["teller01"]),
        )
    assert not (tmp_path / "a.zip").exists()
    outcome = export(
        settings,
        tmp_path / "a.zip",
        fmt="csv",
        unmasked=True,
        approver=approver,
        reason="公安机关协查函（2026）第12号",
    )
    data = all_bytes(tmp_path / "a.zip")
    assert ID_NUMBER.encode() in data and "王秀兰".encode() in data
    manifest = read_manifest(tmp_path / "a.zip")
    assert manifest["masked"] is False and manifest["approver"] == "supervisor02"
    with open_ws(settings) as ws:
        payload = ws.store.event(outcome.receipt.seq).data()["payload"]  # type: ignore[attr-defined, union-attr]
    assert payload["masked"] is False and payload["approver"] == "supervisor02"
    assert payload["reason"]["m"] == "公安机关协查函（2026）第12号"


def test_bad_export_requests_are_refused_and_write_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        export(settings, tmp_path / "a.zip", fmt="csv", as_user="teller01")
    with pytest.raises(ExportError, match="unknown event types"):
        export(settings, tmp_path / "a.zip", fmt="csv", types=["tea_time"])
    with open_ws(settings) as ws, pytest.raises(ExportError, match="ends"):
        export_audit(
            ws,
            login(ws, "supervisor01"),
            date_from=DAY,
            date_to=date(2026, 1, 1),
            fmt="csv",
            out=tmp_path / "a.zip",
        )
    (tmp_path / "exists.zip").write_bytes(b"keep me")
    with pytest.raises(ExportError, match="already exists"):
        export(settings, tmp_path / "exists.zip", fmt="csv")
    assert (tmp_path / "exists.zip").read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists.zip", "ws"]


def test_the_fast_csv_is_exactly_what_the_csv_module_writes(
    settings: Settings, tmp_path: Path
) -> None:
    from tellerguard.audit.export_rows import columns
    from tellerguard.audit.store import AuditReader

    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        ref = counter.record_assessment(case(), assessment()).case_ref
        tricky = '客户说："别问了, 快转"\n然后挂了电话\r\n，"安全账户"'
        counter.refuse(ref, tricky)
    out = tmp_path / "e.zip"
    export(settings, out, fmt="csv")
    with zipfile.ZipFile(out) as zf:
        text = zf.read("events.csv").decode("utf-8-sig")
    with AuditReader(settings.database_path) as reader:
        rows = reader.conn.execute(
            f"SELECT {', '.join(c.sql for c in columns())} FROM events WHERE seq <= ? ORDER BY seq",
            (read_manifest(out)["seq_last"],),
        ).fetchall()
    assert text == csv_module_text(rows)
    parsed = list(csv.reader(io.StringIO(text)))
    reasons = [row[parsed[0].index("原因")] for row in parsed[1:]]
    assert tricky in reasons


def test_the_store_refuses_csv_special_characters_where_exports_do_not_quote(
    settings: Settings,
) -> None:
    from tellerguard.audit.errors import EventError

    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        ref = counter.record_assessment(case(), assessment()).case_ref
        payload = ws.store.event(ws.store.head.seq).data()["payload"]  # type: ignore[union-attr]
        payload["subject"]["id_number"]["m"] = "410102,****0028"
        payload["case_ref"] = ref
        with pytest.raises(EventError, match=r"payload\.subject\.id_number\.m must not contain"):
            ws.store.append_raw("assessment_shown", payload, operator="teller01")


def test_labels_written_unquoted_hold_no_csv_special_characters() -> None:
    from tellerguard.domain.events import (
        EVENT_TYPES,
    )
    from tellerguard.domain.labels import (
        DECISION_LABELS,
        ENUM_LABELS,
        OUTCOME_LABELS,
    )
    from tellerguard.domain.levels import LEVEL_LABELS

    labels = [
        *DECISION_LABELS.values(),
        *OUTCOME_LABELS.values(),
        *LEVEL_LABELS.values(),
        *ENUM_LABELS["case_kind"].values(),
        *ENUM_LABELS["id_type"].values(),
        *(model.label_zh for model in EVENT_TYPES.values()),
    ]
    assert all(not set(label) & set(',"\r\n') for label in labels)


HOSTILE_NAMES = ('=HYPERLINK("http://x","y")', "+cmd|calc", "@SUM(A1)", "-2+3")


@pytest.mark.parametrize("masked", [True, False])
def test_no_csv_cell_can_run_as_a_spreadsheet_formula(
    settings: Settings, tmp_path: Path, masked: bool
) -> None:
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        for name in HOSTILE_NAMES:  # names are refused at the counter; free text is kept
            with pytest.raises(CaseError, match=r"customer\.name"):
                case(customer__name=name)
            with pytest.raises(CaseError, match=r"transfer\.payee_name"):
                case(transfer__payee_name=name)
            recorded = counter.record_assessment(case(notes=name), assessment())
            counter.refuse(recorded.case_ref, name)
    out = tmp_path / "e.zip"
    if masked:
        export(settings, out, fmt="csv")
    else:
        export(
            settings,
            out,
            fmt="csv",
            unmasked=True,
            approver=Credentials("supervisor02", PASSWORDS["supervisor02"]),
            reason="公安机关调取",
        )
    with zipfile.ZipFile(out) as zf:
        text = zf.read("events.csv").decode("utf-8-sig")
    # A strict parser: a stray quote or a malformed field raises instead of being guessed.
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert len(rows) > len(HOSTILE_NAMES) and {len(row) for row in rows} == {len(rows[0])}
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    reasons = {row[rows[0].index("原因")] for row in rows[1:]}
    assert {"'" + name for name in HOSTILE_NAMES} <= reasons  # kept, shown as text


_FREE_TEXT = st.text(
    alphabet=st.sampled_from(list(",\"\r\n\t=+-@' 客户说安全账户ab1")), max_size=12
)


@settings_hypothesis(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), _FREE_TEXT), min_size=4, max_size=4))
def test_sqlite_writes_each_csv_line_as_the_csv_module_does(values: list[str | None]) -> None:
    """The masked export's lines come from SQL (``csv_line_sql``); any free text in the
    quoted columns gives the very line Python's csv module writes after ``defuse``."""
    import sqlite3

    from tellerguard.audit.export import csv_line_sql, defuse
    from tellerguard.audit.export_rows import columns

    cols = columns()
    free = [c.sql for c in cols if not c.plain]
    assert len(free) == len(values)
    names = sorted(
        {
            re.findall(r"[a-z_]+", c.sql.split()[1] if c.sql.startswith("CASE ") else c.sql)[-1]
            for c in cols
        }
    )
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE events ({', '.join(names)})")
    row: dict[str, object] = dict.fromkeys(names)
    row.update(
        seq=7,
        at="2026-11-25T09:00:00.000000+08:00",
        type="business_refused",
        level="refuse",
        hash=b"\x01" * 32,
        amount="100000.00",
        branch="4101",
    )
    row.update(dict(zip(free, values, strict=True)))
    conn.execute(
        f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )
    (line,) = conn.execute(f"SELECT {csv_line_sql(cols)} FROM events").fetchone()
    selected = conn.execute(f"SELECT {', '.join(c.sql for c in cols)} FROM events").fetchone()
    expected = io.StringIO()
    csv.writer(expected).writerow(
        [
            defuse(v) if isinstance(v, str) and not c.plain else v
            for c, v in zip(cols, selected, strict=True)
        ]
    )
    assert line + "\r\n" == expected.getvalue()


@pytest.mark.parametrize(
    ("types", "where"),
    [(None, "1"), (["business_refused"], "type = 'business_refused'")],
    ids=["date_range_in_chunks", "type_filter_one_query"],
)
def test_a_masked_csv_has_every_row_once_in_order(
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    types: list[str] | None,
    where: str,
) -> None:
    """A date range is written in chunks of sequence numbers (here 2, so many chunks);
    a filtered export in one query: the rows, their order, the count and the last hash are
    those of one plain query, as the csv module writes them."""
    from tellerguard.audit import export as export_module
    from tellerguard.audit.export_rows import columns
    from tellerguard.audit.store import AuditReader

    monkeypatch.setattr(export_module, "CSV_CHUNK", 2)
    out = tmp_path / "part.zip"
    export(settings, out, fmt="csv", types=types)
    with zipfile.ZipFile(out) as zf:
        text = zf.read("events.csv").decode("utf-8-sig")
    manifest = read_manifest(out)
    with AuditReader(settings.database_path) as reader:
        rows = reader.conn.execute(
            f"SELECT {', '.join(c.sql for c in columns())} FROM events "
            f"WHERE {where} AND seq <= ? ORDER BY seq",
            (manifest["seq_last"],),
        ).fetchall()
    assert text == csv_module_text(rows)
    assert len(rows) == 5 if types else len(rows) > 5
    assert (manifest["rows"], manifest["seq_first"], manifest["seq_last"]) == (
        len(rows),
        rows[0][0],
        rows[-1][0],
    )
    assert manifest["last_chain_hash"] == rows[-1][-1]
    assert check_bundle(out).ok
