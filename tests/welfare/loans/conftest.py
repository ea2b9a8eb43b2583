"""A fund ready to lend: cash from a grant, three signatories (2 of 3), a
meeting with a loan resolution, a product and a borrower."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from core import clock
from core.db import db
from core.tenancy.context import tenant_context
from tests.factories.welfare import fund_cash, make_fund


@dataclass
class World:
    tenant: object
    fund: object
    manager: object
    signatories: list
    meeting: object
    resolution: object
    product: object
    borrower: object
    guarantor: object


def resolution(world, kind: str, cap: int, valid_until=None):
    from welfare.governance import services as governance

    return governance.create_resolution(
        meeting_id=world.meeting.id,
        kind=kind,
        amount_cap_satang=cap,
        purpose=f"{kind} resolution",
        valid_until=valid_until,
    )


@pytest.fixture
def make_world(ctx, make_tenant, make_member, make_person):
    def make(
        *,
        method="flat",
        rate=1200,
        fee=5_000,
        term=6,
        frequency="monthly",
        grace=0,
        cash=10_000_000,
        cap=5_000_000,
        order="fee,interest,principal",
        strategy="installment",
    ):
        from welfare.governance import services as governance
        from welfare.loans import services

        tenant = make_tenant()
        manager = make_member(tenant, "fund_manager")
        signatories = [make_member(tenant, "signatory") for _ in range(3)]
        borrower = make_person(tenant)
        guarantor = make_person(tenant)
        with tenant_context(tenant.id):
            fund = make_fund(name="กองทุนหมุนเวียน", kind="revolving")
            for user in signatories:
                governance.add_signatory(
                    fund_id=fund.id,
                    user_id=user.id,
                    valid_from=clock.today() - timedelta(days=30),
                    tenant_id=tenant.id,
                )
            fund_cash(fund, cash)
            meeting = governance.create_meeting(
                fund_id=fund.id,
                held_on=clock.today(),
                kind="committee",
                title="ประชุมกรรมการ",
                attendee_count=5,
                eligible_count=7,
            )
            world = World(
                tenant, fund, manager, signatories, meeting, None, None, borrower, guarantor
            )
            world.resolution = resolution(world, "loan", cap)
            world.product = services.create_product(
                fund_id=fund.id,
                name="ทุนประกอบอาชีพ",
                method=method,
                annual_rate_bp=0 if method == "zero" else rate,
                fee_satang=fee,
                term=term,
                frequency=frequency,
                grace=grace,
                allocation_order=order,
                allocation_strategy=strategy,
            )
            db.session.commit()
        return world

    return make


@pytest.fixture
def world(make_world):
    return make_world()
