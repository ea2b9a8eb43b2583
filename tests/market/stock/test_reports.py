"""Stock valuation, movements and donations reports with CSV."""

from __future__ import annotations

from core.db import db
from core.tenancy.context import set_tenant
from market.donations import services as donations
from market.stock import services


def test_reports_and_csv(client, shop, make_member):
    staff = make_member(shop.tenant, "staff")
    set_tenant(shop.tenant.id)
    services.receive(
        shop.centre.id,
        shop.rice.id,
        3,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
        party="=cmd",
    )
    donations.record_cash({"amount": "50", "donor_name": "ผู้ให้"}, token="f" * 20, actor_id=staff.id)
    db.session.commit()
    client.login(staff)
    base = f"/t/{shop.tenant.slug}/market/stock/reports"
    html = client.get(base).get_data(as_text=True)
    assert "฿450.00" in html
    assert client.get(base + "?start=junk&end=2026-13-45").status_code == 200
    assert 'data-test="stock-chart"' in html
    csv = client.get(base + "/valuation.csv").get_data(as_text=True)
    assert "ข้าวสาร 5 กก.,ถุง,3,0,150.00,450.00" in csv
    movements = client.get(base + "/movements.csv").get_data(as_text=True)
    assert "purchase,3,450.00" in movements and ",'=cmd," in movements  # no formula injection
    assert "50.00" in client.get(base + "/donations.csv").get_data(as_text=True)
    household = make_member(shop.tenant, "household")
    set_tenant(shop.tenant.id)
    client.login(household)
    assert client.get(base + "/valuation.csv").status_code == 403
