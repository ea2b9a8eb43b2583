"""Payment verbs. Status changes are single conditional UPDATEs, so a webhook
delivered twice, late or out of order changes a payment at most once: effects
depend on the current status, never on arrival order. Flush, never commit."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.db import db, utcnow
from core.errors import N_, Conflict, NotFound, ValidationError
from core.ledger import services as ledger
from core.ledger.models import Account
from core.money import Money
from core.payments import gateway, hooks, policies
from core.payments.accounts import landing_account
from core.payments.models import METHODS, Payment, PaymentEvent, Refund

PROVIDER_BY_METHOD = {"card": "stripe", "promptpay": "stripe", "cash": "manual", "transfer": "manual", "fake": "fake"}


class PaymentNotFound(NotFound):
    code = "payment_not_found"
    message = N_("Payment not found")


class InvalidPaymentAmount(ValidationError):
    code = "invalid_payment_amount"
    message = N_("The amount must be more than zero")


class IdempotencyConflict(Conflict):
    code = "payment_idempotency_conflict"
    message = N_("This request was already used for a different payment")


class RefundTooLarge(Conflict):
    code = "refund_too_large"
    message = N_("At most %(available)s can still be refunded")


def get(payment_id: int, *, for_update: bool = False) -> Payment:
    stmt = sa.select(Payment).where(Payment.id == payment_id)
    if for_update:
        stmt = stmt.with_for_update()
    payment = db.session.scalar(stmt.execution_options(populate_existing=True))
    if payment is None:
        raise PaymentNotFound()
    return payment


def by_provider_ref(provider: str, provider_ref: str) -> Payment | None:
    return db.session.scalar(
        sa.select(Payment).where(Payment.provider == provider, Payment.provider_ref == provider_ref)
    )


def create_payment(
    *,
    purpose: str,
    amount: Money,
    method: str,
    credit_account: Account,
    idempotency_key: str,
    description: str = "",
    payer_person_id: int | None = None,
    payer_name: str | None = None,
    ref1: str | None = None,
    ref2: str | None = None,
    reference: str | None = None,
    actor_id: int | None = None,
    provider: str | None = None,
) -> Payment:
    """A new payment in ``created``; the same idempotency key with the same
    purpose and amount returns the first one."""
    if amount.satang <= 0:
        raise InvalidPaymentAmount(field="amount")
    if method not in METHODS:
        raise ValidationError(N_("Unknown payment method"), field="method")
    if method == "fake" and not gateway.fake_enabled():
        raise gateway.MethodNotOffered(field="method")  # no test money unless the config says so
    existing = db.session.scalar(sa.select(Payment).where(Payment.idempotency_key == idempotency_key))
    if existing is not None:
        if (existing.purpose, existing.amount, existing.method) != (purpose, amount.satang, method):
            raise IdempotencyConflict()
        return existing
    payment = Payment(
        purpose=purpose, description=description, amount=amount.satang, method=method,
        provider=provider or PROVIDER_BY_METHOD[method], idempotency_key=idempotency_key,
        payer_person_id=payer_person_id, payer_name=payer_name, ref1=ref1, ref2=ref2,
        reference=reference, credit_account_id=credit_account.id,
        debit_account_id=landing_account(method).id, created_by_user_id=actor_id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(payment)
            db.session.flush()
    except IntegrityError:
        existing = db.session.scalar(sa.select(Payment).where(Payment.idempotency_key == idempotency_key))
        if existing is None:
            raise
        if (existing.purpose, existing.amount, existing.method) != (purpose, amount.satang, method):
            raise IdempotencyConflict() from None
        return existing
    _event(payment.id, None, "created", source="create", actor_id=actor_id)
    return payment


def transition(
    payment_id: int,
    target: str,
    *,
    source: str,
    actor_id: int | None = None,
    provider_ref: str | None = None,
    failure_reason: str | None = None,
    detail: dict | None = None,
) -> bool:
    """Move a payment to ``target`` if its current status allows it. Returns
    True when this call made the change, False when it was already past it.
    Success posts the ledger entry; domains' hooks run in the same transaction."""
    allowed = policies.ALLOWED_FROM[target]
    values: dict = {"status": target, "updated_at": utcnow()}
    if provider_ref:
        values["provider_ref"] = provider_ref
    if failure_reason:
        values["failure_reason"] = failure_reason[:2000]
    if target == "succeeded":
        values["succeeded_at"] = utcnow()
    before = db.session.scalar(sa.select(Payment.status).where(Payment.id == payment_id))
    if before is None:
        raise PaymentNotFound()
    row = db.session.execute(
        sa.update(Payment)
        .where(Payment.id == payment_id, Payment.status.in_(allowed))
        .values(**values)
        .returning(Payment.id)
        .execution_options(synchronize_session=False)
    ).first()
    payment = get(payment_id)  # fresh, and NotFound for another tenant's id
    if row is None:
        return False
    _event(payment.id, before, target, source=source, actor_id=actor_id, detail=detail)
    if target == "succeeded":
        _post_success(payment, actor_id)
    hooks.fire(payment, target)
    return True


