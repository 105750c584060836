"""风险提示确认书: the one-page PDF the customer signs after a second reminder.

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

TITLE = "风险提示确认书"


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
    seconds: int
    teller: str
    supervisor: str | None = None
    supervisor_reason: str | None = None
    audit_sequence: int | None = None
    audit_hash: str | None = None
    rule_pack: str = ""
    extra_rows: list[tuple[str, str]] = field(default_factory=list)


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
    risks = "".join(f"<li><b>{escape(t)}</b>：{escape(e)}</li>" for t, e in data.risks)
    script = "".join(f"<li>{escape(line)}</li>" for line in data.script)
    answers = (
        "".join(f"<li>{escape(q)}<br/>答：{escape(a)}</li>" for q, a in data.answers)
        or "<li>（无需记录的问题）</li>"
    )
    minutes, seconds = divmod(data.seconds, 60)
    supervisor = "—"
    if data.supervisor:
        supervisor = data.supervisor + (
            f"（理由：{data.supervisor_reason}）" if data.supervisor_reason else ""
        )
    audit = (
        f"审计序号 {data.audit_sequence}　哈希 {data.audit_hash}"
        if data.audit_sequence is not None
        else "审计记录：未写入"
    )
    line = "＿" * 8
    signers = ["客户签名", "经办柜员签名"] + (["授权主管签名"] if data.supervisor else [])
    width = 100 // len(signers)
    signature_cells = [
        f'<td width="{width}%">{who}：{line}<br/><br/>日期：{line}</td>' for who in signers
    ]
    return f"""
<html><head><style>
 body {{ color: #000000; }}
 h1 {{ font-size: {base * 1.9:.1f}pt; text-align: center; margin: 0; }}
 h2 {{ font-size: {base * 1.2:.1f}pt; margin-top: 8px; margin-bottom: 2px; }}
 p, li, td {{ font-size: {base:.1f}pt; }}
 .meta {{ text-align: center; color: #333333; font-size: {base * 0.95:.1f}pt; }}
 .grid td {{ border: 1px solid #999999; }}
 td.k {{ background-color: #EEEEEE; white-space: nowrap; }}
 .small {{ font-size: {base * 0.85:.1f}pt; color: #333333; }}
 ul, ol {{ margin-top: 0; margin-bottom: 0; }}
</style></head><body>
<h1>{TITLE}</h1>
<p class="meta">{escape(data.branch)}　工作站 {escape(data.workstation)}　{escape(data.time_text)}
　业务：{escape(data.business)}　风险等级：{escape(data.level_text)}</p>
<h2>一、客户与业务信息（已脱敏）</h2>
{_rows(data.customer_rows + data.business_rows + data.extra_rows)}
<h2>二、本行提示的风险</h2>
<ul>{risks}</ul>
<h2>三、柜员已向客户宣读的提示</h2>
<ol>{script}</ol>
<h2>四、客户的回答</h2>
<ol>{answers}</ol>
<h2>五、客户决定与授权</h2>
{
        _rows(
            [
                ("客户决定", data.decision_text),
                ("提醒用时", f"{minutes}分{seconds:02d}秒"),
                ("经办柜员", data.teller),
                ("授权主管", supervisor),
            ]
        )
    }
<p>本人已听取并理解上述风险提示，确认以上回答真实，并自愿作出上述决定。
如遇自称公检法要求转账、“安全账户”、刷单返利、贷款先交费等情况，请立即拨打 110 报警；
反诈咨询请拨打 96110。对拒绝或限制办理有异议的，可依据《反电信网络诈骗法》第三十二条向本行申诉。</p>
<table width="100%" cellpadding="14"><tr>{"".join(signature_cells)}</tr></table>
<p class="small">{escape(audit)}<br/>规则包 {escape(data.rule_pack)}</p>
</body></html>"""


def build_document(data: ConfirmationData, point_size: float) -> QTextDocument:
    document = QTextDocument()
    family = choose_cjk_family()
    font = QFont(family) if family else QFont()
    font.setPointSizeF(point_size)
    document.setDefaultFont(font)
    html = confirmation_html(data, point_size)
    if family:
        html = html.replace("<body>", f"<body style=\"font-family: '{family}';\">", 1)
    document.setHtml(html)
    return document


def write_confirmation_pdf(data: ConfirmationData, path: Path) -> Path:
    """Write the one-page A4 PDF; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setTitle(TITLE)
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
