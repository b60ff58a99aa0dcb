"""The local SQLite store: orders, list rows, cursors, journal, notes, migrations, R-D1."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from amzdesk import paths, states
from amzdesk.models import (
    AmazonSide,
    AmazonStatus,
    Channel,
    DeliveryStatus,
    LocalNotes,
    MakeshopSide,
    Order,
    OrderItem,
    Package,
)
from amzdesk.store import (
    DB_FILE_NAME,
    SCHEMA_VERSION,
    JournalError,
    OrderRow,
    Store,
    StoreError,
    normalize_search,
    order_from_json,
    order_to_json,
    scrub_request,
)
from tests.factories import (
    LINK_FAILED,
    NOW,
    make_fba_order,
    make_item,
    make_mfn_order,
    make_package,
    make_shop_order,
)

REPO = Path(__file__).resolve().parents[1]


def bare(order: Order) -> Order:
    return replace(order, notes=LocalNotes())


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "store.sqlite3", clock=lambda: NOW)
    yield s  # type: ignore[misc]
    s.close()


# --- orders ---------------------------------------------------------------------------------------


def test_default_path_is_under_data_dir() -> None:
    s = Store()
    try:
        assert s.path == paths.data_dir() / DB_FILE_NAME
        assert s.path.exists()
    finally:
        s.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_files_are_private_to_the_user(store: Store) -> None:
    store.upsert_orders([make_mfn_order()])
    for suffix in ("", "-wal", "-shm"):
        mode = Path(str(store.path) + suffix).stat().st_mode & 0o777
        assert mode & 0o077 == 0, (suffix, oct(mode))


def test_round_trip_every_kind(store: Store) -> None:
    orders = [
        make_shop_order(),
        make_mfn_order(packages=["444413758703", "405548424886"]),
        make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=DeliveryStatus.SHIPPED),
        make_mfn_order(with_amazon=False),
        make_fba_order(),
    ]
    assert store.upsert_orders(orders) == len(orders)
    for order in orders:
        assert store.get(order.key) == bare(order)
    assert store.count() == len(orders)
    assert sorted(o.key for o in store.all_orders()) == sorted(o.key for o in orders)
    assert store.get("az:does-not-exist") is None


def test_json_round_trip_keeps_timezone_and_tuples() -> None:
    order = make_mfn_order(packages=[make_package("512547514334", items=(("000000001", 2),))])
    back = order_from_json(order_to_json(order))
    assert back == bare(order)
    assert back.amazon is not None
    assert back.amazon.created.tzinfo is not None
    assert back.amazon.packages[0].items == (("000000001", 2),)


def test_upsert_counts_only_changes(store: Store) -> None:
    a, b = make_mfn_order(), make_shop_order()
    assert store.upsert_orders([a, b]) == 2
    assert store.upsert_orders([a, b]) == 0
    assert store.upsert_orders([]) == 0
    assert a.amazon is not None
    shipped = replace(a, amazon=replace(a.amazon, status=AmazonStatus.SHIPPED))
    assert store.upsert_orders([shipped, b]) == 1
    got = store.get(a.key)
    assert got is not None and got.amazon is not None
    assert got.amazon.status is AmazonStatus.SHIPPED


def test_find_by_key_display_number_and_amazon_id(store: Store) -> None:
    mfn, shop = make_mfn_order(), make_shop_order()
    store.upsert_orders([mfn, shop])
    assert shop.makeshop is not None
    assert store.find(mfn.key) == bare(mfn)
    assert store.find(mfn.amazon_order_id) == bare(mfn)
    assert store.find(f"  {shop.display_order_number} ") == bare(shop)
    # full-width digits typed by a Japanese IME are normalised
    wide = shop.display_order_number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert store.find(wide) == bare(shop)
    assert store.find("") is None
    assert store.find("999") is None


def test_list_rows_carry_derived_columns(store: Store) -> None:
    ship_by = NOW + timedelta(hours=5)
    mfn = make_mfn_order(
        ship_by_latest=ship_by,
        items=(make_item(7, title="抹茶ラテ 10本セット"), make_item(8, quantity=2)),
    )
    fba = make_fba_order()
    link_failed = make_mfn_order(payment_status=LINK_FAILED, status=AmazonStatus.SHIPPED)
    shop = make_shop_order(carrier_code="002", slip_number="405548424886")
    store.upsert_orders([mfn, fba, link_failed, shop])
    rows = {r.key: r for r in store.fetch_rows()}
    assert set(rows) == {mfn.key, fba.key, link_failed.key, shop.key}
    for order in (mfn, fba, link_failed, shop):
        row = rows[order.key]
        assert row.combined_state == states.combined_state(order).value
        assert bool(row.needs_action) == states.needs_action(order)
        assert row.channel == order.channel.value
        assert row.amazon_order_id == order.amazon_order_id
        assert row.display_order_number == order.display_order_number
    r = rows[mfn.key]
    assert r.ship_by == int(ship_by.timestamp())
    assert r.amazon_status == "UNSHIPPED" and r.delivery_status == "N"
    assert r.item_count == 3
    assert "抹茶ラテ 10本セット" in r.item_titles
    assert normalize_search("SKU-0007") in r.search_text
    assert rows[shop.key].tracking_number == "405548424886"
    assert rows[shop.key].carrier == "002"
    assert rows[fba.key].ship_by is None
    # rows come sorted by ship-by (none last)
    ordered = [row.key for row in store.fetch_rows()]
    assert ordered[0] == mfn.key
    # subset by keys; unknown keys are skipped
    assert [x.key for x in store.fetch_rows([shop.key, "nope"])] == [shop.key]
    assert store.fetch_row(fba.key) == rows[fba.key]


def test_search_keys_matches_numbers_skus_titles_and_tracking(store: Store) -> None:
    a = make_mfn_order(items=(make_item(41, title="ほうじ茶ティーバッグ"),))
    b = make_mfn_order(packages=["512547514334"])
    c = make_shop_order()
    store.upsert_orders([a, b, c])
    assert store.search_keys("ほうじ茶") == [a.key]
    assert store.search_keys("５１２５４７５１４３３４") == [b.key]  # full-width digits
    assert store.search_keys("sku-0041") == [a.key]
    assert c.makeshop is not None
    assert store.search_keys(c.display_order_number) == [c.key]
    assert store.search_keys("ほうじ茶 sku-0041") == [a.key]
    assert store.search_keys("ほうじ茶 512547514334") == []
    assert set(store.search_keys("  ")) == {a.key, b.key, c.key}


# --- cursors --------------------------------------------------------------------------------------


def test_cursors(store: Store) -> None:
    assert store.get_cursor("amazon.lastUpdatedAfter") is None
    store.set_cursor("amazon.lastUpdatedAfter", "2025-06-01T00:00:00Z")
    store.set_cursor("amazon.lastUpdatedAfter", "2025-06-02T00:00:00Z")
    assert store.get_cursor("amazon.lastUpdatedAfter") == "2025-06-02T00:00:00Z"
    value, when = store.cursors()["amazon.lastUpdatedAfter"]
    assert value == "2025-06-02T00:00:00Z" and when == NOW


def test_upsert_with_cursor_is_one_transaction(store: Store) -> None:
    order = make_mfn_order()
    store.upsert_orders([order], cursors={"makeshop.page": "3"})
    assert store.get_cursor("makeshop.page") == "3"
    assert store.get(order.key) is not None


# --- journal --------------------------------------------------------------------------------------


def _confirm_request(tracking: str, ref: str = "1") -> dict[str, object]:
    return {
        "marketplaceId": "A1VC38T7YXB528",
        "packageDetail": {
            "packageReferenceId": ref,
            "carrierCode": "YamatoTransport",
            "carrierName": "ヤマト運輸",
            "shippingMethod": "宅急便",
            "trackingNumber": tracking,
            "shipDate": "2025-06-02T03:00:00Z",
            "orderItems": [{"orderItemId": "00000000000001", "quantity": 1}],
        },
    }


def test_journal_lifecycle_and_notes(store: Store) -> None:
    order = make_mfn_order()
    store.upsert_orders([order])
    entry_id = store.journal_intent(
        order.key, "confirm-amazon", "amazon", "1", _confirm_request("444413758703")
    )
    entry = store.journal_entry(entry_id)
    assert entry is not None
    assert entry.state == "intent" and not entry.resolved
    assert entry.amazon_order_id == order.amazon_order_id  # taken from the stored order
    assert entry.display_order_number == order.display_order_number
    assert [e.id for e in store.unresolved()] == [entry_id]
    # while unresolved the order shows "outcome unknown"
    assert store.notes_for(order.key).outcome_unknown
    row = store.fetch_row(order.key)
    assert row is not None
    assert row.combined_state == states.CombinedState.OUTCOME_UNKNOWN.value

    store.journal_outcome(entry_id, "sent")
    store.journal_outcome(entry_id, "done", request_id="req-1", http_status=204)
    entry = store.journal_entry(entry_id)
    assert entry is not None
    assert (entry.state, entry.request_id, entry.http_status) == ("done", "req-1", 204)
    assert store.unresolved() == []
    assert [s for _, s, _ in store.journal_history(entry_id)] == ["sent", "done"]

    got = store.get(order.key)
    assert got is not None
    assert not got.notes.outcome_unknown
    (pkg,) = got.notes.confirmed_packages
    assert (pkg.package_reference_id, pkg.tracking_number) == ("1", "444413758703")
    assert pkg.carrier == "ヤマト運輸"
    assert pkg.items == (("00000000000001", 1),)
    assert pkg.ship_time == datetime(2025, 6, 2, 3, 0, tzinfo=UTC)
    # the stored row is re-derived from the notes
    row = store.fetch_row(order.key)
    assert row is not None
    assert row.combined_state == states.combined_state(got).value
    assert row.tracking_number == "444413758703"
    assert normalize_search("444413758703") in row.search_text

    with pytest.raises(JournalError):
        store.journal_outcome(entry_id, "failed")  # final outcomes are final
    with pytest.raises(JournalError):
        store.journal_outcome(entry_id + 100, "done")
    with pytest.raises(JournalError):
        store.journal_outcome(entry_id, "intent")
    with pytest.raises(JournalError):
        store.journal_intent(order.key, "confirm-amazon", "elsewhere")


def test_the_owners_waits_decide_the_list_state(tmp_path: Path) -> None:
    """The waits come from the settings (Settings.waits) and a change re-derives the list."""
    from amzdesk.settings import Settings

    now = [NOW]
    store = Store(
        tmp_path / "waits.sqlite3",
        clock=lambda: now[0],
        waits=Settings(confirm_wait_minutes=60).waits(),
    )
    try:
        order = make_mfn_order(ship_by_latest=NOW + timedelta(days=1))
        store.upsert_orders([order])
        entry_id = store.journal_intent(
            order.key, "confirm-amazon", "amazon", "1", _confirm_request("444413758703")
        )
        store.journal_outcome(entry_id, "done", request_id="req-1", http_status=204)
        now[0] = NOW + timedelta(minutes=45)  # past the default 30 minutes, within 60
        store.upsert_orders([replace(order, amazon=replace(order.amazon, last_updated=now[0]))])
        row = store.fetch_row(order.key)
        assert row is not None and row.combined_state == "confirm-sent" and not row.needs_action
        store.set_waits(Settings(confirm_wait_minutes=40).waits())
        row = store.fetch_row(order.key)
        assert row is not None and row.combined_state == "confirm-not-reflected"
        assert row.needs_action
    finally:
        store.close()


def test_correcting_a_package_replaces_its_tracking(store: Store) -> None:
    order = make_mfn_order()
    store.upsert_orders([order])
    first = store.journal_intent(
        order.key, "confirm-amazon", "amazon", "7", _confirm_request("444413758703", "7")
    )
    store.journal_outcome(first, "done")
    second = store.journal_intent(
        order.key, "correct-tracking", "amazon", "7", _confirm_request("512547514334", "7")
    )
    store.journal_outcome(second, "done")
    failed = store.journal_intent(
        order.key, "confirm-amazon", "amazon", "8", _confirm_request("405548424886", "8")
    )
    store.journal_outcome(failed, "failed", error="InvalidInput", http_status=400)
    notes = store.notes_for(order.key)
    assert [p.tracking_number for p in notes.confirmed_packages] == ["512547514334"]


def test_unknown_outcome_can_be_resolved(store: Store) -> None:
    order = make_shop_order()
    store.upsert_orders([order])
    e = store.journal_intent(order.key, "complete-makeshop", "makeshop", "ms:1")
    store.journal_outcome(e, "unknown", error="timeout")
    assert [x.id for x in store.unresolved()] == [e]
    assert [x.id for x in store.unresolved_intents()] == [e]
    store.journal_outcome(e, "done", result="ok")
    assert store.unresolved() == []
    assert store.journal_entries(order.key)[0].state == "done"


def test_journal_entries_filters(store: Store) -> None:
    a, b = make_mfn_order(), make_shop_order()
    store.upsert_orders([a, b])
    e1 = store.journal_intent(a.key, "confirm-amazon", "amazon", "1", _confirm_request("1"))
    e2 = store.journal_intent(b.key, "complete-makeshop", "makeshop", "k")
    store.journal_outcome(e2, "failed", error="x")
    assert [e.id for e in store.journal_entries()] == [e2, e1]  # newest first
    assert [e.id for e in store.journal_entries(a.key)] == [e1]
    assert [e.id for e in store.journal_entries(states=["failed"])] == [e2]
    assert [e.id for e in store.journal_entries(limit=1)] == [e2]
    assert [e.id for e in store.journal_entries(side="amazon")] == [e1]
    assert store.journal_entries(states=[]) == []


def test_journal_is_append_only_in_the_database(store: Store) -> None:
    order = make_mfn_order()
    store.upsert_orders([order])
    e = store.journal_intent(order.key, "confirm-amazon", "amazon", "1")
    store.journal_outcome(e, "done")
    conn = sqlite3.connect(store.path)
    try:
        for sql in (
            "UPDATE journal SET action = 'x'",
            "DELETE FROM journal",
            "UPDATE journal_outcome SET state = 'failed'",
            "DELETE FROM journal_outcome",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
    finally:
        conn.close()


def test_return_recorded_note(store: Store) -> None:
    order = make_mfn_order(status=AmazonStatus.SHIPPED, delivery_status=DeliveryStatus.SHIPPED)
    store.upsert_orders([order])
    store.record_return_done(order.key, note="Seller Central で返品処理")
    got = store.get(order.key)
    assert got is not None and got.notes.return_done_in_seller_central
    row = store.fetch_row(order.key)
    assert row is not None
    assert row.combined_state == states.CombinedState.RETURN_PENDING.value
    # makeshop reflects the return later: the list shows it returned
    assert order.makeshop is not None
    returned = replace(
        order, makeshop=replace(order.makeshop, delivery_status=DeliveryStatus.RETURNED)
    )
    store.upsert_orders([returned])
    row = store.fetch_row(order.key)
    assert row is not None and row.combined_state == states.CombinedState.RETURNED.value


def test_exported_not_confirmed_until_amazon_reports_it(store: Store) -> None:
    order = make_mfn_order()
    store.upsert_orders([order])
    store.mark_exported(
        order.key,
        "f-1",
        {"trackingNumber": "444413758703", "carrierCode": "YamatoTransport"},
        file_name="/home/someone/出荷通知.txt",
    )
    assert store.notes_for(order.key).exported_not_confirmed
    (entry,) = store.journal_entries(order.key)
    assert (entry.side, entry.state, entry.result) == ("file", "exported", "出荷通知.txt")
    row = store.fetch_row(order.key)
    assert row is not None
    assert row.combined_state == states.CombinedState.UPLOAD_PENDING.value
    assert order.amazon is not None
    shipped = replace(
        order,
        amazon=replace(
            order.amazon,
            status=AmazonStatus.SHIPPED,
            packages=(make_package("444413758703"),),
        ),
    )
    store.upsert_orders([shipped])
    assert not store.notes_for(order.key).exported_not_confirmed
    assert store.unresolved() == []


# --- personal data (R-D1) -------------------------------------------------------------------------

MARKERS = ("PIIMARKER", "pii-marker@example.jp", "090-1111-2222", "09011112222", "山田花子")


def test_scrub_request_drops_personal_keys_and_masks_text() -> None:
    request = {
        "packageDetail": {
            "carrierName": "ヤマト運輸",
            "trackingNumber": "44441375870",
            "shipToAddress": {"name": "山田花子", "addressLine1": "PIIMARKER"},
        },
        "buyerInfo": {"buyerEmail": "pii-marker@example.jp"},
        "recipientName": "PIIMARKER",
        "note": "連絡先 090-1111-2222 / pii-marker@example.jp",
        "items": [{"productName": "緑茶", "customerName": "山田花子"}],
        "access_token": "Atza|secret-token-value",
    }
    clean = scrub_request(request)
    text = json.dumps(clean, ensure_ascii=False)
    for marker in MARKERS:
        assert marker not in text
    assert "Atza|secret-token-value" not in text
    assert clean["packageDetail"]["carrierName"] == "ヤマト運輸"
    assert clean["packageDetail"]["trackingNumber"] == "44441375870"
    assert clean["items"] == [{"productName": "緑茶"}]


def _scan(directory: Path, markers: tuple[str, ...]) -> list[tuple[str, str]]:
    found = []
    for path in directory.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for marker in markers:
                if marker.encode("utf-8") in data:
                    found.append((path.name, marker))
    return found


def test_no_personal_data_reaches_the_store_files(tmp_path: Path) -> None:
    directory = tmp_path / "data"
    store = Store(directory / DB_FILE_NAME)
    pii_title = "お問い合わせ CONTROLTITLE pii-marker@example.jp 090-1111-2222"
    order = make_mfn_order(items=(make_item(1, title=pii_title),))
    assert order.makeshop is not None
    order = replace(
        order, makeshop=replace(order.makeshop, pay_method="代引き 09011112222 PIIMARKER@x.jp")
    )
    store.upsert_orders([order])
    e = store.journal_intent(
        order.key,
        "confirm-amazon",
        "amazon",
        "1",
        {
            "buyerName": "山田花子",
            "shippingAddress": {"line1": "PIIMARKER"},
            "packageDetail": {"trackingNumber": "444413758703", "carrierName": "ヤマト運輸"},
            "memo": "pii-marker@example.jp",
        },
    )
    store.journal_outcome(
        e,
        "failed",
        error="InvalidInput: buyer pii-marker@example.jp tel 090-1111-2222",
        result="recipient 09011112222",
        request_id="pii-marker@example.jp",
    )
    store.mark_exported(order.key, "2", {"recipientName": "山田花子", "trackingNumber": "1"})
    store.record_return_done(order.key, note="連絡: 090-1111-2222")
    assert (directory / (DB_FILE_NAME + "-wal")).exists()
    assert _scan(directory, MARKERS) == []
    assert _scan(directory, ("CONTROLTITLE",))  # the scan does see what is written
    # what is kept is still useful
    got = store.get(order.key)
    assert got is not None
    assert got.items[0].title.startswith("お問い合わせ")
    assert store.journal_entries(order.key, action="confirm-amazon")[0].request == {
        "packageDetail": {"trackingNumber": "444413758703", "carrierName": "ヤマト運輸"},
        "memo": "<email>",
    }
    store.close()
    assert _scan(directory, MARKERS) == []


def test_no_personal_data_from_a_bulk_write(tmp_path: Path) -> None:
    """A sync's batch: many orders sharing the same texts (the batch remembers each text's
    scrubbed form), personal data in titles, package texts and payment / delivery methods."""
    directory = tmp_path / "data"
    store = Store(directory / DB_FILE_NAME)
    title = "ギフト CONTROLTITLE 送り主 090-1111-2222"
    package = make_package(carrier="ヤマト 09011112222", shipping_service="pii-marker@example.jp")
    orders = []
    for _ in range(300):
        order = make_mfn_order(items=(make_item(1, title=title),), packages=[package])
        assert order.makeshop is not None
        ms = replace(
            order.makeshop, pay_method="代引き 090-1111-2222", delivery_method="PIIMARKER@x.jp"
        )
        orders.append(replace(order, makeshop=ms))
    orders.append(make_shop_order(items=(make_item(2, title=title, amazon=False),)))
    assert store.upsert_orders(orders) == len(orders)
    assert _scan(directory, MARKERS) == []
    assert _scan(directory, ("CONTROLTITLE",))
    got = store.get(orders[-2].key)
    assert got is not None and got.amazon is not None
    assert got.items[0].title == "ギフト CONTROLTITLE 送り主 <phone>"
    assert got.amazon.packages[0].carrier == "ヤマト <phone>"
    assert got.amazon.packages[0].shipping_service == "<email>"
    assert got.makeshop is not None and got.makeshop.pay_method == "代引き <phone>"
    rows = {r.key: r for r in store.fetch_rows()}
    assert "090-1111-2222" not in rows[got.key].search_text
    assert rows[got.key].item_titles == "ギフト CONTROLTITLE 送り主 <phone>"
    store.close()
    assert _scan(directory, MARKERS) == []


# --- migrations -----------------------------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE orders (key TEXT PRIMARY KEY, channel TEXT NOT NULL,
    amazon_order_id TEXT NOT NULL DEFAULT '', display_order_number TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE sync_cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE journal (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,
    order_key TEXT NOT NULL, amazon_order_id TEXT NOT NULL DEFAULT '',
    display_order_number TEXT NOT NULL DEFAULT '', action TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('amazon', 'makeshop', 'file')),
    package_reference_id TEXT NOT NULL DEFAULT '', request TEXT NOT NULL DEFAULT '{}');
CREATE TABLE journal_outcome (id INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id INTEGER NOT NULL REFERENCES journal(id), created_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sent', 'done', 'failed', 'unknown', 'exported')),
    result TEXT NOT NULL DEFAULT '', http_status INTEGER, request_id TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '');
CREATE INDEX journal_order_key ON journal(order_key);
PRAGMA user_version = 1;
"""


