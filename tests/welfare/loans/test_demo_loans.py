"""The demo loans load on top of the demo fund, agree with the ledger and
load once."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.demo.load import load
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from welfare.funds import accounts
from welfare.models.funds import Fund
from welfare.models.loans import Loan


def test_demo_loans(ctx):
    load()
    db.session.commit()
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == "khok-sai"))
    with tenant_context(tenant.id):
        loans = db.session.scalars(sa.select(Loan)).all()
        assert len(loans) == 3 and {loan.status for loan in loans} == {"active"}
        fund = db.session.get(Fund, loans[0].fund_id)
        assert accounts.balance(fund, "loans_receivable") == sum(
            loan.outstanding_satang for loan in loans
        )
    load()
    db.session.commit()
    with tenant_context(tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Loan)) == 3
