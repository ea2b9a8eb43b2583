"""The OpenAPI document served at /api/v1/openapi.json is one generators
accept: it validates as OpenAPI 3, every operation is named (uniquely) and
summarised, declares the error envelope the server sends, uploads are
multipart bodies and every collection is paged."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

METHODS = ("get", "put", "post", "patch", "delete")
ERRORS = ("400", "401", "403", "404", "409", "422")


@pytest.fixture(scope="module")
def document(app):
    with app.test_client() as client:
        response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _operations(document):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def _resolve(document, node):
    while "$ref" in node:
        kind, name = node["$ref"].split("/")[-2:]
        node = document["components"][kind][name]
    return node


def test_the_document_validates_as_openapi_3(document):
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_operation_has_a_unique_id_and_a_one_line_summary(document):
    ids = [op.get("operationId") for _where, op in _operations(document)]
    assert len(ids) > 200 and all(ids) and len(set(ids)) == len(ids)
    assert all(op.get("summary") and "\n" not in op["summary"] for _w, op in _operations(document))


def test_the_error_envelope_is_declared_as_the_server_sends_it(document, client):
    envelope = document["components"]["schemas"]["Error"]
    body = _resolve(document, envelope["properties"]["error"])
    assert set(body["required"]) == {"code", "message", "status"}
    for where, op in _operations(document):
        for status in (*ERRORS, "default"):
            response = _resolve(document, op["responses"][status])
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (where, status)
    sent = client.get("/api/v1/t/nowhere/registry/persons").get_json()
    assert set(sent) == {"error"} and set(sent["error"]) <= set(body["properties"])


def test_uploads_are_multipart_bodies_with_their_fields(document):
    uploads = {}
    for where, op in _operations(document):
        assert all(p["in"] != "formData" for p in op.get("parameters", [])), where
        content = op.get("requestBody", {}).get("content", {})
        if "multipart/form-data" in content:
            uploads[where] = content["multipart/form-data"]["schema"]
    assert len(uploads) == 3
    documents = uploads["POST /api/v1/t/{slug}/documents"]
    assert documents["properties"]["file"]["format"] == "binary"
    assert {"kind", "target_type", "target_id"} <= set(documents["properties"])
    assert "file" in documents["required"]


def test_every_collection_is_paged_with_a_total(document):
    collections = 0
    for where, op in _operations(document):
        if not where.startswith("GET "):
            continue
        ok = op["responses"]["200"]
        schema = _resolve(document, ok.get("content", {}).get("application/json", {}).get("schema", {}))
        if schema.get("type") != "array" and "items" not in schema.get("properties", {}):
            continue
        collections += 1
        names = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        assert {"page", "limit"} <= names, where
        assert {"X-Total-Count", "Link"} <= set(ok.get("headers", {})), where
    assert collections >= 50
