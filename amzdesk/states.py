"""Combined states of an order across makeshop, Amazon and this app's own journal.

One order has up to three sources of truth: Amazon's fulfilment status, makeshop's 処理区分 and
決済ステータス, and what this app did (``Order.notes``).  ``combined_state`` folds them into the
single state the list shows at a glance (R-F2 同期待ち, R-F3 連携失敗, R-C1 返送反映待ち, R-G1 FBA).

Precedence, first match wins:

1. ``notes.outcome_unknown``                 -> OUTCOME_UNKNOWN (an action's result is not known)
2. cancelled (Amazon, or makeshop when no Amazon side)  -> CANCELLED
3. FBA                                       -> FBA
4. shop orders: makeshop 処理区分 N / Y / R    -> SHOP_UNSHIPPED / SHOP_SHIPPED / RETURNED
5. makeshop 処理区分 返送                      -> RETURNED
6. ``notes.return_done_in_seller_central``   -> RETURN_PENDING (R-C1)
7. 決済ステータス 連携失敗                       -> LINK_FAILED_OK when Amazon shipped, CONFIRM_SENT
                                                when this app's confirmation covers the order,
                                                else LINK_FAILED_TO_CONFIRM (R-F3)
8. Amazon still needs shipping, but the packages this app confirmed cover every item
                                             -> CONFIRM_SENT (waiting for Amazon to reflect it)
9. ``notes.exported_not_confirmed`` while Amazon still needs shipping -> UPLOAD_PENDING
10. Amazon reports a status this app does not know -> AMAZON_UNKNOWN (to do: check it)
    Amazon UNSHIPPED / PARTIALLY_SHIPPED     -> AMAZON_TO_CONFIRM (R-B1)
11. Amazon SHIPPED: makeshop still 未処理      -> SYNC_PENDING (R-F2), otherwise DONE
12. Amazon PENDING / PENDING_AVAILABILITY    -> AMAZON_PENDING; UNFULFILLABLE -> UNFULFILLABLE
13. MFN without an Amazon side yet: makeshop 未処理 -> AMAZON_TO_CONFIRM, 配送 -> DONE
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Final

from amzdesk.assumptions import PAYMENT_STATUS_LINK_FAILED
from amzdesk.clock import to_jst
from amzdesk.models import AmazonStatus, Channel, DeliveryStatus, Order, is_known_status


class CombinedState(StrEnum):
    """The state shown in the list.  The value is a short English id; ``label`` is Japanese."""

    SHOP_UNSHIPPED = "shop-unshipped"
    SHOP_SHIPPED = "shop-shipped"
    AMAZON_TO_CONFIRM = "to-confirm"
    SYNC_PENDING = "sync-pending"
    DONE = "done"
    LINK_FAILED_OK = "link-failed-ok"
    LINK_FAILED_TO_CONFIRM = "link-failed-to-confirm"
    RETURN_PENDING = "return-pending"
    RETURNED = "returned"
    CANCELLED = "cancelled"
    FBA = "fba"
    OUTCOME_UNKNOWN = "outcome-unknown"
    UPLOAD_PENDING = "upload-pending"
    CONFIRM_SENT = "confirm-sent"
    AMAZON_PENDING = "amazon-pending"
    UNFULFILLABLE = "unfulfillable"
    AMAZON_UNKNOWN = "amazon-unknown"

    @property
    def label(self) -> str:
        """Short Japanese label for the list."""
        return _STATE_LABELS[self]

    @property
    def description(self) -> str:
        """One Japanese sentence for a tooltip."""
        return _STATE_DESCRIPTIONS[self]

    @property
    def needs_action(self) -> bool:
        """The shop owner has something to do for an order in this state."""
        return self in _ACTION_STATES


_STATE_LABELS: Final = {
    CombinedState.SHOP_UNSHIPPED: "未発送",
    CombinedState.SHOP_SHIPPED: "発送済み",
    CombinedState.AMAZON_TO_CONFIRM: "要出荷通知",
    CombinedState.SYNC_PENDING: "makeshop 同期待ち",
    CombinedState.DONE: "完了",
    CombinedState.LINK_FAILED_OK: "連携失敗・対応不要",
    CombinedState.LINK_FAILED_TO_CONFIRM: "連携失敗・要出荷通知",
    CombinedState.RETURN_PENDING: "返送反映待ち",
    CombinedState.RETURNED: "返送済み",
    CombinedState.CANCELLED: "キャンセル",
    CombinedState.FBA: "FBA（Amazon が出荷）",
    CombinedState.OUTCOME_UNKNOWN: "結果確認中",
    CombinedState.UPLOAD_PENDING: "アップロード待ち",
    CombinedState.CONFIRM_SENT: "Amazon 反映待ち",
    CombinedState.AMAZON_PENDING: "Amazon 保留中",
    CombinedState.UNFULFILLABLE: "出荷不可（Amazon）",
    CombinedState.AMAZON_UNKNOWN: "Amazon の状態が不明",
}

_STATE_DESCRIPTIONS: Final = {
    CombinedState.SHOP_UNSHIPPED: "ショップの注文で、まだ発送していません。",
    CombinedState.SHOP_SHIPPED: "ショップの注文で、配送完了にしてあります。",
    CombinedState.AMAZON_TO_CONFIRM: "Amazon に出荷通知がまだ届いていません（R-B1）。",
    CombinedState.SYNC_PENDING: (
        "Amazon では出荷済みです。makeshop は自動で配送完了になるので、待ってください（R-F2）。"
    ),
    CombinedState.DONE: "Amazon でも makeshop でも出荷済みです。",
    CombinedState.LINK_FAILED_OK: (
        "決済ステータスが連携失敗ですが、Amazon では出荷済みなので対応は不要です（R-F3）。"
    ),
    CombinedState.LINK_FAILED_TO_CONFIRM: (
        "決済ステータスが連携失敗です。Amazon 側で出荷通知してください（R-F3）。"
    ),
    CombinedState.RETURN_PENDING: (
        "Seller Central で返送処理済みです。makeshop の処理区分が「返送」になるまで待ってください"
        "（R-C1）。"
    ),
    CombinedState.RETURNED: "返送済みです。",
    CombinedState.CANCELLED: "キャンセルされた注文です。",
    CombinedState.FBA: "FBA の注文です。Amazon が出荷するので、ここでは何もできません（R-G1）。",
    CombinedState.OUTCOME_UNKNOWN: (
        "送信した処理の結果がまだ分かりません。結果を確認するまで同じ処理はしないでください。"
    ),
    CombinedState.UPLOAD_PENDING: (
        "Amazon 用のアップロードファイルに書き出し済みです。"
        "Amazon が出荷済みと報告するまで待ってください。"
    ),
    CombinedState.CONFIRM_SENT: (
        "このアプリから Amazon に出荷通知済みです。"
        "Amazon の状態が出荷済みになるまで待ってください。"
    ),
    CombinedState.AMAZON_PENDING: "Amazon で保留中（支払い確認中など）のため、まだ出荷できません。",
    CombinedState.UNFULFILLABLE: "Amazon がこの注文を出荷できない状態と報告しています。",
    CombinedState.AMAZON_UNKNOWN: (
        "Amazon がこのアプリの知らない状態を返しました。"
        "セラーセントラルで注文の状態を確認してください。"
    ),
}

_ACTION_STATES: Final = frozenset(
    {
        CombinedState.SHOP_UNSHIPPED,
        CombinedState.AMAZON_TO_CONFIRM,
        CombinedState.LINK_FAILED_TO_CONFIRM,
        CombinedState.RETURN_PENDING,
        CombinedState.OUTCOME_UNKNOWN,
        CombinedState.UPLOAD_PENDING,
        CombinedState.AMAZON_UNKNOWN,
    }
)


class Deadline(StrEnum):
    """Amazon's latest ship date against now, in JST calendar days."""

    OVERDUE = "overdue"
    DUE_TODAY = "due-today"
    LATER = "later"
    NONE = "none"

    @property
    def label(self) -> str:
        return _DEADLINE_LABELS[self]


