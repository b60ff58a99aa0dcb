"""Amazon's order-fulfilment upload file (出荷通知ファイル): bytes, safety, journal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from amzdesk.flatfile import (
    FlatFileError,
    FulfillmentRow,
    read_fulfillment_file,
    render,
    safe_cell,
    write_fulfillment_file,
)

EXPECTED = Path(__file__).parent / "data" / "flatfile" / "expected_fulfillment.txt"

ROWS = [
    FulfillmentRow(
        "503-1000001-0000001", "00000000000001", 2, date(2025, 6, 2),
        "YamatoTransport", "ヤマト運輸", "444413758703", "宅急便",
    ),
    FulfillmentRow(
        "503-1000002-0000002", "00000000000002", 1, date(2025, 6, 2),
        "SagawaExpress", "佐川急便", "405548424886",
    ),
    FulfillmentRow(
        "503-1000002-0000002", "00000000000003", 1, date(2025, 6, 2),
        "SagawaExpress", "佐川急便", "512547514334",
    ),
    # a user-typed carrier name that a spreadsheet would run as a formula, with a tab inside
    FulfillmentRow(
        "249-1000004-0000004", "00000000000004", 3, date(2025, 6, 1),
        "Other", "=HYPERLINK(\"x\")\t便", "1234-5678", "@便\r\n",
    ),
    FulfillmentRow(
        "250-1000005-0000005", "00000000000005", 1, date(2025, 6, 1),
        "Japan Post", "日本郵便", "", "-",
    ),
]  # fmt: skip


def test_file_matches_the_committed_bytes(tmp_path: Path) -> None:
    out = write_fulfillment_file(tmp_path / "out" / "shipments.txt", ROWS)
    assert out.read_bytes() == EXPECTED.read_bytes()


def test_layout() -> None:
    data = render(ROWS)
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    lines = data.decode("cp932").split("\r\n")
    assert lines[0] == "TemplateType=OrderFulfillment\tVersion=2011.1102"
    assert lines[1].split("\t") == [
        "注文番号",
        "注文商品番号",
        "出荷数",
        "出荷日",
        "配送業者コード",
        "配送業者名",
        "お問い合わせ伝票番号",
        "配送方法",
    ]
    assert lines[2].split("\t") == [
        "order-id",
        "order-item-id",
        "quantity",
        "ship-date",
        "carrier-code",
        "carrier-name",
        "tracking-number",
        "ship-method",
    ]
    body = [line.split("\t") for line in lines[3:-1]]
    assert len(body) == len(ROWS)
    assert all(len(cells) == 8 for cells in body)
    assert body[3][5] == '\'=HYPERLINK("x")便'
    assert body[3][7] == "'@便"
    assert body[4][7] == "'-"


def test_read_back(tmp_path: Path) -> None:
    path = write_fulfillment_file(tmp_path / "f.txt", ROWS[:3])
    assert read_fulfillment_file(path) == ROWS[:3]


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+81", "'+81"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'=x"),
        ("\r=x", "'=x"),
        ("a\tb\nc", "abc"),
        ("ヤマト運輸", "ヤマト運輸"),
        ("", ""),
    ],
)
def test_cells_are_neutralised(raw: str, safe: str) -> None:
    assert safe_cell(raw) == safe


def test_unencodable_character_names_the_order(tmp_path: Path) -> None:
    bad = FulfillmentRow(
        "503-9999999-0000001", "1", 1, date(2025, 6, 2), "Other", "配送🚚便", "1234"
    )
    target = tmp_path / "f.txt"
    with pytest.raises(FlatFileError) as exc:
        write_fulfillment_file(target, [ROWS[0], bad])
    assert "503-9999999-0000001" in exc.value.message
    assert "🚚" in exc.value.message
    assert exc.value.order_id == "503-9999999-0000001"
    assert not target.exists()  # nothing written
    assert list(tmp_path.iterdir()) == []


def test_rows_without_item_or_quantity_are_refused() -> None:
    with pytest.raises(FlatFileError):
        render([FulfillmentRow("503-1", "", 1, date(2025, 6, 2), "Other", "x", "1")])
    with pytest.raises(FlatFileError):
        render([FulfillmentRow("503-1", "1", 0, date(2025, 6, 2), "Other", "x", "1")])
