"""Tracking-number field: typing, pasting, scanning (keyClicks + Enter), per-carrier checks."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from amzdesk import tracking
from amzdesk.carriers import default_table
from ui.tracking_entry import TrackingEntry

TABLE = default_table()
VALID = {
    "クロネコヤマト": ["444413758703", "405548424886"],
    "佐川急便": ["512547514334"],
    "EMS国際スピード郵便": ["EG725089303JP", "EF719215461JP"],
    "ゆうパック": ["444413758703"],
}


@pytest.fixture
def entry(qtbot: Any) -> TrackingEntry:
    e = TrackingEntry()
    qtbot.addWidget(e)
    e.show()
    return e


def test_field_has_names(entry: TrackingEntry) -> None:
    edit = entry.findChild(QLineEdit, "trackingNumber")
    assert edit is not None and edit.accessibleName()


@pytest.mark.parametrize(("carrier", "number"), [(c, n) for c, ns in VALID.items() for n in ns])
def test_scanned_valid_numbers(entry: TrackingEntry, qtbot: Any, carrier: str, number: str) -> None:
    entry.set_carrier(TABLE.by_name(carrier))
    with qtbot.waitSignal(entry.submitted):
        qtbot.keyClicks(entry.edit, number)
        qtbot.keyClick(entry.edit, Qt.Key.Key_Return)
    assert entry.is_valid()
    assert entry.numbers() == [number]
    assert "✓" in entry.status.text()


def test_scanner_codabar_letters_and_hyphens_are_stripped(entry: TrackingEntry, qtbot: Any) -> None:
    entry.set_carrier(TABLE.by_name("クロネコヤマト"))
    qtbot.keyClicks(entry.edit, "a4444-1375-8703d")
    assert entry.is_valid()
    assert entry.numbers() == ["444413758703"]


@pytest.mark.parametrize(
    ("carrier", "raw", "why"),
    [
        ("クロネコヤマト", "444413758704", tracking.REASON_CHECK_DIGIT),
        ("クロネコヤマト", "44441375870", "12桁"),
        ("EMS国際スピード郵便", "444413758703", "EG123456785JP"),
        ("DHL", "12345x", "数字以外"),
    ],
)
def test_invalid_numbers_say_why(
    entry: TrackingEntry, qtbot: Any, carrier: str, raw: str, why: str
) -> None:
    entry.set_carrier(TABLE.by_name(carrier))
    qtbot.keyClicks(entry.edit, raw)
    assert not entry.is_valid()
    assert why in entry.status.text()
    assert why in entry.reason()
    expected = tracking.validate(raw, TABLE.by_name(carrier).tracking_format)  # type: ignore[union-attr]
    assert expected.reason in entry.status.text()


def test_revalidates_when_the_carrier_changes(entry: TrackingEntry, qtbot: Any) -> None:
    entry.set_carrier(TABLE.by_name("クロネコヤマト"))
    qtbot.keyClicks(entry.edit, "EG725089303JP")
    assert not entry.is_valid()
    entry.set_carrier(TABLE.by_name("EMS国際スピード郵便"))
    assert entry.is_valid()


def test_paste_full_width_and_several_numbers(entry: TrackingEntry) -> None:
    entry.set_carrier(TABLE.by_name("クロネコヤマト"))
    QGuiApplication.clipboard().setText("４４４４１３７５８７０３, 405548424886")
    entry.edit.setFocus()
    entry.edit.paste()
    assert entry.numbers() == ["444413758703", "405548424886"]
    assert entry.is_valid()


def test_untracked_method_warns_that_the_number_is_unused(entry: TrackingEntry, qtbot: Any) -> None:
    entry.set_carrier(TABLE.by_name("普通郵便"))
    assert entry.is_valid()
    qtbot.keyClicks(entry.edit, "123456")
    assert entry.is_valid()
    assert tracking.WARNING_NOT_NEEDED in entry.status.text()


def test_no_carrier_yet(entry: TrackingEntry, qtbot: Any) -> None:
    qtbot.keyClicks(entry.edit, "444413758703")
    assert not entry.is_valid()
    assert "配送業者" in entry.status.text()


def test_the_hint_says_what_enter_does_for_each_kind(entry: TrackingEntry, qapp: Any) -> None:
    """For a shop order Enter is makeshop's 配送完了 (the 伝票番号 may stay empty); for an Amazon
    order it is the shipment confirmation; both kinds keep their hint across a language switch."""
    from ui import i18n

    field = entry.findChild(QLineEdit)
    assert field is not None
    entry.set_channel("shop")
    entry.set_optional(True)
    shop = field.placeholderText()
    assert "伝票番号（追跡番号）" in shop and "Enter で makeshop の配送完了にする" in shop
    entry.set_channel("amazon-mfn")
    entry.set_optional(False)
    assert "Enter で Amazon に出荷通知" in field.placeholderText()
    entry.set_channel("shop")
    try:
        i18n.install(qapp, "en")
        qapp.processEvents()
        assert "makeshop" in field.placeholderText() and "Enter" in field.placeholderText()
        assert "伝票" not in field.placeholderText()
    finally:
        i18n.install(qapp, "ja")
        qapp.processEvents()
    assert field.placeholderText() == shop