_DEADLINE_LABELS: Final = {
    Deadline.OVERDUE: "期限切れ",
    Deadline.DUE_TODAY: "今日が期限",
    Deadline.LATER: "",
    Deadline.NONE: "",
}


def is_link_failed(order: Order) -> bool:
    """makeshop's 決済ステータス is 連携失敗 (R-F3)."""
    ms = order.makeshop
    return ms is not None and ms.payment_status == PAYMENT_STATUS_LINK_FAILED


def amazon_needs_shipping(order: Order) -> bool:
    """Amazon says the order is (still) unshipped or partially shipped."""
    return order.amazon is not None and order.amazon.status.needs_shipping


def amazon_shipped(order: Order) -> bool:
    return order.amazon is not None and order.amazon.status is AmazonStatus.SHIPPED


def confirmed_covers_order(order: Order) -> bool:
    """The packages this app confirmed on Amazon cover every item of the order.

    A confirmed package without item lines stands for the whole order.  Otherwise each Amazon
    item needs max(Amazon's quantity shipped, quantity in confirmed packages) >= its quantity
    (the max, not the sum, so a package Amazon already reflects is not counted twice).
    """
    packages = order.notes.confirmed_packages
    if not packages:
        return False
    if any(not p.items for p in packages):
        return True
    az = order.amazon
    if az is None or not az.items:
        return True
    confirmed: dict[str, int] = {}
    for p in packages:
        for item_id, qty in p.items:
            confirmed[item_id] = confirmed.get(item_id, 0) + qty
    return all(
        max(item.quantity_shipped, confirmed.get(item.order_item_id, 0)) >= item.quantity
        for item in az.items
    )


