"""First run without credentials: set them up, or try the demo on the built-in simulator.

The window shows this screen when the keyring index (:func:`amzdesk.credentials.configured_hint`)
says nothing is configured, without reading the keyring first.  ``check`` reads the keyring right
after the screen is painted: a keyring that cannot be used is explained on the screen, and when
credentials turn out to be stored after all (an index written by an older version, or missing)
the screen closes by itself with ``choice == "configured"``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeDialog(QDialog):
    """``choice`` is "setup", "demo" or "configured" after it closes (closing it also means
    demo).  ``check`` returns (credentials configured, keyring problem text)."""

    def __init__(
        self,
        *,
        keyring_problem: str = "",
        credentials: Any = None,
        settings_path: Any = None,
        check: Callable[[], tuple[bool, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._check = check
        self.checked = check is None
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("amzdesk へようこそ"))
        self.setAccessibleName(self.tr("ようこそ"))
        self.credentials = credentials
        self.settings_path = settings_path
        self.choice = "demo"
        title = QLabel(self.tr("amzdesk へようこそ"), self)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        title.setFont(f)
        body = QLabel(
            self.tr(
                "amzdesk は、makeshop のショップと Amazon（makeshop の Amazon 連携）の注文を"
                "一覧にして、出荷通知を正しい側に、正しい配送業者と追跡番号で、二重にならずに"
                "送るためのアプリです。\n\n"
                "使うには Amazon（SP-API）と makeshop（API）の認証情報が必要です。"
                "Amazon 側には大口出品のアカウントが必要です。\n\n"
                "まだ認証情報がない場合は、内蔵のシミュレーターを使ったデモで、"
                "すぐに画面と操作を試せます。デモの操作は実際の Amazon や makeshop には"
                "送られません。"
            ),
            self,
        )
        body.setObjectName("welcomeText")
        body.setWordWrap(True)
        self.problem = QLabel(keyring_problem, self)
        self.problem.setObjectName("keyringProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b71c1c;")
        self.problem.setVisible(bool(keyring_problem))
        self.problem.setAccessibleName(self.tr("キーリングの問題"))
        self.setup_button = QPushButton(self.tr("認証情報を設定する"), self)
        self.setup_button.setObjectName("setupCredentials")
        self.setup_button.setAccessibleName(self.tr("認証情報を設定する"))
        self.demo_button = QPushButton(self.tr("デモを試す"), self)
        self.demo_button.setObjectName("tryDemo")
        self.demo_button.setAccessibleName(self.tr("デモを試す"))
        self.demo_button.setDefault(True)
        self.setup_button.setEnabled(not keyring_problem)
        self.setup_button.setToolTip(keyring_problem)  # why it is disabled
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.setup_button)
        row.addWidget(self.demo_button)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(body)
        lay.addWidget(self.problem)
        lay.addStretch(1)
        lay.addLayout(row)
        self.resize(560, 360)
        self.demo_button.clicked.connect(self._demo)
        self.setup_button.clicked.connect(self._setup)

    def set_keyring_problem(self, text: str) -> None:
        """Explain why credentials cannot be stored (empty: no problem)."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.setup_button.setEnabled(not text)
        self.setup_button.setToolTip(text)  # a disabled button says why

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if self._check is not None:
            from PySide6.QtCore import QTimer

            check, self._check = self._check, None
            QTimer.singleShot(0, lambda: self._start_check(check))

    def _start_check(self, check: Callable[[], tuple[bool, str]]) -> None:
        # On the GUI thread, once the screen is painted: as before this screen existed, a
        # keyring that asks to be unlocked is answered before anything else happens.
        try:
            result = check()
        except Exception as exc:  # the screen stays usable; the demo needs no keyring
            from ui.backend import user_message

            result = (False, user_message(exc))  # in the window's language
        self._on_checked(result)

    def _on_checked(self, result: tuple[bool, str]) -> None:
        configured, problem = result
        self.checked = True
        if configured and self.choice == "demo" and self.isVisible():
            self.choice = "configured"
            self.accept()
            return
        self.set_keyring_problem(problem)

    def _demo(self) -> None:
        self.choice = "demo"
        self.accept()

    def _setup(self) -> None:
        from amzdesk.settings import load_settings
        from ui.settings_dialog import SettingsDialog

        self.choice = "setup"
        dlg = SettingsDialog(
            load_settings(self.settings_path),
            credentials=self.credentials,
            settings_path=self.settings_path,
            parent=self,
        )
        dlg.finished.connect(lambda _r: self.accept())
        dlg.open()
        self.settings_dialog = dlg
