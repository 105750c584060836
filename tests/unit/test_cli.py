"""The command line as a bank's IT team meets it: exit codes, precise lines, no tracebacks."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tellerguard.cli import main
from tests.unit.test_case import OPENING, TRANSFER, with_change

ARGS = ["--branch-region", "410102", "--on", "2026-11-25"]


def write(tmp_path: Path, name: str, data: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_assess_one_case_prints_the_assessment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["assess", write(tmp_path, "c.json", TRANSFER), *ARGS])
    out = capsys.readouterr()
    assert code == 0, out.err
    result = json.loads(out.out)
    assert result["level"] in ("pass", "notice", "second_reminder", "manager_approval", "refuse")
    assert result["facts"]["age"] == 72
    assert result["rule_pack"]["id"] == "default" and len(result["rule_pack"]["sha256"]) == 64
    levels = [h["level"] for h in result["hits"]]
    ranks = ["refuse", "manager_approval", "second_reminder", "notice"]
    assert levels == sorted(levels, key=ranks.index)


def test_wrong_check_digit_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = with_change(TRANSFER, "customer.id_number", "410102195403150027")
    code = main(["assess", write(tmp_path, "bad.json", bad), *ARGS])
    out = capsys.readouterr()
    assert code == 2
    assert out.out == ""
    assert "customer.id_number: check digit does not match the first 17 digits" in out.err
    assert "should be" not in out.err  # the right digit (8) is not given away
    assert "Traceback" not in out.err


def test_jsonl_bad_line_gets_an_error_line_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.dumps(OPENING), "{not json", json.dumps(TRANSFER)]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["assess", str(path), *ARGS])
    out = capsys.readouterr()
    assert code == 2
    rows = [json.loads(line) for line in out.out.splitlines()]
    assert len(rows) == 3
    assert "level" in rows[0] and "level" in rows[2]
    assert rows[1]["line"] == 2 and "malformed JSON" in rows[1]["error"]


def test_stdin_and_missing_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELLERGUARD_CONFIG", str(tmp_path / "absent.toml"))
    code = main(["assess", write(tmp_path, "c.json", OPENING)])
    err = capsys.readouterr().err
    assert code == 2 and "configuration file not found" in err
    monkeypatch.delenv("TELLERGUARD_CONFIG")
    monkeypatch.setattr("tellerguard.cli_common.find_config", lambda _p=None: None)
    code = main(["assess", write(tmp_path, "c.json", OPENING)])
    assert code == 2 and "no branch region" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["assess", "/nonexistent/case.json", *ARGS], "no such file"),
        (["assess", "x.json", "--on", "2026-02-30", "--branch-region", "410102"], "not a date"),
        (["assess", "x.json", "--branch-region", "4101"], "6-digit region"),
        (["nonsense"], "invalid choice"),
        (["assess", "x.json", "--on", "9999-12-31", *ARGS], "outside the years 1900-2199"),
        (["assess", "/dev/zero", *ARGS], "/dev/zero: the case file is not a regular file"),
        (["audit", "seals", "--last", "0"], "--last: '0' must be 1 or more"),
        (["demo", "--db", "x.sqlite3", "--events", "-5"], "--events: '-5' must be 1 or more"),
        (["ship", "--after", "-1"], "--after: '-1' must be 0 or more"),
        (["ship", "--retry-seconds", "nan"], "--retry-seconds: 'nan' must be 0 or more"),
        (["ship", "--batch", "many"], "--batch: 'many' is not a whole number"),
        (["rules", "check", "/nonexistent/pack"], "/nonexistent/pack: no such folder"),
        (["assess", "x.json", "--branch-region", "999999"], "no region code of GB/T 2260"),
        (["audit", "verify", "--db", "/"], "/: a folder, not an audit store file"),
        (["rules", "test", "/etc/passwd"], "a file, not a rule pack folder"),
    ],
)
def test_unusable_input_exits_2(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert fragment in capsys.readouterr().err


def test_rules_check_reports_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pack.yaml").write_text(
        "id: x\nversion: '1'\ndescription: d\nid: y\n", encoding="utf-8"
    )
    assert main(["rules", "check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "pack.yaml:4: duplicate key 'id' (first on line 1)" in err


def test_non_utf8_case_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps(OPENING, ensure_ascii=False).encode("gbk"))
    assert main(["assess", str(path), *ARGS]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_installed_entry_point_runs_without_traceback(tmp_path: Path) -> None:
    bad = with_change(OPENING, "customer.id_type", "dragon")
    proc = subprocess.run(
        [sys.executable, "-m", "tellerguard.cli", "assess", write(tmp_path, "b.json", bad), *ARGS],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "customer.id_type: must be one of" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_headless_commands_never_load_qt(tmp_path: Path) -> None:
    script = (
        "import sys\nfrom tellerguard.cli import main\n"
        f"code = main(['assess', {write(tmp_path, 'c.json', OPENING)!r}, *{ARGS!r}])\n"
        "assert code == 0, code\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, timeout=60)


def test_every_problem_gets_its_own_line_and_deep_json_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = with_change(with_change(TRANSFER, "transfer.amount", "0"), "customer.occupation", "x")
    assert main(["assess", write(tmp_path, "two.json", bad), *ARGS]) == 2
    err = capsys.readouterr().err.splitlines()
    assert any(line.endswith("transfer.amount: amount must be greater than zero") for line in err)
    assert any(": customer.occupation: must be one of" in line for line in err)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert main(["assess", str(deep), *ARGS]) == 2
    out = capsys.readouterr()
    assert "nested too deeply" in out.err and "Traceback" not in out.err and out.out == ""


def test_a_pipe_with_no_writer_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "cases.json"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    assert main(["assess", str(fifo), *ARGS]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_standard_input_beyond_the_limit_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tellerguard.cli.CASE_INPUT_LIMIT", 1000)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b" " * 1001)))
    assert main(["assess", "-", *ARGS]) == 2
    assert "<stdin>: the input is larger than" in capsys.readouterr().err


def test_a_case_file_beyond_the_limit_is_refused_without_reading_it_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tellerguard.cli.CASE_INPUT_LIMIT", 1000)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 5000)
    assert main(["assess", str(big), *ARGS]) == 2
    assert "big.json: the case file is larger than" in capsys.readouterr().err


def test_a_folder_without_case_files_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert main(["assess", str(tmp_path), *ARGS]) == 2
    assert "no .json or .jsonl case file" in capsys.readouterr().err


def test_a_full_output_device_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("sys.stdout", Full())
    assert main(["assess", write(tmp_path, "c.json", OPENING), *ARGS]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err


def test_a_folder_of_cases_names_the_file_of_each_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One bad file among good ones shifted the lines silently: each line names its file.
    write(tmp_path, "a.json", OPENING)
    write(tmp_path, "b.json", "{not json")
    write(tmp_path, "c.json", TRANSFER)
    assert main(["assess", str(tmp_path), *ARGS]) == 2
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [Path(line["source"]).name for line in lines] == ["a.json", "b.json", "c.json"]
    assert "level" in lines[0] and "error" in lines[1] and "level" in lines[2]
