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
   a confirmed package whose read-back differs -> AMAZON_MISMATCH (never DONE; amzdesk.readback)
7. 決済ステータス 連携失敗                       -> LINK_FAILED_OK when Amazon shipped, CONFIRM_SENT
                                                when this app's confirmation covers the order,
                                                else LINK_FAILED_TO_CONFIRM (R-F3)
8. Amazon still needs shipping, but the packages this app confirmed cover every item
                                             -> CONFIRM_SENT (waiting for Amazon to reflect it)
9. ``notes.exported_not_confirmed`` while Amazon still needs shipping -> UPLOAD_PENDING
10. Amazon reports a status this app does not know -> AMAZON_UNKNOWN (to do: check it)
    Amazon UNSHIPPED / PARTIALLY_SHIPPED     -> AMAZON_TO_CONFIRM (R-B1)
11. Amazon SHIPPED (or, without Amazon data, makeshop 配送) but no tracking number reached
    Amazon although the shipment has one (makeshop's 伝票番号 never does, R-B2)
                                             -> TRACKING_MISSING
    Amazon SHIPPED: makeshop still 未処理      -> SYNC_PENDING (R-F2), otherwise DONE
12. Amazon PENDING / PENDING_AVAILABILITY    -> AMAZON_PENDING; UNFULFILLABLE -> UNFULFILLABLE
13. MFN without an Amazon side yet: makeshop 未処理 -> AMAZON_TO_CONFIRM, 配送 -> DONE

Waiting states depend on time as well: :func:`current_state` turns CONFIRM_SENT into
CONFIRM_NOT_REFLECTED (needs action) when Amazon has not reflected the confirmation
``Waits.confirm`` after it was sent (a confirmation sent after the ship-by deadline gets the same
wait: it was sent late, it has not failed; without a known sent time the wait counts from the
deadline), and RETURN_PENDING into RETURN_NOT_REFLECTED after ``Waits.ret``.  The owner sets
both waits in the settings (``amzdesk.settings.Settings.waits``).  :func:`waiting_for` says, for
every state in which the owner can only wait, what they wait for and since when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from amzdesk.assumptions import PAYMENT_STATUS_LINK_FAILED
from amzdesk.carriers import Tracked, default_table
from amzdesk.clock import to_jst
from amzdesk.messages import Msg, define
from amzdesk.models import AmazonStatus, Channel, DeliveryStatus, Order, is_known_status
from amzdesk.readback import issues_text


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
    TRACKING_MISSING = "tracking-missing"
    CONFIRM_NOT_REFLECTED = "confirm-not-reflected"
    RETURN_NOT_REFLECTED = "return-not-reflected"
    AMAZON_MISMATCH = "amazon-mismatch"

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

    @property
    def final(self) -> bool:
        """Nothing is left to do or to wait for."""
        return self in FINAL_STATES


_STATE_LABELS: Final = {
    CombinedState.SHOP_UNSHIPPED: "未処理",
    CombinedState.SHOP_SHIPPED: "配送完了",
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
    CombinedState.TRACKING_MISSING: "追跡番号が Amazon に届いていない",
    CombinedState.CONFIRM_NOT_REFLECTED: "Amazon 未反映・要確認",
    CombinedState.RETURN_NOT_REFLECTED: "makeshop 返送未反映・要確認",
    CombinedState.AMAZON_MISMATCH: "Amazon の登録内容が違う",
}

_STATE_DESCRIPTIONS: Final = {
    CombinedState.SHOP_UNSHIPPED: (
        "自社の注文です。処理区分は未処理で、まだ配送完了にしていません。"
    ),
    CombinedState.SHOP_SHIPPED: "自社の注文です。makeshop で配送完了にしてあります。",
    CombinedState.AMAZON_TO_CONFIRM: "Amazon に出荷通知がまだ届いていません。",
    CombinedState.SYNC_PENDING: (
        "Amazon では出荷済みです。makeshop は自動で配送完了になるので、待ってください。"
    ),
    CombinedState.DONE: "Amazon では出荷済み、makeshop では配送完了です。",
    CombinedState.LINK_FAILED_OK: (
        "決済ステータスが連携失敗ですが、Amazon では出荷済みなので対応は不要です。"
    ),
    CombinedState.LINK_FAILED_TO_CONFIRM: (
        "決済ステータスが連携失敗です。Amazon 側で出荷通知してください。"
    ),
    CombinedState.RETURN_PENDING: (
        "セラーセントラルで返送処理済みです。"
        "makeshop の処理区分が「返送」になるまで待ってください。"
    ),
    CombinedState.RETURNED: "返送済みです。",
    CombinedState.CANCELLED: "キャンセルされた注文です。",
    CombinedState.FBA: "FBA の注文です。Amazon が出荷するので、ここでは何もできません。",
    CombinedState.OUTCOME_UNKNOWN: (
        "送信した処理の結果がまだ分かりません。結果を確認するまで同じ処理はしないでください。"
    ),
    CombinedState.UPLOAD_PENDING: (
        "Amazon 用のアップロードファイルに書き出し済みです。"
        "ファイルをセラーセントラルにアップロードするか、書き出しを取り消してください。"
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
    CombinedState.TRACKING_MISSING: (
        "Amazon では出荷済みですが、追跡番号が Amazon に届いていません。"
        "makeshop で配送完了にしても伝票番号は Amazon に渡りません。"
        "セラーセントラルで追跡番号を追加してください。"
    ),
    CombinedState.CONFIRM_NOT_REFLECTED: (
        "出荷通知を送りましたが、Amazon にまだ反映されていません。"
        "セラーセントラルで注文を確認してください。"
    ),
    CombinedState.RETURN_NOT_REFLECTED: (
        "セラーセントラルで返送処理してからしばらくたちますが、makeshop の処理区分が"
        "「返送」になりません。makeshop の管理画面で確認してください。"
    ),
    CombinedState.AMAZON_MISMATCH: (
        "Amazon に登録された配送業者か追跡番号が、送った内容と違います"
        "（または荷物が見つかりません）。"
        "出荷通知を送り直すか、セラーセントラルの注文画面で直してください。"
    ),
}

_ACTION_STATES: Final = frozenset(
    {
        CombinedState.SHOP_UNSHIPPED,
        CombinedState.AMAZON_TO_CONFIRM,
        CombinedState.LINK_FAILED_TO_CONFIRM,
        CombinedState.OUTCOME_UNKNOWN,
        CombinedState.UPLOAD_PENDING,
        CombinedState.AMAZON_UNKNOWN,
        CombinedState.TRACKING_MISSING,
        CombinedState.CONFIRM_NOT_REFLECTED,
        CombinedState.RETURN_NOT_REFLECTED,
        CombinedState.AMAZON_MISMATCH,
    }
)

FINAL_STATES: Final = frozenset(
    {
        CombinedState.DONE,
        CombinedState.LINK_FAILED_OK,
        CombinedState.RETURNED,
        CombinedState.CANCELLED,
    }
)


@dataclass(frozen=True, slots=True)
class Waits:
    """How long waiting for the other side is normal before the order needs action again
    (the owner's setting: ``Settings.confirm_wait_minutes`` / ``Settings.return_wait_days``)."""

    confirm: timedelta = timedelta(minutes=30)  # Amazon reflecting a confirmation
    ret: timedelta = timedelta(days=7)  # makeshop turning to 返送 after a Seller Central return


DEFAULT_WAITS: Final = Waits()

M = define(
    "states",
    {
        "wait_confirm": (
            "Amazon が出荷通知を反映するのを待っています（{when}に送信）。"
            "{limit}までに反映されなければ、要対応に戻ります"
        ),
        "wait_confirm_late": (
            "出荷期限（{due}）を過ぎてから出荷通知を送りました（{when}に送信）。"
            "Amazon が反映するのを待っています。"
            "{limit}までに反映されなければ、要対応に戻ります"
        ),
        "wait_confirm_no_time": "Amazon が出荷通知を反映するのを待っています",
        "confirm_not_reflected": (
            "{when}に出荷通知（{what}）を送りましたが、Amazon にまだ反映されていません。"
            "セラーセントラルで注文を確認し、出荷済みになっていなければ出荷通知し直してください"
        ),
        "wait_sync": (
            "makeshop が自動で配送完了になるのを待っています（Amazon で出荷済み: {when}）"
        ),
        "wait_return": (
            "makeshop の処理区分が「返送」になるのを待っています（{when}に記録）。"
            "{limit}を過ぎても変わらなければお知らせします"
        ),
        "return_not_reflected": (
            "{when}にセラーセントラルでの返送処理を記録しましたが、makeshop の処理区分が"
            "まだ「返送」になっていません。makeshop の管理画面で確認してください"
        ),
        "wait_upload": (
            "{when}に Amazon 用アップロードファイルに書き出しました。"
            "セラーセントラルにアップロードして反映を待つか、書き出しを取り消してください"
        ),
        "wait_unknown": ("{when}に送った処理の結果を確認しています。次の同期で結果が分かります"),
        "wait_unknown_no_time": "送った処理の結果を確認しています。次の同期で結果が分かります",
        "wait_amazon_pending": (
            "Amazon が注文を確定するのを待っています（注文日時: {when}）。"
            "確定すると出荷通知できるようになります"
        ),
        "wait_fba": (
            "Amazon が出荷します（注文日時: {when}）。セラーセントラルで状況を確認できます"
        ),
        "wait_unfulfillable": (
            "Amazon がこの注文を出荷できない状態と報告しています（{when}時点）。"
            "セラーセントラルで注文を確認してください"
        ),
        "packages_sent": "追跡番号 {numbers}",
        "packages_sent_none": "追跡番号なし",
    },
)


def fmt_time(dt: datetime) -> str:
    """JST, as the owner reads it: 11/30 14:05."""
    j = to_jst(dt)
    return f"{j.month}/{j.day} {j.hour:02d}:{j.minute:02d}"


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


def _amazon_trackings(order: Order) -> set[str]:
    """Tracking numbers Amazon reports or this app confirmed on Amazon."""
    nums = {p.tracking_number for p in order.notes.confirmed_packages if p.tracking_number}
    if order.amazon is not None:
        nums |= {p.tracking_number for p in order.amazon.packages if p.tracking_number}
    return nums


def _shipment_has_tracking(order: Order) -> bool:
    """The parcel went out with a tracking number, as far as makeshop or Amazon tell."""
    table = default_table()
    ms = order.makeshop
    if ms is not None:
        if ms.slip_number.strip():
            return True
        c = table.by_code(ms.carrier_code) if ms.carrier_code else None
        if c is not None and c.tracked is Tracked.YES:
            return True
    if order.amazon is not None:
        for p in order.amazon.packages:
            c = table.by_name(p.carrier) if p.carrier else None
            if c is not None and c.tracked is Tracked.YES:
                return True
    return False


def tracking_missing(order: Order) -> bool:
    """Amazon counts a merchant-fulfilled order as shipped (or makeshop did 配送完了 and Amazon
    has not been read yet), the parcel has a tracking number, but none reached Amazon: makeshop's
    配送完了 never passes the 伝票番号 (R-B2)."""
    if order.channel is not Channel.AMAZON_MFN:
        return False
    az, ms = order.amazon, order.makeshop
    shipped = (az is not None and az.status is AmazonStatus.SHIPPED) or (
        az is None and ms is not None and ms.delivery_status is DeliveryStatus.SHIPPED
    )
    if not shipped or _amazon_trackings(order):
        return False
    return _shipment_has_tracking(order)


def number_to_add(order: Order) -> str:
    """The tracking number to add on Amazon for a TRACKING_MISSING order (makeshop's 伝票番号)."""
    ms = order.makeshop
    return ms.slip_number.strip() if ms is not None else ""


def combined_state(order: Order) -> CombinedState:  # noqa: C901 -- the precedence list, kept in one place
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
    if order.notes.readback_issues:
        return CombinedState.AMAZON_MISMATCH
    if is_link_failed(order):
        if amazon_shipped(order):
            return CombinedState.LINK_FAILED_OK
        if az is not None and confirmed_covers_order(order):
            return CombinedState.CONFIRM_SENT
        return CombinedState.LINK_FAILED_TO_CONFIRM
    if az is None:
        if ms is not None and ms.delivery_status is DeliveryStatus.SHIPPED:
            if tracking_missing(order):
                return CombinedState.TRACKING_MISSING
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
        if tracking_missing(order):
            return CombinedState.TRACKING_MISSING
        if ms is not None and ms.delivery_status is DeliveryStatus.UNPROCESSED:
            return CombinedState.SYNC_PENDING
        return CombinedState.DONE
    if az.status is AmazonStatus.UNFULFILLABLE:
        return CombinedState.UNFULFILLABLE
    return CombinedState.AMAZON_PENDING


def confirm_wait_ends(order: Order, waits: Waits = DEFAULT_WAITS) -> datetime | None:
    """When a sent confirmation Amazon has not reflected needs action again: ``waits.confirm``
    after it was sent (also when it was sent after the ship-by deadline: the wait counts from
    the sent time), or, without a known sent time, ``waits.confirm`` after the deadline."""
    since = order.notes.confirmed_at
    if since is None:
        since = order.ship_by
    return since + waits.confirm if since is not None else None


def sent_late(order: Order) -> bool:
    """The confirmation was sent after Amazon's ship-by deadline."""
    sent, due = order.notes.confirmed_at, order.ship_by
    return sent is not None and due is not None and sent > due


def current_state(order: Order, now: datetime, waits: Waits = DEFAULT_WAITS) -> CombinedState:
    """:func:`combined_state` with the waits applied at ``now``: a confirmation Amazon has not
    reflected ``waits.confirm`` after it was sent needs action again (:func:`confirm_wait_ends`),
    as does a Seller Central return makeshop has not reflected after ``waits.ret``."""
    state = combined_state(order)
    if state is CombinedState.CONFIRM_SENT:
        ends = confirm_wait_ends(order, waits)
        if ends is not None and now >= ends:
            return CombinedState.CONFIRM_NOT_REFLECTED
    elif state is CombinedState.RETURN_PENDING:
        since = order.notes.return_recorded_at
        if since is not None and now - since >= waits.ret:
            return CombinedState.RETURN_NOT_REFLECTED
    return state


def needs_action(order: Order, now: datetime | None = None, waits: Waits = DEFAULT_WAITS) -> bool:
    """Unshipped merchant-fulfilled orders, 連携失敗 with something left to do, shop orders
    未処理, tracking numbers that never reached Amazon, waits that lasted too long, and actions
    whose outcome is unknown."""
    if now is None:
        from amzdesk.clock import utcnow

        now = utcnow()
    return current_state(order, now, waits).needs_action


def _sent_what(order: Order) -> Msg:
    nums = [p.tracking_number for p in order.notes.confirmed_packages if p.tracking_number]
    if nums:
        return M("packages_sent", numbers="、".join(nums))
    return M("packages_sent_none")


def waiting_for(order: Order, now: datetime, waits: Waits = DEFAULT_WAITS) -> Msg | None:
    """What the owner is waiting for and since when (None when there is nothing to wait for),
    or, for a wait that lasted too long, what was sent and when."""
    state = current_state(order, now, waits)
    notes = order.notes
    az = order.amazon
    if state is CombinedState.CONFIRM_SENT:
        ends = confirm_wait_ends(order, waits)
        if notes.confirmed_at is None or ends is None:
            return M("wait_confirm_no_time")
        sent, limit = fmt_time(notes.confirmed_at), fmt_time(ends)
        if sent_late(order) and order.ship_by is not None:
            return M("wait_confirm_late", due=fmt_time(order.ship_by), when=sent, limit=limit)
        return M("wait_confirm", when=sent, limit=limit)
    if state is CombinedState.CONFIRM_NOT_REFLECTED:
        when = notes.confirmed_at
        return M(
            "confirm_not_reflected",
            when=fmt_time(when) if when is not None else "",
            what=_sent_what(order),
        )
    if state is CombinedState.RETURN_PENDING and notes.return_recorded_at is not None:
        return M(
            "wait_return",
            when=fmt_time(notes.return_recorded_at),
            limit=fmt_time(notes.return_recorded_at + waits.ret),
        )
    if state is CombinedState.RETURN_NOT_REFLECTED and notes.return_recorded_at is not None:
        return M("return_not_reflected", when=fmt_time(notes.return_recorded_at))
    if state is CombinedState.SYNC_PENDING and az is not None:
        times = [p.ship_time for p in az.packages if p.ship_time is not None]
        return M("wait_sync", when=fmt_time(max(times) if times else az.last_updated))
    if state is CombinedState.UPLOAD_PENDING and notes.exported_at is not None:
        return M("wait_upload", when=fmt_time(notes.exported_at))
    if state is CombinedState.AMAZON_MISMATCH and notes.readback_issues:
        return issues_text(notes.readback_issues, "")  # what differs, and the way forward
    if state is CombinedState.OUTCOME_UNKNOWN:
        if notes.unknown_since is None:
            return M("wait_unknown_no_time")
        return M("wait_unknown", when=fmt_time(notes.unknown_since))
    if state is CombinedState.AMAZON_PENDING and az is not None:
        return M("wait_amazon_pending", when=fmt_time(az.created))
    if state is CombinedState.FBA and az is not None:
        return M("wait_fba", when=fmt_time(az.created))
    if state is CombinedState.UNFULFILLABLE and az is not None:
        return M("wait_unfulfillable", when=fmt_time(az.last_updated))
    return None


def deadline(order: Order, now: datetime, waits: Waits = DEFAULT_WAITS) -> Deadline:
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
    if current_state(order, now, waits) in (
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