def test_migration_from_version_1(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    mfn, shop = make_mfn_order(), make_shop_order()
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    for order in (mfn, shop):
        conn.execute(
            "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)",
            (
                order.key,
                order.channel.value,
                order.amazon_order_id,
                order.display_order_number,
                order_to_json(order),
                "2025-06-01T00:00:00+00:00",
            ),
        )
    conn.execute(
        "INSERT INTO journal (created_at, order_key, action, side, package_reference_id,"
        " request) VALUES (?, ?, ?, ?, ?, ?)",
        (
            "2025-06-01T00:00:00+00:00",
            mfn.key,
            "confirm-amazon",
            "amazon",
            "1",
            json.dumps(_confirm_request("444413758703")),
        ),
    )
    conn.execute(
        "INSERT INTO journal_outcome (entry_id, created_at, state) VALUES (1, ?, 'done')",
        ("2025-06-01T00:01:00+00:00",),
    )
    conn.execute("INSERT INTO sync_cursors VALUES ('amazon', 'c1', '2025-06-01T00:00:00+00:00')")
    conn.commit()
    conn.close()

    store = Store(path)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.count() == 2
        assert store.get_cursor("amazon") == "c1"
        got = store.get(mfn.key)
        assert got is not None
        assert [p.tracking_number for p in got.notes.confirmed_packages] == ["444413758703"]
        assert store.find(shop.display_order_number) == bare(shop)
        rows = {r.key: r for r in store.fetch_rows()}
        assert rows[mfn.key].combined_state == states.combined_state(got).value
        assert rows[shop.key].combined_state == states.CombinedState.SHOP_UNSHIPPED.value
        assert rows[mfn.key].tracking_number == "444413758703"
        # a migrated order is not counted as changed when the same data comes again
        assert store.upsert_orders([mfn, shop]) == 0
        # the journal became append-only
        raw = sqlite3.connect(path)
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute("DELETE FROM journal")
        raw.close()
    finally:
        store.close()


# An order as stores before schema version 5 kept it (JSON format 1: keyed objects).
FORMAT_1_ORDER = (
    '{"v":1,"key":"az:503-0000001-0007919","channel":"amazon-mfn","amazon":{"order_id":'
    '"503-0000001-0007919","created":"2025-06-01T03:00:00+00:00","last_updated":'
    '"2025-06-01T03:00:00+00:00","status":"UNSHIPPED","fulfilled_by":"MERCHANT",'
    '"ship_by_earliest":"2025-06-01T03:00:00+00:00","ship_by_latest":'
    '"2025-06-04T03:00:00+00:00","items":[{"sku":"SKU-0001","title":"テスト商品 1",'
    '"quantity":1,"order_item_id":"00000000000001","asin":"B000000001","quantity_shipped":0}],'
    '"packages":[{"package_reference_id":"3","carrier":"YamatoTransport","tracking_number":'
    '"444413758703","ship_time":"2025-06-02T03:00:00+00:00","shipping_service":"","status":"",'
    '"items":[["00000000000001",1]]}]},"makeshop":{"system_order_number":"0000000002",'
    '"display_order_number":"P180000000000000002","order_date":"2025-06-01T03:00:00+00:00",'
    '"pay_method":"Amazonマーケットプレイス決済","payment_status":"0002","delivery_id":"D000002",'
    '"delivery_status":"N","delivery_method":"","carrier_code":"","slip_number":"",'
    '"delivery_date":null,"amazon_order_id":"503-0000001-0007919","items":[{"sku":"SKU-0001",'
    '"title":"テスト商品 1","quantity":1,"order_item_id":"","asin":"","quantity_shipped":0}],'
    '"total_price":1980,"deliveries":[],"amazon_signals":["order-id"]}}'
)


def test_format_1_orders_are_read_and_migrated_to_format_2(tmp_path: Path) -> None:
    t = datetime(2025, 6, 1, 3, tzinfo=UTC)
    order = Order(
        key="az:503-0000001-0007919",
        channel=Channel.AMAZON_MFN,
        amazon=AmazonSide(
            order_id="503-0000001-0007919",
            created=t,
            last_updated=t,
            status=AmazonStatus.UNSHIPPED,
            fulfilled_by="MERCHANT",
            ship_by_earliest=t,
            ship_by_latest=t + timedelta(days=3),
            items=(OrderItem("SKU-0001", "テスト商品 1", 1, "00000000000001", "B000000001"),),
            packages=(
                Package(
                    package_reference_id="3",
                    carrier="YamatoTransport",
                    tracking_number="444413758703",
                    ship_time=t + timedelta(days=1),
                    items=(("00000000000001", 1),),
                ),
            ),
        ),
        makeshop=MakeshopSide(
            system_order_number="0000000002",
            display_order_number="P180000000000000002",
            order_date=t,
            pay_method="Amazonマーケットプレイス決済",
            payment_status="0002",
            delivery_id="D000002",
            delivery_status=DeliveryStatus.UNPROCESSED,
            amazon_order_id="503-0000001-0007919",
            items=(OrderItem("SKU-0001", "テスト商品 1", 1),),
            total_price=1980,
            amazon_signals=("order-id",),
        ),
    )
    assert order_from_json(FORMAT_1_ORDER) == bare(order)
    text = order_to_json(order)
    assert text.startswith("[2,") and len(text) < len(FORMAT_1_ORDER) * 2 // 3
    assert order_from_json(text) == bare(order)

    # a store at schema version 4 holding the order in format 1
    path = tmp_path / "v4.sqlite3"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO order_data (key, data) VALUES (?, ?)", (order.key, FORMAT_1_ORDER))
    conn.execute(
        "INSERT INTO orders (key, channel, data_hash, updated_at) VALUES (?, ?, 'old', '')",
        (order.key, order.channel.value),
    )
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    store = Store(path)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.get(order.key) == bare(order)
        raw = sqlite3.connect(path)
        (data,) = raw.execute("SELECT data FROM order_data").fetchone()
        raw.close()
        assert data == text
        # the rewritten row is the one the same order produces: not counted as a change
        assert store.upsert_orders([order]) == 0
    finally:
        store.close()


def test_the_schema_has_a_column_for_each_list_column() -> None:
    from amzdesk.listing import LIST_COLUMNS
    from amzdesk.store.schema import V2_COLUMNS

    assert tuple(name for name, _ in V2_COLUMNS) == LIST_COLUMNS
    assert set(LIST_COLUMNS) <= set(OrderRow._fields)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="新しいバージョン"):
        Store(path)