def combined_state(order: Order) -> CombinedState:
    """The single state of ``order`` (see the module docstring for the precedence)."""
    az = order.amazon
    ms = order.makeshop
    if order.notes.outcome_unknown:
        return CombinedState.OUTCOME_UNKNOWN
    if az is not None and az.status is AmazonStatus.CANCELLED:
        return CombinedState.CANCELLED
    if az is None and ms is not None and ms.delivery_status is DeliveryStatus.CANCELLED:
        return CombinedState.CANCELLED
    if order.channel is Channel.AMAZON_FBA:
        return CombinedState.FBA
    if order.channel is Channel.SHOP:
        if ms is None:
            return CombinedState.SHOP_UNSHIPPED
        return {
            DeliveryStatus.UNPROCESSED: CombinedState.SHOP_UNSHIPPED,
            DeliveryStatus.SHIPPED: CombinedState.SHOP_SHIPPED,
            DeliveryStatus.RETURNED: CombinedState.RETURNED,
            DeliveryStatus.CANCELLED: CombinedState.CANCELLED,
        }[ms.delivery_status]
    # Amazon merchant-fulfilled
    if ms is not None and ms.delivery_status is DeliveryStatus.RETURNED:
        return CombinedState.RETURNED
    if order.notes.return_done_in_seller_central:
        return CombinedState.RETURN_PENDING
    if is_link_failed(order):
        if amazon_shipped(order):
            return CombinedState.LINK_FAILED_OK
        if az is not None and confirmed_covers_order(order):
            return CombinedState.CONFIRM_SENT
        return CombinedState.LINK_FAILED_TO_CONFIRM
    if az is None:
        if ms is not None and ms.delivery_status is DeliveryStatus.SHIPPED:
            return CombinedState.DONE
        return CombinedState.AMAZON_TO_CONFIRM
    if not is_known_status(az.status):
        return CombinedState.AMAZON_UNKNOWN
    if az.status.needs_shipping:
        if confirmed_covers_order(order):
            return CombinedState.CONFIRM_SENT
        if order.notes.exported_not_confirmed:
            return CombinedState.UPLOAD_PENDING
        return CombinedState.AMAZON_TO_CONFIRM
    if az.status is AmazonStatus.SHIPPED:
        if ms is not None and ms.delivery_status is DeliveryStatus.UNPROCESSED:
            return CombinedState.SYNC_PENDING
        return CombinedState.DONE
    if az.status is AmazonStatus.UNFULFILLABLE:
        return CombinedState.UNFULFILLABLE
    return CombinedState.AMAZON_PENDING


def needs_action(order: Order) -> bool:
    """Unshipped merchant-fulfilled orders, 連携失敗 with something left to do, returns pending
    in makeshop, shop orders 未処理, and actions whose outcome is unknown."""
    return combined_state(order).needs_action


def deadline(order: Order, now: datetime) -> Deadline:
    """Amazon's latest ship date against ``now`` for orders Amazon still wants shipped.

    OVERDUE once the latest ship time has passed or its JST date is before today's; DUE_TODAY
    when it falls on today's JST date; LATER after; NONE for shop, FBA, shipped, cancelled or
    returned orders, orders whose confirmation this app already sent, and when Amazon gave no
    date.
    """
    az = order.amazon
    if order.channel is not Channel.AMAZON_MFN or az is None or az.ship_by_latest is None:
        return Deadline.NONE
    if not az.status.needs_shipping:
        return Deadline.NONE
    if combined_state(order) in (
        CombinedState.RETURN_PENDING,
        CombinedState.RETURNED,
        CombinedState.CONFIRM_SENT,
    ):
        return Deadline.NONE
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    due = az.ship_by_latest
    if due <= now:
        return Deadline.OVERDUE
    due_day = to_jst(due).date()
    today = to_jst(now).date()
    if due_day < today:
        return Deadline.OVERDUE
    if due_day == today:
        return Deadline.DUE_TODAY
    return Deadline.LATER
