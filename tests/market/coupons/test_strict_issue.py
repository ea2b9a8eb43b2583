"""Coupons strict: unknown households are named and nothing is issued;
validity that has already ended is refused; money comes in as integers only."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core.db import db
from core.ledger.models import JournalEntry
from core.tenancy.context import tenant_context
from market.models.coupons import Coupon
from tests.factories.market import today


def _coupons(tenant_id: int) -> int:
    with tenant_context(tenant_id):
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Coupon))
        db.session.rollback()
        return count


def _entries(tenant_id: int) -> int:
    with tenant_context(tenant_id):
        count = db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry))
        db.session.rollback()
        return count


def _issue(client, market, **body):
    body.setdefault("valid_from", today().isoformat())
    body.setdefault("valid_until", (today() + timedelta(days=3)).isoformat())
    return client.post(
        f"/api/v1/t/{market.tenant.slug}/market/programmes/{market.programme.id}/issue", json=body
    )


def test_unknown_household_ids_are_each_named_and_nothing_is_issued(
    market, client, make_tenant, make_household
):
    stranger = make_household(make_tenant(slug="elsewhere"), members=1)  # another tenant's
    client.login(market.staff)
    entries = _entries(market.tenant.id)
    r = _issue(client, market, household_ids=[market.household.id, 987654, stranger.id, 987654])
    assert r.status_code == 422, r.get_json()
    error = r.get_json()["error"]
    assert error["code"] == "unknown_households" and error["field"] == "household_ids"
    assert error["details"]["unknown_household_ids"] == sorted({987654, stranger.id})
    assert "987654" in error["message"] and str(stranger.id) in error["message"]
    assert _coupons(market.tenant.id) == 0  # not even the known household's
    assert _entries(market.tenant.id) == entries

    r = _issue(client, market, household_ids=[market.household.id, market.household.id])
    assert r.status_code == 201 and len(r.get_json()["issued"]) == 1
    assert _coupons(market.tenant.id) == 1


def test_unknown_ids_message_in_thai(market, client):
    client.login(market.staff)
    r = client.post(
        f"/api/v1/t/{market.tenant.slug}/market/programmes/{market.programme.id}/issue",
        json={"valid_from": today().isoformat(), "valid_until": today().isoformat(),
              "household_ids": [424242]},
    )
    assert r.status_code == 422
    message = r.get_json()["error"]["message"]
    assert "424242" in message and "ครัวเรือน" in message


def test_validity_that_ended_before_today_is_refused_at_issue(market, client):
    client.login(market.staff)
    yesterday = today() - timedelta(days=1)
    r = _issue(client, market, valid_from=(yesterday - timedelta(days=5)).isoformat(),
               valid_until=yesterday.isoformat())
    assert r.status_code == 422
    assert r.get_json()["error"]["code"] == "validity_passed"
    assert r.get_json()["error"]["field"] == "valid_until"
    assert _coupons(market.tenant.id) == 0
    # the last valid day may be today
    r = _issue(client, market, valid_from=yesterday.isoformat(), valid_until=today().isoformat())
    assert r.status_code == 201 and len(r.get_json()["issued"]) == 1


def test_the_issue_form_shows_a_passed_validity_beside_the_field(market, client):
    client.login(market.staff)
    base = f"/t/{market.tenant.slug}/market/coupons"
    yesterday = (today() - timedelta(days=1)).isoformat()
    r = client.post(
        f"{base}/programmes/{market.programme.id}/issue",
        data={"valid_from": yesterday, "valid_until": yesterday},
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 422
    assert "ผ่านไปแล้ว" in page and 'data-test="issue-error"' in page
    assert f'value="{yesterday}"' in page  # what was typed is kept
    assert _coupons(market.tenant.id) == 0


def test_money_as_text_or_a_fraction_is_refused_with_422(market, client):
    c = market.coupon(10000)
    client.login(market.staff)
    base = f"/api/v1/t/{market.tenant.slug}/market"
    for amount in ("10", 10.5, True, "1e3"):
        r = client.post(
            f"{base}/coupons/{c.id}/redeem",
            json={"amount_satang": amount, "idempotency_key": f"k-{amount}"},
        )
        assert r.status_code == 422, (amount, r.get_json())
        assert "amount_satang" in str(r.get_json()["error"]["fields"])
    r = client.post(f"{base}/programmes", json={"name": "Text", "value_satang": "100"})
    assert r.status_code == 422
    assert client.get(f"{base}/coupons/{c.id}").get_json()["balance_satang"] == 10000
    ok = client.post(f"{base}/coupons/{c.id}/redeem", json={"amount_satang": 10, "idempotency_key": "ok"})
    assert ok.status_code == 201
