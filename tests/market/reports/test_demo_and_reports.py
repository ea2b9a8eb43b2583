"""The demo orders serve every household once (so the beneficiary report
reproduces the registry's villages, households and people), idempotently."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.ledger import queries as ledger_queries
from core.registry.models import Household, Person
from core.tenancy.context import tenant_context
from market import demo_orders
from market.models.orders import Delivery, Order
from market.reports import charts, queries


def test_demo_orders_serve_every_household_and_the_report_counts_them(shop, make_household):
    for _ in range(3):
        make_household(shop.tenant, members=2)
    shop.coupon()
    with tenant_context(shop.tenant.id):
        summary = demo_orders._seed()
        db.session.commit()
        assert summary.startswith("market orders:")
        households = db.session.scalar(sa.select(sa.func.count()).select_from(Household))
        people = db.session.scalar(sa.select(sa.func.count()).select_from(Person))
        villages = db.session.scalar(sa.select(sa.func.count(sa.distinct(Household.village_id))))
        rounds, total = queries.beneficiaries_by_round()
        assert (total.villages, total.households, total.people) == (villages, households, people)
        assert rounds[0].households == households
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Delivery)) > 0
        assert ledger_queries.trial_balance().balanced and ledger_queries.verify_balances() == []
        before = db.session.scalar(sa.select(sa.func.count()).select_from(Order))
        assert demo_orders._seed() == ""
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == before
        sales = queries.sales()
        assert sales.total == sales.coupon + sales.money > 0


def test_chart_escapes_labels():
    svg = str(charts.bars([("<script>", 5), ("ข้าว", 10)], title="t<"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and svg.startswith("<svg")
    assert str(charts.bars([], title="empty")).startswith("<svg")
