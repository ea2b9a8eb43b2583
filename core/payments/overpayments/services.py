"""Overpayments: money that arrived for something already settled is never
absorbed silently. A domain's payment hook, which knows what is still due,
opens one for the part of a succeeded payment that is more than was owed
(``open_for``); it stays on the overpayments page until staff refund it:
through the payment's gateway (Stripe: a refund at Stripe, recorded once by
its id) or, for money the organisation took itself (cash, transfer, its own
PromptPay), by hand with a numbered refund receipt the payer signs.

Flush, never commit."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.services import record
from core.db import db, utcnow
from core.errors import N_, Conflict, NotFound
from core.money import Money
from core.payments import services as payments
from core.payments.models import Payment, Refund
from core.payments.overpayments.models import Overpayment
from core.payments.receipts import services as receipts

REFUND_BOOK = "refund"  # refund receipts are numbered in their own book
GATEWAY_PROVIDERS = ("stripe", "fake")


class OverpaymentNotFound(NotFound):
    code = "overpayment_not_found"
    message = N_("Overpayment not found")


class OverpaymentResolved(Conflict):
    code = "overpayment_resolved"
    message = N_("This overpayment was already refunded or kept as credit")


def get(overpayment_id: int, *, for_update: bool = False) -> Overpayment:
    stmt = sa.select(Overpayment).where(Overpayment.id == overpayment_id)
    if for_update:
        stmt = stmt.with_for_update()
    row = db.session.scalar(stmt.execution_options(populate_existing=True))
    if row is None:
        raise OverpaymentNotFound()
    return row


def for_payment(payment_id: int) -> Overpayment | None:
    return db.session.scalar(sa.select(Overpayment).where(Overpayment.payment_id == payment_id))


def of_purpose(purpose: str) -> list[Overpayment]:
    return list(db.session.scalars(
        sa.select(Overpayment).where(Overpayment.purpose == purpose).order_by(Overpayment.id)))


def listing(status: str | None = "open", limit: int = 200) -> list[Overpayment]:
    stmt = sa.select(Overpayment).order_by(Overpayment.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(Overpayment.status == status)
    return list(db.session.scalars(stmt))


def open_for(payment: Payment, amount: int, reason: str) -> Overpayment | None:
    """Flag ``amount`` of a succeeded payment as overpaid (once per payment)."""
    amount = min(int(amount), payment.amount - payment.refunded)
    if amount <= 0:
        return None
    existing = for_payment(payment.id)
    if existing is not None:
        return existing
    try:
        with db.session.begin_nested():
            row = Overpayment(payment_id=payment.id, purpose=payment.purpose, amount=amount, reason=reason)
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        return for_payment(payment.id)
    record("payments.overpayment.open", actor_id=None, target_type="payment", target_id=payment.id,
           after={"overpayment_id": row.id, "amount": amount, "reason": reason, "purpose": payment.purpose,
                  "method": payment.method, "provider": payment.provider})
    return row


def close_if_refunded(payment: Payment) -> Overpayment | None:
    """An overpaid payment refunded another way (at Stripe's dashboard, from
    the payment's page, by voiding its receipt): the exception is closed with
    that refund, so nobody refunds it twice."""
    row = db.session.scalar(sa.select(Overpayment).where(Overpayment.payment_id == payment.id,
                                                         Overpayment.status == "open").with_for_update())
    if row is None or payment.refunded < row.amount or getattr(row, "refunding", False):
        return None
    last = db.session.scalar(sa.select(Refund.id).where(Refund.payment_id == payment.id)
                             .order_by(Refund.id.desc()).limit(1))
    row.status, row.refund_id, row.resolved_at = "refunded", last, utcnow()
    db.session.flush()
    record("payments.overpayment.closed_by_refund", actor_id=None, target_type="payment", target_id=payment.id,
           after={"overpayment_id": row.id, "refund_id": last, "refunded": payment.refunded})
    return row


def refund(overpayment_id: int, *, tenant, actor_id: int | None, ip: str | None = None) -> Overpayment:
    """Give the overpaid money back and close the exception, in one transaction."""
    row = get(overpayment_id, for_update=True)
    if row.status != "open":
        raise OverpaymentResolved()
    payment = payments.get(row.payment_id, for_update=True)
    row.refunding = True  # this refund closes it below, not the payment hook
    reason = f"Overpayment {row.id} refunded"
    if payment.provider in GATEWAY_PROVIDERS:
        from core.payments.stripe.gateway import refund_via_gateway

        done = refund_via_gateway(payment.id, row.amount, tenant=tenant, reason=reason, actor_id=actor_id)
    else:
        done = payments.refund(payment.id, Money(row.amount), provider_ref=f"overpayment:{row.id}",
                               source="staff", reason=reason, actor_id=actor_id)
        slip = receipts.issue(
            amount=Money(row.amount), payer_name=payment.payer_name or payment.description or "-",
            payer_person_id=payment.payer_person_id, book=REFUND_BOOK, method=payment.method,
            description=f"คืนเงินชำระเกิน / Overpayment refund (payment {payment.id})", actor_id=actor_id,
        )
        row.receipt_id = slip.id
    row.status, row.refund_id = "refunded", done.id
    row.resolved_by_user_id, row.resolved_at = actor_id, utcnow()
    db.session.flush()
    record("payments.overpayment.refund", actor_id=actor_id, target_type="payment", target_id=payment.id,
           after={"overpayment_id": row.id, "amount": row.amount, "refund_id": done.id,
                  "refund_receipt_id": row.receipt_id}, ip=ip)
    return row


def keep_as_credit(row: Overpayment, *, credit_ref: str, actor_id: int | None, ip: str | None = None) -> Overpayment:
    """Close an open overpayment (locked by the caller) because a domain kept
    the money for the payer instead of giving it back: a household's store
    credit, whose entry ``credit_ref`` names."""
    if row.status != "open":
        raise OverpaymentResolved()
    row.status, row.credit_ref = "credited", credit_ref[:80]
    row.resolved_by_user_id, row.resolved_at = actor_id, utcnow()
    db.session.flush()
    record("payments.overpayment.credit", actor_id=actor_id, target_type="payment", target_id=row.payment_id,
           after={"overpayment_id": row.id, "amount": row.amount, "credit_ref": row.credit_ref}, ip=ip)
    return row
