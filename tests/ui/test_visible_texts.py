"""No rule IDs (R-xx) and no API field names in what the shop owner reads, in Japanese and
English: the window's labels, buttons, menus, tabs, headers and fields (with a shop, an MFN and an
FBA order in the detail panel), the settings, welcome and journal windows, and every text of the
window's catalogue (its messages included).  Tooltips may keep them: they are for support."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from amzdesk.credentials import CredentialStore
from amzdesk.models import Channel
from amzdesk.settings import Settings
from ui import i18n
from ui.main_window import MainWindow
from ui.settings_dialog import SettingsDialog
from ui.tasks import TaskRunner
from ui.welcome import WelcomeDialog

RULE_ID = re.compile(r"\bR-[A-H][0-9]")
API_NAMES = re.compile(
    r"carrierCode|carrierName|trackingNumber|packageReferenceId|orderItemId|orderItems|"
    r"shipDate|shippingMethod|marketplaceId|deliveryStatus|paymentStatus|deliveryCompanyCode|"
    r"slipNumber|FulfillmentStatus|OrderStatus|LatestShipDate|PARTIALLY_SHIPPED|"
    r"confirm-amazon|complete-makeshop|correct-tracking|return-recorded|export-amazon-file"
)


def bad(text: str) -> bool:
    return bool(RULE_ID.search(text) or API_NAMES.search(text))


def _model_texts(model: QAbstractItemModel | None, rows: int = 200) -> list[str]:
    if model is None:
        return []
    out = []
    for c in range(model.columnCount()):
        out.append(str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
    for r in range(min(model.rowCount(), rows)):
        for c in range(model.columnCount()):
            value = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                out.append(value)
    return out


def _menu_texts(menu: QMenu) -> list[str]:
    out = [menu.title()]
    for action in menu.actions():
        out.append(action.text())
        sub = action.menu()
        if isinstance(sub, QMenu):
            out += _menu_texts(sub)
    return out


def visible_texts(top: QWidget) -> list[str]:
    """What the owner reads in ``top`` (tooltips left out: they are for support)."""
    texts = [top.windowTitle()]
    for w in [top, *top.findChildren(QWidget)]:
        if not w.isVisibleTo(top) and w is not top:
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts += [w.text(), w.placeholderText()]
        elif isinstance(w, QTextEdit):
            texts += [w.toPlainText(), w.placeholderText()]
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QMenu):
            texts += _menu_texts(w)
        model = getattr(w, "model", None)
        if callable(model) and hasattr(w, "horizontalHeader"):
            texts += _model_texts(w.model())
    menubar = getattr(top, "menuBar", None)
    if callable(menubar):
        for action in menubar().actions():
            texts.append(action.text())
            if isinstance(action.menu(), QMenu):
                texts += _menu_texts(action.menu())
    return [t for t in texts if t]


@pytest.fixture(params=["ja", "en"])
def lang(request: Any, qapp: Any) -> Iterator[str]:
    assert i18n.install(qapp, request.param) == request.param
    yield request.param
    i18n.install(qapp, "ja")


def test_the_catalogue_has_no_rule_ids_or_api_names() -> None:
    """Every text of the window (labels, buttons, menus, messages) in Japanese and English."""
    root = ET.parse(i18n.I18N_DIR / "amzdesk_en.ts").getroot()
    found = []
    for ctx in root.findall("context"):
        for m in ctx.findall("message"):
            if m.findtext("comment") == "support":  # a tooltip for support, marked so
                continue
            for tag in ("source", "translation"):
                text = m.findtext(tag) or ""
                if bad(text):
                    found.append((ctx.findtext("name"), text[:80]))
    assert found == []


def test_the_window_shows_no_rule_ids_or_api_names(synced: MainWindow, lang: str) -> None:
    w = synced
    w.search_field.clear()
    seen: set[Channel] = set()
    texts = visible_texts(w)
    for row in w.model.rows:
        order = w.services.store.get(row.key)
        if order is None or order.channel in seen:
            continue
        seen.add(order.channel)
        assert w.select_key(order.key)
        texts += visible_texts(w)
    assert seen == {Channel.SHOP, Channel.AMAZON_MFN, Channel.AMAZON_FBA}
    assert len(texts) > 100
    assert [t for t in texts if bad(t)] == []


def test_settings_and_welcome_show_no_rule_ids_or_api_names(qtbot: Any, lang: str) -> None:
    settings = SettingsDialog(
        Settings(), credentials=CredentialStore(), runner=TaskRunner(synchronous=True)
    )
    welcome = WelcomeDialog(check=None)
    for d in (settings, welcome):
        qtbot.addWidget(d)
        d.show()
    texts = []
    for i in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(i)
        texts += visible_texts(settings)
    texts += visible_texts(welcome)
    assert any("大口出品" in t or "Professional" in t for t in texts)
    assert [t for t in texts if bad(t)] == []
    # the API's names are still there for support, in a tooltip
    info = settings.findChild(QLabel, "carrierInfo")
    assert info is not None and "carrierCode" in info.toolTip()


OFF_VOCABULARY = re.compile(r"自己発送|自己配送|Seller Central|未発送|発送済み|」 [はをにがとで]")


def test_the_japanese_texts_use_the_owners_vocabulary() -> None:
    """セラーセントラル (as the source writes it), 出品者出荷 / 自社配送, makeshop's 未処理 /
    配送完了, and no space between a closing quote and its particle."""
    root = ET.parse(i18n.I18N_DIR / "amzdesk_en.ts").getroot()
    found = [
        (ctx.findtext("name"), m.findtext("comment"), (m.findtext("source") or "")[:60])
        for ctx in root.findall("context")
        for m in ctx.findall("message")
        if OFF_VOCABULARY.search(m.findtext("source") or "")
    ]
    assert found == []
