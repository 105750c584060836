"""The administration commands as the bank's IT team runs them: init, users, audit, demo."""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tellerguard.cli import main
from tellerguard.cli_common import display_width, pad
from tests.unit.audit_helpers import use_fast_passwords

ADMIN_PW = "Admin#Pass2026!"
TELLER_PW = "Teller#Pass2026!"


@pytest.fixture
def workstation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fast_passwords(monkeypatch)
    (tmp_path / "admin.pw").write_text(ADMIN_PW + "\n", encoding="utf-8")
    (tmp_path / "backup.pw").write_text("escrow passphrase for the bank 2026\n", encoding="utf-8")
    (tmp_path / "teller.pw").write_text(TELLER_PW + "\n", encoding="utf-8")
    config = tmp_path / "tg.toml"
    code = main(
        [
            "init",
            "--config",
            str(config),
            "--branch-code",
            "ZZ001",
            "--branch-name",
            "郑州市中原区示范支行",
            "--region",
            "410102",
            "--admin",
            "admin01",
            "--password-file",
            str(tmp_path / "admin.pw"),
            "--backup-passphrase-file",
            str(tmp_path / "backup.pw"),
        ]
    )
    assert code == 0
    return config


def admin(config: Path, *argv: str) -> int:
    return main(
        [
            *argv,
            "--config",
            str(config),
            "--operator",
            "admin01",
            "--password-file",
            str(config.parent / "admin.pw"),
        ]
    )


def test_init_writes_config_store_and_owner_only_keys(
    workstation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = workstation.read_text(encoding="utf-8")
    assert 'region = "410102"' in text and "郑州市中原区示范支行" in text
    keys = workstation.parent / "keys"
    secret = {"branch-keys.json", "branch-keys.backup.json", "workstation-signing.pem"}
    assert {p.name for p in keys.iterdir()} == secret | {"workstation-signing.pub"}
    for name in secret:
        assert (keys / name).stat().st_mode & 0o777 == 0o600, name
    assert main(["audit", "verify", "--config", str(workstation)]) == 0
    assert "OK" in capsys.readouterr().out


def test_init_refuses_a_missing_password_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "init",
            "--config",
            str(tmp_path / "tg.toml"),
            "--branch-code",
            "A",
            "--branch-name",
            "B",
            "--region",
            "410102",
            "--admin",
            "admin01",
            "--password-file",
            str(tmp_path / "nope"),
        ]
    )
    assert code == 2
    assert "cannot read the administrator password" in capsys.readouterr().err


