"""A small horizontal stacked bar chart drawn with QPainter (QtCharts is not in Essentials)."""

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAccessible, QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from npmdesk.ui.common.colours import ink_on

# Colour-blind-safe palette (Okabe–Ito), one colour per status in vocabulary order.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#D55E00", "#CC79A7", "#0072B2", "#999999"]


class StackedBarChart(QWidget):
    """One bar per group, split by series; `set_data(title, groups, series)`.

    groups: {group label: {series code: count}}; series: [(code, label)] in stacking order.
    """

    BAR, GAP, MARGIN = 18, 8, 8
    ACCESSIBLE_ROLE = QAccessible.Role.Chart  # ui/common/accessible.py: a screen reader says «gráfico»

    def __init__(self, parent=None, empty_text: str | None = None):
        super().__init__(parent)
        self.empty_text = empty_text  # shown when there is nothing to draw
        self.title = ""
        self.groups: dict[str, dict[str, int]] = {}
        self.series: list[tuple[str, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(120)

    def set_data(self, title: str, groups: dict, series: list[tuple[str, str]]) -> None:
        self.title, self.groups, self.series = title, dict(groups), list(series)
        summary = "; ".join(f"{g}: " + ", ".join(f"{label} {groups[g].get(code, 0)}"
                                                 for code, label in series if groups[g].get(code))
                            for g in groups)
        self.setAccessibleName(title)
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        self.updateGeometry()
        self.update()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()

    def color(self, code: str) -> QColor:
        codes = [c for c, _label in self.series]
        return QColor(PALETTE[codes.index(code) % len(PALETTE)] if code in codes else PALETTE[-1])

    def _legend_rows(self, width: int) -> list[list[tuple[str, str]]]:
        metrics, rows, row, used = QFontMetrics(self.font()), [], [], 0
        for code, label in self.series:
            item = 16 + metrics.horizontalAdvance(label) + 14
            if row and used + item > width:
                rows.append(row)
                row, used = [], 0
            row.append((code, label))
            used += item
        return rows + ([row] if row else [])

    def sizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).height()
        legend = len(self._legend_rows(max(200, self.width() - 2 * self.MARGIN))) * (line + 4)
        bars = max(1, len(self.groups)) * (self.BAR + self.GAP)
        return QSize(420, 2 * self.MARGIN + line + 6 + bars + legend + 6)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text_color = pal.color(QPalette.ColorRole.WindowText)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        x0, y = self.MARGIN, self.MARGIN
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_color)
        painter.drawText(QRectF(x0, y, self.width() - 2 * x0, line), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())
        if self.hasFocus():  # a chart that takes focus shows where it is
            painter.setPen(pal.color(QPalette.ColorRole.Highlight))
            painter.drawRect(QRectF(1, 1, self.width() - 3, self.height() - 3))
            painter.setPen(text_color)
        y += line + 6
        if not self.groups:
            painter.drawText(QRectF(x0, y, self.width() - 2 * x0, line), Qt.AlignmentFlag.AlignLeft,
                             self._empty_text())
            return
        label_width = min(max(metrics.horizontalAdvance(g) for g in self.groups) + 10, self.width() * 2 // 5)
        total_width = self.width() - x0 * 2 - label_width - 40
        biggest = max(sum(counts.values()) for counts in self.groups.values()) or 1
        for group, counts in self.groups.items():
            painter.setPen(text_color)
            shown = metrics.elidedText(group, Qt.TextElideMode.ElideRight, label_width - 10)
            painter.drawText(QRectF(x0, y, label_width - 10, self.BAR),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
            x = x0 + label_width
            for code, _label in self.series:
                count = counts.get(code, 0)
                if not count:
                    continue
                width = total_width * count / biggest
                painter.fillRect(QRectF(x, y, width, self.BAR), self.color(code))
                if width >= metrics.horizontalAdvance(str(count)) + 4:
                    painter.setPen(ink_on(self.color(code)))
                    painter.drawText(QRectF(x, y, width, self.BAR), Qt.AlignmentFlag.AlignCenter, str(count))
                x += width
            painter.setPen(text_color)
            painter.drawText(QRectF(x + 4, y, 40, self.BAR), Qt.AlignmentFlag.AlignVCenter,
                             str(sum(counts.values())))
            y += self.BAR + self.GAP
        y += 4
        for row in self._legend_rows(self.width() - 2 * x0):
            x = x0
            for code, label in row:
                painter.fillRect(QRectF(x, y + (line - 10) / 2, 10, 10), self.color(code))
                painter.setPen(text_color)
                painter.drawText(QRectF(x + 14, y, metrics.horizontalAdvance(label) + 2, line),
                                 Qt.AlignmentFlag.AlignVCenter, label)
                x += 16 + metrics.horizontalAdvance(label) + 14
            y += line + 4

    def _empty_text(self) -> str:
        from npmdesk.i18n import _
        return self.empty_text or _("No hay recomendaciones que mostrar.")
