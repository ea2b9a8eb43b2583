"""Property: whatever happens to a loan — repayments of any size, reschedules,
a write-off and recoveries — the fund's loans-receivable balance in the
ledger equals the outstanding principal of its loans, which equals the
principal still open on their installments."""

from __future__ import annotations

import itertools

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.db import db
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.welfare.loans.conftest import resolution
from welfare.funds import accounts
from welfare.governance import disbursements
from welfare.loans import errors, lifecycle, repayments, services
from welfare.models.loans import Installment, Loan

_names = itertools.count(1)

operations = st.lists(
    st.one_of(
        st.tuples(st.just("pay"), st.integers(1, 400_000)),
        st.tuples(st.just("pay_all"), st.just(0)),
        st.tuples(st.just("reschedule"), st.integers(1, 24)),
        st.tuples(st.just("write_off"), st.just(0)),
    ),
    min_size=1,
    max_size=6,
)
products = st.tuples(
    st.sampled_from(("zero", "flat", "declining")),
    st.integers(0, 3_000),
    st.integers(0, 10_000),
    st.integers(1, 18),
    st.sampled_from(("weekly", "monthly")),
    st.integers(0, 3),
    st.sampled_from(("fee,interest,principal", "principal,interest,fee")),
)


def _check(fund) -> None:
    outstanding = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Loan.outstanding_satang), 0)).where(
            Loan.fund_id == fund.id
        )
    )
    open_principal = db.session.scalar(
        sa.select(
            sa.func.coalesce(sa.func.sum(Installment.principal_due - Installment.principal_paid), 0)
        )
        .join(
            Loan, sa.and_(Loan.id == Installment.loan_id, Loan.tenant_id == Installment.tenant_id)
        )
        .where(Loan.fund_id == fund.id, Installment.status == "open")
    )
    assert accounts.balance(fund, "loans_receivable") == outstanding == open_principal


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(product=products, principal=st.integers(20_000, 2_000_000), ops=operations)
def test_receivable_equals_outstanding_whatever_happens(
    postgres_only, make_world, product, principal, ops
):
    # PostgreSQL only: on SQLite the sequence of repayments, reschedules and
    # write-offs waits on its own database lock between sessions.
    world = make_world(cash=10**9, cap=10**9)
    method, rate, fee, term, frequency, grace, order = product
    with tenant_context(world.tenant.id):
        made = services.create_product(
            fund_id=world.fund.id,
            name=f"p{next(_names)}",
            method=method,
            annual_rate_bp=0 if method == "zero" else rate,
            fee_satang=fee,
            term=term,
            frequency=frequency,
            grace=grace,
            allocation_order=order,
        )
        principal = max(principal, term * 100)
        loan = services.apply(
            fund_id=world.fund.id,
            product_id=made.id,
            borrower_person_id=world.borrower.id,
            principal_satang=principal,
        )
        services.request_disbursement(
            loan.id, resolution_id=world.resolution.id, requested_by=world.manager.id
        )
        for user in world.signatories[:2]:
            disbursements.approve(loan.disbursement_id, user_id=user.id)
        _check(world.fund)
        for n, (op, value) in enumerate(ops):
            db.session.refresh(loan)
            owed = repayments.total_owed(loan)
            if op in ("pay", "pay_all") and loan.status in ("active", "written_off") and owed:
                amount = owed if op == "pay_all" else min(value, owed)
                repayments.record_repayment(
                    loan_id=loan.id,
                    amount_satang=amount,
                    method="cash",
                    token=f"prop-{loan.id}-{n}-xxxxxxxx",
                    actor_id=None,
                )
            elif op == "reschedule" and loan.status == "active":
                try:
                    lifecycle.reschedule(
                        loan.id,
                        resolution_id=resolution(world, "reschedule", 10**9).id,
                        reason="ทดสอบ",
                        term=value,
                        starts_on=ledger.today(),
                    )
                except errors.BadTerms:  # too little left for that many installments
                    pass
            elif op == "write_off" and loan.status == "active" and loan.outstanding_satang:
                lifecycle.write_off(
                    loan.id, resolution_id=resolution(world, "write_off", 10**9).id, reason="ทดสอบ"
                )
            _check(world.fund)
        db.session.rollback()