def test_users_add_list_and_permissions(
    workstation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pw = str(workstation.parent / "teller.pw")
    assert (
        admin(
            workstation,
            "users",
            "add",
            "teller07",
            "--role",
            "teller",
            "--display-name",
            "李娜",
            "--new-password-file",
            pw,
        )
        == 0
    )
    assert admin(workstation, "users", "list") == 0
    out = capsys.readouterr().out
    assert "teller07" in out and "must change password" in out
    assert TELLER_PW not in out and "argon2" not in out
    # a teller may not add operators: a clear error, exit 2, no traceback
    (workstation.parent / "new.pw").write_text("Another#Pass2026!\n", encoding="utf-8")
    assert (
        main(
            [
                "users",
                "passwd",
                "--config",
                str(workstation),
                "--operator",
                "teller07",
                "--password-file",
                pw,
                "--new-password-file",
                str(workstation.parent / "new.pw"),
            ]
        )
        == 0
    )
    capsys.readouterr()
    code = main(
        [
            "users",
            "add",
            "teller08",
            "--role",
            "teller",
            "--config",
            str(workstation),
            "--operator",
            "teller07",
            "--password-file",
            str(workstation.parent / "new.pw"),
            "--new-password-file",
            pw,
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "teller07" in err and "Traceback" not in err


def test_wrong_password_is_refused_and_audited(
    workstation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = workstation.parent / "bad.pw"
    bad.write_text("wrong password\n", encoding="utf-8")
    code = main(
        [
            "users",
            "list",
            "--config",
            str(workstation),
            "--operator",
            "admin01",
            "--password-file",
            str(bad),
        ]
    )
    assert code == 2
    db = sqlite3.connect(f"file:{workstation.parent / 'tellerguard.sqlite3'}?mode=ro", uri=True)
    types = [row[0] for row in db.execute("SELECT type FROM events ORDER BY seq")]
    db.close()
    assert "login_failed" in types


def test_demo_export_and_verify_catch_tampering(
    workstation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(db), "--events", "60", "--seed", "3"]) == 0
    assert main(["audit", "verify", "--db", str(db)]) == 0
    capsys.readouterr()
    # exports from the configured workstation after a few demo-like events
    assert admin(workstation, "audit", "seal") == 0
    out = tmp_path / "export.zip"
    assert (
        admin(
            workstation,
            "audit",
            "export",
            "--from",
            "2000-01-01",
            "--to",
            "2099-12-31",
            "--format",
            "csv",
            "--out",
            str(out),
        )
        == 0
    )
    with zipfile.ZipFile(out) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        names = bundle.namelist()
    assert manifest["rows"] >= 1 and any(n.endswith(".csv") for n in names)
    # flip a byte in a stored record: verify must fail with exit 1 and name the sequence
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER IF EXISTS events_no_update")
    raw.close()
    capsys.readouterr()
    assert main(["audit", "verify", "--db", str(db)]) == 1
    assert "schema: trigger events_no_update: missing" in capsys.readouterr().out


def add_supervisor(config: Path, name: str) -> Path:
    """A supervisor who has already replaced the initial password; returns the password file."""
    first, final = config.parent / f"{name}.first", config.parent / f"{name}.pw"
    # Each supervisor's own passwords, never containing the name (nor the name backwards).
    shifted = "".join(chr(ord(c) + 1) for c in name)
    first.write_text(f"First#{shifted}2026\n", encoding="utf-8")
    final.write_text(f"Final#{shifted}2026\n", encoding="utf-8")
    assert (
        admin(
            config, "users", "add", name, "--role", "supervisor", "--new-password-file", str(first)
        )
        == 0
    )
    assert (
        main(
            [
                "users",
                "passwd",
                "--config",
                str(config),
                "--operator",
                name,
                "--password-file",
                str(first),
                "--new-password-file",
                str(final),
            ]
        )
        == 0
    )
    return final


def test_unmasked_export_needs_a_second_approver_and_a_reason(
    workstation: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pw1 = add_supervisor(workstation, "super01")
    pw2 = add_supervisor(workstation, "super02")
    base = [
        "audit",
        "export",
        "--from",
        "2026-01-01",
        "--to",
        "2099-12-31",
        "--format",
        "jsonl",
        "--config",
        str(workstation),
        "--operator",
        "super01",
        "--password-file",
        str(pw1),
        "--unmasked",
    ]
    capsys.readouterr()
    assert main([*base, "--out", str(tmp_path / "x.zip")]) == 2
    assert "approv" in capsys.readouterr().err.lower()
    assert not (tmp_path / "x.zip").exists()
    assert (
        main(
            [
                *base,
                "--out",
                str(tmp_path / "y.zip"),
                "--approver",
                "super01",
                "--approver-password-file",
                str(pw1),
                "--reason",
                "公安协查",
            ]
        )
        == 2
    )
    assert not (tmp_path / "y.zip").exists()
    assert (
        main(
            [
                *base,
                "--out",
                str(tmp_path / "z.zip"),
                "--approver",
                "super02",
                "--approver-password-file",
                str(pw2),
                "--reason",
                "公安协查函 2026-118",
            ]
        )
        == 0
    )
    assert (tmp_path / "z.zip").exists()


def test_types_lists_every_event_type(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "types"]) == 0
    out = io.StringIO(capsys.readouterr().out).read()
    for name in (
        "assessment_shown",
        "reminder_completed",
        "supervisor_authorized",
        "business_refused",
        "login_failed",
        "account_locked",
        "export_written",
    ):
        assert name in out


def test_stats_tell_a_manager_what_the_branch_stopped(
    workstation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pw = add_supervisor(workstation, "super03")
    who = ["--config", str(workstation), "--operator", "super03", "--password-file", str(pw)]
    capsys.readouterr()
    assert main(["audit", "stats", "--from", "2026-01-01", "--to", "2099-12-31", *who]) == 0
    out = capsys.readouterr().out
    assert "assessments shown: 0" in out and "amount protected 0.00 CNY" in out
    assert main(["audit", "stats", "--from", "2026-12-31", "--to", "2026-01-01", *who]) == 2
    assert "--to is before --from" in capsys.readouterr().err


def test_installed_layout_config_in_etc_store_in_var_lib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The .deb's launcher sets these two variables: `tellerguard init` with no --config
    writes the system-wide file, puts store and keys in the data folder, and every later
    command finds them without being told."""
    use_fast_passwords(monkeypatch)
    etc, var = tmp_path / "etc" / "tellerguard", tmp_path / "var" / "lib" / "tellerguard"
    etc.mkdir(parents=True)
    monkeypatch.delenv("TELLERGUARD_CONFIG", raising=False)
    monkeypatch.setenv("TELLERGUARD_SYSTEM_CONFIG", str(etc / "tellerguard.toml"))
    monkeypatch.setenv("TELLERGUARD_DATA_DIR", str(var))
    case = Path(__file__).resolve().parents[2] / "examples" / "03_wechat_friend_100k.json"
    # Before set-up there is no configuration: a region on the command line is enough.
    assert main(["assess", str(case), "--branch-region", "410102", "--on", "2026-11-25"]) == 0
    capsys.readouterr()
    (tmp_path / "admin.pw").write_text(ADMIN_PW + "\n", encoding="utf-8")
    (tmp_path / "backup.pw").write_text("escrow passphrase for the bank 2026\n", encoding="utf-8")
    code = main(
        [
            "init",
            *("--branch-code", "ZZ001", "--branch-name", "示范支行", "--region", "410102"),
            *("--admin", "admin01", "--password-file", str(tmp_path / "admin.pw")),
            *("--backup-passphrase-file", str(tmp_path / "backup.pw")),
        ]
    )
    assert code == 0
    assert f"wrote configuration {etc / 'tellerguard.toml'}" in capsys.readouterr().out
    text = (etc / "tellerguard.toml").read_text(encoding="utf-8")
    assert f'database = "{(var / "tellerguard.sqlite3").as_posix()}"' in text
    assert (var / "tellerguard.sqlite3").is_file() and (var / "keys").is_dir()
    assert not any(etc.glob("*.sqlite3")) and not (etc / "keys").exists()
    assert (var / "keys").stat().st_mode & 0o077 == 0
    assert main(["audit", "verify"]) == 0
    assert main(["assess", str(case), "--on", "2026-11-25"]) == 0  # region from /etc


def test_data_dir_option_beats_the_environment(
    workstation: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELLERGUARD_DATA_DIR", str(tmp_path / "not-here"))
    config = tmp_path / "second" / "tg.toml"
    code = main(
        [
            "init",
            *("--config", str(config), "--data-dir", str(tmp_path / "store2")),
            *("--branch-code", "ZZ001", "--branch-name", "示范支行", "--region", "410102"),
            *("--admin", "admin01", "--password-file", str(tmp_path / "admin.pw")),
            *("--backup-passphrase-file", str(tmp_path / "backup.pw")),
        ]
    )
    assert code == 0
    assert (tmp_path / "store2" / "tellerguard.sqlite3").is_file()
    assert not (tmp_path / "not-here").exists()


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--owner", "no-such-account-tg"], "--owner"),
        # as root: the store would land beside the file (refused); otherwise: needs root
        (["--owner", "root"], "--owner"),
    ],
)
def test_owner_is_checked_before_anything_is_written(
    tmp_path: Path, extra: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "tg.toml"
    code = main(
        [
            "init",
            *("--config", str(config), *extra),
            *("--branch-code", "ZZ001", "--branch-name", "示范支行", "--region", "410102"),
            *("--admin", "admin01"),
        ]
    )
    assert code == 2
    assert fragment in capsys.readouterr().err
    assert not config.exists()


def test_every_option_in_help_is_described_with_its_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tellerguard import cli

    added: list[tuple[str, argparse.Action]] = []
    original = cli.Parser.add_argument

    def record(self: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> argparse.Action:
        action = original(self, *args, **kwargs)
        added.append((self.prog, action))
        return action

    monkeypatch.setattr(cli.Parser, "add_argument", record)
    cli.build_parser()
    options = [(prog, a) for prog, a in added if a.option_strings]
    assert len({prog for prog, _ in options}) > 20 and len(options) > 60
    for prog, action in options:
        if action.help == argparse.SUPPRESS:
            continue
        assert action.help, f"{prog} {action.option_strings[0]} has no description"
        if action.dest in ("date_from", "date_to", "day", "on"):
            assert "YYYY-MM-DD" in f"{action.help} {action.metavar}", (prog, action.dest)
        if action.dest == "role":
            assert "teller, supervisor, rule_admin, it_admin" in action.help, prog


def test_set_role_takes_role_like_users_add_and_the_old_form_still_works(
    workstation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_pw = workstation.parent / "teller.pw"
    assert admin(workstation, "users", "add", "teller07", "--role", "teller",
                 "--new-password-file", str(new_pw)) == 0  # fmt: skip
    capsys.readouterr()
    assert admin(workstation, "users", "set-role", "teller07", "--role", "supervisor") == 0
    assert "supervisor" in capsys.readouterr().out
    assert admin(workstation, "users", "set-role", "teller07", "teller") == 0
    captured = capsys.readouterr()
    assert "deprecated; write --role ROLE" in captured.err and "teller" in captured.out
    assert admin(workstation, "users", "set-role", "teller07") == 2  # no role at all
    assert "pass --role ROLE (one of teller, supervisor" in capsys.readouterr().err


def test_without_a_terminal_the_error_names_the_file_option(
    workstation: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert admin(workstation, "users", "add", "teller08", "--role", "teller") == 2
    err = capsys.readouterr().err
    assert "no terminal to type the new password: pass --new-password-file FILE" in err


def test_the_password_policy_speaks_on_the_command_line(
    workstation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same policy as the console: a breached password, one holding the name, exit 2
    with one English line naming what to fix, and nothing added."""
    for password, fix in (
        ("Password123!", "it is a common password from public breaches"),
        ("Teller08#Lake", "it contains the user name or the display name"),
    ):
        pw = workstation.parent / "weak.pw"
        pw.write_text(password + "\n", encoding="utf-8")
        code = admin(
            workstation, "users", "add", "teller08", "--role", "teller",
            "--new-password-file", str(pw),
        )  # fmt: skip
        err = capsys.readouterr().err
        assert code == 2, err
        assert "the password is not acceptable: " in err and fix in err and "Traceback" not in err
    assert admin(workstation, "users", "list") == 0
    assert "teller08" not in capsys.readouterr().out


def test_users_list_lines_up_the_columns_after_a_chinese_name(
    workstation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each Han character takes two terminal columns: padded by characters (str.ljust), the
    # role and status after 欧阳娜娜 would stand four columns to the right of the others'.
    pw = str(workstation.parent / "teller.pw")
    for username, name in (("teller07", "欧阳娜娜"), ("teller08", "Anna Li"), ("teller09", "李娜")):
        code = admin(
            workstation, "users", "add", username, "--role", "teller",
            "--display-name", name, "--new-password-file", pw,
        )  # fmt: skip
        assert code == 0
    capsys.readouterr()
    assert admin(workstation, "users", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines if line.startswith(("username", "teller0"))]
    assert len(rows) == 4, lines

    def column_of(line: str, word: str) -> int:
        before = line[: line.index(word)]
        return display_width(before)

    assert {column_of(row, "teller ") if row.startswith("teller0") else column_of(row, "role")
            for row in rows} == {30}  # fmt: skip
    assert {column_of(row, "must change") for row in rows[1:]} == {43}


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("李娜") == 4 and display_width("Anna") == 4
    assert display_width("１２") == 4  # full-width digits
    assert display_width("e\u0301") == 1  # a combining accent takes no column
    assert pad("李娜", 6) == "李娜  " and pad("Anna", 6) == "Anna  "
    assert pad("欧阳娜娜", 6) == "欧阳娜娜"  # wider than the column: no padding, no cut


def test_audit_seals_lists_checks_and_exports_a_checkpoint(
    workstation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert admin(workstation, "audit", "seal") == 0
    capsys.readouterr()
    assert admin(workstation, "audit", "seals") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["event", "day", "seq", "sealed", "at", "status"]
    event = int(lines[1].split()[0])
    assert "OK" in lines[1]
    out = workstation.parent / "off-the-pc.json"
    assert admin(workstation, "audit", "seals", "--export", str(event), "--out", str(out)) == 0
    assert out.is_file() and "audit verify --checkpoint" in capsys.readouterr().out
    assert admin(workstation, "audit", "seals", "--export", str(event)) == 2
    assert "--export EVENT and --out FILE together" in capsys.readouterr().err
    assert admin(workstation, "audit", "seals", "--export", "1", "--out", str(out) + "2") == 2
    assert main(["audit", "verify", "--config", str(workstation), "--checkpoint", str(out)]) == 0


def test_a_secret_file_gives_its_first_line_and_refuses_what_is_not_text(
    tmp_path: Path,
) -> None:
    from tellerguard.cli_admin import _read_secret_file
    from tellerguard.cli_common import UsageError

    notepad = tmp_path / "notepad.txt"
    notepad.write_bytes("\ufeffTeller#2026\r\nsecond line\r\n".encode())  # BOM, CRLF
    assert _read_secret_file(notepad, "password") == "Teller#2026"
    binary = tmp_path / "random.bin"
    binary.write_bytes(bytes(range(128, 256)) * 10)
    with pytest.raises(UsageError, match=r"random\.bin: the password file is not UTF-8 text"):
        _read_secret_file(binary, "password")
    with pytest.raises(UsageError, match="/dev/zero: the password is not a regular file"):
        _read_secret_file(Path("/dev/zero"), "password")
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * (1024 * 1024))
    with pytest.raises(UsageError, match=r"huge\.txt: the password is larger than 64 KiB"):
        _read_secret_file(huge, "password")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\n\n")
    with pytest.raises(UsageError, match="the password file is empty"):
        _read_secret_file(empty, "password")


def test_a_seal_to_a_file_that_cannot_be_written_is_refused_before_it_is_recorded(
    workstation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Recorded first and then not written, the seal was recorded again at the retry.
    folder = workstation.parent
    taken = folder / "taken.json"
    taken.write_text("{}", encoding="utf-8")

    def seals() -> int:
        stores = list(folder.rglob("*.sqlite3"))
        assert len(stores) == 1, stores
        with sqlite3.connect(f"file:{stores[0]}?mode=ro", uri=True) as conn:
            return int(
                conn.execute("SELECT count(*) FROM events WHERE type = 'day_sealed'").fetchone()[0]
            )

    before = seals()
    for out, why in [
        (taken, "already exists"),
        (folder / "missing" / "seal.json", "does not exist"),
        (folder / ("x" * 300 + ".json"), "too long"),
    ]:
        assert admin(workstation, "audit", "seal", "--out", str(out)) == 2
        assert why in capsys.readouterr().err
        assert seals() == before
    assert taken.read_text(encoding="utf-8") == "{}"
    assert admin(workstation, "audit", "seal", "--out", str(folder / "seal.json")) == 0
    assert seals() == before + 1 and (folder / "seal.json").is_file()


def _init(tmp_path: Path, folder: str, *options: str, password: str = ADMIN_PW) -> int:
    (tmp_path / "given.pw").write_text(password + "\n", encoding="utf-8")
    (tmp_path / "backup.pw").write_text("escrow passphrase for the bank 2026\n", encoding="utf-8")
    values = {"--branch-code": "ZZ001", "--branch-name": "示范支行", "--region": "410102"}
    given = dict(zip(options[::2], options[1::2], strict=True))
    return main(
        [
            "init",
            "--config",
            str(tmp_path / folder / "tg.toml"),
            *(part for pair in {**values, **given}.items() for part in pair),
            "--admin",
            "admin01",
            "--password-file",
            str(tmp_path / "given.pw"),
            "--backup-passphrase-file",
            str(tmp_path / "backup.pw"),
        ]
    )


def test_init_checks_everything_before_it_writes_the_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_fast_passwords(monkeypatch)
    # A refused password left tg.toml behind, and the next init used it as it was.
    assert _init(tmp_path, "a", password="short") == 2
    assert "it has fewer than 10 characters" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()
    # Each bad option is named, not a traceback of the settings model.
    assert _init(tmp_path, "b", "--branch-code", "a b", "--workstation", "w" * 70) == 2
    err = capsys.readouterr().err
    assert "--branch-code:" in err and "--workstation:" in err and "Traceback" not in err
    assert _init(tmp_path, "b", "--region", "999999") == 2  # no such place
    assert "'999999' is no region code of GB/T 2260" in capsys.readouterr().err
    assert not (tmp_path / "b" / "tg.toml").exists()
    # An existing configuration is used as it is: an option saying otherwise is refused.
    assert _init(tmp_path, "c") == 0
    capsys.readouterr()
    assert _init(tmp_path, "c", "--branch-name", "别的支行") == 2
    assert "says otherwise for --branch-name" in capsys.readouterr().err
    assert "示范支行" in (tmp_path / "c" / "tg.toml").read_text(encoding="utf-8")


def test_a_second_workstation_of_the_branch_is_set_up_with_the_branchs_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """INSTALL.md's second counter PC: `init --import-key-backup` takes the branch keys from
    the first PC's escrowed backup (the same key id in both stores, so the branch's records
    decrypt and match anywhere); a wrong passphrase or another branch's backup is refused
    before anything is written."""
    from tellerguard.audit.keys import KEY_BACKUP_FILE
    from tellerguard.config import load_settings
    from tellerguard.services.workstation import open_workstation

    use_fast_passwords(monkeypatch)
    assert _init(tmp_path, "first") == 0
    first = load_settings(tmp_path / "first" / "tg.toml")
    backup = first.key_path / KEY_BACKUP_FILE
    (tmp_path / "wrong.pw").write_text("not the passphrase at all\n", encoding="utf-8")
    imported = ["--workstation", "counter-02", "--import-key-backup", str(backup)]
    capsys.readouterr()
    # A wrong passphrase, another branch: one error line, nothing written.
    wrong = [*imported, "--import-passphrase-file", str(tmp_path / "wrong.pw")]
    assert _init(tmp_path, "second", *wrong) == 2
    assert capsys.readouterr().err.startswith("error: ")
    other = [*imported, "--import-passphrase-file", str(tmp_path / "backup.pw")]
    assert _init(tmp_path, "second", *other, "--branch-code", "ZZ002") == 2
    assert "belong to branch 'ZZ001', not to 'ZZ002'" in capsys.readouterr().err
    assert not (tmp_path / "second").exists()
    # The right passphrase: the branch's keys, the workstation's own signing key.
    assert _init(tmp_path, "second", *other) == 0
    second = load_settings(tmp_path / "second" / "tg.toml")
    with open_workstation(first) as one, open_workstation(second) as two:
        assert one.store.key_id == two.store.key_id
        assert one.store.signer is not None and two.store.signer is not None
        assert one.store.signer.public_key_hex != two.store.signer.public_key_hex
    assert f"the branch keys {one.store.key_id} of {backup} will be used" in (
        capsys.readouterr().out
    )
