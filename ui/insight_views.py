"""Views of :mod:`amzdesk.insights`: the FBA listing hazard panel, the shipping health view (a
QPainter chart, exportable as PNG) and the session report (printable, exportable as CSV).

One module for the three insight views: they share the table helpers, the export dialogs and
the ``amzdesk`` text context, and each is a section below.

Thin: every figure comes from the Qt-free modules; this file only lays them out.  Texts are
Japanese sources translated through the ``tr`` catalogue; fixed sentences of ``amzdesk`` go
through the ``amzdesk`` context like the rest of the window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from amzdesk.clock import to_jst
from amzdesk.insights.hazards import (
    EVIDENCE_PRODUCTS,
    SOURCE_INVENTORY,
    HazardReport,
    ListingHazard,
)
from amzdesk.insights.health import HealthReport
from amzdesk.insights.report import ACTION_LABELS, SIDE_LABELS, STATE_LABELS, SessionReport
from ui.i18n import tr_core

AMAZON_COLOR = QColor("#2f6fb3")
LATE_COLOR = QColor("#d0453a")
SHOP_COLOR = QColor("#9aa5b1")
GRID_COLOR = QColor("#d9dde3")


def tr_amzdesk(text: str) -> str:
    return QCoreApplication.translate("amzdesk", text)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


# --- FBA listing hazards --------------------------------------------------------------------------


class HazardPanel(QDialog):
    """Every product at risk, with what to do.  ``recheck`` / ``load_products`` are set by the
    controller (they run the check in the background and call :meth:`show_report`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hazardPanel")
        self.resize(980, 560)
        self.recheck: Callable[[], None] | None = None
        self.load_products: Callable[[str], None] | None = None
        self.report: HazardReport | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("hazardSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableWidget(0, 6, split)
        self.table.setObjectName("hazardTable")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda *_: self._show_detail())
        self.detail = QTextBrowser(split)
        self.detail.setObjectName("hazardDetail")
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([300, 200])
        layout.addWidget(split, 1)
        self.notes = QLabel(self)
        self.notes.setObjectName("hazardNotes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #555;")
        layout.addWidget(self.notes)
        buttons = QHBoxLayout()
        self.recheck_button = QPushButton(self)
        self.recheck_button.setObjectName("hazardRecheck")
        self.recheck_button.clicked.connect(self._on_recheck)
        self.products_button = QPushButton(self)
        self.products_button.setObjectName("hazardProducts")
        self.products_button.clicked.connect(self._on_products)
        close = QPushButton(self)
        close.setObjectName("hazardClose")
        close.clicked.connect(self.close)
        self._close = close
        buttons.addWidget(self.recheck_button)
        buttons.addWidget(self.products_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("FBA 商品の出品チェック"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("商品"),
                self.tr("ASIN"),
                self.tr("出品者出荷の SKU"),
                self.tr("FBA の SKU"),
                self.tr("見つかった場所"),
                self.tr("未出荷の注文"),
            ]
        )
        self.recheck_button.setText(self.tr("もう一度チェック"))
        self.products_button.setText(self.tr("makeshop の商品CSVも照合…"))
        self.products_button.setToolTip(
            self.tr(
                "makeshop の商品一括CSV（ASIN・Amazon 出品者SKU の列を含むもの）を読み込むと、"
                "まだ注文のない商品も照合できます"
            )
        )
        self._close.setText(self.tr("閉じる"))
        if self.report is not None:
            self.show_report(self.report)
        else:
            self.summary.setText(self.tr("チェックしています…"))

    def set_busy(self) -> None:
        self.summary.setText(self.tr("チェックしています…"))
        self.recheck_button.setEnabled(False)
        self.products_button.setEnabled(False)

    def show_error(self, message: str) -> None:
        self.recheck_button.setEnabled(True)
        self.products_button.setEnabled(True)
        self.summary.setText(self.tr("チェックできませんでした: {0}").format(message))

    def show_report(self, report: HazardReport) -> None:
        self.report = report
        self.recheck_button.setEnabled(True)
        self.products_button.setEnabled(True)
        n = len(report.hazards)
        checked = to_jst(report.checked_at).strftime("%m/%d %H:%M")
        if n:
            self.summary.setText(
                self.tr(
                    "FBA で在庫を持っている商品が、出品者出荷でも出品されています:"
                    " {0} 点（{1} 時点）"
                ).format(n, checked)
            )
            self.summary.setStyleSheet("color: #b3261e;")
        else:
            self.summary.setText(
                self.tr(
                    "問題は見つかりませんでした（FBA の商品 {0} 点、出品者出荷の注文 {1} 件を照合、"
                    "{2} 時点）"
                ).format(report.fba_products, report.mfn_orders_checked, checked)
            )
            self.summary.setStyleSheet("color: #2e7d32;")
        self.table.setRowCount(n)
        for row, h in enumerate(report.hazards):
            where = []
            if h.order_ids:
                where.append(self.tr("出品者出荷の注文 {0} 件").format(len(h.order_ids)))
            if EVIDENCE_PRODUCTS in h.evidence:
                where.append(self.tr("makeshop の商品CSV"))
            cells = [
                h.title,
                h.asin,
                h.mfn_sku or "—",
                h.fba.seller_sku,
                "、".join(where),
                str(len(h.open_order_ids)) if h.open_order_ids else "",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 5 and h.open_order_ids:
                    item.setForeground(QColor("#b3261e"))
                self.table.setItem(row, col, item)
        notes = [tr_core(x) for x in report.notes]
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        if n:
            self.table.setCurrentCell(0, 0)
        self._show_detail()

    def current_hazard(self) -> ListingHazard | None:
        if self.report is None:
            return None
        row = self.table.currentRow()
        return self.report.hazards[row] if 0 <= row < len(self.report.hazards) else None

    def _show_detail(self) -> None:
        h = self.current_hazard()
        if h is None:
            self.detail.setHtml("")
            return
        e = _escape
        parts = [f"<h3>{e(h.title)}</h3>"]
        fba = self.tr("FBA: SKU {0}、在庫 {1}").format(
            h.fba.seller_sku,
            self.tr("{0} 個").format(h.fba.total_quantity)
            if SOURCE_INVENTORY in h.fba.sources and h.fba.total_quantity is not None
            else self.tr("在庫一覧になし（FBA の注文で確認）"),
        )
        parts.append(f"<p>{e(fba)}</p>")
        if h.order_ids:
            parts.append(
                "<p>"
                + e(self.tr("出品者出荷で届いた注文: {0}").format(", ".join(h.order_ids)))
                + "</p>"
            )
        if h.makeshop_codes:
            parts.append(
                "<p>"
                + e(self.tr("makeshop の商品: {0}").format(", ".join(h.makeshop_codes)))
                + "</p>"
            )
        todo = self.tr("すること")
        parts.append(f"<p><b>{e(todo)}</b></p><ol>")
        advice = [tr_core(text) for text in h.advice]
        parts += [f"<li>{e(text)}</li>" for text in advice]
        parts.append("</ol>")
        self.detail.setHtml("".join(parts))
        self.detail.setToolTip(
            f"R-G2 · matched_by={h.matched_by} · sources={','.join(h.fba.sources)}"
        )

    def _on_recheck(self) -> None:
        if self.recheck is not None:
            self.set_busy()
            self.recheck()

    def _on_products(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("makeshop の商品CSVを選ぶ"), "", self.tr("CSV ファイル (*.csv *.txt)")
        )
        if path and self.load_products is not None:
            self.set_busy()
            self.load_products(path)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


# --- shipping health ------------------------------------------------------------------------------


class ShippedChart(QWidget):
    """Orders shipped per day, stacked: Amazon on time, Amazon late, shop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shippedChart")
        self.report: HealthReport | None = None
        self.setMinimumSize(QSize(600, 240))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_report(self, report: HealthReport) -> None:
        self.report = report
        self.update()

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        report = self.report
        if report is None:
            return
        fm = p.fontMetrics()
        left, right, top, bottom = (
            fm.horizontalAdvance("000") + 14,
            12,
            fm.height() * 2 + 8,
            fm.height() + 10,
        )
        w = self.width() - left - right
        h = self.height() - top - bottom
        if w <= 10 or h <= 10:
            return
        days = report.days
        peak = max([d.total for d in days] + [1])
        step = (
            1 if peak <= 5 else 2 if peak <= 10 else 5 if peak <= 25 else 10 if peak <= 50 else 50
        )
        top_value = ((peak + step - 1) // step) * step
        # grid and y labels
        p.setPen(QPen(GRID_COLOR, 1))
        for v in range(0, top_value + 1, step):
            y = top + h - h * v / top_value
            p.drawLine(int(left), int(y), int(left + w), int(y))
            p.setPen(QColor("#555"))
            p.drawText(
                QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(v),
            )
            p.setPen(QPen(GRID_COLOR, 1))
        # bars
        slot = w / max(1, len(days))
        bar = max(2.0, slot * 0.7)
        for i, d in enumerate(days):
            x = left + i * slot + (slot - bar) / 2
            y = top + h
            for value, color in (
                (d.amazon - d.late, AMAZON_COLOR),
                (d.late, LATE_COLOR),
                (d.shop, SHOP_COLOR),
            ):
                if value <= 0:
                    continue
                height = h * value / top_value
                y -= height
                p.fillRect(QRectF(x, y, bar, height), color)
            if i % 5 == len(days) % 5 or i == len(days) - 1:
                p.setPen(QColor("#555"))
                label = f"{d.day.month}/{d.day.day}"
                p.drawText(
                    QRectF(left + i * slot - 20, top + h + 4, slot + 40, fm.height()),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )
        # legend
        x = float(left)
        for text, color in (
            (self.tr("Amazon 期限内"), AMAZON_COLOR),
            (self.tr("Amazon 遅延"), LATE_COLOR),
            (self.tr("自社"), SHOP_COLOR),
        ):
            p.fillRect(QRectF(x, 6, 12, 12), color)
            p.setPen(QColor("#333"))
            p.drawText(
                QRectF(x + 16, 2, fm.horizontalAdvance(text) + 4, fm.height() + 4),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            x += 16 + fm.horizontalAdvance(text) + 18
        p.end()


class _Figure(QFrame):
    """One number with its label and target."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.caption = QLabel(self)
        self.value = QLabel(self)
        self.note = QLabel(self)
        self.note.setStyleSheet("color: #555;")
        self.note.setWordWrap(True)
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.value.setFont(font)
        for widget in (self.caption, self.value, self.note):
            layout.addWidget(widget)

    def set(self, caption: str, value: str, note: str, ok: bool | None) -> None:
        self.caption.setText(caption)
        self.value.setText(value)
        self.note.setText(note)
        color = "#333" if ok is None else ("#2e7d32" if ok else "#b3261e")
        self.value.setStyleSheet(f"color: {color};")


class HealthView(QDialog):
    """Numbers first, then the chart; "PNG で保存" saves both as one picture."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthView")
        self.resize(960, 600)
        self.report: HealthReport | None = None
        outer = QVBoxLayout(self)
        self.content = QWidget(self)
        self.content.setObjectName("healthContent")
        self.content.setAutoFillBackground(True)
        layout = QVBoxLayout(self.content)
        self.heading = QLabel(self.content)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        grid = QGridLayout()
        self.late = _Figure("figureLate", self.content)
        self.tracking = _Figure("figureTracking", self.content)
        self.shipped = _Figure("figureShipped", self.content)
        self.overdue = _Figure("figureOverdue", self.content)
        self.cancelled = _Figure("figureCancelled", self.content)
        for i, f in enumerate(
            (self.late, self.tracking, self.shipped, self.overdue, self.cancelled)
        ):
            grid.addWidget(f, 0, i)
        layout.addLayout(grid)
        self.chart_title = QLabel(self.content)
        layout.addWidget(self.chart_title)
        self.chart = ShippedChart(self.content)
        layout.addWidget(self.chart, 1)
        outer.addWidget(self.content, 1)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("healthSavePng")
        self.save_button.clicked.connect(self._on_save)
        self.close_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.close)
        outer.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("出荷の状況"))
        self.save_button.setText(self.tr("PNG で保存…"))
        self.close_button.setText(self.tr("閉じる"))
        self.chart_title.setText(self.tr("日ごとの出荷件数"))
        if self.report is not None:
            self.show_report(self.report)
        else:
            self.heading.setText(self.tr("集計しています…"))

    def show_report(self, h: HealthReport) -> None:
        self.report = h
        self.heading.setText(
            self.tr("直近 {0} 日（{1} 〜 {2}）").format(
                len(h.days), h.start.strftime("%m/%d"), h.end.strftime("%m/%d")
            )
        )
        self.late.set(
            self.tr("出荷遅延率"),
            _pct(h.late_rate),
            self.tr("期限内 {0} 件・遅延 {1} 件（Amazon の目標 4 % 未満）").format(
                h.on_time, h.late
            ),
            h.late_ok,
        )
        self.tracking.set(
            self.tr("有効な追跡番号"),
            _pct(h.valid_tracking_rate),
            self.tr("{0} / {1} 件（目標 95 % 超）").format(h.valid_tracking, h.tracking_rated),
            h.tracking_ok,
        )
        self.shipped.set(
            self.tr("出荷した注文"),
            self.tr("{0} 件").format(h.shipped),
            self.tr("Amazon 出品者出荷 {0} 件・自社 {1} 件").format(
                h.shipped_amazon, h.shipped_shop
            ),
            None,
        )
        self.overdue.set(
            self.tr("期限切れで未出荷"),
            self.tr("{0} 件").format(h.overdue_unshipped),
            ", ".join(h.overdue_orders[:3]) + (" …" if len(h.overdue_orders) > 3 else ""),
            h.overdue_unshipped == 0,
        )
        self.cancelled.set(
            self.tr("出荷前のキャンセル"),
            self.tr("{0} 件").format(h.cancelled_amazon + h.cancelled_shop),
            self.tr("Amazon {0} 件（{1}、目標 2.5 % 未満）・自社 {2} 件").format(
                h.cancelled_amazon, _pct(h.cancel_rate), h.cancelled_shop
            ),
            h.cancel_ok,
        )
        self.chart.set_report(h)

    def grab_png(self) -> QPixmap:
        return self.content.grab()

    def save_png(self, path: str | Path) -> bool:
        return bool(self.grab_png().save(str(path), "PNG"))

    def _on_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("PNG で保存"), "shipping-health.png", self.tr("PNG 画像 (*.png)")
        )
        if path and not self.save_png(path):
            self.heading.setText(self.tr("保存できませんでした: {0}").format(path))


# --- session report -------------------------------------------------------------------------------


class SessionReportDialog(QDialog):
    """The session report: printable (Qt's print dialog) and exportable as CSV."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionReport")
        self.resize(900, 600)
        self.report: SessionReport | None = None
        layout = QVBoxLayout(self)
        self.view = QTextBrowser(self)
        self.view.setObjectName("sessionReportView")
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(self)
        self.print_button = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setObjectName("reportPrint")
        self.print_button.clicked.connect(self.print_report)
        self.csv_button = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.csv_button.setObjectName("reportCsv")
        self.csv_button.clicked.connect(self._on_csv)
        self.close_button = buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.close)
        layout.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("出荷通知の記録"))
        self.print_button.setText(self.tr("印刷…"))
        self.csv_button.setText(self.tr("CSV で保存…"))
        self.close_button.setText(self.tr("閉じる"))
        if self.report is not None:
            self.show_report(self.report)

    def html(self) -> str:
        from amzdesk.insights.report import report_html

        assert self.report is not None
        return report_html(self.report, title=self.tr("出荷通知の記録"), labels=self.labels())

    def labels(self) -> dict[str, str]:
        """Translated words for the report (the report module is Japanese)."""
        from amzdesk.insights.report import HTML_TEXTS
        from amzdesk.states import CombinedState

        texts = [*HTML_TEXTS, *(s.label for s in CombinedState)]
        for table in (SIDE_LABELS, ACTION_LABELS, STATE_LABELS):
            texts += table.values()
        return {text: tr_amzdesk(text) for text in texts}

    def show_report(self, report: SessionReport) -> None:
        self.report = report
        self.view.setHtml(self.html())

    def print_report(self) -> None:
        """Qt's print dialog (QtPrintSupport, imported only now)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("出荷通知の記録を印刷"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: Any) -> None:
        """Print the report on ``printer`` (a QPrinter: paper, or a PDF file)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument(self)
        doc.setHtml(self.html())
        doc.print_(printer)

    def save_csv(self, path: str | Path) -> None:
        from amzdesk.insights.report import report_csv

        assert self.report is not None
        Path(path).write_text(report_csv(self.report), encoding="utf-8-sig", newline="")

    def _on_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("CSV で保存"), "shipping-report.csv", self.tr("CSV ファイル (*.csv)")
        )
        if not path:
            return
        try:
            self.save_csv(path)
        except OSError as exc:
            self.view.append(self.tr("保存できませんでした: {0}").format(exc.strerror or str(exc)))


__all__ = ["HazardPanel", "HealthView", "SessionReportDialog", "ShippedChart", "tr_amzdesk"]
