"""makeshop carriers: what Amazon shows after makeshop's conversion, and what to send to SP-API.

The table lives in ``resources/carriers.tsv`` (one row per makeshop carrier, read through
``importlib.resources``).  Its facts come from makeshop's help page:

* ``amazon_name_via_makeshop`` -- the carrier name Amazon shows when the shop does 配送完了 in
  makeshop with that carrier chosen (R-E1).  No carrier, or a carrier without a conversion,
  becomes the generic ``配送業者ABF`` (R-E2), which does not name the real carrier.
* ``tracked`` -- whether the method has a tracking number (``yes`` / ``no`` / ``unknown``).
* ``spapi_carrier_code`` / ``spapi_carrier_name`` -- what to send when confirming on the Amazon
  side: one of Amazon's fixed carrier codes (``YamatoTransport``, ``SagawaExpress``, ``Japan
  Post``, ... -- :data:`amzdesk.assumptions.SPAPI_CARRIER_CODES`).  The user may override them
  (name -> code); an override outside Amazon's list is kept but flagged
  (:meth:`CarrierTable.unknown_spapi_overrides`).  The safe fallback is ``carrierCode="Other"``
  with the Japanese name as ``carrierName`` (R-E3).

A carrier that makeshop does not know (typed by the user) is a *custom* carrier: it can only be
confirmed on the Amazon side, as ``Other`` + its name (R-E3).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from typing import Final

from amzdesk.assumptions import SPAPI_CARRIER_CODES, SPAPI_FALLBACK_CARRIER_CODE
from amzdesk.messages import define

ABF_NAME: Final = "配送業者ABF"
"""The generic carrier name Amazon shows for no carrier / an unconverted carrier (R-E2)."""

NO_CARRIER_NAME: Final = "無し"
OTHER_CODE: Final = SPAPI_FALLBACK_CARRIER_CODE

TSV_COLUMNS: Final = (
    "makeshop_name",
    "makeshop_code",
    "amazon_name_via_makeshop",
    "tracked",
    "tracking_format",
    "spapi_carrier_code",
    "spapi_carrier_name",
    "note",
)

TRACKING_FORMATS: Final = frozenset(
    {"mod7-12", "jp-post", "s10", "dhl10", "digits", "alnum", "none"}
)

# "older makeshop name: レターパック350" in the note column -> alias
_ALIAS_RE = re.compile(r"older makeshop name:\s*([^;,\s]+)")

# Japanese warnings shown in the carrier picker.
WARN_ABF: Final = (
    "Amazon には「配送業者ABF」と表示され、実際の配送業者が伝わりません。"
    "Amazon 側で出荷通知してください"
)
WARN_NO_CARRIER: Final = "配送業者が選ばれていません。"
WARN_TRACKED: Final = (
    "makeshop で配送完了にしても伝票番号は Amazon に届きません。Amazon 側で出荷通知してください"
)
WARN_TRACKED_UNKNOWN: Final = (
    "この配送方法に追跡番号があるか分かりません。"
    "追跡番号がある場合は Amazon 側で出荷通知してください"
)
WARN_CUSTOM: Final = (
    "makeshop に登録がない配送業者です。Amazon 側で配送業者名を指定して出荷通知してください"
)


class Tracked(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _TRACKED_LABELS[self]


_TRACKED_LABELS: Final = {
    Tracked.YES: "追跡番号あり",
    Tracked.NO: "追跡番号なし",
    Tracked.UNKNOWN: "追跡番号の有無不明",
}


def is_amazon_carrier_code(code: str) -> bool:
    """Whether ``code`` is one of Amazon's carrier codes (exact spelling, spaces included)."""
    return code in SPAPI_CARRIER_CODES


