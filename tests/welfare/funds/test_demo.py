"""The Khok Sai demo fund: loaded with the rest of the demo, idempotent."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.demo.load import load
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from welfare.funds import queries
from welfare.models.funds import BudgetLine, Fund
from welfare.models.governance import Disbursement, Resolution, Signatory


def test_demo_fund_is_seeded_once(ctx):
    load()
    db.session.commit()
    load()
    db.session.commit()
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == "khok-sai"))
    with tenant_context(tenant.id):
        fund = db.session.scalar(sa.select(Fund))
        assert db.session.scalar(sa.select(sa.func.count(Fund.id))) == 1
        assert queries.balances(fund)["bank"] == 27_000_00
        assert sorted(db.session.scalars(sa.select(BudgetLine.amount_satang))) == [147_000_00, 553_000_00]
        assert db.session.scalar(sa.select(sa.func.count(Signatory.id))) == 3
        resolution = db.session.scalar(sa.select(Resolution))
        assert resolution.used_satang == 5_000_00
        assert db.session.scalar(sa.select(Disbursement.status)) == "pending"
