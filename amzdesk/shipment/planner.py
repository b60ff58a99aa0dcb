"""Choosing the side and the packages of a shipment (pure: no I/O, no clock of its own).

One planner: the side, the packages and the refusal of one shipment are decided together from
one set of verdicts, so the checks below read as the order they run in.

:func:`plan_shipment` turns (order, carrier, tracking numbers, ``via``) into a :class:`Plan` or a
:class:`Refusal`; the verdicts come from :func:`amzdesk.rules.evaluate` only.

* Amazon merchant-fulfilled orders are confirmed on Amazon (``confirmShipment``) with the
  carrier code, carrier name and tracking number (R-B1, R-F1, R-E2, R-E3); makeshop then sets
  配送完了 by itself (R-F2).  makeshop's 配送完了 is used for an Amazon order only when the user
  asks for it (``via="makeshop"``) and the rules allow it (untracked method with a real
  conversion, Amazon still unshipped); Amazon's state is read again (``getOrder``) right before
  sending it, and nothing is sent when Amazon reports the order shipped (R-F3).
* Shop orders: makeshop's 配送完了 with carrier code and 伝票番号.
* FBA orders and anything the rules refuse: a :class:`Refusal` with the rule's reason.

Several tracking numbers = several packages: one package per number, each with its own
``packageReferenceId`` (:func:`package_reference_id`: a deterministic positive integer < 2**53
from the order ID and the number, so the same package gets the same ID on every machine and
run).  Unless the caller gives the split, the order's items (less what other packages already
shipped) are dealt out in item order into consecutive groups, as even as possible, the packages
taken in the order of their numbers (2 items, 2 numbers: one item each; 3 units, 2 numbers:
2 + 1).  More numbers than units is refused (give the split explicitly).  The split depends only
on the order and the set of numbers, so a repeat -- on this desk or another, numbers given in
any order -- sends the same packages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final

from amzdesk.carriers import Carrier, CarrierTable, default_table
from amzdesk.clock import JST, utcnow
from amzdesk.messages import define
from amzdesk.models import Channel, DeliveryStatus, Order, Package
from amzdesk.rules import Action, Verdict, evaluate, resend_numbers
from amzdesk.tracking import normalize

__all__ = [
    "ACTION_RETURN",
    "SIDE_AMAZON",
    "SIDE_MAKESHOP",
    "Plan",
    "PlannedPackage",
    "Refusal",
    "Via",
    "makeshop_idempotency_key",
    "makeshop_return_key",
    "package_reference_id",
    "plan_correction",
    "plan_shipment",
    "ship_datetime",
    "split_items",
    "verdict_refusal",
]

SIDE_AMAZON: Final = "amazon"
SIDE_MAKESHOP: Final = "makeshop"
ACTION_RETURN: Final = Action.RETURN.value
_REF_SALT: Final = "amzdesk-package-v1"
_MAX_REF: Final = 2**53


class Via(StrEnum):
    AUTO = "auto"
    AMAZON = "amazon"
    MAKESHOP = "makeshop"


def package_reference_id(order_id: str, tracking: str) -> str:
    """Amazon ``packageReferenceId`` for one package: a positive integer (as a string) below
    2**53, derived from the order ID and the normalised tracking number only, so the same
    package gets the same ID on every machine and run."""
    text = f"{_REF_SALT}\x1f{order_id.strip()}\x1f{normalize(tracking)}"
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    n = int.from_bytes(digest[:8], "big") % (_MAX_REF - 1)
    return str(n + 1)


def makeshop_idempotency_key(display_order_number: str, delivery_id: str) -> str:
    """Journal key of a makeshop 配送完了 (one per delivery)."""
    return f"ms:{display_order_number}:{delivery_id}"


def makeshop_return_key(display_order_number: str, delivery_id: str) -> str:
    """Journal key of a makeshop 返送 (one per delivery)."""
    return f"ms-return:{display_order_number}:{delivery_id}"


# --- plan ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlannedPackage:
    package_reference_id: str
    tracking: str
    items: tuple[tuple[str, int], ...]  # (orderItemId, quantity); empty for makeshop
    replaces_tracking: str = ""  # correction: the number this package had before


M = define(
    "shipment",
    {
        "amazon_accepted": "Amazon が出荷通知を受け付けました",
        "amazon_confirmed": "Amazon に出荷通知しました",
        "amazon_confirmed_n": "Amazon に出荷通知しました（荷物{count}個）",
        "makeshop_done": "makeshop で配送完了にしました",
        "unknown_amazon": (
            "Amazon への送信結果を確認できませんでした（届いている可能性があります）。"
            "次に同期か送信をするときに Amazon で確かめ、届いていなければ同じ内容を送ります。"
            "それより前にこの注文を別の追跡番号で送り直すと、"
            "その新しい番号が優先されます（届いていた場合は訂正として送ります）。"
            "二重には送りません"
        ),
        "unrecorded": (
            "{service} は受け付けた可能性がありますが、結果を記録できませんでした（{error}）"
            "。結果は不明として扱い、"
            "空き容量が戻ったあと次の同期や送信の前に {service} に問い合わせて確かめます（二"
            "重には送りません）"
        ),
        "resend": "{service} に届いていなかったため再送します",
        "order_not_found": "注文「{order}」が見つかりません。注文を同期してください",
        "recheck_no_amazon": (
            "Amazon の最新の状態を確認できないため、"
            "makeshop の配送完了は送りません（Amazon の認証情報を設定してください）"
        ),
        "recheck_failed": (
            "Amazon の最新の状態を確認できないため、makeshop の配送完了は送りません：{error}"
        ),
        "makeshop_unreachable": "makeshop に接続できません",
        "makeshop_state_unknown": "makeshop の注文の状態を確認できません",
        "amazon_unreachable": "Amazon に接続できません",
        "export_failed": "アップロードファイルを書き出せませんでした",
        "ship_date_impossible": (
            "出荷日 {day} は出荷日としてありえない日付です。正しい出荷日を入れてください"
        ),
        "ship_date_impossible_order": (
            "出荷日 {day} は出荷日としてありえない日付です（注文日 {ordered}）。"
            "正しい出荷日を入れてください"
        ),
        "bad_via": "送信先「{via}」は指定できません（auto / amazon / makeshop）",
        "items_count": "商品の分け方は追跡番号と同じ数だけ指定してください",
        "future_ship_date": "出荷日が未来の日付です。出荷してから出荷通知してください",
        "no_side": "送信先を決められません",
        "makeshop_already_done": "makeshop ではすでに配送完了です",
        "already_confirmed_numbers": "追跡番号 {numbers} はすでに Amazon に出荷通知済みです",
        "already_confirmed_order": "この注文はすでに Amazon に出荷通知済みです",
        "too_many_packages": (
            "追跡番号（{packages}件）が未出荷の商品点数（{units}点）より多いため、"
            "荷物ごとの商品の分け方を指定してください"
        ),
        "empty_package": "商品が入っていない荷物があります",
        "correct_not_ours": (
            "追跡番号 {tracking} の荷物はこのアプリで出荷通知していないため、訂正できません"
        ),
        "correct_no_items": "訂正する荷物の商品が分かりません",
        "shared_number": (
            "追跡番号 {tracking} は注文 {orders} ですでに使われています。"
            "1つの荷物で複数の注文を送る（同梱）なら、同梱として送ることを選んでください。"
            "入力ミスなら番号を直してください"
        ),
        "amazon_not_configured": "Amazon の認証情報が設定されていません",
        "makeshop_not_configured": "makeshop の認証情報が設定されていません",
        "confirmed_already": "出荷通知済みです",
        "makeshop_completed_already": "配送完了済みです",
        "cancelled": "中止しました",
        "pending": (
            "前回の送信が届いたかどうかをまだ確かめられないため、"
            "今回は送りませんでした（二重送信を防ぐため）。接続を確かめてから、"
            "もう一度お試しください"
        ),
        "nothing_to_send": "送るものはありません",
        "already_confirmed": "すでに出荷通知済みです",
        "order_not_found_sync": "注文「{order}」が見つかりません。同期してください",
        "nothing_to_resend": "送り直す荷物はありません",
        "not_yet_known": "結果をまだ確認できません：{error}",
        "amazon_confirmed_by_order": "Amazon の注文情報で出荷通知を確認しました",
        "amazon_had_it": "Amazon に届いていました",
        "amazon_cannot_confirm": "Amazon では出荷通知できない状態のため、送りませんでした",
        "amazon_shipped_otherwise": (
            "Amazon では別の方法で出荷済みのため、この荷物は送りませんでした"
        ),
        "amazon_missing_send_new": (
            "Amazon に届いていなかったため、この内容は送らず、新しい内容で送ります"
        ),
        "makeshop_done_confirmed": "makeshop で配送完了を確認しました",
        "makeshop_had_it": "makeshop に届いていました",
        "makeshop_not_unshipped": "makeshop の注文が未処理ではないため、送りませんでした",
        "amazon_shipped_confirmed": "Amazon で出荷済みになったことを確認しました",
        "amazon_reflected": "Amazon に反映されました",
        "amazon_cancelled": "Amazon でキャンセルされました",
        "return_in_admin": (
            "返送は makeshop の管理画面で行ってください（このアプリからは返送にできません）"
        ),
        "makeshop_returned": "makeshop で返送済みです",
        "return_pending": "前回の返送の結果がまだ分かりません。結果の確認を先に行います",
        "makeshop_already_returned": "makeshop ではすでに返送済みです",
        "makeshop_return_confirmed": "makeshop で返送を確認しました",
        "makeshop_was_returned": "makeshop で返送になっていました",
        "makeshop_not_shipped_no_return": (
            "makeshop の注文が配送済みではないため、返送は送りませんでした"
        ),
        "return_recorded": (
            "セラーセントラルで返送処理済みと記録しました。"
            "makeshop の処理区分が「返送」になるまで「返送反映待ち」と表示します"
        ),
    },
)


@dataclass(frozen=True, slots=True)
class Plan:
    """What will be sent for one order (nothing has been sent yet)."""

    order: Order
    side: str  # "amazon" / "makeshop"
    action: Action
    carrier: Carrier
    packages: tuple[PlannedPackage, ...]
    ship_date: datetime
    verdict: Verdict
    skipped_trackings: tuple[str, ...] = ()  # already confirmed: not sent again
    slip_number: str = ""  # makeshop 伝票番号

    @property
    def summary(self) -> str:
        return self.verdict.reason

    @property
    def trackings(self) -> tuple[str, ...]:
        return tuple(p.tracking for p in self.packages)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Nothing is sent: ``reason`` (Japanese) and the rule ID behind it."""

    reason: str
    rule_id: str = ""
    action: Action | None = None
    order: Order | None = None
    invalid_tracking: bool = False
    already_done: bool = False
    tracking: str = ""  # the offending number, when one is
    # the order permits it once the user explicitly accepts ``reason`` (R-F3: may be Amazon's)
    needs_confirmation: bool = False
    shared_with: tuple[str, ...] = ()  # other orders already sent with the same number

    @property
    def message(self) -> str:
        """What the owner reads (the rule ID stays in ``rule_id``: details, logs, --json)."""
        return self.reason


