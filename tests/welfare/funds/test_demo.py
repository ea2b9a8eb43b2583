"""The Khok Sai demo fund seed, on its own (the full demo load runs every
part's seed): idempotent, with the tranche, budget, resolution and a request."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.tenancy.context import tenant_context
from welfare import demo_funds
from welfare.funds import queries
from welfare.models.funds import BudgetLine, Fund
from welfare.models.governance import Disbursement, Resolution, Signatory


def test_demo_fund_is_seeded_once(ctx, make_tenant, make_member):
    tenant = make_tenant(slug="khok-sai")
    make_member(tenant, "fund_manager", email="fund-manager@khoksai.demo")
    make_member(tenant, "signatory", email="signatory@khoksai.demo")
    assert "27,000" in demo_funds.seed()
    db.session.commit()
    assert demo_funds.seed() == ""
    db.session.commit()
    with tenant_context(tenant.id):
        fund = db.session.scalar(sa.select(Fund))
        assert db.session.scalar(sa.select(sa.func.count(Fund.id))) == 1
        assert fund.public and fund.requires_minutes  # its resolution was used: minutes attached
        assert queries.balances(fund)["bank"] == 27_000_00
        assert sorted(db.session.scalars(sa.select(BudgetLine.amount_satang))) == [147_000_00, 553_000_00]
        assert db.session.scalar(sa.select(sa.func.count(Signatory.id))) == 3
        assert db.session.scalar(sa.select(Resolution.used_satang)) == 5_000_00
        assert db.session.scalar(sa.select(Disbursement.status)) == "pending"


def test_demo_seed_without_the_tenant_is_a_no_op(ctx):
    assert demo_funds.seed() == ""
