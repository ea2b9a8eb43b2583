"""Ceilings in the market: waste-bank deposits, donations, stock movements
and cash for orders above the tenant's ceiling wait for a second person;
one satang (or unit) above is caught with nothing written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.ceilings import services as ceilings
from core.ceilings.models import HeldAction
from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from market.donations import services as donations
from market.models.donations import GoodsDonation
from market.orders import services as orders
from market.stock import commands
from market.wallet import services as wallet
from tests.market.orders.conftest import available, place, shop  # noqa: F401  (fixture)

BASE = "/t/khok-orders"


@pytest.fixture
def second(shop, make_member):  # noqa: F811
    return make_member(shop.tenant, "admin", display_name="Second Person")


def _held() -> list[HeldAction]:
    return list(db.session.scalars(sa.select(HeldAction).order_by(HeldAction.id)))


def test_a_waste_deposit_one_satang_above_the_ceiling_is_caught(shop):  # noqa: F811
    with tenant_context(shop.tenant.id):
        rate = wallet.set_rate("ขวดพลาสติก", 100, actor_id=shop.staff.id)  # ฿1 a kilogram
        db.session.commit()
        wallet.deposit(shop.household.id, rate.id, 2_000_000, idempotency_key="w-at-ceiling",
                       service_point_id=None, operator_id=shop.staff.id)  # ฿2,000.00: the default ceiling
        db.session.commit()
        with pytest.raises(ceilings.NeedsSecondPerson):
            wallet.deposit(shop.household.id, rate.id, 2_000_010, idempotency_key="w-one-satang-more",
                           service_point_id=None, operator_id=shop.staff.id)
        db.session.rollback()
        assert wallet.balance(shop.household.id) == 200_000


def test_ten_tonnes_of_recyclables_wait_for_a_second_person(shop, client, make_client, second):  # noqa: F811
    with tenant_context(shop.tenant.id):
        rate = wallet.set_rate("กระดาษ", 4000, actor_id=shop.staff.id)  # ฿40 a kilogram
        db.session.commit()
        code = shop.household.code
    client.login(shop.staff)
    r = client.post(f"{BASE}/market/wallet/", data={"household_code": code, "rate_id": str(rate.id),
                                                    "weight_grams": "10000000", "key": "ten-tonnes"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/ceilings/")
    with tenant_context(shop.tenant.id):
        [held] = _held()
        assert (held.kind, held.amount) == ("waste_deposit", 40_000_000)
        assert wallet.balance(shop.household.id) == 0
    assert make_client().login(second).post(f"{BASE}/ceilings/held/{held.id}/confirm").status_code == 302
    with tenant_context(shop.tenant.id):
        assert wallet.balance(shop.household.id) == 40_000_000
        assert ceilings.get(held.id).status == "confirmed"


def test_a_cash_donation_one_satang_above_is_held_and_writes_nothing(shop):  # noqa: F811
    with tenant_context(shop.tenant.id):
        transfer = {"method": "transfer", "reference": "KTB 77", "donor_name": "นายใจดี"}
        donations.record_cash({**transfer, "amount": "100000.00"}, token="don-token-000001",
                              actor_id=shop.staff.id)
        db.session.commit()
        with pytest.raises(ceilings.NeedsSecondPerson):
            donations.record_cash({**transfer, "amount": "100000.01"}, token="don-token-000002",
                                  actor_id=shop.staff.id)
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(GoodsDonation)) == 1
        with pytest.raises(ceilings.NeedsSecondPerson):  # cash in hand meets the cash ceiling (฿50,000) first
            donations.record_cash({"amount": "50000.01"}, token="don-token-000003", actor_id=shop.staff.id)
        db.session.rollback()


def test_a_stock_movement_above_the_ceiling_is_held_then_confirmed(shop, client, make_client, second):  # noqa: F811
    with tenant_context(shop.tenant.id):
        ceilings.update(db.session.get(Tenant, shop.tenant.id), {"stock_movement": 50}, actor_id=second.id)
        db.session.commit()
        data = {"centre_id": str(shop.centre.id), "item_id": str(shop.soap.id), "quantity": "50", "kind": "return"}
        commands.receipt(data, actor_id=shop.staff.id)
        db.session.commit()
        assert available(shop, shop.soap) == 70
    client.login(shop.staff)
    r = client.post(f"{BASE}/market/stock/receive", data={**data, "quantity": "51"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/ceilings/")
    with tenant_context(shop.tenant.id):
        assert available(shop, shop.soap) == 70
        [held] = _held()
    assert client.post(f"{BASE}/ceilings/held/{held.id}/confirm").status_code == 302  # the asker: refused
    with tenant_context(shop.tenant.id):
        assert available(shop, shop.soap) == 70
    make_client().login(second).post(f"{BASE}/ceilings/held/{held.id}/confirm")
    with tenant_context(shop.tenant.id):
        assert available(shop, shop.soap) == 121


def test_cash_for_an_order_above_the_ceiling_waits_then_is_received_once(shop, client, make_client, second):  # noqa: F811
    with tenant_context(shop.tenant.id):
        ceilings.update(db.session.get(Tenant, shop.tenant.id), {"cash_receipt": 3999}, actor_id=second.id)
        order = place(shop, {shop.oil.id: 1})  # ฿40.00, one satang above ฿39.99
        db.session.commit()
        order_id = order.id
    client.login(shop.staff)
    r = client.post(f"{BASE}/market/orders/{order_id}/cash", data={"token": "order-cash-000000001"})
    assert r.status_code == 302
    with tenant_context(shop.tenant.id):
        assert orders.get(order_id).due == 4000
        [held] = _held()
    confirmer = make_client().login(second)
    confirmer.post(f"{BASE}/ceilings/held/{held.id}/confirm")
    confirmer.post(f"{BASE}/ceilings/held/{held.id}/confirm")
    with tenant_context(shop.tenant.id):
        order = orders.get(order_id)
        [receipt] = orders.receipts_of(order)
        assert order.due == 0 and receipt.issued_by_user_id == shop.staff.id
