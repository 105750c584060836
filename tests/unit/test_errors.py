"""One family of expected errors: the command line and the app each handle it in one place."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import tellerguard
from tellerguard.errors import TellerGuardError

CORE = ("domain", "engine", "audit", "auth", "services")


def _core_modules() -> list[str]:
    names = ["tellerguard.config", "tellerguard.cli_common"]
    for package in CORE:
        module = importlib.import_module(f"tellerguard.{package}")
        names += [
            info.name for info in pkgutil.walk_packages(module.__path__, module.__name__ + ".")
        ]
    return names


def test_every_error_the_core_defines_belongs_to_the_family() -> None:
    outside = []
    for name in _core_modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                cls.__module__ == name
                and issubclass(cls, BaseException)
                and not issubclass(cls, TellerGuardError)
            ):
                outside.append(f"{name}.{cls.__name__}")
    assert outside == []
    assert len(_core_modules()) > 30  # the walk found the packages


def test_a_broken_rule_pack_prints_each_problem_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("id: broken\nversion: [\n", encoding="utf-8")
    case = Path(tellerguard.__file__).parent.parent / "examples"
    example = next(case.glob("*.json"))
    result = subprocess.run(
        [sys.executable, "-m", "tellerguard.cli", "assess", str(example), "--rules",
         str(tmp_path), "--branch-region", "410102", "--on", "2026-11-25"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())
    assert "pack.yaml:" in result.stderr
