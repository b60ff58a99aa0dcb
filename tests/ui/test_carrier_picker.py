"""The carrier picker: every row of carriers.tsv, type-to-search, live preview texts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from amzdesk.carriers import ABF_NAME, WARN_ABF, WARN_TRACKED, Tracked, default_table
from ui.carrier_picker import CarrierPicker

CARRIERS = default_table().all()


@pytest.fixture
def picker(qtbot: Any) -> CarrierPicker:
    p = CarrierPicker(default_table())
    qtbot.addWidget(p)
    p.show()
    return p


def preview_text(p: CarrierPicker) -> str:
    label = p.findChild(QLabel, "amazonCarrierPreview")
    assert label is not None
    return label.text()


def test_lists_every_makeshop_carrier(picker: CarrierPicker) -> None:
    combo = picker.findChild(QComboBox, "carrierPicker")
    assert combo is not None and combo.isEditable()
    assert [combo.itemText(i) for i in range(combo.count())] == [c.name for c in CARRIERS]
    assert combo.accessibleName()
    assert "配送業者を選ぶと" in preview_text(picker)


@pytest.mark.parametrize("carrier", CARRIERS, ids=[c.name for c in CARRIERS])
def test_preview_for_every_carrier(picker: CarrierPicker, carrier: Any) -> None:
    combo = picker.findChild(QComboBox, "carrierPicker")
    combo.setCurrentIndex(combo.findText(carrier.name))
    assert picker.carrier() == carrier
    text = preview_text(picker)
    preview = default_table().preview(carrier)
    assert f"Amazon での表示: {carrier.amazon_name}" in text
    if carrier.spapi_fields()[0]:
        code, name = carrier.spapi_fields()
        assert f"carrierCode={code} / carrierName={name}" in text
    else:
        assert "配送業者を選んでください" in text
    for warning in preview.warnings:
        assert warning in text
    if carrier.amazon_name == ABF_NAME:
        assert "実際の配送業者は伝わりません" in text
        assert WARN_ABF in text
        assert "おすすめ: Amazon 側で出荷通知する" in text
    if carrier.tracked is Tracked.YES:
        assert WARN_TRACKED in text
        assert "おすすめ: Amazon 側で出荷通知する" in text
    if not preview.recommend_amazon_side:
        assert "makeshop で配送完了にしても Amazon に正しく伝わります" in text


def type_text(line: Any, text: str) -> None:
    """Type Japanese the way an input method commits it (QTest.keyClicks is ASCII only)."""
    for ch in text:
        line.insert(ch)


# The completion popup asks the platform to raise it and grab the keyboard; the offscreen
# platform of the tests cannot (harmless there, not said on a real desktop).
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_type_to_search_matches_contains(picker: CarrierPicker, qtbot: Any) -> None:
    combo = picker.findChild(QComboBox, "carrierPicker")
    combo.setFocus()
    type_text(combo.lineEdit(), "パック")
    picker.completer.setCompletionPrefix(combo.lineEdit().text())
    completer = picker.completer
    assert completer.filterMode() == Qt.MatchFlag.MatchContains
    matches = []
    for i in range(completer.completionCount()):
        completer.setCurrentRow(i)
        matches.append(completer.currentCompletion())
    assert set(matches) == {c.name for c in CARRIERS if "パック" in c.name}
    assert "ゆうパック" in matches and "レターパックライト" in matches


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_typing_a_full_name_selects_it_and_emits(picker: CarrierPicker, qtbot: Any) -> None:
    combo = picker.findChild(QComboBox, "carrierPicker")
    seen: list[Any] = []
    picker.carrierChanged.connect(seen.append)
    type_text(combo.lineEdit(), "佐川急便")
    assert seen and seen[-1].name == "佐川急便" and not seen[-1].custom
    assert picker.carrier() == seen[-1]
    assert "佐川急便" in preview_text(picker)


def test_alias_resolves_to_current_name(picker: CarrierPicker) -> None:
    picker.set_carrier_name("レターパック350")
    assert picker.carrier() is not None and picker.carrier().name == "レターパックライト"


def test_unknown_carrier_is_amazon_side_only(picker: CarrierPicker) -> None:
    picker.set_carrier_name("ロジスティクス山田")
    c = picker.carrier()
    assert c is not None and c.custom
    text = preview_text(picker)
    assert "makeshop に登録がない配送業者です" in text
    assert "carrierCode=Other / carrierName=ロジスティクス山田" in text
    assert "R-E3" in text


def test_overrides_change_the_code_sent(picker: CarrierPicker) -> None:
    picker.set_table(default_table().with_overrides({"クロネコヤマト": "YAMATO"}))
    picker.set_carrier_name("クロネコヤマト")
    assert "carrierCode=YAMATO / carrierName=ヤマト運輸" in preview_text(picker)
