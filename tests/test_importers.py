"""Label-software CSV import: every format and encoding, the review, bad and hostile files."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amzdesk.carriers import default_table
from amzdesk.importers import (
    MAX_ROWS,
    ImportResult,
    LabelFormat,
    LabelImportError,
    ReviewStatus,
    detect_format,
    guess_mapping,
    parse_label_bytes,
    read_header,
    read_label_csv,
    review,
    sendable,
)
from amzdesk.store import Store
from amzdesk.tracking import validate
from tests.factories import (
    NOW,
    make_fba_order,
    make_item,
    make_makeshop_side,
    make_mfn_order,
    make_shop_order,
)

DATA = Path(__file__).parent / "data" / "labels"


def _samples_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("label_samples", DATA / "make_samples.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["label_samples"] = mod
    spec.loader.exec_module(mod)
    return mod


S = _samples_module()

SAMPLES = {
    "b2_cloud_cp932_crlf.csv": (LabelFormat.B2, "cp932"),
    "b2_cloud_utf8bom_lf.csv": (LabelFormat.B2, "utf-8-sig"),
    "ehiden2_cp932_crlf.csv": (LabelFormat.EHIDEN, "cp932"),
    "ehiden3_utf8_crlf.csv": (LabelFormat.EHIDEN, "utf-8"),
    "yupri_cp932_crlf.csv": (LabelFormat.YUPRI, "cp932"),
    "yupri_utf8_lf.csv": (LabelFormat.YUPRI, "utf-8"),
    "clickpost_cp932_crlf.csv": (LabelFormat.CLICKPOST, "cp932"),
    "clickpost_utf8bom_crlf.csv": (LabelFormat.CLICKPOST, "utf-8-sig"),
    "generic_utf8_lf.csv": (LabelFormat.GENERIC, "utf-8"),
    "generic_cp932_crlf.csv": (LabelFormat.GENERIC, "cp932"),
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "store.sqlite3", clock=lambda: NOW)
    s.upsert_orders(
        [
            make_mfn_order(S.AMZ1),
            make_mfn_order(S.AMZ2, items=(make_item(1), make_item(2))),
            make_fba_order(S.AMZ3),
            make_shop_order(makeshop=make_makeshop_side(display_order_number=S.SHOP1)),
            make_shop_order(makeshop=make_makeshop_side(display_order_number=S.SHOP2)),
        ]
    )
    yield s
    s.close()


def _read(name: str) -> ImportResult:
    mapping = S.GENERIC_MAPPING if name.startswith("generic") else None
    return read_label_csv(DATA / name, mapping=mapping)


# --- every format, every encoding ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_is_detected_and_read(name: str) -> None:
    fmt, encoding = SAMPLES[name]
    result = _read(name)
    assert result.format is fmt
    assert result.encoding == encoding
    assert not result.errors
    assert [r.tracking for r in result.rows] == [
        S.T_AMZ1,
        S.T_AMZ2A,
        S.T_AMZ2B,
        S.T_SHOP1,
        S.T_AMZ3,
        S.T_UNKNOWN,
        S.T_BAD,
        S.T_AMZ1,
    ]
    # the quoted newline in the second record makes the third start two lines later
    assert [r.line for r in result.rows][:3] in ([2, 3, 5], [2, 3, 4])
    if fmt is not LabelFormat.CLICKPOST:
        assert [r.order_ref for r in result.rows][:4] == [S.AMZ1, S.AMZ2, S.AMZ2, S.SHOP1]
    else:  # no order column: the number comes from 内容品
        assert all(r.order_ref == "" for r in result.rows)
        assert S.AMZ1 in result.rows[0].order_hint


@pytest.mark.parametrize(
    ("name", "carriers"),
    [
        ("b2_cloud_cp932_crlf.csv", ["宅急便コンパクト", "クロネコヤマト", "ネコポス"]),
        ("ehiden2_cp932_crlf.csv", ["佐川急便"]),
        ("yupri_utf8_lf.csv", ["ゆうパック", "ゆうパケット"]),
        ("clickpost_cp932_crlf.csv", ["クリックポスト"]),
        ("generic_utf8_lf.csv", ["クロネコヤマト"]),
    ],
)
def test_carrier_is_inferred_from_the_format(name: str, carriers: list[str]) -> None:
    rows = _read(name).rows
    assert list(dict.fromkeys(r.carrier for r in rows)) == carriers
    table = default_table()
    for c in carriers:
        assert table.by_name(c) is not None, c


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_review_of_every_sample(name: str, store: Store) -> None:
    rows = review(_read(name), store, now=NOW)
    status = [(r.tracking, r.status) for r in rows]
    assert status == [
        (S.T_AMZ1, ReviewStatus.MATCHED),
        (S.T_AMZ2A, ReviewStatus.MATCHED),
        (S.T_AMZ2B, ReviewStatus.MATCHED),
        (S.T_SHOP1, ReviewStatus.MATCHED),
        (S.T_AMZ3, ReviewStatus.NOT_ALLOWED),
        (S.T_UNKNOWN, ReviewStatus.UNMATCHED),
        (S.T_BAD, ReviewStatus.INVALID_TRACKING),
        (S.T_AMZ1, ReviewStatus.DUPLICATE),
    ]
    by_tracking = {r.tracking: r for r in rows if r.status is not ReviewStatus.DUPLICATE}
    assert by_tracking[S.T_AMZ1].side == "amazon"
    assert by_tracking[S.T_SHOP1].side == "makeshop"
    assert by_tracking[S.T_AMZ2A].multi_package and by_tracking[S.T_AMZ2B].multi_package
    assert not by_tracking[S.T_AMZ1].multi_package
    assert by_tracking[S.T_AMZ3].rule_id == "R-G1"
    assert "チェックディジット" in by_tracking[S.T_BAD].reason
    assert "見つかりません" in by_tracking[S.T_UNKNOWN].reason
    # every problem is a Japanese sentence naming the file line
    for r in rows:
        assert r.reason
        if not r.sendable:
            assert f"{r.line}行目" in r.reason
    items = sendable(rows)
    assert [(i.order_key, i.trackings) for i in items] == [
        (f"az:{S.AMZ1}", (S.T_AMZ1,)),
        (f"az:{S.AMZ2}", (S.T_AMZ2A, S.T_AMZ2B)),
        (store.find(S.SHOP1).key, (S.T_SHOP1,)),  # type: ignore[union-attr]
    ]


def test_review_flags_already_confirmed_numbers(store: Store) -> None:
    store.upsert_orders([make_mfn_order(S.AMZ1, confirmed=[S.T_AMZ1])])
    # the journal is the app's own record: write a done confirmation for AMZ1
    eid = store.journal_intent(
        f"az:{S.AMZ1}",
        "confirm-amazon",
        "amazon",
        "123",
        {"packageDetail": {"trackingNumber": S.T_AMZ1, "packageReferenceId": "123"}},
    )
    store.journal_outcome(eid, "done")
    rows = review(_read("b2_cloud_cp932_crlf.csv"), store, now=NOW)
    first = next(r for r in rows if r.tracking == S.T_AMZ1)
    assert first.status is ReviewStatus.ALREADY_DONE
    assert "出荷通知済み" in first.reason
    assert all(i.order_key != f"az:{S.AMZ1}" for i in sendable(rows))


def test_shop_order_with_two_numbers_is_not_allowed(store: Store) -> None:
    data = (
        "お客様管理番号,送り状種類,伝票番号,出荷予定日\r\n"
        f"{S.SHOP1},0,{S.T_SHOP1},2025/06/02\r\n"
        f"{S.SHOP1},0,{S.T_AMZ1},2025/06/02\r\n"
    ).encode()
    rows = review(parse_label_bytes(data), store, now=NOW)
    assert {r.status for r in rows} == {ReviewStatus.NOT_ALLOWED}
    assert not sendable(rows)


def test_mixed_carriers_for_one_order_are_refused(store: Store) -> None:
    data = (
        "お客様管理番号,送り状種類,伝票番号,出荷予定日\n"
        f"{S.AMZ2},0,{S.T_AMZ2A},2025/06/02\n"
        f"{S.AMZ2},7,{S.T_AMZ2B},2025/06/02\n"
    ).encode("cp932")
    rows = review(parse_label_bytes(data), store, now=NOW)
    assert [r.status for r in rows] == [ReviewStatus.NOT_ALLOWED] * 2
    assert "異なる配送業者" in rows[0].reason


def test_order_numbers_are_normalised(store: Store) -> None:
    full_width = "５０３－１０００００１－００００００１"
    data = (
        "お客様管理番号,送り状種類,伝票番号,出荷予定日\n"
        f'"{full_width} ",0,"4444-1375-8703",2025/06/02\n'
        f'"={S.SHOP1}",0,{S.T_SHOP1},2025/06/02\n'
    ).encode()
    result = parse_label_bytes(data)
    assert [r.order_ref for r in result.rows] == [S.AMZ1, S.SHOP1]
    assert result.rows[0].tracking == S.T_AMZ1
    rows = review(result, store, now=NOW)
    assert [r.status for r in rows] == [ReviewStatus.MATCHED, ReviewStatus.MATCHED]


# --- the generic mapping ---------------------------------------------------------------------


def test_generic_mapping_is_guessed_and_used() -> None:
    header, encoding = read_header(DATA / "generic_cp932_crlf.csv")
    assert encoding == "cp932"
    assert header[:3] == ["受注番号", "運送会社", "送り状"]
    guess = guess_mapping(["注文番号", "追跡番号", "配送業者", "出荷日"])
    assert guess == {
        "order": "注文番号",
        "tracking": "追跡番号",
        "carrier": "配送業者",
        "ship_date": "出荷日",
    }
    # mapping with a fixed carrier instead of a column
    data = "注文,番号\n20250601000101,360012345674\n".encode()
    result = parse_label_bytes(
        data, "generic", {"order": "注文", "tracking": "番号", "carrier_name": "佐川急便"}
    )
    assert result.rows[0].carrier == "佐川急便"
    assert result.mapping == {"order": "注文", "tracking": "番号", "carrier_name": "佐川急便"}


def test_generic_without_mapping_or_with_wrong_column_is_refused() -> None:
    data = "注文,番号\n1,2\n".encode()
    with pytest.raises(LabelImportError, match="列を指定"):
        parse_label_bytes(data, "generic")
    with pytest.raises(LabelImportError, match="「追跡」が見出しにありません") as exc:
        parse_label_bytes(data, "generic", {"order": "注文", "tracking": "追跡"})
    assert exc.value.line == 1 and exc.value.column == "追跡"


# --- bad files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "空"),
        (b"\r\n\r\n  \r\n", "空"),
        (b"PK\x03\x04\x00\x00binary", "バイナリ"),
        ("お客様管理番号,伝票番号\n".encode("utf-16"), "UTF-16"),
        (b"\x81\x20\xff\xfe\xfd,abc\n", "文字コード"),
        ("名前,住所\n試験,東京\n".encode(), "形式を判別できません"),
        ('お客様管理番号,送り状種類,伝票番号\n"abc"x,0,1\n'.encode(), "2行目"),
        ('お客様管理番号,送り状種類,伝票番号\n"abc,0,1\n'.encode(), "CSV として読めません"),
    ],
)
def test_bad_files_get_a_clear_japanese_message(data: bytes, fragment: str) -> None:
    with pytest.raises(LabelImportError) as exc:
        parse_label_bytes(data)
    assert fragment in exc.value.message


def test_forced_format_names_missing_columns() -> None:
    data = "お客様管理番号,伝票番号\n1,2\n".encode()
    with pytest.raises(LabelImportError) as exc:
        parse_label_bytes(data, "b2")
    assert "「送り状種類」" in exc.value.message
    assert exc.value.line == 1 and exc.value.column == "送り状種類"


def test_bad_rows_are_reported_with_line_and_column(store: Store) -> None:
    data = (
        "お客様管理番号,送り状種類,伝票番号,出荷予定日\n"
        f"{S.AMZ1},0,,2025/06/02\n"
        f",0,{S.T_AMZ1},2025/06/02\n"
        f"{S.AMZ1},0,{S.T_AMZ1},来週\n"
    ).encode()
    result = parse_label_bytes(data)
    assert not result.rows
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "伝票番号"),
        (3, "お客様管理番号"),
        (4, "出荷予定日"),
    ]
    rows = review(result, store, now=NOW)
    assert {r.status for r in rows} == {ReviewStatus.INVALID_TRACKING}
    assert not sendable(rows)


def test_huge_files_are_refused(tmp_path: Path) -> None:
    header = "お客様管理番号,送り状種類,伝票番号\n"
    data = (header + "1,0,444413758703\n" * (MAX_ROWS + 5)).encode()
    with pytest.raises(LabelImportError, match="行が多すぎます"):
        parse_label_bytes(data)
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    with pytest.raises(LabelImportError, match="大きすぎます"):
        read_label_csv(big)


def test_header_detection_tolerates_variants() -> None:
    assert detect_format(["お客様管理番号", "お問合せ送り状ＮＯ．", "出荷日"]) is LabelFormat.EHIDEN
    assert detect_format(["お客様側管理番号", "お問合せ番号"]) is LabelFormat.YUPRI
    assert detect_format(["追跡番号", "内容品"]) is LabelFormat.CLICKPOST
    assert detect_format(["注文番号", "追跡番号"]) is None


# --- hostile input (hypothesis) -------------------------------------------------------------

_HEADERS = [
    "お客様管理番号,送り状種類,伝票番号,出荷予定日",
    "お客様管理番号,お問い合せ送り状No.,出荷日",
    "お客様側管理番号,発送方法,お問い合わせ番号",
    "追跡番号,内容品",
]
_ORDER_REFS = ["503-1000001-0000001", "503-1000002-0000002", "20250601000101", "x"]
_cell = st.one_of(
    st.sampled_from(_ORDER_REFS),
    st.sampled_from(["444413758703", "444413758704", "EG725089303JP", "0", "7", "8"]),
    st.text(max_size=15),
    st.text(alphabet='",\r\n\t =+-@ab0123456789', max_size=15),
)


def _check_hostile(data: bytes, store: Store) -> None:
    try:
        result = parse_label_bytes(data)
    except LabelImportError as exc:
        assert exc.message
        return
    table = default_table()
    for r in review(result, store, now=NOW):
        if r.sendable:
            carrier = table.resolve(r.carrier)
            assert validate(r.tracking, carrier.tracking_format).ok, r


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store(tmp_path_factory.mktemp("hostile") / "s.sqlite3", clock=lambda: NOW)
    s.upsert_orders(
        [
            make_mfn_order(S.AMZ1),
            make_mfn_order(S.AMZ2, items=(make_item(1), make_item(2))),
            make_shop_order(makeshop=make_makeshop_side(display_order_number=S.SHOP1)),
        ]
    )
    yield s
    s.close()


@given(st.binary(max_size=400))
def test_random_bytes_never_crash(hostile_store: Store, data: bytes) -> None:
    _check_hostile(data, hostile_store)


@given(
    st.sampled_from(_HEADERS),
    st.lists(st.lists(_cell, max_size=6), max_size=8),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp932"]),
)
def test_random_csv_never_crashes_or_sends_invalid_numbers(
    hostile_store: Store, header: str, rows: list[list[str]], newline: str, encoding: str
) -> None:
    text = newline.join([header, *(",".join(r) for r in rows)])
    data = text.encode(encoding, errors="replace")
    _check_hostile(data, hostile_store)


@given(st.text(max_size=300))
def test_random_text_never_crashes(hostile_store: Store, text: str) -> None:
    _check_hostile(text.encode("utf-8", errors="surrogatepass"), hostile_store)


# --- the demo samples match the built-in demo shop ------------------------------------------


def test_demo_samples_match_the_demo_shop(tmp_path: Path) -> None:
    from amzdesk.services import build_services
    from amzdesk.settings import Settings
    from tests.sim_fixtures import running_simulator

    samples = Path(__file__).parent.parent / "resources" / "samples"
    # the demo shop: the simulator's default seed and size
    with running_simulator(seed=1, n_orders=300) as sim:
        services = build_services(Settings(), None, demo=sim, store_path=tmp_path / "d.db")
        try:
            assert services.sync.run().ok
            b2 = review(read_label_csv(samples / "b2_cloud_demo.csv"), services.store)
            assert [r.status for r in b2] == [
                ReviewStatus.MATCHED,
                ReviewStatus.MATCHED,
                ReviewStatus.MATCHED,
                ReviewStatus.MATCHED,
                ReviewStatus.MATCHED,
                ReviewStatus.INVALID_TRACKING,
                ReviewStatus.UNMATCHED,
            ]
            assert b2[1].multi_package and b2[2].multi_package
            yupri = review(read_label_csv(samples / "yupri_demo.csv"), services.store)
            assert [r.status for r in yupri] == [ReviewStatus.MATCHED] * 3
            assert [r.carrier for r in yupri] == ["ゆうパック", "ゆうパケット", "ゆうパック"]
        finally:
            services.close()


def test_error_messages_do_not_quote_buyer_data() -> None:
    data = "試験 太郎,東京都千代田区1-1,090-0000-1234\n".encode("cp932")
    for fmt in ("auto", "generic"):
        with pytest.raises(LabelImportError) as exc:
            parse_label_bytes(data, fmt)
        assert "試験" not in exc.value.message and "090" not in exc.value.message