def _post_success(payment: Payment, actor_id: int | None) -> None:
    entry = ledger.post(
        entry_date=ledger.today(),
        memo=payment.description or payment.purpose,
        lines=[(payment.debit_account_id, payment.amount), (payment.credit_account_id, -payment.amount)],
        idempotency_key=f"payment:{payment.id}",
        source=f"payment:{payment.id}",
        actor_id=actor_id,
    )
    payment.journal_entry_id = entry.id
    db.session.flush()


def refund(
    payment_id: int,
    amount: Money,
    *,
    provider_ref: str,
    source: str,
    reason: str | None = None,
    actor_id: int | None = None,
) -> Refund:
    """Record a refund once per provider reference: money goes back out of the
    landing account and the settled account is debited again."""
    if amount.satang <= 0:
        raise InvalidPaymentAmount(field="amount")
    existing = db.session.scalar(sa.select(Refund).where(Refund.provider_ref == provider_ref))
    if existing is not None:
        return existing
    payment = get(payment_id)
    with db.session.begin_nested():
        grown = db.session.execute(
            sa.update(Payment)
            .where(
                Payment.id == payment_id,
                Payment.status.in_(policies.ALLOWED_FROM["refunded"]),
                Payment.refunded + amount.satang <= Payment.amount,
            )
            .values(refunded=Payment.refunded + amount.satang, updated_at=utcnow())
            .returning(Payment.refunded, Payment.status)
            .execution_options(synchronize_session=False)
        ).first()
        if grown is None:
            raise RefundTooLarge(available=str(Money(max(payment.amount - payment.refunded, 0))))
        status = policies.refund_status(payment.amount, grown.refunded)
        db.session.execute(
            sa.update(Payment).where(Payment.id == payment_id).values(status=status)
            .execution_options(synchronize_session=False)
        )
        record = Refund(payment_id=payment_id, amount=amount.satang, provider_ref=provider_ref,
                        reason=reason, actor_user_id=actor_id)
        db.session.add(record)
        db.session.flush()
        entry = ledger.post(
            entry_date=ledger.today(),
            memo=reason or f"Refund of payment {payment_id}",
            lines=[(payment.credit_account_id, amount.satang), (payment.debit_account_id, -amount.satang)],
            idempotency_key=f"refund:{record.id}",
            source=f"payment_refund:{record.id}",
            actor_id=actor_id,
        )
        record.journal_entry_id = entry.id
        db.session.flush()
    payment = get(payment_id)
    _event(payment_id, grown.status, status, source=source, actor_id=actor_id,
           detail={"refund_id": record.id, "amount": amount.satang})
    hooks.fire(payment, status)
    return record


def _event(payment_id, from_status, to_status, *, source, actor_id=None, detail=None) -> None:
    db.session.add(PaymentEvent(payment_id=payment_id, from_status=from_status, to_status=to_status,
                                source=source[:40], actor_user_id=actor_id, detail=detail))
    db.session.flush()
