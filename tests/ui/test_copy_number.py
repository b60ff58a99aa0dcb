"""Opening セラーセントラル for an order whose tracking number never reached Amazon copies
makeshop's 伝票番号 to the clipboard, ready to paste into Amazon's shipment edit page."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QPushButton

from amzdesk import rules, states
from amzdesk.models import AmazonStatus, DeliveryStatus
from tests.factories import make_mfn_order, make_package

SLIP = "444413758703"
OPEN_SC = "action_" + rules.Action.OPEN_SELLER_CENTRAL.value


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def urls() -> Any:
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    yield catcher
    QDesktopServices.unsetUrlHandler("https")


def _open_seller_central(window: Any, order: Any) -> QPushButton:
    window.services.store.upsert_orders([order])
    window.reload()
    window.search_field.clear()
    assert window.select_key(order.key)
    button = window.findChild(QPushButton, OPEN_SC)
    assert button is not None and button.isEnabled(), button.toolTip() if button else ""
    return button


def test_seller_central_copies_the_number_to_add(window: Any, urls: UrlCatcher) -> None:
    order = make_mfn_order(
        status=AmazonStatus.SHIPPED,
        delivery_status=DeliveryStatus.SHIPPED,
        carrier_code="002",
        slip_number=SLIP,
        packages=[make_package("", carrier="ヤマト運輸")],
    )
    assert states.combined_state(order) is states.CombinedState.TRACKING_MISSING
    clipboard = QApplication.clipboard()
    clipboard.setText("something the owner copied before")
    _open_seller_central(window, order).click()
    assert clipboard.text() == SLIP
    assert urls.urls == [QUrl(rules.seller_central_url(order)).toString()]


def test_seller_central_leaves_the_clipboard_alone_otherwise(window: Any, urls: UrlCatcher) -> None:
    order = make_mfn_order(
        status=AmazonStatus.SHIPPED,
        delivery_status=DeliveryStatus.SHIPPED,
        carrier_code="002",
        slip_number=SLIP,
        packages=[make_package(SLIP, carrier="ヤマト運輸")],  # the number reached Amazon
    )
    assert states.combined_state(order) is states.CombinedState.DONE
    clipboard = QApplication.clipboard()
    clipboard.setText("kept")
    _open_seller_central(window, order).click()
    assert clipboard.text() == "kept"
    assert len(urls.urls) == 1