def split_items(
    units: Sequence[tuple[str, int]], n_packages: int
) -> list[tuple[tuple[str, int], ...]] | None:
    """Deal ``units`` ((orderItemId, quantity) in item order) into ``n_packages`` consecutive
    groups, as even as possible; None when there are fewer units than packages."""
    flat = [item_id for item_id, qty in units for _ in range(max(0, qty))]
    if n_packages <= 0 or len(flat) < n_packages:
        return None
    base, extra = divmod(len(flat), n_packages)
    out: list[tuple[tuple[str, int], ...]] = []
    pos = 0
    for i in range(n_packages):
        size = base + (1 if i < extra else 0)
        chunk = flat[pos : pos + size]
        pos += size
        counts: dict[str, int] = {}
        for item_id in chunk:
            counts[item_id] = counts.get(item_id, 0) + 1
        out.append(tuple(counts.items()))
    return out


def _known_packages(order: Order) -> list[Package]:
    """Packages Amazon reports plus those this app confirmed (by reference, latest wins)."""
    by_ref: dict[str, Package] = {}
    if order.amazon is not None:
        for p in order.amazon.packages:
            by_ref[p.package_reference_id] = p
    for p in order.notes.confirmed_packages:
        if p.package_reference_id not in by_ref or not by_ref[p.package_reference_id].items:
            by_ref[p.package_reference_id] = p
        else:
            by_ref[p.package_reference_id] = replace(
                by_ref[p.package_reference_id], tracking_number=p.tracking_number
            )
    return list(by_ref.values())


