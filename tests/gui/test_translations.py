"""Every user-visible Chinese literal in the GUI modules goes through Qt translation.

DESIGN.md: user-visible text is Simplified Chinese and goes through ``tr()``. The Designer
forms (``tellerguard/gui/forms``) do so by construction; this test keeps the hand-written
modules honest with an AST scan. A string constant containing CJK text must be a direct
argument of ``self.tr(...)``, ``translate(...)`` (``tellerguard.gui.i18n``),
``QCoreApplication.translate(...)`` or ``QT_TRANSLATE_NOOP(...)``, unless it is a docstring, the
argument of a log call, or data listed in :data:`DATA_CONSTANTS`. f-strings do not pass: lupdate
cannot see them; use ``translate("module", "…{name}…").format(name=…)``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "tellerguard" / "gui"

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

EXCLUDED = {"samples.py"}
"""Demo data, not interface text (``forms/`` is excluded as a folder)."""

NOT_YET_CONVERTED: set[str] = set()
"""Modules (paths relative to tellerguard/gui) still holding plain literals; keep it empty."""

DATA_CONSTANTS = {
    ("fonts.py", "SAMPLE_TEXT"),  # characters to test glyphs with, never shown
}
"""(module, name) of module-level constants whose Chinese text is data, not interface text."""

TRANSLATING_FUNCTIONS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
LOG_METHODS = {"debug", "info", "warning", "error", "exception", "critical", "log"}


def gui_modules() -> list[Path]:
    return sorted(
        path
        for path in GUI.rglob("*.py")
        if "forms" not in path.relative_to(GUI).parts and path.name not in EXCLUDED
    )


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _allowed(node: ast.Constant, parent: ast.AST | None, module: str) -> bool:
    if isinstance(parent, ast.Expr):
        return True  # a docstring (module, class, function or attribute): not shown
    if isinstance(parent, ast.Call) and node in parent.args:
        name = _called_name(parent)
        if name in TRANSLATING_FUNCTIONS:
            return True
        if name in LOG_METHODS and isinstance(parent.func, ast.Attribute):
            return True  # log messages are for the log file, not the teller
    if isinstance(parent, ast.Assign | ast.AnnAssign):
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        names = {t.id for t in targets if isinstance(t, ast.Name)}
        if any((module, name) in DATA_CONSTANTS for name in names):
            return True
    return False


def findings(source: str, module: str) -> list[tuple[int, str]]:
    """``(line, text)`` of every Chinese literal in ``source`` not routed through Qt."""
    tree = ast.parse(source)
    parents = {child: outer for outer in ast.walk(tree) for child in ast.iter_child_nodes(outer)}
    return sorted(
        (node.lineno, node.value[:40])
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CJK.search(node.value)
        and not _allowed(node, parents.get(node), module)
    )


def untranslated(path: Path) -> list[str]:
    module = path.relative_to(GUI).as_posix()
    return [
        f"{module}:{line}: {text!r}"
        for line, text in findings(path.read_text(encoding="utf-8"), module)
    ]


def test_the_scan_sees_the_gui_modules() -> None:
    names = {path.relative_to(GUI).as_posix() for path in gui_modules()}
    assert {"finish.py", "presenters.py", "views/main_window.py"} <= names
    assert not any(name.startswith("forms/") for name in names)
    assert names >= NOT_YET_CONVERTED


@pytest.mark.parametrize("path", gui_modules(), ids=lambda p: p.relative_to(GUI).as_posix())
def test_chinese_text_goes_through_translation(path: Path) -> None:
    if path.relative_to(GUI).as_posix() in NOT_YET_CONVERTED:
        pytest.skip("listed in NOT_YET_CONVERTED")
    assert untranslated(path) == []


def test_the_scan_catches_plain_and_f_string_literals() -> None:
    source = (
        '"""模块说明。"""\n'
        "import logging\n"
        "log = logging.getLogger(__name__)\n"
        'A = translate("sample", "已翻译")\n'
        'B = "未翻译"\n'
        'C = f"序号 {A}"\n'
        'log.info("日志 %s", A)\n'
        'D = QT_TRANSLATE_NOOP("sample", "常量")\n'
        'E = translate("sample", "{n} 条").format(n=1)\n'
        'SAMPLE_TEXT = "字形"\n'
    )
    assert [line for line, _ in findings(source, "sample.py")] == [5, 6, 10]
    assert [line for line, _ in findings(source, "fonts.py")] == [5, 6]
