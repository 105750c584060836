"""Files only their owner can read, whatever the umask the program was started with."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from tellerguard.audit.sqlite import LOCK_SUFFIX
from tellerguard.cli import main
from tellerguard.config import Settings
from tellerguard.private_files import PRIVATE_FILE, hand_over, write_private_file
from tellerguard.services.audit_ops import backup_audit, export_audit, seal_day
from tests.unit.audit_helpers import login, open_ws

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> None:
    """The umask of a careless session: new files 0644, folders 0755 unless we say so."""
    os.umask(0o022)


def test_the_store_its_wal_shm_lock_and_checkpoints_are_owner_only(
    tmp_path: Path, loose_umask: None, settings: Settings
) -> None:
    store = settings.database_path
    with open_ws(settings) as ws:
        for name in ("", "-wal", "-shm", LOCK_SUFFIX):
            path = store.with_name(store.name + name)
            assert mode(path) == PRIVATE_FILE, path
        supervisor = login(ws, "supervisor01")
        sealed = seal_day(ws, supervisor, out=tmp_path / "seal.json")
        backup = backup_audit(ws, supervisor, tmp_path / "backup.sqlite3")
    assert all(mode(p) == PRIVATE_FILE for p in sealed.files), sealed.files
    assert mode(backup.result.path) == PRIVATE_FILE
    assert mode(store.parent / "checkpoints") & 0o077 == 0


def test_exports_and_their_checksums_are_owner_only(
    tmp_path: Path, loose_umask: None, settings: Settings, clock: object
) -> None:
    with open_ws(settings) as ws:
        today = ws.clock.today()
        outcome = export_audit(
            ws,
            login(ws, "supervisor01"),
            date_from=today,
            date_to=today,
            fmt="csv",
            out=tmp_path / "export.zip",
        )
    assert mode(outcome.path) == PRIVATE_FILE
    checksum = outcome.path.with_name(outcome.path.name + ".sha256")
    assert mode(checksum) == PRIVATE_FILE


def test_init_writes_an_owner_only_configuration(
    tmp_path: Path, loose_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pw").write_text("Admin#2026xx\n", encoding="utf-8")
    (tmp_path / "pp").write_text("backup passphrase 2026\n", encoding="utf-8")
    config = tmp_path / "etc" / "tellerguard.toml"
    code = main(
        ["init", "--config", str(config), "--branch-code", "B1", "--branch-name", "示范支行",
         "--region", "410102", "--admin", "admin01", "--password-file", str(tmp_path / "pw"),
         "--backup-passphrase-file", str(tmp_path / "pp")]
    )  # fmt: skip
    assert code == 0
    assert mode(config) == PRIVATE_FILE
    assert mode(config.parent) == 0o700


def test_write_private_file_keeps_a_chosen_folder_as_it_is(
    tmp_path: Path, loose_umask: None
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir(mode=0o755)
    write_private_file(usb / "file.txt", b"x")
    assert mode(usb / "file.txt") == PRIVATE_FILE
    assert mode(usb) == 0o755  # an export must not change the operator's own folder


def test_the_workstation_names_files_other_users_can_read(settings: Settings) -> None:
    with open_ws(settings) as ws:
        assert ws.exposed_files() == []
        settings.database_path.chmod(0o644)
        settings.key_path.chmod(0o755)
        assert ws.exposed_files() == [settings.database_path, settings.key_path]


def test_a_root_owned_readable_configuration_is_not_flagged_a_writable_one_is(
    settings: Settings,
) -> None:
    """The package's /etc/tellerguard/tellerguard.toml is 0644 root: no secret in it, and the
    counter account must read it; anyone able to change it could redirect store or pack."""
    config = settings.database_path.parent / "tellerguard.toml"
    config.write_text('branch_code = "B4101"\n', encoding="utf-8")
    with open_ws(settings.model_copy(update={"source": config})) as ws:
        config.chmod(0o644)
        assert ws.exposed_files() == []
        config.chmod(0o666)
        assert ws.exposed_files() == [config]


def test_hand_over_gives_a_folder_and_everything_in_it_to_an_account(tmp_path: Path) -> None:
    import pwd

    me = pwd.getpwuid(os.geteuid())
    store = tmp_path / "store"
    (store / "keys").mkdir(parents=True, mode=0o700)
    (store / "keys" / "branch.key").write_bytes(b"k")
    (store / "keys" / "branch.key").chmod(0o600)
    hand_over([store], me.pw_name)  # to oneself: allowed without root, same code path
    for path in (store, store / "keys", store / "keys" / "branch.key"):
        assert (path.stat().st_uid, path.stat().st_gid) == (me.pw_uid, me.pw_gid)
    assert mode(store / "keys" / "branch.key") == 0o600  # modes stay owner-only


def test_the_bounded_reader_refuses_devices_and_stops_at_its_limit(tmp_path: Path) -> None:
    from tellerguard.private_files import FileTooLarge, NotARegularFile, read_regular_file

    with pytest.raises(NotARegularFile) as device:
        read_regular_file(Path("/dev/zero"), 10)  # was read until memory ran out
    assert device.value.strerror == "not a regular file"
    big = tmp_path / "big"
    big.write_bytes(b"x" * 2049)
    with pytest.raises(FileTooLarge) as large:
        read_regular_file(big, 2048)
    assert large.value.strerror == "larger than 2 KiB"
    assert read_regular_file(big, 2049) == b"x" * 2049
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "missing", 10)
