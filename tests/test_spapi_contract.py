"""Contract tests: what amzdesk.spapi sends and understands, checked against Amazon's own models.

The official Selling Partner API models (Apache-2.0, see tests/data/api-models/LICENSE and
NOTICE) are the contract:

* every query the client builds is validated against the operation's parameter definitions
  (names, types, enums, maxItems, the limits stated in descriptions, required parameters);
* every ``confirmShipment`` body is validated with jsonschema against ``ConfirmShipmentRequest``
  (all ``$ref`` resolved in the model's definitions; unknown properties refused);
* every ``x-amzn-api-sandbox`` static example of the operations the client uses is replayed:
  the client sends the example's request to a loopback server that answers with the example's
  response, and the client must handle it (success parsed, error typed).
"""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from amzdesk import errors
from amzdesk.assumptions import SPAPI_CARRIER_CODES
from amzdesk.carriers import default_table
from amzdesk.http import RetryPolicy
from amzdesk.models import AmazonStatus
from amzdesk.spapi import (
    CONFIRM_PATH,
    DEFAULT_INCLUDED_DATA,
    INCLUDED_DATA_VALUES,
    ORDERS_PATH,
    PERSONAL_INCLUDED_DATA,
    LwaAuth,
    ShipmentItem,
    ShipmentPackage,
    SpApiClient,
)
from tests.test_http import FakeTime, LoopbackServer, Recorded, Reply, serve

__all__ = ["serve"]  # the fixture, re-exported for pytest

ORDERS_2026 = "orders_2026-01-01.json"
ORDERS_V0 = "ordersV0.json"
FBA_INVENTORY = "fbaInventory.json"
LOCAL_MODELS = Path(__file__).resolve().parent / "data" / "api-models"

# operationId -> (model file, path template, method)
OPERATIONS = {
    "searchOrders": (ORDERS_2026, "/orders/2026-01-01/orders", "get"),
    "getOrder": (ORDERS_2026, "/orders/2026-01-01/orders/{orderId}", "get"),
    "confirmShipment": (ORDERS_V0, "/orders/v0/orders/{orderId}/shipmentConfirmation", "post"),
    "getInventorySummaries": (FBA_INVENTORY, "/fba/inventory/v1/summaries", "get"),
}
# Operations whose model has no static sandbox examples (only "dynamic"): tests/test_fba_listing.py
# checks them against the model instead.
NO_STATIC_EXAMPLES = frozenset({"getInventorySummaries"})


def models_dir() -> Path:
    """Amazon's official models, kept with the tests (Apache-2.0)."""
    return LOCAL_MODELS


