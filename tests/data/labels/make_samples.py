"""Regenerate the label-software CSV samples in this folder (run from the repository root).

    .venv/bin/python tests/data/labels/make_samples.py

The samples mimic the CSV exports of ヤマト B2クラウド, 佐川 e飛伝II/III, 日本郵便 ゆうプリR and
クリックポスト, in CP932 and UTF-8 (with and without BOM), CRLF and LF, with quoted fields that
hold commas and newlines.  Names and addresses are fictitious (試験 …).  ``demo()`` writes the two
demo samples under resources/samples (orders of the built-in demo shop).  Every test file
refers to the same orders (see tests/test_importers.py), row for row:

    AMZ1  503-1000001-0000001  Amazon MFN, unshipped, 1 item          -> matched
    AMZ2  503-1000002-0000002  Amazon MFN, unshipped, 2 items, 2 nos  -> matched, multi-package
    SHOP1 20250601000101       shop order, 未処理                      -> matched (makeshop)
    AMZ3  503-1000003-0000003  Amazon FBA                              -> not allowed (R-G1)
    ----  20250601999999       no such order                           -> unmatched
    SHOP2 20250601000102       shop order, wrong check digit          -> invalid tracking
    AMZ1  again, same number                                           -> duplicate
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent

AMZ1, AMZ2, AMZ3 = "503-1000001-0000001", "503-1000002-0000002", "503-1000003-0000003"
SHOP1, SHOP2, UNKNOWN = "20250601000101", "20250601000102", "20250601999999"
# 12-digit numbers with a valid mod-7 check digit, one bad one
T_AMZ1, T_AMZ2A, T_AMZ2B = "444413758703", "405548424886", "512547514334"
T_SHOP1, T_AMZ3, T_UNKNOWN = "360012345674", "360012345685", "360012345696"
T_BAD = "360012345670"  # check digit should be 4


def _check(n: str) -> None:
    assert int(n[:-1]) % 7 == int(n[-1]), n


for _n in (T_AMZ1, T_AMZ2A, T_AMZ2B, T_SHOP1, T_AMZ3, T_UNKNOWN):
    _check(_n)
assert int(T_BAD[:-1]) % 7 != int(T_BAD[-1])

ADDR = "千代田区千代田1-1, 試験ビル3F"  # a comma inside a quoted field
NOTE = "午前中指定\n割れ物注意"  # a newline inside a quoted field


def write(
    name: str,
    rows: list[list[str]],
    *,
    encoding: str,
    newline: str,
    folder: Path = HERE,
) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline, quoting=csv.QUOTE_ALL)
    w.writerows(rows)
    (folder / name).write_bytes(buf.getvalue().encode(encoding))


# --- ヤマト B2クラウド (発行済みデータの書き出し; leading columns of the standard layout) -----
B2_HEADER = [
    "お客様管理番号",
    "送り状種類",
    "クール区分",
    "伝票番号",
    "出荷予定日",
    "お届け予定（指定）日",
    "配達時間帯",
    "お届け先コード",
    "お届け先電話番号",
    "お届け先電話番号枝番",
    "お届け先郵便番号",
    "お届け先住所",
    "お届け先住所（アパートマンション名）",
    "お届け先会社・部門名１",
    "お届け先会社・部門名２",
    "お届け先名",
    "お届け先名略称カナ",
    "敬称",
    "ご依頼主コード",
    "ご依頼主電話番号",
    "ご依頼主電話番号枝番",
    "ご依頼主郵便番号",
    "ご依頼主住所",
    "ご依頼主住所（アパートマンション名）",
    "ご依頼主名",
    "ご依頼主略称カナ",
    "品名コード１",
    "品名１",
    "品名コード２",
    "品名２",
    "荷扱い１",
    "荷扱い２",
    "記事",
    "コレクト代金引換額（税込）",
    "内消費税額等",
    "止置き",
    "営業所コード",
    "発行枚数",
    "個数口表示フラグ",
    "請求先顧客コード",
    "請求先分類コード",
    "運賃管理番号",
]


def b2_row(order: str, kind: str, tracking: str, item: str, note: str = "") -> list[str]:
    row = [""] * len(B2_HEADER)
    row[0], row[1], row[2], row[3], row[4] = order, kind, "0", tracking, "2025/06/02"
    row[8], row[10], row[11] = "03-0000-0000", "100-0001", "東京都" + ADDR
    row[15], row[17] = "試験 花子", "様"
    row[19], row[21], row[22], row[24] = (
        "06-0000-0000",
        "530-0001",
        "大阪府大阪市北区梅田1-1",
        "試験商店",
    )
    row[27], row[32], row[37] = item, note, "1"
    row[39], row[41] = "0120000000", "01"
    return row


B2_ROWS = [
    B2_HEADER,
    b2_row(AMZ1, "8", T_AMZ1, "文房具"),  # 宅急便コンパクト
    b2_row(AMZ2, "0", T_AMZ2A, "食器", NOTE),
    b2_row(AMZ2, "0", T_AMZ2B, "食器"),
    b2_row(SHOP1, "7", T_SHOP1, "書籍"),  # ネコポス
    b2_row(AMZ3, "0", T_AMZ3, "雑貨"),
    b2_row(UNKNOWN, "0", T_UNKNOWN, "雑貨"),
    b2_row(SHOP2, "0", T_BAD, "雑貨"),
    b2_row(AMZ1, "8", T_AMZ1, "文房具"),
]

# --- 佐川 e飛伝II / e飛伝III (出荷実績データ) ----------------------------------------------------
EHIDEN_HEADER = [
    "お客様管理番号",
    "お問い合せ送り状No.",
    "出荷日",
    "お届け先コード",
    "お届け先電話番号",
    "お届け先郵便番号",
    "お届け先住所１",
    "お届け先住所２",
    "お届け先住所３",
    "お届け先名称１",
    "お届け先名称２",
    "ご依頼主電話番号",
    "ご依頼主郵便番号",
    "ご依頼主住所１",
    "ご依頼主名称１",
    "個数",
    "品名１",
    "品名２",
    "便種（スピードで選択）",
    "便種（商品）",
    "配達日",
    "配達指定時間帯",
    "代引金額",
    "指定シール１",
    "指定シール２",
    "営業所止め",
    "元着区分",
    "記事",
]


def ehiden_row(order: str, tracking: str, note: str = "") -> list[str]:
    row = [""] * len(EHIDEN_HEADER)
    row[0], row[1], row[2] = order, tracking, "20250602"
    row[4], row[5], row[6], row[7] = "0300000000", "1000001", "東京都千代田区", ADDR
    row[9], row[11], row[12], row[13], row[14] = (
        "試験 次郎 様",
        "0600000000",
        "5300001",
        "大阪府大阪市北区",
        "試験商店",
    )
    row[15], row[16], row[18], row[19], row[26], row[27] = (
        "1",
        "雑貨",
        "001",
        "飛脚宅配便",
        "1",
        note,
    )
    return row


EHIDEN_ROWS = [
    EHIDEN_HEADER,
    ehiden_row(AMZ1, T_AMZ1),
    ehiden_row(AMZ2, T_AMZ2A, NOTE),
    ehiden_row(AMZ2, T_AMZ2B),
    ehiden_row(SHOP1, T_SHOP1),
    ehiden_row(AMZ3, T_AMZ3),
    ehiden_row(UNKNOWN, T_UNKNOWN),
    ehiden_row(SHOP2, T_BAD),
    ehiden_row(AMZ1, T_AMZ1),
]
# e飛伝III writes the tracking column as お問合せ送り状NO and dates with slashes
EHIDEN3_ROWS = [list(r) for r in EHIDEN_ROWS]
EHIDEN3_ROWS[0][1] = "お問合せ送り状NO"
for _r in EHIDEN3_ROWS[1:]:
    _r[2] = "2025/06/02"
    _r[1] = f"{_r[1][:4]}-{_r[1][4:8]}-{_r[1][8:]}"  # hyphenated as printed on the label

# --- 日本郵便 ゆうプリR (発送履歴の書き出し) ---------------------------------------------------
YUPRI_HEADER = [
    "お客様側管理番号",
    "発送予定日",
    "発送方法",
    "お問い合わせ番号",
    "お届け先 郵便番号",
    "お届け先 住所1",
    "お届け先 住所2",
    "お届け先 住所3",
    "お届け先 氏名",
    "お届け先 敬称",
    "お届け先 電話番号",
    "ご依頼主 郵便番号",
    "ご依頼主 住所1",
    "ご依頼主 氏名",
    "ご依頼主 電話番号",
    "品名",
    "個数",
    "重量",
    "配達希望日",
    "配達時間帯",
    "記事",
]


def yupri_row(order: str, method: str, tracking: str, note: str = "") -> list[str]:
    row = [""] * len(YUPRI_HEADER)
    row[0], row[1], row[2], row[3] = order, "2025/06/02", method, tracking
    row[4], row[5], row[6], row[8], row[9] = "100-0001", "東京都千代田区", ADDR, "試験 三郎", "様"
    row[10], row[11], row[12], row[13], row[14] = (
        "03-0000-0000",
        "530-0001",
        "大阪府大阪市北区梅田1-1",
        "試験商店",
        "06-0000-0000",
    )
    row[15], row[16], row[20] = "雑貨", "1", note
    return row


YUPRI_ROWS = [
    YUPRI_HEADER,
    yupri_row(AMZ1, "ゆうパック", T_AMZ1),
    yupri_row(AMZ2, "ゆうパック", T_AMZ2A, NOTE),
    yupri_row(AMZ2, "ゆうパック", T_AMZ2B),
    yupri_row(SHOP1, "ゆうパケット", T_SHOP1),
    yupri_row(AMZ3, "ゆうパック", T_AMZ3),
    yupri_row(UNKNOWN, "ゆうパック", T_UNKNOWN),
    yupri_row(SHOP2, "ゆうパック", T_BAD),
    yupri_row(AMZ1, "ゆうパック", T_AMZ1),
]

# --- クリックポスト (申込履歴の書き出し; no order column: the number is in 内容品) -------------
CLICKPOST_HEADER = [
    "申込日",
    "支払日",
    "追跡番号",
    "お届け先郵便番号",
    "お届け先氏名",
    "お届け先敬称",
    "お届け先住所1行目",
    "お届け先住所2行目",
    "お届け先住所3行目",
    "お届け先住所4行目",
    "内容品",
]


def clickpost_row(order: str, tracking: str) -> list[str]:
    return [
        "2025/06/01",
        "2025/06/02",
        tracking,
        "1000001",
        "試験 四郎",
        "様",
        "東京都千代田区",
        ADDR,
        "",
        "",
        f"文房具（注文番号 {order}）",
    ]


CLICKPOST_ROWS = [
    CLICKPOST_HEADER,
    clickpost_row(AMZ1, T_AMZ1),
    clickpost_row(AMZ2, T_AMZ2A),
    clickpost_row(AMZ2, T_AMZ2B),
    clickpost_row(SHOP1, T_SHOP1),
    clickpost_row(AMZ3, T_AMZ3),
    clickpost_row(UNKNOWN, T_UNKNOWN),
    clickpost_row(SHOP2, T_BAD),
    clickpost_row(AMZ1, T_AMZ1),
]

# --- generic (a spreadsheet of the shop's own) ----------------------------------------------------
GENERIC_ROWS = [
    ["受注番号", "運送会社", "送り状", "発送日", "メモ"],
    [AMZ1, "ヤマト運輸", T_AMZ1, "2025-06-02", ""],
    [AMZ2, "ヤマト運輸", T_AMZ2A, "2025-06-02", NOTE],
    [AMZ2, "ヤマト運輸", T_AMZ2B, "2025-06-02", ""],
    [SHOP1, "ヤマト運輸", T_SHOP1, "2025-06-02", "a, b"],
    [AMZ3, "ヤマト運輸", T_AMZ3, "2025-06-02", ""],
    [UNKNOWN, "ヤマト運輸", T_UNKNOWN, "2025-06-02", ""],
    [SHOP2, "ヤマト運輸", T_BAD, "2025-06-02", ""],
    [AMZ1, "ヤマト運輸", T_AMZ1, "2025-06-02", ""],
]
GENERIC_MAPPING = {
    "order": "受注番号",
    "tracking": "送り状",
    "carrier": "運送会社",
    "ship_date": "発送日",
}


def main() -> None:
    write("b2_cloud_cp932_crlf.csv", B2_ROWS, encoding="cp932", newline="\r\n")
    write("b2_cloud_utf8bom_lf.csv", B2_ROWS, encoding="utf-8-sig", newline="\n")
    write("ehiden2_cp932_crlf.csv", EHIDEN_ROWS, encoding="cp932", newline="\r\n")
    write("ehiden3_utf8_crlf.csv", EHIDEN3_ROWS, encoding="utf-8", newline="\r\n")
    write("yupri_cp932_crlf.csv", YUPRI_ROWS, encoding="cp932", newline="\r\n")
    write("yupri_utf8_lf.csv", YUPRI_ROWS, encoding="utf-8", newline="\n")
    write("clickpost_cp932_crlf.csv", CLICKPOST_ROWS, encoding="cp932", newline="\r\n")
    write("clickpost_utf8bom_crlf.csv", CLICKPOST_ROWS, encoding="utf-8-sig", newline="\r\n")
    write("generic_utf8_lf.csv", GENERIC_ROWS, encoding="utf-8", newline="\n")
    write("generic_cp932_crlf.csv", GENERIC_ROWS, encoding="cp932", newline="\r\n")


# --- demo samples (resources/samples): orders of the built-in demo shop (seed 1, 300 orders) --
DEMO_DIR = HERE.parent.parent.parent / "resources" / "samples"
DEMO_B2 = [
    ("249-4709380-7935558", "0", "100000000015"),
    ("249-5380279-3015635", "0", "100000000026"),  # three items in two boxes
    ("249-5380279-3015635", "0", "100000000030"),
    ("249-6316025-9530942", "7", "100000000041"),  # ネコポス
    ("250-0344188-7578250", "8", "100000000052"),  # 宅急便コンパクト
    ("250-0532742-4707638", "0", "100000000060"),  # wrong check digit (should be 3)
    ("503-0000000-0000000", "0", "100000000074"),  # no such order
]
DEMO_YUPRI = [
    ("250-0826167-8175343", "ゆうパック", "200000000012"),
    ("250-3605464-2327185", "ゆうパケット", "200000000023"),
    ("503-1866170-6806431", "ゆうパック", "200000000034"),
]


def _demo_check() -> None:
    for _o, _k, n in DEMO_B2[:5] + DEMO_B2[6:]:
        _check(n)
    for _o, _k, n in DEMO_YUPRI:
        _check(n)


def demo() -> None:
    _demo_check()
    DEMO_DIR.mkdir(parents=True, exist_ok=True)
    write(
        "b2_cloud_demo.csv",
        [B2_HEADER] + [b2_row(o, k, n, "雑貨") for o, k, n in DEMO_B2],
        encoding="cp932",
        newline="\r\n",
        folder=DEMO_DIR,
    )
    write(
        "yupri_demo.csv",
        [YUPRI_HEADER] + [yupri_row(o, m, n) for o, m, n in DEMO_YUPRI],
        encoding="utf-8-sig",
        newline="\r\n",
        folder=DEMO_DIR,
    )


if __name__ == "__main__":
    main()
    demo()
