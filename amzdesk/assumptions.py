"""Every unconfirmed assumption about the two services, in one place.

Each value below is *unconfirmed*: it was seen only in third-party client code or inferred from
makeshop's admin screens, not read in an official reference.  When makeshop or Amazon documents
otherwise, correct it here -- nothing else in the code base hard-codes these facts.
"""

from __future__ import annotations

from typing import Final

# --- Endpoints ---------------------------------------------------------------------------------
# Confirmed by Amazon's documentation.
SPAPI_ENDPOINT_FE: Final = "https://sellingpartnerapi-fe.amazon.com"
LWA_TOKEN_URL: Final = "https://api.amazon.com/auth/o2/token"  # noqa: S105 - a URL
MARKETPLACE_ID_JP: Final = "A1VC38T7YXB528"
# Unconfirmed: makeshop sends the endpoint by e-mail when API use is approved.
MAKESHOP_ENDPOINT: Final = "https://app-api.makeshop.jp/v1/graphql"

# --- makeshop GraphQL operations (unconfirmed: names seen only in third-party code) ------------
MAKESHOP_SEARCH_ORDER_FIELD: Final = "searchOrder"
MAKESHOP_UPDATE_ATTRIBUTE_MUTATION: Final = "updateOrderAttribute"
MAKESHOP_UPDATE_DELIVERY_STATUS_MUTATION: Final = "updateOrderDeliveryStatus"
# Unconfirmed: the older XML API allowed one request per second, one at a time.
MAKESHOP_MIN_INTERVAL_S: Final = 1.0
MAKESHOP_PAGE_LIMIT: Final = 1000

# --- How an Amazon order looks on the makeshop side (unconfirmed) ------------------------------
# The admin shows payment method names like "Amazonマーケットプレイス決済(…)".
AMAZON_PAY_METHOD_PREFIX: Final = "Amazonマーケットプレイス決済"
# The admin shows this delivery method for FBA orders (R-G1).
FBA_DELIVERY_METHOD: Final = "AmazonFBA配送"
# Where the Amazon order ID sits on a makeshop order: assumed to be the order's
# ``memo`` field as "AmazonOrderId:<id>"; third-party code reads it from there.
AMAZON_ORDER_ID_MEMO_PREFIX: Final = "AmazonOrderId:"
# The makeshop payment status value that the admin shows as 連携失敗 (R-F3).
PAYMENT_STATUS_LINK_FAILED: Final = "LINK_FAILED"
PAYMENT_STATUS_PAID: Final = "PAID"
PAYMENT_STATUS_UNPAID: Final = "UNPAID"

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

# --- Seller Central / makeshop admin links -----------------------------------------------------
SELLER_CENTRAL_ORDER_URL: Final = "https://sellercentral.amazon.co.jp/orders-v3/order/{order_id}"
MAKESHOP_ADMIN_ORDER_URL: Final = (
    "https://admin.makeshop.jp/order/detail/?order_number={display_order_number}"
)


def extract_amazon_order_id(memo: str | None) -> str:
    """Amazon order ID from a makeshop order's memo (unconfirmed location), or ""."""
    if not memo:
        return ""
    for raw in memo.splitlines():
        line = raw.strip()
        if line.startswith(AMAZON_ORDER_ID_MEMO_PREFIX):
            return line[len(AMAZON_ORDER_ID_MEMO_PREFIX) :].strip()
    return ""


def is_amazon_pay_method(pay_method: str | None) -> bool:
    return bool(pay_method) and str(pay_method).startswith(AMAZON_PAY_METHOD_PREFIX)


# --- makeshop GraphQL documents, formats and errors (unconfirmed) ------------------------------
# The shapes below are this project's best reading of third-party code; makeshop's reference
# was not available.  The bundled simulator (amzdesk.sim) serves exactly these documents: its
# makeshop server checks every selected field against the same (assumed) schema, so a client
# and the simulator that both read these constants stay in step.  Correct them here.

# Date-times in makeshop inputs and outputs: JST wall-clock time as "YYYYMMDDHHmmss".
MAKESHOP_DATETIME_FORMAT: Final = "%Y%m%d%H%M%S"
# ``sortOrder`` values of searchOrder (by order date).
MAKESHOP_SORT_ASC: Final = "ASC"
MAKESHOP_SORT_DESC: Final = "DESC"
# ``x-timestamp`` is accepted within this many seconds of the server's clock.
MAKESHOP_TIMESTAMP_WINDOW_S: Final = 3600

