"""Rule pack changes with maker-checker (services/rule_changes.py, cli_rules.py): the request,
a second person's approval with their own password, the pack in force after it (and after a
restart), packs kept by content hash, a recorded assessment replayed under its own pack, the
replay's real 30-day history, per-branch parameters within the pack's bounds, and hostile
packs (a YAML error, a folder too big, a tampered kept pack)."""

from __future__ import annotations

import shutil
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from tellerguard.auth.errors import PermissionDenied
from tellerguard.cli import main
from tellerguard.cli_common import UsageError
from tellerguard.cli_rules import parse_param
from tellerguard.config import Settings
from tellerguard.engine.pack import PackError
from tellerguard.resources import default_rules_dir
from tellerguard.services.demo import demo_settings
from tellerguard.services.demo.lists import DEMO_RULES_PASSWORD
from tellerguard.services.desk import Credentials
from tellerguard.services.pack_archive import MAX_PACK_BYTES, PackArchiveError, packs_dir
from tellerguard.services.rule_changes import (
    ChangeError,
    ChangeRefused,
    PackRequest,
    Proposal,
    approve_change,
    pending_changes,
    propose_change,
    reject_change,
    replay_under_own_pack,
    request_change,
    withdraw_change,
)
from tellerguard.services.rules import in_force, load_rules
from tellerguard.services.workstation import Workstation, open_workstation
from tests.unit.test_rule_changes import EXTRA_RULE as MANAGER_RULE

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bulk_store import build_store

EXTRA_RULE = MANAGER_RULE.replace("须主管授权", "须二次提醒").replace(
    "level: manager_approval", "level: second_reminder"
)
"""A rule that moves large transfers up to a second reminder (one at manager approval would
break the default pack's own check that an elderly customer's 60,000 to family is only a
second reminder: such a pack cannot be requested)."""
SUPERVISOR = Credentials("supervisor01", "Super#2026")
RULES = Credentials("rules01", DEMO_RULES_PASSWORD)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("changes")
    build_store(folder / "store.sqlite3", 900, sample=600, per_day=120)
    return folder


@pytest.fixture
def settings(built: Path, tmp_path: Path) -> Settings:
    """A copy of the built branch per test: activation changes what is in force."""
    shutil.copytree(built, tmp_path / "branch")
    return demo_settings(tmp_path / "branch" / "store.sqlite3")


@pytest.fixture
def workstation(settings: Settings) -> Iterator[Workstation]:
    with open_workstation(settings) as ws:
        yield ws


@pytest.fixture
def added_rule(tmp_path: Path) -> Path:
    folder = tmp_path / "with_rule"
    shutil.copytree(default_rules_dir(), folder)
    (folder / "extra.yaml").write_text(EXTRA_RULE, encoding="utf-8")
    return folder


def _request(
    ws: Workstation, folder: Path, params: dict[str, Any] | None = None, last: int = 300
) -> tuple[Proposal, PackRequest]:
    maker = ws.login(RULES.username, RULES.password)
    proposal = propose_change(ws, maker, folder, params, last=last)
    assert proposal.ok, proposal.lines()
    return proposal, request_change(ws, maker, proposal, last=last)


def test_an_approved_pack_is_in_force_and_stays_so_after_a_restart(
    settings: Settings, workstation: Workstation, added_rule: Path
) -> None:
    proposal, request = _request(workstation, added_rule)
    assert [r for r, _ in proposal.diff.added] == ["XFER-ANY-LARGE"]
    assert proposal.replay is not None and proposal.replay.up > 0 and proposal.replay.down == 0
    # The request records the diff and the replay summary; it is pending until approved.
    recorded = request.payload
    assert recorded.diff.added == ["XFER-ANY-LARGE"] and recorded.replay.up == proposal.replay.up
    assert recorded.replay.cases == 300 and recorded.examples_failed == 0
    maker = workstation.login(RULES.username, RULES.password)
    assert [r.seq for r in pending_changes(workstation, maker)] == [request.seq]
    default_sha = load_rules(settings, default_rules_dir()).sha256
    assert in_force(settings).pack.sha256 == default_sha  # nothing changes before approval
    activated = approve_change(workstation, request.seq, SUPERVISOR)
    assert activated.request.state == "approved" and activated.request.closed_by == "supervisor01"
    assert pending_changes(workstation, maker) == []
    approval = workstation.store.event(activated.receipt.seq)
    assert approval is not None and approval.data()["operator"] == "supervisor01"
    # Both packs are kept by content hash, read-only.
    kept = packs_dir(settings) / activated.pack.sha256
    assert (kept / "extra.yaml").is_file() and (packs_dir(settings) / default_sha).is_dir()
    assert not (kept / "extra.yaml").stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    workstation.close()
    # A restart: the counter loads the approved pack, from the kept copy.
    pack = load_rules(settings)
    assert pack.sha256 == activated.pack.sha256 and pack.path == kept
    assert any(c.rule.id == "XFER-ANY-LARGE" for c in pack.rules)


