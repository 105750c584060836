"""How the app reports trouble: short Chinese messages for expected errors, a crash dialog and
a logged traceback for bugs, and Qt's own messages routed into :mod:`logging`."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger("tellerguard.gui")
qt_log = logging.getLogger("tellerguard.qt")


KEEP_TYPING = QT_TRANSLATE_NOOP(
    "errors", "已填写的内容仍保留在表单中，问题解决后可再次按 Ctrl+回车 完成办理。"
)
"""Appended to messages about a failed finish; show it with ``translate("errors", KEEP_TYPING)``."""


class UserFacingError(Exception):
    """An expected problem the teller can act on; ``message_zh`` is shown as is."""

    def __init__(self, message_zh: str, detail_en: str = "") -> None:
        super().__init__(detail_en or message_zh)
        self.message_zh = message_zh


def show_error(parent: QWidget | None, message_zh: str, title: str = "") -> None:
    """The one way to tell the teller about an expected problem: a short Chinese message
    (already translated by the caller); the title defaults to 无法继续."""
    title = title or translate("errors", "无法继续")
    log.info("user-facing error: %s", message_zh)
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message_zh, QMessageBox.StandardButton.Ok, parent
    )
    box.button(QMessageBox.StandardButton.Ok).setText(translate("errors", "知道了"))
    box.exec()


def confirm(parent: QWidget | None, title: str, question_zh: str) -> bool:
    """Ask before throwing typed work away; No is the default, so Enter never discards."""
    answer = QMessageBox.question(
        parent,
        title,
        question_zh,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: object, message: str) -> None:
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def route_qt_messages() -> object:
    """Send qDebug/qWarning/… into the ``tellerguard.qt`` logger; returns the previous
    handler (to restore it)."""
    return qInstallMessageHandler(_qt_message)


def _crash_dialog(text: str) -> None:
    app = QApplication.instance()
    if app is None:
        return
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        translate("errors", "程序错误"),
        translate(
            "errors",
            "TellerGuard 遇到内部错误，当前操作未完成。\n"
            "已填写的内容仍保留在表单中。请联系科技部门并提供日志。",
        ),
        QMessageBox.StandardButton.Ok,
    )
    box.setDetailedText(text)
    box.exec()


def handle_bug(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """The excepthook: log the traceback, then show the crash dialog."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    text = "".join(traceback.format_exception(kind, value, tb))
    log.critical("unhandled exception (a bug):\n%s", text)
    try:
        _crash_dialog(text)
    except Exception:  # pragma: no cover - never let the hook itself crash
        log.exception("could not show the crash dialog")


def install_excepthook() -> None:
    sys.excepthook = handle_bug
