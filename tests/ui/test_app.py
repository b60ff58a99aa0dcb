"""Start-up pieces: Qt messages into logging, the exception hook, the demo start, the welcome."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from PySide6.QtCore import QtMsgType
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from ui import app as ui_app
from ui.welcome import WelcomeDialog


class _Ctx:
    category = "qt.test"


def test_qt_messages_go_to_the_amzdesk_qt_logger(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="amzdesk.qt"):
        ui_app.qt_message_handler(QtMsgType.QtInfoMsg, _Ctx(), "hello from Qt")
    assert any(
        r.name == "amzdesk.qt" and "hello from Qt" in r.getMessage() and r.levelno == logging.INFO
        for r in caplog.records
    )


def test_exception_hook_logs_and_shows_a_short_dialog(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    try:
        raise RuntimeError("inner detail")
    except RuntimeError as exc:
        err = exc
    with caplog.at_level(logging.ERROR, logger="amzdesk.ui"):
        ui_app.exception_hook(RuntimeError, err, err.__traceback__)
    assert any("Traceback" in r.getMessage() for r in caplog.records)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert boxes
    box = boxes[-1]
    qtbot.addWidget(box)
    assert "Traceback" not in box.text()
    assert "予期しないエラー" in box.text()
    box.close()


def test_demo_window_starts_on_the_simulator(qtbot: Any) -> None:
    session = ui_app.build_demo_window(QApplication.instance())  # type: ignore[arg-type]
    w = session.window
    qtbot.addWidget(w)
    try:
        w.show()
        qtbot.waitUntil(
            lambda: w.loaded() and not w.sync_running and w.model.rowCount() > 0, timeout=60000
        )
        assert session.simulator is not None
        assert session.simulator.spapi_url.startswith("http://127.")
        assert "デモ" in w.windowTitle()
    finally:
        w.sync_timer.stop()
        session.close()


def test_welcome_offers_setup_and_demo(qtbot: Any) -> None:
    d = WelcomeDialog()
    qtbot.addWidget(d)
    assert d.findChild(QPushButton, "setupCredentials").isEnabled()
    assert "大口出品" in d.findChild(object, "welcomeText").text()  # type: ignore[arg-type]
    d.findChild(QPushButton, "tryDemo").click()
    assert d.choice == "demo"


def test_welcome_without_keyring_says_what_to_install(qtbot: Any) -> None:
    d = WelcomeDialog(keyring_problem="gnome-keyring を入れてください")
    qtbot.addWidget(d)
    assert not d.findChild(QPushButton, "setupCredentials").isEnabled()
    assert "gnome-keyring" in d.problem.text()


def test_welcome_checks_the_keyring_after_its_first_frame(qtbot: Any) -> None:
    calls: list[str] = []

    def check() -> tuple[bool, str]:
        calls.append("checked")
        return False, "gnome-keyring を入れてください"

    d = WelcomeDialog(check=check)
    qtbot.addWidget(d)
    assert calls == [] and d.findChild(QPushButton, "setupCredentials").isEnabled()
    d.show()
    qtbot.waitUntil(lambda: d.checked, timeout=10000)
    assert calls == ["checked"]
    assert not d.findChild(QPushButton, "setupCredentials").isEnabled()
    assert "gnome-keyring" in d.problem.text() and d.problem.isVisible()
    assert d.isVisible() and d.choice == "demo"


def test_welcome_closes_itself_when_credentials_turn_out_stored(qtbot: Any) -> None:
    d = WelcomeDialog(check=lambda: (True, ""))
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: not d.isVisible(), timeout=10000)
    assert d.choice == "configured"
    assert d.result() == WelcomeDialog.DialogCode.Accepted
