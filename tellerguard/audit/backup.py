"""Online backup of the live store with SQLite's backup API, verified before it is kept.

The copy is read from a read-only connection (so the writer keeps appending meanwhile),
written to a temporary file beside the target, switched to a self-contained rollback-journal
file, fully verified (chain, schema, operators), and only then renamed into place. The keys
are not in the backup: they are backed up separately (the passphrase-protected key backup).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from tellerguard.audit.errors import AuditError, StoreTamperedError
from tellerguard.audit.sqlite import translate_error
from tellerguard.audit.store import AuditReader, ChainHead
from tellerguard.audit.verify import VerifyReport, verify_store
from tellerguard.private_files import create_private_file


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    sha256: str
    head: ChainHead
    report: VerifyReport


def backup_store(source: Path, out: Path) -> BackupResult:
    """Copy ``source`` to ``out`` online and verify the copy; ``out`` must not exist."""
    out = Path(out)
    if out.exists():
        raise AuditError(
            f"{out} already exists; choose a new backup file name", "备份文件已存在，请换一个文件名"
        )
    if not out.parent.is_dir():
        raise AuditError(f"folder {out.parent} does not exist", "备份目录不存在")
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    try:
        with AuditReader(source) as reader:
            create_private_file(tmp)  # a copy of the store is as private as the store
            target = sqlite3.connect(str(tmp))
            try:
                # In one step: a stepwise copy restarts whenever the writer commits, and in WAL
                # mode one read transaction does not hold the writer up.
                reader.conn.backup(target, pages=-1)
                # A single self-contained file, whatever mode the live store runs in.
                target.execute("PRAGMA journal_mode = DELETE")
                target.commit()
            except sqlite3.Error as exc:
                raise translate_error(exc, tmp) from None
            finally:
                target.close()
        with AuditReader(tmp) as copy:
            head = copy.read_head()
        report = verify_store(tmp)
        if not report.ok:
            raise StoreTamperedError(
                f"the backup copy does not verify ({report.problem_count} problems; first: "
                f"{report.problems[0].line() if report.problems else '-'}); the source store "
                "needs 'tellerguard audit verify'"
            )
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
            digest = hashlib.sha256()
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        os.replace(tmp, out)
        report.path = out
        return BackupResult(out, digest.hexdigest(), head, report)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
