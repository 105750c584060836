"""Bar charts for the statistics tab, drawn with QPainter.

The installed PySide6 is the Essentials wheel, which has neither Qt Charts (deprecated since
Qt 6.10 anyway) nor Qt Graphs (both are in PySide6-Addons, another ~200 MB); pyqtgraph would
bring numpy for three bar charts. A labelled horizontal bar is a few lines of QPainter, prints
and screenshots like any widget, and uses the app's CJK font.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOUR = "#2F6DB5"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    text: str
    """The figure written at the end of the bar (a count, an amount, a rate)."""
    colour: str = BAR_COLOUR


class BarChart(QWidget):
    """A titled column of horizontal bars, longest for the largest value."""

    ROW = 26
    GAP = 6

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[Bar] = []
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: list[Bar], *, empty_text: str = "") -> None:
        self.bars = list(bars)
        self.empty_text = empty_text
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 40 + max(1, len(self.bars)) * (self.ROW + self.GAP))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.drawText(QRectF(0, 0, self.width(), 24), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())
        if not self.bars:
            painter.setPen(QColor("#777777"))
            painter.drawText(QRectF(0, 30, self.width(), 24), self.empty_text)
            return
        label_width = min(
            self.width() // 2, max(metrics.horizontalAdvance(b.label) for b in self.bars) + 10
        )
        text_width = max(metrics.horizontalAdvance(b.text) for b in self.bars) + 10
        span = max(1.0, self.width() - label_width - text_width)
        top = max(b.value for b in self.bars) or 1.0
        y = 30.0
        for bar in self.bars:
            painter.setPen(QColor("#222222"))
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - 10)
            painter.drawText(
                QRectF(0, y, label_width - 6, self.ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            length = span * bar.value / top
            painter.fillRect(QRectF(label_width, y + 4, length, self.ROW - 8), QColor(bar.colour))
            painter.drawText(
                QRectF(label_width + length + 4, y, text_width, self.ROW),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                bar.text,
            )
            y += self.ROW + self.GAP
        painter.end()
