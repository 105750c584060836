"""Files only their owner can read: the audit store (with its -wal, -shm and lock files), the
keys, the configuration, checkpoints, confirmations, exports and backups.

They hold masked customer data, amounts, decisions and lookup hashes; on a counter PC shared
by several local accounts (or reachable by a service account) every other user could read a
0644 file. So the program sets its umask to 0077 before it creates anything, each file it
writes is created 0600 (folders 0700) whatever the umask, and the workstation checks the
modes at start and warns (:func:`exposed`). On Windows, files inherit the folder's ACL and
these modes do not apply.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

OWNER_ONLY_UMASK = 0o077
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
POSIX = sys.platform != "win32"


def restrict_umask() -> None:
    """Make every file this process creates from now on owner-only (POSIX)."""
    if POSIX:
        os.umask(OWNER_ONLY_UMASK)


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable."""
    if not POSIX:  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` if it does not exist, and make it owner-only (POSIX): for folders
    TellerGuard owns (keys, the store's, confirmations)."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if POSIX:
        os.chmod(folder, PRIVATE_DIR)


def create_private_file(path: Path) -> None:
    """Create an empty owner-only file if none exists (before SQLite or Qt opens it, so it
    never exists with wider permissions)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))


def write_private_file(path: Path, data: bytes) -> None:
    """Write a file atomically: owner-only, flushed, then renamed into place. A missing
    folder is created owner-only; an existing one keeps its mode (it may be a folder the
    operator chose, such as a USB stick for an export)."""
    if not path.parent.is_dir():
        ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(
        tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def readable_by_others(path: Path) -> bool:
    """Whether a file or folder grants anything to its group or to other users (POSIX)."""
    return _grants(path, stat.S_IRWXG | stat.S_IRWXO)


def writable_by_others(path: Path) -> bool:
    """Whether a file or folder lets its group or other users change it (POSIX)."""
    return _grants(path, stat.S_IWGRP | stat.S_IWOTH)


def _grants(path: Path, bits: int) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return POSIX and bool(mode & bits)


def hand_over(paths: Iterable[Path], user: str) -> None:
    """Give files and folders (recursively) to ``user`` and that user's primary group, modes
    unchanged: an administrator (root) sets a workstation up for the account that works at
    the counter, whose program must open the store and keys it owns (POSIX only)."""
    for path in paths:
        shutil.chown(path, user, _primary_group(user))
        if path.is_dir() and not path.is_symlink():
            for child in sorted(path.rglob("*")):
                if not child.is_symlink():
                    shutil.chown(child, user, _primary_group(user))


def _primary_group(user: str) -> int:
    import pwd  # POSIX only; imported here so the module loads on Windows

    return pwd.getpwnam(user).pw_gid


def exposed(paths: Iterable[Path]) -> list[Path]:
    """The existing ``paths`` other local users could read or change."""
    return [path for path in paths if readable_by_others(path)]


class NotARegularFile(OSError):
    """A path given as a file that is a pipe, a device or a socket: reading it could block
    forever (a FIFO with no writer) or never end (``/dev/zero``)."""


class FileTooLarge(OSError):
    """A file longer than the reader's limit (only the limit and one byte were read)."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """A regular file's bytes, refused beyond ``limit`` without reading the rest. Raises
    :class:`NotARegularFile`, :class:`FileTooLarge`, or the ``OSError`` of opening it."""
    # O_NONBLOCK: a FIFO with no writer opens at once instead of waiting; a regular file
    # ignores the flag, and anything that is not one is refused right after opening.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(errno.EFBIG, f"larger than {size_text(limit)}", str(path))
    return data


def size_text(limit: int) -> str:
    """A byte limit as people read it: 64 KiB, 512 MiB."""
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit // 1024} KiB"


def read_failure(path: Path, what: str, exc: OSError) -> str:
    """The one English line for ``path`` that could not be read as ``what`` (the caller
    raises it as its own error: a usage error, a list error, a central error)."""
    if isinstance(exc, NotARegularFile):
        return f"{path}: the {what} is not a regular file"
    if isinstance(exc, FileTooLarge):
        return f"{path}: the {what} is {exc.strerror}"
    if isinstance(exc, FileNotFoundError):
        return f"{path}: cannot read the {what}: no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{path}: cannot read the {what}: it is a folder"
    return f"{path}: cannot read the {what}: {exc.strerror or exc}"
