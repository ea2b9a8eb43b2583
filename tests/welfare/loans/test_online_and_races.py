"""Paying installments online (own PromptPay with Ref1 = the installment,
Stripe through the gateway) and two desks racing for a loan's last baht."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.payments import services as payments
from core.payments.promptpay import gateway as promptpay_gateway
from core.payments.promptpay.payload import ref_for
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from tests.factories.welfare import make_loan
from tests.race import race
from welfare.funds import accounts
from welfare.loans import repayments, services
from welfare.models.loans import Loan, Repayment


def configure_promptpay(tenant_id: int) -> Tenant:
    row = db.session.get(Tenant, tenant_id)
    row.settings = {
        **(row.settings or {}),
        "promptpay": {"kind": "mobile", "account": "0812345678", "payee_name": "กองทุนหมู่บ้าน"},
    }
    db.session.commit()
    return row


def test_own_promptpay_names_the_installment_and_settles_it(world, app):
    tenant = configure_promptpay(world.tenant.id)
    with tenant_context(world.tenant.id), app.test_request_context():
        loan = make_loan(world)
        first = services.installments(loan.id)[0]
        payment, checkout = repayments.start_online(
            installment_id=first.id, method="promptpay", tenant=tenant, return_url="http://x/"
        )
        assert payment.ref1 == ref_for("installment", first.id) == f"INS{first.id}"
        assert payment.amount == first.total_due and checkout.qr_payload
        assert payment.status == "pending"
        promptpay_gateway.confirm_by_staff(payment.id, "KBANK-REF-1", actor_id=world.manager.id)
        db.session.refresh(first)
        assert first.status == "paid"
        assert (
            accounts.balance(world.fund, "loans_receivable")
            == loan.principal_satang - first.principal_due
        )
        assert accounts.balance(world.fund, "bank") == first.total_due  # the fund's own money
        # confirming again changes nothing
        promptpay_gateway.confirm_by_staff(payment.id, "KBANK-REF-1", actor_id=world.manager.id)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Repayment)) == 1


def test_stripe_like_gateway_payment_for_the_whole_loan(world, app):
    with tenant_context(world.tenant.id), app.test_request_context():
        loan = make_loan(world)
        owed = repayments.total_owed(loan)
        payment, checkout = repayments.start_online(
            loan_id=loan.id, method="fake", tenant=world.tenant, return_url="http://x/"
        )
        assert payment.purpose == f"welfare.loan:{loan.id}" and checkout.redirect_url
        payments.transition(payment.id, "succeeded", source="fake")
        db.session.refresh(loan)
        assert loan.status == "closed" and repayments.total_owed(loan) == 0
        assert owed == payment.amount
        assert accounts.balance(world.fund, "loans_receivable") == 0


def test_online_payment_arriving_after_cash_is_kept_as_credit(world, app):
    with tenant_context(world.tenant.id), app.test_request_context():
        loan = make_loan(world)
        first = services.installments(loan.id)[0]
        payment, _ = repayments.start_online(
            installment_id=first.id, method="fake", tenant=world.tenant, return_url="http://x/"
        )
        owed = repayments.total_owed(loan)
        repayments.record_repayment(
            loan_id=loan.id,
            amount_satang=owed,
            method="cash",
            token="cash-pays-it-all",
            actor_id=None,
        )
        payments.transition(payment.id, "succeeded", source="fake")
        late = db.session.scalar(sa.select(Repayment).where(Repayment.payment_id == payment.id))
        assert late.credit_satang == payment.amount
        assert accounts.balance(world.fund, "member_credit") == payment.amount
        assert accounts.balance(world.fund, "loans_receivable") == 0


def test_two_desks_racing_for_the_last_baht(world, app, postgres_only):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        db.session.commit()
        loan_id, tenant_id, owed = loan.id, world.tenant.id, repayments.total_owed(loan)

    def desk(n: int) -> None:
        repayments.record_repayment(
            loan_id=loan_id,
            amount_satang=owed,
            method="cash",
            token=f"desk-{n}-token-xxxxxxxx",
            actor_id=None,
        )

    outcomes = race(app, tenant_id, 2, desk)
    assert outcomes in ({"ok": 1, "WrongStatus": 1}, {"ok": 1, "RepaymentTooLarge": 1}), outcomes
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Repayment)) == 1
        assert db.session.get(Loan, loan_id).status == "closed"
        assert accounts.balance(world.fund, "loans_receivable") == 0


@pytest.mark.parametrize("method", ["cheque", ""])
def test_unknown_online_method(world, method):
    from welfare.loans import errors

    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        with pytest.raises(errors.UnknownMethod):
            repayments.start_online(
                loan_id=loan.id, method=method, tenant=world.tenant, return_url="x"
            )
