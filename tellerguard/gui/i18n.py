"""Qt translation for GUI text outside QObject methods (those use ``self.tr``).

Call ``translate("module", "中文")`` with both arguments as literals, so that
``pyside6-lupdate`` (scripts/update_translations.py) finds the text; the context is the module's
short name. Text defined at import time (constants, tables) is marked with
``QT_TRANSLATE_NOOP("module", "中文")`` and translated where it is shown, with
``translate("module", CONSTANT)``, so a translator installed later still applies. Without an
installed translator the text comes back unchanged.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def translate(context: str, text: str) -> str:
    """``text`` in the current language (unchanged when no translator is installed)."""
    return QCoreApplication.translate(context, text)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for lupdate under ``context`` without translating it (yet)."""
    del context
    return text
