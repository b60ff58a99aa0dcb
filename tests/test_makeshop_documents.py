"""Every makeshop GraphQL document the client can send is valid against the public schema.

``tests/data/makeshop-orders.graphql`` is a copy of the shared fact sheet's SDL (the subset of
makeshop's schema that public evidence supports).  The documents are collected two ways: the
declared list in :mod:`amzdesk.assumptions`, and the documents the client actually sends while
every one of its public operations runs against a recording server -- so a new document that
is not declared still gets validated.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLSchema, build_ast_schema, parse, validate
from graphql.language import FieldNode, OperationDefinitionNode, Visitor, visit

from amzdesk import assumptions
from amzdesk.makeshop import MakeshopClient
from amzdesk.sim.makeshop import EXTENSION_FILE, SCHEMA_FILE, public_schema, sdl_text

DATA = Path(__file__).parent / "data" / "makeshop-orders.graphql"
SHARED = (
    Path(os.environ.get("AMZDESK_SHARED_SPEC", "/work/shared/spec"))
    / "makeshop"
    / "makeshop-orders.graphql"
)
START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_ast_schema(parse(DATA.read_text(encoding="utf-8")))


def test_the_copy_in_tests_data_is_the_shared_one() -> None:
    if not SHARED.exists():
        pytest.skip(f"the shared spec is not on this machine ({SHARED})")
    assert DATA.read_bytes() == SHARED.read_bytes(), (
        "tests/data/makeshop-orders.graphql differs from the shared fact sheet: copy it again "
        "(and resources/makeshop/) and re-check the client's documents"
    )


def test_the_simulator_serves_the_same_public_schema() -> None:
    assert sdl_text(SCHEMA_FILE) == DATA.read_text(encoding="utf-8")
    # the simulator's extension is a separate file that only adds (``extend type``)
    ext = sdl_text(EXTENSION_FILE)
    definitions = parse(ext).definitions
    assert definitions and all(d.kind.endswith("_extension") for d in definitions)


class _Recorder:
    """A stand-in for the HTTP session: records each payload, answers like makeshop would
    (an empty page, or every mutation item accepted)."""

    def __init__(self) -> None:
        self.payloads: list[dict[str, Any]] = []

    def post(self, url: str, json: dict[str, Any], **_kw: Any) -> Any:
        self.payloads.append(json)
        op = json["operationName"]
        if op in (assumptions.MAKESHOP_OP_SEARCH_ORDER, assumptions.MAKESHOP_OP_ORDER_CUSTOMER):
            data: dict[str, Any] = {"searchOrder": {"searchedCount": 0, "page": 1, "orders": []}}
        elif op == assumptions.MAKESHOP_OP_UPDATE_ATTRIBUTE:
            data = {"updateOrderAttribute": {"updateOrderAttributeResults": []}}
        else:
            data = {"updateOrderDeliveryStatus": {"updateOrderDeliveryStatusResults": []}}
        return _Response({"data": data})


class _Response:
    status_code = 200
    reason = "OK"
    headers: dict[str, str] = {}  # noqa: RUF012

    def __init__(self, body: dict[str, Any]) -> None:
        self._body = body
        self.content = b"{}"

    def json(self) -> dict[str, Any]:
        return self._body


def _sent_documents() -> Iterator[tuple[str, dict[str, Any]]]:
    rec = _Recorder()
    client = MakeshopClient(
        "https://app-api.makeshop.jp/v1/graphql",
        "token-0123456789",
        "key-0123456789",
        session=rec,  # type: ignore[arg-type]
        min_interval=0.0,
    )
    client.search_orders(START, START + timedelta(days=1), "N", page=2, limit=50)
    list(client.iter_orders(START, START + timedelta(days=1)))
    client.probe(START, START + timedelta(days=1))
    with pytest.raises(Exception, match="not found"):
        client.get_customer("P180941172630907436", START)
    client.update_order_attribute("P180941172630907436", ["1", "2"], "002", "444413758703")
    client.update_delivery_status("P180941172630907436", "1")
    client.update_delivery_status("P180941172630907436", "1", assumptions.MAKESHOP_STATUS_NOT_YET)
    client.mark_shipped("P180941172630907436", "1", "003", "12345")
    for payload in rec.payloads:
        yield payload["query"], payload


SENT = list(_sent_documents())


def test_every_declared_document_is_valid_against_the_public_schema(
    schema: GraphQLSchema,
) -> None:
    assert set(assumptions.MAKESHOP_DOCUMENTS) == {
        "searchOrder",
        "orderCustomer",
        "updateOrderAttribute",
        "updateOrderDeliveryStatus",
    }
    for name, doc in assumptions.MAKESHOP_DOCUMENTS.items():
        errors = validate(schema, parse(doc))
        assert not errors, f"{name}: {[e.message for e in errors]}"
        [op] = [d for d in parse(doc).definitions if isinstance(d, OperationDefinitionNode)]
        assert op.name is not None and op.name.value == name


@pytest.mark.parametrize(
    ("query", "payload"), SENT, ids=[f"{i}-{p['operationName']}" for i, (_q, p) in enumerate(SENT)]
)
def test_every_sent_document_and_its_variables_are_valid(
    schema: GraphQLSchema, query: str, payload: dict[str, Any]
) -> None:
    from graphql import execute_sync

    assert query in assumptions.MAKESHOP_DOCUMENTS.values(), "an undeclared document was sent"
    doc = parse(query)
    errors = validate(schema, doc)
    assert not errors, [e.message for e in errors]
    # the variables fit their declared input types (enum values, input field names)
    result = execute_sync(
        schema,
        doc,
        root_value={
            "searchOrder": lambda *_a, **_k: None,
            "updateOrderAttribute": lambda *_a, **_k: None,
            "updateOrderDeliveryStatus": lambda *_a, **_k: None,
        },
        variable_values=payload["variables"],
        operation_name=payload["operationName"],
    )
    assert not result.errors, [e.message for e in result.errors]


def test_all_four_documents_were_exercised() -> None:
    assert {p["operationName"] for _q, p in SENT} == set(assumptions.MAKESHOP_DOCUMENTS)
    statuses = {
        item["deliveryStatus"]
        for _q, p in SENT
        if p["operationName"] == "updateOrderDeliveryStatus"
        for item in p["variables"]["input"]["updateOrderDeliveryStatusRequests"]
    }
    assert statuses == {"COMPLETED", "NOT_YET"}


def test_the_client_never_selects_the_simulator_extension() -> None:
    ext_fields: set[str] = set()

    class _Fields(Visitor):
        def enter_field_definition(self, node: Any, *_: Any) -> None:
            ext_fields.add(node.name.value)

    visit(parse(sdl_text(EXTENSION_FILE)), _Fields())
    assert ext_fields
    used: set[str] = set()

    class _Used(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            used.add(node.name.value)

    for query, _payload in SENT:
        visit(parse(query), _Used())
    assert "orderDate" in used
    assert not used & ext_fields


def test_the_public_schema_refuses_the_old_guesses() -> None:
    """The names an earlier version sent are not in the public schema (fact sheet §11)."""
    schema = public_schema()
    old = [
        "query q($input: SearchOrderInput!) { searchOrder(input: $input) { searchedCount } }",
        "query q($input: SearchOrderRequest!) { searchOrder(input: $input) { orders { memo } } }",
        "query q($input: SearchOrderRequest!) "
        "{ searchOrder(input: $input) { orders { basketInfos { productName } } } }",
        "query q($input: SearchOrderRequest!) "
        "{ searchOrder(input: $input) { orders { deliveryInfos { deliveryCompanyCode } } } }",
        "query q($input: SearchOrderRequest!) "
        "{ searchOrder(input: $input) { orders { ordererName } } }",
        "query q($input: SearchOrderRequest!) "
        "{ searchOrder(input: $input) { orders { deliveryInfos { receiverZipCode } } } }",
        "mutation m($input: UpdateOrderAttributeInput!) "
        "{ updateOrderAttribute(input: $input) { updateOrderAttributeResults { message } } }",
    ]
    for doc in old:
        assert validate(schema, parse(doc)), doc
