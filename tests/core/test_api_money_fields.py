"""Every money amount the API reads is strict integer satang: walks the
request bodies of the OpenAPI document, so a new endpoint is covered."""

from __future__ import annotations

import re

import pytest
from marshmallow import Schema, class_registry, fields

from core.api_fields import Satang

MONEY_NAMES = re.compile(r"(satang|^amount|^price$|^cost$|^fee$|^total$|^amount_cap$|_cap$)")
NOT_MONEY = {"size_cap"}  # a number of household members


def _is_money(name: str, field: fields.Field) -> bool:
    description = str((field.metadata or {}).get("description", "")).lower()
    if not isinstance(field, fields.Number):
        return False
    return name not in NOT_MONEY and (bool(MONEY_NAMES.search(name)) or "satang" in description)


def _input_schemas(spec: dict) -> set[str]:
    components = spec.get("components", {}).get("schemas", {})
    names: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in names:
                    names.add(name)
                    walk(components.get(name, {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in spec["paths"].values():
        for operation in path.values():
            if isinstance(operation, dict):
                walk(operation.get("requestBody", {}))
                walk(operation.get("parameters", []))
    return names


def _classes(name: str) -> list[type[Schema]]:
    try:
        found = class_registry.get_class(name, all=True)
    except Exception:  # noqa: BLE001 - the component is named otherwise
        found = class_registry.get_class(f"{name}Schema", all=True)
    return found if isinstance(found, list) else [found]


def test_every_money_field_an_api_reads_is_strict_satang(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    names = _input_schemas(spec)
    assert len(names) > 20
    loose, checked = [], 0
    for name in sorted(names):
        for cls in _classes(name):
            for field_name, field in cls._declared_fields.items():
                if field.dump_only or not _is_money(field_name, field):
                    continue
                checked += 1
                if not isinstance(field, Satang):
                    loose.append(f"{cls.__module__}.{cls.__name__}.{field_name}")
    assert checked > 15
    assert loose == []


@pytest.mark.parametrize("value", ["10", 10.5, True, "١٠"])
def test_satang_refuses_anything_but_an_integer(value):
    class Body(Schema):
        amount_satang = Satang(required=True)

    errors = Body().validate({"amount_satang": value})
    assert "amount_satang" in errors


def test_satang_reads_an_integer():
    class Body(Schema):
        amount_satang = Satang(required=True)

    assert Body().load({"amount_satang": 1050}) == {"amount_satang": 1050}
