"""Start the desktop app: settings, fonts, logging, the rule pack, the store, login, window.

``run_gui(settings_path, demo)`` is what ``tellerguard gui`` calls. With ``demo`` it first
creates (if missing) a demo branch under ``.demo/`` in the checkout — its own configuration and
SQLite database with demo operators — so ``make run`` works on a fresh machine.

A rule pack that does not load is reported to the operator, recorded in the audit log, and the
app does not run: assessing with a broken or missing pack would be worse than not starting.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

import platformdirs
from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from tellerguard.config import APP_NAME, ConfigError, Settings, find_config, load_settings
from tellerguard.gui.errors import install_excepthook, route_qt_messages
from tellerguard.gui.fonts import cjk_font
from tellerguard.gui.i18n import translate
from tellerguard.private_files import restrict_umask
from tellerguard.services.rules import PackError, load_rules, warm_up_counter

log = logging.getLogger("tellerguard.gui.app")

EXIT_OK, EXIT_CANNOT_START = 0, 2
DESKTOP_ID = "cn.tellerguard.TellerGuard"
"""The installed package's desktop entry and icon name (packaging/linux/)."""


def log_file() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / "tellerguard-gui.log"


def setup_logging(path: Path | None = None) -> logging.Handler | None:
    """Log to a file (with tracebacks of bugs) besides the console; returns its handler."""
    path = path or log_file()
    root = logging.getLogger()
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as exc:
        log.warning("cannot write the log file %s: %s", path, exc)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return handler


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the CJK font, Qt messages in logging and the crash dialog."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    install_qt_chinese(app)
    app.setApplicationDisplayName(translate("app", "TellerGuard 柜面反诈助手"))
    app.setDesktopFileName(DESKTOP_ID)  # the taskbar groups the window under the menu entry
    icon = QIcon.fromTheme(DESKTOP_ID)  # installed by the package into the hicolor theme
    if not icon.isNull():
        app.setWindowIcon(icon)
    app.setFont(cjk_font())
    route_qt_messages()
    install_excepthook()
    return app


def install_qt_chinese(app: QApplication) -> bool:
    """Qt's own text in Chinese: the 是/否/确定/取消 of QMessageBox and QDialogButtonBox, the
    context menus of text fields. Loaded from the translations shipped with PySide6; without
    them (a stripped install) Qt's English stays and the log says so."""
    if app.property("tellerguard_qt_zh"):
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)  # parented: lives as long as the application
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(), "qtbase", "_", folder):
        log.warning("Qt's Chinese translations (qtbase_zh_CN.qm) not found in %s", folder)
        return False
    app.installTranslator(translator)
    app.setProperty("tellerguard_qt_zh", True)
    return True


def fatal(message_zh: str, detail: str = "") -> None:
    """Tell the operator why the app cannot start (before any window exists)."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        translate("app", "TellerGuard 无法启动"),
        message_zh,
        QMessageBox.StandardButton.Ok,
    )
    if detail:
        box.setDetailedText(detail)
    box.exec()


def load_settings_for_gui(settings_path: Path | None) -> Settings:
    found = find_config(settings_path)
    if found is None:
        raise ConfigError(
            "no configuration: run 'tellerguard init', pass --config PATH, "
            "or start the demo with 'tellerguard gui --demo'"
        )
    return load_settings(found)


def run_gui(settings_path: Path | None, demo: bool) -> int:
    """Run the teller app until the window closes; the process exit status."""
    restrict_umask()  # before the log, the demo branch, the store or any PDF is created
    handler = setup_logging()
    try:
        return _run(settings_path, demo)
    finally:
        if handler is not None:
            logging.getLogger().removeHandler(handler)
            handler.close()


def no_display() -> str | None:
    """Why no window can open here (a Linux session with neither X11 nor Wayland and no Qt
    platform chosen), or None. Qt itself aborts the process in that case (exit 134, its
    plugin messages), before any message box could say what to do."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY"):
        return None
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the window on: sign in to the desktop session, set DISPLAY, "
        "or run it under a virtual display (xvfb-run tellerguard gui)"
    )


def _run(settings_path: Path | None, demo: bool) -> int:
    if (why := no_display()) is not None:
        print(f"error: {why}", file=sys.stderr)
        log.info("cannot start the app: %s", why)
        return EXIT_CANNOT_START
    app = make_application()
    from tellerguard.gui.session import Session, StoreUnavailable  # after Qt is up

    if demo:
        from tellerguard.gui.demo import ensure_demo_branch

        try:
            settings_path = ensure_demo_branch()
        except Exception as exc:
            log.exception("cannot create the demo branch")
            fatal(translate("app", "无法创建演示网点。"), f"{type(exc).__name__}: {exc}")
            return EXIT_CANNOT_START
    try:
        settings = load_settings_for_gui(settings_path)
    except ConfigError as exc:
        log.error("configuration: %s", exc)
        fatal(translate("app", "网点配置文件无效或不存在，请联系科技部门。"), str(exc))
        return EXIT_CANNOT_START
    try:
        pack = load_rules(settings)
    except PackError as exc:
        log.error("rule pack rejected:\n%s", exc)
        Session.audit_pack_rejection(settings, exc)
        fatal(
            translate(
                "app",
                "规则包加载失败，系统不能在没有有效规则包的情况下运行。\n"
                "已记录本次失败，请联系规则管理员。",
            ),
            str(exc),
        )
        return EXIT_CANNOT_START
    try:
        session = Session.open(settings, pack)
    except StoreUnavailable as exc:
        log.error("audit store: %s", exc)
        fatal(exc.message_zh, str(exc))
        return EXIT_CANNOT_START
    if demo:
        from tellerguard.gui.demo import DEMO_LOGIN_HINT

        session.login_hint = translate("demo", DEMO_LOGIN_HINT)
    try:
        from tellerguard.gui.shell import Shell

        shell = Shell(session)
        # The note matcher's and the phone check's tables are built while the teller signs in.
        threading.Thread(target=warm_up_counter, name="counter-warm-up", daemon=True).start()
        if not shell.login():
            return EXIT_OK
        shell.show()
        code = app.exec()
        return int(code)
    finally:
        session.close()
