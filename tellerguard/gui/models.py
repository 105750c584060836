"""Item models behind the screens (checked with pytest-qt's ``qtmodeltester``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QTextDocument
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from tellerguard.domain.assessment import Hit
from tellerguard.domain.events import (
    EVENT_TYPES,
)
from tellerguard.domain.format import format_money
from tellerguard.domain.labels import (
    DECISION_LABELS,
    OUTCOME_LABELS,
)
from tellerguard.domain.operators import SYSTEM_OPERATOR
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.gui.style import LEVEL_COLOURS, level_label
from tellerguard.services.reports import EventSummary

_Index = QModelIndex | QPersistentModelIndex


class HitListModel(QAbstractListModel):
    """The hits of the current assessment, strictest first, as the engine ordered them."""

    HitRole = Qt.ItemDataRole.UserRole + 1
    LevelRole = Qt.ItemDataRole.UserRole + 2
    RuleIdRole = Qt.ItemDataRole.UserRole + 3
    HtmlRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("【{level}】{title}\n{explanation}").format(
                level=level_label(hit.level), title=hit.title, explanation=hit.explanation
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            # The references, not the rule's id: the teller names a rule by its title.
            refs = self.tr("；").join(hit.references)
            return self.tr("依据：{references}").format(references=refs) if refs else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(LEVEL_COLOURS[hit.level])
        if role == self.HitRole:
            return hit
        if role == self.LevelRole:
            return hit.level
        if role == self.RuleIdRole:
            return hit.rule_id
        if role == self.HtmlRole:
            return hit_html(hit)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def set_hits(self, hits: list[Hit]) -> None:
        """Replace the hits; a no-op when nothing changed (keeps the view still while typing)."""
        if hits == self._hits:
            return
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()


def hit_html(hit: Hit) -> str:
    colour = LEVEL_COLOURS[hit.level]
    explanation = _escape(hit.explanation)
    return (
        f'<div><span style="color:{colour}; font-weight:bold;">'
        + translate("models", "【{level}】").format(level=level_label(hit.level))
        + f"</span><b>{_escape(hit.title)}</b></div>"
        f'<div style="color:#333333;">{explanation}</div>'
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class HitDelegate(QStyledItemDelegate):
    """Draws a hit as a bold coloured title over its wrapped explanation, with a level stripe."""

    MARGIN = 6
    STRIPE = 5

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def _document(self, index: _Index, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(self._view.font())
        document.setDocumentMargin(0)
        document.setHtml(str(index.data(HitListModel.HtmlRole) or ""))
        document.setTextWidth(max(80, width))
        return document

    def _text_width(self) -> int:
        return self._view.viewport().width() - 2 * self.MARGIN - self.STRIPE - 4

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        document = self._document(index, self._text_width())
        return QSize(self._text_width(), int(document.size().height()) + 2 * self.MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        rect = option.rect
        level = index.data(HitListModel.LevelRole)
        painter.fillRect(rect.adjusted(0, 2, 0, -2), QColor("#FAFAFA"))
        painter.fillRect(
            rect.x(),
            rect.y() + 2,
            self.STRIPE,
            rect.height() - 4,
            QColor(LEVEL_COLOURS.get(level, "#999999")),
        )
        document = self._document(index, self._text_width())
        painter.translate(rect.x() + self.STRIPE + self.MARGIN, rect.y() + self.MARGIN)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(context.palette.ColorRole.Text, QColor("black"))
        document.documentLayout().draw(painter, context)
        painter.restore()


EVENT_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("models", "序号"),
    QT_TRANSLATE_NOOP("models", "时间"),
    QT_TRANSLATE_NOOP("models", "类型"),
    QT_TRANSLATE_NOOP("models", "操作员"),
    QT_TRANSLATE_NOOP("models", "结果/客户决定"),
    QT_TRANSLATE_NOOP("models", "客户（脱敏）"),
    QT_TRANSLATE_NOOP("models", "风险等级"),
)
"""The audit log's column headers (:mod:`tellerguard.gui.log_model`), shown translated."""


def event_cells(event: EventSummary) -> tuple[str, ...]:
    """One event's row as the table shows it (Chinese labels, masked customer)."""
    model = EVENT_TYPES.get(event.type)
    label = model.label_zh if model is not None else event.type
    if event.decision:
        result = DECISION_LABELS.get(event.decision, event.decision)
    else:
        result = OUTCOME_LABELS.get(event.outcome, event.outcome)
    customer = " ".join(part for part in (event.customer_name, event.customer_id) if part)
    if event.amount:
        customer += translate("models", "（¥{amount}）").format(
            amount=format_money(Decimal(event.amount))
        )
    return (
        str(event.seq),
        event.at[:19].replace("T", " "),
        label,
        translate("models", "系统") if event.operator == SYSTEM_OPERATOR else event.operator,
        result,
        customer,
        level_label(event.level) if event.level else "",
    )


class ReadOnlyTable(QAbstractTableModel):
    """A flat read-only table whose column headers are ``headers`` (already translated)."""

    headers: tuple[str, ...] = ()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TextTableModel(ReadOnlyTable):
    """A read-only table of text (the statistics tables): headers and rows as given."""

    def __init__(
        self,
        headers: tuple[str, ...],
        parent: Any = None,
        *,
        numeric: frozenset[int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple[str, ...]] = []
        self.numeric = numeric
        """The columns aligned right as figures (default: every column but the first)."""

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = [tuple(row) for row in rows]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= index.column() < len(self.headers):
            return self.rows[index.row()][index.column()]
        figure = index.column() > 0 if self.numeric is None else index.column() in self.numeric
        if role == Qt.ItemDataRole.TextAlignmentRole and figure:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
