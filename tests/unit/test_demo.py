"""The demo branch: real cases judged by the real engine and default pack, recorded through
the counter's services, over weeks of business days that end at the clock's now."""

from __future__ import annotations

import json
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time as wall
from collections import Counter as Tally
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tellerguard.audit.record import decode_record
from tellerguard.audit.verify import verify_store
from tellerguard.cli import main
from tellerguard.cli_admin import _duration
from tellerguard.config import ConfigError, load_settings
from tellerguard.domain.clock import SHANGHAI, ManualClock
from tellerguard.services.demo import DemoError, DemoReport, demo_config_path, populate_demo
from tellerguard.services.demo.hours import (
    CLOSES,
    DAY_SECONDS,
    OPENS,
    BusinessTimeline,
    opening,
)
from tellerguard.services.rules import load_rules
from tellerguard.services.workstation import open_workstation

END = datetime(2026, 11, 25, 15, 30, tzinfo=SHANGHAI)  # a Wednesday afternoon
ROOT = Path(__file__).resolve().parents[2]


def _end_clock() -> ManualClock:
    return ManualClock(END, step=timedelta(0))


def _rows(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [
            {"seq": seq, **json.loads(decode_record(record))}
            for seq, record in conn.execute("SELECT seq, record FROM events ORDER BY seq")
        ]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoReport, list[dict[str, Any]]]:
    db = tmp_path_factory.mktemp("demo") / "branch.sqlite3"
    report = populate_demo(db, 1200, seed=7, clock=_end_clock())
    return report, _rows(db)


def test_every_recorded_rule_is_in_the_default_pack_that_judged_it(
    demo: tuple[DemoReport, list[dict[str, Any]]],
) -> None:
    _, rows = demo
    pack = load_rules(None)
    known = {rule.rule.id for rule in pack.rules}
    shown = [r["payload"] for r in rows if r["type"] == "assessment_shown"]
    assert len(shown) > 780  # 1,200 events: sign-ins, list imports, reminders, refusals too
    fired = {rule for payload in shown for rule in payload["rule_ids"]}
    assert fired and fired <= known, fired - known
    assert {p["rule_pack"]["sha256"] for p in shown} == {pack.sha256}
    assert {p["rule_pack"]["version"] for p in shown} == {pack.version}