def _remaining_units(order: Order, own_refs: set[str]) -> list[tuple[str, int]]:
    """Per item, the quantity not shipped by packages other than ``own_refs``."""
    shipped: dict[str, int] = {}
    for p in _known_packages(order):
        if p.package_reference_id in own_refs:
            continue
        for item_id, qty in p.items:
            shipped[item_id] = shipped.get(item_id, 0) + qty
    out: list[tuple[str, int]] = []
    for it in order.items:
        if not it.order_item_id:
            continue
        left = it.quantity - shipped.get(it.order_item_id, 0)
        if left > 0:
            out.append((it.order_item_id, left))
    return out


def ship_datetime(ship_date: date | datetime | None, now: datetime, order: Order) -> datetime:
    """The ``shipDate`` to send: now for today (or none given); for an earlier JST date 18:00
    JST that day, never before the order was placed and never after now."""
    if isinstance(ship_date, datetime):
        return min(ship_date, now)
    today = now.astimezone(JST).date()
    if ship_date is None or ship_date >= today:
        return now
    at = datetime.combine(ship_date, time(18, 0), JST)
    created = order.order_date
    if created is not None and at < created:
        at = min(created + timedelta(minutes=1), now)
    return at


# A ship date before this is a typo or an empty cell read as 1970, never a real shipment.
_EARLIEST_SHIP_DATE: Final = date(2020, 1, 1)
# ... and so is one more than this long before the order was placed.  (A date a little before
# the order date -- a label printed from a template -- is still moved to just after the order,
# as before; see ship_datetime.)
_MAX_DAYS_BEFORE_ORDER: Final = 366