def test_nobody_approves_their_own_change_and_an_approver_cannot_start_one(
    workstation: Workstation, added_rule: Path
) -> None:
    supervisor = workstation.login(SUPERVISOR.username, SUPERVISOR.password)
    with pytest.raises(PermissionDenied):
        propose_change(workstation, supervisor, added_rule, last=10)
    proposal, request = _request(workstation, added_rule, last=20)
    with pytest.raises(ChangeRefused, match="cannot approve or reject it"):
        approve_change(workstation, request.seq, RULES)
    maker = workstation.login(RULES.username, RULES.password)
    with pytest.raises(ChangeRefused, match="still pending"):
        request_change(workstation, maker, proposal)
    with pytest.raises(ChangeRefused):  # a teller may not approve
        approve_change(workstation, request.seq, Credentials("teller01", "Teller#2026"))
    before = workstation.store.head.seq
    with pytest.raises(ChangeRefused):  # a wrong password is refused and recorded
        approve_change(workstation, request.seq, Credentials("supervisor01", "wrong-password1"))
    failed = workstation.store.event(before + 1)
    assert failed is not None and failed.event_type == "login_failed"
    with pytest.raises(ChangeRefused, match="only rules01"):
        withdraw_change(workstation, supervisor, request.seq)
    rejected = reject_change(workstation, request.seq, SUPERVISOR, "回放显示误报过多")
    assert rejected.state == "rejected" and rejected.reason == "回放显示误报过多"
    with pytest.raises(ChangeRefused, match="already rejected"):
        approve_change(workstation, request.seq, SUPERVISOR)
    # After the rejection the same pack may be asked for again, and withdrawn by its maker.
    _, again = _request(workstation, added_rule, last=20)
    assert withdraw_change(workstation, maker, again.seq).state == "withdrawn"
    assert in_force(workstation.settings).activation is None


def test_an_old_assessment_replays_under_its_own_pack_after_a_new_one_is_active(
    workstation: Workstation, added_rule: Path
) -> None:
    _, request = _request(workstation, added_rule, last=50)
    approve_change(workstation, request.seq, SUPERVISOR)
    active = in_force(workstation.settings, workstation.store).pack
    maker = workstation.login(RULES.username, RULES.password)
    # Recorded assessments of large transfers (made under the default pack, real path).
    refs = []
    for event in workstation.store.latest_assessments(2000):
        payload = event.data()["payload"]
        amount = payload["subject"].get("amount")
        if event.seq < 600 and amount and float(amount) >= 50000:
            refs.append((str(payload["case_ref"]), str(payload["level"])))
    assert len(refs) >= 5
    # The case is decrypted inside: without a reason nothing is read nor recorded.
    head = workstation.store.head.seq
    for blank in ("", "   "):
        with pytest.raises(ChangeError, match="needs its reason"):
            replay_under_own_pack(workstation, maker, refs[0][0], blank)
    assert workstation.store.head.seq == head
    moved = 0
    for ref, level in refs[:12]:
        result = replay_under_own_pack(workstation, maker, ref, "核对规则包回放")
        assert result.pack.sha256 != active.sha256
        assert result.same, result.lines()
        moved += level in ("pass", "notice")
    assert moved > 0  # the new pack would have judged some of them higher