# Errors: GraphQL ``errors[]`` entries carry ``extensions.code``.  A request refused by the
# rate limit comes back as HTTP 429 with ``errors[0].extensions.code == "TOO_MANY_REQUESTS"``;
# bad credentials / timestamp as HTTP 401 with ``"UNAUTHENTICATED"``; invalid input as HTTP 200
# with ``"BAD_USER_INPUT"``.
MAKESHOP_RATE_LIMIT_HTTP_STATUS: Final = 429
MAKESHOP_ERROR_RATE_LIMITED: Final = "TOO_MANY_REQUESTS"
MAKESHOP_ERROR_UNAUTHENTICATED: Final = "UNAUTHENTICATED"
MAKESHOP_ERROR_BAD_INPUT: Final = "BAD_USER_INPUT"

# operationName of each document below.
MAKESHOP_OP_SEARCH_ORDER: Final = "searchOrder"
MAKESHOP_OP_ORDER_CUSTOMER: Final = "orderCustomer"
MAKESHOP_OP_UPDATE_ATTRIBUTE: Final = "updateOrderAttribute"
MAKESHOP_OP_UPDATE_DELIVERY_STATUS: Final = "updateOrderDeliveryStatus"

# Order list.  Variables: {"input": {"startOrderDate", "endOrderDate", "deliveryStatus"?,
# "page" (1-based), "limit" (<= MAKESHOP_PAGE_LIMIT), "sortOrder"}}.  No personal data selected.
MAKESHOP_SEARCH_ORDER_QUERY: Final = """
query searchOrder($input: SearchOrderInput!) {
  searchOrder(input: $input) {
    searchedCount
    orders {
      systemOrderNumber
      displayOrderNumber
      orderDate
      memo
      payMethod
      paymentStatusCode
      sumPrice
      deliveryInfos {
        deliveryId
        deliveryStatus
        deliveryMethod
        deliveryCompanyCode
        slipNumber
        deliveryDate
      }
      basketInfos {
        productCode
        productCustomCode
        productName
        amount
        price
      }
    }
  }
}
""".strip()

# Buyer / recipient of one order, fetched on demand and never stored (R-D1).  Variables:
# {"input": {"displayOrderNumber": "..."}}.  For Amazon orders makeshop returns these fields
# empty (restricted, R-D1).
MAKESHOP_ORDER_CUSTOMER_QUERY: Final = """
query orderCustomer($input: SearchOrderInput!) {
  searchOrder(input: $input) {
    searchedCount
    orders {
      displayOrderNumber
      ordererName
      ordererEmail
      ordererTel
      ordererZipCode
      ordererPrefecture
      ordererAddress
      deliveryInfos {
        deliveryId
        receiverName
        receiverTel
        receiverZipCode
        receiverPrefecture
        receiverAddress
      }
    }
  }
}
""".strip()

# Variables: {"input": {"updateOrderAttributes": [{"displayOrderNumber",
# "deliveryRequestInfos": [{"deliveryId", "slipNumber", "deliveryCompanyCode"}]}]}}.
# One result per order; ``message`` is null on success, a (Japanese) reason on failure.
MAKESHOP_UPDATE_ATTRIBUTE_DOCUMENT: Final = """
mutation updateOrderAttribute($input: UpdateOrderAttributeInput!) {
  updateOrderAttribute(input: $input) {
    updateOrderAttributeResults {
      displayOrderNumber
      message
    }
  }
}
""".strip()

# Variables: {"input": {"updateOrderDeliveryStatusRequests": [{"displayOrderNumber",
# "deliveryId", "deliveryStatus"}]}}.  One result per request; ``message`` as above.
MAKESHOP_UPDATE_DELIVERY_STATUS_DOCUMENT: Final = """
mutation updateOrderDeliveryStatus($input: UpdateOrderDeliveryStatusInput!) {
  updateOrderDeliveryStatus(input: $input) {
    updateOrderDeliveryStatusResults {
      displayOrderNumber
      deliveryId
      message
    }
  }
}
""".strip()


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
