"""Japanese source texts, English shipped as .ts + .qm, Qt's own dialogs translated too."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt

from amzdesk.rules import Action
from amzdesk.states import CombinedState
from ui import i18n
from ui.main_window import MainWindow


@pytest.fixture
def english(qapp: Any) -> Iterator[None]:
    assert i18n.install(qapp, "en") == "en"
    yield
    i18n.install(qapp, "ja")


def test_catalogue_is_complete_and_built() -> None:
    ts = ET.parse(i18n.I18N_DIR / "amzdesk_en.ts").getroot()
    messages = list(ts.iter("message"))
    assert len(messages) > 200
    unfinished = [
        m.findtext("source")
        for m in messages
        if (m.find("translation") is None)
        or m.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
        or not (m.findtext("translation") or "").strip()
    ]
    assert unfinished == []
    assert i18n.app_qm_path("en").stat().st_size > 1000


def test_resolve_language_follows_the_locale() -> None:
    assert i18n.resolve_language("auto", QLocale(QLocale.Language.Japanese)) == "ja"
    assert i18n.resolve_language("auto", QLocale(QLocale.Language.German)) == "en"
    assert i18n.resolve_language("ja", QLocale(QLocale.Language.English)) == "ja"


def test_english_window(english: None, window: MainWindow) -> None:
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") == "&Yes"
    window.model.retranslate()
    assert window.windowTitle().startswith("amzdesk shipment confirmation")
    assert "DEMO" in window.windowTitle()
    assert window.model.headerData(4, Qt.Orientation.Horizontal) == "Ship by"
    assert window.action_buttons[Action.CONFIRM_AMAZON].text() == "Confirm on Amazon"
    assert window.model.labels.state[CombinedState.SYNC_PENDING.value] == "Waiting for makeshop"
    assert window.view_tabs.tabText(0).startswith("Needs action")
    assert window.view_tabs.tabText(4).startswith("All")


def test_japanese_loads_qt_translations(qapp: Any) -> None:
    i18n.install(qapp, "ja")
    assert QCoreApplication.translate("QPlatformTheme", "&Yes") != "&Yes"


def test_switching_language_re_renders_the_verdicts_on_screen(
    qapp: Any, synced: MainWindow
) -> None:
    """Issue 10: the verdicts built at run time by amzdesk/ follow the UI language."""
    from amzdesk.models import Channel
    from amzdesk.rules import Action

    w = synced
    key = next(
        r[0]
        for r in w.model.rows
        if (o := w.services.store.get(r[0])) and o.channel is Channel.SHOP
    )
    assert w.select_key(key)
    ja = w.verdict_label.text()
    assert "Amazon の注文ではありません" in ja
    try:
        i18n.install(qapp, "en")
        qapp.processEvents()
        en = w.verdict_label.text()
        assert "Not an Amazon order" in en and "Amazon の注文ではありません" not in en
        assert "Confirm on Amazon" in w.action_buttons[Action.CONFIRM_AMAZON].text()
        assert "Not an Amazon order" in w.action_buttons[Action.CONFIRM_AMAZON].toolTip()
    finally:
        i18n.install(qapp, "ja")
        qapp.processEvents()
    assert "Amazon の注文ではありません" in w.verdict_label.text()
