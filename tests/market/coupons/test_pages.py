"""Coupon pages as staff: programme, issue, cards, the redemption desk, QR."""

from __future__ import annotations

from datetime import timedelta

from core.db import db
from core.tenancy.context import tenant_context
from market.coupons import signing
from tests.factories.market import today


def test_programme_issue_cards_and_coupon_pages(market, client):
    client.login(market.staff)
    base = f"/t/{market.tenant.slug}/market/coupons"
    r = client.post(
        f"{base}/programmes/new", data={"name": "Rice help", "kind": "value", "value": "150"}
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    pid = int(r.headers["Location"].rstrip("/").split("/")[-1])
    r = client.post(
        f"{base}/programmes/{pid}/issue",
        data={
            "valid_from": today().isoformat(),
            "valid_until": (today() + timedelta(days=5)).isoformat(),
        },
    )
    assert r.status_code == 302
    assert client.get(f"{base}/programmes/{pid}").status_code == 200
    cards = client.get(f"{base}/programmes/{pid}/cards")
    assert cards.status_code == 200 and "<svg" in cards.get_data(as_text=True)
    assert client.get(f"{base}/").status_code == 200
    assert client.get(f"{base}/report?format=csv").status_code == 200
    assert client.get(f"{base}/keys").status_code == 403  # admins only


def test_redeem_desk_by_code_and_by_qr(market, client):
    c = market.coupon(10000)
    client.login(market.staff)
    base = f"/t/{market.tenant.slug}/market/coupons"
    r = client.post(
        f"{base}/redeem",
        data={
            "code": c.code.lower(),
            "amount": "40",
            "key": "desk-1",
            "service_point_id": str(market.point.id),
        },
    )
    assert r.status_code == 200 and 'data-test="redeemed"' in r.get_data(as_text=True)
    client.post(f"{base}/redeem", data={"code": c.code, "amount": "40", "key": "desk-1"})  # replay
    with tenant_context(market.tenant.id):
        db.session.refresh(c)
        assert c.balance_satang == 6000
        token = signing.token_for(c)
        db.session.commit()
    r = client.get(f"{base}/q/{token}")
    assert r.status_code == 302 and c.code in r.headers["Location"]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    r = client.get(f"{base}/q/{tampered}")
    assert r.status_code == 400 and 'data-code="coupon_bad_signature"' in r.get_data(as_text=True)
    r = client.post(f"{base}/redeem", data={"code": c.code, "amount": "999", "key": "desk-2"})
    assert 'data-code="coupon_insufficient_balance"' in r.get_data(as_text=True)
    r = client.post(f"{base}/redeem", data={"code": c.code, "amount": "-5", "key": "desk-3"})
    assert r.status_code < 500


def test_a_volunteer_cannot_manage_programmes(market, client, make_member):
    volunteer = make_member(market.tenant, "volunteer")
    client.login(volunteer)
    base = f"/t/{market.tenant.slug}/market/coupons"
    assert client.get(f"{base}/programmes/new").status_code == 403
    assert client.get(f"{base}/redeem").status_code == 200


def test_household_sees_its_own_coupons_and_credit(market, client, make_member):
    import sqlalchemy as sa

    from core.registry.models import Person

    c = market.coupon(7500)
    member = make_member(market.tenant, "household")
    with tenant_context(market.tenant.id):
        person = db.session.scalar(
            sa.select(Person).where(Person.household_id == market.household.id)
        )
        person.user_id = member.id
        db.session.commit()
    client.login(member)
    page = client.get(f"/t/{market.tenant.slug}/market/coupons/mine")
    assert page.status_code == 200 and c.code[:5] in page.get_data(as_text=True)
    assert (
        client.get(f"/t/{market.tenant.slug}/market/coupons/{c.id}").status_code == 403
    )  # staff pages


def test_report_shows_redemptions_per_day(market, client):
    from market.coupons import services

    c = market.coupon(5000)
    with tenant_context(market.tenant.id):
        services.redeem(
            c.id, 1200, idempotency_key="r", service_point_id=None, operator_id=None, ref="t"
        )
        db.session.commit()
    client.login(market.staff)
    html = client.get(f"/t/{market.tenant.slug}/market/coupons/report").get_data(as_text=True)
    assert 'data-test="redemptions-by-day"' in html and "12.00" in html
