"""OpenAPI conventions applied to every operation as it is documented, so each
area's ``api*.py`` states only what is particular to it:

- an ``operationId`` from the endpoint (``registry_households_get``), unique;
- a one-line ``summary`` (the view's docstring) — a missing one is an error;
- the error envelope (``core.api.envelope``) for 400/401/403/404/409/422 and as
  the ``default`` response;
- the security schemes, unless the operation says otherwise (``security=[]``
  for a public one);
- form fields and files of an upload in one ``multipart/form-data`` request
  body (flask-smorest leaves form fields as Swagger 2 ``formData``).
"""

from __future__ import annotations

import re

from apispec import APISpec, BasePlugin
from apispec.core import Components

from core.api.envelope import DECLARED_ERRORS

METHODS = ("get", "put", "post", "patch", "delete")
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}, {"cookieAuth": []}]
MULTIPART = "multipart/form-data"


class MissingSummary(Exception):
    pass


def operation_id(endpoint: str, method: str) -> str:
    """``market_orders_api.OrderDetail`` + ``get`` -> ``market_orders_order_detail_get``."""
    blueprint, _, view = endpoint.partition(".")
    blueprint = blueprint.removesuffix("_api")
    view = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", view).lower()
    return f"{blueprint}_{view}_{method}"


class ApiConventions(BasePlugin):
    def __init__(self) -> None:
        self.spec: APISpec | None = None
        self.seen: dict[str, str] = {}

    def init_spec(self, spec: APISpec) -> None:
        self.spec = spec

    @property
    def _components(self) -> Components:
        if self.spec is None:
            raise RuntimeError("ApiConventions is used before APISpec has registered it")
        return self.spec.components

    def operation_helper(self, path=None, operations=None, **kwargs):
        rule = kwargs.get("rule")
        for method, operation in (operations or {}).items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            if rule is not None:
                self._name(operation, operation_id(rule.endpoint, method), where)
            self._summarise(operation, where)
            operation.setdefault("security", SECURITY)
            self._declare_errors(operation)
            _form_fields_into_multipart(operation, self._schema)

    def _schema(self, schema: dict) -> dict:
        """A component schema's own definition (a request body's ``$ref``)."""
        ref = schema.get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        return self._components.schemas.get(name, schema) if ref else schema

    def _name(self, operation: dict, name: str, where: str) -> None:
        name = operation.setdefault("operationId", name)
        if self.seen.setdefault(name, where) != where:
            raise ValueError(f"operationId {name!r} of {where} is also {self.seen[name]}")

    @staticmethod
    def _summarise(operation: dict, where: str) -> None:
        summary = " ".join((operation.get("summary") or "").split())
        if not summary:
            raise MissingSummary(f"{where} has no summary: give its view a docstring")
        operation["summary"] = summary

    def _declare_errors(self, operation: dict) -> None:
        responses = operation.setdefault("responses", {})
        for name in DECLARED_ERRORS:
            status = str(_STATUS[name])
            responses.setdefault(status, self._components.get_ref("response", name))
        responses["default"] = self._components.get_ref("response", "DEFAULT_ERROR")


_STATUS = {"BAD_REQUEST": 400, "UNAUTHORIZED": 401, "FORBIDDEN": 403, "NOT_FOUND": 404, "CONFLICT": 409,
           "UNPROCESSABLE_ENTITY": 422}  # fmt: skip


def _form_fields_into_multipart(operation: dict, resolve) -> None:
    """An upload documented as files (the request body) plus form fields (Swagger
    2 ``formData`` parameters) becomes one multipart body holding both."""
    parameters = operation.get("parameters") or []
    form = [p for p in parameters if isinstance(p, dict) and p.get("in") == "formData"]
    if not form:
        return
    operation["parameters"] = [p for p in parameters if p not in form]
    if not operation["parameters"]:
        del operation["parameters"]
    body = operation.setdefault("requestBody", {"required": True, "content": {}})
    content = body["content"].setdefault(MULTIPART, {})
    files = resolve(content.get("schema") or {})
    properties = {**files.get("properties", {})}
    properties.update({p["name"]: {**p["schema"], **_described(p)} for p in form})
    required = [*files.get("required", []), *(p["name"] for p in form if p.get("required"))]
    content["schema"] = {"type": "object", "properties": properties}
    if required:
        content["schema"]["required"] = required


def _described(parameter: dict) -> dict:
    return {"description": parameter["description"]} if parameter.get("description") else {}