def name_key(name: str) -> str:
    """Key for tolerant name matching: NFKC (full-width -> ASCII), no spaces, case-folded."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


COMMON_ALIASES: Final[dict[str, str]] = {
    # What people type or what label software writes -> the makeshop carrier it means.  The
    # carrier picker, the CLI and the label-CSV importer all resolve names through this table,
    # so 「ヤマト運輸」 is never sent to Amazon as an unknown carrier (``Other``).
    "ヤマト": "クロネコヤマト",
    "ヤマト運輸": "クロネコヤマト",
    "クロネコ": "クロネコヤマト",
    "宅急便": "クロネコヤマト",
    "ヤマト宅急便": "クロネコヤマト",
    "クロネコヤマト宅急便": "クロネコヤマト",
    "yamato": "クロネコヤマト",
    "yamato transport": "クロネコヤマト",
    "kuroneko": "クロネコヤマト",
    "佐川": "佐川急便",
    "飛脚宅配便": "佐川急便",
    "sagawa": "佐川急便",
    "sagawa express": "佐川急便",
    "日本郵便": "ゆうパック",
    "郵便": "ゆうパック",
    "郵便局": "ゆうパック",
    "ゆうびん": "ゆうパック",
    "japan post": "ゆうパック",
    "japanpost": "ゆうパック",
    "jp post": "ゆうパック",
    "西濃": "西濃運輸",
    "seino": "西濃運輸",
    "カンガルー便": "西濃運輸",
    "福山": "福山通運",
    "fukuyama": "福山通運",
    "名鉄": "名鉄運輸",
    "トナミ": "トナミ運輸",
    "ems": "EMS国際スピード郵便",
    "国際スピード郵便": "EMS国際スピード郵便",
    "dhl express": "DHL",
    "ネコポス便": "ネコポス",
    "dm便": "クロネコDM便",
    "クリックポスト便": "クリックポスト",
}
"""Common names of makeshop carriers (by ``name_key``; the table's own names win)."""


@dataclass(frozen=True, slots=True)
class Carrier:
    """One makeshop carrier (a row of carriers.tsv), or a custom carrier typed by the user.

    ``code`` is makeshop's ``deliveryCompanyCode`` ("" when unknown).  ``spapi_code`` /
    ``spapi_name`` already include the user's overrides and the R-E3 fallback; use
    :meth:`spapi_fields` for the pair to send.
    """

    name: str
    code: str
    amazon_name: str
    tracked: Tracked
    tracking_format: str
    spapi_code: str
    spapi_name: str
    note: str = ""
    aliases: tuple[str, ...] = ()
    custom: bool = False  # not a makeshop carrier (R-E3)

    @property
    def is_none(self) -> bool:
        """The "無し" row: no carrier chosen."""
        return self.name == NO_CARRIER_NAME and not self.custom

    @property
    def identifies_carrier(self) -> bool:
        """Whether the name Amazon shows after makeshop's conversion names the real carrier."""
        return self.amazon_name != ABF_NAME

    @property
    def converts_via_makeshop(self) -> bool:
        """makeshop's 配送完了 with this carrier reaches Amazon as a real carrier name (R-E1)."""
        return not self.custom and not self.is_none and self.identifies_carrier

    @property
    def can_confirm_on_amazon(self) -> bool:
        """There is something to send as carrier (not "no carrier")."""
        return not self.is_none and bool(self.spapi_code) and bool(self.spapi_name)

    def spapi_fields(self) -> tuple[str, str]:
        """(carrierCode, carrierName) to send; ("", "") for "no carrier" (nothing to send)."""
        if not self.can_confirm_on_amazon:
            return ("", "")
        return (self.spapi_code, self.spapi_name)


@dataclass(frozen=True, slots=True)
class CarrierPreview:
    """What choosing a carrier means, for the picker (live preview, R-E1/R-E2)."""

    carrier: Carrier
    amazon_name_via_makeshop: str
    identifies_carrier: bool
    tracked: Tracked
    spapi_carrier_code: str
    spapi_carrier_name: str
    warnings: tuple[str, ...] = field(default_factory=tuple)
    recommend_amazon_side: bool = True

    @property
    def known(self) -> bool:
        """A makeshop carrier (row of the table), not a typed custom name."""
        return not self.carrier.custom


def _read_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    if reader.fieldnames is None or tuple(reader.fieldnames[: len(TSV_COLUMNS)]) != TSV_COLUMNS:
        raise ValueError(f"carriers.tsv: unexpected header {reader.fieldnames!r}")
    rows: list[dict[str, str]] = []
    for row in reader:
        rows.append({k: (v or "").strip() for k, v in row.items() if k is not None})
    return rows


def read_tsv_text() -> str:
    """The bundled carriers.tsv as text."""
    return (resources.files("resources") / "carriers.tsv").read_text(encoding="utf-8")


def _carrier_from_row(row: Mapping[str, str]) -> Carrier:
    tracked = Tracked(row["tracked"])
    fmt = row["tracking_format"]
    if fmt not in TRACKING_FORMATS:
        raise ValueError(
            f"carriers.tsv: unknown tracking format {fmt!r} for {row['makeshop_name']}"
        )
    note = row.get("note", "")
    return Carrier(
        name=row["makeshop_name"],
        code=row["makeshop_code"],
        amazon_name=row["amazon_name_via_makeshop"],
        tracked=tracked,
        tracking_format=fmt,
        spapi_code=row["spapi_carrier_code"],
        spapi_name=row["spapi_carrier_name"],
        note=note,
        aliases=tuple(_ALIAS_RE.findall(note)),
    )


def _apply_override(carrier: Carrier, code: str | None) -> Carrier:
    """Apply a user override and the R-E3 fallback (Other needs a non-empty carrierName)."""
    if carrier.is_none:
        return carrier
    spapi_code = carrier.spapi_code
    if code is not None:
        spapi_code = code.strip() or OTHER_CODE
    if not spapi_code:
        spapi_code = OTHER_CODE
    spapi_name = carrier.spapi_name or carrier.name
    return replace(carrier, spapi_code=spapi_code, spapi_name=spapi_name)


class CarrierTable:
    """All makeshop carriers, with lookups by name, alias and makeshop code."""

    def __init__(self, carriers: Iterable[Carrier], overrides: Mapping[str, str] | None = None):
        base = list(carriers)
        self._base: tuple[Carrier, ...] = tuple(base)
        self._by_key: dict[str, Carrier] = {}
        self._by_code: dict[str, Carrier] = {}
        # resolve override keys (name, alias or makeshop code) to carrier names
        wanted: dict[str, str] = {}
        self.unknown_override_keys: tuple[str, ...] = ()
        if overrides:
            index = {name_key(n): c.name for c in base for n in (c.name, *c.aliases)}
            names = {c.name for c in base}
            for alias, aliased in COMMON_ALIASES.items():
                if aliased in names:
                    index.setdefault(name_key(alias), aliased)
            codes = {c.code: c.name for c in base if c.code}
            unknown: list[str] = []
            for key, code in overrides.items():
                target = index.get(name_key(key)) or codes.get(key.strip())
                if target is None:
                    unknown.append(key)
                else:
                    wanted[target] = code
            self.unknown_override_keys = tuple(unknown)
        self._carriers: tuple[Carrier, ...] = tuple(
            _apply_override(c, wanted.get(c.name)) for c in base
        )
        self._overrides: dict[str, str] = dict(overrides or {})
        for c in self._carriers:
            for n in (c.name, *c.aliases):
                self._by_key.setdefault(name_key(n), c)
            if c.code:
                self._by_code.setdefault(c.code, c)
        by_name = {c.name: c for c in self._carriers}
        for alias, target in COMMON_ALIASES.items():
            found = by_name.get(target)
            if found is not None:
                self._by_key.setdefault(name_key(alias), found)

    @classmethod
    def load(cls, overrides: Mapping[str, str] | None = None) -> CarrierTable:
        """The bundled table; ``overrides`` maps carrier name (or alias / makeshop code) to an
        SP-API carrierCode.  Unknown keys are ignored and listed in ``unknown_override_keys``."""
        return cls(_base_carriers(), overrides)

    @classmethod
    def from_tsv(cls, text: str, overrides: Mapping[str, str] | None = None) -> CarrierTable:
        return cls((_carrier_from_row(r) for r in _read_rows(text)), overrides)

    def with_overrides(self, overrides: Mapping[str, str] | None) -> CarrierTable:
        """The same rows with other overrides."""
        return CarrierTable(self._base, overrides)

    @property
    def overrides(self) -> dict[str, str]:
        return dict(self._overrides)

    def unknown_spapi_overrides(self) -> dict[str, str]:
        """User overrides whose code is not in Amazon's list (kept as the user set them; Amazon
        may refuse them, or accept them and drop the carrier -- the read-back then shows it)."""
        return {
            key: code.strip()
            for key, code in self._overrides.items()
            if code.strip() and not is_amazon_carrier_code(code.strip())
        }

    def all(self) -> tuple[Carrier, ...]:
        """Every makeshop carrier, in the file's order (無し first)."""
        return self._carriers

    def names(self) -> list[str]:
        return [c.name for c in self._carriers]

    def __len__(self) -> int:
        return len(self._carriers)

    def __iter__(self) -> Iterator[Carrier]:
        return iter(self._carriers)

    def by_name(self, name: str | None) -> Carrier | None:
        """Carrier by makeshop name, older name or common name (:data:`COMMON_ALIASES`:
        「ヤマト運輸」 -> クロネコヤマト); full-width / spacing / case tolerant."""
        if name is None:
            return None
        return self._by_key.get(name_key(name))

    def by_code(self, code: str | None) -> Carrier | None:
        """Carrier by makeshop ``deliveryCompanyCode`` (e.g. "002"); "" -> None."""
        if not code:
            return None
        code = code.strip()
        found = self._by_code.get(code)
        if found is None and code.isdigit():
            found = self._by_code.get(code.zfill(3))
        return found

    @property
    def none(self) -> Carrier:
        """The "無し" (no carrier) row."""
        found = self._by_key.get(name_key(NO_CARRIER_NAME))
        assert found is not None, "carriers.tsv lacks the 無し row"
        return found

    def custom(self, name: str) -> Carrier:
        """A carrier not registered in makeshop (R-E3): Amazon side only, ``Other`` + name."""
        clean = " ".join(unicodedata.normalize("NFKC", name).split())
        if not clean:
            raise ValueError("custom carrier name is empty")
        code = self._override_for_custom(clean)
        return Carrier(
            name=clean,
            code="",
            amazon_name=ABF_NAME,
            tracked=Tracked.UNKNOWN,
            tracking_format="alnum",
            spapi_code=code,
            spapi_name=clean,
            note="not registered in makeshop: R-E3",
            custom=True,
        )

    def _override_for_custom(self, name: str) -> str:
        key = name_key(name)
        for k, v in self._overrides.items():
            if name_key(k) == key and v.strip():
                return v.strip()
        return OTHER_CODE

    def resolve(self, carrier: Carrier | str | None) -> Carrier:
        """A Carrier for any input: a Carrier as is; None / "" -> 無し; a makeshop name, alias or
        code -> its row; anything else -> a custom carrier (R-E3)."""
        if isinstance(carrier, Carrier):
            return carrier
        if carrier is None or not carrier.strip():
            return self.none
        found = self.by_name(carrier) or self.by_code(carrier)
        if found is not None:
            return found
        return self.custom(carrier)

    def preview(self, carrier: Carrier | str | None) -> CarrierPreview:
        """What choosing ``carrier`` (a name, a Carrier, or None) means, with warnings."""
        c = self.resolve(carrier)
        return preview_of(c)


def preview_of(c: Carrier) -> CarrierPreview:
    warnings: list[str] = []
    if c.custom:
        warnings.append(WARN_CUSTOM)
    elif c.is_none:
        warnings.append(WARN_NO_CARRIER + WARN_ABF)
    else:
        if not c.identifies_carrier:
            warnings.append(WARN_ABF)
        if c.tracked is Tracked.YES:
            warnings.append(WARN_TRACKED)
        elif c.tracked is Tracked.UNKNOWN:
            warnings.append(WARN_TRACKED_UNKNOWN)
    code, name = c.spapi_fields()
    return CarrierPreview(
        carrier=c,
        amazon_name_via_makeshop=c.amazon_name,
        identifies_carrier=c.identifies_carrier,
        tracked=c.tracked,
        spapi_carrier_code=code,
        spapi_carrier_name=name,
        warnings=tuple(warnings),
        recommend_amazon_side=not (c.converts_via_makeshop and c.tracked is Tracked.NO),
    )


PM = define(
    "carriers",
    {
        "shop_code": "makeshop に送る配送業者: {name}（コード {code}）",
        "shop_no_code": (
            "「{name}」には makeshop の配送業者コードがないため、ここから配送完了にできません。"
            "makeshop の管理画面で配送業者を選んでください"
        ),
        "shop_none": "配送業者を選ばずに配送完了にします",
        "shop_custom": "makeshop に登録がない配送業者は、自社の注文では選べません",
        "fba": "FBA の注文は Amazon が出荷します。配送業者を選ぶ必要はありません",
        "via_makeshop": "makeshop で配送完了にした場合の Amazon での表示: {name}",
        "via_makeshop_abf": (
            "makeshop で配送完了にした場合の Amazon での表示: {name}"
            "（実際の配送業者は伝わりません）"
        ),
        "custom": "makeshop に登録がない配送業者です",
        "send_amazon": "Amazon 側で出荷通知した場合に送る配送業者: {name}（{code}）",
        "send_amazon_plain": "Amazon 側で出荷通知した場合に送る配送業者: {name}",
        "choose_for_amazon": "Amazon 側で出荷通知するには配送業者を選んでください",
        "recommend_amazon": "おすすめ: Amazon 側で出荷通知する",
        "makeshop_ok": "makeshop で配送完了にしても Amazon に正しく伝わります",
    },
)


def preview_lines(p: CarrierPreview, channel: str = "amazon-mfn") -> list[str]:
    """What choosing ``p.carrier`` means for an order of kind ``channel`` ("shop",
    "amazon-mfn", "amazon-fba"), as messages (amzdesk.messages): only what applies to that kind.
    A shop order goes to makeshop only (its carrier code matters, Amazon's names do not); an
    FBA order needs no carrier; an Amazon merchant-fulfilled order gets both sides' effect."""
    c = p.carrier
    if channel == "amazon-fba":
        return [PM("fba")]
    if channel == "shop":
        if c.custom:
            return [PM("shop_custom")]
        if c.is_none:
            return [PM("shop_none")]
        if not c.code:
            return [PM("shop_no_code", name=c.name)]
        return [PM("shop_code", name=c.name, code=c.code), c.tracked.label]
    lines: list[str] = []
    if p.known:
        key = "via_makeshop" if p.identifies_carrier else "via_makeshop_abf"
        lines.append(PM(key, name=p.amazon_name_via_makeshop))
    else:
        lines.append(PM("custom"))
    if p.spapi_carrier_code and p.spapi_carrier_code != p.spapi_carrier_name:
        lines.append(PM("send_amazon", name=p.spapi_carrier_name, code=p.spapi_carrier_code))
    elif p.spapi_carrier_code:
        lines.append(PM("send_amazon_plain", name=p.spapi_carrier_name))
    else:
        lines.append(PM("choose_for_amazon"))
    lines.append(p.tracked.label)
    lines.extend(p.warnings)
    lines.append(PM("recommend_amazon") if p.recommend_amazon_side else PM("makeshop_ok"))
    return lines


def display_name(raw: str, table: CarrierTable | None = None) -> str:
    """One Japanese name per carrier for the list, whatever form ``raw`` has: a makeshop code
    ("002"), a makeshop name or alias (クロネコヤマト), an SP-API carrier code ("YamatoTransport",
    "Yamato Transport") or Amazon's name (ヤマト運輸) all give ヤマト運輸.  Unknown values are
    returned as they are (the raw code stays in the details)."""
    if not raw:
        return ""
    tbl = table if table is not None else default_table()
    return _display_names(tbl).get(name_key(raw), raw)


_DISPLAY_CACHE: dict[int, dict[str, str]] = {}


def _display_names(tbl: CarrierTable) -> dict[str, str]:
    cached = _DISPLAY_CACHE.get(id(tbl))
    if cached is not None:
        return cached
    out: dict[str, str] = {}
    for c in tbl.all():
        if c.is_none:
            continue
        shown = c.amazon_name if c.identifies_carrier else c.name
        for key in (c.name, *c.aliases, c.code, c.amazon_name if c.identifies_carrier else ""):
            if key:
                out.setdefault(name_key(key), shown)
    for c in tbl.all():  # SP-API codes last: several makeshop rows share one ("Japan Post")
        if c.spapi_code and c.spapi_code != OTHER_CODE and c.identifies_carrier:
            out.setdefault(name_key(c.spapi_code), c.amazon_name)
    _DISPLAY_CACHE.clear()
    _DISPLAY_CACHE[id(tbl)] = out
    return out


@lru_cache(maxsize=1)
def _base_carriers() -> tuple[Carrier, ...]:
    return tuple(_carrier_from_row(r) for r in _read_rows(read_tsv_text()))


@lru_cache(maxsize=1)
def default_table() -> CarrierTable:
    """The bundled table without overrides (shared, immutable)."""
    return CarrierTable.load()
