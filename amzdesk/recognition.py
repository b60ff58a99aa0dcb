"""Recognising Amazon orders among makeshop orders, failing safe (no Qt, no I/O).

How an Amazon-originated order looks in makeshop's API is not public (fact sheet §9, §12), so an
order is taken for an Amazon one on *any* of these signals, and an order with only a weak sign
is kept as a shop order marked "may be Amazon's" (the window and the command line then ask for an
explicit confirmation before makeshop's 配送完了, R-F3):

* ``pay-method``: ``payMethod`` starts with a marketplace prefix
  (「Amazonマーケットプレイス決済」, also 「…(代引き)」) and contains no exclusion
  (「イプシロン:Amazon Pay」 is a shop payment method);
* ``order-id``: an Amazon order ID (3-7-7 digits) anywhere in the order: the note, a delivery's
  note, the order numbers;
* ``match``: both services configured, an SP-API order with no makeshop side yet whose date is
  near and whose items are the same (see :func:`match_orders`).

Weak signs (``maybe:*``): the payment method mentions Amazon without being a known marketplace
name nor an exclusion; an SP-API order with the same date and some of the same items.

The patterns are defaults from :mod:`amzdesk.assumptions`; settings (advanced) may override them
(:meth:`Recognition.from_settings`) so that a real shop can be served without a release.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Any, Final

from amzdesk import assumptions
from amzdesk.messages import Msg, define
from amzdesk.models import AmazonSide, MakeshopSide, OrderItem

__all__ = [
    "MAYBE_PREFIX",
    "SIGNAL_MATCH",
    "SIGNAL_ORDER_ID",
    "SIGNAL_PAY_METHOD",
    "MatchReport",
    "Recognition",
    "is_amazon",
    "maybe_amazon",
    "maybe_reasons",
]

SIGNAL_PAY_METHOD: Final = "pay-method"
SIGNAL_ORDER_ID: Final = "order-id"
SIGNAL_MATCH: Final = "match"
MAYBE_PREFIX: Final = "maybe:"
MAYBE_PAY_METHOD: Final = MAYBE_PREFIX + "pay-method"
MAYBE_SIMILAR: Final = MAYBE_PREFIX + "similar-amazon-order"

_STRONG: Final = frozenset({SIGNAL_PAY_METHOD, SIGNAL_ORDER_ID, SIGNAL_MATCH})
_AMAZON_WORDS: Final = ("amazon", "アマゾン")

M = define(
    "recognition",
    {
        # reasons of the R-F3 warning (the signal names themselves stay in logs / --json)
        "maybe_pay_method": "決済方法に Amazon の名前が含まれています",
        "maybe_similar": "同じころに似た内容の Amazon の注文があります",
        # the match report
        "seen": "makeshop の注文: {count} 件",
        "recognised": "Amazon の注文と判定: {count} 件",
        "matched": "Amazon の注文と照合済み: {count} 件",
        "matched_by_items": (
            "Amazon の注文と照合済み: {count} 件（うち商品と日付で照合 {items} 件）"
        ),
        "unmatched_makeshop": "照合できない makeshop 側の Amazon の注文: {count} 件",
        "unmatched_spapi": "makeshop に見つからない Amazon の注文: {count} 件",
        "no_amazon": "Amazon が未設定のため照合していません",
        "maybe": "Amazon の注文かもしれないショップの注文: {count} 件（配送完了の前に確認します）",
        # settings errors (the setting's own key stays out of the sentence)
        "label_prefixes": "Amazon の注文の決済方法",
        "label_excludes": "ショップの注文の決済方法",
        "not_text_list": "{label}: 文字列の一覧で指定してください",
        "pattern_empty": "Amazon 注文番号のパターンが空です",
        "pattern_bad": "Amazon 注文番号のパターンが正しくありません：{detail}",
        "window_not_number": "照合の時間幅は数値（時間）で指定してください",
        "window_range": "照合の時間幅は 0〜{high} 時間で指定してください",
    },
)
_MAYBE_TEXT: Final = {MAYBE_PAY_METHOD: "maybe_pay_method", MAYBE_SIMILAR: "maybe_similar"}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def is_amazon(side: MakeshopSide | None) -> bool:
    """The makeshop order is taken for an Amazon one (a strong signal; the payment method is
    also checked against the default patterns, for sides stored before signals existed)."""
    return side is not None and (
        bool(side.amazon_order_id)
        or any(s in _STRONG for s in side.amazon_signals)
        or _DEFAULT.is_marketplace_pay_method(side.pay_method)
    )


def maybe_amazon(side: MakeshopSide | None) -> bool:
    """Not recognised as Amazon's, but a weak sign says it may be (fail safe: R-F3 guard)."""
    return (
        side is not None
        and not is_amazon(side)
        and any(s.startswith(MAYBE_PREFIX) for s in side.amazon_signals)
    )


