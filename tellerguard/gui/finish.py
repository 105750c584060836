"""Finishing a case: the flow from Ctrl+Enter to the audit event and the printed confirmation.

pass / notice → recorded at once; second reminder → the reminder dialog; manager approval → the
reminder dialog, then the supervisor's own credentials and reason when the customer goes ahead;
refuse → the refusal dialog. Each outcome is written through the session (the services) in one
transaction. When the store cannot be written the teller gets a short Chinese message and
nothing typed is lost: the form stays, and the reminder answers are offered again on retry.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QMessageBox

from tellerguard.domain import labels
from tellerguard.domain.assessment import Assessment, Hit, script_lines
from tellerguard.domain.case import Case, TransferCase
from tellerguard.domain.format import format_money
from tellerguard.domain.labels import (
    DECISION_LABELS,
)
from tellerguard.domain.levels import LEVEL_RANK, needs_reminder
from tellerguard.domain.masking import mask_card, mask_id, mask_name, mask_phone
from tellerguard.gui.confirmation import ConfirmationData, write_confirmation_pdf
from tellerguard.gui.draft import case_key
from tellerguard.gui.errors import KEEP_TYPING, UserFacingError, show_error
from tellerguard.gui.i18n import translate
from tellerguard.gui.style import level_label
from tellerguard.gui.views.authorization import AuthorizationDialog
from tellerguard.gui.views.main_window import MainWindow
from tellerguard.gui.views.refusal import RefusalDialog, default_reason
from tellerguard.gui.views.reminder import ReminderDialog, ReminderOutcome

log = logging.getLogger("tellerguard.gui.finish")


@dataclass(frozen=True)
class EventRef:
    """Where an outcome landed in the audit log."""

    sequence: int
    hash: str
    time: datetime


@dataclass(frozen=True)
class Authorization:
    supervisor_name: str
    reason: str
    event: EventRef


class Recorder(Protocol):
    """What finishing needs from the session (implemented over the services)."""

    @property
    def branch_text(self) -> str: ...

    @property
    def workstation_name(self) -> str: ...

    @property
    def teller_name(self) -> str: ...

    def confirmation_dir(self) -> Path: ...

    def record_assessment(self, case: Case, assessment: Assessment) -> EventRef: ...

    def record_reminder(
        self, case: Case, assessment: Assessment, outcome: ReminderOutcome
    ) -> EventRef: ...

    def authorize(
        self, case: Case, assessment: Assessment, username: str, password: str, reason: str
    ) -> tuple[str, EventRef]: ...

    def record_refusal(
        self, case: Case, assessment: Assessment, reason: str, police: bool
    ) -> EventRef: ...

    def forget(self, case: Case) -> None: ...


@dataclass
class Finished:
    """The last finished case (for tests and the status bar)."""

    level: str
    decision: str
    event: EventRef
    pdf: Path | None


class FinishFlow:
    """Runs the finishing dialogs for the window's current case and records the outcome."""

    def __init__(self, window: MainWindow, recorder: Recorder) -> None:
        self.window = window
        self.recorder = recorder
        self.last: Finished | None = None
        self._kept: tuple[str, ReminderOutcome] | None = None
        self._reminded: tuple[str, ReminderOutcome, EventRef] | None = None
        self.open_pdf_after = True
        window.finish_requested.connect(self.finish)

    # -- the flow ---------------------------------------------------------------------------
    def finish(self) -> Finished | None:
        window = self.window
        current = window.current()
        case, assessment = current.case, current.assessment
        if case is None or assessment is None:
            draft = current.draft
            parts = []
            if draft.problems:
                item = translate("finish", "{label}：{message}")
                parts.append(
                    translate("finish", "以下内容有误：")
                    + translate("finish", "；").join(
                        item.format(label=labels.field_label(p), message=m)
                        for p, m in draft.problems
                    )
                )
            if draft.incomplete:
                parts.append(translate("finish", "；").join(draft.incomplete_texts()))
            if draft.missing:
                parts.append(
                    translate("finish", "尚未填写：")
                    + translate("finish", "、").join(draft.missing_labels())
                )
            show_error(
                window,
                "\n".join(parts) or translate("finish", "表单尚未填写完整"),
                translate("finish", "无法完成办理"),
            )
            return None
        try:
            if assessment.level == "refuse":
                return self._refuse(case, assessment)
            if needs_reminder(assessment.level):
                return self._remind(case, assessment)
            event = self.recorder.record_assessment(case, assessment)
            return self._done(case, assessment.level, "proceeded", event, None)
        except UserFacingError as exc:
            show_error(
                window,
                translate("finish", "{message}\n\n本笔业务未完成。{keep_typing}").format(
                    message=exc.message_zh, keep_typing=translate("errors", KEEP_TYPING)
                ),
                translate("finish", "未能记录，业务未完成"),
            )
            return None
        finally:
            window.activateWindow()

    def _remind(self, case: Case, assessment: Assessment) -> Finished | None:
        key = case_key(case)
        if self._reminded is not None and self._reminded[0] == key:
            # The reminder is already on record (the supervisor step failed or was declined):
            # do not make the customer go through it twice.
            _, outcome, reminder_event = self._reminded
        else:
            previous = self._kept[1] if self._kept and self._kept[0] == key else None
            dialog = ReminderDialog(
                assessment.hits, assessment.level, case.kind, previous=previous, parent=self.window
            )
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            kept = dialog.outcome if accepted else dialog.draft_outcome()
            if kept is not None:
                self._kept = (key, kept)
            if not accepted or dialog.outcome is None:
                return None
            outcome = dialog.outcome
            reminder_event = self.recorder.record_reminder(case, assessment, outcome)
            self._reminded = (key, outcome, reminder_event)
        authorization: Authorization | None = None
        if outcome.continues and LEVEL_RANK[assessment.level] >= LEVEL_RANK["manager_approval"]:

            def authorize(username: str, password: str, reason: str) -> tuple[str, EventRef]:
                return self.recorder.authorize(case, assessment, username, password, reason)

            auth = AuthorizationDialog(
                assessment.hits,
                authorize,
                teller_name=self.recorder.teller_name,
                decision_text=DECISION_LABELS[outcome.decision],
                parent=self.window,
            )
            if auth.exec() != QDialog.DialogCode.Accepted:
                self.window.show_status(
                    translate(
                        "finish", "未获主管授权，业务未办理；二次提醒已记录，表单内容已保留。"
                    ),
                    15000,
                )
                return None
            name, event = auth.result_value
            authorization = Authorization(name, auth.reason, event)
        final = authorization.event if authorization else reminder_event
        self._kept = None
        self._reminded = None
        return self._done(
            case,
            assessment.level,
            outcome.decision,
            final,
            lambda: self._confirmation(case, assessment, final, outcome, authorization),
        )

    def _refuse(self, case: Case, assessment: Assessment) -> Finished | None:
        dialog = RefusalDialog(assessment.hits, parent=self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        event = self.recorder.record_refusal(case, assessment, dialog.reason, dialog.police)
        outcome = ReminderOutcome(
            answers=[],
            decision="refused",
            note=added_reason(dialog.reason, assessment.hits),
            script=script_lines(assessment.hits),
            police=dialog.police,
        )
        return self._done(
            case,
            "refuse",
            "refused",
            event,
            lambda: self._confirmation(case, assessment, event, outcome, None),
        )

    def _done(
        self,
        case: Case,
        level: str,
        decision: str,
        event: EventRef,
        confirm: Callable[[], Path] | None,
    ) -> Finished:
        """Recorded: print the confirmation if there is one, then start the next customer."""
        pdf: Path | None = None
        if confirm is not None:
            try:
                pdf = confirm()
            except OSError as exc:
                log.error("cannot write the confirmation PDF: %s", exc)
                show_error(
                    self.window,
                    translate(
                        "finish",
                        "已记录（审计序号 {sequence}），但确认书无法保存："
                        "{error}。请联系科技部门。",
                    ).format(sequence=event.sequence, error=exc.strerror or exc),
                )
        self.last = Finished(level, decision, event, pdf)
        self.recorder.forget(case)
        self.window.show_status(
            translate("finish", "已记录：{level}，{decision}，审计序号 {sequence}").format(
                level=level_label(level), decision=decision_text(decision), sequence=event.sequence
            ),
            15000,
        )
        if pdf is not None:
            self._offer_pdf(pdf, event, refused=decision == "refused")
        self.window.new_case(ask=False, keep_customer=True)  # the same visit may go on
        return self.last

    # -- the confirmation -------------------------------------------------------------------
    def _confirmation(
        self,
        case: Case,
        assessment: Assessment,
        event: EventRef,
        outcome: ReminderOutcome,
        authorization: Authorization | None,
    ) -> Path:
        data = confirmation_data(
            case,
            assessment,
            event,
            outcome,
            authorization,
            branch=self.recorder.branch_text,
            workstation=self.recorder.workstation_name,
            teller=self.recorder.teller_name,
        )
        name = f"confirmation-{event.sequence:08d}.pdf"
        return write_confirmation_pdf(data, self.recorder.confirmation_dir() / name)

    def _offer_pdf(self, pdf: Path, event: EventRef, *, refused: bool = False) -> None:
        text = (
            translate(
                "finish",
                "已记录，审计序号 {sequence}。\n"
                "拒绝办理记录已生成，请打印后由客户、经办柜员和网点负责人签字：\n{pdf}",
            )
            if refused
            else translate(
                "finish",
                "已记录，审计序号 {sequence}。\n风险提示确认书已生成，请打印后交客户签字：\n{pdf}",
            )
        )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            translate("finish", "拒绝办理记录")
            if refused
            else translate("finish", "风险提示确认书"),
            text.format(sequence=event.sequence, pdf=pdf),
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        open_button = box.addButton(
            translate("finish", "打开并打印"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(translate("finish", "关闭"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)
        box.exec()
        if box.clickedButton() is open_button and self.open_pdf_after:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf)))


def added_reason(reason: str, hits: list[Hit]) -> str:
    """What the teller wrote beyond the reason the refusal dialog proposed (the refusing
    rules' titles and explanations, which the record lists under its risks already)."""
    proposed = default_reason(hits)
    if reason.startswith(proposed):
        # What follows the proposal, without the punctuation that joined it on.
        return re.sub(r"^\W+", "", reason[len(proposed) :]).strip()
    return reason


def decision_text(decision: str) -> str:
    return DECISION_LABELS.get(decision, translate("finish", "拒绝办理"))


def _rows_for(
    case: Case, assessment: Assessment
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    customer = case.customer
    facts = assessment.facts
    who = [
        (translate("finish", "客户姓名"), mask_name(customer.name)),
        (
            translate("finish", "证件类型"),
            labels.choice_label("customer.id_type", customer.id_type),
        ),
        (translate("finish", "证件号码"), mask_id(customer.id_number)),
        (translate("finish", "手机号码"), mask_phone(customer.phone)),
    ]
    if facts.get("age") is not None:
        who.append(
            (translate("finish", "年龄"), translate("finish", "{age} 岁").format(age=facts["age"]))
        )
    who.append(
        (
            translate("finish", "职业"),
            labels.choice_label("customer.occupation", customer.occupation),
        )
    )
    business: list[tuple[str, str]]
    if isinstance(case, TransferCase):
        t = case.transfer
        business = [
            (
                translate("finish", "转账金额"),
                translate("finish", "{amount} 元").format(amount=format_money(t.amount)),
            ),
            (
                translate("finish", "收款人"),
                mask_name(t.payee_name) if t.payee_name else translate("finish", "未填写"),
            ),
            (translate("finish", "收款账号"), mask_card(t.payee_account)),
            (
                translate("finish", "与客户关系"),
                labels.choice_label("transfer.payee_relationship", t.payee_relationship),
            ),
            (translate("finish", "转账用途"), labels.choice_label("transfer.purpose", t.purpose)),
        ]
    else:
        o = case.opening
        business = [
            (
                translate("finish", "账户类别"),
                labels.choice_label("opening.account_class", o.account_class),
            ),
            (translate("finish", "开户用途"), labels.choice_label("opening.purpose", o.purpose)),
        ]
    return who, business


def confirmation_data(
    case: Case,
    assessment: Assessment,
    event: EventRef,
    outcome: ReminderOutcome,
    authorization: Authorization | None,
    *,
    branch: str,
    workstation: str,
    teller: str,
) -> ConfirmationData:
    """Everything the confirmation prints, with customer data masked."""
    who, business = _rows_for(case, assessment)
    decision = decision_text(outcome.decision)
    refusal = outcome.decision == "refused"
    if refusal and outcome.police:
        decision += translate("finish", "，已移交公安")
    if outcome.delay:
        delays = {
            "2h": translate("finish", "2小时后到账"),
            "next_day": translate("finish", "次日到账"),
        }
        decision += translate("finish", "（{delay}）").format(delay=delays[outcome.delay])
    if outcome.note and not refusal:
        decision += translate("finish", "；{note}").format(note=outcome.note)
    when = event.time
    pack = assessment.rule_pack
    return ConfirmationData(
        branch=branch,
        workstation=workstation,
        time_text=when.strftime(translate("finish", "%Y年%m月%d日 %H:%M")),
        business=labels.choice_label("kind", case.kind),
        customer_rows=who,
        business_rows=business,
        level_text=level_label(assessment.level),
        risks=[(hit.title, hit.explanation) for hit in assessment.hits],
        script=outcome.script,
        answers=outcome.answers,
        decision_text=decision,
        seconds=None if refusal else outcome.seconds,
        teller=teller,
        supervisor=authorization.supervisor_name if authorization else None,
        supervisor_reason=authorization.reason if authorization else None,
        audit_sequence=event.sequence,
        audit_hash=event.hash,
        rule_pack=translate("finish", "{id} {version}（sha256 {sha}…）").format(
            id=pack.id, version=pack.version, sha=pack.sha256[:16]
        ),
        refusal=refusal,
        refusal_reason=outcome.note if refusal else "",
    )
