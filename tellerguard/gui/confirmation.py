"""风险提示确认书: the one-page PDF the customer signs after a second reminder; after a refusal
the same page is the 拒绝办理记录 the customer, the teller and the branch's manager sign.

Rendered with Qt's own PDF writer from an HTML document in the app's CJK font; Qt embeds the
font (as a subset), so the page prints the same on any machine. Customer data is masked. If the
text would run onto a second page the font is stepped down until it fits on one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from tellerguard.gui.fonts import choose_cjk_family
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.private_files import create_private_file, ensure_private_dir

TITLE = QT_TRANSLATE_NOOP("confirmation", "风险提示确认书")
REFUSAL_TITLE = QT_TRANSLATE_NOOP("confirmation", "拒绝办理记录")
"""Shown as ``translate("confirmation", TITLE)``; a refusal's page is titled
``REFUSAL_TITLE``."""
NUMERALS = (
    QT_TRANSLATE_NOOP("confirmation", "一"),
    QT_TRANSLATE_NOOP("confirmation", "二"),
    QT_TRANSLATE_NOOP("confirmation", "三"),
    QT_TRANSLATE_NOOP("confirmation", "四"),
    QT_TRANSLATE_NOOP("confirmation", "五"),
)
"""The sections' numbers, shown through ``translate("confirmation", …)``."""


@dataclass
class ConfirmationData:
    """Everything printed on the confirmation (customer data already masked)."""

    branch: str
    workstation: str
    time_text: str
    business: str
    customer_rows: list[tuple[str, str]]
    business_rows: list[tuple[str, str]]
    level_text: str
    risks: list[tuple[str, str]]
    """(rule title, explanation with the values that triggered it)."""
    script: list[str]
    answers: list[tuple[str, str]]
    decision_text: str
    seconds: int | None
    """How long the reminder took; ``None`` where nothing was timed (a refusal)."""
    teller: str
    supervisor: str | None = None
    supervisor_reason: str | None = None
    audit_sequence: int | None = None
    audit_hash: str | None = None
    rule_pack: str = ""
    extra_rows: list[tuple[str, str]] = field(default_factory=list)
    reprint: str | None = None
    """On a reprint (补打): when, by whom, and that the hash is the original's."""
    refusal: bool = False
    """A refusal's record: no decision of the customer's to confirm, signed by the branch's
    manager as well; ``decision_text`` is then the outcome and the reason the teller added."""
    refusal_reason: str = ""
    """What the teller wrote beyond the risks listed (which the page lists once already)."""


def _rows(rows: list[tuple[str, str]], columns: int = 2) -> str:
    cells = []
    for label, value in rows:
        cells.append(f'<td class="k">{escape(label)}</td><td>{escape(value)}</td>')
    lines = [
        "<tr>" + "".join(cells[i : i + columns]) + "</tr>" for i in range(0, len(cells), columns)
    ]
    return (
        '<table class="grid" width="100%" cellspacing="0" cellpadding="3">'
        + "".join(lines)
        + "</table>"
    )


