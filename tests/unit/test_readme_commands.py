"""Every command line of the README's ``sh try-it`` blocks runs as written (exit 0), in a fresh
folder, against a demo branch the first line makes with ``tellerguard demo``; a password is
typed at a (test) terminal as a person would."""

from __future__ import annotations

import getpass
import re
import shlex
import sys
from pathlib import Path

import pytest

from tellerguard.cli import main
from tests.unit.audit_helpers import use_fast_passwords

ROOT = Path(__file__).resolve().parents[2]
PASSWORDS = {"teller01": "Teller#2026", "supervisor01": "Super#2026", "admin01": "Admin#2026"}
NEW_PASSWORD = "Counter#Seven2026"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh try-it\n(.*?)^```$", text, flags=re.S | re.M)
    lines = "\n".join(blocks).replace("\\\n", " ").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_the_readme_marks_its_runnable_commands() -> None:
    commands = readme_commands()
    assert len(commands) >= 12
    assert commands[0].startswith("tellerguard demo ")
    assert any(" audit seal " in c and "--operator" in c for c in commands)


def _terminal(prompt: str = "") -> str:
    match = re.match(r"Password for (\S+): ", prompt)
    if match:
        return PASSWORDS[match.group(1)]
    return NEW_PASSWORD  # "Initial password for …", "Again: "


def test_every_readme_command_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    use_fast_passwords(monkeypatch)
    for name in ("rules", "examples"):
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELLERGUARD_CONFIG", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", _terminal)
    for line in readme_commands():
        argv = shlex.split(line, comments=True)
        assert argv[0] in ("tellerguard", ".venv/bin/tellerguard"), line
        status = main(argv[1:])
        out, err = capsys.readouterr()
        assert status == 0, f"{line}\n{out}\n{err}"
        assert "Traceback" not in err
    assert (tmp_path / "audit.zip").is_file() and (tmp_path / "seal.json").is_file()
    assert (tmp_path / "docs" / "REASONS.md").read_text(encoding="utf-8") == (
        ROOT / "docs" / "REASONS.md"
    ).read_text(encoding="utf-8")
