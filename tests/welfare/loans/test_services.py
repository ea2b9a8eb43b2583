"""Loans from application to close, on the database: approval through the
fund's M-of-N disbursements, repayments allocated in order, the ledger
always agreeing with the loans, reschedule, write-off and recovery."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.errors import DomainError
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.factories.welfare import make_loan
from tests.welfare.loans.conftest import resolution
from welfare.funds import accounts
from welfare.loans import errors, lifecycle, metrics, queries, repayments, services
from welfare.models.loans import Installment, Loan, Repayment


def token() -> str:
    return secrets.token_hex(12)


def receivable(fund) -> int:
    return accounts.balance(fund, "loans_receivable")


def outstanding(fund) -> int:
    return db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Loan.outstanding_satang), 0)).where(
            Loan.fund_id == fund.id
        )
    )


def open_principal(loan) -> int:
    return db.session.scalar(
        sa.select(
            sa.func.coalesce(sa.func.sum(Installment.principal_due - Installment.principal_paid), 0)
        ).where(Installment.loan_id == loan.id, Installment.status == "open")
    )


def pay(loan, amount, method="cash", **kw):
    kw.setdefault("reference", "SLIP1" if method == "transfer" else None)
    return repayments.record_repayment(
        loan_id=loan.id, amount_satang=amount, method=method, token=token(), actor_id=None, **kw
    )


def test_application_to_active_loan_with_schedule(world):
    with tenant_context(world.tenant.id):
        cash_before = accounts.balance(world.fund, "cash")
        loan = services.apply(
            fund_id=world.fund.id,
            product_id=world.product.id,
            borrower_person_id=world.borrower.id,
            principal_satang=1_200_000,
            guarantor_person_ids=[world.guarantor.id],
            actor_id=world.manager.id,
        )
        assert loan.status == "applied" and loan.method == "flat" and loan.term == 6
        assert [g.person_id for g in services.guarantors(loan.id)] == [world.guarantor.id]
        services.request_disbursement(
            loan.id, resolution_id=world.resolution.id, requested_by=world.manager.id
        )
        assert loan.status == "pending"
        assert services.installments(loan.id) == []
        from welfare.governance import disbursements

        disbursements.approve(loan.disbursement_id, user_id=world.signatories[0].id)
        assert loan.status == "pending"  # one of two
        disbursements.approve(loan.disbursement_id, user_id=world.signatories[1].id)
        db.session.refresh(loan)
        assert loan.status == "active" and loan.disbursed_on == ledger.today()
        items = services.installments(loan.id)
        assert len(items) == 6 and sum(i.principal_due for i in items) == 1_200_000
        assert sum(i.fee_due for i in items) == 5_000
        assert receivable(world.fund) == 1_200_000 == outstanding(world.fund)
        assert accounts.balance(world.fund, "cash") == cash_before - 1_200_000


def test_rejected_disbursement_rejects_the_loan(world):
    from welfare.governance import disbursements

    with tenant_context(world.tenant.id):
        loan = services.apply(
            fund_id=world.fund.id,
            product_id=world.product.id,
            borrower_person_id=world.borrower.id,
            principal_satang=100_000,
        )
        services.request_disbursement(
            loan.id, resolution_id=world.resolution.id, requested_by=world.manager.id
        )
        disbursements.reject(
            loan.disbursement_id, user_id=world.signatories[0].id, reason="ไม่มีหลักประกัน"
        )
        services.sync_rejected(loan)
        assert loan.status == "rejected"
        assert receivable(world.fund) == 0


def test_loan_beyond_resolution_refused_and_nothing_written(make_world):
    world = make_world(cap=500_000)
    with tenant_context(world.tenant.id):
        loan = services.apply(
            fund_id=world.fund.id,
            product_id=world.product.id,
            borrower_person_id=world.borrower.id,
            principal_satang=600_000,
        )
        with pytest.raises(DomainError):
            services.request_disbursement(
                loan.id, resolution_id=world.resolution.id, requested_by=world.manager.id
            )
        db.session.rollback()
        assert (
            db.session.get(Loan, loan.id) is None
            or db.session.get(Loan, loan.id).status == "applied"
        )


def test_resolution_of_wrong_kind_refused(world):
    with tenant_context(world.tenant.id):
        other = resolution(world, "benefit", 5_000_000)
        loan = services.apply(
            fund_id=world.fund.id,
            product_id=world.product.id,
            borrower_person_id=world.borrower.id,
            principal_satang=100_000,
        )
        with pytest.raises(DomainError):
            services.request_disbursement(
                loan.id, resolution_id=other.id, requested_by=world.manager.id
            )


@pytest.mark.parametrize("amount", [0, -100, True, "100"])
def test_bad_amounts_refused(world, amount):
    with tenant_context(world.tenant.id), pytest.raises(errors.AmountNotPositive):
        services.apply(
            fund_id=world.fund.id,
            product_id=world.product.id,
            borrower_person_id=world.borrower.id,
            principal_satang=amount,
        )


def test_guarantor_cannot_be_the_borrower(world):
    with tenant_context(world.tenant.id), pytest.raises(errors.GuarantorIsBorrower):
        services.apply(
            fund_id=world.fund.id,
            product_id=world.product.id,
            borrower_person_id=world.borrower.id,
            principal_satang=100_000,
            guarantor_person_ids=[world.borrower.id],
        )


def test_repayments_allocate_fees_interest_principal_oldest_first(world):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        items = services.installments(loan.id)
        first, second = items[0], items[1]
        # flat 12 %/yr on 12,000 for 6 months = 720 baht: 120 a month; fee 50 with the first
        assert (first.principal_due, first.interest_due, first.fee_due) == (200_000, 12_000, 5_000)
        pay(loan, 10_000)
        db.session.refresh(first)
        assert (first.fee_paid, first.interest_paid, first.principal_paid) == (5_000, 5_000, 0)
        pay(loan, first.remaining + 3_000)
        db.session.refresh(first)
        db.session.refresh(second)
        assert first.status == "paid" and first.paid_on == ledger.today()
        assert (second.fee_paid, second.interest_paid, second.principal_paid) == (0, 3_000, 0)
        assert (
            receivable(world.fund) == outstanding(world.fund) == open_principal(loan) == 1_000_000
        )
        assert accounts.balance(world.fund, "interest_income") == 15_000
        assert accounts.balance(world.fund, "fee_income") == 5_000


def test_principal_first_order(make_world):
    world = make_world(order="principal,interest,fee")
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        pay(loan, 250_000)
        first, second = services.installments(loan.id)[:2]
        assert (first.principal_paid, first.interest_paid, first.fee_paid) == (
            200_000,
            12_000,
            5_000,
        )
        assert second.principal_paid == 33_000
        assert receivable(world.fund) == 1_200_000 - 233_000 == outstanding(world.fund)


def test_repayment_larger_than_owed_is_refused_clearly(world):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        owed = repayments.total_owed(loan)
        assert owed == 1_200_000 + 72_000 + 5_000
        with pytest.raises(errors.RepaymentTooLarge) as info:
            pay(loan, owed + 1)
        assert "12,770.00" in str(info.value) or "12,770" in str(info.value)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Repayment)) == 0


def test_repayment_dates_and_amounts_checked(world):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        with pytest.raises(errors.DateBeforeDisbursement):
            pay(loan, 10_000, paid_on=loan.disbursed_on - timedelta(days=1))
        with pytest.raises(errors.DateInFuture):
            pay(loan, 10_000, paid_on=ledger.today() + timedelta(days=1))
        for bad in (0, -5):
            with pytest.raises(errors.AmountNotPositive):
                pay(loan, bad)
        with pytest.raises(errors.UnknownMethod):
            pay(loan, 100, method="cheque")


def test_paying_everything_closes_the_loan_and_same_token_records_once(world):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        owed = repayments.total_owed(loan)
        t = token()
        repayments.record_repayment(
            loan_id=loan.id,
            amount_satang=owed,
            method="transfer",
            token=t,
            actor_id=None,
            reference="KBANK123",
        )
        again = repayments.record_repayment(
            loan_id=loan.id,
            amount_satang=owed,
            method="transfer",
            token=t,
            actor_id=None,
            reference="KBANK123",
        )
        assert len(repayments.repayments_of(loan.id)) == 1 and again.loan_id == loan.id
        db.session.refresh(loan)
        assert loan.status == "closed" and loan.outstanding_satang == 0
        assert receivable(world.fund) == 0
        assert accounts.balance(world.fund, "bank") == owed  # swept from the landing account


def test_reschedule_keeps_principal_and_ledger(world):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        pay(loan, 100_000)
        res = resolution(world, "reschedule", 5_000_000)
        with pytest.raises(errors.ReasonRequired):
            lifecycle.reschedule(
                loan.id, resolution_id=res.id, reason=" ", term=10, starts_on=ledger.today()
            )
        with pytest.raises(errors.DateBeforeDisbursement):
            lifecycle.reschedule(
                loan.id,
                resolution_id=res.id,
                reason="น้ำท่วม",
                term=10,
                starts_on=loan.disbursed_on - timedelta(days=1),
            )
        owed_before = repayments.total_owed(loan)
        lifecycle.reschedule(
            loan.id, resolution_id=res.id, reason="น้ำท่วมนา", term=10, starts_on=ledger.today()
        )
        db.session.refresh(loan)
        items = services.installments(loan.id)
        assert loan.schedule_version == 2 and len(items) == 10
        assert sum(i.principal_due for i in items) == loan.outstanding_satang == 1_200_000 - 83_000
        # arrears of interest and fee move over; new interest on the new term is added
        assert repayments.total_owed(loan) >= owed_before - 0
        assert receivable(world.fund) == outstanding(world.fund) == open_principal(loan)


def test_reschedule_needs_a_reschedule_resolution(world):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        with pytest.raises(DomainError):
            lifecycle.reschedule(
                loan.id,
                resolution_id=world.resolution.id,
                reason="x",
                term=6,
                starts_on=ledger.today(),
            )


def test_write_off_then_recovery(world):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        pay(loan, 217_000)
        res = resolution(world, "write_off", 5_000_000)
        lifecycle.write_off(loan.id, resolution_id=res.id, reason="ผู้กู้เสียชีวิต")
        db.session.refresh(loan)
        assert loan.status == "written_off" and loan.written_off_satang == 1_000_000
        assert receivable(world.fund) == 0 == outstanding(world.fund)
        assert accounts.balance(world.fund, "write_off_expense") == 1_000_000
        pay(loan, 300_000)
        db.session.refresh(loan)
        assert loan.recovered_satang == 300_000
        assert accounts.balance(world.fund, "recovery_income") == 300_000
        with pytest.raises(errors.RepaymentTooLarge):
            pay(loan, 700_001)


def test_write_off_beyond_resolution_refused(world):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        res = resolution(world, "write_off", 100_000)
        with pytest.raises(DomainError):
            lifecycle.write_off(loan.id, resolution_id=res.id, reason="x")
        db.session.rollback()


def test_ledger_equals_outstanding_through_the_whole_life(make_world):
    world = make_world(method="declining", rate=1800, term=12, grace=1)
    with tenant_context(world.tenant.id):
        loans = [make_loan(world, principal=p) for p in (1_000_000, 777_777, 500_050)]
        for loan, amount in zip(loans, (300_000, 123_456, 99), strict=True):
            pay(loan, amount)
            assert receivable(world.fund) == outstanding(world.fund)
        lifecycle.reschedule(
            loans[0].id,
            resolution_id=resolution(world, "reschedule", 10**8).id,
            reason="ภัยแล้ง",
            term=18,
            starts_on=ledger.today(),
        )
        lifecycle.write_off(
            loans[1].id, resolution_id=resolution(world, "write_off", 10**8).id, reason="หนี้สูญ"
        )
        pay(loans[2], repayments.total_owed(loans[2]))
        pay(loans[0], 55_500)
        total = sum(open_principal(loan) for loan in loans)
        assert receivable(world.fund) == outstanding(world.fund) == total
        totals = metrics.fund_totals(world.fund.id)
        assert totals["lent"] == 1_000_000 + 777_777 + 500_050
        assert totals["outstanding"] == receivable(world.fund)
        assert totals["written_off"] > 0 and totals["loans"] == 3 and totals["borrowers"] == 1


def test_par_report_and_nightly_ageing(world):
    with tenant_context(world.tenant.id):
        loans = [make_loan(world, principal=600_000) for _ in range(4)]
        # age them by moving due dates back: 0, 10, 40 and 100 days overdue
        for loan, days in zip(loans, (0, 10, 40, 100), strict=True):
            first = services.installments(loan.id)[0]
            if days:
                first.due_on = ledger.today() - timedelta(days=days)
        db.session.flush()
        report = queries.par_report(ledger.today(), fund_id=world.fund.id)
        assert report["buckets"]["current"]["loans"] == 1
        assert report["buckets"]["1-30"]["loans"] == 1
        assert report["buckets"]["31-60"]["loans"] == 1
        assert report["buckets"]["over_90"]["loans"] == 1
        assert (
            report["par30"] == 1_200_000
            and report["par30_ratio"] == 0.5
            and report["par90_ratio"] == 0.25
        )
        assert queries.age_all(ledger.today()) == 4
        days = sorted(db.session.scalars(sa.select(Loan.days_past_due)).all())
        assert days == [0, 10, 40, 100]
        sheet = queries.collection_sheet(fund_id=world.fund.id, as_of=ledger.today())
        assert len(sheet) == 4 and sum(1 for row in sheet if row["due"] > 0) == 3


def test_lending_forbidden_fund(world):
    from tests.factories.welfare import make_fund

    with tenant_context(world.tenant.id):
        closed = make_fund(name="กองทุนสวัสดิการ", kind="welfare", allows_lending=False)
        with pytest.raises(errors.LendingForbidden):
            services.create_product(fund_id=closed.id, name="x")


def test_loans_of_person_for_the_member_statement(world):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        assert [
            x.id for x in queries.loans_of_person(world.borrower.id, fund_id=world.fund.id)
        ] == [loan.id]
        assert queries.loans_of_person(world.guarantor.id) == []
