"""Every unconfirmed assumption about the two services, in one place.

Each value below is *unconfirmed*: it was seen only in third-party client code or inferred from
makeshop's admin screens, not read in an official reference.  When makeshop or Amazon documents
otherwise, correct it here -- nothing else in the code base hard-codes these facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

# --- Endpoints ---------------------------------------------------------------------------------
# Confirmed by Amazon's documentation.
SPAPI_ENDPOINT_FE: Final = "https://sellingpartnerapi-fe.amazon.com"
LWA_TOKEN_URL: Final = "https://api.amazon.com/auth/o2/token"  # noqa: S105 - a URL
MARKETPLACE_ID_JP: Final = "A1VC38T7YXB528"
# Unconfirmed: makeshop sends the endpoint by e-mail when API use is approved.
MAKESHOP_ENDPOINT: Final = "https://app-api.makeshop.jp/v1/graphql"

# --- makeshop GraphQL operations ---------------------------------------------------------------
# Sources: /work/shared/spec/makeshop/makeshop-graphql.md (the fact sheet; "C1".."C4" are the
# public third-party callers it cites) and the schema subset tests/data/makeshop-orders.graphql.
# Every document below is validated against that subset by tests/test_makeshop_documents.py.
MAKESHOP_SEARCH_ORDER_FIELD: Final = "searchOrder"
MAKESHOP_UPDATE_ATTRIBUTE_MUTATION: Final = "updateOrderAttribute"
MAKESHOP_UPDATE_DELIVERY_STATUS_MUTATION: Final = "updateOrderDeliveryStatus"
# Unconfirmed: no GraphQL rate limit is public; the older XML API allowed one request per
# second across the whole API, one at a time (fact sheet §2), so the client keeps to that: one
# request in flight, and request starts at least this far apart (start to start, so a request's
# own duration counts towards it).  The simulator enforces the same (amzdesk.sim.makeshop).
MAKESHOP_MIN_INTERVAL_S: Final = 1.0
# Rows asked for per searchOrder page.  Callers send 1000, but a 200-row server cap whatever
# ``limit`` says was observed on another makeshop search (C3, fact sheet §2): ask for 200, and
# never infer the last page from a short page (stop on an empty page or once ``searchedCount``
# rows were read).
MAKESHOP_PAGE_LIMIT: Final = 200

# --- How an Amazon order looks on the makeshop side (NOT PUBLIC: fact sheet §9, §10.10, §12) --
# These are the defaults of the recognition patterns; settings (advanced) can change them
# without a release (amzdesk.recognition).  Every one is a guess to be settled by a real shop's
# ``doctor --shape-report``.
# The admin shows the 決済方法 「Amazonマーケットプレイス決済(代引き)」 for Amazon COD orders
# (M3); the non-COD name is very probably the bare prefix.  Whether the API's ``payMethod``
# carries the same strings is unknown.
AMAZON_PAY_METHOD_PREFIX: Final = "Amazonマーケットプレイス決済"
AMAZON_PAY_METHOD_PREFIXES: Final = (AMAZON_PAY_METHOD_PREFIX,)
# 「イプシロン:Amazon Pay」 is a payment method of orders placed on the shop itself
# (ms-manual.makeshop.jp/amazon/): a shop order, never an Amazon one, even though it says Amazon.
AMAZON_PAY_METHOD_EXCLUDES: Final = ("Amazon Pay",)
# Amazon order IDs are 3-7-7 digits (Seller Central help 641).  Where a makeshop order keeps it
# is not public, so the whole order is searched: the note (``message``), each delivery's note
# (``deliveryMessage``) and the order numbers.
AMAZON_ORDER_ID_PATTERN: Final = r"(?<!\d)\d{3}-\d{7}-\d{7}(?!\d)"
# Matching a makeshop order with no Amazon marker to an SP-API order (both sides configured):
# the order dates may differ by makeshop's import delay (its sync period is not public).
AMAZON_MATCH_WINDOW_S: Final = 2 * 24 * 3600

# --- makeshop paymentStatusCode (4 digits; meanings NOT official) ------------------------------
# The one table of payment status codes.  Codes and readings seen publicly: C3 (431 orders, its
# operator's reading), fact sheet §6.  Any other code is shown raw and never interpreted.
PAYMENT_PAID: Final = "paid"
PAYMENT_AUTHORIZED: Final = "authorized"  # 仮売上: the customer paid, the sale is not captured
PAYMENT_CANCELLED: Final = "cancelled"
PAYMENT_LINK_FAILED: Final = "link-failed"
PAYMENT_UNKNOWN: Final = "unknown"
# 連携失敗 (R-F3).  UNCONFIRMED PLACEHOLDER: the API value of 連携失敗 is not public (fact sheet
# §9, §10.5).  The simulator uses this value; a real shop's shape report settles it.
PAYMENT_STATUS_LINK_FAILED: Final = "9001"
MAKESHOP_PAYMENT_STATUS_CODES: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "0000": (PAYMENT_PAID, "代引き"),
        "0001": (PAYMENT_PAID, "現金"),
        "0002": (PAYMENT_PAID, "振込"),
        "0003": (PAYMENT_CANCELLED, "キャンセル"),
        "0004": (PAYMENT_AUTHORIZED, "仮売上"),
        "1002": (PAYMENT_PAID, "ポイント全額"),
        PAYMENT_STATUS_LINK_FAILED: (PAYMENT_LINK_FAILED, "連携失敗"),
    }
)
# A paid code, for examples and tests (振込 入金済み, seen publicly).
PAYMENT_STATUS_PAID: Final = "0002"


def payment_status_kind(code: str | None) -> str:
    """What a ``paymentStatusCode`` means (one of the ``PAYMENT_*`` kinds above)."""
    entry = MAKESHOP_PAYMENT_STATUS_CODES.get(str(code or "").strip())
    return entry[0] if entry is not None else PAYMENT_UNKNOWN


# --- SP-API carrier codes ----------------------------------------------------------------------
# ``carrierCode`` is one of Amazon's fixed strings, not free text.  Evidence: Amazon's feed schema
# amzn-base.xsd (CarrierCode enumeration), Seller Central's shipping-confirmation help and the
# Amazon carrier lists of several commercial connectors: YamatoTransport, SagawaExpress and
# NipponExpress are written without a space (an earlier table here had "Yamato Transport" --
# wrong); the older Japan-only values still exist.  Unconfirmed: that this is the whole list
# Amazon.co.jp accepts today, and what Amazon does with a code outside it (reports exist of a 204
# with the carrier silently dropped -- hence the read-back after every confirmation).  The
# spapi_carrier_code column of resources/carriers.tsv uses only these values (tested); users can
# override a carrier's code in settings, and the safe fallback is "Other" + carrierName (R-E3).
SPAPI_FALLBACK_CARRIER_CODE: Final = "Other"
SPAPI_CARRIER_CODES: Final = frozenset(
    {
        "YamatoTransport",
        "SagawaExpress",
        "NipponExpress",
        "Japan Post",
        "SEINO TRANSPORTATION",
        "DHL",
        "FedEx",
        "UPS",
        # older Japan-only values
        "YAMATO",
        "SAGAWA",
        "NITTSU",
        "JP_EXPRESS",
        "FEDEX_JP",
        SPAPI_FALLBACK_CARRIER_CODE,
    }
)

# --- Read-back after a confirmation (unconfirmed) ------------------------------------------------
# After each accepted confirmShipment the order is read back (getOrder, includedData PACKAGES) and
# the package with the packageReferenceId sent is compared with what was sent.  Unconfirmed: what
# Amazon puts in ``packages[].carrier`` -- assumed to be the carrierCode sent, or the carrierName
# for "Other"; a display form of either (other case, width or spacing, e.g. "Yamato Transport"
# for YamatoTransport) also counts as the same carrier.  An empty carrier is the "accepted, carrier
# silently dropped" case reported from the field.  If Amazon reports the carrier some other way,
# packages show 「Amazon の登録内容が違う」 although they are fine: correct the comparison here.
# The read-back may wait at most this long for a getOrder token (its usage plan: 0.5/s, burst 30);
# past that (bulk sends) the next sync's copy of the order serves as the read-back.
READBACK_MAX_WAIT_S: Final = 3.0

# --- Seller Central / makeshop admin links -----------------------------------------------------
SELLER_CENTRAL_ORDER_URL: Final = "https://sellercentral.amazon.co.jp/orders-v3/order/{order_id}"
# Unconfirmed: the admin host seen publicly is console.makeshop.jp (fact sheet T1); the path of
# an order's page is not public, so the link opens the admin and the order number is shown
# next to it.
MAKESHOP_ADMIN_URL: Final = "https://console.makeshop.jp/"
MAKESHOP_ADMIN_ORDER_URL: Final = MAKESHOP_ADMIN_URL


# --- makeshop GraphQL documents, formats and errors --------------------------------------------
# Every document uses only names public callers use (fact sheet §4-§7); the bundled simulator
# builds its schema from the same public subset and refuses anything else.

# Date-times in searchOrder *inputs*: JST wall-clock "YYYYMMDDHHmmss" (3 callers; the time zone
# is presumed, not stated).
MAKESHOP_DATETIME_FORMAT: Final = "%Y%m%d%H%M%S"
# ``orderDate`` in *responses*: "YYYY-MM-DD HH:MM:SS" (C2's printed run; C1/C3/C4 parse it so);
# read as JST (presumed).
MAKESHOP_ORDER_DATE_FORMAT: Final = "%Y-%m-%d %H:%M:%S"
# ``sortOrder`` values of searchOrder (type SortOrder, official anchor; sort key unknown).
MAKESHOP_SORT_ASC: Final = "ASC"
MAKESHOP_SORT_DESC: Final = "DESC"
# ``x-timestamp`` is valid for one hour (official reference intro).
MAKESHOP_TIMESTAMP_WINDOW_S: Final = 3600

# Errors.  Public: HTTP 422 with ``errors[]`` for a document the schema refuses (C3, C5), and
# ``extensions.code`` FORBIDDEN for introspection and for an API the app is not approved for
# (C3, C5).  Unconfirmed (nothing public): the answers to rate limiting and bad credentials;
# the client classifies those by HTTP status (429, 401/403) and also accepts these codes.
MAKESHOP_VALIDATION_HTTP_STATUS: Final = 422
MAKESHOP_ERROR_FORBIDDEN: Final = "FORBIDDEN"
MAKESHOP_RATE_LIMIT_HTTP_STATUS: Final = 429
MAKESHOP_ERROR_RATE_LIMITED: Final = "TOO_MANY_REQUESTS"
MAKESHOP_ERROR_UNAUTHENTICATED: Final = "UNAUTHENTICATED"

# updateOrderDeliveryStatus ``deliveryStatus`` values: words, not the search letters.  Only these
# two are public (C1); 返送, キャンセル and anything else must be done in makeshop's admin.
MAKESHOP_STATUS_COMPLETED: Final = "COMPLETED"  # 配送完了
MAKESHOP_STATUS_NOT_YET: Final = "NOT_YET"

# operationName of each document below.
MAKESHOP_OP_SEARCH_ORDER: Final = "searchOrder"
MAKESHOP_OP_ORDER_CUSTOMER: Final = "orderCustomer"
MAKESHOP_OP_UPDATE_ATTRIBUTE: Final = "updateOrderAttribute"
MAKESHOP_OP_UPDATE_DELIVERY_STATUS: Final = "updateOrderDeliveryStatus"

# What each operation is called where a shop approves an app's APIs one by one (FORBIDDEN).
MAKESHOP_API_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        MAKESHOP_OP_SEARCH_ORDER: "注文の検索",
        MAKESHOP_OP_ORDER_CUSTOMER: "注文の検索",
        MAKESHOP_OP_UPDATE_ATTRIBUTE: "注文情報（伝票番号・配送業者）の更新",
        MAKESHOP_OP_UPDATE_DELIVERY_STATUS: "配送状態の更新",
    }
)

# Order list.  Variables: {"input": {"startOrderDate", "endOrderDate", "deliveryStatus"?,
# "page" (1-based), "limit", "sortOrder"}}.  Items are only under deliveryInfos[].basketInfos[]
# (4 callers).  No personal data is selected: ``message`` (the order note) is read only to find
# an Amazon order ID in it and is never kept.
MAKESHOP_SEARCH_ORDER_QUERY: Final = """
query searchOrder($input: SearchOrderRequest!) {
  searchOrder(input: $input) {
    searchedCount
    page
    orders {
      systemOrderNumber
      displayOrderNumber
      orderDate
      payMethod
      paymentStatusCode
      sumPrice
      message
      deliveryInfos {
        deliveryId
        deliveryStatus
        slipNumber
        deliveryDate
        deliveryMessage
        basketInfos {
          productCode
          productCustomCode
          variationCustomCode
          productName
          variationName
          amount
          price
        }
      }
    }
  }
}
""".strip()

# Buyer / recipients of one shop order, fetched on demand and never stored (R-D1).  searchOrder
# has no public filter by order number, so the client searches the order's own second
# (``startOrderDate`` = ``endOrderDate``) and picks the number.  Public person fields only:
# order level ``senderName``, ``senderPrefecture``, ``memberId``; per delivery ``receiver*``.
MAKESHOP_ORDER_CUSTOMER_QUERY: Final = """
query orderCustomer($input: SearchOrderRequest!) {
  searchOrder(input: $input) {
    searchedCount
    orders {
      displayOrderNumber
      memberId
      senderName
      senderPrefecture
      deliveryInfos {
        deliveryId
        receiverName
        receiverTel
        receiverPost
        receiverPrefecture
        receiverAddress
        receiverAddress2
      }
    }
  }
}
""".strip()

# Variables: {"input": {"updateOrderAttributes": [{"displayOrderNumber",
# "deliveryRequestInfos": [{"deliveryId", "slipNumber", "deliveryCompanyCode"}]}]}} (C1).
# One result per order; ``message`` is null on success, a reason on failure (C1).
MAKESHOP_UPDATE_ATTRIBUTE_DOCUMENT: Final = """
mutation updateOrderAttribute($input: UpdateOrderAttributeRequest!) {
  updateOrderAttribute(input: $input) {
    updateOrderAttributeResults {
      displayOrderNumber
      message
    }
  }
}
""".strip()

# Variables: {"input": {"updateOrderDeliveryStatusRequests": [{"displayOrderNumber",
# "deliveryId", "deliveryStatus": "COMPLETED"}]}} (C1).  One result per request.
MAKESHOP_UPDATE_DELIVERY_STATUS_DOCUMENT: Final = """
mutation updateOrderDeliveryStatus($input: UpdateOrderDeliveryStatusRequest!) {
  updateOrderDeliveryStatus(input: $input) {
    updateOrderDeliveryStatusResults {
      displayOrderNumber
      deliveryId
      message
    }
  }
}
""".strip()

# Every document the client can send (tests validate each against the public schema subset).
MAKESHOP_DOCUMENTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        MAKESHOP_OP_SEARCH_ORDER: MAKESHOP_SEARCH_ORDER_QUERY,
        MAKESHOP_OP_ORDER_CUSTOMER: MAKESHOP_ORDER_CUSTOMER_QUERY,
        MAKESHOP_OP_UPDATE_ATTRIBUTE: MAKESHOP_UPDATE_ATTRIBUTE_DOCUMENT,
        MAKESHOP_OP_UPDATE_DELIVERY_STATUS: MAKESHOP_UPDATE_DELIVERY_STATUS_DOCUMENT,
    }
)

# --- makeshop product CSV (FBA listing check, R-G2; unconfirmed) -------------------------------
# makeshop's product-side Amazon fields (連携する/しない, 掲載, ASIN, Amazon出品者SKU) are editable
# in the admin and in the bulk product CSV (makeshop manual "amazonmtregistry"); the GraphQL
# product API's shape is not public, so the check reads the CSV the shop owner exports.  The exact
# column names of that CSV are not public either: these are matched exactly first, then as parts
# of a header.
PRODUCT_CSV_ASIN_COLUMNS: Final = ("ASIN", "Amazon ASIN")
PRODUCT_CSV_SKU_COLUMNS: Final = ("Amazon出品者SKU", "出品者SKU", "Amazon SKU", "SKU")
PRODUCT_CSV_CODE_COLUMNS: Final = ("独自商品コード", "商品コード", "システム商品コード")
PRODUCT_CSV_NAME_COLUMNS: Final = ("商品名",)
PRODUCT_CSV_LINK_COLUMNS: Final = ("Amazon連携", "連携")
PRODUCT_CSV_LINKED_VALUES: Final = frozenset({"連携する", "する", "1", "Y", "y", "はい", "○"})
PRODUCT_CSV_UNLINKED_VALUES: Final = frozenset(
    {"連携しない", "しない", "0", "N", "n", "いいえ", "×"}
)