def _too_early(ship_date: date | datetime | None, order: Order) -> str:
    """Why ``ship_date`` cannot be a real ship date ("" when it can): 1970-01-01 or a date a
    year before the order is refused with a message, never silently replaced."""
    if ship_date is None:
        return ""
    day = ship_date.astimezone(JST).date() if isinstance(ship_date, datetime) else ship_date
    placed = order.order_date.astimezone(JST).date() if order.order_date is not None else None
    floor = _EARLIEST_SHIP_DATE
    if placed is not None:
        floor = max(floor, placed - timedelta(days=_MAX_DAYS_BEFORE_ORDER))
    if day >= floor:
        return ""
    if placed is not None:
        return M("ship_date_impossible_order", day=day.isoformat(), ordered=placed.isoformat())
    return M("ship_date_impossible", day=day.isoformat())


def _future_date(ship_date: date | datetime | None, now: datetime) -> bool:
    if ship_date is None:
        return False
    if isinstance(ship_date, datetime):
        return ship_date > now + timedelta(minutes=5)
    return ship_date > now.astimezone(JST).date()


def verdict_refusal(v: Verdict, order: Order, *, numbers: Sequence[str] = ()) -> Refusal:
    """The :class:`Refusal` for a verdict that does not allow the action (``numbers``: the
    tracking numbers asked for, to point at the one the reason names)."""
    bad = ""
    for n in numbers:
        if n and n in v.reason:
            bad = n
            break
    invalid = v.needs_input and bool(numbers) and "追跡番号" in v.reason and bool(bad)
    return Refusal(
        reason=v.reason,
        rule_id=v.rule_id,
        action=v.action,
        order=order,
        invalid_tracking=invalid,
        tracking=bad,
    )