def maybe_reasons(side: MakeshopSide | None) -> list[Msg]:
    """Reasons of :func:`maybe_amazon` (messages)."""
    if side is None:
        return []
    return [
        M(_MAYBE_TEXT[s])
        for s in side.amazon_signals
        if s.startswith(MAYBE_PREFIX) and s in _MAYBE_TEXT
    ]


@dataclass(frozen=True)
class Recognition:
    """The recognition patterns (defaults: :mod:`amzdesk.assumptions`)."""

    pay_method_prefixes: tuple[str, ...] = assumptions.AMAZON_PAY_METHOD_PREFIXES
    pay_method_excludes: tuple[str, ...] = assumptions.AMAZON_PAY_METHOD_EXCLUDES
    order_id_pattern: str = assumptions.AMAZON_ORDER_ID_PATTERN
    match_window_s: int = assumptions.AMAZON_MATCH_WINDOW_S

    def __post_init__(self) -> None:
        re.compile(self.order_id_pattern)  # raises re.error for a bad pattern
        if self.match_window_s < 0:
            raise ValueError("match_window_s must be >= 0")

    @cached_property
    def _id_re(self) -> re.Pattern[str]:
        return re.compile(self.order_id_pattern)

    # -- settings ----------------------------------------------------------------------------

    @classmethod
    def from_settings(cls, data: Mapping[str, Any] | None) -> Recognition:
        """From the settings' ``amazon_recognition`` mapping; missing keys keep the defaults.
        Raises ValueError (with a Japanese message) for a value that cannot be used."""
        if not data:
            return cls()
        kw: dict[str, Any] = {}
        for key in ("pay_method_prefixes", "pay_method_excludes"):
            if key in data:
                value = data[key]
                if isinstance(value, str):
                    value = [line for line in value.splitlines()]
                if not isinstance(value, list | tuple) or not all(
                    isinstance(v, str) for v in value
                ):
                    label = M(
                        "label_prefixes" if key == "pay_method_prefixes" else "label_excludes"
                    )
                    raise ValueError(M("not_text_list", label=label))
                kw[key] = tuple(v.strip() for v in value if v.strip())
        if "order_id_pattern" in data:
            pattern = data["order_id_pattern"]
            if not isinstance(pattern, str) or not pattern.strip():
                raise ValueError(M("pattern_empty"))
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(M("pattern_bad", detail=str(exc))) from None
            kw["order_id_pattern"] = pattern.strip()
        if "match_window_hours" in data:
            try:
                hours = float(data["match_window_hours"])
            except (TypeError, ValueError):
                raise ValueError(M("window_not_number")) from None
            if not 0 <= hours <= 24 * 14:
                raise ValueError(M("window_range", high=24 * 14))
            kw["match_window_s"] = int(hours * 3600)
        return cls(**kw)

    def to_settings(self) -> dict[str, Any]:
        return {
            "pay_method_prefixes": list(self.pay_method_prefixes),
            "pay_method_excludes": list(self.pay_method_excludes),
            "order_id_pattern": self.order_id_pattern,
            "match_window_hours": self.match_window_s / 3600,
        }

    # -- signals from one makeshop order -------------------------------------------------------

    def is_marketplace_pay_method(self, pay_method: str | None) -> bool:
        pm = _norm(pay_method or "")
        if not pm or self.is_excluded_pay_method(pm):
            return False
        return any(pm.startswith(_norm(p)) for p in self.pay_method_prefixes if p)

    def is_excluded_pay_method(self, pay_method: str | None) -> bool:
        pm = _norm(pay_method or "").casefold()
        return any(_norm(x).casefold() in pm for x in self.pay_method_excludes if x)

    def find_order_id(self, texts: Iterable[str | None]) -> str:
        """The first Amazon order ID in ``texts`` (normalised to half-width), or ""."""
        for text in texts:
            if not text:
                continue
            m = self._id_re.search(_norm(text))
            if m:
                return m.group(0)
        return ""

    def signals(
        self, pay_method: str | None, texts: Iterable[str | None]
    ) -> tuple[str, tuple[str, ...]]:
        """(Amazon order ID or "", signals) for one makeshop order."""
        out: list[str] = []
        order_id = self.find_order_id(texts)
        if order_id:
            out.append(SIGNAL_ORDER_ID)
        if self.is_marketplace_pay_method(pay_method):
            out.append(SIGNAL_PAY_METHOD)
        elif not self.is_excluded_pay_method(pay_method):
            pm = _norm(pay_method or "").casefold()
            if any(w in pm for w in _AMAZON_WORDS):
                out.append(MAYBE_PAY_METHOD)
        return order_id, tuple(out)

    # -- matching to SP-API orders ----------------------------------------------------------

    def match(
        self, side: MakeshopSide, candidates: Sequence[AmazonSide]
    ) -> tuple[AmazonSide | None, bool]:
        """(the one SP-API order ``side`` matches, or None; whether a similar one exists).

        A match: created within the window of the makeshop order date and the same items
        (SKU and quantity).  Two equal candidates are ambiguous: no match, but similar."""
        window = timedelta(seconds=self.match_window_s)
        mine = _item_key(side.items)
        exact: list[AmazonSide] = []
        similar = False
        for az in candidates:
            if abs(az.created - side.order_date) > window:
                continue
            theirs = _item_key(az.items)
            if mine and theirs == mine:
                exact.append(az)
            elif mine and theirs and set(mine) & set(theirs):
                similar = True
        if len(exact) == 1:
            return exact[0], similar
        return None, similar or len(exact) > 1


