"""The action matrix: one verdict per action for every kind and state of order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amzdesk.carriers import CarrierTable, Tracked, default_table
from amzdesk.models import AmazonStatus, Channel, DeliveryStatus, Order
from amzdesk.rules import Action, Verdict, evaluate, makeshop_admin_url, seller_central_url, verdict
from amzdesk.states import confirmed_covers_order
from amzdesk.tracking import validate
from tests.factories import (
    LINK_FAILED,
    NOW,
    make_fba_order,
    make_item,
    make_mfn_order,
    make_package,
    make_shop_order,
)

A = Action
Y = DeliveryStatus.SHIPPED
N = DeliveryStatus.UNPROCESSED
R = DeliveryStatus.RETURNED
C = DeliveryStatus.CANCELLED

VALID = "444413758703"
VALID2 = "405548424886"
VALID3 = "512547514334"
BAD_CHECK = "444413758704"
YAMATO = "クロネコヤマト"  # tracked, converts to ヤマト運輸
FUTSU = "普通郵便"  # untracked, converts to 日本郵便
SMART = "スマートレター"  # untracked, converts to 日本郵便
TONAMI = "トナミ運輸"  # tracked (digits), ABF via makeshop
TOLL = "トールエクスプレスジャパン"  # not in the source table: ABF via makeshop
POSPACKET = "ポスパケット"  # tracking unknown
CUSTOM = "アートバンライン"  # not a makeshop carrier (R-E3)
EMS = "EMS国際スピード郵便"
DHL = "DHL"


@dataclass(frozen=True)
class Cell:
    name: str
    order: Order
    action: Action
    allowed: bool
    rule_id: str
    carrier: str | None = None
    tracking: Any = None
    needs_input: bool = False
    says: str = ""  # a phrase the reason must contain


def cell(
    name: str, order: Order, action: Action, allowed: bool, rule_id: str = "", **kw: Any
) -> Cell:
    return Cell(name, order, action, allowed, rule_id, **kw)


unshipped = make_mfn_order(status=AmazonStatus.UNSHIPPED)
partially = make_mfn_order(status=AmazonStatus.PARTIALLY_SHIPPED)
shipped_synced = make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=Y)
shipped_unsynced = make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=N)
cancelled = make_mfn_order(status=AmazonStatus.CANCELLED)
pending = make_mfn_order(status=AmazonStatus.PENDING)
link_failed_unshipped = make_mfn_order(
    status=AmazonStatus.UNSHIPPED, delivery_status=Y, payment_status=LINK_FAILED
)
link_failed_shipped = make_mfn_order(
    status=AmazonStatus.SHIPPED, delivery_status=Y, payment_status=LINK_FAILED
)
no_amazon_side = make_mfn_order(with_amazon=False)
no_makeshop_side = make_mfn_order(with_makeshop=False)
unknown_outcome = make_mfn_order(outcome_unknown=True)
exported = make_mfn_order(exported_not_confirmed=True)
confirmed_unsynced = make_mfn_order(status=AmazonStatus.UNSHIPPED, confirmed=[VALID])
confirmed_shipped = make_mfn_order(
    status=AmazonStatus.SHIPPED, delivery_status=Y, confirmed=[VALID], packages=[VALID]
)
# two items; this app confirmed item A in one package, Amazon reflects it; item B is left
confirmed_partially = make_mfn_order(
    status=AmazonStatus.PARTIALLY_SHIPPED,
    items=(
        make_item(1, order_item_id="A", quantity=1, quantity_shipped=1),
        make_item(2, order_item_id="B", quantity=1),
    ),
    confirmed=[make_package(VALID, items=(("A", 1),))],
    packages=[make_package(VALID, items=(("A", 1),))],
)
amazon_package_only = make_mfn_order(status=AmazonStatus.PARTIALLY_SHIPPED, packages=[VALID2])
return_noted = make_mfn_order(
    status=AmazonStatus.SHIPPED, delivery_status=Y, return_done_in_seller_central=True
)
shop_n = make_shop_order(delivery_status=N)
shop_y = make_shop_order(delivery_status=Y)
shop_r = make_shop_order(delivery_status=R)
shop_c = make_shop_order(delivery_status=C)
shop_unknown = make_shop_order(outcome_unknown=True)
fba = make_fba_order()
fba_unshipped = make_fba_order(status=AmazonStatus.UNSHIPPED)

CELLS: list[Cell] = [
    # --- confirm-amazon ------------------------------------------------------------------------
    cell("shop", shop_n, A.CONFIRM_AMAZON, False, "", says="Amazon の注文ではありません"),
    cell("shop with carrier", shop_n, A.CONFIRM_AMAZON, False, "", carrier=YAMATO, tracking=VALID),
    cell("fba", fba, A.CONFIRM_AMAZON, False, "R-G1", carrier=YAMATO, tracking=VALID),
    cell("fba unshipped", fba_unshipped, A.CONFIRM_AMAZON, False, "R-G1", carrier=YAMATO),
    cell("tracked+valid", unshipped, A.CONFIRM_AMAZON, True, "", carrier=YAMATO, tracking=VALID),
    cell("partially", partially, A.CONFIRM_AMAZON, True, "", carrier=YAMATO, tracking=VALID),
    cell(
        "no carrier",
        unshipped,
        A.CONFIRM_AMAZON,
        False,
        "R-B1",
        needs_input=True,
        says="配送業者を選んでください",
    ),
    cell(
        "無し",
        unshipped,
        A.CONFIRM_AMAZON,
        False,
        "R-B1",
        carrier="無し",
        tracking=VALID,
        needs_input=True,
        says="配送業者を選んでください",
    ),
    cell(
        "tracked, missing number",
        unshipped,
        A.CONFIRM_AMAZON,
        False,
        "R-F1",
        carrier=YAMATO,
        needs_input=True,
        says="追跡番号を入力してください",
    ),
    cell(
        "tracked, blank number",
        unshipped,
        A.CONFIRM_AMAZON,
        False,
        "R-F1",
        carrier=YAMATO,
        tracking=["", " - "],
        needs_input=True,
    ),
    cell(
        "tracked, bad check digit",
        unshipped,
        A.CONFIRM_AMAZON,
        False,
        "R-F1",
        carrier=YAMATO,
        tracking=BAD_CHECK,
        needs_input=True,
        says="チェックディジットが一致しません",
    ),
    cell(
        "tracked, 11 digits",
        unshipped,
        A.CONFIRM_AMAZON,
        False,
        "R-F1",
        carrier=YAMATO,
        tracking=VALID[:11],
        needs_input=True,
        says="12桁の数字を入力してください（今は11桁）",
    ),
    cell(
        "tracked, pasted with hyphens",
        unshipped,
        A.CONFIRM_AMAZON,
        True,
        "",
        carrier=YAMATO,
        tracking="４４４４-１３７５-８７０３",
    ),
    cell("untracked, no number", unshipped, A.CONFIRM_AMAZON, True, "", carrier=FUTSU),
    cell(
        "untracked, number", unshipped, A.CONFIRM_AMAZON, True, "", carrier=SMART, tracking="1234"
    ),
    cell(
        "ABF-converted, number",
        unshipped,
        A.CONFIRM_AMAZON,
        True,
        "",
        carrier=TONAMI,
        tracking="12345678",
    ),
    cell(
        "ABF-converted, no number",
        unshipped,
        A.CONFIRM_AMAZON,
        False,
        "R-F1",
        carrier=TONAMI,
        needs_input=True,
    ),
    cell("Toll, number", unshipped, A.CONFIRM_AMAZON, True, "", carrier=TOLL, tracking="98765432"),
    cell("tracking unknown, none", unshipped, A.CONFIRM_AMAZON, True, "", carrier=POSPACKET),
    cell("custom, none", unshipped, A.CONFIRM_AMAZON, True, "R-E3", carrier=CUSTOM),
    cell(
        "custom, number",
        unshipped,
        A.CONFIRM_AMAZON,
        True,
        "R-E3",
        carrier=CUSTOM,
        tracking="ab-12345",
    ),
    cell(
        "custom, bad number",
        unshipped,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=CUSTOM,
        tracking="AB#12345",
        needs_input=True,
        says="英数字以外",
    ),
    cell("EMS S10", unshipped, A.CONFIRM_AMAZON, True, "", carrier=EMS, tracking="EG725089303JP"),
    cell(
        "EMS digits",
        unshipped,
        A.CONFIRM_AMAZON,
        False,
        "R-F1",
        carrier=EMS,
        tracking=VALID,
        needs_input=True,
    ),
    cell("DHL", unshipped, A.CONFIRM_AMAZON, True, "", carrier=DHL, tracking="1234567891"),
    cell(
        "two packages",
        unshipped,
        A.CONFIRM_AMAZON,
        True,
        "",
        carrier=YAMATO,
        tracking=[VALID, VALID2],
        says="2 件",
    ),
    cell(
        "two packages, one invalid",
        unshipped,
        A.CONFIRM_AMAZON,
        False,
        "R-F1",
        carrier=YAMATO,
        tracking=[VALID, BAD_CHECK],
        needs_input=True,
        says=BAD_CHECK,
    ),
    cell(
        "same number twice",
        unshipped,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=YAMATO,
        tracking=[VALID, "4444-1375-8703"],
        needs_input=True,
        says="2回",
    ),
    cell(
        "number already confirmed by this app",
        confirmed_partially,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID,
        needs_input=True,
        says="すでに出荷通知済み",
    ),
    cell(
        "number Amazon already has",
        amazon_package_only,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID2,
        needs_input=True,
        says="すでに出荷通知済み",
    ),
    cell(
        "this app confirmed the whole order, Amazon not reflecting yet",
        confirmed_unsynced,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID2,
        says="追跡番号を訂正",
    ),
    cell(
        "partially shipped, next package",
        confirmed_partially,
        A.CONFIRM_AMAZON,
        True,
        "",
        carrier=YAMATO,
        tracking=VALID3,
    ),
    cell(
        "shipped",
        shipped_synced,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID,
        says="出荷済み",
    ),
    cell(
        "shipped, unsynced",
        shipped_unsynced,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID,
    ),
    cell(
        "cancelled",
        cancelled,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID,
        says="キャンセル",
    ),
    cell(
        "pending",
        pending,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID,
        says="保留中",
    ),
    cell(
        "連携失敗 unshipped",
        link_failed_unshipped,
        A.CONFIRM_AMAZON,
        True,
        "",
        carrier=YAMATO,
        tracking=VALID,
    ),
    cell(
        "連携失敗 shipped",
        link_failed_shipped,
        A.CONFIRM_AMAZON,
        False,
        "R-F3",
        carrier=YAMATO,
        tracking=VALID,
        says="対応は不要",
    ),
    cell(
        "no Amazon side",
        no_amazon_side,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID,
        says="同期",
    ),
    cell(
        "no makeshop side",
        no_makeshop_side,
        A.CONFIRM_AMAZON,
        True,
        "",
        carrier=YAMATO,
        tracking=VALID,
    ),
    cell(
        "outcome unknown",
        unknown_outcome,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID,
        says="結果",
    ),
    cell(
        "exported",
        exported,
        A.CONFIRM_AMAZON,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID,
        says="アップロード",
    ),
    # --- correct-tracking ----------------------------------------------------------------------
    cell("shop", shop_y, A.CORRECT_TRACKING, False, "", carrier=YAMATO, tracking=VALID2),
    cell("fba", fba, A.CORRECT_TRACKING, False, "R-G1", carrier=YAMATO, tracking=VALID2),
    cell(
        "nothing confirmed by this app",
        shipped_synced,
        A.CORRECT_TRACKING,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID2,
        says="出荷通知した荷物がない",
    ),
    cell(
        "Amazon-only package",
        amazon_package_only,
        A.CORRECT_TRACKING,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID3,
    ),
    cell(
        "confirmed, new number",
        confirmed_shipped,
        A.CORRECT_TRACKING,
        True,
        "",
        carrier=YAMATO,
        tracking=VALID2,
    ),
    cell(
        "confirmed, not yet synced",
        confirmed_unsynced,
        A.CORRECT_TRACKING,
        True,
        "",
        carrier=YAMATO,
        tracking=VALID2,
    ),
    cell(
        "confirmed, same number",
        confirmed_shipped,
        A.CORRECT_TRACKING,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID,
        needs_input=True,
        says="同じ",
    ),
    cell(
        "confirmed, invalid",
        confirmed_shipped,
        A.CORRECT_TRACKING,
        False,
        "R-F1",
        carrier=YAMATO,
        tracking=BAD_CHECK,
        needs_input=True,
    ),
    cell(
        "confirmed, missing number",
        confirmed_shipped,
        A.CORRECT_TRACKING,
        False,
        "R-F1",
        carrier=YAMATO,
        needs_input=True,
    ),
    cell(
        "confirmed, no carrier",
        confirmed_shipped,
        A.CORRECT_TRACKING,
        False,
        "R-B1",
        tracking=VALID2,
        needs_input=True,
        says="配送業者を選んでください",
    ),
    cell(
        "confirmed, two numbers",
        confirmed_shipped,
        A.CORRECT_TRACKING,
        False,
        "",
        carrier=YAMATO,
        tracking=[VALID2, VALID3],
        needs_input=True,
    ),
    cell(
        "confirmed, outcome unknown",
        make_mfn_order(confirmed=[VALID], outcome_unknown=True),
        A.CORRECT_TRACKING,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID2,
    ),
    cell(
        "confirmed, cancelled",
        make_mfn_order(status=AmazonStatus.CANCELLED, confirmed=[VALID]),
        A.CORRECT_TRACKING,
        False,
        "",
        carrier=YAMATO,
        tracking=VALID2,
    ),
    # --- complete-makeshop ---------------------------------------------------------------------
    cell("shop 未処理", shop_n, A.COMPLETE_MAKESHOP, True, ""),
    cell(
        "shop 未処理 + carrier",
        shop_n,
        A.COMPLETE_MAKESHOP,
        True,
        "",
        carrier=YAMATO,
        tracking=VALID,
    ),
    cell("shop 未処理 + untracked", shop_n, A.COMPLETE_MAKESHOP, True, "", carrier=FUTSU),
    cell(
        "shop 未処理 + bad slip number",
        shop_n,
        A.COMPLETE_MAKESHOP,
        False,
        "",
        carrier=YAMATO,
        tracking=BAD_CHECK,
        needs_input=True,
    ),
    cell(
        "shop 未処理 + custom carrier",
        shop_n,
        A.COMPLETE_MAKESHOP,
        False,
        "",
        carrier=CUSTOM,
        needs_input=True,
    ),
    cell("shop 配送", shop_y, A.COMPLETE_MAKESHOP, False, "", says="配送完了"),
    cell("shop 返送", shop_r, A.COMPLETE_MAKESHOP, False, ""),
    cell("shop キャンセル", shop_c, A.COMPLETE_MAKESHOP, False, ""),
    cell("shop outcome unknown", shop_unknown, A.COMPLETE_MAKESHOP, False, ""),
    cell("fba", fba, A.COMPLETE_MAKESHOP, False, "R-G1", carrier=FUTSU),
    cell(
        "untracked+converted",
        unshipped,
        A.COMPLETE_MAKESHOP,
        True,
        "R-E1",
        carrier=FUTSU,
        says="日本郵便",
    ),
    cell("スマートレター", unshipped, A.COMPLETE_MAKESHOP, True, "R-E1", carrier=SMART),
    cell(
        "tracked",
        unshipped,
        A.COMPLETE_MAKESHOP,
        False,
        "R-B2/R-F1",
        carrier=YAMATO,
        tracking=VALID,
        needs_input=True,
        says="伝票番号",
    ),
    cell(
        "ABF-converted",
        unshipped,
        A.COMPLETE_MAKESHOP,
        False,
        "R-E2",
        carrier=TONAMI,
        needs_input=True,
        says="配送業者ABF",
    ),
    cell(
        "Toll (unconverted)",
        unshipped,
        A.COMPLETE_MAKESHOP,
        False,
        "R-E2",
        carrier=TOLL,
        needs_input=True,
    ),
    cell(
        "no carrier",
        unshipped,
        A.COMPLETE_MAKESHOP,
        False,
        "R-E2",
        needs_input=True,
        says="配送業者を選んでください",
    ),
    cell("無し", unshipped, A.COMPLETE_MAKESHOP, False, "R-E2", carrier="無し", needs_input=True),
    cell("custom", unshipped, A.COMPLETE_MAKESHOP, False, "R-E3", carrier=CUSTOM, needs_input=True),
    cell(
        "tracking unknown",
        unshipped,
        A.COMPLETE_MAKESHOP,
        False,
        "R-F1",
        carrier=POSPACKET,
        needs_input=True,
    ),
    cell(
        "Amazon shipped, makeshop not synced",
        shipped_unsynced,
        A.COMPLETE_MAKESHOP,
        False,
        "R-F2/R-F3",
        carrier=FUTSU,
        says="連携失敗",
    ),
    cell(
        "partially shipped",
        partially,
        A.COMPLETE_MAKESHOP,
        False,
        "R-B1/R-F3",
        carrier=FUTSU,
        says="残りの商品も Amazon 側で出荷通知",
    ),
    cell(
        "shipped + synced",
        shipped_synced,
        A.COMPLETE_MAKESHOP,
        False,
        "",
        carrier=FUTSU,
        says="配送完了",
    ),
    cell(
        "連携失敗 unshipped",
        link_failed_unshipped,
        A.COMPLETE_MAKESHOP,
        False,
        "R-F3",
        carrier=FUTSU,
    ),
    cell(
        "連携失敗 unshipped, makeshop 未処理",
        make_mfn_order(payment_status=LINK_FAILED, delivery_status=N),
        A.COMPLETE_MAKESHOP,
        False,
        "R-F3",
        carrier=FUTSU,
    ),
    cell(
        "連携失敗 shipped", link_failed_shipped, A.COMPLETE_MAKESHOP, False, "R-F3", carrier=FUTSU
    ),
    cell(
        "confirmed by this app, not yet reported",
        confirmed_unsynced,
        A.COMPLETE_MAKESHOP,
        False,
        "R-F2/R-F3",
        carrier=FUTSU,
    ),
    cell("exported", exported, A.COMPLETE_MAKESHOP, False, "R-F2/R-F3", carrier=FUTSU),
    cell("cancelled", cancelled, A.COMPLETE_MAKESHOP, False, "", carrier=FUTSU),
    cell("pending", pending, A.COMPLETE_MAKESHOP, False, "", carrier=FUTSU),
    cell("no Amazon side", no_amazon_side, A.COMPLETE_MAKESHOP, False, "R-F3", carrier=FUTSU),
    cell("no makeshop side", no_makeshop_side, A.COMPLETE_MAKESHOP, False, "", carrier=FUTSU),
    cell("outcome unknown", unknown_outcome, A.COMPLETE_MAKESHOP, False, "", carrier=FUTSU),
    # --- return --------------------------------------------------------------------------------
    # no public makeshop value for 返送: refused, with makeshop's admin as the way forward
    cell("shop 配送", shop_y, A.RETURN, False, "", says="管理画面"),
    cell("shop 未処理", shop_n, A.RETURN, False, "", says="配送完了にしていない"),
    cell("shop 返送", shop_r, A.RETURN, False, ""),
    cell("shop キャンセル", shop_c, A.RETURN, False, ""),
    cell(
        "shop outcome unknown",
        make_shop_order(delivery_status=Y, outcome_unknown=True),
        A.RETURN,
        False,
        "",
    ),
    cell(
        "mfn shipped",
        shipped_synced,
        A.RETURN,
        False,
        "R-C1",
        says="セラーセントラルで返送処理してください",
    ),
    cell("mfn unshipped", unshipped, A.RETURN, False, "R-C1"),
    cell("mfn return noted", return_noted, A.RETURN, False, "R-C1", says="返送"),
    cell("fba", fba, A.RETURN, False, "R-G1"),
    # --- edit ----------------------------------------------------------------------------------
    cell("shop", shop_n, A.EDIT, True, "", says="makeshop 管理画面"),
    cell("shop shipped", shop_y, A.EDIT, True, ""),
    cell("mfn", unshipped, A.EDIT, False, "R-H1"),
    cell("mfn shipped", shipped_synced, A.EDIT, False, "R-H1"),
    cell("fba", fba, A.EDIT, False, "R-G1/R-H1"),
    # --- show-customer -------------------------------------------------------------------------
    cell("shop", shop_n, A.SHOW_CUSTOMER, True, "", says="保存しません"),
    cell("mfn", unshipped, A.SHOW_CUSTOMER, False, "R-D1"),
    cell("mfn no makeshop", no_makeshop_side, A.SHOW_CUSTOMER, False, "R-D1"),
    cell("fba", fba, A.SHOW_CUSTOMER, False, "R-D1"),
    # --- open-seller-central -------------------------------------------------------------------
    cell("shop", shop_n, A.OPEN_SELLER_CENTRAL, False, "", says="Amazon の注文ではありません"),
    cell("mfn", unshipped, A.OPEN_SELLER_CENTRAL, True, ""),
    cell("mfn without Amazon side", no_amazon_side, A.OPEN_SELLER_CENTRAL, True, ""),
    cell("fba", fba, A.OPEN_SELLER_CENTRAL, True, ""),
    # --- open-makeshop -------------------------------------------------------------------------
    cell("shop", shop_n, A.OPEN_MAKESHOP, True, ""),
    cell("mfn", unshipped, A.OPEN_MAKESHOP, True, ""),
    cell("mfn without makeshop side", no_makeshop_side, A.OPEN_MAKESHOP, False, ""),
    cell("fba", fba, A.OPEN_MAKESHOP, False, "R-G1", says="セラーセントラル"),
]


@pytest.mark.parametrize("c", CELLS, ids=[f"{c.action.value}:{c.name}" for c in CELLS])
def test_matrix_cell(c: Cell) -> None:
    v = evaluate(c.order, c.carrier, c.tracking)[c.action]
    assert v.action is c.action
    assert v.allowed is c.allowed, v.reason
    assert v.rule_id == c.rule_id, v.reason
    assert v.needs_input is c.needs_input, v.reason
    assert c.says in v.reason
    assert v.reason
    assert re.search(r"[ぁ-んァ-ン一-龥]", v.reason), "reasons are Japanese"
    # the convenience function agrees
    assert verdict(c.order, c.action, c.carrier, c.tracking) == v
    assert verdict(c.order, c.action.value, c.carrier, c.tracking) == v


KINDS = {"shop": shop_n, "mfn": unshipped, "fba": fba}


def test_every_action_and_kind_is_covered() -> None:
    covered = {(c.action, c.order.channel) for c in CELLS}
    assert covered == {(a, k) for a in Action for k in Channel}


def test_evaluate_gives_every_action_in_order() -> None:
    for order in (*KINDS.values(), shipped_unsynced, link_failed_shipped, no_amazon_side):
        verdicts = evaluate(order)
        assert list(verdicts) == list(Action)
        for action, v in verdicts.items():
            assert isinstance(v, Verdict)
            assert v.action is action


def test_fba_allows_nothing_but_seller_central() -> None:
    for carrier in (None, YAMATO, FUTSU, CUSTOM):
        for status in AmazonStatus:
            allowed = {
                a
                for a, v in evaluate(make_fba_order(status=status), carrier, VALID).items()
                if v.allowed
            }
            assert allowed == {Action.OPEN_SELLER_CENTRAL}


def test_action_labels() -> None:
    assert {a: a.label for a in Action} == {
        A.CONFIRM_AMAZON: "Amazon に出荷通知",
        A.CORRECT_TRACKING: "追跡番号を訂正",
        A.COMPLETE_MAKESHOP: "makeshop で配送完了にする",
        A.RETURN: "返送",
        A.EDIT: "注文を編集",
        A.SHOW_CUSTOMER: "購入者情報を表示",
        A.OPEN_SELLER_CENTRAL: "セラーセントラルで開く",
        A.OPEN_MAKESHOP: "makeshop 管理画面で開く",
    }
    assert [a.value for a in Action] == [
        "confirm-amazon",
        "correct-tracking",
        "complete-makeshop",
        "return",
        "edit",
        "show-customer",
        "open-seller-central",
        "open-makeshop",
    ]


def test_tooltip_and_available() -> None:
    v = verdict(unshipped, A.COMPLETE_MAKESHOP, YAMATO, VALID)
    assert v.tooltip.endswith("（R-B2/R-F1）")
    assert v.available and not v.allowed
    ok = verdict(unshipped, A.CONFIRM_AMAZON, YAMATO, VALID)
    assert ok.available and ok.tooltip == ok.reason
    no = verdict(fba, A.CONFIRM_AMAZON)
    assert not no.available


def test_carrier_given_as_carrier_alias_or_code() -> None:
    table = default_table()
    as_name = evaluate(unshipped, "レターパックライト", VALID)
    assert as_name[A.CONFIRM_AMAZON].allowed
    assert evaluate(unshipped, table.resolve("レターパックライト"), VALID) == as_name
    assert evaluate(unshipped, "レターパック350", VALID) == as_name
    assert evaluate(unshipped, "020", VALID) == as_name
    # blank carrier text is "none chosen yet"
    assert evaluate(unshipped, "  ", VALID) == evaluate(unshipped, None, VALID)


def test_confirm_reason_names_what_is_sent_and_honours_overrides() -> None:
    table = CarrierTable.load({YAMATO: "Other"})
    v = verdict(unshipped, A.CONFIRM_AMAZON, YAMATO, VALID, table=table)
    assert v.allowed
    assert "ヤマト運輸" in v.reason and "Other" in v.reason
    default = verdict(unshipped, A.CONFIRM_AMAZON, YAMATO, VALID)
    assert "YamatoTransport" in default.reason
    custom = verdict(unshipped, A.CONFIRM_AMAZON, CUSTOM)
    assert CUSTOM in custom.reason


def test_urls() -> None:
    assert seller_central_url(unshipped) == (
        f"https://sellercentral.amazon.co.jp/orders-v3/order/{unshipped.amazon_order_id}"
    )
    assert seller_central_url(shop_n) == ""
    # the admin host seen publicly; the order page's path is not public
    assert makeshop_admin_url(unshipped).startswith("https://console.makeshop.jp/")
    assert makeshop_admin_url(no_makeshop_side) == ""
    assert makeshop_admin_url(shop_n).startswith("https://console.makeshop.jp/")
    assert verdict(shop_y, A.RETURN).url == makeshop_admin_url(shop_y)


# --- properties over generated orders ----------------------------------------------------------

CARRIER_CHOICES = [None, CUSTOM, *(c.name for c in default_table().all())]
TRACKING_CHOICES: list[Any] = [
    None,
    "",
    VALID,
    BAD_CHECK,
    "EG725089303JP",
    "1234567891",
    [VALID, VALID2],
]


@st.composite
def mfn_orders(draw: st.DrawFn) -> Order:
    return make_mfn_order(
        status=draw(st.sampled_from(list(AmazonStatus))),
        delivery_status=draw(st.sampled_from(list(DeliveryStatus))),
        payment_status=draw(st.sampled_from(["PAID", LINK_FAILED])),
        with_amazon=draw(st.booleans()),
        with_makeshop=draw(st.booleans()),
        confirmed=draw(st.sampled_from([(), (VALID,)])),
        return_done_in_seller_central=draw(st.booleans()),
        outcome_unknown=draw(st.booleans()),
        exported_not_confirmed=draw(st.booleans()),
        packages=draw(st.sampled_from([(), (make_package(VALID),)])),
    )


@given(mfn_orders(), st.sampled_from(CARRIER_CHOICES), st.sampled_from(TRACKING_CHOICES))
def test_mfn_invariants(order: Order, carrier: str | None, tracking: Any) -> None:
    verdicts = evaluate(order, carrier, tracking)
    table = default_table()
    c = table.resolve(carrier)
    az = order.amazon
    ms = order.makeshop
    link_failed = ms is not None and ms.payment_status == LINK_FAILED

    # never a makeshop completion unless Amazon is unshipped, the carrier is untracked and
    # converts to a real name, and nothing was sent on the Amazon side (R-B2, R-E2, R-F1..F3)
    if verdicts[A.COMPLETE_MAKESHOP].allowed:
        assert az is not None and az.status is AmazonStatus.UNSHIPPED
        assert ms is not None and ms.delivery_status is DeliveryStatus.UNPROCESSED
        assert c.tracked is Tracked.NO and c.converts_via_makeshop
        assert not link_failed
        assert not order.notes.confirmed_packages and not order.notes.outcome_unknown

    # never an Amazon confirmation unless Amazon wants shipping and the input fits (R-B1, R-F1)
    if verdicts[A.CONFIRM_AMAZON].allowed:
        assert az is not None and az.status.needs_shipping
        assert not order.notes.outcome_unknown and not order.notes.exported_not_confirmed
        assert not confirmed_covers_order(order)
        assert not c.is_none
        numbers = tracking if isinstance(tracking, list) else [tracking] if tracking else []
        if c.tracked is Tracked.YES:
            assert numbers
        for n in numbers:
            assert validate(n, c.tracking_format).ok

    if verdicts[A.CORRECT_TRACKING].allowed:
        assert order.notes.confirmed_packages

    # Amazon orders: never returned, edited or shown from here (R-C1, R-H1, R-D1)
    for a in (A.RETURN, A.EDIT, A.SHOW_CUSTOMER):
        assert not verdicts[a].allowed
    assert verdicts[A.RETURN].rule_id == "R-C1"
    assert verdicts[A.EDIT].rule_id == "R-H1"
    assert verdicts[A.SHOW_CUSTOMER].rule_id == "R-D1"

    for v in verdicts.values():
        assert v.reason
        assert re.fullmatch(r"(R-[A-H]\d(/R-[A-H]\d)*)?", v.rule_id)
        assert not (v.allowed and v.needs_input)


# --- recording a return processed in Seller Central (R-C1) ---------------------------------------


@pytest.mark.parametrize(
    ("name", "order", "allowed", "rule_id"),
    [
        ("mfn shipped, makeshop 配送", shipped_synced, True, "R-C1"),
        ("mfn shipped, makeshop 未処理", shipped_unsynced, True, "R-C1"),
        ("mfn partially shipped", partially, True, "R-C1"),
        ("mfn recorded already", return_noted, False, "R-C1"),
        (
            "mfn makeshop 返送",
            make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=R),
            False,
            "R-C1",
        ),
        ("mfn unshipped", unshipped, False, ""),
        ("mfn cancelled", cancelled, False, ""),
        ("fba", fba, False, "R-G1"),
        ("shop 配送", shop_y, False, ""),
        ("shop 未処理", shop_n, False, ""),
    ],
)
def test_can_record_return_done(name: str, order: Order, allowed: bool, rule_id: str) -> None:
    from amzdesk.rules import can_record_return_done

    v = can_record_return_done(order)
    assert v.action is A.RETURN, name
    assert v.allowed is allowed, (name, v)
    assert v.rule_id == rule_id, (name, v)
    assert v.reason and not v.needs_input
    # the return action itself is never allowed for an Amazon order (R-C1 / R-G1)
    if order.is_amazon:
        assert not evaluate(order)[A.RETURN].allowed


def test_can_record_return_done_only_when_return_is_refused_by_r_c1() -> None:
    """Recording is the Amazon-side way to the return the matrix refuses with R-C1."""
    from amzdesk.rules import can_record_return_done

    for order in (shipped_synced, shipped_unsynced, partially, unshipped, shop_y, fba):
        if can_record_return_done(order).allowed:
            assert evaluate(order)[A.RETURN].rule_id == "R-C1"
            assert order.channel is Channel.AMAZON_MFN


# --- issue 10 -------------------------------------------------------------------------------------


def test_untracked_method_warning_matches_what_is_sent() -> None:
    """Item 7: the number given for スマートレター is sent to Amazon; the text says so."""
    from amzdesk.shipment import Plan, plan_shipment
    from amzdesk.tracking import WARNING_NOT_NEEDED

    order = make_mfn_order(status=AmazonStatus.UNSHIPPED)
    assert validate("1234", "none").warning == WARNING_NOT_NEEDED
    assert "使われません" not in WARNING_NOT_NEEDED and "送られます" in WARNING_NOT_NEEDED
    plan = plan_shipment(order, "スマートレター", ["1234"], via="amazon", now=NOW)
    assert isinstance(plan, Plan)
    assert [p.tracking for p in plan.packages] == ["1234"]


def test_amazon_order_cancel_is_said_to_be_done_in_seller_central() -> None:
    """Item 5: 「内容を変更・キャンセルできません」 overstated; cancelling is possible there."""
    v = evaluate(make_mfn_order())[A.EDIT]
    assert not v.allowed and v.rule_id == "R-H1"
    assert "キャンセルはセラーセントラルで" in v.reason
    assert "キャンセルできません" not in v.reason


def test_carrier_without_makeshop_code_is_refused_for_makeshop_completion() -> None:
    """Item 10: JPロジスティクス has no makeshop code; 配送完了 would send an empty code."""
    shop = make_shop_order(delivery_status=DeliveryStatus.UNPROCESSED)
    v = evaluate(shop, "JPロジスティクス")[A.COMPLETE_MAKESHOP]
    assert not v.allowed and v.needs_input
    assert "makeshop の配送業者コードがない" in v.reason
    assert evaluate(shop, YAMATO)[A.COMPLETE_MAKESHOP].allowed


def test_tracking_missing_offers_the_fix_in_seller_central() -> None:
    """Item 1: the SC action names the number to add; confirm says why it is not the way."""
    from amzdesk.rules import seller_central_url

    order = make_mfn_order(
        status=AmazonStatus.SHIPPED,
        delivery_status=DeliveryStatus.SHIPPED,
        carrier_code="002",
        slip_number="444413758703",
    )
    vs = evaluate(order)
    sc = vs[A.OPEN_SELLER_CENTRAL]
    assert sc.allowed and "444413758703" in sc.reason and "追加" in sc.reason
    assert seller_central_url(order)
    confirm = vs[A.CONFIRM_AMAZON]
    assert not confirm.allowed and "追跡番号が Amazon に届いていません" in confirm.reason