def test_not_a_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(path)


def test_closed_store_refuses_use(tmp_path: Path) -> None:
    s = Store(tmp_path / "s.sqlite3")
    s.close()
    s.close()  # idempotent
    with pytest.raises(StoreError):
        s.count()
    with pytest.raises(StoreError):
        s.set_cursor("a", "b")


# --- threads and processes ------------------------------------------------------------------------


def test_gui_thread_reads_while_worker_writes(store: Store) -> None:
    batches = [[make_mfn_order() for _ in range(50)] for _ in range(10)]
    errors: list[BaseException] = []
    done = threading.Event()
    seen: list[int] = []

    def writer() -> None:
        try:
            for batch in batches:
                store.upsert_orders(batch)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            done.set()

    def journaler(n: int) -> None:
        try:
            for i in range(10):
                e = store.journal_intent(f"az:x{n}-{i}", "confirm-amazon", "amazon", str(i))
                store.journal_outcome(e, "done")
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=writer)]
    threads += [threading.Thread(target=journaler, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    while not done.is_set():
        rows = store.fetch_rows()
        assert len({r.key for r in rows}) == len(rows)
        seen.append(len(rows))
    for t in threads:
        t.join()
    assert errors == []
    assert store.count() == 500
    assert len(store.fetch_rows()) == 500
    assert seen == sorted(seen)  # readers never see rows disappear
    entries = store.journal_entries()
    assert len(entries) == 30 and len({e.id for e in entries}) == 30
    assert all(e.state == "done" for e in entries)


_CHILD = textwrap.dedent(
    """
    import sys
    from amzdesk.store import Store
    store = Store(sys.argv[1])
    mode = sys.argv[2]
    if mode == "intents":
        for i in range(int(sys.argv[3])):
            e = store.journal_intent(f"az:child-{i}", "confirm-amazon", "amazon", str(i))
            store.journal_outcome(e, "done")
            store.set_cursor("child", str(i))
        store.close()
    elif mode == "kill":
        e = store.journal_intent("az:killed", "confirm-amazon", "amazon", "42",
                                 {"packageDetail": {"trackingNumber": "444413758703"}})
        store.journal_outcome(e, "sent")
        print(e, flush=True)
        import time
        time.sleep(60)
    """
)


def _child(path: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )


def test_read_connections_of_finished_threads_are_closed(store: Store) -> None:
    store.upsert_orders([make_mfn_order()])
    for _ in range(20):
        t = threading.Thread(target=store.count)
        t.start()
        t.join()
    assert store.count() == 1  # this thread's reader prunes the finished threads' ones
    assert store.reader_count() <= 2


def test_busy_file_gives_a_clear_error_and_no_partial_write(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite3"
    store = Store(path, busy_timeout=0.2)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process is writing
        with pytest.raises(StoreError, match="使用中"):
            store.journal_intent("az:1", "confirm-amazon", "amazon", "1")
        assert store.journal_entries() == []  # readers are not blocked
        other.execute("COMMIT")
        entry = store.journal_intent("az:1", "confirm-amazon", "amazon", "1")
        assert [e.id for e in store.journal_entries()] == [entry]
    finally:
        other.close()
        store.close()


def test_two_processes_share_the_store(store: Store) -> None:
    child = _child(store.path, "intents", "40")
    for i in range(40):
        e = store.journal_intent(f"az:parent-{i}", "confirm-amazon", "amazon", str(i))
        store.journal_outcome(e, "done")
        store.upsert_orders([make_mfn_order()])
    _out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    entries = store.journal_entries()
    assert len(entries) == 80
    assert {e.state for e in entries} == {"done"}
    assert store.get_cursor("child") == "39"
    assert store.count() == 40


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_journal_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "kill.sqlite3"
    Store(path).close()
    child = _child(path, "kill")
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip().isdigit(), child.stderr.read() if child.stderr else ""
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    if child.stdout:
        child.stdout.close()
    if child.stderr:
        child.stderr.close()
    store = Store(path)
    try:
        entry = store.journal_entry(int(line))
        assert entry is not None
        assert (entry.order_key, entry.state, entry.package_reference_id) == (
            "az:killed",
            "sent",
            "42",
        )
        assert [e.id for e in store.unresolved()] == [entry.id]
        assert entry.tracking_number == "444413758703"
    finally:
        store.close()


def test_items_with_quantities_survive(store: Store) -> None:
    order = make_shop_order(items=(OrderItem("A-1", "湯のみ", 3), OrderItem("A-2", "急須", 1)))
    store.upsert_orders([order])
    row = store.fetch_row(order.key)
    assert row is not None and row.item_count == 4
    assert row.item_titles == "湯のみ / 急須"


# --- R-D1 end to end: from the simulator's buyer data to the files on disk ------------------------


def test_simulated_buyer_data_never_reaches_disk(tmp_path: Path) -> None:
    """Fetch Amazon orders *with* BUYER/RECIPIENT data from the simulator over HTTP, parse and
    store them, then run a full sync (Amazon + makeshop, whose orders carry orderer/receiver
    data); no personal-data marker may appear in any file of the data or log folder."""
    import requests

    from amzdesk.logsetup import configure_logging, shutdown_logging
    from amzdesk.models import Channel, order_key_for_amazon
    from amzdesk.services import build_services
    from amzdesk.settings import Settings
    from amzdesk.sim import PII_MARKERS
    from amzdesk.spapi import parse_order
    from tests.sim_fixtures import FIXED_NOW, running_simulator

    data_dir = tmp_path / "data"
    log_file = configure_logging(tmp_path / "logs", level="DEBUG")
    try:
        with running_simulator(n_orders=80) as sim:
            creds = sim.credentials
            session = requests.Session()
            token = session.post(
                sim.lwa_url,
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": creds["lwa-refresh-token"],
                    "client_id": creds["lwa-client-id"],
                    "client_secret": creds["lwa-client-secret"],
                },
                timeout=10,
            ).json()["access_token"]
            response = session.get(
                sim.spapi_url + "/orders/2026-01-01/orders",
                params={
                    "marketplaceIds": "A1VC38T7YXB528",
                    "createdAfter": (FIXED_NOW - timedelta(days=400)).strftime(
                        "%Y-%m-%dT%H:%M:%SZ"
                    ),
                    "includedData": "BUYER,RECIPIENT,FULFILLMENT,PACKAGES",
                    "maxResultsPerPage": "100",
                },
                headers={"x-amz-access-token": token},
                timeout=10,
            )
            assert response.status_code == 200
            raw = response.text
            assert any(m in raw for m in PII_MARKERS)  # the service did send personal data
            orders = []
            for data in response.json()["orders"]:
                side = parse_order(data)
                channel = Channel.AMAZON_FBA if side.is_fba else Channel.AMAZON_MFN
                orders.append(Order(order_key_for_amazon(side.order_id), channel, amazon=side))
            assert orders
            store = Store(data_dir / DB_FILE_NAME, clock=sim.now)
            assert store.upsert_orders(orders) == len(orders)
            store.close()

            services = build_services(
                Settings(), None, demo=sim, store_path=data_dir / DB_FILE_NAME
            )
            try:
                report = services.sync.run()
                assert services.store.count() >= len(orders)
                assert report is not None
                assert _scan(data_dir, PII_MARKERS) == []
            finally:
                services.close()
    finally:
        shutdown_logging()
    assert log_file.exists()
    assert _scan(data_dir, PII_MARKERS) == []
    assert _scan(tmp_path / "logs", PII_MARKERS) == []
