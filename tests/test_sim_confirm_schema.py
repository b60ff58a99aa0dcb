"""The simulator's confirmShipment check: the bundled schema is the official model's, the small
validator agrees with jsonschema, the simulator refuses what the model forbids (Amazon's error
shape), checks carrierCode against Amazon's list, and can be switched to accept an unknown carrier
with a 204 and drop it -- the behaviour the app's read-back exists for.

Regenerate the bundled schema after a model update: ``python -m tests.test_sim_confirm_schema``.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amzdesk import assumptions as A
from amzdesk.sim import schema as sim_schema
from amzdesk.sim import seed as seedmod
from amzdesk.sim.simulator import Simulator
from tests.test_sim import confirm, first, package_body

MODEL = Path(__file__).resolve().parent / "data" / "api-models" / "ordersV0.json"
BUNDLED = Path(__file__).resolve().parent.parent / "resources" / "spapi"
COMMENT = (
    "ConfirmShipmentRequest of ordersV0.json (Selling Partner API models, Apache-2.0, "
    "Amazon.com, Inc.) with the definitions it references, unchanged. "
    "Regenerate: python -m tests.test_sim_confirm_schema"
)


def derive_confirm_schema(model: dict[str, Any]) -> dict[str, Any]:
    defs = model["definitions"]
    op = model["paths"]["/orders/v0/orders/{orderId}/shipmentConfirmation"]["post"]
    body = next(p for p in op["parameters"] if p["in"] == "body")["schema"]
    root = body["$ref"].rsplit("/", 1)[1]
    needed: dict[str, Any] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed[name] = defs[name]
        todo.extend(re.findall(r'"#/definitions/(\w+)"', json.dumps(defs[name])))
    return {"$comment": COMMENT, **defs[root], "definitions": dict(sorted(needed.items()))}


def _model() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(MODEL.read_text(encoding="utf-8"))
    return data


def test_bundled_schema_is_the_models_confirm_request() -> None:
    assert sim_schema.confirm_shipment_schema() == derive_confirm_schema(_model())
    assert "Apache License" in (BUNDLED / "LICENSE").read_text(encoding="utf-8")
    assert (BUNDLED / "NOTICE").read_bytes() == (MODEL.parent / "NOTICE").read_bytes()


def test_validator_refuses_keywords_it_does_not_implement() -> None:
    with pytest.raises(sim_schema.SchemaError):
        sim_schema.Validator({"type": "string", "pattern": "^[0-9]+$"})
    with pytest.raises(sim_schema.SchemaError):
        sim_schema.Validator({"properties": {"a": {"oneOf": [{"type": "string"}]}}})


def _reference(strict: bool) -> jsonschema.Draft4Validator:
    schema = copy.deepcopy(sim_schema.confirm_shipment_schema())
    if strict:

        def close(node: Any) -> None:
            if isinstance(node, dict):
                if "properties" in node and "additionalProperties" not in node:
                    node["additionalProperties"] = False
                for v in node.values():
                    close(v)

        close(schema)
    return jsonschema.Draft4Validator(schema)


GOOD: dict[str, Any] = {
    "marketplaceId": A.MARKETPLACE_ID_JP,
    "codCollectionMethod": "DirectPayment",
    "packageDetail": {
        "packageReferenceId": "1",
        "carrierCode": "YamatoTransport",
        "carrierName": "ヤマト運輸",
        "shippingMethod": "宅急便",
        "trackingNumber": "444413758703",
        "shipDate": "2026-11-30T01:00:00Z",
        "shipFromSupplySourceId": "x",
        "orderItems": [{"orderItemId": "1", "quantity": 1, "transparencyCodes": ["a"]}],
    },
}

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.text(max_size=4),
    st.just("OtherMethod"),
    st.lists(st.integers(0, 2), max_size=2),
    st.dictionaries(st.sampled_from(["orderItemId", "quantity", "x"]), st.integers(0, 2)),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated_bodies(draw: st.DrawFn) -> Any:
    body = copy.deepcopy(GOOD)
    for _ in range(draw(st.integers(0, 3))):
        paths = [p for p in _paths(body) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = body
        for step in path[:-1]:
            parent = parent[step]
        how = draw(st.sampled_from(["replace", "delete", "add"]))
        if how == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif how == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "carrierName", "quantity"]))] = draw(_VALUES)
        else:
            parent[path[-1]] = draw(_VALUES)
    return body


@settings(max_examples=300, deadline=None)
@given(body=mutated_bodies(), strict=st.booleans())
def test_validator_agrees_with_jsonschema(body: Any, strict: bool) -> None:
    ours = sim_schema.Validator(sim_schema.confirm_shipment_schema(), strict=strict)
    ref = _reference(strict)
    detail = body.get("packageDetail") if isinstance(body, dict) else None
    ship = detail.get("shipDate") if isinstance(detail, dict) else None
    reference_ok = ref.is_valid(body)
    if isinstance(ship, str) and not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", ship):
        reference_ok = False  # jsonschema checks "date-time" only with an optional package
    assert (ours.errors(body) == []) == reference_ok, ours.errors(body)


def test_good_body_passes_and_each_model_rule_is_enforced() -> None:
    v = sim_schema.confirm_shipment_validator(strict=True)
    assert v.errors(GOOD) == []
    bad = copy.deepcopy(GOOD)
    bad["codCollectionMethod"] = "Cash"
    assert any("codCollectionMethod" in e for e in v.errors(bad))
    bad = copy.deepcopy(GOOD)
    del bad["packageDetail"]["trackingNumber"]
    assert any("trackingNumber" in e for e in v.errors(bad))
    bad = copy.deepcopy(GOOD)
    bad["packageDetail"]["orderItems"][0]["quantity"] = "1"
    assert any("quantity" in e for e in v.errors(bad))
    bad = copy.deepcopy(GOOD)
    bad["packageDetail"]["shipDate"] = "2026-11-30"
    assert any("shipDate" in e for e in v.errors(bad))
    bad = copy.deepcopy(GOOD)
    bad["packageDetail"]["trackingNo"] = "1"
    assert any("trackingNo" in e for e in v.errors(bad))
    assert sim_schema.confirm_shipment_validator(strict=False).errors(bad) == []


# --- the simulator -------------------------------------------------------------------------------


@pytest.fixture()
def sim() -> Any:
    s = Simulator(seed=5, n_orders=60, rate_scale=float("inf"))
    s.start()
    yield s
    s.stop()


def _error(resp: Any) -> dict[str, Any]:
    body = resp.json()
    assert set(body) == {"errors"}
    assert isinstance(body["errors"], list) and body["errors"]
    err: dict[str, Any] = body["errors"][0]
    assert isinstance(err["code"], str) and isinstance(err["message"], str)
    return err


@pytest.mark.parametrize(
    ("change", "word"),
    [
        (lambda b: b.update(codCollectionMethod="COD"), "codCollectionMethod"),
        (lambda b: b["packageDetail"].update(shipDate="2026/11/30"), "shipDate"),
        (lambda b: b["packageDetail"].pop("trackingNumber"), "trackingNumber"),
        (lambda b: b["packageDetail"]["orderItems"][0].update(quantity=1.5), "quantity"),
        (lambda b: b["packageDetail"].update(carrierCode=7), "carrierCode"),
        (lambda b: b["packageDetail"].update(trackingNo="1"), "trackingNo"),
    ],
)
def test_simulator_refuses_bodies_the_model_forbids(sim: Simulator, change: Any, word: str) -> None:
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    body = package_body(sim, oid)
    change(body)
    before = len(sim.world.confirmations(oid))
    r = confirm(sim, oid, body)
    assert r.status_code == 400
    err = _error(r)
    assert err["code"] == "InvalidInput" and word in err["message"]
    assert len(sim.world.confirmations(oid)) == before  # nothing applied


def test_simulator_checks_carrier_code_against_amazons_list(sim: Simulator) -> None:
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    body = package_body(sim, oid, carrier_code="Yamato Transport")
    r = confirm(sim, oid, body)
    assert r.status_code == 400
    assert "carrierCode" in _error(r)["message"]
    assert sim.world.confirmations(oid) == []
    body = package_body(sim, oid, carrier_code="YamatoTransport")
    assert confirm(sim, oid, body).status_code == 204
    pkg = sim.world.amazon[oid].packages[-1]
    assert pkg.carrier == "YamatoTransport"


def test_simulator_can_accept_and_silently_drop_an_unknown_carrier(sim: Simulator) -> None:
    sim.world.drop_unknown_carrier_codes = True
    oid = first(sim, seedmod.MFN_UNSHIPPED)
    body = package_body(sim, oid, carrier_code="Yamato Transport")
    r = confirm(sim, oid, body)
    assert r.status_code == 204 and r.content == b""
    pkg = sim.world.amazon[oid].packages[-1]
    assert pkg.carrier == "" and pkg.tracking_number == body["packageDetail"]["trackingNumber"]
    # a body the model forbids is refused in this mode too
    bad = package_body(sim, oid, carrier_code="Yamato Transport")
    bad["packageDetail"]["shipDate"] = "yesterday"
    assert confirm(sim, oid, bad).status_code == 400


if __name__ == "__main__":
    BUNDLED.mkdir(parents=True, exist_ok=True)
    out = BUNDLED / "confirmShipment.schema.json"
    out.write_text(
        json.dumps(derive_confirm_schema(_model()), ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(out)
