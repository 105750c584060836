"""Files a command or a window is asked to write: checked before anything is recorded."""

from __future__ import annotations

from pathlib import Path

from tellerguard.audit.errors import ExportError


def new_output_file(out: Path) -> Path:
    """``out`` if it is a new file the program can create: not there yet (nothing is
    overwritten), in a folder that exists, and creatable there, which is tried now and
    undone. Checked before the event about it is recorded: a seal recorded and then not
    written was sealed a second time at the retry."""
    out = Path(out)
    if out.exists() or out.is_symlink():
        raise ExportError(
            f"{out} already exists; choose a new file name", "文件已存在，请换一个文件名"
        )
    if not out.parent.is_dir():
        raise ExportError(f"folder {out.parent} does not exist", "导出目录不存在")
    try:
        with open(out, "xb"):
            pass
    except OSError as exc:
        raise ExportError(
            f"{out}: cannot be written: {exc.strerror}", "无法在该位置写入文件，请换一个位置"
        ) from None
    out.unlink()
    return out
