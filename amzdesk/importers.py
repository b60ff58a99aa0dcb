"""Tracking numbers from label software CSV exports, and the review before anything is sent.

Reading and review stay in one module: the five formats are entries of one header table
(``_Spec``), not separate parsers, so there is no per-format seam; the review (``review`` and
below) is the seam for a later split, left while its texts are being reworked.

Formats (auto-detected from the header row, or forced):

* ``b2`` -- ヤマト B2クラウド 発行済みデータ: お客様管理番号, 送り状種類, 伝票番号,
  出荷予定日, …  Carrier クロネコヤマト; 送り状種類 7/A (ネコポス) → ネコポス, 8/9 →
  宅急便コンパクト, 3 (DM便) → クロネコDM便.
* ``ehiden`` -- 佐川 e飛伝II / e飛伝III 出荷実績: お問い合せ送り状No., お客様管理番号,
  出荷日, …  Carrier 佐川急便.
* ``yupri`` -- 日本郵便 ゆうプリR 発送履歴: お問い合わせ番号, お客様側管理番号,
  発送予定日, 発送方法, …  Carrier ゆうパック, or ゆうパケット / クリックポスト /
  レターパック… by the service column.
* ``clickpost`` -- クリックポスト 申込履歴: 追跡番号 (お問い合わせ番号), 内容品, 申込日, …
  There is no order-number column: the order is found from a 管理番号 / 備考 column when
  present, else from an order number written in 内容品.
* ``generic``   -- any CSV with a column mapping chosen once by the user and remembered in the
  settings (``Settings.csv_column_mapping``): ``{"order": <column>, "tracking": <column>,
  "carrier": <column, optional>, "ship_date": <column, optional>, "carrier_name": <makeshop
  carrier name used when there is no carrier column, optional>}``.

Encodings: UTF-8 (with or without BOM) and CP932 / Shift_JIS, detected; CRLF or LF; quoted
fields may hold commas and newlines.  Bad files raise :class:`LabelImportError` with a Japanese
message naming the line (and column where there is one); nothing is sent for them.

:func:`review` matches every row to an order in the local store and decides, through
:mod:`amzdesk.shipment` (which asks :mod:`amzdesk.rules`), whether it can be sent.  Same order +
same number twice = duplicate (the later row is skipped); same order + different numbers =
several packages of one order (flagged, sent as one package per number).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Final

from amzdesk.carriers import CarrierTable, default_table
from amzdesk.fileio import FileTooLarge, UnreadableFile, read_bounded
from amzdesk.messages import UserError, define
from amzdesk.tracking import normalize

if TYPE_CHECKING:
    from amzdesk.models import Order
    from amzdesk.store import Store

MAX_BYTES: Final = 20 * 1024 * 1024
MAX_ROWS: Final = 50_000
_MAX_FIELD: Final = 100_000
_HEADER_SCAN_ROWS: Final = 10


class LabelFormat(StrEnum):
    AUTO = "auto"
    B2 = "b2"
    EHIDEN = "ehiden"
    YUPRI = "yupri"
    CLICKPOST = "clickpost"
    GENERIC = "generic"

    @property
    def label(self) -> str:
        return _FORMAT_LABELS[self]


_FORMAT_LABELS: Final = {
    LabelFormat.AUTO: "自動判別",
    LabelFormat.B2: "ヤマト B2クラウド",
    LabelFormat.EHIDEN: "佐川 e飛伝",
    LabelFormat.YUPRI: "日本郵便 ゆうプリR",
    LabelFormat.CLICKPOST: "クリックポスト",
    LabelFormat.GENERIC: "汎用CSV（列を指定）",
}

# the names of the label software in sentences (messages, so that they are translated there too)
_LABEL_FORMAT_NAMES: Final = {
    LabelFormat.B2: "fmt_b2",
    LabelFormat.EHIDEN: "fmt_ehiden",
    LabelFormat.YUPRI: "fmt_yupri",
    LabelFormat.CLICKPOST: "fmt_clickpost",
}

# Keys of the generic column mapping (Settings.csv_column_mapping).
MAP_ORDER: Final = "order"
MAP_TRACKING: Final = "tracking"
MAP_CARRIER: Final = "carrier"
MAP_SHIP_DATE: Final = "ship_date"
MAP_CARRIER_NAME: Final = "carrier_name"
MAPPING_KEYS: Final = (MAP_ORDER, MAP_TRACKING, MAP_CARRIER, MAP_SHIP_DATE, MAP_CARRIER_NAME)


M = define(
    "importers",
    {
        "empty": "ファイルが空です",
        "utf8_or_cp932": "UTF-8 / Shift_JIS（CP932）",
        "fmt_b2": "ヤマト B2クラウド",
        "fmt_ehiden": "佐川 e飛伝",
        "fmt_yupri": "日本郵便 ゆうプリR",
        "fmt_clickpost": "クリックポスト",
        "utf16": "UTF-16 のファイルは読めません。UTF-8 か Shift_JIS（CP932）で書き出してください",
        "binary": (
            "{line}行目: CSV ではないデータ（バイナリ）が含まれています。"
            "送り状ソフトから CSV 形式で書き出したファイルを選んでください"
        ),
        "encoding": (
            "{line}行目: 文字コードを読み取れません（{what} として読めない文字があります）。"
            "UTF-8 か Shift_JIS（CP932）の CSV を選んでください"
        ),
        "too_many_rows": "行が多すぎます（{limit}行まで）。ファイルを分けてください",
        "bad_csv": '{line}行目: CSV として読めません（引用符 " の対応が取れていないなど）',
        "too_large": "ファイルが大きすぎます（{mb} MB まで）。ファイルを分けてください",
        "not_found": "ファイルが見つかりません: {name}",
        "unreadable": "ファイルを読めません: {name}（{error}）",
        "bad_format": "形式「{format}」は扱えません",
        "unknown_format": (
            "{line}行目: 送り状ソフトの形式を判別できません"
            "（見出しの行に既知の列名がありません、{columns}列）。"
            "ヤマト B2クラウド・佐川 e飛伝・ゆうプリR・クリックポストの書き出しファイルか、"
            "汎用CSVとして列を指定してください"
        ),
        "missing_columns": "{line}行目: {format} の見出しに必要な列がありません: {columns}",
        "bad_date": "{line}行目「{column}」列: 日付を読めません",
        "no_tracking": "{line}行目「{column}」列: 追跡番号が空です",
        "no_order": "{line}行目「{column}」列: 注文番号が空です",
        "order_column": "注文番号",
        "generic_needs_columns": (
            "汎用CSVでは「注文番号」と「追跡番号」の列を指定してください"
            "（見出しは{line}行目、{columns}列）"
        ),
        "no_such_column": "{line}行目: 指定された列「{column}」が見出しにありません",
        "no_carrier": (
            "{line}行目: 配送業者が分かりません。配送業者の列か、既定の配送業者を指定してください"
        ),
        "no_such_order": (
            "{line}行目: 注文番号「{order}」の注文が見つかりません。"
            "注文を同期してからもう一度読み込んでください"
        ),
        "duplicate": ("{line}行目: {first}行目と同じ注文・同じ追跡番号です（1回だけ送ります）"),
        "mixed_carriers": (
            "{line}行目: 同じ注文に異なる配送業者の行があります（{carriers}）。"
            "1つの注文は1つの配送業者で送ってください"
        ),
        "other_row_invalid": (
            "{line}行目: 同じ注文の別の行の追跡番号 {tracking} が不正なため送りません"
        ),
        "row_reason": "{line}行目: {reason}",
        "already_sent": "{line}行目: 追跡番号 {tracking} はこの注文ですでに出荷通知済みです",
        "packages": "{summary}（この注文は荷物{count}個: 追跡番号ごとに1個ずつ送ります）",
        "shared": (
            "{line}行目: 追跡番号 {tracking} は注文 {orders} にも使われています。"
            "1つの荷物で複数の注文を送る（同梱）なら「同梱として送る」を選んでください。"
            "入力ミスならファイルを直してください"
        ),
    },
)


class LabelImportError(UserError, ValueError):
    """The file cannot be imported.  ``message`` is Japanese and names the line / column."""

    def __init__(self, message: str, *, line: int | None = None, column: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True, slots=True)
class LabelRow:
    """One usable row of a label CSV.  ``line`` is the file line where the record starts."""

    line: int
    order_ref: str  # normalised order reference ("" when the format has none: see order_hint)
    tracking: str  # normalised tracking number (not validated yet: that needs the carrier)
    carrier: str  # makeshop carrier name inferred from the format / service / carrier column
    ship_date: date | None = None
    order_hint: str = ""  # free text that may contain the order number (クリックポスト 内容品)
    tracking_raw: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    """A row that cannot be used (missing order number, unreadable date, …)."""

    line: int
    column: str
    message: str  # Japanese
    order_ref: str = ""
    tracking: str = ""


@dataclass(frozen=True, slots=True)
class ImportResult:
    format: LabelFormat
    encoding: str  # "utf-8", "utf-8-sig" or "cp932"
    header: tuple[str, ...]
    rows: tuple[LabelRow, ...]
    errors: tuple[RowError, ...] = ()
    mapping: dict[str, str] = field(default_factory=dict)  # the generic mapping used


# --- encoding and CSV --------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with BOM, UTF-8, or CP932; LabelImportError otherwise."""
    if not data.strip():
        raise LabelImportError(M("empty"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LabelImportError(M("utf16"), line=1)
    if b"\x00" in data[:MAX_BYTES]:
        pos = data.index(b"\x00")
        line = data.count(b"\n", 0, pos) + 1
        raise LabelImportError(M("binary", line=line), line=line)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _encoding_error(data, exc.start + 3, "UTF-8") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_exc:
        try:
            return data.decode("cp932"), "cp932"
        except UnicodeDecodeError as exc:
            # report where the more plausible encoding broke
            pos = max(exc.start, utf8_exc.start)
            raise _encoding_error(data, pos, M("utf8_or_cp932")) from exc


def _encoding_error(data: bytes, pos: int, what: str) -> LabelImportError:
    line = data.count(b"\n", 0, pos) + 1
    return LabelImportError(M("encoding", line=line, what=what), line=line)


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Parse CSV text into (start line, cells) records; blank records dropped."""
    csv.field_size_limit(_MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for cells in reader:
            start = last + 1
            last = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            out.append((start, cells))
            if len(out) > MAX_ROWS + 1:
                raise LabelImportError(M("too_many_rows", limit=f"{MAX_ROWS:,}"), line=start)
    except csv.Error as exc:
        line = max(reader.line_num, last + 1)
        raise LabelImportError(M("bad_csv", line=line), line=line) from exc
    return out


# --- headers -------------------------------------------------------------------------------------

_HEADER_DROP = re.compile(r"[\s.．。・･:：()（）\[\]［］「」【】『』_＿\-‐－/／#＃*＊\"']")


def header_key(name: str) -> str:
    """Tolerant key of a column name: NFKC, no spaces/punctuation, お問い合わせ ≈ お問合せ."""
    s = unicodedata.normalize("NFKC", name).replace("\ufeff", "")
    s = _HEADER_DROP.sub("", s).casefold()
    for variant in ("問い合わせ", "問合わせ", "問い合せ"):
        s = s.replace(variant, "問合せ")
    return s.replace("ナンバー", "no").replace("番号", "no")


def _k(*names: str) -> tuple[str, ...]:
    return tuple(header_key(n) for n in names)


@dataclass(frozen=True, slots=True)
class _Spec:
    fmt: LabelFormat
    order: tuple[str, ...]  # candidate header keys, first match wins
    tracking: tuple[str, ...]
    ship_date: tuple[str, ...]
    service: tuple[str, ...]
    hint: tuple[str, ...]
    required: tuple[tuple[str, ...], ...]  # each: one of these keys must be present
    carrier: str  # default makeshop carrier name
    order_required: bool = True


_SPECS: Final = (
    _Spec(
        fmt=LabelFormat.B2,
        order=_k("お客様管理番号"),
        tracking=_k("伝票番号"),
        ship_date=_k("出荷予定日", "出荷日"),
        service=_k("送り状種類"),
        hint=(),
        required=(_k("お客様管理番号"), _k("送り状種類"), _k("伝票番号")),
        carrier="クロネコヤマト",
    ),
    _Spec(
        fmt=LabelFormat.EHIDEN,
        order=_k("お客様管理番号", "お客様管理No"),
        tracking=_k("お問い合せ送り状No", "お問合せ送り状No", "送り状No", "送り状番号"),
        ship_date=_k("出荷日", "出荷予定日", "集荷日"),
        service=(),
        hint=(),
        required=(_k("お問い合せ送り状No", "送り状No", "送り状番号"), _k("お客様管理番号")),
        carrier="佐川急便",
    ),
    _Spec(
        fmt=LabelFormat.YUPRI,
        order=_k("お客様側管理番号", "お客様管理番号"),
        tracking=_k("お問い合わせ番号", "追跡番号"),
        ship_date=_k("発送予定日", "差出予定日", "発送日", "差出日"),
        service=_k("発送方法", "商品種別", "種別", "サービス"),
        hint=(),
        required=(_k("お客様側管理番号"), _k("お問い合わせ番号", "追跡番号")),
        carrier="ゆうパック",
    ),
    _Spec(
        fmt=LabelFormat.CLICKPOST,
        order=_k("お客様管理番号", "管理番号", "注文番号", "備考"),
        tracking=_k("追跡番号", "お問い合わせ番号"),
        ship_date=_k("発送日", "差出日", "申込日", "支払日"),
        service=(),
        hint=_k("内容品", "品名"),
        required=(_k("追跡番号", "お問い合わせ番号"), _k("内容品")),
        carrier="クリックポスト",
        order_required=False,
    ),
)
_SPEC_BY_FMT: Final = {s.fmt: s for s in _SPECS}

# B2クラウド 送り状種類 (code or label) -> makeshop carrier name
_B2_SERVICES: Final = {
    "0": "クロネコヤマト",  # 発払い
    "2": "クロネコヤマト",  # コレクト
    "3": "クロネコDM便",  # クロネコゆうメール / DM便
    "4": "クロネコヤマト",  # タイム
    "5": "クロネコヤマト",  # 着払い
    "6": "クロネコヤマト",  # 発払い（複数口）
    "7": "ネコポス",  # ネコポス（旧 クロネコゆうパケット）
    "8": "宅急便コンパクト",
    "9": "宅急便コンパクト",  # 宅急便コンパクトコレクト
    "A": "ネコポス",  # ネコポス（新コード）
}
# Words in a service cell -> makeshop carrier name (checked in order; first hit wins)
_SERVICE_WORDS: Final = (
    ("ネコポス", "ネコポス"),
    ("ゆうパケット", "ネコポス"),  # B2 only: クロネコゆうパケット (the old ネコポス); see below
    ("コンパクト", "宅急便コンパクト"),
    ("dm便", "クロネコDM便"),
    ("ゆうメール", "クロネコDM便"),
)
_YUPRI_WORDS: Final = (
    ("ゆうパケット", "ゆうパケット"),
    ("クリックポスト", "クリックポスト"),
    ("レターパックプラス", "レターパックプラス"),
    ("レターパックライト", "レターパックライト"),
    ("書留", "ゆうパック書留"),
    ("代引", "ゆうパック代金引換小包"),
    ("ゆうパック", "ゆうパック"),
)


def _b2_carrier(service: str) -> str:
    s = unicodedata.normalize("NFKC", service).strip()
    if not s:
        return "クロネコヤマト"
    code = s.upper()
    if code in _B2_SERVICES:
        return _B2_SERVICES[code]
    low = s.casefold()
    for word, name in _SERVICE_WORDS:
        if word in low:
            return name
    return "クロネコヤマト"


def _yupri_carrier(service: str) -> str:
    s = unicodedata.normalize("NFKC", service).casefold()
    for word, name in _YUPRI_WORDS:
        if word in s:
            return name
    return "ゆうパック"


def carrier_from_text(text: str, table: CarrierTable | None = None) -> str:
    """A makeshop carrier name for what a generic CSV says ("" when blank)."""
    t = unicodedata.normalize("NFKC", text or "").strip()
    if not t:
        return ""
    tbl = table if table is not None else default_table()
    found = tbl.by_name(t) or tbl.by_code(t) if t.isdigit() else tbl.by_name(t)
    if found is not None:
        return found.name
    return t


def _find_col(keys: Sequence[str], candidates: Sequence[str]) -> int | None:
    for cand in candidates:
        for i, k in enumerate(keys):
            if k == cand:
                return i
    return None


def _matches(spec: _Spec, keys: Sequence[str]) -> bool:
    return all(any(k in keys for k in group) for group in spec.required)


def detect_format(header: Sequence[str]) -> LabelFormat | None:
    """The label format whose signature columns the header has, or None."""
    keys = [header_key(h) for h in header]
    for spec in _SPECS:
        if _matches(spec, keys):
            return spec.fmt
    return None


# --- cell parsing -------------------------------------------------------------------------------

_AMAZON_ID_RE = re.compile(r"(?<![0-9])\d{3}-\d{7}-\d{7}(?![0-9])")
_EXCEL_TEXT_RE = re.compile(r'^="(.*)"$')
_PLAIN_REF_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-_]*")
_DATE_RE = re.compile(r"^(\d{4})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?(?:\s.*)?$")
_DATE8_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{4,6})?$")


def normalize_order_ref(raw: str) -> str:
    """Order reference as written in a label CSV: NFKC, trimmed, ``="…"`` (Excel's way of
    keeping a number as text) unwrapped, quotes stripped.  Only the whole cell is an order
    number: a formula (``=HYPERLINK(…)``) or an ID with extra digits around it is kept as
    written, so it matches no order and the review says so (never a guess)."""
    s = unicodedata.normalize("NFKC", raw or "").strip()
    m = _EXCEL_TEXT_RE.match(s)
    if m:
        s = m.group(1).strip()
    s = s.strip("'\"").strip()
    if s.startswith("="):  # a constant (=20250601000101) is its value; a formula is not
        rest = s[1:].strip().strip("'\"").strip()
        if _PLAIN_REF_RE.fullmatch(rest):
            s = rest
    return "".join(s.split())


def order_ref_candidates(text: str) -> list[str]:
    """Tokens of a free text that may be an order number (Amazon IDs first)."""
    s = unicodedata.normalize("NFKC", text or "")
    if s.lstrip().startswith("="):  # a formula is not a description of the parcel
        return []
    out = _AMAZON_ID_RE.findall(s)
    for tok in re.findall(r"[0-9A-Za-z][0-9A-Za-z\-_]{3,39}", s):
        if tok not in out:
            out.append(tok)
    return out


def parse_date(raw: str) -> date | None:
    """A date as label software writes it (2025/06/02, 2025-6-2, 20250602, 2025年6月2日).

    Returns None for a blank cell; raises ValueError for anything else unreadable."""
    s = unicodedata.normalize("NFKC", raw or "").strip()
    if not s:
        return None
    m = _DATE_RE.match(s) or _DATE8_RE.match(s)
    if not m:
        raise ValueError(s)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


# --- reading -------------------------------------------------------------------------------------


def read_label_csv(
    path: Path | str,
    fmt: LabelFormat | str = LabelFormat.AUTO,
    mapping: Mapping[str, str] | None = None,
    *,
    table: CarrierTable | None = None,
) -> ImportResult:
    """Read a label CSV file.  Raises :class:`LabelImportError` for a file that cannot be used."""
    return parse_label_bytes(_read_file(path), fmt, mapping, table=table)


def _read_file(path: Path | str) -> bytes:
    """The file's bytes, read with a bound (never trusting ``stat``: a FIFO, a device or a
    growing file is refused or stopped at :data:`MAX_BYTES`)."""
    p = Path(path)
    try:
        return read_bounded(p, MAX_BYTES)
    except FileTooLarge:
        raise LabelImportError(M("too_large", mb=MAX_BYTES // 1024 // 1024)) from None
    except UnreadableFile as exc:
        raise LabelImportError(exc.message) from None
    except FileNotFoundError:
        raise LabelImportError(M("not_found", name=p.name)) from None
    except OSError as exc:
        raise LabelImportError(M("unreadable", name=p.name, error=type(exc).__name__)) from None


def read_header(path: Path | str) -> tuple[list[str], str]:
    """(first non-blank row, encoding) of a CSV: to let the user pick the generic mapping."""
    data = _read_file(path)
    text, enc = decode(data)
    recs = _records(text)
    if not recs:
        raise LabelImportError(M("empty"))
    return [c.strip() for c in recs[0][1]], enc


def guess_mapping(header: Sequence[str]) -> dict[str, str]:
    """A first guess of the generic mapping from column names (the user confirms it)."""
    keys = [header_key(h) for h in header]
    guesses = {
        MAP_ORDER: _k(
            "お客様管理番号",
            "お客様側管理番号",
            "注文番号",
            "受注番号",
            "管理番号",
            "order-id",
            "orderid",
            "order",
        ),
        MAP_TRACKING: _k(
            "伝票番号",
            "追跡番号",
            "お問い合わせ番号",
            "お問い合せ送り状No",
            "送り状番号",
            "tracking-number",
            "trackingnumber",
            "tracking",
        ),
        MAP_CARRIER: _k("配送業者", "運送会社", "配送会社", "carrier"),
        MAP_SHIP_DATE: _k("出荷日", "発送日", "出荷予定日", "ship-date", "shipdate"),
    }
    out: dict[str, str] = {}
    for key, cands in guesses.items():
        i = _find_col(keys, cands)
        if i is not None:
            out[key] = header[i].strip()
    return out


def parse_label_bytes(
    data: bytes,
    fmt: LabelFormat | str = LabelFormat.AUTO,
    mapping: Mapping[str, str] | None = None,
    *,
    table: CarrierTable | None = None,
) -> ImportResult:
    """Parse label CSV bytes; see :func:`read_label_csv`."""
    if len(data) > MAX_BYTES:
        raise LabelImportError(M("too_large", mb=MAX_BYTES // 1024 // 1024))
    try:
        want = LabelFormat(fmt)
    except ValueError as exc:
        raise LabelImportError(M("bad_format", format=fmt)) from exc
    text, encoding = decode(data)
    records = _records(text)
    if not records:
        raise LabelImportError(M("empty"))
    tbl = table if table is not None else default_table()

    if want is LabelFormat.GENERIC or (
        want is LabelFormat.AUTO and mapping and not _any_spec(records)
    ):
        return _parse_generic(records, encoding, mapping or {}, tbl)
    if want is LabelFormat.AUTO:
        for idx, (_line, cells) in enumerate(records[:_HEADER_SCAN_ROWS]):
            found = detect_format(cells)
            if found is not None:
                return _parse_spec(_SPEC_BY_FMT[found], records, idx, encoding)
        first = records[0]
        # the cells are not quoted back: a file without a header row would put buyer data
        # into a message that may be logged
        raise LabelImportError(
            M("unknown_format", line=first[0], columns=len(first[1])), line=first[0]
        )
    spec = _SPEC_BY_FMT[want]
    for idx, (_line, cells) in enumerate(records[:_HEADER_SCAN_ROWS]):
        if _matches(spec, [header_key(c) for c in cells]):
            return _parse_spec(spec, records, idx, encoding)
    first_line, first_cells = records[0]
    keys = [header_key(c) for c in first_cells]
    missing = [
        _pretty_column(group[0]) for group in spec.required if not any(k in keys for k in group)
    ]
    raise LabelImportError(
        M(
            "missing_columns",
            line=first_line,
            format=M(_LABEL_FORMAT_NAMES[want]) if want in _LABEL_FORMAT_NAMES else want.label,
            columns="、".join(f"「{m}」" for m in missing),
        ),
        line=first_line,
        column=missing[0] if missing else "",
    )


_PRETTY: Final = {
    header_key("お客様管理番号"): "お客様管理番号",
    header_key("送り状種類"): "送り状種類",
    header_key("伝票番号"): "伝票番号",
    header_key("お問い合せ送り状No"): "お問い合せ送り状No.",
    header_key("お客様側管理番号"): "お客様側管理番号",
    header_key("お問い合わせ番号"): "お問い合わせ番号",
    header_key("追跡番号"): "追跡番号",
    header_key("内容品"): "内容品",
}


def _pretty_column(key: str) -> str:
    return _PRETTY.get(key, key)


def _any_spec(records: Sequence[tuple[int, list[str]]]) -> bool:
    return any(detect_format(c) is not None for _l, c in records[:_HEADER_SCAN_ROWS])


def _cell(cells: Sequence[str], i: int | None) -> str:
    if i is None or i >= len(cells):
        return ""
    return cells[i]


def _parse_spec(
    spec: _Spec, records: Sequence[tuple[int, list[str]]], header_idx: int, encoding: str
) -> ImportResult:
    header = [c.strip() for c in records[header_idx][1]]
    keys = [header_key(h) for h in header]
    col_order = _find_col(keys, spec.order)
    col_track = _find_col(keys, spec.tracking)
    col_date = _find_col(keys, spec.ship_date)
    col_service = _find_col(keys, spec.service)
    col_hint = _find_col(keys, spec.hint)
    assert col_track is not None  # required by the spec

    def name(i: int | None) -> str:
        return header[i] if i is not None else ""

    rows: list[LabelRow] = []
    errors: list[RowError] = []
    for line, cells in records[header_idx + 1 :]:
        raw_track = _cell(cells, col_track)
        order_ref = normalize_order_ref(_cell(cells, col_order))
        hint = unicodedata.normalize("NFKC", _cell(cells, col_hint)).strip()
        tracking = normalize(raw_track)
        service = _cell(cells, col_service)
        if spec.fmt is LabelFormat.B2:
            carrier = _b2_carrier(service)
        elif spec.fmt is LabelFormat.YUPRI:
            carrier = _yupri_carrier(service)
        else:
            carrier = spec.carrier
        err = _row_problem(
            line,
            order_ref,
            tracking,
            order_col=name(col_order),
            track_col=name(col_track),
            order_required=spec.order_required and not hint,
            has_hint=bool(hint),
        )
        try:
            ship = parse_date(_cell(cells, col_date))
        except ValueError:
            err = err or RowError(
                line,
                name(col_date),
                M("bad_date", line=line, column=name(col_date)),
                order_ref,
                tracking,
            )
            ship = None
        if err is not None:
            errors.append(err)
            continue
        rows.append(
            LabelRow(
                line=line,
                order_ref=order_ref,
                tracking=tracking,
                carrier=carrier,
                ship_date=ship,
                order_hint=hint[:200],
                tracking_raw=raw_track.strip()[:100],
            )
        )
    return ImportResult(spec.fmt, encoding, tuple(header), tuple(rows), tuple(errors))


def _row_problem(
    line: int,
    order_ref: str,
    tracking: str,
    *,
    order_col: str,
    track_col: str,
    order_required: bool,
    has_hint: bool,
) -> RowError | None:
    if not tracking:
        return RowError(
            line, track_col, M("no_tracking", line=line, column=track_col), order_ref, tracking
        )
    if not order_ref and (order_required or not has_hint):
        col = order_col or M("order_column")
        return RowError(line, col, M("no_order", line=line, column=col), order_ref, tracking)
    return None


def _parse_generic(
    records: Sequence[tuple[int, list[str]]],
    encoding: str,
    mapping: Mapping[str, str],
    table: CarrierTable,
) -> ImportResult:
    header_line, header_cells = records[0]
    header = [c.strip() for c in header_cells]
    keys = [header_key(h) for h in header]
    if not mapping.get(MAP_ORDER) or not mapping.get(MAP_TRACKING):
        raise LabelImportError(
            M("generic_needs_columns", line=header_line, columns=len(header)), line=header_line
        )

    def col(key: str) -> int | None:
        wanted = mapping.get(key, "")
        if not wanted:
            return None
        i = _find_col(keys, (header_key(wanted),))
        if i is None:
            raise LabelImportError(
                M("no_such_column", line=header_line, column=wanted),
                line=header_line,
                column=wanted,
            )
        return i

    c_order, c_track = col(MAP_ORDER), col(MAP_TRACKING)
    c_carrier, c_date = col(MAP_CARRIER), col(MAP_SHIP_DATE)
    fixed = carrier_from_text(mapping.get(MAP_CARRIER_NAME, ""), table)
    rows: list[LabelRow] = []
    errors: list[RowError] = []
    for line, cells in records[1:]:
        raw_track = _cell(cells, c_track)
        order_ref = normalize_order_ref(_cell(cells, c_order))
        tracking = normalize(raw_track)
        carrier = carrier_from_text(_cell(cells, c_carrier), table) or fixed
        err = _row_problem(
            line,
            order_ref,
            tracking,
            order_col=header[c_order] if c_order is not None else "",
            track_col=header[c_track] if c_track is not None else "",
            order_required=True,
            has_hint=False,
        )
        try:
            ship = parse_date(_cell(cells, c_date))
        except ValueError:
            cname = header[c_date] if c_date is not None else ""
            err = err or RowError(
                line, cname, M("bad_date", line=line, column=cname), order_ref, tracking
            )
            ship = None
        if err is None and not carrier:
            err = RowError(
                line,
                header[c_carrier] if c_carrier is not None else "",
                M("no_carrier", line=line),
                order_ref,
                tracking,
            )
        if err is not None:
            errors.append(err)
            continue
        rows.append(
            LabelRow(
                line=line,
                order_ref=order_ref,
                tracking=tracking,
                carrier=carrier,
                ship_date=ship,
                tracking_raw=raw_track.strip()[:100],
            )
        )
    used = {k: v for k, v in mapping.items() if k in MAPPING_KEYS and v}
    return ImportResult(
        LabelFormat.GENERIC, encoding, tuple(header), tuple(rows), tuple(errors), used
    )


# --- review --------------------------------------------------------------------------------------


class ReviewStatus(StrEnum):
    MATCHED = "matched"  # will be sent
    ALREADY_DONE = "already"  # already confirmed (nothing to send)
    UNMATCHED = "unmatched"
    DUPLICATE = "duplicate"
    INVALID_TRACKING = "invalid"
    NOT_ALLOWED = "not-allowed"
    SHARED = "shared"  # the same number on another order: sent only when chosen (同梱)

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS: Final = {
    ReviewStatus.MATCHED: "送信できます",
    ReviewStatus.ALREADY_DONE: "出荷通知済み",
    ReviewStatus.UNMATCHED: "注文が見つかりません",
    ReviewStatus.DUPLICATE: "重複",
    ReviewStatus.INVALID_TRACKING: "不正な行",
    ReviewStatus.NOT_ALLOWED: "送信できません",
    ReviewStatus.SHARED: "他の注文と同じ番号",
}


@dataclass(frozen=True, slots=True)
class ReviewRow:
    line: int
    order_ref: str
    tracking: str
    carrier: str
    status: ReviewStatus
    reason: str  # Japanese
    rule_id: str = ""
    order_key: str = ""
    side: str = ""  # "amazon" / "makeshop" for sendable rows
    ship_date: date | None = None
    multi_package: bool = False  # the order has several tracking numbers in this file

    @property
    def sendable(self) -> bool:
        return self.status is ReviewStatus.MATCHED


def _find_order(store: Store, row: LabelRow) -> Order | None:
    if row.order_ref:
        found = store.find(row.order_ref)
        if found is not None:
            return found
        if not row.order_hint:
            return None
    for tok in order_ref_candidates(row.order_hint):
        found = store.find(tok)
        if found is not None:
            return found
    return None


def review(
    result: ImportResult | Iterable[LabelRow],
    store: Store,
    *,
    table: CarrierTable | None = None,
    via: str = "auto",
    now: datetime | None = None,
) -> list[ReviewRow]:
    """Match rows to stored orders and decide what can be sent (nothing is sent here).

    Rows of one order are checked together (several numbers = several packages).  Rows the
    importer could not use come back as ``INVALID_TRACKING`` with their reason.
    """
    from amzdesk.shipment import Refusal, plan_shipment

    tbl = table if table is not None else default_table()
    rows = list(result.rows) if isinstance(result, ImportResult) else list(result)
    out: list[ReviewRow] = []
    if isinstance(result, ImportResult):
        for e in result.errors:
            out.append(
                ReviewRow(
                    e.line, e.order_ref, e.tracking, "", ReviewStatus.INVALID_TRACKING, e.message
                )
            )

    # group rows by order (first appearance order kept)
    groups: dict[str, list[LabelRow]] = {}
    orders: dict[str, Order] = {}
    for row in rows:
        order = _find_order(store, row)
        if order is None:
            ref = row.order_ref or row.order_hint[:40]
            out.append(
                ReviewRow(
                    row.line,
                    ref,
                    row.tracking,
                    row.carrier,
                    ReviewStatus.UNMATCHED,
                    M("no_such_order", line=row.line, order=ref),
                )
            )
            continue
        groups.setdefault(order.key, []).append(row)
        orders[order.key] = order

    for key, group in groups.items():
        order = orders[key]
        ref = order.amazon_order_id or order.display_order_number or key
        seen: dict[str, LabelRow] = {}
        unique: list[LabelRow] = []
        for row in group:
            if row.tracking in seen:
                out.append(
                    _rr(
                        row,
                        ref,
                        ReviewStatus.DUPLICATE,
                        M("duplicate", line=row.line, first=seen[row.tracking].line),
                        key,
                    )
                )
                continue
            seen[row.tracking] = row
            unique.append(row)
        carriers = {r.carrier for r in unique}
        multi = len(unique) > 1
        if len(carriers) > 1:
            for row in unique:
                out.append(
                    _rr(
                        row,
                        ref,
                        ReviewStatus.NOT_ALLOWED,
                        M("mixed_carriers", line=row.line, carriers="、".join(sorted(carriers))),
                        key,
                        multi=multi,
                    )
                )
            continue
        carrier = unique[0].carrier
        ship_dates = [r.ship_date for r in unique if r.ship_date is not None]
        ship_date = max(ship_dates) if ship_dates else None
        trackings = [r.tracking for r in unique]
        planned = plan_shipment(
            order, carrier, trackings, via=via, table=tbl, ship_date=ship_date, now=now
        )
        if isinstance(planned, Refusal):
            status = (
                ReviewStatus.INVALID_TRACKING
                if planned.invalid_tracking
                else (
                    ReviewStatus.ALREADY_DONE if planned.already_done else ReviewStatus.NOT_ALLOWED
                )
            )
            for row in unique:
                bad = planned.tracking
                if status is ReviewStatus.INVALID_TRACKING and bad and row.tracking != bad:
                    row_status, reason = (
                        ReviewStatus.NOT_ALLOWED,
                        M("other_row_invalid", line=row.line, tracking=bad),
                    )
                else:
                    row_status = status
                    reason = M("row_reason", line=row.line, reason=planned.reason)
                out.append(
                    _rr(row, ref, row_status, reason, key, rule=planned.rule_id, multi=multi)
                )
            continue
        skipped = set(planned.skipped_trackings)
        for row in unique:
            if row.tracking in skipped:
                out.append(
                    _rr(
                        row,
                        ref,
                        ReviewStatus.ALREADY_DONE,
                        M("already_sent", line=row.line, tracking=row.tracking),
                        key,
                        multi=multi,
                    )
                )
                continue
            note = planned.summary
            if multi:
                note = M("packages", summary=note, count=len(unique))
            out.append(
                replace(
                    _rr(row, ref, ReviewStatus.MATCHED, note, key, multi=multi),
                    side=planned.side,
                    ship_date=ship_date,
                )
            )
    out = _flag_shared(out, store)
    out.sort(key=lambda r: r.line)
    return out


def _flag_shared(rows: list[ReviewRow], store: Store) -> list[ReviewRow]:
    """Sendable rows whose number is also on another order -- in this file or already sent
    from this desk -- become ``SHARED``: one parcel for several orders (同梱) is legitimate, a
    typo is not, so they go out only when the user chooses so."""
    in_file: dict[str, set[str]] = {}
    for r in rows:
        if r.status is ReviewStatus.MATCHED and r.tracking:
            in_file.setdefault(normalize(r.tracking), set()).add(r.order_key)
    owners = store.tracking_owners(in_file) if in_file else {}
    out: list[ReviewRow] = []
    for r in rows:
        n = normalize(r.tracking)
        others = (in_file.get(n, set()) | owners.get(n, set())) - {r.order_key}
        if r.status is not ReviewStatus.MATCHED or not r.tracking or not others:
            out.append(r)
            continue
        refs = "、".join(sorted(_order_ref_of(store, k) for k in others))
        out.append(
            replace(
                r,
                status=ReviewStatus.SHARED,
                reason=M("shared", line=r.line, tracking=r.tracking, orders=refs),
            )
        )
    return out


def _order_ref_of(store: Store, key: str) -> str:
    order = store.get(key)
    if order is None:
        return key
    return order.amazon_order_id or order.display_order_number or key


def _rr(
    row: LabelRow,
    ref: str,
    status: ReviewStatus,
    reason: str,
    key: str,
    *,
    rule: str = "",
    multi: bool = False,
) -> ReviewRow:
    return ReviewRow(
        line=row.line,
        order_ref=ref,
        tracking=row.tracking,
        carrier=row.carrier,
        status=status,
        reason=reason,
        rule_id=rule,
        order_key=key,
        ship_date=row.ship_date,
        multi_package=multi,
    )


@dataclass(frozen=True, slots=True)
class BulkItem:
    """One order to confirm from a review: every sendable number of that order."""

    order_key: str
    carrier: str
    trackings: tuple[str, ...]
    ship_date: date | None
    lines: tuple[int, ...]
    shared_ok: bool = False  # the user chose to send a number shared with another order


def sendable(rows: Iterable[ReviewRow], *, include_shared: bool = False) -> list[BulkItem]:
    """The sendable rows of a review grouped per order (file order kept).  Rows whose number
    is on another order too (``SHARED``) are included only with ``include_shared``."""
    groups: dict[str, list[ReviewRow]] = {}
    shared: set[str] = set()
    for r in rows:
        if r.sendable or (include_shared and r.status is ReviewStatus.SHARED):
            groups.setdefault(r.order_key, []).append(r)
            if r.status is ReviewStatus.SHARED:
                shared.add(r.order_key)
    out: list[BulkItem] = []
    for key, group in groups.items():
        dates = [r.ship_date for r in group if r.ship_date is not None]
        out.append(
            BulkItem(
                order_key=key,
                carrier=group[0].carrier,
                trackings=tuple(r.tracking for r in group if r.tracking),
                ship_date=max(dates) if dates else None,
                lines=tuple(r.line for r in group),
                shared_ok=key in shared,
            )
        )
    return out


def summary(rows: Sequence[ReviewRow]) -> dict[ReviewStatus, int]:
    counts = dict.fromkeys(ReviewStatus, 0)
    for r in rows:
        counts[r.status] += 1
    return counts
