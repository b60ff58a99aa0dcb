"""Sync: matching (pure) and full round trips against the simulator."""

from __future__ import annotations

from amzdesk.assumptions import FBA_DELIVERY_METHOD
from amzdesk.models import Channel, DeliveryStatus
from amzdesk.sync import channel_for, merge_amazon, merge_makeshop, order_key_for_makeshop
from tests.factories import AMAZON_PAY_METHOD, make_amazon_side, make_makeshop_side

# --- matching -----------------------------------------------------------------------------------


def test_shop_order_is_keyed_by_system_number() -> None:
    ms = make_makeshop_side(system_order_number="0000000042")
    row = merge_makeshop(None, ms)
    assert row.key == "ms:0000000042"
    assert row.channel is Channel.SHOP
    assert row.makeshop == ms and row.amazon is None


def test_makeshop_side_of_amazon_order_merges_into_amazon_row_either_order() -> None:
    az = make_amazon_side("503-1111111-2222222")
    ms = make_makeshop_side(amazon_order_id="503-1111111-2222222", pay_method=AMAZON_PAY_METHOD)
    assert order_key_for_makeshop(ms) == "az:503-1111111-2222222"

    a_first = merge_makeshop(merge_amazon(None, az), ms)
    m_first = merge_amazon(merge_makeshop(None, ms), az)
    for row in (a_first, m_first):
        assert row.key == "az:503-1111111-2222222"
        assert row.channel is Channel.AMAZON_MFN
        assert row.amazon == az and row.makeshop == ms

    # a later makeshop update replaces only the makeshop side
    ms2 = make_makeshop_side(
        amazon_order_id="503-1111111-2222222", delivery_status=DeliveryStatus.SHIPPED
    )
    row = merge_makeshop(a_first, ms2)
    assert row.amazon == az and row.makeshop == ms2


def test_amazon_pay_method_without_id_is_amazon_channel_with_own_key() -> None:
    ms = make_makeshop_side(pay_method=AMAZON_PAY_METHOD, system_order_number="77")
    row = merge_makeshop(None, ms)
    assert row.key == "ms:77"
    assert row.channel is Channel.AMAZON_MFN


def test_fba_recognised_from_either_side() -> None:
    fba = make_amazon_side(fulfilled_by="AMAZON")
    assert channel_for(fba, None) is Channel.AMAZON_FBA
    ms = make_makeshop_side(
        amazon_order_id="503-0000001-0000001",
        pay_method=AMAZON_PAY_METHOD,
        delivery_method=FBA_DELIVERY_METHOD,
    )
    assert merge_makeshop(None, ms).channel is Channel.AMAZON_FBA
    # Amazon's fulfilledBy wins over what makeshop shows
    mfn = make_amazon_side("503-0000001-0000001", fulfilled_by="MERCHANT")
    assert merge_amazon(merge_makeshop(None, ms), mfn).channel is Channel.AMAZON_MFN
