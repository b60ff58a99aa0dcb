"""Messages over the order list: the :class:`Banner` strip above it (what happened and what
to do) and the :class:`Toast` that confirms a send without taking the focus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from ui import icons
from ui.main_window.common import TOAST_MS


class Banner(QFrame):
    """A non-modal message strip: what happened and what to do, with an optional button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName(self.tr("お知らせ"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setObjectName("bannerText")
        self.text.setWordWrap(True)
        # Qt.TextInteractionFlag.TextSelectableByMouse, set through the property system: the
        # demo banner is in the first frame, which must not build Qt's Qt namespace (~20 ms).
        self.text.setProperty("textInteractionFlags", 1)
        self.button = QPushButton(self)
        self.button.setObjectName("bannerAction")
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("bannerClose")
        self.close_button.setText("×")
        self.close_button.setAccessibleName(self.tr("閉じる"))
        self.close_button.clicked.connect(self.hide)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.icon)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.button)
        lay.addWidget(self.close_button)
        self._callback: Callable[[], None] | None = None
        self.button.clicked.connect(self._on_button)
        self.kind = ""
        self.hide()

    def show_message(
        self,
        text: str,
        kind: str = "error",
        action_text: str = "",
        callback: Callable[[], None] | None = None,
        closable: bool = True,
    ) -> None:
        colors = {
            "error": ("#fdecea", "#b71c1c", "error"),
            "warning": ("#fff8e1", "#8d6e00", "warning"),
            # what to set up (e.g. credentials missing from the keyring): looks like a warning,
            # but a successful sync does not clear it
            "setup": ("#fff8e1", "#8d6e00", "warning"),
            "info": ("#e3f2fd", "#0d47a1", "ok"),
            "demo": ("#f3e5f5", "#4a148c", "demo"),
        }
        bg, fg, icon_name = colors.get(kind, colors["info"])
        self.kind = kind
        self.setStyleSheet(
            f"QFrame#banner {{ background: {bg}; border: 1px solid {fg}; border-radius: 4px; }}"
            f" QLabel#bannerText {{ color: {fg}; }}"
        )
        self.icon.setPixmap(icons.icon(icon_name).pixmap(18, 18))
        self.text.setText(text)
        self._callback = callback
        self.button.setVisible(bool(action_text and callback))
        self.button.setText(action_text)
        self.close_button.setVisible(closable)
        self.show()

    def _on_button(self) -> None:
        if self._callback is not None:
            self._callback()


class Toast(QFrame):
    """A short confirmation over the bottom of the list that never takes the focus (the
    scanner keeps typing into the tracking field) and hides itself after a few seconds."""

    def __init__(self, parent: QWidget) -> None:
        from PySide6.QtCore import Qt

        super().__init__(parent)
        self.setObjectName("toast")
        self.setAccessibleName(self.tr("お知らせ"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setStyleSheet(
            "QFrame#toast { background: #1b5e20; border-radius: 6px; }"
            " QLabel { color: white; padding: 6px 12px; }"
        )
        self.label = QLabel(self)
        self.label.setObjectName("toastText")
        self.label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_text(self, text: str, ms: int = TOAST_MS) -> None:
        self.label.setText(text)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self._timer.start(ms)

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        w = min(self.sizeHint().width(), max(200, parent.width() - 40))
        self.resize(w, self.sizeHint().height())
        self.move((parent.width() - w) // 2, parent.height() - self.height() - 16)
