"""A refused market form is shown again with the refusal at its field, which
says it is in error (``aria-invalid``) and names the message next to it."""

from __future__ import annotations

import pytest

from core.tenancy.context import set_tenant
from tests.fields import error_at, no_error_at


@pytest.fixture
def staff(shop, make_member):
    user = make_member(shop.tenant, "staff")
    set_tenant(shop.tenant.id)
    return user


def url(shop, path: str) -> str:
    return f"/t/{shop.tenant.slug}/market{path}"


def test_a_bad_quantity_received_is_refused_at_the_quantity(client, shop, staff):
    client.login(staff)
    r = client.post(url(shop, "/stock/receive"), data={
        "kind": "purchase", "centre_id": shop.centre.id, "item_id": shop.rice.id, "quantity": "abc", "party": "x"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert error_at(page, "quantity")
    no_error_at(page, "unit_cost")
    assert 'value="abc"' in page  # what was typed is shown again


def test_an_item_with_a_price_that_is_no_amount_is_refused_at_the_price(client, shop, staff):
    client.login(staff)
    r = client.post(url(shop, "/items/new"), data={
        "name_th": "น้ำปลา", "unit": "ขวด", "price": "สิบห้า", "cost": "18.50", "active": "y"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert error_at(page, "price")
    no_error_at(page, "cost")


def test_a_centre_checking_in_too_early_is_refused_at_those_minutes(client, shop, staff):
    client.login(staff)
    r = client.post(url(shop, f"/centres/{shop.centre.id}/edit"), data={
        "name": "ศูนย์ทดสอบ", "active": "y", "checkin_before_minutes": "1000"})
    assert r.status_code == 422
    assert "720" in error_at(r.get_data(as_text=True), "checkin_before_minutes")