_DEFAULT: Final = Recognition()


def _item_key(items: Iterable[OrderItem]) -> Counter[str]:
    c: Counter[str] = Counter()
    for it in items:
        sku = _norm(it.sku).casefold()
        if sku:
            c[sku] += it.quantity
    return c


@dataclass(slots=True)
class MatchReport:
    """What one sync saw: makeshop orders, how many are Amazon's, matched, unmatched."""

    makeshop_seen: int = 0
    recognised_amazon: int = 0  # by payment method or an order ID in the order
    matched_to_spapi: int = 0  # makeshop Amazon orders with their SP-API order in the store
    matched_by_items: int = 0  # of those, found only by date and items
    maybe_amazon: int = 0  # shop orders that may be Amazon's (R-F3 guard)
    unmatched_makeshop: int = 0  # recognised as Amazon, no SP-API order found
    unmatched_spapi: int = 0  # SP-API merchant orders in the window with no makeshop order
    amazon_configured: bool = False
    examples: dict[str, list[str]] = field(default_factory=dict)  # kind -> order refs (<= 5)

    def note(self, kind: str, ref: str) -> None:
        refs = self.examples.setdefault(kind, [])
        if len(refs) < 5 and ref not in refs:
            refs.append(ref)

    def as_dict(self) -> dict[str, Any]:
        return {
            "makeshop_seen": self.makeshop_seen,
            "recognised_amazon": self.recognised_amazon,
            "matched_to_spapi": self.matched_to_spapi,
            "matched_by_items": self.matched_by_items,
            "maybe_amazon": self.maybe_amazon,
            "unmatched_makeshop": self.unmatched_makeshop,
            "unmatched_spapi": self.unmatched_spapi,
            "amazon_configured": self.amazon_configured,
            "examples": {k: list(v) for k, v in self.examples.items()},
        }

    def headline(self) -> Msg | None:
        """The one line worth showing next to the sync summary, if any needs attention."""
        if self.maybe_amazon:
            return M("maybe", count=self.maybe_amazon)
        if self.amazon_configured and self.unmatched_makeshop:
            return M("unmatched_makeshop", count=self.unmatched_makeshop)
        return None

    def lines(self) -> list[Msg]:
        """Sentences for the sync summary (messages)."""
        out = [M("seen", count=self.makeshop_seen), M("recognised", count=self.recognised_amazon)]
        if self.amazon_configured:
            if self.matched_by_items:
                out.append(
                    M("matched_by_items", count=self.matched_to_spapi, items=self.matched_by_items)
                )
            else:
                out.append(M("matched", count=self.matched_to_spapi))
            out.append(M("unmatched_makeshop", count=self.unmatched_makeshop))
            out.append(M("unmatched_spapi", count=self.unmatched_spapi))
        else:
            out.append(M("no_amazon"))
        if self.maybe_amazon:
            out.append(M("maybe", count=self.maybe_amazon))
        return out
