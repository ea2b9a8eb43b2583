"""Coupon look-up is limited per client, on the desk page, by scanned QR and
in the API, on top of the per-operator lock on wrong codes: the limit counts
right codes too, and answers in Thai (JSON in the API)."""

from __future__ import annotations

import pytest

from tests.rate_limits import (
    assert_limited_json,
    assert_limited_page,
    until_limited,
)

pytestmark = pytest.mark.usefixtures("limits_on")


def test_the_redeem_desk_look_up_is_limited(market, client):
    code = market.coupon().code
    url = f"/t/{market.tenant.slug}/market/coupons/redeem"
    client.login(market.staff)
    blocked = until_limited(lambda i: client.get(url, query_string={"code": code}), 60)
    assert_limited_page(blocked)


def test_scanned_coupon_tokens_are_limited(market, client):
    url = f"/t/{market.tenant.slug}/market/coupons/q/AAAA{{}}.k1.forged"
    client.login(market.staff)
    assert_limited_page(until_limited(lambda i: client.get(url.format(i)), 60))


def test_the_api_look_up_is_limited(market, client):
    code = market.coupon().code
    url = f"/api/v1/t/{market.tenant.slug}/market/coupons/lookup"
    client.login(market.staff)
    blocked = until_limited(lambda i: client.post(url, json={"code": code}), 60)
    assert_limited_json(blocked)
