"""Property tests: hostile input never crashes the parsers, the normaliser or the loaders.

Hypothesis (derandomised, see conftest) throws arbitrary JSON at both API response parsers and
the settings loader, arbitrary text at the tracking normaliser and arbitrary bytes at the label
CSV importer.  Each must return a value of its type or raise its own typed error -- never a
KeyError, OverflowError, RecursionError or anything else a user would see as a crash.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from amzdesk import errors, makeshop, spapi, tracking
from amzdesk.importers import LabelImportError, parse_label_bytes
from amzdesk.models import AmazonSide, MakeshopSide
from amzdesk.settings import Settings, load_settings

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(
        ["2026-01-04T01:02:03Z", "UNSHIPPED", "SHIPPED", "MERCHANT", "N", "Y", "1e999", ""]
    )
)
JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=25,
)

_AMAZON_KEYS = ["orderId", "createdTime", "lastUpdatedTime", "fulfillment", "orderItems",
                "packages"]  # fmt: skip
_MAKESHOP_KEYS = ["displayOrderNumber", "systemOrderNumber", "orderDate", "deliveryInfos",
                  "basketInfos", "sumPrice", "memo"]  # fmt: skip


def _shaped(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects with the real field names (so parsing gets deep) and arbitrary values."""
    return st.dictionaries(st.sampled_from(keys), JSON, max_size=len(keys))


@settings(max_examples=100)
@given(_shaped(_AMAZON_KEYS) | JSON)
def test_the_spapi_order_parser_never_crashes(data: Any) -> None:
    try:
        side = spapi.parse_order(data)
    except errors.BadResponse:
        return
    assert isinstance(side, AmazonSide)


@settings(max_examples=100)
@given(_shaped(_MAKESHOP_KEYS) | JSON)
def test_the_makeshop_order_parser_never_crashes(data: Any) -> None:
    try:
        side = makeshop.parse_order(data)
    except errors.BadResponse:
        return
    assert isinstance(side, MakeshopSide)


@settings(max_examples=100)
@given(st.text(max_size=60), st.sampled_from(sorted(tracking.FORMATS)))
def test_the_tracking_normaliser_never_crashes(raw: str, fmt: str) -> None:
    number = tracking.normalize(raw)
    assert tracking.normalize(number) == number  # idempotent
    check = tracking.validate(raw, fmt)
    assert check.ok or check.reason
    # an invisible character is named, never shown as nothing
    for ch in check.reason:
        assert ch.isprintable() or ch in "\n"


@settings(max_examples=100)
@given(JSON)
def test_the_settings_loader_never_crashes(tmp_path_factory: Any, data: Any) -> None:
    path: Path = tmp_path_factory.mktemp("settings") / "settings.json"
    try:
        path.write_text(json.dumps(data), encoding="utf-8")
        assert isinstance(load_settings(path), Settings)
    finally:  # generated text may hold the seed's personal-data markers: the leak scan's prey
        shutil.rmtree(path.parent)


@settings(max_examples=100)
@given(st.binary(max_size=400))
def test_the_settings_loader_takes_any_bytes(tmp_path_factory: Any, data: bytes) -> None:
    path: Path = tmp_path_factory.mktemp("settings") / "settings.json"
    try:
        path.write_bytes(data)
        assert isinstance(load_settings(path), Settings)
    finally:
        shutil.rmtree(path.parent)


@settings(max_examples=100)
@given(st.binary(max_size=600))
def test_the_label_importer_takes_any_bytes(data: bytes) -> None:
    try:
        parse_label_bytes(data)
    except LabelImportError as exc:
        assert exc.message
