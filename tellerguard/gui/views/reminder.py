"""The second-reminder dialog: the script of every rule that fired, read aloud; the questions
with the customer's answers; the customer's decision; and the time it took.

The teller cannot finish a case at second reminder or above without it. The dialog collects;
the finish presenter records through the services.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from tellerguard.domain.assessment import Hit, script_lines, unique_questions
from tellerguard.gui.forms.ui_reminder_dialog import Ui_ReminderDialog
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.gui.style import ERROR_COLOUR, LEVEL_COLOURS, level_label

CONTINUING_DECISIONS = frozenset({"proceeded", "delayed_arrival", "family_contacted"})
"""Decisions after which the business goes ahead (and needs a supervisor at manager level)."""

DELAY_OPTIONS: tuple[tuple[str, str], ...] = (
    ("2h", QT_TRANSLATE_NOOP("reminder", "2小时后到账")),
    ("next_day", QT_TRANSLATE_NOOP("reminder", "次日到账")),
)
"""(value, label); shown as ``translate("reminder", label)``."""


@dataclass
class ReminderOutcome:
    """What the reminder produced: answers, decision, how long it took."""

    answers: list[tuple[str, str]]
    decision: str
    delay: str | None = None
    note: str = ""
    seconds: int = 0
    script: list[str] = field(default_factory=list)
    police: bool = False
    """A refusal's: the case was referred to the police."""

    @property
    def continues(self) -> bool:
        return self.decision in CONTINUING_DECISIONS


def script_html(hits: list[Hit]) -> str:
    """The script grouped by rule, each rule's title and explanation before its lines."""
    blocks = []
    number = 0
    shown: set[str] = set()
    for hit in hits:
        lines = [line for line in hit.script if line not in shown]
        colour = LEVEL_COLOURS[hit.level]
        head = (
            f'<p style="margin-top:6px;"><span style="color:{colour}; font-weight:bold;">'
            + translate("reminder", "【{level}】{title}").format(
                level=level_label(hit.level), title=escape(hit.title)
            )
            + "</span>"
            f'<br/><span style="color:#555555;">{escape(hit.explanation)}</span></p>'
        )
        body = ""
        for line in lines:
            number += 1
            shown.add(line)
            body += f'<p style="margin-left:12px; font-size:12pt;">{number}. {escape(line)}</p>'
        blocks.append(head + body)
    return "".join(blocks)