@cache
def load_model(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((models_dir() / name).read_text(encoding="utf-8"))
    return data


def operation(op_id: str) -> dict[str, Any]:
    model_file, path, method = OPERATIONS[op_id]
    op: dict[str, Any] = load_model(model_file)["paths"][path][method]
    assert op["operationId"] == op_id
    return op


# --- validators built from the model ------------------------------------------------------------


def _check_scalar(name: str, schema: dict[str, Any], raw: str, problems: list[str]) -> None:
    kind = schema.get("type", "string")
    if kind == "integer":
        try:
            value = int(raw)
        except ValueError:
            problems.append(f"{name}: {raw!r} is not an integer")
            return
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{name}: {value} < minimum {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{name}: {value} > maximum {schema['maximum']}")
        return
    if "enum" in schema and raw not in schema["enum"]:
        problems.append(f"{name}: {raw!r} not in enum {schema['enum']}")
    if schema.get("format") == "date-time":
        try:
            parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            problems.append(f"{name}: {raw!r} is not ISO 8601 date-time")
        else:
            if parsed.tzinfo is None:
                problems.append(f"{name}: {raw!r} has no time zone")
    if "maxLength" in schema and len(raw) > schema["maxLength"]:
        problems.append(f"{name}: longer than {schema['maxLength']}")
    if "pattern" in schema and not re.search(schema["pattern"], raw):
        problems.append(f"{name}: does not match {schema['pattern']}")


def _description_range(param: dict[str, Any]) -> tuple[int, int] | None:
    """Limits the model states only in prose ("The value must be between 1 and 100")."""
    m = re.search(r"between (\d+) and (\d+)", param.get("description", ""))
    return (int(m.group(1)), int(m.group(2))) if m else None


def validate_query(op_id: str, query: dict[str, str]) -> list[str]:
    """Problems of ``query`` against the operation's query parameter definitions."""
    params = {p["name"]: p for p in operation(op_id).get("parameters", []) if p["in"] == "query"}
    problems: list[str] = []
    for name, raw in query.items():
        param = params.get(name)
        if param is None:
            problems.append(f"{name}: not a query parameter of {op_id}")
            continue
        if param["type"] == "array":
            sep = {"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|"}[
                param.get("collectionFormat", "csv")
            ]
            items = raw.split(sep)
            if "maxItems" in param and len(items) > param["maxItems"]:
                problems.append(f"{name}: {len(items)} items > maxItems {param['maxItems']}")
            if len(set(items)) != len(items) and param.get("uniqueItems"):
                problems.append(f"{name}: duplicate items")
            for item in items:
                _check_scalar(name, param["items"], item, problems)
        else:
            _check_scalar(name, param, raw, problems)
            limits = _description_range(param)
            if limits and param["type"] == "integer" and raw.lstrip("-").isdigit():
                low, high = limits
                if not low <= int(raw) <= high:
                    problems.append(f"{name}: {raw} outside {low}..{high} (description)")
    for name, param in params.items():
        if param.get("required") and name not in query:
            problems.append(f"{name}: required")
    if op_id == "searchOrders":
        # Stated in the parameters' descriptions.
        if ("createdAfter" in query) == ("lastUpdatedAfter" in query):
            problems.append("exactly one of createdAfter / lastUpdatedAfter")
        if "createdAfter" in query and "lastUpdatedBefore" in query:
            problems.append("createdAfter excludes lastUpdatedBefore")
        if "lastUpdatedAfter" in query and "createdBefore" in query:
            problems.append("lastUpdatedAfter excludes createdBefore")
    return problems


def path_matches(op_id: str, path: str) -> bool:
    template = OPERATIONS[op_id][1]
    pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
    return re.match(pattern, path) is not None


def _strict(node: Any) -> Any:
    """A copy of a schema where objects with declared properties refuse unknown ones."""
    if isinstance(node, dict):
        out = {k: _strict(v) for k, v in node.items()}
        if out.get("type") == "object" and "properties" in out:
            out.setdefault("additionalProperties", False)
        return out
    if isinstance(node, list):
        return [_strict(v) for v in node]
    return node


@cache
def confirm_validator() -> jsonschema.Draft4Validator:
    model = load_model(ORDERS_V0)
    body_param = next(p for p in operation("confirmShipment")["parameters"] if p["in"] == "body")
    schema = {"definitions": _strict(copy.deepcopy(model["definitions"])), **body_param["schema"]}
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def validate_confirm_body(body: dict[str, Any]) -> list[str]:
    problems = [e.message for e in confirm_validator().iter_errors(body)]
    ship_date = body.get("packageDetail", {}).get("shipDate", "")
    try:
        if datetime.fromisoformat(ship_date.replace("Z", "+00:00")).tzinfo is None:
            problems.append("shipDate without time zone")
    except (ValueError, AttributeError):
        problems.append(f"shipDate {ship_date!r} is not ISO 8601")
    return problems


# --- helpers ------------------------------------------------------------------------------------


def make_client(server: LoopbackServer, marketplace_id: str = "A1VC38T7YXB528") -> SpApiClient:
    ft = FakeTime()
    auth = LwaAuth(
        "amzn1.application-oa2-client.contract",
        "amzn1.oa2-cs.v1.contract-secret",
        "Atzr|contract-refresh-token",
        token_url=server.url + "/auth/o2/token",
        monotonic=ft.monotonic,
        sleep=ft.sleep,
    )
    return SpApiClient(
        server.url,
        auth,
        marketplace_id,
        retry=RetryPolicy(max_attempts=1),
        monotonic=ft.monotonic,
        sleep=ft.sleep,
    )


def answering(status: int, body: Any, request_id: str = "sandbox-request-id") -> Any:
    def handler(rec: Recorded) -> Reply:
        if rec.path == "/auth/o2/token":
            return Reply(200, {"access_token": "Atza|contract-access", "expires_in": 3600})
        return Reply(
            status,
            body if body not in ({}, None) or status != 204 else None,
            {"x-amzn-RequestId": request_id, "x-amzn-RateLimit-Limit": "2.0"},
        )

    return handler


def sp_requests(server: LoopbackServer) -> list[Recorded]:
    return [r for r in server.requests if r.path != "/auth/o2/token"]


# --- the model copy -----------------------------------------------------------------------------


def test_bundled_models_are_present_with_license() -> None:
    for name in (ORDERS_2026, ORDERS_V0, FBA_INVENTORY, "LICENSE", "NOTICE"):
        assert (LOCAL_MODELS / name).is_file(), name
    assert "Apache License" in (LOCAL_MODELS / "LICENSE").read_text(encoding="utf-8")


def test_client_paths_and_vocabulary_come_from_the_model() -> None:
    assert path_matches("searchOrders", ORDERS_PATH)
    assert path_matches("getOrder", ORDERS_PATH + "/503-1234567-1234567")
    assert path_matches("confirmShipment", CONFIRM_PATH.format(order_id="503-1234567-1234567"))
    params = {p["name"]: p for p in operation("searchOrders")["parameters"]}
    assert set(params["includedData"]["items"]["enum"]) == set(INCLUDED_DATA_VALUES)
    assert PERSONAL_INCLUDED_DATA <= INCLUDED_DATA_VALUES
    assert set(params["fulfillmentStatuses"]["items"]["enum"]) == {s.value for s in AmazonStatus}
    assert set(params["fulfilledBy"]["items"]["enum"]) == {"MERCHANT", "AMAZON"}
    status_enum = load_model(ORDERS_2026)["definitions"]["FulfillmentStatus"]["enum"]
    assert set(status_enum) == {s.value for s in AmazonStatus}


def test_usage_plans_match_the_model_descriptions() -> None:
    from amzdesk.spapi import USAGE_PLANS

    for op_id, plan in USAGE_PLANS.items():
        text = operation(op_id)["description"]
        m = re.search(r"\|\s*([\d.]+)\s*\|\s*(\d+)\s*\|", text)
        assert m, op_id
        assert (plan.rate, plan.burst) == (float(m.group(1)), int(m.group(2))), op_id


def test_the_validators_do_catch_violations() -> None:
    # guard against a validator that accepts everything
    assert validate_query("searchOrders", {"marketplaceIds": "A1VC38T7YXB528"})
    assert validate_query(
        "searchOrders", {"createdAfter": "2026-01-01T00:00:00Z", "maxResultsPerPage": "101"}
    )
    assert validate_query(
        "searchOrders",
        {"createdAfter": "2026-01-01T00:00:00Z", "includedData": "FULFILLMENT,SECRETS"},
    )
    assert validate_query("searchOrders", {"createdAfter": "2026-01-01", "foo": "1"})
    assert validate_query(
        "searchOrders", {"createdAfter": "2026-01-01T00:00:00Z", "fulfilledBy": "SELLER"}
    )
    assert not validate_query("searchOrders", {"createdAfter": "2026-01-01T00:00:00Z"})
    body = {
        "marketplaceId": "A1VC38T7YXB528",
        "packageDetail": {
            "packageReferenceId": "1",
            "carrierCode": "Other",
            "trackingNumber": "1",
            "shipDate": "2026-01-01T00:00:00Z",
            "orderItems": [{"orderItemId": "1", "quantity": 1}],
        },
    }
    assert not validate_confirm_body(body)
    bad = copy.deepcopy(body)
    bad["packageDetail"]["carrierNmae"] = "typo"
    assert validate_confirm_body(bad)
    bad = copy.deepcopy(body)
    del bad["packageDetail"]["trackingNumber"]
    assert validate_confirm_body(bad)
    bad = copy.deepcopy(body)
    bad["packageDetail"]["orderItems"][0]["quantity"] = "1"
    assert validate_confirm_body(bad)
    bad = copy.deepcopy(body)
    bad["codCollectionMethod"] = "Cash"
    assert validate_confirm_body(bad)


# --- every request the client builds ------------------------------------------------------------

aware = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
)
safe_included = sorted(INCLUDED_DATA_VALUES - PERSONAL_INCLUDED_DATA)


@given(
    after=aware,
    incremental=st.booleans(),
    with_before=st.booleans(),
    statuses=st.none() | st.lists(st.sampled_from([s.value for s in AmazonStatus]), max_size=7),
    by=st.none() | st.lists(st.sampled_from(["MERCHANT", "AMAZON"]), max_size=2),
    per_page=st.integers(1, 100),
    included=st.lists(st.sampled_from(safe_included), max_size=len(safe_included)),
    token=st.none() | st.text(alphabet="abcdefghijXYZ0123456789+/=", min_size=1, max_size=40),
)
def test_every_search_query_fits_the_model(
    after: datetime,
    incremental: bool,
    with_before: bool,
    statuses: list[str] | None,
    by: list[str] | None,
    per_page: int,
    included: list[str],
    token: str | None,
) -> None:
    auth = LwaAuth(
        "id-contract", "secret-contract", "Atzr|refresh-contract", token_url="http://127.0.0.1:9/t"
    )
    client = SpApiClient("http://127.0.0.1:9", auth)
    kwargs: dict[str, Any] = {
        "fulfillment_statuses": statuses,
        "fulfilled_by": by,
        "max_results_per_page": per_page,
        "included_data": included or DEFAULT_INCLUDED_DATA,
        "pagination_token": token,
    }
    if incremental:
        kwargs["last_updated_after"] = after
        kwargs["last_updated_before"] = after if with_before else None
    else:
        kwargs["created_after"] = after
        kwargs["created_before"] = after if with_before else None
    query = client.search_params(**kwargs)
    assert validate_query("searchOrders", query) == []


@given(
    ref=st.integers(1, 10**9).map(str),
    code=st.sampled_from(sorted(SPAPI_CARRIER_CODES)),
    name=st.text(min_size=1, max_size=20).filter(str.strip),
    method=st.sampled_from(["", "宅急便", "ゆうパック"]),
    tracking=st.text(alphabet="0123456789ABCDEFJP", max_size=20),
    when=aware,
    items=st.lists(
        st.tuples(st.text(alphabet="0123456789", min_size=14, max_size=14), st.integers(1, 99)),
        min_size=1,
        max_size=5,
    ),
    cod=st.sampled_from(["", "DirectPayment"]),
)
def test_every_confirm_body_fits_the_model(
    ref: str,
    code: str,
    name: str,
    method: str,
    tracking: str,
    when: datetime,
    items: list[tuple[str, int]],
    cod: str,
) -> None:
    pkg = ShipmentPackage(
        package_reference_id=ref,
        carrier_code=code,
        carrier_name=name,
        shipping_method=method,
        tracking_number=tracking,
        ship_date=when,
        items=tuple(items),  # type: ignore[arg-type]
        cod_collection_method=cod,
    )
    pkg.validate()
    assert validate_confirm_body(pkg.to_body("A1VC38T7YXB528")) == []


def test_every_carrier_of_the_table_builds_a_body_the_model_allows() -> None:
    table = default_table()
    carriers = [c for c in table if c.can_confirm_on_amazon] + [table.custom("トナミ運輸便")]
    for c in carriers:
        code, name = c.spapi_fields()
        pkg = ShipmentPackage(
            package_reference_id="7",
            carrier_code=code,
            carrier_name=name,
            tracking_number="444413758703",
            ship_date=datetime(2026, 11, 30, 1, 0, tzinfo=UTC),
            items=(ShipmentItem("12345678901234", 1),),
        )
        pkg.validate()
        assert validate_confirm_body(pkg.to_body("A1VC38T7YXB528")) == [], c.name
        assert code in SPAPI_CARRIER_CODES


def test_get_order_query_fits_the_model(serve: Any) -> None:
    server = serve(answering(404, {"errors": [{"code": "NotFound", "message": "x"}]}))
    client = make_client(server)
    with pytest.raises(errors.NotFound):
        client.get_order("503-1234567-1234567", included_data=["FULFILLMENT", "PACKAGES", "TAX"])
    (req,) = sp_requests(server)
    assert path_matches("getOrder", req.path)
    assert validate_query("getOrder", req.query) == []


# --- sandbox replay -----------------------------------------------------------------------------


def sandbox_cases() -> list[tuple[str, str, dict[str, Any]]]:
    cases = []
    for op_id in OPERATIONS:
        for status, response in operation(op_id)["responses"].items():
            for i, example in enumerate(response.get("x-amzn-api-sandbox", {}).get("static", [])):
                cases.append((op_id, status, example))
                del i
    return cases


CASES = sandbox_cases()


def test_the_models_have_sandbox_examples_for_each_operation() -> None:
    ops = {c[0] for c in CASES}
    assert ops == set(OPERATIONS) - NO_STATIC_EXAMPLES
    assert len(CASES) >= 10


def _as_datetime(raw: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo is not None else None


SUBSTITUTE = datetime(2026, 1, 5, tzinfo=UTC)


def _search_call(client: SpApiClient, params: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    """Call searchOrders as the example asks; returns (result, the query we expect to see)."""
    kwargs: dict[str, Any] = {}
    expected: dict[str, str] = {}
    names = {
        "createdAfter": "created_after",
        "createdBefore": "created_before",
        "lastUpdatedAfter": "last_updated_after",
        "lastUpdatedBefore": "last_updated_before",
    }
    for name, spec in params.items():
        value = spec["value"]
        if name in names:
            dt = _as_datetime(value)
            # A value a datetime cannot express (e.g. "TEST_CASE_400") is replaced by a valid
            # one: the client cannot send nonsense, and the replay checks the error handling.
            kwargs[names[name]] = dt or SUBSTITUTE
            expected[name] = value if dt else "<substituted>"
        elif name == "marketplaceIds":
            assert len(value) == 1, "the client serves one marketplace"
            assert client.marketplace_id == value[0]
            expected[name] = value[0]
        elif name == "includedData":
            allowed = [v for v in value if v not in PERSONAL_INCLUDED_DATA]
            kwargs["included_data"] = allowed
            expected[name] = ",".join(allowed)
        elif name == "paginationToken":
            kwargs["pagination_token"] = value
            expected[name] = value
        elif name == "fulfillmentStatuses":
            kwargs["fulfillment_statuses"] = value
            expected[name] = ",".join(value)
        elif name == "fulfilledBy":
            kwargs["fulfilled_by"] = value
            expected[name] = ",".join(value)
        elif name == "maxResultsPerPage":
            kwargs["max_results_per_page"] = int(value)
            expected[name] = str(value)
        else:
            raise AssertionError(f"new sandbox parameter {name!r}: extend the replay")
    return next(client.search_orders(max_pages=1, **kwargs)), expected


def _confirm_call(client: SpApiClient, params: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    body = params["body"]["value"]
    detail = body["packageDetail"]
    ship_date = _as_datetime(detail["shipDate"])
    known = {
        "packageReferenceId",
        "carrierCode",
        "carrierName",
        "shippingMethod",
        "trackingNumber",
        "shipDate",
        "shipFromSupplySourceId",
        "orderItems",
    }
    assert set(detail) <= known, f"new packageDetail fields: {set(detail) - known}"
    assert set(body) <= {"marketplaceId", "packageDetail", "codCollectionMethod"}
    pkg = ShipmentPackage(
        package_reference_id=detail["packageReferenceId"],
        carrier_code=detail["carrierCode"],
        carrier_name=detail.get("carrierName", ""),
        shipping_method=detail.get("shippingMethod", ""),
        tracking_number=detail["trackingNumber"],
        ship_date=ship_date or SUBSTITUTE,
        items=tuple(
            ShipmentItem(i["orderItemId"], i["quantity"], tuple(i.get("transparencyCodes", ())))
            for i in detail["orderItems"]
        ),
        ship_from_supply_source_id=detail.get("shipFromSupplySourceId", ""),
        cod_collection_method=body.get("codCollectionMethod", ""),
    )
    return client.confirm_shipment(params["orderId"]["value"], pkg), body


@pytest.mark.parametrize(
    ("op_id", "status", "example"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)],
)
def test_sandbox_example_replay(
    serve: Any, op_id: str, status: str, example: dict[str, Any]
) -> None:
    params: dict[str, Any] = example["request"]["parameters"]
    response = example["response"]
    code = int(status)
    server = serve(answering(code, response))
    marketplace = "A1VC38T7YXB528"
    if "marketplaceIds" in params:
        marketplace = params["marketplaceIds"]["value"][0]
    if "body" in params:
        marketplace = params["body"]["value"]["marketplaceId"]
    client = make_client(server, marketplace)

    result: Any = None
    caught: errors.ServiceError | None = None
    expected_query: dict[str, str] = {}
    expected_body: dict[str, Any] | None = None
    try:
        if op_id == "searchOrders":
            result, expected_query = _search_call(client, params)
        elif op_id == "getOrder":
            included = [
                v
                for v in params.get("includedData", {}).get("value", DEFAULT_INCLUDED_DATA)
                if v not in PERSONAL_INCLUDED_DATA
            ]
            expected_query = {"includedData": ",".join(included)} if included else {}
            result = client.get_order(params["orderId"]["value"], included_data=included)
        else:
            result, expected_body = _confirm_call(client, params)
    except errors.ServiceError as exc:
        caught = exc

    # 1. what reached the server is the example's request, and it fits the model
    (req,) = sp_requests(server)
    assert req.method == OPERATIONS[op_id][2].upper()
    assert path_matches(op_id, req.path)
    if "orderId" in params:
        assert req.path.split("/")[-1 if op_id == "getOrder" else -2] == params["orderId"]["value"]
    for name, value in expected_query.items():
        if value == "<substituted>":
            assert name in req.query
        else:
            assert req.query.get(name) == value, name
    assert not PERSONAL_INCLUDED_DATA & set(req.query.get("includedData", "").split(","))
    assert validate_query(op_id, req.query) == []
    if expected_body is not None:
        sent = req.json()
        assert validate_confirm_body(sent) == []
        want = copy.deepcopy(expected_body)
        got = copy.deepcopy(sent)
        want_date = _as_datetime(want["packageDetail"].pop("shipDate"))
        got_date = _as_datetime(got["packageDetail"].pop("shipDate"))
        if want_date is not None:
            assert got_date == want_date
        assert got == want

    # 2. the client handled the example's response
    if 200 <= code < 300:
        assert caught is None, caught
        if op_id == "confirmShipment":
            assert result.status == code
            assert result.request_id == "sandbox-request-id"
            return
        raw_orders = response["orders"] if op_id == "searchOrders" else [response["order"]]
        sides = result.orders if op_id == "searchOrders" else [result]
        assert [s.order_id for s in sides] == [o["orderId"] for o in raw_orders]
        for side, raw in zip(sides, raw_orders, strict=True):
            fulfillment = raw["fulfillment"]
            assert side.status.value == fulfillment["fulfillmentStatus"]
            assert side.fulfilled_by == fulfillment["fulfilledBy"]
            assert [i.order_item_id for i in side.items] == [
                i["orderItemId"] for i in raw["orderItems"]
            ]
            assert [i.sku for i in side.items] == [
                i["product"]["sellerSku"] for i in raw["orderItems"]
            ]
            assert [i.quantity for i in side.items] == [
                i["quantityOrdered"] for i in raw["orderItems"]
            ]
            assert len(side.packages) == len(raw.get("packages", []))
            # nothing personal survives parsing
            text = repr(side)
            for secret in _personal_values(raw):
                assert secret not in text
        if op_id == "searchOrders":
            assert result.next_token == response.get("pagination", {}).get("nextToken")
            assert result.request_id == "sandbox-request-id"
    else:
        assert caught is not None, "an error example must raise"
        first = response["errors"][0]
        assert caught.status == code
        assert caught.code == first["code"]
        assert caught.message == first["message"]
        assert caught.request_id == "sandbox-request-id"
        expected_type = {
            400: errors.InvalidInput,
            403: errors.AuthError,
            404: errors.NotFound,
            429: errors.QuotaExceeded,
        }.get(code, errors.ServiceError)
        assert isinstance(caught, expected_type)
        assert caught.user_message


def _personal_values(raw: dict[str, Any]) -> list[str]:
    values: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, str) and len(node) > 3:
            values.append(node)

    walk(raw.get("buyer", {}))
    walk(raw.get("recipient", {}))
    return [v for v in values if v not in ("RESIDENTIAL", "COMMERCIAL")]


def test_jp_sandbox_order_spot_check(serve: Any) -> None:
    """One example read by hand: the JP searchOrders order."""
    op = operation("searchOrders")
    example = op["responses"]["200"]["x-amzn-api-sandbox"]["static"][0]
    server = serve(answering(200, example["response"]))
    page = next(make_client(server).search_orders(created_after=datetime(2024, 12, 25, tzinfo=UTC)))
    (order,) = page.orders
    assert order.order_id == "250-1234567-8901234"
    assert order.status is AmazonStatus.SHIPPED and order.is_fba
    assert order.ship_by_latest == datetime(2024, 12, 25, 23, 59, 59, tzinfo=UTC)
    assert [(i.sku, i.quantity, i.quantity_shipped) for i in order.items] == [
        ("ECHO-DOT-4-JP-CHARCOAL", 1, 1),
        ("FIRE-TV-4K-MAX-JP", 2, 2),
    ]
    assert page.next_token == "2YgYW55IGNhcm5hbCBwbGVhc3VyZS4"
    assert page.created_before == datetime(2024, 12, 25, 3, tzinfo=UTC)
    assert "John Smith" not in repr(page)
