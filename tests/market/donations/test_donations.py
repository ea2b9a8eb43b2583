"""Donations: cash by staff with a receipt, online through core.payments,
goods in kind into stock; the public page shows totals and no personal data."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import queries as ledger_queries
from core.payments.models import Payment
from core.tenancy.context import set_tenant
from market.catalog.parsing import InvalidNumber
from market.donations import queries, services
from market.models.donations import GoodsDonation
from market.stock import services as stock


def url(shop, path):
    return f"/t/{shop.tenant.slug}/market{path}"


def test_cash_by_staff_issues_a_receipt_and_posts_the_ledger(shop, staff):
    donation = services.record_cash(
        {"amount": "1,500", "donor_name": "คุณสมศรี ใจดี", "method": "cash"},
        token="a" * 20,
        actor_id=staff.id,
    )
    assert (donation.status, donation.amount_satang, donation.kind) == ("received", 150000, "cash")
    assert donation.receipt_id is not None
    payment = db.session.get(Payment, donation.payment_id)
    assert payment.purpose == f"market.donation:{donation.id}" and payment.status == "succeeded"
    assert services.cash_account().balance == 150000
    assert ledger_queries.verify_balances() == []


def test_double_submit_of_a_cash_donation_records_one(shop, staff):
    first = services.record_cash({"amount": "100"}, token="b" * 20, actor_id=staff.id)
    db.session.commit()
    second = services.record_cash({"amount": "100"}, token="b" * 20, actor_id=staff.id)
    db.session.commit()
    assert first.id == second.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GoodsDonation)) == 1


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "", "999999999999"])
def test_bad_amounts_refused(shop, staff, amount):
    with pytest.raises(Exception) as info:
        services.record_cash({"amount": amount}, token="c" * 20, actor_id=staff.id)
    from core.errors import ValidationError

    assert isinstance(info.value, ValidationError)


def test_in_kind_goes_into_stock_at_the_donors_value(shop, staff):
    donation = services.record_in_kind(
        {"centre_id": str(shop.centre.id), "anonymous": "y", "donor_name": "ไม่แสดง"},
        [
            {"item_id": str(shop.rice.id), "quantity": "10", "unit_value": "140"},
            {"item_id": "", "quantity": "", "unit_value": ""},
        ],
        actor_id=staff.id,
    )
    assert donation.donor_name is None and donation.amount_satang == 140000
    assert stock.available(shop.centre.id, shop.rice.id) == 10
    assert [line.movement_id is not None for line in donation.lines] == [True]
    assert ledger_queries.verify_balances() == []


def test_in_kind_with_no_lines_or_bad_quantity_writes_nothing(shop, staff):
    with pytest.raises(services.NoLines):
        services.record_in_kind({"centre_id": str(shop.centre.id)}, [], actor_id=staff.id)
    with pytest.raises(InvalidNumber):
        services.record_in_kind(
            {"centre_id": str(shop.centre.id)},
            [{"item_id": str(shop.rice.id), "quantity": "-2"}],
            actor_id=staff.id,
        )
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GoodsDonation)) == 0


def test_online_donation_completes_on_payment(client, shop):
    page = client.get(url(shop, "/donate"))
    assert page.status_code == 200
    response = client.post(
        url(shop, "/donate"), data={"amount": "250", "donor_name": "นายใจบุญ", "method": "fake"}
    )
    assert response.status_code == 302
    checkout = response.headers["Location"]
    assert "/payments/" in checkout
    set_tenant(shop.tenant.id)
    donation = db.session.scalar(sa.select(GoodsDonation))
    assert (donation.status, donation.channel) == ("pending", "online")
    response = client.post(checkout, data={"outcome": "pay"})
    assert response.status_code == 302
    set_tenant(shop.tenant.id)
    db.session.expire_all()
    donation = db.session.scalar(sa.select(GoodsDonation))
    assert donation.status == "received" and donation.receipt_id is not None
    assert services.cash_account().balance == 25000
    assert ledger_queries.verify_balances() == []


def test_public_page_shows_totals_and_what_was_bought_but_no_names(client, shop, staff):
    from core.registry.models import Person

    services.record_cash(
        {"amount": "1000", "donor_name": "คุณสมศรี ใจดี"}, token="d" * 20, actor_id=staff.id
    )
    services.record_in_kind(
        {"centre_id": str(shop.centre.id), "donor_name": "ร้านทองเจริญ"},
        [{"item_id": str(shop.eggs.id), "quantity": "5", "unit_value": "100"}],
        actor_id=staff.id,
    )
    stock.receive(
        shop.centre.id,
        shop.rice.id,
        4,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=staff.id,
        party="ร้านค้าส่งสมชาย",
        funded_by_donations=True,
    )
    db.session.commit()
    figures = queries.transparency()
    assert (figures.cash_total, figures.in_kind_total, figures.bought_total) == (
        100000,
        50000,
        60000,
    )
    html = client.get(url(shop, "/donations/public")).get_data(as_text=True)
    assert "ข้าวสาร 5 กก." in html and "฿600.00" in html and "฿1,500.00" in html
    for secret in ("สมศรี", "ทองเจริญ", "สมชาย"):
        assert secret not in html
    assert not re.search(r"\b0\d{8,9}\b", html)  # no phone numbers
    assert Person  # the registry is never read by the page


def test_staff_pages_and_permissions(client, shop, staff, make_member):
    client.login(staff)
    for path in ("/donations", "/donations/cash", "/donations/in-kind"):
        assert client.get(url(shop, path)).status_code == 200, path
    r = client.post(
        url(shop, "/donations/cash"), data={"amount": "20", "token": "e" * 20, "method": "cash"}
    )
    assert r.status_code == 302
    assert client.get(r.headers["Location"]).status_code == 200
    household = make_member(shop.tenant, "household")
    set_tenant(shop.tenant.id)
    client.login(household)
    assert client.get(url(shop, "/donations")).status_code == 403
    assert client.post(url(shop, "/donations/cash"), data={"amount": "20"}).status_code == 403
