"""Fixtures for the GUI tests: the default rule pack, a fixed business date, and helpers to
answer modal dialogs the way a teller does (keys into the real widgets)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from tellerguard.config import load_settings
from tellerguard.domain.assessment import Assessment
from tellerguard.domain.case import Case
from tellerguard.domain.facts import History
from tellerguard.gui.app import install_qt_chinese
from tellerguard.gui.demo import ensure_demo_branch
from tellerguard.gui.session import Session
from tellerguard.services.rules import Assessor, RulePack, load_rules

BUSINESS_DATE = date(2026, 11, 25)
BRANCH_REGION = "410102"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform warns once per top-level window that it cannot propagate size
    # hints, and per pop-up (a drop-down's search list) that it cannot raise it or grab the
    # keyboard; that is the platform talking, not our code.
    for item in items:
        if "tests/gui" in str(item.fspath).replace("\\", "/"):
            item.add_marker(
                pytest.mark.qt_log_ignore(
                    r"propagateSizeHints|does not support raise|does not support grabbing"
                )
            )


@pytest.fixture(scope="session", autouse=True)
def qt_chinese(qapp: QApplication) -> None:
    """Qt's own buttons in Chinese (是/否/确定/取消), as the app loads them at start."""
    assert install_qt_chinese(qapp), "PySide6's qtbase_zh_CN translations are missing"


@pytest.fixture(scope="session")
def pack() -> RulePack:
    return load_rules(None)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in demo branch, made once (tests copy it before writing to it)."""
    folder = tmp_path_factory.mktemp("template") / "demo"
    ensure_demo_branch(folder)
    return folder


@pytest.fixture
def session(demo_template: Path, tmp_path: Path) -> Iterator[Session]:
    """A signed-out session on a fresh copy of the demo branch (real store and operators)."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder, ignore=shutil.ignore_patterns("*.lock"))
    settings = load_settings(folder / "tellerguard.toml")
    opened = Session.open(settings, load_rules(settings))
    yield opened
    opened.close()


class FixedContext:
    """An assessment context without a store: fixed date, branch region, given history."""

    branch_region = BRANCH_REGION

    def __init__(self, pack: RulePack, history: History | None = None) -> None:
        self.assessor = Assessor(pack, BRANCH_REGION)
        self.history_value = history or History()
        self.lookups: list[tuple[str, str]] = []

    def business_date(self) -> date:
        return BUSINESS_DATE

    def assess(self, case: Case, *, on: date, history: History | None = None) -> Assessment:
        return self.assessor.assess(case, on=on, history=history or History())

    def history(self, id_type: str, id_number: str) -> History:
        self.lookups.append((id_type, id_number))
        return self.history_value


@pytest.fixture
def context(pack: RulePack) -> FixedContext:
    return FixedContext(pack)


class DialogDriver:
    """Answers the next modal dialog(s): each handler runs once its dialog is showing and is
    the active window (so keyboard shortcuts reach it). A dialog its handler leaves open is
    closed after a grace period and reported, so a broken flow fails instead of hanging."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.seen: list[str] = []
        self.errors: list[BaseException] = []

    def expect(
        self, kind: type[QWidget], handler: Callable[[Any], None], timeout_ms: int = 5000
    ) -> None:
        waited = [0]

        def poll() -> None:
            widget = QApplication.activeModalWidget()
            if isinstance(widget, kind) and widget.isVisible():
                if QApplication.activeWindow() is not widget and waited[0] < timeout_ms:
                    widget.activateWindow()
                    waited[0] += 20
                    QTimer.singleShot(20, poll)
                    return
                self.seen.append(type(widget).__name__)
                try:
                    handler(widget)
                except BaseException as exc:  # surfaced by check()
                    self.errors.append(exc)
                    widget.close()
                    return
                QTimer.singleShot(3000, lambda: self._still_open(widget))
                return
            waited[0] += 20
            if waited[0] > timeout_ms:
                self.errors.append(TimeoutError(f"no {kind.__name__} appeared"))
                return
            QTimer.singleShot(20, poll)

        QTimer.singleShot(0, poll)

    def _still_open(self, widget: QWidget) -> None:
        try:
            visible = widget.isVisible()
        except RuntimeError:  # already deleted: closed as it should be
            return
        if visible:
            self.errors.append(AssertionError(f"{type(widget).__name__} left open by handler"))
            widget.close()

    def check(self) -> None:
        if self.errors:
            raise self.errors[0]


@pytest.fixture
def dialogs(qtbot: Any) -> Iterator[DialogDriver]:
    driver = DialogDriver(qtbot)
    yield driver
    driver.check()


class FakeRecorder:
    """Stands in for the session in flow tests: remembers what would be recorded."""

    branch_text = "郑州市中原区示范支行"
    workstation_name = "counter-01"
    teller_name = "张晓燕（teller01）"

    def __init__(self, folder: Any) -> None:
        self.folder = folder
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail_with: Exception | None = None
        self.sequence = 0
        self.forgotten = 0

    def confirmation_dir(self) -> Any:
        return self.folder

    def _event(self, kind: str, **data: Any) -> Any:
        from datetime import datetime
        from zoneinfo import ZoneInfo

        from tellerguard.gui.finish import EventRef

        if self.fail_with is not None:
            raise self.fail_with
        self.sequence += 1
        self.calls.append((kind, data))
        return EventRef(
            self.sequence,
            f"{self.sequence:064x}",
            datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai")),
        )

    def record_assessment(self, case: Any, assessment: Any) -> Any:
        return self._event("assessment", case=case, assessment=assessment)

    def record_reminder(self, case: Any, assessment: Any, outcome: Any) -> Any:
        return self._event("reminder", case=case, assessment=assessment, outcome=outcome)

    def authorize(
        self, case: Any, assessment: Any, username: str, password: str, reason: str
    ) -> Any:
        from tellerguard.gui.errors import UserFacingError

        if username == "teller01":
            raise UserFacingError("不能为本人经办的业务授权，请由另一位主管授权")
        if (username, password) != ("supervisor01", "Super#2026"):
            raise UserFacingError("用户名或密码错误")
        return "王主管（supervisor01）", self._event(
            "authorization", supervisor=username, reason=reason
        )

    def record_refusal(self, case: Any, assessment: Any, reason: str, police: bool) -> Any:
        return self._event(
            "refusal", case=case, assessment=assessment, reason=reason, police=police
        )

    def forget(self, case: Any) -> None:
        self.forgotten += 1