def confirmation_html(data: ConfirmationData, base: float = 9.0) -> str:
    """The confirmation as HTML for :class:`QTextDocument` (its CSS subset)."""
    risk = translate("confirmation", "<b>{title}</b>：{explanation}")
    risks = "".join(
        "<li>" + risk.format(title=escape(t), explanation=escape(e)) + "</li>"
        for t, e in data.risks
    )
    script = "".join(f"<li>{escape(line)}</li>" for line in data.script)
    answers = "".join(
        "<li>"
        + translate("confirmation", "{question}<br/>答：{answer}").format(
            question=escape(q), answer=escape(a)
        )
        + "</li>"
        for q, a in data.answers
    )
    supervisor = "—"
    if data.supervisor:
        supervisor = data.supervisor + (
            translate("confirmation", "；理由：{reason}").format(reason=data.supervisor_reason)
            if data.supervisor_reason
            else ""
        )
    audit = (
        translate("confirmation", "审计序号 {sequence}　哈希 {hash}").format(
            sequence=data.audit_sequence, hash=data.audit_hash
        )
        if data.audit_sequence is not None
        else translate("confirmation", "审计记录：未写入")
    )
    signers = [translate("confirmation", "客户签名"), translate("confirmation", "经办柜员签名")]
    if data.supervisor:
        signers.append(translate("confirmation", "授权主管签名"))
    elif data.refusal:
        signers.append(translate("confirmation", "网点负责人签名"))
    signatures = _signature_table(signers, translate("confirmation", "日期"))
    meta = translate(
        "confirmation",
        "{branch}　工作站 {workstation}　{time}\n　业务：{business}　风险等级：{level}",
    ).format(
        branch=escape(data.branch),
        workstation=escape(data.workstation),
        time=escape(data.time_text),
        business=escape(data.business),
        level=escape(data.level_text),
    )
    outcome: list[tuple[str, str]]
    if data.refusal:
        outcome = [(translate("confirmation", "处理结果"), data.decision_text)]
        if data.refusal_reason:
            outcome.append((translate("confirmation", "柜员补充的理由"), data.refusal_reason))
    else:
        outcome = [(translate("confirmation", "客户决定"), data.decision_text)]
    if data.seconds is not None:
        minutes, seconds = divmod(data.seconds, 60)
        outcome.append(
            (
                translate("confirmation", "提醒用时"),
                translate("confirmation", "{minutes}分{seconds}秒").format(
                    minutes=minutes, seconds=f"{seconds:02d}"
                ),
            )
        )
    outcome.append((translate("confirmation", "经办柜员"), data.teller))
    if data.supervisor or not data.refusal:
        outcome.append((translate("confirmation", "授权主管"), supervisor))
    decision_rows = _rows(outcome)
    help_lines = translate(
        "confirmation",
        "如遇自称公检法要求转账、“安全账户”、刷单返利、贷款先交费等情况，请立即拨打 110 报警；\n"
        "反诈咨询请拨打 96110。"
        "对拒绝或限制办理有异议的，可依据《反电信网络诈骗法》第三十二条向本行申诉。",
    )
    statement = (
        translate(
            "confirmation",
            "本行已向客户说明上述风险，并告知本笔业务不予办理的理由及申诉途径；"
            "客户签名仅表示已知悉。\n",
        )
        if data.refusal
        else translate(
            "confirmation",
            "本人已听取并理解上述风险提示，确认以上回答真实，并自愿作出上述决定。\n",
        )
    ) + help_lines
    sections = [
        (
            translate("confirmation", "客户与业务信息（已脱敏）"),
            _rows(data.customer_rows + data.business_rows + data.extra_rows),
        ),
        (translate("confirmation", "本行提示的风险"), f"<ul>{risks}</ul>"),
        (translate("confirmation", "柜员已向客户宣读的提示"), f"<ol>{script}</ol>"),
    ]
    if answers:  # a refusal asks nothing; no placeholder stands in for the questions
        sections.append((translate("confirmation", "客户的回答"), f"<ol>{answers}</ol>"))
    sections.append(
        (
            translate("confirmation", "处理结果")
            if data.refusal
            else translate("confirmation", "客户决定与授权"),
            decision_rows,
        )
    )
    body = "\n".join(
        "<h2>"
        + translate("confirmation", "{number}、{heading}").format(
            number=translate("confirmation", NUMERALS[index]), heading=heading
        )
        + f"</h2>\n{content}"
        for index, (heading, content) in enumerate(sections)
    )
    title = translate("confirmation", REFUSAL_TITLE if data.refusal else TITLE)
    footer = translate("confirmation", "{audit}<br/>规则包 {rule_pack}").format(
        audit=escape(audit), rule_pack=escape(data.rule_pack)
    )
    reprint = (
        '<p class="meta" style="color:#C62828;"><b>'
        + translate("confirmation", "【补打】")
        + f"</b>{escape(data.reprint)}</p>"
        if data.reprint
        else ""
    )
    return f"""
<html><head><style>
 body {{ color: #000000; }}
 h1 {{ font-size: {base * 1.9:.1f}pt; text-align: center; margin: 0; }}
 h2 {{ font-size: {base * 1.2:.1f}pt; margin-top: 8px; margin-bottom: 2px; }}
 p, li, td {{ font-size: {base:.1f}pt; }}
 .meta {{ text-align: center; color: #333333; font-size: {base * 0.95:.1f}pt; }}
 .grid td {{ border: 1px solid #999999; }}
 td.k {{ background-color: #EEEEEE; white-space: nowrap; }}
 td.sig {{ white-space: nowrap; vertical-align: bottom; padding-top: 18px; }}
 td.line {{ border-bottom: 1px solid #000000; vertical-align: bottom; }}
 .small {{ font-size: {base * 0.85:.1f}pt; color: #333333; }}
 ul, ol {{ margin-top: 0; margin-bottom: 0; }}
</style></head><body>
<h1>{escape(title)}</h1>
<p class="meta">{meta}</p>
{reprint}
{body}
<p>{escape(statement).replace(chr(10), "<br/>")}</p>
{signatures}
<p class="small">{footer}</p>
</body></html>"""


