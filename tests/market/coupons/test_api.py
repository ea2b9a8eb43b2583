"""JSON API for programmes, coupons, redemptions and the waste-bank credit."""

from __future__ import annotations

from datetime import timedelta

from tests.factories.market import today


def test_programme_issue_and_redeem_through_the_api(market, client, make_member):
    client.login(market.staff)
    base = f"/api/v1/t/{market.tenant.slug}/market"
    r = client.post(
        f"{base}/programmes", json={"name": "API help", "kind": "value", "value_satang": 20000}
    )
    assert r.status_code == 201, r.get_json()
    pid = r.get_json()["id"]
    r = client.post(
        f"{base}/programmes/{pid}/issue",
        json={
            "valid_from": today().isoformat(),
            "valid_until": (today() + timedelta(days=3)).isoformat(),
        },
    )
    assert r.status_code == 201 and len(r.get_json()["issued"]) == 1
    coupon_id = r.get_json()["issued"][0]
    body = {"amount_satang": 5000, "idempotency_key": "api-1", "service_point_id": market.point.id}
    first = client.post(f"{base}/coupons/{coupon_id}/redeem", json=body)
    again = client.post(f"{base}/coupons/{coupon_id}/redeem", json=body)
    assert first.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    over = client.post(
        f"{base}/coupons/{coupon_id}/redeem", json={"amount_satang": 999999, "idempotency_key": "x"}
    )
    assert (
        over.status_code == 409
        and over.get_json()["error"]["code"] == "coupon_insufficient_balance"
    )
    bad = client.post(
        f"{base}/coupons/{coupon_id}/redeem", json={"amount_satang": -1, "idempotency_key": "y"}
    )
    assert bad.status_code == 422
    assert client.get(f"{base}/coupons/{coupon_id}").get_json()["balance_satang"] == 15000
    rows = client.get(f"{base}/reports/coupons").get_json()
    assert rows[0]["redeemed_satang"] == 5000
    volunteer = make_member(market.tenant, "volunteer")
    client.login(volunteer)
    assert (
        client.post(f"{base}/programmes", json={"name": "x", "value_satang": 1}).status_code == 403
    )


def test_a_coupon_of_another_tenant_through_the_api(market, client, make_tenant, make_member):
    c = market.coupon(5000)
    other = make_tenant()
    client.login(make_member(other, "staff"))
    base = f"/api/v1/t/{other.slug}/market"
    r = client.post(f"{base}/coupons/lookup", json={"code": c.code})
    assert r.status_code == 403 and r.get_json()["error"]["code"] == "not_this_tenant"
    r = client.post(
        f"{base}/coupons/{c.id}/redeem", json={"amount_satang": 100, "idempotency_key": "z"}
    )
    assert r.status_code == 404  # an id of another tenant is simply not found


def test_wallet_through_the_api(market, client):
    client.login(market.staff)
    base = f"/api/v1/t/{market.tenant.slug}/market/wallet"
    rate = client.post(
        f"{base}/rates", json={"material": "กระป๋อง", "satang_per_kg": 3000}
    ).get_json()
    r = client.post(
        f"{base}/deposits",
        json={
            "household_id": market.household.id,
            "rate_id": rate["id"],
            "weight_grams": 1000,
            "idempotency_key": "d1",
        },
    )
    assert r.status_code == 201
    r = client.post(
        f"{base}/spends",
        json={"household_id": market.household.id, "amount_satang": 5000, "idempotency_key": "s1"},
    )
    assert r.status_code == 409 and r.get_json()["error"]["code"] == "wallet_insufficient"
    r = client.post(
        f"{base}/spends",
        json={"household_id": market.household.id, "amount_satang": 2000, "idempotency_key": "s2"},
    )
    assert r.status_code == 201
    assert (
        client.get(f"{base}/households/{market.household.id}").get_json()["balance_satang"] == 1000
    )
