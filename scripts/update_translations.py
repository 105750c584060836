"""Regenerate ui/translations/tellerguard_en.ts from the GUI sources with pyside6-lupdate.

Scans the hand-written GUI modules (``tellerguard/gui``, where text goes through ``self.tr``,
``translate("module", …)`` and ``QT_TRANSLATE_NOOP``) and the Designer forms (``ui/*.ui``).
The compiled forms (``tellerguard/gui/forms``) are skipped: they repeat the .ui text.
Existing translations in the .ts file are kept; obsolete ones are dropped (``-no-obsolete``).

    .venv/bin/python scripts/update_translations.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LUPDATE = ROOT / ".venv" / "bin" / "pyside6-lupdate"
TS_FILE = ROOT / "ui" / "translations" / "tellerguard_en.ts"


def sources() -> list[Path]:
    gui = ROOT / "tellerguard" / "gui"
    modules = [p for p in sorted(gui.rglob("*.py")) if "forms" not in p.relative_to(gui).parts]
    return modules + sorted((ROOT / "ui").glob("*.ui"))


def lupdate(ts_file: Path) -> subprocess.CompletedProcess[str]:
    """Run lupdate over :func:`sources` into ``ts_file`` (kept translations stay)."""
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(LUPDATE),
        "-no-obsolete",
        "-source-language",
        "zh_CN",
        "-target-language",
        "en",
        *(str(p.relative_to(ROOT)) for p in sources()),
        "-ts",
        str(ts_file),
    ]
    return subprocess.run(command, cwd=ROOT, check=False, capture_output=True, text=True)


def main() -> int:
    if not LUPDATE.exists():
        print(f"{LUPDATE.relative_to(ROOT)} not found (PySide6-Essentials ships it); skipped")
        return 1
    done = lupdate(TS_FILE)
    print(done.stdout, end="")
    print(done.stderr, end="", file=sys.stderr)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
