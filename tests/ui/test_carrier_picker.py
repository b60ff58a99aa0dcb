"""The carrier picker: every row of carriers.tsv, type-to-search, live preview texts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

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
    names = [combo.itemText(i) for i in range(combo.count())]
    # every makeshop carrier, then a separator and the explicit 「その他」 entry last
    assert names[: len(CARRIERS)] == [c.name for c in CARRIERS]
    assert names[-1] == "その他の配送業者（makeshop 未登録）"
    assert combo.count() == len(CARRIERS) + 2
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
        sent = f"{name}（{code}）" if code != name else name
        assert f"Amazon 側で出荷通知した場合に送る配送業者: {sent}" in text
        assert "carrierCode" not in text and "carrierName" not in text
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


def test_unknown_typed_name_is_no_carrier(picker: CarrierPicker) -> None:
    seen: list[Any] = []
    picker.carrierChanged.connect(seen.append)
    picker.set_carrier_name("ロジスティクス山田")
    assert picker.carrier() is None
    assert not seen  # nothing was chosen
    text = preview_text(picker)
    assert "「ロジスティクス山田」は makeshop の配送業者に見つかりません" in text
    assert "その他の配送業者（makeshop 未登録）" in text


def test_unknown_carrier_only_through_the_other_entry(picker: CarrierPicker) -> None:
    combo = picker.findChild(QComboBox, "carrierPicker")
    name_field = picker.findChild(QLineEdit, "otherCarrierName")
    assert name_field is not None and not name_field.isVisible()
    combo.setCurrentIndex(combo.count() - 1)  # the user picks the last entry
    assert name_field.isVisible()
    assert picker.carrier() is None  # no name yet
    assert "配送業者「その他」" in preview_text(picker)
    type_text(name_field, "ロジスティクス山田")
    c = picker.carrier()
    assert c is not None and c.custom and c.name == "ロジスティクス山田"
    text = preview_text(picker)
    assert "makeshop に登録がない配送業者です" in text
    assert "送る配送業者: ロジスティクス山田（Other）" in text
    assert "R-E3" not in text  # the owner reads it (issue 10: no rule IDs in sentences)


def test_overrides_change_the_code_sent(picker: CarrierPicker) -> None:
    picker.set_table(default_table().with_overrides({"クロネコヤマト": "YAMATO"}))
    picker.set_carrier_name("クロネコヤマト")
    assert "送る配送業者: ヤマト運輸（YAMATO）" in preview_text(picker)


# Everything the label-CSV importer resolves, plus what people commonly type.
ALIASES = {
    "ヤマト": "クロネコヤマト",
    "ヤマト運輸": "クロネコヤマト",
    "ｸﾛﾈｺ": "クロネコヤマト",
    "宅急便": "クロネコヤマト",
    "yamato": "クロネコヤマト",
    "佐川": "佐川急便",
    "SAGAWA": "佐川急便",
    "日本郵便": "ゆうパック",
    "郵便": "ゆうパック",
    "ゆうパック": "ゆうパック",
    "Japan Post": "ゆうパック",
    "西濃": "西濃運輸",
    "福山": "福山通運",
    "レターパック500": "レターパックプラス",
}


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
@pytest.mark.parametrize("typed", list(ALIASES))
def test_typed_alias_resolves_to_the_real_carrier(
    picker: CarrierPicker, qtbot: Any, typed: str
) -> None:
    name = ALIASES[typed]
    code = default_table().by_name(name).spapi_fields()[0]  # type: ignore[union-attr]
    combo = picker.findChild(QComboBox, "carrierPicker")
    combo.setFocus()
    type_text(combo.lineEdit(), typed)
    combo.lineEdit().editingFinished.emit()  # suggestions closed, Enter pressed
    c = picker.carrier()
    assert c is not None and not c.custom and c.name == name
    assert c.spapi_fields()[0] == code
    if name in ("クロネコヤマト", "佐川急便", "ゆうパック"):
        assert code != "Other"  # the real carrier code, not the unknown-carrier fallback
    assert combo.currentText() == name  # the makeshop name is shown after typing
    assert "makeshop に登録がない" not in preview_text(picker)


def test_every_importer_alias_resolves_in_the_picker(picker: CarrierPicker) -> None:
    from amzdesk import importers
    from amzdesk.carriers import COMMON_ALIASES

    for alias, name in COMMON_ALIASES.items():
        picker.clear()
        picker.set_carrier_name(alias)
        c = picker.carrier()
        assert c is not None and c.name == name, alias
        # the importer gives the same carrier for the same words
        assert importers.carrier_from_text(alias) == name, alias


def test_other_entry_and_back_to_a_listed_carrier(picker: CarrierPicker) -> None:
    picker.choose_other("アートバンライン")
    assert picker.carrier() is not None and picker.carrier().custom
    picker.set_carrier_name("佐川")
    c = picker.carrier()
    assert c is not None and c.name == "佐川急便" and not c.custom
    assert not picker.findChild(QLineEdit, "otherCarrierName").isVisible()


def test_preview_follows_the_order_kind(picker: CarrierPicker) -> None:
    """Issue 10, item 8: a shop order sees makeshop's code, no R-B2 warning or Amazon advice;
    an FBA order needs no carrier; a merchant-fulfilled order sees both sides."""
    picker.set_carrier_name("クロネコヤマト")
    mfn = preview_text(picker)
    assert "おすすめ: Amazon 側で出荷通知する" in mfn and "伝票番号は Amazon に届きません" in mfn
    picker.set_channel("shop")
    shop = preview_text(picker)
    assert "makeshop に送る配送業者: クロネコヤマト（コード" in shop
    assert "Amazon" not in shop
    picker.set_channel("amazon-fba")
    assert (
        preview_text(picker) == "FBA の注文は Amazon が出荷します。配送業者を選ぶ必要はありません"
    )
    # a carrier without a makeshop code cannot complete a shop order (item 10)
    picker.set_channel("shop")
    picker.set_carrier_name("JPロジスティクス")
    assert "makeshop の配送業者コードがない" in preview_text(picker)


def test_its_hints_follow_the_language(picker: CarrierPicker, qapp: Any) -> None:
    from ui import i18n

    line = picker.combo.lineEdit()
    assert line is not None and line.placeholderText() == "配送業者を選ぶか入力…"
    try:
        i18n.install(qapp, "en")
        qapp.processEvents()
        assert line.placeholderText() and "配送" not in line.placeholderText()
        assert "makeshop" in picker.combo.itemText(picker.combo.count() - 1)
        assert "その他" not in picker.combo.itemText(picker.combo.count() - 1)
    finally:
        i18n.install(qapp, "ja")
        qapp.processEvents()
    assert line.placeholderText() == "配送業者を選ぶか入力…"
    assert picker.combo.itemText(picker.combo.count() - 1) == picker.other_label()
