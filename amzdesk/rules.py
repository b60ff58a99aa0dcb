"""Which actions an order allows, and why not: the single source of truth (no Qt, no I/O).

One file on purpose: it is the single source of truth for the action matrix, and about a
quarter of it is the message templates of its reasons.

``evaluate(order, carrier, tracking)`` gives a :class:`Verdict` for every :class:`Action` of the
action matrix in the domain rules.  The window greys buttons out with ``reason`` + ``rule_id`` as
tooltip, the command line prints them, the shipment workflow refuses what they refuse.

``rule_id`` is one rule ID ("R-F3"), several joined by "/" when several rules forbid the same thing
("R-B2/R-F1", "R-F2/R-F3", "R-G1/R-H1"), or "" when no rule of the source applies (e.g. "not an
Amazon order", missing data, an action whose outcome is not known yet).

``needs_input`` is True when the order itself permits the action but the carrier / tracking number
given (or not given yet) does not: the UI keeps the button that opens the input dialog enabled and
shows ``reason`` next to the input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from amzdesk.assumptions import (
    MAKESHOP_ADMIN_ORDER_URL,
    SELLER_CENTRAL_ORDER_URL,
)
from amzdesk.carriers import ABF_NAME, Carrier, CarrierTable, Tracked, default_table
from amzdesk.messages import Msg, define, join
from amzdesk.models import (
    AmazonStatus,
    AnyAmazonStatus,
    Channel,
    DeliveryStatus,
    Order,
    is_known_status,
)
from amzdesk.recognition import maybe_amazon, maybe_reasons
from amzdesk.states import confirmed_covers_order, is_link_failed, number_to_add, tracking_missing
from amzdesk.tracking import TrackingCheck, normalize, validate


class Action(StrEnum):
    CONFIRM_AMAZON = "confirm-amazon"
    CORRECT_TRACKING = "correct-tracking"
    COMPLETE_MAKESHOP = "complete-makeshop"
    RETURN = "return"
    EDIT = "edit"
    SHOW_CUSTOMER = "show-customer"
    OPEN_SELLER_CENTRAL = "open-seller-central"
    OPEN_MAKESHOP = "open-makeshop"

    @property
    def label(self) -> str:
        """Japanese button text."""
        return _ACTION_LABELS[self]


_ACTION_LABELS: Final = {
    Action.CONFIRM_AMAZON: "Amazon に出荷通知",
    Action.CORRECT_TRACKING: "追跡番号を訂正",
    Action.COMPLETE_MAKESHOP: "makeshop で配送完了にする",
    Action.RETURN: "返送",
    Action.EDIT: "注文を編集",
    Action.SHOW_CUSTOMER: "購入者情報を表示",
    Action.OPEN_SELLER_CENTRAL: "セラーセントラルで開く",
    Action.OPEN_MAKESHOP: "makeshop 管理画面で開く",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    action: Action
    allowed: bool
    reason: str  # a Msg (Japanese, translatable) a shop owner understands; no rule IDs
    rule_id: str = ""  # "R-F3", "R-B2/R-F1", or ""
    needs_input: bool = False  # the order permits it; the carrier / tracking input does not (yet)
    # A warning the user must explicitly accept before the action is sent ("" = none): an
    # order that may be Amazon's before makeshop's 配送完了 (R-F3).
    confirm: str = ""
    # Where to do it instead, when the app cannot (e.g. makeshop's admin for a 返送).
    url: str = ""

    @property
    def available(self) -> bool:
        """The action can be started (possibly after entering carrier / tracking)."""
        return self.allowed or self.needs_input

    @property
    def tooltip(self) -> str:
        """Reason with the rule ID appended, for tooltips and the command line."""
        if self.rule_id and self.rule_id not in self.reason:
            return f"{self.reason}（{self.rule_id}）"
        return self.reason


# --- reasons (Japanese message templates; English in resources/i18n, see amzdesk.messages) ----
M = define(
    "rules",
    {
        "not_amazon": "Amazon の注文ではありません",
        "fba_nothing": "FBA の注文は Amazon が在庫を持ち出荷します。ここでは何もできません",
        "outcome_unknown": (
            "前回送った処理の結果がまだ分かりません。"
            "二重に送らないよう、結果の確認が終わるまで待ってください"
        ),
        "resend_n": (
            "{where}。追跡番号 {count} 件で Amazon に出荷通知を送り直します（同じ荷物の上書き）"
        ),
        "resend_only": (
            "Amazon の登録内容が違う荷物（追跡番号 {numbers}）だけ送り直せます。"
            "その追跡番号を入力してください"
        ),
        "choose_carrier": "配送業者を選んでください",
        "no_amazon_data": "Amazon の注文情報をまだ取得していません。同期してください",
        "no_makeshop_data": "makeshop 側の注文がまだ見つかりません",
        "tracking_required": (
            "「{carrier}」は追跡番号の登録が必須です。追跡番号を入力してください"
        ),
        "tracking_twice": "同じ追跡番号 {number} が2回入力されています",
        "tracking_bad": "追跡番号 {number}: {reason}",
        "az_shipped": "Amazon では出荷済みです",
        "az_cancelled": "Amazon でキャンセルされた注文です",
        "az_pending": "Amazon で保留中（支払い確認中など）のため、まだ出荷通知できません",
        "az_pending_availability": "Amazon で予約注文の保留中のため、まだ出荷通知できません",
        "az_unfulfillable": "Amazon がこの注文を出荷できない状態と報告しています",
        "az_other": "Amazon の状態が出荷通知できる状態ではありません",
        "az_unknown": (
            "Amazon の状態が不明（{value}）のため、ここからは出荷通知できません。"
            "セラーセントラルで注文を確認してください"
        ),
        "az_shipped_link_failed": (
            "Amazon では出荷済みです。決済ステータスは連携失敗ですが、対応は不要です"
        ),
        "tracking_missing_confirm": (
            "Amazon では出荷済みですが、追跡番号が Amazon に届いていません。"
            "セラーセントラルで出荷情報を開き、追跡番号を追加してください"
        ),
        "confirm_sent_wait": (
            "このアプリから出荷通知済みです。Amazon の反映を待ってください。"
            "番号を直すときは「追跡番号を訂正」を使ってください"
        ),
        "exported_wait": (
            "Amazon 用アップロードファイルに書き出し済みです。二重に出荷通知しないよう、"
            "ファイルをセラーセントラルにアップロードして反映を待つか、"
            "「書き出しを取り消す」で取り消してください"
        ),
        "duplicate_sent": "追跡番号 {number} はこの注文ですでに出荷通知済みです",
        "amazon_carrier": "Amazon に送る配送業者: {name}（{code}）",
        "amazon_carrier_plain": "Amazon に送る配送業者: {name}",
        "confirm_n": "{where}。追跡番号 {count} 件で Amazon に出荷通知します",
        "confirm_none": "{where}。追跡番号なしで Amazon に出荷通知します",
        "correct_nothing": "このアプリで出荷通知した荷物がないため、訂正できません",
        "correct_one": "訂正は荷物1個ずつ行ってください",
        "correct_same": "追跡番号 {number} は出荷通知済みの番号と同じです",
        "correct_ok": "出荷通知済みの荷物の追跡番号を Amazon で訂正します",
        "fba_makeshop": "FBA の注文は makeshop では処理できません",
        "ms_one_slip": "makeshop の伝票番号（追跡番号）は1件だけ入力してください",
        "ms_custom": "makeshop に登録がない配送業者は選べません",
        "ms_no_code": (
            "「{carrier}」には makeshop の配送業者コードがないため、"
            "makeshop で配送完了にできません。"
            "makeshop の管理画面で配送業者を選んで配送完了にしてください"
        ),
        "ms_complete": "makeshop で配送完了にします",
        "ms_complete_all": "makeshop で配送完了にします（配送先 {count} 件すべて）",
        "ms_slips_per_delivery": (
            "伝票番号は1件、または配送先の数（{count} 件）だけ入力してください"
        ),
        "ms_maybe_amazon": (
            "makeshop で配送完了にします。Amazon の注文かもしれないため、送る前に確認します"
        ),
        "ms_maybe_amazon_all": (
            "makeshop で配送完了にします（配送先 {count} 件すべて）。"
            "Amazon の注文かもしれないため、送る前に確認します"
        ),
        "ms_maybe_amazon_confirm": (
            "この注文は Amazon の注文かもしれません（{why}）。Amazon の注文を makeshop で"
            "配送完了にすると、決済ステータスが「連携失敗」になり元に戻せないことがあります。"
            "ショップの注文であることを確かめた場合だけ続けてください"
        ),
        "ms_link_failed": (
            "決済ステータスが連携失敗の注文です。makeshop では配送完了にせず、"
            "Amazon の状態を確認してください"
        ),
        "ms_no_amazon": (
            "Amazon の状態が分からないため、makeshop では配送完了にできません。同期してください"
        ),
        "ms_az_shipped": (
            "Amazon では出荷済みです。makeshop は自動で配送完了になるので待ってください。"
            "今 makeshop で配送完了にすると、決済ステータスが「連携失敗」になることがあります"
        ),
        "ms_az_partial": (
            "Amazon では一部だけ出荷済みです。残りの商品も Amazon 側で出荷通知してください。"
            "makeshop で配送完了にすると、決済ステータスが「連携失敗」になることがあります"
        ),
        "ms_sent_amazon": (
            "Amazon 側で出荷通知済みです。makeshop は自動で配送完了になるので待ってください"
        ),
        "ms_abf_unchosen": (
            "配送業者を選んでください。選ばないと Amazon には「{abf}」と表示されます"
        ),
        "ms_custom_amazon": ("makeshop に登録がない配送業者です。Amazon 側で出荷通知してください"),
        "ms_abf": (
            "「{carrier}」は Amazon に「{abf}」と表示され、実際の配送業者が伝わりません。"
            "Amazon 側で出荷通知してください"
        ),
        "ms_tracked": (
            "「{carrier}」は追跡番号がある配送方法です。makeshop で配送完了にしても"
            "伝票番号は Amazon に届きません。Amazon 側で出荷通知してください"
        ),
        "ms_tracked_unknown": (
            "「{carrier}」は追跡番号があるか分からない配送方法です。Amazon 側で出荷通知してください"
        ),
        "ms_convert": (
            "makeshop で配送完了にします。Amazon には配送業者「{amazon_name}」として連携されます"
        ),
        "ms_shipped": "makeshop ではすでに配送完了です",
        "ms_cancelled": "makeshop でキャンセルされた注文です",
        "ms_returned": "makeshop ではすでに返送済みです",
        "ms_unprocessed": "makeshop ではまだ未処理です",
        "ret_recorded_wait": (
            "セラーセントラルでの返送処理は記録済みです。"
            "makeshop の処理区分が「返送」になるまで待ってください"
        ),
        "ret_amazon": (
            "Amazon の注文の返送は makeshop ではできません。セラーセントラルで返送処理してください"
        ),
        "ret_ok": "makeshop の処理区分を返送にします",
        "ret_in_admin": (
            "返送は makeshop の管理画面で行ってください（このアプリからは返送にできません）"
        ),
        "ret_unshipped": "まだ配送完了にしていない注文は返送にできません",
        "edit_fba": (
            "FBA の注文は Amazon が管理します。内容は変更できず、"
            "キャンセルはセラーセントラルで行います"
        ),
        "edit_amazon": (
            "Amazon の注文は内容を変更できません。キャンセルはセラーセントラルで行ってください"
        ),
        "edit_ok": "makeshop 管理画面で注文を開いて編集します",
        "customer_amazon": (
            "Amazon の注文の購入者情報は、Amazon による個人情報保護のため表示しません"
        ),
        "customer_ok": "必要なときだけ makeshop から取得して表示します（保存しません）",
        "sc_no_id": "Amazon の注文番号が分かりません",
        "sc_open": "セラーセントラルで注文を開きます",
        "sc_add_tracking": (
            "セラーセントラルで注文を開きます。出荷情報の編集で追跡番号 {number} を追加してください"
            "（番号はコピーされます）"
        ),
        "sc_add_tracking_no_number": (
            "セラーセントラルで注文を開きます。出荷情報の編集で追跡番号を追加してください"
        ),
        "ms_open_fba": (
            "FBA の注文は makeshop では処理できません。セラーセントラルで開いてください"
        ),
        "ms_open": "makeshop 管理画面で注文を開きます",
        "rec_shop": "自社の注文です。「返送」ボタンで makeshop の処理区分を返送にしてください",
        "rec_fba": "FBA の注文の返品は Amazon が処理します。ここで記録するものはありません",
        "rec_unshipped": "まだ出荷していない注文は返送できません",
        "cx_not_exported": "Amazon 用アップロードファイルに書き出していない注文です",
        "cx_ok": (
            "Amazon 用アップロードファイルへの書き出しを取り消します。"
            "ファイルをアップロードしないときに使ってください。取り消すと、ここから出荷通知できます"
        ),
        "rec_ok": (
            "セラーセントラルで返送処理したことを記録します。"
            "makeshop の処理区分が「返送」になるまで「返送反映待ち」と表示します"
        ),
    },
)

NOT_AMAZON: Final = M("not_amazon")
FBA_NOTHING: Final = M("fba_nothing")
OUTCOME_UNKNOWN: Final = M("outcome_unknown")
CHOOSE_CARRIER: Final = M("choose_carrier")
NO_AMAZON_DATA: Final = M("no_amazon_data")
NO_MAKESHOP_DATA: Final = M("no_makeshop_data")


def _v(
    action: Action, allowed: bool, reason: str, rule_id: str = "", *, inp: bool = False
) -> Verdict:
    return Verdict(action, allowed, reason, rule_id, needs_input=inp)


def _trackings(tracking: str | Sequence[str] | None) -> list[str]:
    if tracking is None:
        return []
    raw = [tracking] if isinstance(tracking, str) else list(tracking)
    return [n for n in (normalize(t) for t in raw) if n]


def _amazon_status_reason(status: AnyAmazonStatus) -> Msg:
    if not is_known_status(status):
        return M("az_unknown", value=status.value)
    key = {
        AmazonStatus.SHIPPED: "az_shipped",
        AmazonStatus.CANCELLED: "az_cancelled",
        AmazonStatus.PENDING: "az_pending",
        AmazonStatus.PENDING_AVAILABILITY: "az_pending_availability",
        AmazonStatus.UNFULFILLABLE: "az_unfulfillable",
    }.get(status, "az_other")
    return M(key)


def resend_numbers(order: Order) -> set[str]:
    """Tracking numbers of confirmed packages whose read-back differs (they may be sent
    again: the same package reference, so Amazon edits the package)."""
    return {normalize(i.sent_tracking) for i in order.notes.readback_issues if i.sent_tracking}


def _already_sent(order: Order) -> set[str]:
    sent = {normalize(p.tracking_number) for p in order.notes.confirmed_packages}
    if order.amazon is not None:
        sent |= {normalize(p.tracking_number) for p in order.amazon.packages}
    sent.discard("")
    return sent


def _check_trackings(
    action: Action, carrier: Carrier, numbers: list[str], *, required: bool, amazon: bool = True
) -> Verdict | None:
    """A refusing verdict when the tracking input does not fit ``carrier``, else None."""
    if not numbers:
        if required:
            return _v(action, False, M("tracking_required", carrier=carrier.name), "R-F1", inp=True)
        return None
    seen: set[str] = set()
    for n in numbers:
        if n in seen:
            return _v(action, False, M("tracking_twice", number=n), "", inp=True)
        seen.add(n)
        check: TrackingCheck = validate(n, carrier.tracking_format)
        if not check.ok:
            rule = "R-F1" if amazon and carrier.tracked is Tracked.YES else ""
            return _v(
                action, False, M("tracking_bad", number=n, reason=check.reason), rule, inp=True
            )
    return None


def amazon_carrier_text(code: str, name: str) -> Msg:
    """「Amazon に送る配送業者: ヤマト運輸（YamatoTransport）」 (the code only when it differs)."""
    if code and code != name:
        return M("amazon_carrier", name=name, code=code)
    return M("amazon_carrier_plain", name=name)


# --- the actions ---------------------------------------------------------------------------------


def _confirm_amazon(order: Order, carrier: Carrier | None, numbers: list[str]) -> Verdict:
    a = Action.CONFIRM_AMAZON
    if order.channel is Channel.SHOP:
        return _v(a, False, NOT_AMAZON)
    if order.channel is Channel.AMAZON_FBA:
        return _v(a, False, FBA_NOTHING, "R-G1")
    if order.notes.outcome_unknown:
        return _v(a, False, OUTCOME_UNKNOWN)
    az = order.amazon
    if az is None:
        return _v(a, False, NO_AMAZON_DATA)
    # packages whose read-back differs may be sent again (same package: an edit on Amazon)
    resend = resend_numbers(order)
    only_resend = bool(resend) and (not az.status.needs_shipping or confirmed_covers_order(order))
    if not az.status.needs_shipping and not resend:
        if az.status is AmazonStatus.SHIPPED and is_link_failed(order):
            return _v(a, False, M("az_shipped_link_failed"), "R-F3")
        if az.status is AmazonStatus.SHIPPED and tracking_missing(order):
            return _v(a, False, M("tracking_missing_confirm"), "R-B2")
        return _v(a, False, _amazon_status_reason(az.status))
    if confirmed_covers_order(order) and not resend:
        return _v(a, False, M("confirm_sent_wait"))
    if order.notes.exported_not_confirmed and not resend:
        return _v(a, False, M("exported_wait"))
    if carrier is None or carrier.is_none:
        return _v(a, False, CHOOSE_CARRIER, "R-B1", inp=True)
    code, name = carrier.spapi_fields()
    if not code or not name:
        return _v(a, False, CHOOSE_CARRIER, "R-B1", inp=True)
    refused = _check_trackings(a, carrier, numbers, required=carrier.tracked is Tracked.YES)
    if refused is not None:
        return refused
    if only_resend and not (numbers and set(numbers) <= resend):
        return _v(a, False, M("resend_only", numbers="、".join(sorted(resend))), "", inp=True)
    dup = sorted((set(numbers) & _already_sent(order)) - resend)
    if dup:
        return _v(a, False, M("duplicate_sent", number=dup[0]), "", inp=True)
    rule = "R-E3" if carrier.custom else ""
    where = amazon_carrier_text(code, name)
    if resend & set(numbers):
        return _v(a, True, M("resend_n", where=where, count=len(numbers)), rule)
    if numbers:
        return _v(a, True, M("confirm_n", where=where, count=len(numbers)), rule)
    return _v(a, True, M("confirm_none", where=where), rule)


def _correct_tracking(order: Order, carrier: Carrier | None, numbers: list[str]) -> Verdict:
    a = Action.CORRECT_TRACKING
    if order.channel is Channel.SHOP:
        return _v(a, False, NOT_AMAZON)
    if order.channel is Channel.AMAZON_FBA:
        return _v(a, False, FBA_NOTHING, "R-G1")
    if not order.notes.confirmed_packages:
        return _v(a, False, M("correct_nothing"))
    if order.notes.outcome_unknown:
        return _v(a, False, OUTCOME_UNKNOWN)
    if order.amazon is not None and order.amazon.status is AmazonStatus.CANCELLED:
        return _v(a, False, _amazon_status_reason(AmazonStatus.CANCELLED))
    if carrier is None or carrier.is_none or not carrier.spapi_fields()[0]:
        return _v(a, False, CHOOSE_CARRIER, "R-B1", inp=True)
    if len(numbers) > 1:
        return _v(a, False, M("correct_one"), "", inp=True)
    refused = _check_trackings(a, carrier, numbers, required=carrier.tracked is Tracked.YES)
    if refused is not None:
        return refused
    if numbers and numbers[0] in _already_sent(order):
        return _v(a, False, M("correct_same", number=numbers[0]), "", inp=True)
    return _v(a, True, M("correct_ok"))


def _complete_makeshop(  # noqa: C901 -- one guard per rule; rules.py is being reworked (issue 10)
    order: Order, carrier: Carrier | None, numbers: list[str]
) -> Verdict:
    a = Action.COMPLETE_MAKESHOP
    if order.channel is Channel.AMAZON_FBA:
        return _v(a, False, M("fba_makeshop"), "R-G1")
    ms = order.makeshop
    if ms is None:
        return _v(a, False, NO_MAKESHOP_DATA)
    if order.notes.outcome_unknown:
        return _v(a, False, OUTCOME_UNKNOWN)
    if order.channel is Channel.SHOP:
        if ms.delivery_status is not DeliveryStatus.UNPROCESSED:
            return _v(a, False, _makeshop_status_reason(ms.delivery_status))
        if carrier is not None and carrier.custom:
            return _v(a, False, M("ms_custom"), "", inp=True)
        if carrier is not None and not carrier.is_none and not carrier.code:
            return _v(a, False, M("ms_no_code", carrier=carrier.name), "", inp=True)
        open_count = max(1, len(ms.open_deliveries))
        if carrier is not None and not carrier.is_none and numbers:
            # one slip number for every delivery, or one per delivery (複数配送)
            if len(numbers) > 1 and len(numbers) != open_count:
                if open_count == 1:
                    return _v(a, False, M("ms_one_slip"), "", inp=True)
                return _v(a, False, M("ms_slips_per_delivery", count=open_count), "", inp=True)
            refused = _check_trackings(a, carrier, numbers, required=False, amazon=False)
            if refused is not None:
                return refused
        done = M("ms_complete_all", count=open_count) if open_count > 1 else M("ms_complete")
        if maybe_amazon(ms):
            # may be an Amazon order (R-F3): allowed only after an explicit confirmation
            return Verdict(
                a,
                True,
                M("ms_maybe_amazon_all", count=open_count)
                if open_count > 1
                else M("ms_maybe_amazon"),
                "R-F3",
                confirm=M("ms_maybe_amazon_confirm", why=join(maybe_reasons(ms), "、")),
            )
        return _v(a, True, done)
    # Amazon merchant-fulfilled
    if is_link_failed(order):
        return _v(a, False, M("ms_link_failed"), "R-F3")
    if ms.delivery_status is not DeliveryStatus.UNPROCESSED:
        return _v(a, False, _makeshop_status_reason(ms.delivery_status))
    az = order.amazon
    if az is None:
        return _v(a, False, M("ms_no_amazon"), "R-F3")
    if az.status is AmazonStatus.SHIPPED:
        return _v(a, False, M("ms_az_shipped"), "R-F2/R-F3")
    if az.status is AmazonStatus.PARTIALLY_SHIPPED:
        return _v(a, False, M("ms_az_partial"), "R-B1/R-F3")
    if az.status is not AmazonStatus.UNSHIPPED:
        return _v(a, False, _amazon_status_reason(az.status))
    if order.notes.confirmed_packages or order.notes.exported_not_confirmed:
        return _v(a, False, M("ms_sent_amazon"), "R-F2/R-F3")
    if carrier is None or carrier.is_none:
        return _v(a, False, M("ms_abf_unchosen", abf=ABF_NAME), "R-E2", inp=True)
    if carrier.custom:
        return _v(a, False, M("ms_custom_amazon"), "R-E3", inp=True)
    if not carrier.code:
        return _v(a, False, M("ms_no_code", carrier=carrier.name), "", inp=True)
    if not carrier.identifies_carrier:
        return _v(a, False, M("ms_abf", carrier=carrier.name, abf=ABF_NAME), "R-E2", inp=True)
    if carrier.tracked is Tracked.YES:
        return _v(a, False, M("ms_tracked", carrier=carrier.name), "R-B2/R-F1", inp=True)
    if carrier.tracked is Tracked.UNKNOWN:
        return _v(a, False, M("ms_tracked_unknown", carrier=carrier.name), "R-F1", inp=True)
    return _v(a, True, M("ms_convert", amazon_name=carrier.amazon_name), "R-E1")


def _makeshop_status_reason(status: DeliveryStatus) -> Msg:
    return M(
        {
            DeliveryStatus.SHIPPED: "ms_shipped",
            DeliveryStatus.CANCELLED: "ms_cancelled",
            DeliveryStatus.RETURNED: "ms_returned",
            DeliveryStatus.UNPROCESSED: "ms_unprocessed",
        }[status]
    )


def _return(order: Order) -> Verdict:
    a = Action.RETURN
    if order.channel is Channel.AMAZON_FBA:
        return _v(a, False, FBA_NOTHING, "R-G1")
    if order.channel is Channel.AMAZON_MFN:
        if order.notes.return_done_in_seller_central:
            return _v(a, False, M("ret_recorded_wait"), "R-C1")
        return _v(a, False, M("ret_amazon"), "R-C1")
    ms = order.makeshop
    if ms is None:
        return _v(a, False, NO_MAKESHOP_DATA)
    if order.notes.outcome_unknown:
        return _v(a, False, OUTCOME_UNKNOWN)
    if ms.delivery_status is DeliveryStatus.SHIPPED:
        # makeshop's API has no public value for 返送: it is done in makeshop's admin.
        return Verdict(a, False, M("ret_in_admin"), url=makeshop_admin_url(order))
    if ms.delivery_status is DeliveryStatus.UNPROCESSED:
        return _v(a, False, M("ret_unshipped"))
    return _v(a, False, _makeshop_status_reason(ms.delivery_status))


def _edit(order: Order) -> Verdict:
    a = Action.EDIT
    if order.channel is Channel.AMAZON_FBA:
        return _v(a, False, M("edit_fba"), "R-G1/R-H1")
    if order.channel is Channel.AMAZON_MFN:
        return _v(a, False, M("edit_amazon"), "R-H1")
    if order.makeshop is None:
        return _v(a, False, NO_MAKESHOP_DATA)
    return _v(a, True, M("edit_ok"))


def _show_customer(order: Order) -> Verdict:
    a = Action.SHOW_CUSTOMER
    if order.is_amazon:
        return _v(a, False, M("customer_amazon"), "R-D1")
    if order.makeshop is None:
        return _v(a, False, NO_MAKESHOP_DATA)
    return _v(a, True, M("customer_ok"))


def _open_seller_central(order: Order) -> Verdict:
    a = Action.OPEN_SELLER_CENTRAL
    if order.channel is Channel.SHOP:
        return _v(a, False, NOT_AMAZON)
    if not order.amazon_order_id:
        return _v(a, False, M("sc_no_id"))
    if tracking_missing(order):
        number = number_to_add(order)
        if number:
            return _v(a, True, M("sc_add_tracking", number=number), "R-B2")
        return _v(a, True, M("sc_add_tracking_no_number"), "R-B2")
    return _v(a, True, M("sc_open"))


def _open_makeshop(order: Order) -> Verdict:
    a = Action.OPEN_MAKESHOP
    if order.channel is Channel.AMAZON_FBA:
        return _v(a, False, M("ms_open_fba"), "R-G1")
    if order.makeshop is None or not order.display_order_number:
        return _v(a, False, NO_MAKESHOP_DATA)
    return _v(a, True, M("ms_open"))


# --- public API ----------------------------------------------------------------------------------


def evaluate(
    order: Order,
    carrier: Carrier | str | None = None,
    tracking: str | Sequence[str] | None = None,
    *,
    table: CarrierTable | None = None,
) -> dict[Action, Verdict]:
    """A verdict for every action, in :class:`Action` order.

    ``carrier`` is a makeshop carrier name (or alias / code), a :class:`Carrier`, or None (none
    chosen yet); an unknown name is a custom carrier (R-E3).  ``tracking`` is one raw number or one
    per package; blanks are ignored.  ``table`` defaults to the bundled carrier table.
    """
    tbl = table if table is not None else default_table()
    c: Carrier | None = None
    if carrier is not None and not (isinstance(carrier, str) and not carrier.strip()):
        c = tbl.resolve(carrier)
    numbers = _trackings(tracking)
    return {
        Action.CONFIRM_AMAZON: _confirm_amazon(order, c, numbers),
        Action.CORRECT_TRACKING: _correct_tracking(order, c, numbers),
        Action.COMPLETE_MAKESHOP: _complete_makeshop(order, c, numbers),
        Action.RETURN: _return(order),
        Action.EDIT: _edit(order),
        Action.SHOW_CUSTOMER: _show_customer(order),
        Action.OPEN_SELLER_CENTRAL: _open_seller_central(order),
        Action.OPEN_MAKESHOP: _open_makeshop(order),
    }


def verdict(
    order: Order,
    action: Action | str,
    carrier: Carrier | str | None = None,
    tracking: str | Sequence[str] | None = None,
    *,
    table: CarrierTable | None = None,
) -> Verdict:
    """The verdict for one action (same rules as :func:`evaluate`)."""
    return evaluate(order, carrier, tracking, table=table)[Action(action)]


def seller_central_url(order: Order) -> str:
    """Link to the order in Seller Central ("" for shop orders)."""
    if order.channel is Channel.SHOP or not order.amazon_order_id:
        return ""
    return SELLER_CENTRAL_ORDER_URL.format(order_id=order.amazon_order_id)


def makeshop_admin_url(order: Order) -> str:
    """Link to the order in the makeshop admin ("" when there is no makeshop side)."""
    if order.makeshop is None or not order.display_order_number:
        return ""
    return MAKESHOP_ADMIN_ORDER_URL  # the order page's path is not public: the admin itself


# --- recording a return processed in Seller Central (R-C1) ---------------------------------------

RECORD_RETURN_LABEL: Final = "セラーセントラルで返送処理したことを記録する"
RETURN_RECORDED_ALREADY: Final = M("ret_recorded_wait")


def can_record_return_done(order: Order) -> Verdict:
    """Whether the user may record that an Amazon merchant-fulfilled order's return was
    processed in Seller Central (R-C1): nothing is sent, the app shows "返送反映待ち" until
    makeshop's 処理区分 turns to 返送 by itself.

    The verdict's ``action`` is :attr:`Action.RETURN` (this is the Amazon-side form of it);
    :func:`evaluate` is unchanged."""
    a = Action.RETURN
    if order.channel is Channel.SHOP:
        return _v(a, False, M("rec_shop"))
    if order.channel is Channel.AMAZON_FBA:
        return _v(a, False, M("rec_fba"), "R-G1")
    ms = order.makeshop
    if ms is not None and ms.delivery_status is DeliveryStatus.RETURNED:
        return _v(a, False, M("ms_returned"), "R-C1")
    if order.notes.return_done_in_seller_central:
        return _v(a, False, RETURN_RECORDED_ALREADY, "R-C1")
    az = order.amazon
    if az is not None and az.status is AmazonStatus.CANCELLED:
        return _v(a, False, _amazon_status_reason(AmazonStatus.CANCELLED))
    shipped = (
        az is not None and az.status in (AmazonStatus.SHIPPED, AmazonStatus.PARTIALLY_SHIPPED)
    ) or (ms is not None and ms.delivery_status is DeliveryStatus.SHIPPED)
    if not shipped:
        return _v(a, False, M("rec_unshipped"))
    return _v(a, True, M("rec_ok"), "R-C1")


# --- cancelling an export to the Amazon upload file ----------------------------------------------

CANCEL_EXPORT_LABEL: Final = "書き出しを取り消す"


def can_cancel_export(order: Order) -> Verdict:
    """Whether the order's rows written to the Amazon upload file may be cancelled (the owner
    will not upload that file): allowed while the order is アップロード待ち.  The verdict's
    ``action`` is :attr:`Action.CONFIRM_AMAZON` (cancelling makes confirmation possible again)."""
    a = Action.CONFIRM_AMAZON
    if order.channel is Channel.SHOP:
        return _v(a, False, NOT_AMAZON)
    if order.channel is Channel.AMAZON_FBA:
        return _v(a, False, FBA_NOTHING, "R-G1")
    if order.notes.outcome_unknown:
        return _v(a, False, OUTCOME_UNKNOWN)
    if not order.notes.exported_not_confirmed:
        return _v(a, False, M("cx_not_exported"))
    return _v(a, True, M("cx_ok"))
