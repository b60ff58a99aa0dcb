"""Amazon's order-fulfilment upload file (出荷通知ファイル): the offline fallback.

When Amazon cannot be reached through the API, the shop owner uploads this file in Seller Central
(在庫 → アップロードによる一括出荷通知) or it is sent as feed ``POST_FLAT_FILE_FULFILLMENT_DATA``.

Layout (tab-separated, CP932, CRLF), one line each:

1. ``TemplateType=OrderFulfillment``, ``Version=2011.1102``;
2. the Japanese header: 注文番号, 注文商品番号, 出荷数, 出荷日, 配送業者コード, 配送業者名,
   お問い合わせ伝票番号, 配送方法;
3. the machine header: order-id, order-item-id, quantity, ship-date, carrier-code, carrier-name,
   tracking-number, ship-method;
4. one row per order item of each package.

Cells are made safe for spreadsheets: a cell starting with ``= + - @``, a tab or a carriage
return gets a leading ``'`` (so it is never read as a formula), and tabs / newlines inside a
cell are removed.  A character CP932 cannot encode is an error naming the order (nothing is
silently dropped).  Exported shipments are journalled as ``exported`` (not confirmed) until
Amazon reports the order shipped.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from amzdesk.messages import UserError, define

ENCODING: Final = "cp932"
NEWLINE: Final = "\r\n"
TEMPLATE_ROW: Final = ("TemplateType=OrderFulfillment", "Version=2011.1102")
JAPANESE_HEADER: Final = (
    "注文番号",
    "注文商品番号",
    "出荷数",
    "出荷日",
    "配送業者コード",
    "配送業者名",
    "お問い合わせ伝票番号",
    "配送方法",
)
MACHINE_HEADER: Final = (
    "order-id",
    "order-item-id",
    "quantity",
    "ship-date",
    "carrier-code",
    "carrier-name",
    "tracking-number",
    "ship-method",
)
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


M = define(
    "flatfile",
    {
        "row_incomplete": "注文 {order}: 注文番号・注文商品番号・出荷数が必要です",
        "no_number": "（番号なし）",
        "not_shift_jis": (
            "注文 {order}: 「{text}」は Amazon のアップロードファイル（Shift_JIS）で"
            "使えない文字です。配送業者名・配送方法を書き換えてください"
        ),
    },
)


class FlatFileError(UserError, ValueError):
    """The file cannot be written as asked (Japanese message naming the order)."""

    def __init__(self, message: str, *, order_id: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.order_id = order_id


@dataclass(frozen=True, slots=True)
class FulfillmentRow:
    """One line of the file: one order item of one package."""

    order_id: str
    order_item_id: str
    quantity: int
    ship_date: date
    carrier_code: str
    carrier_name: str
    tracking_number: str
    ship_method: str = ""

    def cells(self) -> tuple[str, ...]:
        return (
            self.order_id,
            self.order_item_id,
            str(self.quantity),
            self.ship_date.isoformat(),
            self.carrier_code,
            self.carrier_name,
            self.tracking_number,
            self.ship_method,
        )


def safe_cell(value: str) -> str:
    """A cell a spreadsheet reads as text: formula starts neutralised, no tabs / newlines."""
    text = str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text.replace("\t", "").replace("\r", "").replace("\n", "")


def render(rows: Iterable[FulfillmentRow]) -> bytes:
    """The whole file as bytes.  Raises :class:`FlatFileError` for a row CP932 cannot hold or a
    row that is not a shipment (no order, item or quantity)."""
    lines = ["\t".join(TEMPLATE_ROW), "\t".join(JAPANESE_HEADER), "\t".join(MACHINE_HEADER)]
    for row in rows:
        if not row.order_id or not row.order_item_id or row.quantity < 1:
            raise FlatFileError(
                M("row_incomplete", order=row.order_id or M("no_number")),
                order_id=row.order_id,
            )
        cells = [safe_cell(c) for c in row.cells()]
        line = "\t".join(cells)
        try:
            line.encode(ENCODING)
        except UnicodeEncodeError as exc:
            bad = line[exc.start : exc.end]
            raise FlatFileError(
                M("not_shift_jis", order=row.order_id, text=bad),
                order_id=row.order_id,
            ) from None
        lines.append(line)
    return (NEWLINE.join(lines) + NEWLINE).encode(ENCODING)


def write_fulfillment_file(path: Path | str, rows: Sequence[FulfillmentRow]) -> Path:
    """Write the file atomically (a temporary file renamed into place); returns the path.

    Everything is checked before the file is touched: on error nothing is written."""
    data = render(rows)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".amzdesk-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def read_fulfillment_file(path: Path | str) -> list[FulfillmentRow]:
    """Read back a file written by :func:`write_fulfillment_file` (for checks and tests)."""
    text = Path(path).read_bytes().decode(ENCODING)
    lines = text.split(NEWLINE)
    out: list[FulfillmentRow] = []
    for line in lines[3:]:
        if not line:
            continue
        c = line.split("\t")
        out.append(
            FulfillmentRow(
                order_id=c[0],
                order_item_id=c[1],
                quantity=int(c[2]),
                ship_date=date.fromisoformat(c[3]),
                carrier_code=c[4],
                carrier_name=c[5],
                tracking_number=c[6],
                ship_method=c[7] if len(c) > 7 else "",
            )
        )
    return out
