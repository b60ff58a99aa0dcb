"""The carrier table: file facts, lookups, previews and SP-API fields (R-E1, R-E2, R-E3)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amzdesk import assumptions, tracking
from amzdesk.carriers import (
    ABF_NAME,
    WARN_ABF,
    WARN_CUSTOM,
    WARN_TRACKED,
    Carrier,
    CarrierTable,
    Tracked,
    default_table,
    is_amazon_carrier_code,
    name_key,
)

TSV_PATH = Path(__file__).resolve().parent.parent / "resources" / "carriers.tsv"


def _file_rows() -> list[dict[str, str]]:
    with TSV_PATH.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


FILE_ROWS = _file_rows()

# The source document's conversion table (makeshop carrier -> name Amazon shows), all 31 rows.
SOURCE_CONVERSIONS = {
    "無し": "配送業者ABF",
    "EMS国際スピード郵便": "日本郵便",
    "OCS 国際エクスプレス": "配送業者ABF",
    "ゆうパック": "日本郵便",
    "ゆうパック書留": "日本郵便",
    "ゆうパック代金引換小包": "日本郵便",
    "エコ配": "エコ配",
    "クロネコヤマト": "ヤマト運輸",
    "トナミ運輸": "配送業者ABF",
    "JPロジスティクス": "JPロジスティクス",
    "レターパックライト": "日本郵便",
    "レターパックプラス": "日本郵便",
    "国際スピード郵便(USPS)": "日本郵便",
    "佐川急便": "佐川急便",
    "西濃運輸": "西濃運輸",
    "普通郵便": "日本郵便",
    "普通郵便代引": "日本郵便",
    "福山通運": "福山通運",
    "名鉄運輸": "配送業者ABF",
    "翌朝10時郵便": "日本郵便",
    "セイノースーパーエクスプレス": "西濃運輸",
    "新潟運輸": "配送業者ABF",
    "DHL": "DHL",
    "第一貨物": "配送業者ABF",
    "ゆうパケット": "日本郵便",
    "ポスパケット": "日本郵便",
    "クリックポスト": "日本郵便",
    "スマートレター": "日本郵便",
    "宅急便コンパクト": "ヤマト運輸",
    "ネコポス": "ヤマト運輸",
    "クロネコDM便": "ヤマト運輸",
}


@pytest.fixture(scope="module")
def table() -> CarrierTable:
    return CarrierTable.load()


def test_file_header_is_the_documented_one() -> None:
    with TSV_PATH.open(encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
    assert header == [
        "makeshop_name",
        "makeshop_code",
        "amazon_name_via_makeshop",
        "tracked",
        "tracking_format",
        "spapi_carrier_code",
        "spapi_carrier_name",
        "note",
    ]


def test_loaded_table_has_exactly_the_file_rows_in_order(table: CarrierTable) -> None:
    assert [c.name for c in table.all()] == [r["makeshop_name"] for r in FILE_ROWS]
    assert len(table) == len(FILE_ROWS) == 32


@pytest.mark.parametrize("row", FILE_ROWS, ids=[r["makeshop_name"] for r in FILE_ROWS])
def test_each_row_is_loaded_exactly(table: CarrierTable, row: dict[str, str]) -> None:
    c = table.by_name(row["makeshop_name"])
    assert c is not None
    assert c.name == row["makeshop_name"]
    assert c.code == row["makeshop_code"]
    assert c.amazon_name == row["amazon_name_via_makeshop"]
    assert c.tracked == Tracked(row["tracked"])
    assert c.tracked.value == row["tracked"]
    assert c.tracking_format == row["tracking_format"]
    assert c.spapi_code == row["spapi_carrier_code"]
    assert c.spapi_name == row["spapi_carrier_name"]
    assert c.note == row["note"]
    assert not c.custom
    assert c.identifies_carrier is (row["amazon_name_via_makeshop"] != "配送業者ABF")
    if row["makeshop_code"]:
        assert table.by_code(row["makeshop_code"]) is c
    # every format named in the file is one the tracking checker knows
    assert row["tracking_format"] in tracking.FORMATS
    # the SP-API pair: nothing for 無し, otherwise a code and a non-empty name
    code, name = c.spapi_fields()
    if row["makeshop_name"] == "無し":
        assert (code, name) == ("", "")
    else:
        assert code == row["spapi_carrier_code"]
        assert name == row["spapi_carrier_name"]
        assert name != ""


def test_table_keeps_the_source_conversions_exactly(table: CarrierTable) -> None:
    assert len(SOURCE_CONVERSIONS) == 31
    for name, amazon_name in SOURCE_CONVERSIONS.items():
        c = table.by_name(name)
        assert c is not None, name
        assert c.amazon_name == amazon_name, name


def test_carriers_missing_from_the_source_are_unconverted(table: CarrierTable) -> None:
    extra = [c for c in table.all() if c.name not in SOURCE_CONVERSIONS]
    assert [c.name for c in extra] == ["トールエクスプレスジャパン"]
    for c in extra:
        assert c.amazon_name == ABF_NAME  # R-E2
        assert not c.identifies_carrier
    assert table.by_code("018") is extra[0]


def test_names_and_codes_are_unique(table: CarrierTable) -> None:
    names = [name_key(c.name) for c in table.all()]
    assert len(names) == len(set(names))
    codes = [c.code for c in table.all() if c.code]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 3 and code.isdigit() for code in codes)


def test_bundled_table_is_read_through_importlib_resources(table: CarrierTable) -> None:
    from_text = CarrierTable.from_tsv(TSV_PATH.read_text(encoding="utf-8"))
    assert from_text.all() == table.all()
    assert default_table().all() == table.all()


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("レターパック350", "レターパックライト"),
        ("レターパック500", "レターパックプラス"),
        ("普通郵便代引き", "普通郵便代引"),
    ],
)
def test_older_makeshop_names_are_aliases(table: CarrierTable, alias: str, name: str) -> None:
    c = table.by_name(alias)
    assert c is not None
    assert c.name == name
    assert alias in c.aliases


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("OCS国際エクスプレス", "OCS 国際エクスプレス"),
        ("国際スピード郵便（ＵＳＰＳ）", "国際スピード郵便(USPS)"),
        ("ｸﾛﾈｺﾔﾏﾄ", "クロネコヤマト"),
        ("  佐川急便 ", "佐川急便"),
        ("dhl", "DHL"),
        ("レターパック３５０", "レターパックライト"),
    ],
)
def test_name_lookup_tolerates_width_and_spacing(
    table: CarrierTable, typed: str, name: str
) -> None:
    c = table.by_name(typed)
    assert c is not None
    assert c.name == name


def test_lookup_by_code(table: CarrierTable) -> None:
    yamato = table.by_code("002")
    assert yamato is not None
    assert yamato.name == "クロネコヤマト"
    assert table.by_code("2") is yamato
    assert table.by_code(" 003 ") is table.by_name("佐川急便")
    assert table.by_code("999") is None
    assert table.by_code("") is None
    assert table.by_code(None) is None
    assert table.by_name("存在しない運送") is None
    assert table.by_name(None) is None


def test_resolve(table: CarrierTable) -> None:
    assert table.resolve(None) is table.none
    assert table.resolve("") is table.none
    assert table.resolve("  ") is table.none
    assert table.none.name == "無し"
    assert table.none.is_none
    assert table.resolve("002").name == "クロネコヤマト"
    yamato = table.resolve("クロネコヤマト")
    assert table.resolve(yamato) is yamato
    custom = table.resolve("アートバンライン")
    assert custom.custom
    assert custom.name == "アートバンライン"


# --- previews --------------------------------------------------------------------------------


@pytest.mark.parametrize("choice", [None, "", "無し", "000"])
def test_preview_no_carrier_is_abf(table: CarrierTable, choice: str | None) -> None:
    p = table.preview(choice)
    assert p.amazon_name_via_makeshop == "配送業者ABF"
    assert not p.identifies_carrier
    assert p.recommend_amazon_side
    assert p.spapi_carrier_code == ""
    assert p.spapi_carrier_name == ""
    assert any("配送業者ABF" in w and "伝わりません" in w for w in p.warnings)
    assert any("選ばれていません" in w for w in p.warnings)


@pytest.mark.parametrize(
    "name", ["OCS 国際エクスプレス", "トナミ運輸", "名鉄運輸", "新潟運輸", "第一貨物"]
)
def test_preview_abf_converted_carriers_warn(table: CarrierTable, name: str) -> None:
    p = table.preview(name)
    assert p.amazon_name_via_makeshop == ABF_NAME
    assert not p.identifies_carrier
    assert WARN_ABF in p.warnings
    assert "実際の配送業者が伝わりません" in WARN_ABF
    assert p.recommend_amazon_side
    # confirming on the Amazon side still names the real carrier (R-E3 fallback)
    assert p.spapi_carrier_code == "Other"
    assert p.spapi_carrier_name == table.resolve(name).spapi_name != ""


def test_preview_tracked_carrier_warns_about_r_b2(table: CarrierTable) -> None:
    p = table.preview("クロネコヤマト")
    assert p.amazon_name_via_makeshop == "ヤマト運輸"
    assert p.identifies_carrier
    assert p.tracked is Tracked.YES
    assert p.warnings == (WARN_TRACKED,)
    assert "R-B2" not in WARN_TRACKED and "伝票番号は Amazon に届きません" in WARN_TRACKED
    assert p.recommend_amazon_side
    assert (p.spapi_carrier_code, p.spapi_carrier_name) == ("YamatoTransport", "ヤマト運輸")
    assert p.known


@pytest.mark.parametrize("name", ["普通郵便", "スマートレター"])
def test_preview_untracked_converted_carrier_is_fine_via_makeshop(
    table: CarrierTable, name: str
) -> None:
    p = table.preview(name)
    assert p.amazon_name_via_makeshop == "日本郵便"
    assert p.identifies_carrier
    assert p.tracked is Tracked.NO
    assert p.warnings == ()
    assert not p.recommend_amazon_side


def test_preview_tracking_unknown_warns(table: CarrierTable) -> None:
    p = table.preview("ポスパケット")
    assert p.tracked is Tracked.UNKNOWN
    assert p.recommend_amazon_side
    assert any("分かりません" in w for w in p.warnings)


def test_preview_recommendation_for_every_row(table: CarrierTable) -> None:
    for c in table.all():
        p = table.preview(c)
        fine_via_makeshop = (
            c.tracked is Tracked.NO and c.amazon_name != ABF_NAME and c.name != "無し"
        )
        assert p.recommend_amazon_side is (not fine_via_makeshop), c.name
        assert p.amazon_name_via_makeshop == c.amazon_name
        assert bool(p.warnings) is p.recommend_amazon_side, c.name


def test_custom_carrier_is_amazon_side_other_plus_name(table: CarrierTable) -> None:
    p = table.preview("ＦｅｄＥｘ")
    assert not p.known
    assert p.carrier.custom
    assert p.amazon_name_via_makeshop == ABF_NAME
    assert not p.identifies_carrier
    assert p.tracked is Tracked.UNKNOWN
    assert (p.spapi_carrier_code, p.spapi_carrier_name) == ("Other", "FedEx")
    assert p.warnings == (WARN_CUSTOM,)
    assert "R-E3" not in WARN_CUSTOM  # the owner reads it; rule IDs are for support
    assert p.recommend_amazon_side
    with pytest.raises(ValueError):
        table.custom("   ")


# --- SP-API fields and overrides ---------------------------------------------------------------


def test_other_always_has_a_carrier_name(table: CarrierTable) -> None:
    for c in table.all():
        code, name = c.spapi_fields()
        if code == "Other":
            assert name, c.name


def test_override_by_name_alias_and_code() -> None:
    t = CarrierTable.load(
        {"クロネコヤマト": "YAMATO", "レターパック350": "JP-POST", "003": "SAGAWA", "謎": "X"}
    )
    assert t.resolve("クロネコヤマト").spapi_fields() == ("YAMATO", "ヤマト運輸")
    assert t.resolve("レターパックライト").spapi_code == "JP-POST"
    assert t.resolve("佐川急便").spapi_code == "SAGAWA"
    assert t.unknown_override_keys == ("謎",)
    # the rest is untouched
    assert t.resolve("ネコポス").spapi_code == "YamatoTransport"
    assert t.preview("クロネコヤマト").spapi_carrier_code == "YAMATO"
    # the bundled default is not changed by another table's overrides
    assert default_table().resolve("クロネコヤマト").spapi_code == "YamatoTransport"


def test_override_to_other_or_blank_falls_back_to_other_plus_japanese_name() -> None:
    t = CarrierTable.load({"佐川急便": "Other", "DHL": "  "})
    assert t.resolve("佐川急便").spapi_fields() == ("Other", "佐川急便")
    assert t.resolve("DHL").spapi_fields() == ("Other", "DHL")


def test_override_of_no_carrier_sends_nothing() -> None:
    t = CarrierTable.load({"無し": "YamatoTransport"})
    assert t.none.spapi_fields() == ("", "")
    assert t.with_overrides(None).all() == default_table().all()


def test_override_for_custom_carrier() -> None:
    t = CarrierTable.load({"FedEx": "FedEx"})
    assert t.custom("fedex").spapi_fields() == ("FedEx", "fedex")
    assert t.custom("UPS").spapi_fields() == ("Other", "UPS")


@given(
    st.dictionaries(
        st.sampled_from([r["makeshop_name"] for r in FILE_ROWS]),
        st.sampled_from(["", " ", "Other", "YamatoTransport", "X"]),
    )
)
def test_any_overrides_keep_other_named(overrides: dict[str, str]) -> None:
    t = CarrierTable(default_table().all(), overrides)
    for c in t.all():
        code, name = c.spapi_fields()
        if c.is_none:
            assert (code, name) == ("", "")
            continue
        assert code
        if code == "Other":
            assert name
        if c.name in overrides:
            assert code == (overrides[c.name].strip() or "Other")


def test_bad_tsv_is_refused() -> None:
    with pytest.raises(ValueError, match="header"):
        CarrierTable.from_tsv("a\tb\n1\t2\n")
    text = TSV_PATH.read_text(encoding="utf-8").replace("\tmod7-12\t", "\tmod8-12\t", 1)
    with pytest.raises(ValueError, match="mod8-12"):
        CarrierTable.from_tsv(text)


def test_carrier_is_immutable(table: CarrierTable) -> None:
    c = table.resolve("DHL")
    assert isinstance(c, Carrier)
    with pytest.raises(AttributeError):
        c.spapi_code = "X"  # type: ignore[misc]


# --- SP-API carrier codes (issue: "Yamato Transport" was wrong) ----------------------------------

SHARED_SPEC = Path(
    os.environ.get(
        "AMZDESK_SHARED_SPEC",
        str(Path(__file__).resolve().parents[3] / "shared" / "spec"),
    )
)


def test_every_spapi_code_in_the_table_is_one_of_amazons(table: CarrierTable) -> None:
    for row in FILE_ROWS:
        assert is_amazon_carrier_code(row["spapi_carrier_code"]), row
    for c in table:
        if not c.is_none:
            assert c.spapi_code in assumptions.SPAPI_CARRIER_CODES, c


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("クロネコヤマト", "YamatoTransport"),
        ("宅急便コンパクト", "YamatoTransport"),
        ("ネコポス", "YamatoTransport"),
        ("クロネコDM便", "YamatoTransport"),
        ("佐川急便", "SagawaExpress"),
        ("西濃運輸", "SEINO TRANSPORTATION"),
        ("セイノースーパーエクスプレス", "SEINO TRANSPORTATION"),
        ("ゆうパック", "Japan Post"),
        ("DHL", "DHL"),
        ("福山通運", "Other"),
    ],
)
def test_corrected_carrier_codes(table: CarrierTable, name: str, code: str) -> None:
    carrier = table.by_name(name)
    assert carrier is not None
    assert carrier.spapi_fields()[0] == code


def test_no_spaced_yamato_or_sagawa_code_anywhere_in_the_table() -> None:
    text = TSV_PATH.read_text(encoding="utf-8")
    assert "Yamato Transport" not in text and "Sagawa Express" not in text


@pytest.mark.skipif(
    not (SHARED_SPEC / "carriers.tsv").is_file(), reason="shared spec folder not present"
)
def test_project_copy_is_the_shared_carrier_table() -> None:
    shared = (SHARED_SPEC / "carriers.tsv").read_bytes()
    assert TSV_PATH.read_bytes() == shared


def test_user_overrides_are_kept_and_unknown_codes_flagged() -> None:
    # An override saved with the old (wrong) spelling is kept as the user set it, and flagged.
    t = CarrierTable.load({"クロネコヤマト": "Yamato Transport", "佐川急便": "SAGAWA"})
    assert t.resolve("クロネコヤマト").spapi_fields() == ("Yamato Transport", "ヤマト運輸")
    assert t.resolve("佐川急便").spapi_fields() == ("SAGAWA", "佐川急便")
    assert t.unknown_spapi_overrides() == {"クロネコヤマト": "Yamato Transport"}
    assert default_table().unknown_spapi_overrides() == {}
