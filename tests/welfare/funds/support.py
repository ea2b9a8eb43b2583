"""Arrange a fund ready to pay: a tenant, a manager, three signatories, a
meeting with a resolution, and cash in the fund's book."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from core.db import db
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.factories.welfare import fund_cash, make_fund
from welfare.governance import services as governance


@dataclass
class FundSetup:
    tenant: object
    manager: object
    signatories: list
    fund_id: int
    meeting_id: int
    resolution_id: int
    extra: dict = field(default_factory=dict)

    @property
    def tenant_id(self) -> int:
        return self.tenant.id


def setup_fund(
    make_tenant,
    make_member,
    *,
    cap_satang: int = 10_000_00,
    cash_satang: int = 100_000_00,
    kind: str = "disbursement",
    signatories: int = 3,
    fund_kind: str = "welfare",
    allows_lending: bool = True,
    tenant=None,
    name: str = "กองทุนสวัสดิการทดสอบ",
) -> FundSetup:
    tenant = tenant or make_tenant()
    manager = make_member(tenant, "fund_manager")
    signers = [make_member(tenant, "signatory") for _ in range(signatories)]
    with tenant_context(tenant.id):
        fund = make_fund(
            name=name, kind=fund_kind, allows_lending=allows_lending, actor_id=manager.id
        )
        today = ledger.today()
        for user in signers:
            governance.add_signatory(
                fund_id=fund.id,
                user_id=user.id,
                valid_from=today - timedelta(days=30),
                tenant_id=tenant.id,
            )
        meeting = governance.create_meeting(
            fund_id=fund.id,
            held_on=today - timedelta(days=7),
            kind="committee",
            title="ประชุมกรรมการ",
            attendee_count=9,
            eligible_count=15,
        )
        resolution = governance.create_resolution(
            meeting_id=meeting.id,
            kind=kind,
            amount_cap_satang=cap_satang,
            purpose="ช่วยเหลือสมาชิก",
            valid_until=today + timedelta(days=90),
        )
        if cash_satang:
            fund_cash(fund, cash_satang)
        db.session.commit()
        return FundSetup(tenant, manager, signers, fund.id, meeting.id, resolution.id)


def approve_budget(s: FundSetup, budget_id: int) -> None:
    """Approve a budget under a budget resolution of the setup's meeting."""
    from welfare.budgets import services as budgets

    resolution = governance.create_resolution(
        meeting_id=s.meeting_id, kind="budget_change", amount_cap_satang=10**12, purpose="งบประมาณประจำปี"
    )
    budgets.approve_budget(budget_id, resolution_id=resolution.id)
    db.session.commit()