def test_replay_uses_the_customers_real_history(workstation: Workstation) -> None:
    """Recorded hits of the history rule are reproduced: with an empty history they would not
    be (the replay before this change judged every case as a first visit)."""
    maker = workstation.login(RULES.username, RULES.password)
    with_history = [
        str(e.data()["payload"]["case_ref"])
        for e in workstation.store.latest_assessments(2000)
        if e.seq < 600 and "HIST-DISSUADED" in e.data()["payload"]["rule_ids"]
    ]
    assert with_history, "the demo sample has repeat visits after a dissuasion"
    # Nothing approved yet: the default pack is kept at the first request only, so keep it.
    from tellerguard.services.pack_archive import archive_pack

    archive_pack(packs_dir(workstation.settings), default_rules_dir())
    for ref in with_history[:5]:
        result = replay_under_own_pack(workstation, maker, ref, "核对历史记录")
        assert "HIST-DISSUADED" in result.rules and result.same, result.lines()


def test_branch_parameters_within_the_packs_bounds_go_through_the_same_approval(
    settings: Settings, workstation: Workstation
) -> None:
    maker = workstation.login(RULES.username, RULES.password)
    bad = propose_change(workstation, maker, default_rules_dir(), {"elderly_age": 500}, last=10)
    assert not bad.ok and any("params.elderly_age: must be at most 100" in p for p in bad.problems)
    unknown = propose_change(workstation, maker, default_rules_dir(), {"no_such": 1}, last=10)
    assert any("has no such parameter" in p for p in unknown.problems)
    same = propose_change(workstation, maker, default_rules_dir(), {}, last=10)
    assert same.unchanged and not same.ok
    proposal, request = _request(workstation, default_rules_dir(), {"elderly_age": 75})
    assert proposal.diff is not None and proposal.diff.params == [("elderly_age", 60, 75)]
    assert proposal.replay is not None and proposal.replay.down > 0 and proposal.replay.up == 0
    assert request.payload.diff.params == ["elderly_age: 60 -> 75"]
    approve_change(workstation, request.seq, SUPERVISOR)
    assert load_rules(settings).params["elderly_age"] == 75
    assert in_force(settings).params == {"elderly_age": 75}


def test_a_pack_whose_own_examples_fail_cannot_be_requested(
    workstation: Workstation, tmp_path: Path
) -> None:
    folder = tmp_path / "manager_rule"
    shutil.copytree(default_rules_dir(), folder)
    (folder / "extra.yaml").write_text(MANAGER_RULE, encoding="utf-8")
    maker = workstation.login(RULES.username, RULES.password)
    proposal = propose_change(workstation, maker, folder, last=10)
    assert proposal.selftest is not None and len(proposal.selftest.failures) == 1
    assert any("bases.yaml check" in line for line in proposal.lines())
    with pytest.raises(ChangeRefused, match="examples fail"):
        request_change(workstation, maker, proposal)


def test_hostile_packs_are_refused_with_file_and_line(
    workstation: Workstation, added_rule: Path, tmp_path: Path
) -> None:
    maker = workstation.login(RULES.username, RULES.password)
    broken = tmp_path / "broken"
    shutil.copytree(added_rule, broken)
    (broken / "extra.yaml").write_text(EXTRA_RULE.replace("kinds: [transfer]", "kinds: [transfer"))
    proposal = propose_change(workstation, maker, broken, last=10)
    assert proposal.pack is None and any("extra.yaml:" in p for p in proposal.problems)
    with pytest.raises(PackError, match=r"extra\.yaml"):
        request_change(workstation, maker, proposal)
    big = tmp_path / "big"
    shutil.copytree(default_rules_dir(), big)
    (big / "notes.txt").write_bytes(b"x" * (MAX_PACK_BYTES + 1))
    proposal = propose_change(workstation, maker, big, last=10)
    assert proposal.pack is None and "over 8388608 bytes" in proposal.problems[0]
    linked = tmp_path / "linked"
    shutil.copytree(default_rules_dir(), linked)
    (linked / "extra.yaml").symlink_to("/etc/passwd")
    assert "symbolic link" in propose_change(workstation, maker, linked, last=10).problems[0]


