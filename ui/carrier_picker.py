"""Carrier picker: makeshop's carriers, type-to-search, with a live preview of what Amazon shows.

A typed name resolves to a makeshop carrier through the same table the label-CSV importer uses
(names, older names and common names such as 「ヤマト運輸」 or 「佐川」: ``CarrierTable.by_name``).
A name that resolves to nothing is *not* a carrier: free text reaches Amazon only through the
explicit last entry 「その他の配送業者（makeshop 未登録）」, which shows a name field and says
what Amazon will receive (``Other`` + the name, R-E3).

Every fact in the preview comes from :mod:`amzdesk.carriers` (``CarrierTable.preview``): the
name Amazon shows after makeshop's conversion (R-E1, R-E2), what this app sends when it confirms
on the Amazon side (carrierCode + carrierName), whether the method has a tracking number, and the
warnings with their recommendation.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from amzdesk.carriers import Carrier, CarrierPreview, CarrierTable, default_table, preview_lines


def _tr_amzdesk(text: str) -> str:
    from ui.i18n import tr_core

    return tr_core(text)


OTHER_DATA = "\x00other"  # item data of the 「その他の配送業者」 entry


class CarrierPicker(QWidget):
    """An editable combo (``carrierPicker``), a name field for a carrier makeshop does not know
    (``otherCarrierName``, shown only for the 「その他」 entry) and a preview label
    (``amazonCarrierPreview``)."""

    carrierChanged = Signal(object)  # Carrier | None

    def __init__(self, table: CarrierTable | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = table or default_table()
        self._carrier: Carrier | None = None
        self._preview: CarrierPreview | None = None
        self._channel = "amazon-mfn"  # the selected order's kind (set_channel)

        self.combo = QComboBox(self)
        self.combo.setObjectName("carrierPicker")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMaxVisibleItems(20)
        line = self.combo.lineEdit()
        assert line is not None  # the combo box is editable
        line.setClearButtonEnabled(True)
        self._names = QStringListModel(self)
        self.completer = QCompleter(self._names, self)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(self.completer)

        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("amazonCarrierPreview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_label.setTextFormat(Qt.TextFormat.PlainText)

        self.other_name = QLineEdit(self)
        self.other_name.setObjectName("otherCarrierName")
        self.other_name.setClearButtonEnabled(True)
        self.other_name.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.other_name)
        layout.addWidget(self.preview_label)
        self.setFocusProxy(self.combo)

        self._other = False  # the 「その他」 entry is chosen
        self._unknown = ""  # typed text that names no makeshop carrier
        self._retranslate()
        self._fill()
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText("")
        self.combo.editTextChanged.connect(self._on_text)
        self.combo.currentIndexChanged.connect(self._on_index)
        line.editingFinished.connect(self._on_editing_finished)
        self.other_name.textChanged.connect(self._on_other_name)
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
        self.combo.insertSeparator(self.combo.count())
        self.combo.addItem(self.other_label(), OTHER_DATA)
        self.combo.setItemData(
            self.combo.count() - 1,
            self.tr(
                "makeshop に登録がない配送業者です。名前を入力すると、Amazon には"
                "「Other」とその名前で出荷通知します（makeshop では配送完了にできません）"
            ),
            Qt.ItemDataRole.ToolTipRole,
        )
        self._names.setStringList(names)
        self.combo.blockSignals(False)

    def other_label(self) -> str:
        return self.tr("その他の配送業者（makeshop 未登録）")

    @property
    def other_index(self) -> int:
        return self.combo.findData(OTHER_DATA)

    def set_table(self, table: CarrierTable) -> None:
        """Use another table (e.g. after the carrier-code overrides changed)."""
        other, text = self._other, self.combo.currentText()
        self._table = table
        self._fill()
        self._carrier = None
        if other:
            self.choose_other(self.other_name.text())
        else:
            self.combo.setEditText(text)
            self._on_text(text)

    @property
    def table(self) -> CarrierTable:
        return self._table

    def carrier(self) -> Carrier | None:
        """The chosen carrier: a makeshop carrier, a custom one only through the 「その他」 entry
        with a name, else None (typed text that names no makeshop carrier is no carrier)."""
        return self._carrier

    def preview(self) -> CarrierPreview | None:
        return self._preview

    def set_carrier_name(self, name: str) -> None:
        """Choose a carrier by makeshop name, older or common name (as typed)."""
        self.combo.setEditText(name)
        self._on_text(name)

    def set_carrier(self, carrier: Carrier | None) -> None:
        """Show ``carrier`` (a custom one through the 「その他」 entry); None clears."""
        if carrier is None:
            self.clear()
        elif carrier.custom:
            self.choose_other(carrier.name)
        else:
            self.set_carrier_name(carrier.name)

    def choose_other(self, name: str = "") -> None:
        """Choose 「その他の配送業者（makeshop 未登録）」 with ``name`` in its name field."""
        self.combo.setCurrentIndex(self.other_index)
        self.other_name.setText(name)
        self._on_other_name(name)

    def clear(self) -> None:
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText("")
        self.other_name.clear()
        self._on_text("")

    # -- reactions -----------------------------------------------------------------------------
    def _on_index(self, index: int) -> None:
        if index < 0:
            return
        if self.combo.itemData(index) == OTHER_DATA:
            self._other = True
            self._unknown = ""
            self.other_name.show()
            self._on_other_name(self.other_name.text())
            return
        self._on_text(self.combo.itemText(index))

    def _on_other_name(self, text: str) -> None:
        if not self._other:
            return
        name = text.strip()
        self._set(self._table.custom(name) if name else None, force=True)

    def _on_text(self, text: str) -> None:
        if text == self.other_label() and self.combo.currentIndex() == self.other_index:
            return
        if self._other:
            self._other = False
            self.other_name.hide()
        text = text.strip()
        carrier = None
        if text:
            carrier = self._table.by_name(text) or self._table.by_code(text)
        self._unknown = text if carrier is None else ""
        self._set(carrier, force=True)

    def _on_editing_finished(self) -> None:
        """Show the makeshop name of what was typed (「ヤマト運輸」 -> クロネコヤマト)."""
        c = self._carrier
        if c is not None and not self._other and self.combo.currentText() != c.name:
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(self.combo.findData(c.name))
            self.combo.blockSignals(False)

    def _set(self, carrier: Carrier | None, *, force: bool = False) -> None:
        same = carrier is self._carrier or (
            carrier is not None and self._carrier is not None and carrier == self._carrier
        )
        if same and not force:
            return
        self._update(carrier)
        if not same:
            self.carrierChanged.emit(carrier)

    def _update(self, carrier: Carrier | None) -> None:
        self._carrier = carrier
        if carrier is None:
            self._preview = None
            if self._other:
                text = self.tr(
                    "makeshop に登録がない配送業者の名前を入力してください。"
                    "Amazon には配送業者「その他」として、その名前を送ります"
                )
            elif self._unknown:
                text = self.tr(
                    "「{0}」は makeshop の配送業者に見つかりません。一覧から選ぶか、"
                    "一覧の最後の「{1}」を選んで名前を入力してください"
                ).format(self._unknown, self.other_label())
            else:
                text = self.tr("配送業者を選ぶと、Amazon にどう表示されるかをここに表示します。")
            self.preview_label.setText(text)
            return
        self._preview = self._table.preview(carrier)
        self.preview_label.setText(self.preview_text(self._preview))

    def _retranslate(self) -> None:
        self.combo.setAccessibleName(self.tr("配送業者"))
        self.combo.setToolTip(
            self.tr(
                "makeshop に登録されている配送業者です。文字を入力すると絞り込めます"
                "（「ヤマト」「佐川」「郵便」なども通じます）。"
                "一覧にない配送業者は最後の「その他の配送業者（makeshop 未登録）」を選んでください"
            )
        )
        line = self.combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("配送業者を選ぶか入力…"))
        self.preview_label.setAccessibleName(self.tr("Amazon に表示される配送業者"))
        self.other_name.setAccessibleName(self.tr("配送業者名（makeshop 未登録）"))
        self.other_name.setPlaceholderText(self.tr("配送業者名を入力（Amazon にそのまま送ります）"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            last = self.combo.count() - 1
            if last >= 0 and self.combo.itemData(last) == OTHER_DATA:
                self.combo.setItemText(last, self.other_label())
            self._update(self._carrier)  # the preview is rendered in the new language
        super().changeEvent(event)

    def set_channel(self, channel: str) -> None:
        """The kind of the selected order ("shop" / "amazon-mfn" / "amazon-fba"): the preview
        shows only what applies to it (amzdesk.carriers.preview_lines)."""
        if channel != self._channel:
            self._channel = channel
            self._update(self._carrier)

    def preview_text(self, p: CarrierPreview) -> str:
        """The preview as lines of text in the UI language (also used by tests)."""
        lines = []
        for line in preview_lines(p, self._channel):
            text = _tr_amzdesk(line)
            lines.append(("⚠ " + text) if line in p.warnings else text)
        return "\n".join(lines)