def plan_shipment(
    order: Order,
    carrier: Carrier | str | None,
    trackings: Sequence[str] = (),
    *,
    via: Via | str = Via.AUTO,
    table: CarrierTable | None = None,
    ship_date: date | datetime | None = None,
    now: datetime | None = None,
    items: Sequence[Sequence[tuple[str, int]]] | None = None,
    confirmed: bool = False,
) -> Plan | Refusal:
    """Decide the side and the packages for one order (pure: no I/O).

    ``items``: optional explicit split, one sequence of (orderItemId, quantity) per tracking
    number (same order as ``trackings``).  ``confirmed``: the user explicitly accepted the
    verdict's warning (``Verdict.confirm``; R-F3 for an order that may be Amazon's); without it
    such an order is refused with ``needs_confirmation``.
    """
    tbl = table if table is not None else default_table()
    when = now if now is not None else utcnow()
    try:
        mode = Via(via)
    except ValueError:
        return Refusal(M("bad_via", via=via), order=order)
    numbers: list[str] = []
    for t in trackings:
        n = normalize(t)
        if n and n not in numbers:
            numbers.append(n)
    if items is not None and len(items) != len(numbers):
        return Refusal(M("items_count"), order=order)
    if _future_date(ship_date, when):
        return Refusal(M("future_ship_date"), order=order)
    too_early = _too_early(ship_date, order)
    if too_early:
        return Refusal(too_early, order=order)
    c: Carrier | None = None
    if carrier is not None and not (isinstance(carrier, str) and not carrier.strip()):
        c = tbl.resolve(carrier)

    if order.channel is Channel.SHOP or (order.is_amazon and mode is Via.MAKESHOP):
        return _plan_makeshop(
            order,
            c,
            numbers,
            mode=mode,
            tbl=tbl,
            ship_date=ship_date,
            when=when,
            confirmed=confirmed,
        )
    if order.channel is Channel.AMAZON_FBA or mode in (Via.AUTO, Via.AMAZON):
        return _plan_amazon(order, c, numbers, tbl=tbl, ship_date=ship_date, when=when, items=items)
    return Refusal(M("no_side"), order=order)  # pragma: no cover


def _plan_makeshop(
    order: Order,
    c: Carrier | None,
    numbers: list[str],
    *,
    mode: Via,
    tbl: CarrierTable,
    ship_date: date | datetime | None,
    when: datetime,
    confirmed: bool = False,
) -> Plan | Refusal:
    if order.channel is Channel.SHOP and mode is Via.AMAZON:
        v = evaluate(order, c, numbers, table=tbl)[Action.CONFIRM_AMAZON]
        return verdict_refusal(v, order)
    ms = order.makeshop
    if (
        ms is not None
        and ms.delivery_status is DeliveryStatus.SHIPPED
        and numbers
        and (normalize(ms.slip_number) in numbers or not ms.slip_number)
    ):
        return Refusal(
            M("makeshop_already_done"),
            action=Action.COMPLETE_MAKESHOP,
            order=order,
            already_done=True,
        )
    v = evaluate(order, c, numbers, table=tbl)[Action.COMPLETE_MAKESHOP]
    if not v.allowed:
        return verdict_refusal(v, order, numbers=numbers)
    if v.confirm and not confirmed:
        return Refusal(
            v.confirm,
            v.rule_id,
            action=Action.COMPLETE_MAKESHOP,
            order=order,
            needs_confirmation=True,
        )
    assert ms is not None
    chosen = c if c is not None else tbl.none
    slip = numbers[0] if numbers else ""
    pkg = PlannedPackage(
        makeshop_idempotency_key(ms.display_order_number, ms.delivery_id), slip, ()
    )
    return Plan(
        order=order,
        side=SIDE_MAKESHOP,
        action=Action.COMPLETE_MAKESHOP,
        carrier=chosen,
        packages=(pkg,),
        ship_date=ship_datetime(ship_date, when, order),
        verdict=v,
        slip_number=slip,
    )


