"""The demo's household log-in (README) starts the journey: its page shows
its coupons and the demo's seven days of slots read as seven days."""

from __future__ import annotations

import sqlalchemy as sa

from core import modules
from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant


def test_the_demo_household_sees_its_page_and_books_by_day(ctx, client, monkeypatch):
    import market.demo_coupons  # noqa: F401
    import market.demo_stock  # noqa: F401
    from core.auth.models import User
    from core.demo.load import load
    from market.models.rounds import Round

    only = {k: v for k, v in modules._DEMO.items() if k in ("market.0_stock", "market.coupons")}
    monkeypatch.setattr(modules, "_DEMO", only)
    load()
    db.session.commit()
    user = db.session.scalar(sa.select(User).where(User.email == "household@khoksai.demo"))
    client.login(user)
    html = client.get("/t/khok-sai/market/household").get_data(as_text=True)
    assert 'data-test="balance-coupons"' in html and 'data-test="not-linked"' not in html
    assert 'data-test="go-book"' in html or 'data-test="booking"' in html
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == "khok-sai"))
    with tenant_context(tenant.id):
        round_id = db.session.scalar(sa.select(Round.id).where(Round.status == "open").limit(1))
        db.session.rollback()
    book = client.get(f"/t/khok-sai/market/rounds/{round_id}/book").get_data(as_text=True)
    assert book.count('data-test="slot-day"') == 7 and book.count('name="slot_id"') == 7 * 12
