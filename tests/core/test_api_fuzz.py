"""Schemathesis against our own /api/v1/openapi.json: for every operation,
requests generated from the schema (valid and not) with a token holding every
role in the tenant never get a server error."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import ALL_ROLES

SLUG = "fuzz"
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "8"))


@pytest.fixture
def bearer(make_tenant, make_member, make_household):
    from core.auth.tokens import create_token

    tenant = make_tenant(slug=SLUG)
    make_household(tenant, members=2)
    user = make_member(tenant, *ALL_ROLES)
    with tenant_context(tenant.id):
        _row, plain = create_token(user, tenant, "fuzz")
        db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def test_no_api_operation_answers_with_a_server_error(app, bearer):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=operation.as_strategy())
        def run(case):
            if "slug" in (case.path_parameters or {}):
                case.path_parameters["slug"] = SLUG
            case.call_and_validate(headers=bearer, checks=[not_a_server_error])

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            failures.append(
                f"{operation.method.upper()} {operation.path}: {str(exc).splitlines()[0][:300]}"
            )
    assert operations > 20
    assert not failures, f"{len(failures)} of {operations} operations failed:\n" + "\n".join(
        failures
    )
