"""The confirmShipment request schema of Amazon's official model, and a small validator for it.

``resources/spapi/confirmShipment.schema.json`` is ``ConfirmShipmentRequest`` of ``ordersV0.json``
(Apache-2.0, Amazon) with exactly the definitions it references, extracted unchanged; a test
re-derives it from the model copy in ``tests/data/api-models`` and fails when they differ.

The simulator validates every ``confirmShipment`` body against it before anything else, so a
body the official model forbids is refused the way Amazon refuses it (400 ``InvalidInput``),
whatever the client believes.  The validator implements the JSON Schema draft-4 keywords the
schema uses (``$ref``, ``type``, ``required``, ``properties``, ``items``, ``enum``, ``format:
date-time``, and the numeric / length / size bounds); a keyword it does not know makes loading
fail, so a newer model cannot add a rule that is silently ignored.  A test checks that it agrees
with the ``jsonschema`` reference implementation on generated bodies.

``strict`` (the simulator's default) also refuses properties the model does not define: the model
allows them, Amazon ignores them, and a misspelt field name would then go unnoticed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any, Final

SCHEMA_RESOURCE: Final = ("spapi", "confirmShipment.schema.json")

# Keywords that carry no constraint.
_ANNOTATIONS: Final = frozenset({"description", "title", "example", "default", "$comment"})
_CONSTRAINTS: Final = frozenset(
    {
        "$ref",
        "type",
        "required",
        "properties",
        "additionalProperties",
        "items",
        "enum",
        "format",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "definitions",
    }
)

# RFC 3339 date-time, as JSON Schema's "date-time" format means it (an offset is required).
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


class SchemaError(ValueError):
    """The schema uses a keyword this validator does not implement."""


def _check_keywords(node: Any, path: str = "#") -> None:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in ("properties", "definitions"):
                for name, sub in value.items():
                    _check_keywords(sub, f"{path}/{key}/{name}")
            elif key in _CONSTRAINTS:
                if isinstance(value, Mapping):
                    _check_keywords(value, f"{path}/{key}")
            elif key not in _ANNOTATIONS and not key.startswith("x-"):
                raise SchemaError(f"unsupported schema keyword {key!r} at {path}")


def _type_ok(value: Any, kind: str) -> bool:
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    raise SchemaError(f"unknown type {kind!r}")


class Validator:
    """Validate instances against one schema with local ``#/definitions/...`` references."""

    def __init__(self, schema: Mapping[str, Any], *, strict: bool = False) -> None:
        _check_keywords(schema)
        self.schema = schema
        self.strict = strict

    def errors(self, instance: Any) -> list[str]:
        """Every violation, as ``"<path>: <problem>"`` (empty: valid)."""
        out: list[str] = []
        self._validate(self.schema, instance, "$", out)
        return out

    def _resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        seen = 0
        while "$ref" in node:
            ref = str(node["$ref"])
            if not ref.startswith("#/definitions/"):
                raise SchemaError(f"unsupported $ref {ref!r}")
            node = self.schema["definitions"][ref.rsplit("/", 1)[1]]
            seen += 1
            if seen > 50:
                raise SchemaError("$ref loop")
        return node

    def _validate(self, node: Mapping[str, Any], value: Any, path: str, out: list[str]) -> None:
        if "$ref" in node:  # draft 4: siblings of $ref are ignored
            node = self._resolve(node)
        kind = node.get("type")
        if kind is not None:
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(_type_ok(value, k) for k in kinds):
                out.append(f"{path}: expected {'/'.join(kinds)}, got {type(value).__name__}")
                return
        if "enum" in node and value not in node["enum"]:
            out.append(f"{path}: {value!r} is not one of {node['enum']}")
        if isinstance(value, str):
            _check_string(node, value, path, out)
        if isinstance(value, int | float) and not isinstance(value, bool):
            _check_number(node, value, path, out)
        if isinstance(value, list):
            self._check_array(node, value, path, out)
        if isinstance(value, dict):
            self._check_object(node, value, path, out)

    def _check_array(
        self, node: Mapping[str, Any], value: list[Any], path: str, out: list[str]
    ) -> None:
        if "minItems" in node and len(value) < node["minItems"]:
            out.append(f"{path}: fewer than {node['minItems']} items")
        if "maxItems" in node and len(value) > node["maxItems"]:
            out.append(f"{path}: more than {node['maxItems']} items")
        items = node.get("items")
        if isinstance(items, Mapping):
            for i, item in enumerate(value):
                self._validate(items, item, f"{path}[{i}]", out)

    def _check_object(
        self, node: Mapping[str, Any], value: dict[str, Any], path: str, out: list[str]
    ) -> None:
        for name in node.get("required", ()):
            if name not in value:
                out.append(f"{path}: '{name}' is required")
        props: Mapping[str, Any] = node.get("properties", {})
        for name, sub in props.items():
            if name in value:
                self._validate(sub, value[name], f"{path}.{name}", out)
        extra = node.get("additionalProperties", not self.strict if props else True)
        for name, item in value.items():
            if name in props:
                continue
            if extra is False:
                out.append(f"{path}: unexpected property '{name}'")
            elif isinstance(extra, Mapping):
                self._validate(extra, item, f"{path}.{name}", out)


def _check_string(node: Mapping[str, Any], value: str, path: str, out: list[str]) -> None:
    if node.get("format") == "date-time" and not _DATE_TIME.match(value):
        out.append(f"{path}: {value!r} is not an RFC 3339 date-time")
    if "minLength" in node and len(value) < node["minLength"]:
        out.append(f"{path}: shorter than {node['minLength']}")
    if "maxLength" in node and len(value) > node["maxLength"]:
        out.append(f"{path}: longer than {node['maxLength']}")


def _check_number(node: Mapping[str, Any], value: float, path: str, out: list[str]) -> None:
    if "minimum" in node and value < node["minimum"]:
        out.append(f"{path}: less than {node['minimum']}")
    if "maximum" in node and value > node["maximum"]:
        out.append(f"{path}: more than {node['maximum']}")


@lru_cache(maxsize=1)
def confirm_shipment_schema() -> dict[str, Any]:
    """The bundled ``ConfirmShipmentRequest`` schema (see the module docstring)."""
    folder, name = SCHEMA_RESOURCE
    text = (resources.files("resources") / folder / name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=2)
def confirm_shipment_validator(strict: bool = True) -> Validator:
    return Validator(confirm_shipment_schema(), strict=strict)