def _plan_amazon(
    order: Order,
    c: Carrier | None,
    numbers: list[str],
    *,
    tbl: CarrierTable,
    ship_date: date | datetime | None,
    when: datetime,
    items: Sequence[Sequence[tuple[str, int]]] | None,
) -> Plan | Refusal:
    order_id = order.amazon_order_id
    refs = {n: package_reference_id(order_id, n) for n in (numbers or [""])}
    known = _known_packages(order)
    known_pairs = {(p.package_reference_id, normalize(p.tracking_number)) for p in known}
    known_numbers = {normalize(p.tracking_number) for p in known if p.tracking_number}
    resend = resend_numbers(order)  # read back with a difference: may go again (an edit)
    done = [
        n
        for n in (numbers or [""])
        if n not in resend and ((n and n in known_numbers) or (refs[n], n) in known_pairs)
    ]
    if done and len(done) == len(numbers or [""]) and order.channel is Channel.AMAZON_MFN:
        return Refusal(
            M("already_confirmed_numbers", numbers="、".join(done))
            if numbers
            else M("already_confirmed_order"),
            action=Action.CONFIRM_AMAZON,
            order=order,
            already_done=True,
        )
    todo = [n for n in numbers if n not in done]
    v = evaluate(order, c, todo, table=tbl)[Action.CONFIRM_AMAZON]
    if not v.allowed:
        return verdict_refusal(v, order, numbers=todo)
    assert c is not None
    # the item split over every number given (done ones included), in number order, so a
    # repeat -- from this desk or another, numbers in any order -- sends identical packages
    all_numbers = sorted(numbers) if items is None else list(numbers)
    all_numbers = all_numbers or [""]
    own = set(refs.values())
    if items is not None:
        groups: list[tuple[tuple[str, int], ...]] | None = [
            tuple((str(i), int(q)) for i, q in g) for g in items
        ]
    else:
        groups = split_items(_remaining_units(order, own), len(all_numbers))
    if groups is None:
        units = sum(q for _i, q in _remaining_units(order, own))
        return Refusal(
            M("too_many_packages", packages=len(all_numbers), units=units),
            action=Action.CONFIRM_AMAZON,
            order=order,
        )
    if any(not g for g in groups):
        return Refusal(M("empty_package"), action=Action.CONFIRM_AMAZON, order=order)
    packages = tuple(
        PlannedPackage(refs[n], n, g)
        for n, g in zip(all_numbers, groups, strict=True)
        if n not in done
    )
    return Plan(
        order=order,
        side=SIDE_AMAZON,
        action=Action.CONFIRM_AMAZON,
        carrier=c,
        packages=packages,
        ship_date=ship_datetime(ship_date, when, order),
        verdict=v,
        skipped_trackings=tuple(n for n in done if n),
    )


def plan_correction(
    order: Order,
    old_tracking: str,
    new_tracking: str,
    carrier: Carrier | str | None,
    *,
    table: CarrierTable | None = None,
    now: datetime | None = None,
) -> Plan | Refusal:
    """Re-send the package that had ``old_tracking`` with ``new_tracking`` (same reference)."""
    tbl = table if table is not None else default_table()
    when = now if now is not None else utcnow()
    old, new = normalize(old_tracking), normalize(new_tracking)
    c = tbl.resolve(carrier) if carrier else None
    v = evaluate(order, c, [new] if new else [], table=tbl)[Action.CORRECT_TRACKING]
    if not v.allowed:
        return verdict_refusal(v, order, numbers=[new])
    assert c is not None
    pkg = next(
        (p for p in order.notes.confirmed_packages if normalize(p.tracking_number) == old), None
    )
    if pkg is None:
        return Refusal(
            M("correct_not_ours", tracking=old),
            action=Action.CORRECT_TRACKING,
            order=order,
        )
    items = pkg.items
    if not items and order.amazon is not None:
        items = next(
            (
                p.items
                for p in order.amazon.packages
                if p.package_reference_id == pkg.package_reference_id
            ),
            (),
        )
    if not items:
        return Refusal(M("correct_no_items"), action=Action.CORRECT_TRACKING, order=order)
    return Plan(
        order=order,
        side=SIDE_AMAZON,
        action=Action.CORRECT_TRACKING,
        carrier=c,
        packages=(PlannedPackage(pkg.package_reference_id, new, tuple(items), old),),
        ship_date=pkg.ship_time if pkg.ship_time is not None else when,
        verdict=v,
    )
