"""Branch settings: validated, paths relative to the file, overrides reach the rule pack."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tellerguard.cli import main
from tellerguard.config import ConfigError, load_settings
from tests.unit.test_case import TRANSFER, with_change

GOOD = """\
branch_code = "ZZ001"
branch_name = "郑州市中原区示范支行"
region = "410102"
database = "data/tg.sqlite3"

[params]
elderly_age = 65
"""


def test_settings_resolve_paths_against_the_file(tmp_path: Path) -> None:
    path = tmp_path / "tellerguard.toml"
    path.write_text(GOOD, encoding="utf-8")
    settings = load_settings(path)
    assert settings.database_path == tmp_path / "data" / "tg.sqlite3"
    assert settings.param_overrides() == {"elderly_age": 65}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (GOOD.replace('"410102"', '"41010"'), "region"),
        (GOOD.replace("branch_name", "branch_nam"), "branch_nam"),
        ("colour = 1\n" + GOOD, "colour"),
        ("branch_code = ", "invalid TOML"),
    ],
)
def test_bad_settings_name_file_and_key(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "tellerguard.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(path) in str(info.value) and fragment in str(info.value)


def test_branch_override_changes_the_assessment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = with_change(TRANSFER, "customer.id_number", "410102196201010013")  # 64 on the date
    case = with_change(case, "transfer.purpose", "family_support")
    case = with_change(case, "transfer.payee_relationship", "family")
    case = with_change(case, "transfer.first_time_payee", False)
    case = with_change(case, "transfer.amount", "60000.00")
    case_path = tmp_path / "case.json"
    case_path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")

    def hits(config_text: str | None) -> set[str]:
        argv = ["assess", str(case_path), "--on", "2026-11-25", "--branch-region", "410102"]
        if config_text is not None:
            config = tmp_path / "tellerguard.toml"
            config.write_text(config_text, encoding="utf-8")
            argv += ["--config", str(config)]
        assert main(argv) == 0
        return {h["rule_id"] for h in json.loads(capsys.readouterr().out)["hits"]}

    assert "XFER-ELDERLY" in hits(GOOD.replace("elderly_age = 65", "elderly_age = 60"))
    assert "XFER-ELDERLY" not in hits(GOOD)
    config = tmp_path / "tellerguard.toml"
    config.write_text(GOOD.replace("65", "500"), encoding="utf-8")
    assert main(["assess", str(case_path), "--config", str(config)]) == 2
    assert "params.elderly_age: must be at most" in capsys.readouterr().err
