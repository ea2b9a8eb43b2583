"""Demo loans in Khok Sai's welfare fund: an occupational-capital product
(flat 6 % a year, 12 months, 20-baht fee), a meeting's loan resolution
2/2569 of 20,000 baht, a women's group with a collection sheet, three loans
paid out from the bank after 2 of 3 signatories approved, and a first
repayment. Idempotent: nothing is added when the product exists."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core import modules
from core.auth.models import User
from core.db import db
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from welfare.demo_funds import attach_minutes

TENANT = "khok-sai"
PRODUCT = "ทุนประกอบอาชีพ ดอกเบี้ยร้อยละ 6 ต่อปี"
LOANS = ((5_000_00, "ซื้อพันธุ์ปลานิลเลี้ยงในบ่อ"), (4_000_00, "ทุนขายขนมในตลาดนัด"), (3_000_00, "ซื้อจักรเย็บผ้า"))


def seed() -> str:
    from welfare.models.funds import Fund
    from welfare.models.loans import LoanProduct

    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == TENANT))
    if tenant is None:
        return ""
    with tenant_context(tenant.id):
        fund = db.session.scalar(
            sa.select(Fund).where(Fund.allows_lending, Fund.active).order_by(Fund.id)
        )
        if fund is None or db.session.scalar(
            sa.select(LoanProduct.id).where(LoanProduct.name == PRODUCT)
        ):
            return ""
        return _seed(fund)


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _seed(fund) -> str:
    from core.registry.models import Person
    from welfare.governance import disbursements
    from welfare.governance import services as governance
    from welfare.loans import repayments, services

    manager = _user("fund-manager@khoksai.demo")
    signers = [
        s.user_id
        for s in disbursements.valid_signatories(fund.id)
        if not manager or s.user_id != manager.id
    ]
    people = list(db.session.scalars(sa.select(Person).order_by(Person.id).limit(6)))
    if manager is None or len(signers) < disbursements.required_for(fund.id) or len(people) < 6:
        return ""
    product = services.create_product(
        fund_id=fund.id,
        name=PRODUCT,
        method="flat",
        annual_rate_bp=600,
        fee_satang=20_00,
        term=12,
        frequency="monthly",
        max_amount_satang=10_000_00,
        actor_id=manager.id,
    )
    today = ledger.today()
    meeting = governance.create_meeting(
        fund_id=fund.id,
        held_on=today - timedelta(days=7),
        kind="committee",
        title="ประชุมคณะกรรมการกองทุน ครั้งที่ 2/2569 (พิจารณาเงินกู้)",
        attendee_count=10,
        eligible_count=15,
        minutes="ที่ประชุมอนุมัติเงินกู้ทุนประกอบอาชีพกลุ่มแม่บ้านหมู่ 3 วงเงินไม่เกิน 20,000 บาท",
        actor_id=manager.id,
    )
    attach_minutes(meeting.id, "minutes-2-2569.pdf", manager.id)
    resolution = governance.create_resolution(
        meeting_id=meeting.id,
        kind="loan",
        amount_cap_satang=20_000_00,
        number="2/2569",
        purpose="เงินกู้ทุนประกอบอาชีพ กลุ่มแม่บ้านหมู่ 3",
        valid_until=today + timedelta(days=365),
        actor_id=manager.id,
    )
    group = services.create_group(
        fund_id=fund.id,
        name="กลุ่มแม่บ้านหมู่ 3",
        meeting_place="ศาลาอเนกประสงค์หมู่ 3",
        actor_id=manager.id,
    )
    loans = []
    for (amount, purpose), borrower, guarantor in zip(LOANS, people[:3], people[3:6], strict=True):
        loans.append(
            services.apply(
                fund_id=fund.id,
                product_id=product.id,
                borrower_person_id=borrower.id,
                principal_satang=amount,
                purpose=purpose,
                guarantor_person_ids=[guarantor.id],
                group_id=group.id,
                actor_id=manager.id,
            )
        )
    services.request_group_disbursements(
        group.id, resolution_id=resolution.id, requested_by=manager.id, pay_from="bank"
    )
    for loan in loans:
        for user_id in signers[: disbursements.required_for(fund.id)]:
            disbursements.approve(loan.disbursement_id, user_id=user_id)
    db.session.flush()
    first = services.installments(loans[0].id)[0]
    repayments.record_repayment(
        loan_id=loans[0].id,
        amount_satang=first.total_due,
        method="cash",
        token=f"demo-loan-{loans[0].id}-first",
        actor_id=manager.id,
    )
    db.session.flush()
    return f"welfare loans: product, resolution 2/2569, group of {len(loans)} loans (12,000 baht), one repayment"


modules.register_demo("welfare.loans", seed)
