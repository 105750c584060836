"""Every rule pack ever requested or active, kept by its content hash in the workstation's data
directory (``packs/<sha256>/`` beside the store), so any recorded assessment can be judged
again under the pack that made it.

A pack is copied in whole into a temporary folder, its hash checked, the files and folders
made read-only, and the folder renamed into place: a crash leaves either the whole pack or a
temporary folder nobody reads. Nothing there is trusted at load: the folder's hash is
computed again and must equal its name (a file edited, added or removed since is refused).
Files whose names start with a dot are neither hashed nor loaded (as in any pack folder).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tellerguard.config import Settings
from tellerguard.engine.pack import PackError, RulePack, load_pack, pack_sha256
from tellerguard.engine.safeyaml import YamlProblem
from tellerguard.private_files import fsync_dir

__all__ = [
    "MAX_PACK_BYTES",
    "MAX_PACK_FILES",
    "PackArchiveError",
    "archive_pack",
    "check_pack_size",
    "load_archived",
    "packs_dir",
]

PACKS_DIR = "packs"
MAX_PACK_FILES = 400
MAX_PACK_BYTES = 8 * 1024 * 1024
"""A pack folder larger than this is refused before anything in it is parsed (the default
pack is about 0.2 MiB)."""


class PackArchiveError(PackError):
    """A kept pack that is missing or no longer matches its content hash: a pack that
    cannot be used (the app refuses to start on it, as on any broken pack), found by a check
    (exit status 1)."""

    exit_status = 1
    default_zh = "本机保存的规则包缺失或已被改动，请联系规则管理员和科技部门"

    def __init__(self, message: str) -> None:
        super().__init__([YamlProblem(message.split(": ", 1)[0], 0, message.split(": ", 1)[-1])])


def packs_dir(settings: Settings) -> Path:
    """Where the workstation keeps its packs: ``packs/`` beside the audit store."""
    return settings.database_path.parent / PACKS_DIR


def _visible(folder: Path, path: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(folder).parts)


def check_pack_size(folder: Path) -> None:
    """Refuse a folder with links, too many files or too many bytes, before it is read."""
    if not folder.is_dir():
        raise PackError([YamlProblem(folder.as_posix(), 0, "not a rule pack folder")])
    files = 0
    size = 0
    for path in folder.rglob("*"):
        if not _visible(folder, path):
            continue
        if path.is_symlink():
            raise PackError(
                [YamlProblem(path.as_posix(), 0, "a symbolic link; a pack holds plain files")]
            )
        if path.is_file():
            files += 1
            size += path.stat().st_size
        if files > MAX_PACK_FILES:
            raise PackError(
                [YamlProblem(folder.as_posix(), 0, f"over {MAX_PACK_FILES} files in the pack")]
            )
        if size > MAX_PACK_BYTES:
            raise PackError(
                [
                    YamlProblem(
                        folder.as_posix(),
                        0,
                        f"the pack folder is over {MAX_PACK_BYTES} bytes (the limit)",
                    )
                ]
            )


def _verify(folder: Path, sha256: str) -> None:
    actual = pack_sha256(folder)
    if actual != sha256:
        raise PackArchiveError(
            f"{folder}: the kept pack's content hash is {actual}, not {sha256}: "
            "a file in it was changed, added or removed"
        )


def _read_only(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):  # files before their folders
        mode = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
        if path.is_dir():
            mode |= stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH
        path.chmod(mode)
    folder.chmod(0o555)


def archive_pack(packs: Path, folder: Path) -> str:
    """Keep ``folder`` as ``packs/<sha256>/`` (once); returns the content hash."""
    check_pack_size(folder)
    sha256 = pack_sha256(folder)
    target = packs / sha256
    if target.is_dir():
        _verify(target, sha256)
        return sha256
    packs.mkdir(parents=True, exist_ok=True)
    staging = packs / f".incoming-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        for path in sorted(folder.rglob("*")):
            if not _visible(folder, path) or not path.is_file():
                continue
            copy = staging / path.relative_to(folder)
            copy.parent.mkdir(parents=True, exist_ok=True)
            with path.open("rb") as src, copy.open("xb") as dst:
                shutil.copyfileobj(src, dst)
                dst.flush()
                os.fsync(dst.fileno())
        _verify(staging, sha256)  # the source changed while it was copied
        _read_only(staging)
        os.rename(staging, target)
        fsync_dir(packs)
    except BaseException:
        with contextlib.suppress(OSError):
            for path in staging.rglob("*"):
                if path.is_dir():
                    path.chmod(0o700)
            staging.chmod(0o700)
            shutil.rmtree(staging)
        if target.is_dir():  # another process kept the same pack first
            _verify(target, sha256)
            return sha256
        raise
    return sha256


def load_archived(packs: Path, sha256: str, overrides: Mapping[str, Any] | None = None) -> RulePack:
    """The kept pack with this hash, checked against it, with branch ``overrides``."""
    folder = packs / sha256
    if not folder.is_dir():
        raise PackArchiveError(
            f"{packs}: no pack with content hash {sha256} is kept here (the counter app keeps "
            "the pack it starts with, and every approved change; a pack used only elsewhere "
            f"can be kept with its folder copied to {folder})"
        )
    _verify(folder, sha256)
    pack = load_pack(folder, overrides)
    if pack.sha256 != sha256:  # changed between the check and the load
        raise PackArchiveError(f"{folder}: the pack changed while it was loaded")
    return pack
