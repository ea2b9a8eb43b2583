"""A consumer's reservation page, opened by its unguessable token without
logging in, is limited per client."""

from __future__ import annotations

import pytest

from tests.rate_limits import (
    assert_limited_page,
    until_limited,
)

pytestmark = pytest.mark.usefixtures("limits_on")


def test_reservation_tokens_are_limited(make_tenant, make_client):
    tenant = make_tenant(slug="farm-test")
    url = f"/t/{tenant.slug}/producers/reservation/{{:032d}}"
    visitor = make_client()
    assert_limited_page(until_limited(lambda i: visitor.get(url.format(i)), 60))
