"""The list's work logic without Qt: views and counts, urgency, search, ship date, summary."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

from amzdesk import worklist
from amzdesk.clock import JST
from amzdesk.store import JournalEntry
from amzdesk.worklist import (
    F_DEADLINE,
    F_DUE_TODAY,
    F_FBA,
    F_NEEDS_ACTION,
    F_OVERDUE,
    F_PENDING,
    F_SHOP,
    View,
)

NOW = datetime(2025, 6, 2, 3, 0, tzinfo=UTC)  # 12:00 in Japan


def test_views_and_counts_in_one_pass() -> None:
    flags = [
        F_NEEDS_ACTION | F_OVERDUE | F_DEADLINE,
        F_NEEDS_ACTION | F_DUE_TODAY | F_DEADLINE,
        F_NEEDS_ACTION | F_SHOP,
        F_PENDING,
        F_FBA,
        0,
    ]
    counts = worklist.view_counts(flags)
    assert counts == {
        View.NEEDS_ACTION: 3,
        View.DUE_TODAY: 1,
        View.OVERDUE: 1,
        View.PENDING: 1,
        View.ALL: 6,
    }
    for view in View:
        assert counts[view] == sum(worklist.in_view(f, view) for f in flags)
    assert worklist.DEFAULT_VIEW is View.NEEDS_ACTION
    assert [v.label for v in View] == ["要対応", "今日が期限", "期限切れ", "反映待ち", "すべて"]


def test_state_flags() -> None:
    assert worklist.state_flags("confirm-sent") & worklist.F_PENDING
    assert worklist.state_flags("confirm-sent") & worklist.F_SENT
    assert worklist.state_flags("done") == worklist.F_SENT
    assert worklist.state_flags("to-confirm") == 0
    assert worklist.state_flags("return-pending") == worklist.F_PENDING


def test_due_tomorrow_uses_the_japanese_date() -> None:
    tomorrow_noon = datetime(2025, 6, 3, 12, 0, tzinfo=JST).timestamp()
    today_late = datetime(2025, 6, 2, 23, 59, tzinfo=JST).timestamp()
    assert worklist.due_tomorrow(tomorrow_noon, NOW)
    assert not worklist.due_tomorrow(today_late, NOW)
    assert not worklist.due_tomorrow(math.nan, NOW)
    assert not worklist.due_tomorrow(None, NOW)


def test_urgency_puts_deadlines_then_shop_orders_by_age_then_the_rest() -> None:
    ship_soon, ship_later = 1000.0, 2000.0
    rows = {
        "mfn-later": (F_DEADLINE | F_NEEDS_ACTION, ship_later, 10.0),
        "mfn-soon": (F_DEADLINE | F_NEEDS_ACTION, ship_soon, 20.0),
        "shop-new": (F_SHOP | F_NEEDS_ACTION, math.nan, 500.0),
        "shop-old": (F_SHOP | F_NEEDS_ACTION, math.nan, 5.0),
        "shop-done": (F_SHOP, math.nan, 1.0),
        "fba": (F_FBA, math.nan, 0.0),
    }
    ordered = sorted(rows, key=lambda k: worklist.urgency_key(*rows[k]))
    assert ordered[:4] == ["mfn-soon", "mfn-later", "shop-old", "shop-new"]
    assert set(ordered[4:]) == {"shop-done", "fba"}


def test_search_ignores_hyphens_on_both_sides() -> None:
    text = worklist.search_text("249-1234567-7654321\x1f248872108903\x1fＴシャツ ｓｋｕ-01")
    for query in ("2488-7210-8903", "24912345677654321", "249-1234567-7654321", "SKU01"):
        words = worklist.search_words(query)
        assert words and all(w in text for w in words), query
    assert worklist.search_words("2488 7210 8903") == ["248872108903"]
    assert worklist.search_words("tシャツ 01") == ["tシャツ", "01"]
    assert worklist.search_words("  ") == []
    assert "ー" in worklist.search_text("ブルー")  # the long vowel mark is a letter


def test_ship_date_default_today_never_future_never_before_order() -> None:
    ordered = datetime(2025, 5, 30, 1, 0, tzinfo=UTC)
    today = date(2025, 6, 2)
    assert worklist.ship_date_range(NOW, ordered) == (date(2025, 5, 30), today)
    assert worklist.clamp_ship_date(None, NOW, ordered) == today
    assert worklist.clamp_ship_date(today + timedelta(days=3), NOW, ordered) == today
    assert worklist.clamp_ship_date(date(2025, 5, 1), NOW, ordered) == date(2025, 5, 30)
    assert worklist.clamp_ship_date(date(2025, 6, 1), NOW, ordered) == date(2025, 6, 1)


def _entry(key: str, action: str, state: str, at: datetime) -> JournalEntry:
    return JournalEntry(
        id=1,
        created_at=at,
        order_key=key,
        amazon_order_id="",
        display_order_number="",
        action=action,
        side="amazon",
        package_reference_id="",
        request={},
        state=state,
        updated_at=at,
    )


def test_confirmed_today_counts_done_confirmations_of_the_japanese_day() -> None:
    early_today = datetime(2025, 6, 1, 15, 30, tzinfo=UTC)  # 00:30 on 6/2 in Japan
    yesterday = datetime(2025, 6, 1, 14, 30, tzinfo=UTC)  # 23:30 on 6/1 in Japan
    entries = [
        _entry("a", "confirm-amazon", "done", early_today),
        _entry("b", "complete-makeshop", "done", NOW),
        _entry("c", "confirm-amazon", "failed", NOW),
        _entry("d", "confirm-amazon", "done", yesterday),
        _entry("e", "correct-tracking", "done", NOW),
        _entry("a", "confirm-amazon", "done", NOW),
    ]
    assert worklist.confirmed_today(entries, NOW) == {"a", "b"}


def test_row_search_text_fast_path_matches_the_full_normalisation() -> None:
    # the store's search text is NFKC + case-folded already; its numbers carry ASCII hyphens
    stored = "249-1234567-7654321\x1fsku-01\x1ftシャツ\x1f248872108903"
    assert worklist.search_text(stored, normalized=True) == worklist.search_text(stored)