def test_a_tampered_kept_pack_is_refused_at_approval_and_at_start(
    settings: Settings, workstation: Workstation, added_rule: Path
) -> None:
    _, request = _request(workstation, added_rule, last=20)
    kept = packs_dir(settings) / request.payload.rule_pack.sha256
    target = kept / "extra.yaml"
    kept.chmod(0o755)
    target.chmod(0o644)
    original = target.read_text(encoding="utf-8")
    target.write_text(original.replace("50000", "5000000"), encoding="utf-8")
    with pytest.raises(PackArchiveError, match="content hash"):
        approve_change(workstation, request.seq, SUPERVISOR)
    target.write_text(original, encoding="utf-8")
    approve_change(workstation, request.seq, SUPERVISOR)
    (kept / "more.yaml").write_text("rules: []\n", encoding="utf-8")  # a file added
    with pytest.raises(PackArchiveError, match="changed, added or removed"):
        load_rules(settings)


def test_the_command_line_requests_lists_activates_and_rejects(
    settings: Settings, added_rule: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert settings.source is not None
    config = ["--config", str(settings.source)]
    (tmp_path / "rules").write_text(RULES.password)
    (tmp_path / "super").write_text(SUPERVISOR.password)
    as_rules = [*config, "--operator", "rules01", "--password-file", str(tmp_path / "rules")]
    as_super = [*config, "--operator", "supervisor01", "--password-file", str(tmp_path / "super")]
    approve = ["--approver-password-file", str(tmp_path / "super")]
    # Approving one's own change: refused (exit 1).
    own = ["--approver", "rules01", "--approver-password-file", str(tmp_path / "rules")]
    assert main(["rules", "activate", str(added_rule), "--last", "30", *as_rules, *own]) == 1
    refused = capsys.readouterr().err
    assert "cannot approve or reject it" in refused
    assert main(["rules", "pending", *as_super]) == 0
    out = capsys.readouterr().out
    assert out.startswith("#") and "by rules01" in out and "replay 30 cases" in out
    seq = int(out[1:].split()[0])
    # The request it recorded stays; the refusal says how to finish it or take it back.
    assert f"request #{seq} stays pending" in refused
    assert f"rules activate --request {seq}" in refused and f"rules withdraw {seq}" in refused
    # A second request for the same pack while one is pending: refused, saying what to do.
    assert main(["rules", "request", str(added_rule), "--last", "10", *as_rules]) == 1
    again = capsys.readouterr().err
    assert "still pending" in again and f"rules activate --request {seq}" in again
    assert main(["rules", "reject", str(seq), "--reason", "先在测试网点试运行", *as_super]) == 0
    assert "rejected by supervisor01" in capsys.readouterr().out
    # A parameter out of bounds is unusable input (exit 2), naming the parameter.
    bad = ["--param", "elderly_age=500", "--last", "10"]
    assert main(["rules", "request", str(default_rules_dir()), *bad, *as_rules]) == 2
    said = capsys.readouterr()
    assert "params.elderly_age: must be at most 100" in said.out
    assert "parameters are outside the pack's bounds" in said.err  # the pack itself is fine
    assert "not a usable rule pack" not in said.err
    assert main(["rules", "request", str(default_rules_dir()), "--param", "x", *as_rules]) == 2
    # Maker and approver in one command.
    args = [str(added_rule), "--last", "30", *as_rules, "--approver", "supervisor01", *approve]
    assert main(["rules", "activate", *args]) == 0
    assert "is in force from event" in capsys.readouterr().out
    assert any(c.rule.id == "XFER-ANY-LARGE" for c in load_rules(settings).rules)


@given(st.text(max_size=60))
@examples(max_examples=300, deadline=None)
def test_a_param_option_is_a_value_or_one_usage_error(text: str) -> None:
    """Whatever is typed after --param: a (name, value) the pack's bounds then check, or a
    usage error (exit 2) naming the option, never a traceback."""
    try:
        name, value = parse_param(text)
    except UsageError as exc:
        assert "--param" in str(exc)
        return
    assert name and text.startswith(f"{name}=")
    assert isinstance(value, bool | int | str | list) and not isinstance(value, float)


def test_param_values_are_read_as_toml() -> None:
    assert parse_param("elderly_age=65") == ("elderly_age", 65)
    assert parse_param('elderly_large_amount="50000.00"') == ("elderly_large_amount", "50000.00")
    assert parse_param("student_by_age=false") == ("student_by_age", False)
    assert parse_param('notes=["借钱", "投资"]') == ("notes", ["借钱", "投资"])
    with pytest.raises(UsageError):
        parse_param("elderly_age=6.5")
