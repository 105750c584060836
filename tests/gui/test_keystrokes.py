"""How many keys the README's seed-story case takes (the WeChat "friend" asking for ¥100,000),
typed along Tab into the real transfer form; the README quotes the figure."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tellerguard.gui.samples import WECHAT_FRIEND
from tellerguard.gui.views.main_window import MainWindow

from .keyboard import Teller

pytestmark = pytest.mark.gui

KEYS_BEFORE = 378
"""Measured with this test on the forms before issue 17 (commit 029773c: arrow-key drop-downs,
no default ID type): 310 keys of free text, 31 Tab, 37 for choices."""
KEYS_NOW = 354
"""310 free text, 28 Tab, 16 for choices: the README quotes both figures."""


def active_window(qtbot: Any, context: Any) -> MainWindow:
    window = MainWindow(context)
    window.confirm_close = False
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    return window


def test_seed_story_transfer_by_keyboard(qtbot: Any, context: Any) -> None:
    window = active_window(qtbot, context)
    window.switch_to("transfer")
    teller = Teller(qtbot)
    keys = teller.fill(window.form, WECHAT_FRIEND)
    print(f"seed-story transfer: {keys} keys ({teller.text_keys} free text, {teller.moves} Tab)")
    assert window.current().assessment is not None
    assert keys <= KEYS_NOW < KEYS_BEFORE


def test_identity_typed_once_serves_the_whole_visit(qtbot: Any, context: Any) -> None:
    """The customer opens an account, then sends money: the transfer starts with the identity
    typed in the opening, and costs that many keys less than on its own."""
    window = active_window(qtbot, context)
    alone = Teller(qtbot)
    window.switch_to("transfer")
    standalone = alone.fill(window.form, WECHAT_FRIEND)
    window.discard_cases()

    customer = {k: v for k, v in WECHAT_FRIEND.items() if k.startswith("customer.")}
    window.switch_to("opening")
    Teller(qtbot).fill(window.form, customer)
    visit = Teller(qtbot)
    visit.key(window.form, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Ctrl+2
    assert window.kind == "transfer"
    assert {p: window.form.value(p) for p in customer} == customer
    second = visit.fill(window.form, WECHAT_FRIEND)
    print(f"seed-story transfer after an opening in the same visit: {second} keys")
    assert second < standalone - 60  # ID, name, phone, employer and address not typed again
    assert window.current().assessment is not None

    # Ctrl+N starts the next customer: nothing is carried any more.
    window.new_case(ask=False)
    window.switch_to("opening")
    window.opening_form.clear()
    window.switch_to("transfer")
    assert not window.form.has_input()