def test_the_demo_ships_signed_lists_imported_for_real_and_the_counter_hits_them(
    demo: tuple[DemoReport, list[dict[str, Any]]],
) -> None:
    report, rows = demo
    imported = [r for r in rows if r["type"] == "list_imported"]
    assert {r["payload"]["list_id"] for r in imported} == {
        "police_accounts",
        "restricted_persons",
        "flagged_phones",
        "official_accounts",
    }
    assert {r["operator"] for r in imported} == {"rules01"}
    shown = [r["payload"] for r in rows if r["type"] == "assessment_shown"]
    fired = Tally(rule for payload in shown for rule in payload["rule_ids"])
    assert fired["XFER-LIST-POLICE-ACCOUNT"] >= 3
    police = next(r for r in imported if r["payload"]["list_id"] == "police_accounts")
    refs = [ref for p in shown for ref in p["lists"] if ref["id"] == "police_accounts"]
    # Each assessment names the list's content by the event that recorded it, whose payload
    # holds the hash (95 B less an event than the hash in every assessment).
    assert refs and {(ref["event"], ref["content_hash"]) for ref in refs} == {(police["seq"], None)}
    by_seq = {r["seq"]: r for r in rows}
    for p in shown:
        for ref in p["lists"]:
            recorded = by_seq[ref["event"]]["payload"]
            assert (recorded["list_id"], recorded["list_version"]) == (ref["id"], ref["version"])
    # The signed files lie beside the store; the store itself holds only keyed hashes.
    folder = report.database.with_name("branch-lists")
    listed = (folder / "police_accounts.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    assert listed.split(",")[0].encode() not in report.database.read_bytes()
    assert (folder / "police_accounts.csv.sig").is_file()


def test_the_days_look_like_a_branch_with_mostly_ordinary_customers(
    demo: tuple[DemoReport, list[dict[str, Any]]],
) -> None:
    report, rows = demo
    levels = Tally(r["payload"]["level"] for r in rows if r["type"] == "assessment_shown")
    total = sum(levels.values())
    assert (levels["pass"] + levels["notice"]) / total > 0.6
    assert 0 < levels["refuse"] / total < 0.05
    assert levels["second_reminder"] > levels["manager_approval"] > levels["refuse"]
    decisions = Tally(r["payload"]["decision"] for r in rows if r["type"] == "reminder_completed")
    assert decisions["proceeded"] > decisions["dissuaded"] > 0
    assert decisions["proceeded"] + decisions["dissuaded"] < sum(decisions.values())
    types = Tally(r["type"] for r in rows)
    for kind in ("supervisor_authorized", "business_refused", "day_sealed", "rule_pack_loaded"):
        assert types[kind] > 0, kind
    assert report.levels == dict(levels)
    tellers = {r["operator"] for r in rows if r["type"] == "assessment_shown"}
    assert tellers == {"teller01", "teller02"}
    shown = [r["payload"] for r in rows if r["type"] == "assessment_shown"]
    customers = {payload["subject"]["id_number"]["h"] for payload in shown}
    assert len(customers) > total * 0.5  # most customers come once, some come back


def test_an_authorization_is_by_the_supervisor_for_a_case_that_needed_it(
    demo: tuple[DemoReport, list[dict[str, Any]]],
) -> None:
    _, rows = demo
    level_of = {
        r["payload"]["case_ref"]: r["payload"]["level"]
        for r in rows
        if r["type"] == "assessment_shown"
    }
    authorized = [r for r in rows if r["type"] == "supervisor_authorized"]
    assert authorized
    for row in authorized:
        payload = row["payload"]
        assert row["operator"] == payload["supervisor"] == "supervisor01"
        assert payload["teller"] in {"teller01", "teller02"}
        assert level_of[payload["case_ref"]] == "manager_approval"
    refused = [r["payload"] for r in rows if r["type"] == "business_refused"]
    assert all(level_of[p["case_ref"]] == "refuse" or p["referred_to_police"] for p in refused)


def test_events_spread_over_business_days_in_opening_hours_up_to_now(
    demo: tuple[DemoReport, list[dict[str, Any]]],
) -> None:
    report, rows = demo
    moments = [datetime.fromisoformat(r["at"]) for r in rows]
    assert moments == sorted(moments)  # chain order is time order
    assert moments[-1] <= END
    counter_work = [
        datetime.fromisoformat(r["at"]).astimezone(SHANGHAI)
        for r in rows
        if r["type"] == "assessment_shown"
    ]
    days = {m.date() for m in counter_work}
    assert len(days) >= 8 and report.days == len(days)
    assert all(day.weekday() < 5 for day in days)
    assert all(OPENS <= m.time() <= CLOSES for m in counter_work)
    assert max(counter_work) > END - timedelta(hours=2)  # it runs up to now, not weeks ago
    # Several hours of each day are used, not one burst.
    by_day = Tally(m.date() for m in counter_work)
    busiest = max(by_day, key=lambda d: by_day[d])
    hours = {m.hour for m in counter_work if m.date() == busiest}
    assert len(hours) >= 6


def test_the_demo_store_verifies_and_its_configuration_works_on_the_command_line(
    demo: tuple[DemoReport, list[dict[str, Any]]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    report, _ = demo
    assert verify_store(report.database).ok
    assert report.config == demo_config_path(report.database)
    settings = load_settings(report.config)
    assert settings.database_path == report.database and settings.region == "410102"
    assert report.config.stat().st_mode & 0o077 == 0
    password = tmp_path / "pw"
    password.write_text("Super#2026", encoding="utf-8")
    capsys.readouterr()
    status = main(
        [
            *("audit", "stats", "--config", str(report.config)),
            *("--operator", "supervisor01", "--password-file", str(password)),
            *("--from", "2026-10-01", "--to", "2026-11-25"),
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert f"assessments shown: {sum(report.levels.values())}" in out
    # The demo keeps its pack as the counter app does, so a recorded case replays under it.
    with sqlite3.connect(f"file:{report.database}?mode=ro", uri=True) as db:
        (case_ref,) = db.execute(
            "SELECT case_ref FROM events WHERE type = 'assessment_shown' ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    password.write_text("Rules#2026", encoding="utf-8")
    status = main(
        [
            *("rules", "replay-case", case_ref, "--reason", "复核规则", "--config"),
            *(str(report.config), "--operator", "rules01", "--password-file", str(password)),
        ]
    )
    out = capsys.readouterr().out
    assert status == 0, out
    assert "same result" in out


def test_the_same_seed_and_clock_make_the_same_branch(tmp_path: Path) -> None:
    def story(db: Path) -> list[tuple[Any, ...]]:
        populate_demo(db, 250, seed=3, clock=_end_clock())
        return [
            (r["type"], r["operator"], r["at"], r["payload"].get("level"))
            for r in _rows(db)
            if r["type"] not in ("store_created", "user_added")
        ]

    first = story(tmp_path / "a" / "demo.sqlite3")
    assert sum(1 for row in first if row[0] == "assessment_shown") > 150
    assert first == story(tmp_path / "b" / "demo.sqlite3")


def test_a_second_run_extends_the_store_after_its_last_event(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    first = populate_demo(db, 300, seed=1, clock=ManualClock(END - timedelta(days=7)))
    config = demo_config_path(db).read_bytes()
    second = populate_demo(db, 200, seed=2, clock=_end_clock())
    assert first.created and not second.created
    assert second.head_seq == first.head_seq + second.events and second.events >= 200
    assert second.first_at is not None and first.last_at is not None
    assert second.first_at >= first.last_at
    assert demo_config_path(db).read_bytes() == config  # kept, not rewritten
    assert verify_store(db).ok
    with open_workstation(load_settings(demo_config_path(db))) as ws:
        assert ws.login("teller01", "Teller#2026").role == "teller"
        assert ws.login("supervisor01", "Super#2026").role == "supervisor"


FRIDAY_CLOSE = datetime(2026, 11, 27, 16, 59, tzinfo=SHANGHAI)
MONDAY = date(2026, 11, 30)


def test_an_extension_with_no_business_hours_left_is_refused_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], clock: ManualClock
) -> None:
    db = tmp_path / "demo.sqlite3"
    populate_demo(db, 200, seed=1, clock=ManualClock(FRIDAY_CLOSE, step=timedelta(0)))
    before = _rows(db)
    early = ManualClock(datetime.combine(MONDAY, time(7, 24), SHANGHAI), step=timedelta(0))
    with pytest.raises(DemoError, match=r"not enough for 5,000 more events") as caught:
        populate_demo(db, 5000, seed=2, clock=early)
    assert "last event is at 2026-11-27 16:5" in str(caught.value)
    assert "Ask for at most" in str(caught.value) and "--db" in str(caught.value)
    assert _rows(db) == before
    assert verify_store(db).ok
    # The command line says so in one line, exit 2, no traceback.
    clock.set(early.moment)
    assert main(["demo", "--db", str(db), "--events", "5000"]) == 2
    err = capsys.readouterr().err
    assert "not enough for 5,000 more events" in err and "Traceback" not in err


def test_an_extension_spreads_its_events_over_the_business_time_left(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    first = populate_demo(db, 200, seed=1, clock=ManualClock(FRIDAY_CLOSE, step=timedelta(0)))
    assert first.last_at is not None
    seen = len(_rows(db))
    noon = datetime.combine(MONDAY, time(12, 0), SHANGHAI)
    report = populate_demo(db, 300, seed=2, clock=ManualClock(noon, step=timedelta(0)))
    new = _rows(db)[seen:]
    assert report.events == len(new) >= 300
    moments = [datetime.fromisoformat(row["at"]) for row in new]
    assert all(datetime.fromisoformat(first.last_at) <= m <= noon for m in moments)
    counter = [m for m, row in zip(moments, new, strict=True) if row["type"] == "assessment_shown"]
    monday = [m for m in counter if m.date() == MONDAY and m.time() >= OPENS]
    assert len(monday) >= 0.95 * len(counter)  # Friday's last minutes hold a visit at most
    # Spread out: no moment carries more than a visit's few events.
    assert max(Tally(moments).values()) <= 3
    assert (max(counter) - min(counter)) > timedelta(hours=2)


def test_a_demo_made_before_opening_ends_on_the_last_business_day(tmp_path: Path) -> None:
    early = datetime.combine(MONDAY, time(7, 0), SHANGHAI)
    db = tmp_path / "demo.sqlite3"
    report = populate_demo(db, 100, seed=3, clock=ManualClock(early, step=timedelta(0)))
    rows = _rows(db)
    visits = [datetime.fromisoformat(r["at"]) for r in rows if r["type"] == "assessment_shown"]
    assert report.events >= 100 and len(visits) > 50
    assert max(Tally(visits).values()) == 1  # each case at its own moment, not all at 07:00
    assert {m.date() for m in visits} == {date(2026, 11, 27)}
    assert all(OPENS <= m.time() <= CLOSES for m in visits)


def test_a_configuration_for_another_store_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    demo_config_path(db).write_text(
        'branch_code = "X1"\nbranch_name = "x"\nregion = "410102"\n'
        'workstation = "w"\ndatabase = "other.sqlite3"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"other\.sqlite3"):
        populate_demo(db, 10, clock=_end_clock())
    assert not db.exists()


def test_the_demo_command_reports_what_it_made_and_refuses_bad_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli" / "demo.sqlite3"
    assert main(["demo", "--db", str(db), "--events", "60"]) == 0
    out = capsys.readouterr().out
    assert "created demo store" in out and str(demo_config_path(db)) in out
    assert main(["demo", "--db", str(db), "--events", "-1"]) == 2
    assert "--events" in capsys.readouterr().err


def test_the_demo_command_shows_its_progress_on_stderr_unless_quiet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli" / "demo.sqlite3"
    assert main(["demo", "--db", str(db), "--events", "700"]) == 0
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.startswith("  … ")]
    assert lines and all(
        re.fullmatch(r"  … [\d,]+ of 700 events \(\d+%\), about \d+ s left", line) for line in lines
    ), lines
    counts = [int(line.split()[1].replace(",", "")) for line in lines]
    assert counts == sorted(counts) and counts[-1] <= 700
    assert "of 700 events" not in captured.out  # the report on stdout stays clean
    quiet = tmp_path / "quiet" / "demo.sqlite3"
    assert main(["demo", "--db", str(quiet), "--events", "700", "--quiet"]) == 0
    assert "events (" not in capsys.readouterr().err


MOMENTS = st.builds(
    lambda day, seconds: (
        opening(date(2026, 1, 5) + timedelta(days=day)) + timedelta(seconds=seconds)
    ),
    st.integers(0, 400),
    st.integers(0, DAY_SECONDS - 1),  # the closing instant is the next day's opening
)


@given(MOMENTS, MOMENTS)
def test_business_time_keeps_order_and_maps_open_hours_back_exactly(
    a: datetime, b: datetime
) -> None:
    timeline = BusinessTimeline(date(2026, 1, 5), date(2027, 3, 1))
    if a.weekday() < 5:
        assert timeline.moment(timeline.seconds(a)) == a
    if a <= b:
        assert timeline.seconds(a) <= timeline.seconds(b)
    moment = timeline.moment(timeline.seconds(a))
    assert moment.weekday() < 5 and OPENS <= moment.time() <= CLOSES
    assert isinstance(moment.time(), time)


KILLED_FILL = """
import sys
from datetime import datetime, timedelta
from pathlib import Path
from tellerguard.domain.clock import ManualClock, set_program_clock
from tellerguard.services.demo import populate_demo

end = ManualClock(datetime.fromisoformat(sys.argv[2]), step=timedelta(0))
set_program_clock(end)
populate_demo(Path(sys.argv[1]), 20_000, seed=int(sys.argv[3]), clock=end,
              progress=lambda written: print(written, flush=True))
"""


def test_a_demo_killed_in_the_middle_of_its_batches_verifies_and_extends(tmp_path: Path) -> None:
    """The demo commits 500 events at a time: SIGKILL at any moment loses at most the batch
    under way, never part of an event, and the next run extends the store from its last
    committed event."""
    db = tmp_path / "branch.sqlite3"
    rng = random.Random(2026)
    counts = []
    for kill in range(3):
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED_FILL, str(db), END.isoformat(), str(kill)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip().isdigit()  # it is appending
        wall.sleep(rng.uniform(0.0, 1.0))
        child.send_signal(signal.SIGKILL)
        _, err = child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL, err
        report = verify_store(db)
        assert report.ok, report.lines()
        counts.append(len(_rows(db)))
    assert counts == sorted(counts) and counts[-1] > counts[0]  # each run added whole batches
    extended = populate_demo(db, 300, seed=9, clock=_end_clock())
    assert extended.events >= 300 and not extended.created
    assert verify_store(db).ok
    rows = _rows(db)
    assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (-3.0, "0 s"),
        (42.4, "42 s"),
        (89.0, "89 s"),
        (90.0, "2 min"),
        (700.0, "12 min"),
        (3_599.0, "1 h 00 min"),
        (3_900.0, "1 h 05 min"),
        (40_000.0, "11 h 07 min"),
    ],
)
def test_the_time_left_reads_as_a_person_says_it(seconds: float, shown: str) -> None:
    assert _duration(seconds) == shown


def test_an_existing_path_that_is_no_demo_branch_is_refused_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A folder or another file as --db left a configuration behind, then failed on the keys.
    folder = tmp_path / "a"
    folder.mkdir()
    other = tmp_path / "other.sqlite3"
    other.write_bytes(b"not a store")
    for path, why in [(folder, "a folder"), (other, "exists but is no demo branch")]:
        with pytest.raises(DemoError, match=why):
            populate_demo(path, 10)
        assert main(["demo", "--db", str(path), "--events", "10"]) == 2
        assert why in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "other.sqlite3"]
    assert other.read_bytes() == b"not a store"
