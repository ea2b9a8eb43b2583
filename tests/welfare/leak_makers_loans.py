"""Row makers for the tenancy leak test: loan products, groups, loans,
installments, repayments and their allocation, guarantors, reschedules."""

from __future__ import annotations

import secrets
from datetime import date

ALIASES = {
    "loan_id": "welfare_loan",
    "installment_id": "welfare_installment",
    "group_id": "welfare_loan_group",
    "payment_id": "payment",
}

# The QR page of an installment's payment answers only for a PromptPay
# payment started for that very installment (a generic payment of the same
# tenant is a 404 too); another tenant's ids are still checked to be 404.
TOKEN_GUARDED = {"welfare.installment_qr"}

DAY = date(2026, 1, 15)


def makers(helpers) -> dict:
    from core.db import db
    from core.tenancy.context import tenant_context
    from tests.factories.welfare import make_fund
    from welfare.models import governance, loans

    def add(tenant, obj) -> int:
        return helpers.commit_in(tenant, obj)

    def fund(tenant) -> int:
        with tenant_context(tenant.id):
            row = make_fund(name=f"กองทุนกู้ยืม {secrets.token_hex(4)}", kind="revolving")
            db.session.commit()
            return row.id

    def product(tenant, fund_id=None) -> int:
        return add(
            tenant,
            loans.LoanProduct(
                fund_id=fund_id or fund(tenant),
                name=f"ทุน {secrets.token_hex(3)}",
                method="zero",
                term=6,
                frequency="monthly",
            ),
        )

    def group(tenant) -> int:
        return add(
            tenant, loans.LoanGroup(fund_id=fund(tenant), name=f"กลุ่ม {secrets.token_hex(3)}")
        )

    def loan(tenant) -> int:
        fund_id = fund(tenant)
        return add(
            tenant,
            loans.Loan(
                fund_id=fund_id,
                product_id=product(tenant, fund_id),
                borrower_person_id=helpers.make_person(tenant).id,
                number=f"L{secrets.token_hex(3)}",
                principal_satang=600_00,
                method="zero",
                term=6,
                frequency="monthly",
                allocation_order="fee,interest,principal",
                allocation_strategy="installment",
                status="active",
                applied_on=DAY,
                disbursed_on=DAY,
                outstanding_satang=600_00,
            ),
        )

    def installment(tenant) -> int:
        return add(
            tenant,
            loans.Installment(loan_id=loan(tenant), number=1, due_on=DAY, principal_due=100_00),
        )

    def _payment(tenant) -> int:
        from core.ledger.services import get_or_create_account
        from core.money import Money
        from core.payments.services import create_payment

        with tenant_context(tenant.id):
            account = get_or_create_account("general", "2999", "ทดสอบ", "Test", "liability")
            payment = create_payment(
                purpose="test",
                amount=Money(100),
                method="cash",
                credit_account=account,
                idempotency_key=secrets.token_hex(8),
            )
            db.session.commit()
            return payment.id

    def repayment(tenant) -> int:
        return add(
            tenant,
            loans.Repayment(
                loan_id=loan(tenant),
                payment_id=_payment(tenant),
                method="cash",
                amount_satang=100,
                paid_on=DAY,
            ),
        )

    def allocation(tenant) -> int:
        rep = repayment(tenant)
        with tenant_context(tenant.id):
            loan_id = db.session.get(loans.Repayment, rep).loan_id
        item = add(
            tenant, loans.Installment(loan_id=loan_id, number=1, due_on=DAY, principal_due=100_00)
        )
        return add(
            tenant,
            loans.RepaymentAllocation(
                repayment_id=rep, installment_id=item, component="principal", amount_satang=100
            ),
        )

    def guarantor(tenant) -> int:
        return add(
            tenant, loans.Guarantor(loan_id=loan(tenant), person_id=helpers.make_person(tenant).id)
        )

    def reschedule(tenant) -> int:
        loan_id = loan(tenant)
        with tenant_context(tenant.id):
            fund_id = db.session.get(loans.Loan, loan_id).fund_id
        meeting = add(
            tenant,
            governance.Meeting(
                fund_id=fund_id,
                held_on=DAY,
                kind="committee",
                title="ประชุม",
                attendee_count=5,
                eligible_count=7,
            ),
        )
        res = add(
            tenant,
            governance.Resolution(
                fund_id=fund_id,
                meeting_id=meeting,
                kind="reschedule",
                amount_cap_satang=1_000_00,
                purpose="ปรับโครงสร้างหนี้",
            ),
        )
        return add(
            tenant,
            loans.LoanReschedule(
                loan_id=loan_id,
                resolution_id=res,
                reason="ภัยแล้ง",
                outstanding_satang=100,
                from_version=1,
                to_version=2,
                term=6,
                starts_on=DAY,
            ),
        )

    return {
        "welfare_loan_product": product,
        "welfare_loan_group": group,
        "welfare_loan": loan,
        "welfare_installment": installment,
        "welfare_repayment": repayment,
        "welfare_repayment_allocation": allocation,
        "welfare_guarantor": guarantor,
        "welfare_loan_reschedule": reschedule,
    }