class ReminderDialog(QDialog):
    """二次提醒: script, questions and answers, decision; OK only when everything is recorded."""

    def __init__(
        self,
        hits: list[Hit],
        level: str,
        kind: str,
        *,
        previous: ReminderOutcome | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_ReminderDialog()
        self.ui.setupUi(self)
        self.hits = hits
        self.level = level
        self.outcome: ReminderOutcome | None = None
        self._started = time.monotonic() - (previous.seconds if previous else 0)
        colour = LEVEL_COLOURS[level]
        # The heading names the dialog (二次提醒); the badge beside it only when the level is
        # another one (主管授权): for a second reminder it read 二次提醒 [二次提醒].
        badge = (
            ""
            if level == "second_reminder"
            else self.tr("　")
            + f'<span style="color:white; background-color:{colour}; font-weight:bold;">'
            f"&nbsp;{level_label(level)}&nbsp;</span>"
        )
        self.ui.headerLabel.setText(
            '<span style="font-size:15pt; font-weight:bold;">'
            + self.tr("二次提醒")
            + "</span>"
            + badge
            + (
                self.tr("　<b>客户坚持办理须主管本人授权</b>")
                if level == "manager_approval"
                else ""
            )
        )
        self.ui.headerLabel.setWordWrap(False)
        self.ui.reminderLayout.setStretchFactor(self.ui.scriptGroup, 3)
        self.ui.reminderLayout.setStretchFactor(self.ui.questionsGroup, 2)
        self.ui.scriptBrowser.setHtml(script_html(hits))
        self.ui.messageLabel.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.answer_edits: list[tuple[str, QLineEdit]] = []
        layout = self.ui.questionsLayout
        previous_answers = dict(previous.answers) if previous else {}
        for index, question in enumerate(unique_questions(hits), 1):
            label = QLabel(f"{index}. {question}")
            label.setWordWrap(True)
            label.setMinimumWidth(400)
            edit = QLineEdit()
            edit.setPlaceholderText(self.tr("记录客户原话；客户拒答请写“拒答”"))
            edit.setText(previous_answers.get(question, ""))
            label.setBuddy(edit)
            layout.addRow(label, edit)
            self.answer_edits.append((question, edit))
        if not self.answer_edits:
            layout.addRow(QLabel(self.tr("本次命中的规则没有需要记录的问题。")))
        self.radios: dict[str, QRadioButton] = {
            "proceeded": self.ui.proceededRadio,
            "dissuaded": self.ui.dissuadedRadio,
            "referred_to_police": self.ui.policeRadio,
            "delayed_arrival": self.ui.delayedRadio,
            "family_contacted": self.ui.familyRadio,
        }
        for value, label_text in DELAY_OPTIONS:
            self.ui.delayCombo.addItem(translate("reminder", label_text), value)
        if kind != "transfer":  # delayed arrival is a transfer option only
            self.ui.delayedRadio.hide()
            self.ui.delayCombo.hide()
        self.ui.delayCombo.setEnabled(False)
        self.ui.delayedRadio.toggled.connect(self.ui.delayCombo.setEnabled)
        if previous is not None:
            self.radios[previous.decision].setChecked(True)
            self.ui.decisionNoteEdit.setText(previous.note)
            if previous.delay:
                self.ui.delayCombo.setCurrentIndex(self.ui.delayCombo.findData(previous.delay))
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("确认并记录"))
        ok.setDefault(True)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("返回修改")
        )
        self.ui.buttonBox.accepted.connect(self._try_accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_elapsed)
        self._tick.start()
        self._show_elapsed()
        first = self.answer_edits[0][1] if self.answer_edits else self.ui.proceededRadio
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def elapsed(self) -> int:
        return int(time.monotonic() - self._started)

    def _show_elapsed(self) -> None:
        seconds = self.elapsed()
        self.ui.elapsedLabel.setText(
            self.tr("用时 {minutes}:{seconds}").format(
                minutes=seconds // 60, seconds=f"{seconds % 60:02d}"
            )
        )

    def decision(self) -> str | None:
        return next((value for value, radio in self.radios.items() if radio.isChecked()), None)

    def _try_accept(self) -> None:
        unanswered = [
            i for i, (_, edit) in enumerate(self.answer_edits, 1) if not edit.text().strip()
        ]
        if unanswered:
            self.ui.messageLabel.setText(
                self.tr("请记录客户对第 {numbers} 题的回答").format(
                    numbers=self.tr("、").join(map(str, unanswered))
                )
            )
            self.answer_edits[unanswered[0] - 1][1].setFocus()
            return
        decision = self.decision()
        if decision is None:
            self.ui.messageLabel.setText(self.tr("请选择客户的决定"))
            self.ui.proceededRadio.setFocus()
            return
        self.outcome = ReminderOutcome(
            answers=[(q, edit.text().strip()) for q, edit in self.answer_edits],
            decision=decision,
            delay=self.ui.delayCombo.currentData() if decision == "delayed_arrival" else None,
            note=self.ui.decisionNoteEdit.text().strip(),
            seconds=self.elapsed(),
            script=script_lines(self.hits),
        )
        self._tick.stop()
        self.accept()

    def draft_outcome(self) -> ReminderOutcome | None:
        """What is typed so far (kept when the teller goes back to edit the form)."""
        decision = self.decision()
        if decision is None and not any(e.text() for _, e in self.answer_edits):
            return None
        return ReminderOutcome(
            answers=[(q, edit.text().strip()) for q, edit in self.answer_edits],
            decision=decision or "proceeded",
            note=self.ui.decisionNoteEdit.text().strip(),
            seconds=self.elapsed(),
        )
