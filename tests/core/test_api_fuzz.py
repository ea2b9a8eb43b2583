"""Schemathesis against our own /api/v1/openapi.json, as served by the app
under test (on PostgreSQL: the plain role that row-level security binds),
with every check it has and a token holding every role in the tenant: no
server error, every response (errors included) as the document declares it,
authentication enforced where the document asks for it.

One setting is ours: schema-valid input may still be refused with 400 (text
with invisible control characters, refused at the door) or 409/422 (rules a
schema cannot say: national ID check digits, stock on hand, a loan's state),
so ``positive_data_acceptance`` accepts those besides 2xx/401/403/404.

Deterministic (derandomised, no example database) and bounded by
``API_FUZZ_EXAMPLES`` examples per operation (default 3)."""

from __future__ import annotations

import contextvars
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.config import SchemathesisConfig

from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import ALL_ROLES

SLUG = "fuzz"
EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "3"))
CONFIG = {
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "422"],
        },
    },
}


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


def _fuzz(schema, bearer) -> tuple[int, list[str]]:
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=operation.as_strategy())
        def run(case):
            if "slug" in (case.path_parameters or {}):
                case.path_parameters["slug"] = SLUG
            case.call_and_validate(headers=bearer)  # every check

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            for failure in getattr(exc, "exceptions", [exc]):
                first = str(failure).strip().splitlines()[:3]
                failures.append(f"{operation.method.upper()} {operation.path}: "
                                f"{type(failure).__name__}: {' | '.join(first)[:400]}")  # fmt: skip
    return operations, failures


def test_the_live_document_holds_under_every_schemathesis_check(app, bearer):
    config = SchemathesisConfig.from_dict(CONFIG)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    # Each request in its own application context, as in production (the
    # test's own context would otherwise carry one request's user into the next).
    operations, failures = contextvars.Context().run(_fuzz, schema, bearer)
    assert operations > 200
    assert not failures, f"{len(failures)} failures in {operations} operations:\n" + "\n".join(
        failures
    )
