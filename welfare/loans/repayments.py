"""Repayments: money in for a loan, by cash, transfer, PromptPay or Stripe.

Every repayment is a core payment whose purpose names the loan
(``welfare.loan:<id>``) or an installment (``welfare.installment:<id>``) and
whose credit account is the fund's member-credit account (a liability: the
money is the borrower's until allocated). When the payment succeeds,
:func:`apply_payment` (a payment hook, in the same transaction) allocates it
over what is owed in the loan's configured order and posts one entry that

- moves the principal part to loans receivable (so its balance stays equal to
  the outstanding principal), interest and fees to income, and after a
  write-off the recovery to recoveries income;
- leaves anything beyond what is owed as the borrower's credit;
- moves cash and transfers from the organisation's landing account into the
  fund's own cash or bank account (Stripe money stays in the provider clearing
  account until its payout).

Staff at the desk cannot take more than is owed: that is refused, clearly.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.audit.services import record
from core.db import db
from core.i18n.formatting import format_date, format_thb
from core.ledger import services as ledger
from core.money import Money
from core.payments import gateway
from core.payments import services as payments
from core.payments.manual import services as manual
from core.payments.models import Payment
from welfare.funds import accounts
from welfare.funds.services import get_fund
from welfare.loans import allocation, errors
from welfare.loans.labels import loan_title
from welfare.loans.services import get_installment, get_loan
from welfare.models.loans import Installment, Loan, Repayment, RepaymentAllocation

DESK_METHODS = ("cash", "transfer")
ONLINE_METHODS = ("promptpay", "card", "fake")
SWEEP_TO = {"cash": "cash", "transfer": "bank"}
PAID = {
    "fee": Installment.fee_paid,
    "interest": Installment.interest_paid,
    "principal": Installment.principal_paid,
}
DUE = {
    "fee": Installment.fee_due,
    "interest": Installment.interest_due,
    "principal": Installment.principal_due,
}


def open_installments(loan: Loan) -> list[Installment]:
    return list(
        db.session.scalars(
            sa.select(Installment)
            .where(
                Installment.loan_id == loan.id,
                Installment.version == loan.schedule_version,
                Installment.status == "open",
            )
            .order_by(Installment.due_on, Installment.number)
            .execution_options(populate_existing=True)
        )
    )


def owed_items(loan: Loan) -> list[allocation.Owed]:
    return [
        allocation.Owed(
            i.id,
            i.number,
            i.due_on,
            i.fee_due - i.fee_paid,
            i.interest_due - i.interest_paid,
            i.principal_due - i.principal_paid,
        )
        for i in open_installments(loan)
    ]


def total_owed(loan: Loan) -> int:
    """Everything still owed (all components); after a write-off, what is
    left to recover."""
    if loan.status == "written_off":
        return loan.written_off_satang - loan.recovered_satang
    return sum(o.fee + o.interest + o.principal for o in owed_items(loan))


def due_now(loan: Loan, as_of: date) -> int:
    """What is owed on installments due on or before ``as_of``."""
    return sum(o.fee + o.interest + o.principal for o in owed_items(loan) if o.due_on <= as_of)


def _check_amount(amount_satang) -> int:
    if isinstance(amount_satang, bool) or not isinstance(amount_satang, int) or amount_satang <= 0:
        raise errors.AmountNotPositive(field="amount")
    return amount_satang


def _check_date(loan: Loan, paid_on: date | None) -> date:
    today = ledger.today()
    paid_on = paid_on or today
    if loan.disbursed_on is not None and paid_on < loan.disbursed_on:
        raise errors.DateBeforeDisbursement(date=format_date(loan.disbursed_on), field="paid_on")
    if paid_on > today:
        raise errors.DateInFuture(field="paid_on")
    return paid_on


def _credit_account(loan: Loan):
    """Money for a loan first lands in the fund's member-credit account (owed
    back to the borrower until allocated); the hook allocates it."""
    return accounts.account(get_fund(loan.fund_id), "member_credit")


def record_repayment(
    *,
    loan_id: int,
    amount_satang: int,
    method: str,
    token: str,
    actor_id: int | None,
    paid_on: date | None = None,
    reference: str | None = None,
    payer_name: str | None = None,
    ip: str | None = None,
) -> Repayment:
    """Cash or a transfer taken by staff: a receipt is issued and the money is
    allocated. More than is owed is refused. The same ``token`` twice records
    one repayment."""
    amount = _check_amount(amount_satang)
    if method not in DESK_METHODS:
        raise errors.UnknownMethod(field="method")
    loan = get_loan(loan_id, for_update=True)  # one desk at a time per loan
    replay = db.session.scalar(
        sa.select(Payment).where(Payment.idempotency_key == f"manual:{token}")
    )
    if replay is not None:  # a double submit: the first one stands
        if (replay.amount, replay.method, replay.purpose) != (
            amount,
            method,
            f"welfare.loan:{loan.id}",
        ):
            raise payments.IdempotencyConflict()
        found = db.session.scalar(sa.select(Repayment).where(Repayment.payment_id == replay.id))
        if found is not None:
            return found
    if loan.status not in ("active", "written_off"):
        raise errors.WrongStatus(status=loan.status_label)
    paid_on = _check_date(loan, paid_on)
    owed = total_owed(loan)
    if amount > owed:
        raise errors.RepaymentTooLarge(
            owed=format_thb(owed), amount=format_thb(amount), field="amount"
        )
    receipt = manual.record_payment(
        method=method,
        amount=Money(amount),
        credit_account=_credit_account(loan),
        description=loan_title(loan.number),
        token=token,
        actor_id=actor_id,
        payer_person_id=None if payer_name else loan.borrower_person_id,
        payer_name=payer_name,
        reference=reference,
        purpose=f"welfare.loan:{loan.id}",
        ip=ip,
    )
    repayment = db.session.scalar(
        sa.select(Repayment).where(Repayment.payment_id == receipt.payment_id)
    )
    if repayment.paid_on != paid_on:
        repayment.paid_on = paid_on
        db.session.flush()
    return repayment


def start_online(
    *,
    installment_id: int | None = None,
    loan_id: int | None = None,
    method: str,
    tenant,
    return_url: str,
    actor_id: int | None = None,
):
    """Start paying an installment (PromptPay QR whose Ref1 names it, or Stripe)
    or everything owed on a loan. Returns (payment, checkout)."""
    if method not in ONLINE_METHODS:
        raise errors.UnknownMethod(field="method")
    gateway.require_offered(method, tenant=tenant)  # before anything is written
    if installment_id is not None:
        item = get_installment(installment_id)
        loan = get_loan(item.loan_id)
        if item.status != "open" or item.version != loan.schedule_version:
            raise errors.NothingOutstanding()
        amount, purpose = item.remaining, f"welfare.installment:{item.id}"
    else:
        loan = get_loan(loan_id)
        amount, purpose = total_owed(loan), f"welfare.loan:{loan.id}"
    if loan.status not in ("active", "written_off"):
        raise errors.WrongStatus(status=loan.status_label)
    if amount <= 0:
        raise errors.NothingOutstanding()
    version = loan.schedule_version
    payment = payments.create_payment(
        purpose=purpose,
        amount=Money(amount),
        method=method,
        credit_account=_credit_account(loan),
        idempotency_key=f"{purpose}:v{version}:{amount}:{method}:{loan.status}",
        description=loan_title(loan.number),
        payer_person_id=loan.borrower_person_id,
        actor_id=actor_id,
    )
    if payment.status in ("succeeded", "refunded", "partially_refunded"):
        raise errors.NothingOutstanding()
    checkout = gateway.for_tenant(tenant, method=method).start(
        payment, return_url=return_url, tenant=tenant
    )
    if checkout.provider_ref and payment.status == "created":
        payments.transition(
            payment.id, "pending", source="welfare.loans", provider_ref=checkout.provider_ref
        )
    return payments.get(payment.id), checkout


# --- the payment hook ---------------------------------------------------------------


def loan_of_purpose(purpose: str) -> int | None:
    kind, _, number = (purpose or "").partition(":")
    if not (number.isascii() and number.isdigit()):
        return None
    if kind == "welfare.loan":
        return int(number)
    if kind == "welfare.installment":
        loan_id = db.session.scalar(
            sa.select(Installment.loan_id).where(Installment.id == int(number))
        )
        return loan_id
    return None


def apply_payment(payment: Payment, status: str) -> None:
    """Payment hook: a succeeded payment for a loan becomes a repayment (once)."""
    if status != "succeeded":
        return
    loan_id = loan_of_purpose(payment.purpose)
    if loan_id is None:
        return
    if (
        db.session.scalar(sa.select(Repayment.id).where(Repayment.payment_id == payment.id))
        is not None
    ):
        return
    loan = get_loan(loan_id, for_update=True)
    fund = get_fund(loan.fund_id)
    if loan.status == "written_off":
        _apply_recovery(loan, fund, payment)
    elif loan.status == "active":
        _apply_repayment(loan, fund, payment)
    else:  # closed meanwhile: the money stays the borrower's credit
        repayment = _new_repayment(loan, payment, "repayment", payment.amount)
        _post(repayment, fund, payment, [])


def _new_repayment(loan: Loan, payment: Payment, kind: str, credit: int) -> Repayment:
    repayment = Repayment(
        loan_id=loan.id,
        payment_id=payment.id,
        kind=kind,
        method=payment.method,
        amount_satang=payment.amount,
        credit_satang=credit,
        paid_on=ledger.today(),
        created_by=payment.created_by_user_id,
    )
    db.session.add(repayment)
    db.session.flush()
    return repayment


def _apply_repayment(loan: Loan, fund, payment: Payment) -> None:
    order = allocation.parse_order(loan.allocation_order)
    shares, left = allocation.allocate(
        payment.amount, owed_items(loan), order, loan.allocation_strategy
    )
    repayment = _new_repayment(loan, payment, "repayment", left)
    parts = dict.fromkeys(allocation.COMPONENTS, 0)
    for share in shares:
        _pay_component(share)
        parts[share.component] += share.amount
        db.session.add(
            RepaymentAllocation(
                repayment_id=repayment.id,
                installment_id=share.installment_id,
                component=share.component,
                amount_satang=share.amount,
            )
        )
    db.session.flush()
    _settle_installments({s.installment_id for s in shares}, repayment.paid_on)
    lines = [
        (accounts.account(fund, "member_credit"), payment.amount - left),
        (accounts.account(fund, "loans_receivable"), -parts["principal"]),
        (accounts.account(fund, "interest_income"), -parts["interest"]),
        (accounts.account(fund, "fee_income"), -parts["fee"]),
    ]
    _post(repayment, fund, payment, lines)
    db.session.execute(
        sa.update(Loan)
        .where(Loan.id == loan.id, Loan.outstanding_satang >= parts["principal"])
        .values(outstanding_satang=Loan.outstanding_satang - parts["principal"])
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(loan)
    if total_owed(loan) == 0:
        loan.status = "closed"
        loan.closed_on = repayment.paid_on
        db.session.flush()
    record(
        "welfare.loan.repayment",
        actor_id=payment.created_by_user_id,
        target_type="welfare_loan",
        target_id=loan.id,
        after={
            "payment_id": payment.id,
            "amount": payment.amount,
            "parts": parts,
            "credit": left,
            "status": loan.status,
        },
    )


def _apply_recovery(loan: Loan, fund, payment: Payment) -> None:
    room = loan.written_off_satang - loan.recovered_satang
    recovered = min(room, payment.amount)
    left = payment.amount - recovered
    repayment = _new_repayment(loan, payment, "recovery", left)
    loan.recovered_satang += recovered
    if loan.recovered_satang == loan.written_off_satang:
        loan.closed_on = repayment.paid_on
    db.session.flush()
    lines = [
        (accounts.account(fund, "member_credit"), recovered),
        (accounts.account(fund, "recovery_income"), -recovered),
    ]
    _post(repayment, fund, payment, lines)
    record(
        "welfare.loan.recovery",
        actor_id=payment.created_by_user_id,
        target_type="welfare_loan",
        target_id=loan.id,
        after={"payment_id": payment.id, "recovered": recovered, "credit": left},
    )


def _post(repayment: Repayment, fund, payment: Payment, lines: list) -> None:
    if payment.provider == "manual":  # cash, transfer, own PromptPay: the fund's money
        target = accounts.account(fund, SWEEP_TO.get(payment.method, "bank"))
        lines = lines + [(target, payment.amount), (payment.debit_account_id, -payment.amount)]
    lines = [(account, amount) for account, amount in lines if amount]
    if lines:
        entry = ledger.post(
            entry_date=ledger.today(),
            memo=f"Loan repayment {repayment.loan_id}",
            lines=lines,
            idempotency_key=f"welfare.repayment:{repayment.id}",
            source=f"welfare.repayment:{repayment.id}",
            actor_id=payment.created_by_user_id,
        )
        repayment.journal_entry_id = entry.id
        db.session.flush()


def _pay_component(share: allocation.Share) -> None:
    paid, due = PAID[share.component], DUE[share.component]
    done = db.session.execute(
        sa.update(Installment)
        .where(
            Installment.id == share.installment_id,
            Installment.status == "open",
            paid + share.amount <= due,
        )
        .values({paid: paid + share.amount})
        .returning(Installment.id)
        .execution_options(synchronize_session=False)
    ).first()
    if done is None:  # the loan row lock makes this unreachable; never pay twice
        raise errors.WrongStatus(status="—")


def _settle_installments(ids: set[int], paid_on: date) -> None:
    if not ids:
        return
    db.session.execute(
        sa.update(Installment)
        .where(
            Installment.id.in_(ids),
            Installment.status == "open",
            Installment.principal_paid == Installment.principal_due,
            Installment.interest_paid == Installment.interest_due,
            Installment.fee_paid == Installment.fee_due,
        )
        .values(status="paid", paid_on=paid_on)
        .execution_options(synchronize_session=False)
    )
    for installment_id in ids:
        obj = db.session.get(Installment, installment_id)
        if obj is not None:
            db.session.refresh(obj)


def repayments_of(loan_id: int) -> list[Repayment]:
    return list(
        db.session.scalars(
            sa.select(Repayment).where(Repayment.loan_id == loan_id).order_by(Repayment.id)
        )
    )


def allocations_of(repayment_id: int) -> list[RepaymentAllocation]:
    return list(
        db.session.scalars(
            sa.select(RepaymentAllocation)
            .where(RepaymentAllocation.repayment_id == repayment_id)
            .order_by(RepaymentAllocation.id)
        )
    )
