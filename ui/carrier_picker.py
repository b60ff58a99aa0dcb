"""Carrier picker: makeshop's carriers, type-to-search, with a live preview of what Amazon shows.

Every fact in the preview comes from :mod:`amzdesk.carriers` (``CarrierTable.preview``): the
name Amazon shows after makeshop's conversion (R-E1, R-E2), what this app sends when it confirms
on the Amazon side (carrierCode + carrierName), whether the method has a tracking number, and the
warnings with their recommendation.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from amzdesk.carriers import Carrier, CarrierPreview, CarrierTable, default_table


def _tr_amzdesk(text: str) -> str:
    return QCoreApplication.translate("amzdesk", text) if text else text


class CarrierPicker(QWidget):
    """An editable combo (``carrierPicker``) and a preview label (``amazonCarrierPreview``)."""

    carrierChanged = Signal(object)  # Carrier | None

    def __init__(self, table: CarrierTable | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = table or default_table()
        self._carrier: Carrier | None = None
        self._preview: CarrierPreview | None = None

        self.combo = QComboBox(self)
        self.combo.setObjectName("carrierPicker")
        self.combo.setAccessibleName(self.tr("配送業者"))
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMaxVisibleItems(20)
        self.combo.setToolTip(
            self.tr(
                "makeshop に登録されている配送業者です。文字を入力すると絞り込めます。"
                "一覧にない配送業者名も入力できます（Amazon 側での出荷通知のみ）"
            )
        )
        line = self.combo.lineEdit()
        line.setPlaceholderText(self.tr("配送業者を選ぶか入力…"))
        line.setClearButtonEnabled(True)
        self._names = QStringListModel(self)
        self.completer = QCompleter(self._names, self)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(self.completer)

        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("amazonCarrierPreview")
        self.preview_label.setAccessibleName(self.tr("Amazon に表示される配送業者"))
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.preview_label)

        self._fill()
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText("")
        self.combo.editTextChanged.connect(self._on_text)
        self.combo.currentIndexChanged.connect(self._on_index)
        self._update(None)

    # -- data ----------------------------------------------------------------------------------
    def _fill(self) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        names: list[str] = []
        for c in self._table.all():
            self.combo.addItem(c.name, c.name)
            i = self.combo.count() - 1
            self.combo.setItemData(
                i,
                self.tr("Amazon での表示（makeshop 経由）: {0}").format(c.amazon_name),
                Qt.ItemDataRole.ToolTipRole,
            )
            names.append(c.name)
        self._names.setStringList(names)
        self.combo.blockSignals(False)

    def set_table(self, table: CarrierTable) -> None:
        """Use another table (e.g. after the carrier-code overrides changed)."""
        text = self.combo.currentText()
        self._table = table
        self._fill()
        self.combo.setEditText(text)
        self._on_text(text)

    @property
    def table(self) -> CarrierTable:
        return self._table

    def carrier(self) -> Carrier | None:
        """The chosen carrier (a custom one when the typed name is not a makeshop carrier)."""
        return self._carrier

    def preview(self) -> CarrierPreview | None:
        return self._preview

    def set_carrier_name(self, name: str) -> None:
        self.combo.setEditText(name)
        self._on_text(name)

    def clear(self) -> None:
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText("")

    # -- reactions -----------------------------------------------------------------------------
    def _on_index(self, index: int) -> None:
        if index >= 0:
            self._on_text(self.combo.itemText(index))

    def _on_text(self, text: str) -> None:
        text = text.strip()
        carrier = self._table.resolve(text) if text else None
        if carrier is self._carrier or (
            carrier is not None and self._carrier is not None and carrier == self._carrier
        ):
            return
        self._update(carrier)
        self.carrierChanged.emit(carrier)

    def _update(self, carrier: Carrier | None) -> None:
        self._carrier = carrier
        if carrier is None:
            self._preview = None
            self.preview_label.setText(
                self.tr("配送業者を選ぶと、Amazon にどう表示されるかをここに表示します。")
            )
            return
        self._preview = self._table.preview(carrier)
        self.preview_label.setText(self.preview_text(self._preview))

    def preview_text(self, p: CarrierPreview) -> str:
        """The preview as lines of Japanese text (also used by tests and the detail panel)."""
        lines: list[str] = []
        if p.known:
            shown = p.amazon_name_via_makeshop
            if not p.identifies_carrier:
                lines.append(
                    self.tr(
                        "makeshop で配送完了した場合の Amazon での表示: {0}"
                        "（実際の配送業者は伝わりません）"
                    ).format(shown)
                )
            else:
                lines.append(
                    self.tr("makeshop で配送完了した場合の Amazon での表示: {0}").format(shown)
                )
        else:
            lines.append(self.tr("makeshop に登録がない配送業者です"))
        if p.spapi_carrier_code:
            lines.append(
                self.tr(
                    "Amazon 側で出荷通知した場合に送る内容: carrierCode={0} / carrierName={1}"
                ).format(p.spapi_carrier_code, p.spapi_carrier_name)
            )
        else:
            lines.append(self.tr("Amazon 側で出荷通知するには配送業者を選んでください"))
        lines.append(_tr_amzdesk(p.tracked.label))
        for w in p.warnings:
            lines.append("⚠ " + _tr_amzdesk(w))
        if p.recommend_amazon_side:
            lines.append(self.tr("おすすめ: Amazon 側で出荷通知する"))
        else:
            lines.append(self.tr("makeshop で配送完了にしても Amazon に正しく伝わります"))
        return "\n".join(lines)
