"""The forms and the live risk panel, driven by key clicks like a teller at the counter."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tellerguard.domain.facts import History
from tellerguard.gui.views.main_window import MainWindow
from tellerguard.gui.widgets import MoneyEdit, NullableCheckBox, group_thousands

from .conftest import FixedContext
from .helpers import type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot: Any, context: FixedContext) -> MainWindow:
    win = MainWindow(context, status_text=lambda: "测试支行", idle_minutes=60)
    win.confirm_close = False
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def choose(qtbot: Any, combo: Any, label: str) -> None:
    """Pick a combo item with the arrow keys, as a teller does without the mouse."""
    combo.setFocus()
    target = combo.findText(label)
    assert target >= 0, label
    while combo.currentIndex() < target:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    while combo.currentIndex() > target:
        qtbot.keyClick(combo, Qt.Key.Key_Up)


def settle(qtbot: Any) -> None:
    """Let the zero-delay refresh run (the next turn of the event loop)."""
    qtbot.wait(1)
    QApplication.processEvents()


def test_wrong_check_digit_is_shown_at_once_in_chinese(qtbot: Any, window: MainWindow) -> None:
    form = window.opening_form
    choose(qtbot, form.ui.idTypeCombo, "居民身份证")
    qtbot.keyClicks(form.ui.idNumberEdit, "41010219540315002")
    settle(qtbot)
    assert "17 位" in form.ui.idFactsLabel.text()
    qtbot.keyClicks(form.ui.idNumberEdit, "9")  # the right digit is 8
    settle(qtbot)
    text = form.ui.idFactsLabel.text()
    # Asks the teller to check the card; never names the right digit (a fraudster's help).
    assert "校验位不符，请核对证件" in text and "应为" not in text
    assert window.risk_panel.badge_text() == "信息有误"
    assert "校验位不符" in window.risk_panel.ui.missingLabel.text()
    assert "#C62828" in form.ui.idNumberEdit.styleSheet()
    qtbot.keyClick(form.ui.idNumberEdit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(form.ui.idNumberEdit, "8")
    settle(qtbot)
    text = form.ui.idFactsLabel.text()
    assert "72 岁" in text and "女" in text and "河南省郑州市中原区" in text and "本地" in text
    assert form.ui.idNumberEdit.styleSheet() == ""


def test_out_of_area_is_shown_beside_the_id(qtbot: Any, window: MainWindow) -> None:
    form = window.opening_form
    choose(qtbot, form.ui.idTypeCombo, "居民身份证")
    qtbot.keyClicks(form.ui.idNumberEdit, "11010519491231002X")
    settle(qtbot)
    assert "北京" in form.ui.idFactsLabel.text()
    assert "外省" in form.ui.idFactsLabel.text()


def test_phone_shows_region_and_carrier(qtbot: Any, window: MainWindow) -> None:
    form = window.opening_form
    qtbot.keyClicks(form.ui.phoneEdit, "1390396")
    settle(qtbot)
    assert "7 位" in form.ui.phoneFactsLabel.text()
    listed = window.risk_panel.ui.missingLabel.text()
    # Typed in part: 不完整, not 尚未填写 (and not red, the teller may still be typing).
    assert "手机号码不完整" in listed
    assert "手机号码" not in listed.split("尚未填写")[1]
    assert window.risk_panel.badge_text() == "待填写"
    qtbot.keyClicks(form.ui.phoneEdit, "0000")
    settle(qtbot)
    assert "中国移动" in form.ui.phoneFactsLabel.text()
    listed = window.risk_panel.ui.missingLabel.text()
    assert "手机号码" not in listed


def test_incomplete_form_lists_missing_fields_not_an_error(qtbot: Any, window: MainWindow) -> None:
    settle(qtbot)
    panel = window.risk_panel
    assert panel.badge_text() == "待填写"
    missing = panel.ui.missingLabel.text()
    assert "证件号码" in missing and "客户姓名" in missing and "账户类别" in missing
    assert "证件类型" not in missing  # an empty form starts at 居民身份证
    assert panel.model.rowCount() == 0


def test_each_edit_reassesses_once_on_the_next_loop_turn(
    qtbot: Any, window: MainWindow, context: FixedContext
) -> None:
    presenter = window.presenters["opening"]
    calls: list[object] = []
    presenter.assessed.connect(calls.append)
    form = window.opening_form
    form.ui.nameEdit.setText("王")
    form.ui.nameEdit.setText("王秀")
    form.ui.nameEdit.setText("王秀兰")
    assert calls == []  # nothing happens inside the same turn
    settle(qtbot)
    assert len(calls) == 1  # three edits, one assessment


def test_money_field_groups_thousands_while_typing(qtbot: Any, window: MainWindow) -> None:
    window.switch_to("transfer")
    edit = window.transfer_form.ui.amountEdit
    assert isinstance(edit, MoneyEdit)
    edit.setFocus()
    qtbot.keyClicks(edit, "1000000")
    assert edit.text() == "1,000,000"
    qtbot.keyClicks(edit, "abc.5")  # letters are refused by the validator
    assert edit.text() == "1,000,000.5"
    assert edit.amount() == Decimal("1000000.5")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.text() == "1,000,000.50"
    assert group_thousands("1234.") == "1,234."


def test_nullable_check_box_cycles_not_asked_yes_no(qtbot: Any, window: MainWindow) -> None:
    box = window.opening_form.ui.phoneInOwnNameCheck
    assert isinstance(box, NullableCheckBox)
    assert box.value() is None and box.text().endswith("未询问")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.value() is True and box.text().endswith("是")
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.value() is False and box.text().endswith("否")
    assert window.opening_form.value("opening.phone_in_own_name") is False


def test_nullable_check_box_takes_one_key_per_answer_and_a_colour_per_state(
    qtbot: Any, window: MainWindow
) -> None:
    box = window.opening_form.ui.phoneInOwnNameCheck
    box.setFocus()
    styles = {None: box.styleSheet()}
    for key, value in ((Qt.Key.Key_Y, True), (Qt.Key.Key_N, False), (Qt.Key.Key_0, None)):
        qtbot.keyClick(box, key)
        assert box.value() is value
        styles[value] = box.styleSheet()
    qtbot.keyClick(box, Qt.Key.Key_1)
    assert box.value() is True and box.text().endswith("是")
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    assert box.value() is None
    assert len({styles[None], styles[True], styles[False]}) == 3  # three colours
    assert "italic" in styles[None]


@pytest.mark.parametrize("typed", ["jq", "JQGSR", "熟人", "jieqian"])
def test_drop_down_filters_by_typing_pinyin_initials_or_chinese(
    qtbot: Any, window: MainWindow, typed: str
) -> None:
    window.switch_to("transfer")
    combo = window.transfer_form.ui.transferPurposeCombo
    combo.setFocus()
    type_text(combo, typed)
    popup = QApplication.activePopupWidget()
    assert popup is not None and popup.isVisible()  # the drop-down opened by itself
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown[0] == "借钱给熟人", shown
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert window.transfer_form.value("transfer.purpose") == "lend_to_acquaintance"
    assert combo.currentText() == "借钱给熟人"
    assert not combo.hasFocus()  # Enter took the choice and moved on


def test_drop_down_puts_back_text_that_matches_no_choice(qtbot: Any, window: MainWindow) -> None:
    window.switch_to("transfer")
    combo = window.transfer_form.ui.relationshipCombo
    combo.setCurrentIndex(combo.findData("friend"))
    combo.setFocus()
    type_text(combo, "zzzz")
    assert QApplication.activePopupWidget() is None  # nothing to offer
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert combo.currentText() == "朋友"
    assert window.transfer_form.value("transfer.payee_relationship") == "friend"


def test_enter_moves_to_the_next_field(qtbot: Any, window: MainWindow) -> None:
    form = window.opening_form
    form.ui.nameEdit.setFocus()
    qtbot.keyClick(form.ui.nameEdit, Qt.Key.Key_Return)
    assert form.ui.phoneEdit.hasFocus()


def test_ctrl_2_and_ctrl_1_switch_forms(qtbot: Any, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.kind == "transfer"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.kind == "opening"
    assert window.opening_form.ui.idTypeCombo.hasFocus()


def test_tab_order_follows_the_teller(qtbot: Any, window: MainWindow) -> None:
    form = window.opening_form
    order = [
        form.ui.idTypeCombo,
        form.ui.idNumberEdit,
        form.ui.nameEdit,
        form.ui.phoneEdit,
        form.ui.occupationCombo,
        form.ui.employerEdit,
        form.ui.addressEdit,
        form.ui.accountClassCombo,
    ]
    for current, following in itertools.pairwise(order):
        assert current.nextInFocusChain() is following or _next_focus(current) is following


def _next_focus(widget: Any) -> Any:
    candidate = widget.nextInFocusChain()
    # A searchable drop-down's own line edit follows it in the chain; Tab skips it.
    while not candidate.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.isAncestorOf(candidate):
        candidate = candidate.nextInFocusChain()
    return candidate


def test_history_from_the_store_is_shown_and_used(
    qtbot: Any, window: MainWindow, context: FixedContext
) -> None:
    context.history_value = History(dissuaded_30d=1, reminders_30d=1)
    form = window.opening_form
    choose(qtbot, form.ui.idTypeCombo, "居民身份证")
    qtbot.keyClicks(form.ui.idNumberEdit, "410102195403150028")
    settle(qtbot)
    assert "劝阻成功 1 次" in form.ui.historyLabel.text()
    assert context.lookups == [("resident_id", "410102195403150028")]


def test_history_that_cannot_be_read_is_said_and_typing_goes_on(
    qtbot: Any, window: MainWindow, context: FixedContext
) -> None:
    def broken(id_type: str, id_number: str) -> History:
        raise OSError("disk I/O error")

    context.history = broken  # type: ignore[method-assign]
    form = window.opening_form
    choose(qtbot, form.ui.idTypeCombo, "居民身份证")
    qtbot.keyClicks(form.ui.idNumberEdit, "410102195403150028")
    settle(qtbot)
    assert "暂时无法读取" in form.ui.historyLabel.text()
    assert "72 岁" in form.ui.idFactsLabel.text()


def test_every_choice_of_every_drop_down_comes_first_for_its_initials(
    qtbot: Any, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QComboBox

    seen = 0
    for kind, form in (("opening", window.opening_form), ("transfer", window.transfer_form)):
        window.switch_to(kind)
        for combo in form.findChildren(QComboBox):
            for row in range(combo.count()):
                keys = combo.search_keys(row)  # type: ignore[attr-defined]
                assert keys.isascii() or keys == combo.itemText(row)
                combo.setFocus()
                combo.lineEdit().clear()
                type_text(combo, keys)
                popup = QApplication.activePopupWidget()
                assert popup is not None, (combo.objectName(), keys)
                assert popup.model().index(0, 0).data() == combo.itemText(row), keys
                popup.hide()
                seen += 1
    assert seen > 50


def test_search_keys_spell_every_reading_of_a_character() -> None:
    from tellerguard.gui.widgets import pinyin_keys

    keys = pinyin_keys("归还欠款").split(" ")
    assert keys[0] == "归还欠款" and "ghqk" in keys
    assert "guihuanqiankuan" in keys and "guihaiqiankuan" in keys
