"""Delegates of the order list: the state as a coloured badge, the deadline cell in bold when
it is urgent.  The icon and the text carry the meaning; the colour only adds to them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QStyledItemDelegate

from ui.orders.model import DECORATION_ROLE, FLAGS_ROLE, TONE_ROLE, Index
from ui.orders.rows import F_DUE_TODAY, F_FBA, F_OVERDUE, FBA_TEXT, TONE_COLORS

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem


class BadgeDelegate(QStyledItemDelegate):
    """Draws the cell text as a rounded badge coloured by the row's tone, with its icon.

    The icon and the text carry the meaning; the colour only adds to them.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # imported here: QStyle and friends are not needed before the first row is painted
        from PySide6.QtGui import QFontMetrics, QPainter
        from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        tone = index.data(TONE_ROLE) or "ok"
        opt.text = ""
        opt.icon = QIcon()
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        _bg, fill, fg = TONE_COLORS.get(tone, TONE_COLORS["ok"])
        rect: QRect = option.rect.adjusted(3, 3, -3, -3)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        x = rect.left()
        icon = index.data(DECORATION_ROLE)
        if icon is not None and not icon.isNull():
            size = min(16, rect.height())
            icon.paint(painter, QRect(x, rect.top() + (rect.height() - size) // 2, size, size))
            x += size + 4
        fm = QFontMetrics(opt.font)
        tw = fm.horizontalAdvance(text) + 12
        badge = QRectF(x, rect.top(), min(tw, rect.right() - x), rect.height())
        painter.setPen(QColor(fill).darker(115))
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(badge, 6, 6)
        painter.setPen(QColor(fg))
        painter.setFont(opt.font)
        qt = QtCore.Qt
        elided = fm.elidedText(text, qt.TextElideMode.ElideRight, int(badge.width()) - 10)
        painter.drawText(badge, int(qt.AlignmentFlag.AlignCenter), elided)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        base = super().sizeHint(option, index)
        return QSize(base.width() + 16, base.height())


class DeadlineDelegate(QStyledItemDelegate):
    """Deadline cell: bold text for overdue / due today (colour and icon come from the model)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        flags = index.data(FLAGS_ROLE) or 0
        if flags & (F_OVERDUE | F_DUE_TODAY):
            option.font.setBold(True)
        if flags & F_FBA:
            from PySide6.QtGui import QPalette

            option.palette.setColor(QPalette.ColorRole.Text, QColor(FBA_TEXT))
