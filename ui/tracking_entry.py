"""Tracking-number field for typing, pasting and barcode scanners.

A scanner types like a keyboard and ends with Enter; the field normalises and checks the number
against the chosen carrier's format on every keystroke (:mod:`amzdesk.tracking`), tells why a
number is not valid, and emits ``submitted`` on Enter so the window can confirm and move on.
Several numbers (one per package) may be given separated by commas.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from amzdesk import tracking
from amzdesk.carriers import Carrier

_OK_STYLE = "color: #1b5e20;"
_BAD_STYLE = "color: #b71c1c;"
_NEUTRAL_STYLE = "color: palette(placeholder-text);"


def _tr_amzdesk(text: str) -> str:
    from ui.i18n import tr_core

    return tr_core(text)


class TrackingEntry(QWidget):
    """``trackingNumber`` line edit + ``trackingStatus`` label."""

    changed = Signal()  # the numbers or their validity changed
    submitted = Signal()  # Enter pressed (scanner or keyboard)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._format = "none"
        self._carrier: Carrier | None = None
        self._numbers: list[str] = []
        self._valid = True
        self._reason = ""
        self._optional = False  # a shop order: makeshop's 伝票番号 may stay empty

        self._channel = "amazon-mfn"  # the selected order's kind: what Enter does
        self.edit = QLineEdit(self)
        self.edit.setObjectName("trackingNumber")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaxLength(400)
        self.status = QLabel(self)
        self.status.setObjectName("trackingStatus")
        self.status.setWordWrap(True)
        self._retranslate()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)

        self.edit.textChanged.connect(self._check)
        self.edit.returnPressed.connect(self.submitted)
        self._check(self.edit.text())

    def _retranslate(self) -> None:
        self.edit.setAccessibleName(self.tr("追跡番号"))
        self.edit.setPlaceholderText(self._hint())
        self.status.setAccessibleName(self.tr("追跡番号の確認結果"))

    def _hint(self) -> str:
        """What to type and what Enter does: for a shop order makeshop's 配送完了 (the 伝票番号
        is optional), else the shipment confirmation on Amazon."""
        if self._channel == "shop" or self._optional:
            return self.tr(
                "伝票番号（追跡番号）を入力・貼り付け・スキャン"
                "（空でも可。Enter で makeshop の配送完了にする）"
            )
        return self.tr("追跡番号を入力・貼り付け・スキャン（Enter で Amazon に出荷通知）")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._check(self.edit.text())
        super().changeEvent(event)

    # -- API -----------------------------------------------------------------------------------
    def set_channel(self, channel: str) -> None:
        """The kind of the selected order ("shop" / "amazon-mfn" / "amazon-fba")."""
        self._channel = channel
        self._retranslate()

    def set_carrier(self, carrier: Carrier | None) -> None:
        self._carrier = carrier
        self._format = carrier.tracking_format if carrier is not None else "none"
        self._check(self.edit.text())

    def set_optional(self, optional: bool) -> None:
        """A number is optional (a shop order's 伝票番号), not required by the carrier; Enter then
        marks the order shipped in makeshop rather than confirming on Amazon."""
        self._optional = optional
        self.edit.setPlaceholderText(self._hint())
        self._check(self.edit.text())

    def numbers(self) -> list[str]:
        """The normalised numbers entered (may be invalid: see :meth:`is_valid`)."""
        return list(self._numbers)

    def is_valid(self) -> bool:
        return self._valid

    def reason(self) -> str:
        return self._reason

    def text(self) -> str:
        return self.edit.text()

    def clear(self) -> None:
        self.edit.clear()

    def setFocus(self, reason: Qt.FocusReason = Qt.FocusReason.OtherFocusReason) -> None:
        self.edit.setFocus(reason)

    # -- checking ------------------------------------------------------------------------------
    def _check(self, text: str) -> None:
        numbers = tracking.split_numbers(text)
        self._numbers = numbers
        if not numbers:
            self._valid = True
            self._reason = ""
            if (
                self._optional
                and self._carrier is not None
                and self._carrier.tracked.value == "yes"
            ):
                self._show(
                    self.tr(
                        "伝票番号を入れると makeshop からお客様に届きます"
                        "（空でも配送完了にできます）"
                    ),
                    _NEUTRAL_STYLE,
                )
            elif self._carrier is not None and self._carrier.tracked.value == "yes":
                self._show(self.tr("この配送方法は追跡番号が必要です"), _NEUTRAL_STYLE)
            else:
                self._show("", _NEUTRAL_STYLE)
            self.changed.emit()
            return
        if self._carrier is None:
            self._valid = False
            self._reason = self.tr("先に配送業者を選んでください")
            self._show("✗ " + self._reason, _BAD_STYLE)
            self.changed.emit()
            return
        problems: list[str] = []
        warnings: list[str] = []
        for n in numbers:
            check = tracking.validate(n, self._format)
            if not check.ok:
                problems.append(f"{check.number or n}: {_tr_amzdesk(check.reason)}")
            elif check.warning:
                warnings.append(_tr_amzdesk(check.warning))
        if problems:
            self._valid = False
            self._reason = problems[0]
            self._show("✗ " + "\n✗ ".join(problems), _BAD_STYLE)
        else:
            self._valid = True
            self._reason = ""
            shown = ", ".join(numbers)
            text_ok = self.tr("✓ 有効な番号です: {0}").format(shown)
            if warnings:
                text_ok += "\n⚠ " + warnings[0]
            self._show(text_ok, _OK_STYLE)
        self.changed.emit()

    def _show(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)
        self.edit.setProperty("valid", self._valid)
        self.status.setVisible(bool(text))