def _signature_table(signers: list[str], date_label: str) -> str:
    """One equal block per signer: the name and the date each as a label beside a ruled
    blank, in two rows of the same height, so no line wraps and the 日期 lines sit level."""
    row = '<tr><td class="sig">{label}</td><td class="line" width="100%">&nbsp;</td></tr>'
    labelled = translate("confirmation", "{text}：")
    blocks = [
        '<table width="100%" cellspacing="0" cellpadding="5">'
        + row.format(label=escape(labelled.format(text=who)))
        + row.format(label=escape(labelled.format(text=date_label)))
        + "</table>"
        for who in signers
    ]
    width = 100 // len(signers)
    return (
        '<table width="100%" cellspacing="0" cellpadding="4" style="margin-top: 8px;"><tr>'
        + "".join(f'<td width="{width}%">{block}</td>' for block in blocks)
        + "</tr></table>"
    )


def build_document(data: ConfirmationData, point_size: float) -> QTextDocument:
    return html_document(confirmation_html(data, point_size), point_size)


def _pdf_writer(path: Path, title: str) -> QPdfWriter:
    """An A4 portrait PDF writer at 300 dpi into a new owner-only file."""
    if not path.parent.is_dir():
        ensure_private_dir(path.parent)
    create_private_file(path)  # Qt then writes into it, keeping its owner-only mode
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("TellerGuard")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 12, 15, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def html_document(html: str, point_size: float) -> QTextDocument:
    """A document of ``html`` in the app's CJK font (embedded, as a subset, when printed)."""
    document = QTextDocument()
    family = choose_cjk_family()
    font = QFont(family) if family else QFont()
    font.setPointSizeF(point_size)
    document.setDefaultFont(font)
    if family:
        html = html.replace("<body>", f"<body style=\"font-family: '{family}';\">", 1)
    document.setHtml(html)
    return document


def write_html_pdf(html: str, path: Path, title: str, point_size: float = 9.0) -> Path:
    """Any report (the 倒查 dossier) as an A4 PDF of as many pages as it needs."""
    writer = _pdf_writer(path, title)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    document = html_document(html, point_size)
    document.documentLayout().setPaintDevice(writer)
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    return path


def write_confirmation_pdf(data: ConfirmationData, path: Path) -> Path:
    """Write the one-page A4 PDF; returns ``path``."""
    writer = _pdf_writer(path, translate("confirmation", REFUSAL_TITLE if data.refusal else TITLE))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    size = 10.0
    while True:
        document = build_document(data, size)
        # Lay out at the printer's resolution so the page count is the printed one.
        document.documentLayout().setPaintDevice(writer)
        document.setPageSize(QSizeF(rect.width(), rect.height()))
        if document.pageCount() <= 1 or size <= 6.5:
            break
        size -= 0.5
    document.print_(writer)
    return path
