"""No fake money: with no payment provider set up and the fake gateway not
switched on (production's default), an anonymous visitor who posts the
donation form, forged or not, gets a clear refusal and nothing is written:
no donation, no payment, no journal entry, public totals unchanged."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger.models import JournalEntry
from core.payments import gateway
from core.payments.models import Payment
from core.tenancy.context import set_tenant, tenant_context
from market.donations import queries
from market.models.donations import GoodsDonation
from tests.core.payments.methods import with_own_promptpay


@pytest.fixture
def production(app, monkeypatch):
    """The config production runs with: no fake gateway."""
    monkeypatch.setitem(app.config, "PAYMENTS_FAKE_GATEWAY", False)


def url(shop, path):
    return f"/t/{shop.tenant.slug}/market{path}"


def _counts(shop):
    with tenant_context(shop.tenant.id):
        counts = (
            db.session.scalar(sa.select(sa.func.count()).select_from(GoodsDonation)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Payment)),
            db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)),
            queries.transparency().cash_total,
        )
        db.session.rollback()
        return counts


def test_the_page_offers_no_way_to_pay_when_nothing_is_set_up(client, shop, production):
    html = client.get(url(shop, "/donate")).get_data(as_text=True)
    assert 'data-test="no-online-payment"' in html
    assert 'name="method"' not in html and 'name="amount"' not in html


@pytest.mark.parametrize("method", ["fake", "promptpay", "card", "", "cash"])
def test_a_forged_donation_is_refused_and_writes_nothing(client, shop, production, method):
    before = _counts(shop)
    response = client.post(url(shop, "/donate"), data={"amount": "500000", "method": method})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "ไม่ได้รับชำระเงินด้วยวิธีนี้" in html  # the refusal, in Thai
    assert _counts(shop) == before == (0, 0, 0, 0)


def test_a_fake_checkout_link_dies_with_the_switch(client, shop, app, monkeypatch):
    """A fake payment made while the switch was on (a demo) cannot be
    "paid" once it is off: its page is gone and nothing is counted."""
    response = client.post(url(shop, "/donate"), data={"amount": "500000", "method": "fake"})
    checkout = response.headers["Location"]
    monkeypatch.setitem(app.config, "PAYMENTS_FAKE_GATEWAY", False)
    assert client.get(checkout).status_code == 404
    assert client.post(checkout, data={"outcome": "pay"}).status_code == 404
    with tenant_context(shop.tenant.id):
        assert db.session.scalar(sa.select(Payment.status)) == "pending"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 0
        assert queries.transparency().cash_total == 0


def test_no_fake_payment_can_be_created_without_the_switch(shop, production):
    from core.ledger.services import get_or_create_account
    from core.money import Money
    from core.payments import services

    set_tenant(shop.tenant.id)
    account = get_or_create_account("general", "4220", "รับบริจาค", "Donations", "income")
    with pytest.raises(gateway.MethodNotOffered):
        services.create_payment(purpose="market.donation:1", amount=Money(50_000_000), method="fake",
                                credit_account=account, idempotency_key="forged")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 0


def test_with_its_own_promptpay_only_promptpay_is_offered_and_nothing_is_counted_before_the_bank(
    client, shop, production
):
    with_own_promptpay(shop.tenant.id)
    html = client.get(url(shop, "/donate")).get_data(as_text=True)
    assert 'value="promptpay"' in html and 'value="card"' not in html and 'value="fake"' not in html
    refused = client.post(url(shop, "/donate"), data={"amount": "500000", "method": "card"})
    assert refused.status_code == 422
    assert _counts(shop) == (0, 0, 0, 0)
    response = client.post(url(shop, "/donate"), data={"amount": "250", "method": "promptpay"})
    assert response.status_code == 200
    assert 'data-test="promptpay-qr"' in response.get_data(as_text=True)
    with tenant_context(shop.tenant.id):
        payment = db.session.scalar(sa.select(Payment))
        assert (payment.status, payment.provider, payment.amount) == ("pending", "manual", 25000)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 0
        assert queries.transparency().cash_total == 0  # counted when the bank line arrives


@pytest.mark.parametrize("target", ["//evil.example", "/%09/evil.example", "/\\evil", "https://evil.example/"])
def test_the_fake_checkout_sends_nobody_off_site(client, shop, target):
    from urllib.parse import parse_qs, urlencode, urlsplit

    response = client.post(url(shop, "/donate"), data={"amount": "100", "method": "fake"})
    checkout = urlsplit(response.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(checkout.query).items()} | {"next": target}
    answer = client.post(f"{checkout.path}?{urlencode(query)}", data={"outcome": "pay"})
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")) and "evil" not in location
