"""Paying with the organisation's own PromptPay QR: no payment provider, the
money goes straight to the organisation's bank account.

Starting a payment names what it pays in Ref1 (``ORD12`` for
``market.order:12``; ``PAY<id>`` when the purpose names nothing we know) and
the payment itself in Ref2, moves the payment to ``pending`` as a ``manual``
PromptPay payment landing in the bank account, and returns the QR payload:
bill payment (tag 30, Ref1/Ref2 reach the bank statement) when the tenant has
a biller ID, else a transfer to its phone or ID with the amount and Ref1 in
tag 62. The payment succeeds when the bank statement line is reconciled, or
when staff see the money arrive and confirm it by hand. Flush, never commit.
"""

from __future__ import annotations

import sqlalchemy as sa

from core.audit import services as audit
from core.db import db, utcnow
from core.errors import N_, Conflict, ValidationError
from core.money import Money
from core.payments import gateway, services
from core.payments.accounts import landing_account
from core.payments.gateway import Checkout
from core.payments.models import Payment
from core.payments.promptpay import payload
from core.payments.promptpay import settings as promptpay_settings
from core.payments.promptpay.payload import REF_PREFIXES, ref_for

NAME = "promptpay_own"
OPEN = ("created", "pending")
BANK_METHOD = "transfer"  # the own-PromptPay money lands where bank transfers land
BANK_REFERENCE_LONGEST = 100


class OwnPromptPayNotConfigured(Conflict):
    code = "promptpay_own_not_configured"
    message = N_("This organisation has not set up its PromptPay yet")


class NotOwnPromptPay(Conflict):
    code = "promptpay_own_not_payable"
    message = N_("This payment cannot be paid with the organisation's PromptPay QR code")


class BankReferenceRequired(ValidationError):
    code = "promptpay_bank_reference_required"
    message = N_("Enter the reference the bank app shows for this transfer, at most 100 characters")


def ref1_for(payment: Payment) -> str:
    """``ORD12`` for ``market.order:12``, ``INS5`` for ``welfare.installment:5``,
    ``CON7`` for ``…contribution:7``; ``PAY<payment id>`` otherwise."""
    kind, _, number = (payment.purpose or "").partition(":")
    what = kind.rsplit(".", 1)[-1]
    if what in REF_PREFIXES and number.isascii() and number.isdigit() and int(number) > 0:
        return ref_for(what, int(number))
    return f"PAY{payment.id}"


def ref2_for(payment: Payment) -> str:
    return f"PAY{payment.id}"


def is_own(payment: Payment) -> bool:
    """Started as an own-PromptPay payment (a manual PromptPay one with Ref1)."""
    return payment.method == "promptpay" and payment.provider == "manual" and bool(payment.ref1)


def qr_payload(payment: Payment, tenant) -> str:
    """The payload for a started payment, from its stored Ref1/Ref2."""
    if not promptpay_settings.configured(tenant):
        raise OwnPromptPayNotConfigured()
    amount = Money(payment.amount)
    if promptpay_settings.stored(tenant)["kind"] == "biller":
        return payload.build(promptpay_settings.payee(tenant, payment.ref1, payment.ref2), amount)
    return payload.build(promptpay_settings.payee(tenant), amount, reference=payment.ref1)


def provider_ref(payment: Payment) -> str:
    return f"{NAME}:{payment.id}"


class OwnPromptPayGateway:
    name = NAME

    def start(self, payment: Payment, *, return_url: str | None = None, tenant) -> Checkout:
        """Name the payment (Ref1/Ref2), move it to ``pending`` and give its QR.
        Starting twice gives the same QR."""
        if not promptpay_settings.configured(tenant):
            raise OwnPromptPayNotConfigured()
        if payment.method != "promptpay" or payment.status not in OPEN:
            raise NotOwnPromptPay()
        if payment.status == "created":
            db.session.execute(
                sa.update(Payment)
                .where(Payment.id == payment.id, Payment.status == "created")
                .values(provider="manual", debit_account_id=landing_account(BANK_METHOD).id,
                        ref1=sa.func.coalesce(Payment.ref1, ref1_for(payment)),
                        ref2=sa.func.coalesce(Payment.ref2, ref2_for(payment)), updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            services.transition(payment.id, "pending", source=NAME, provider_ref=provider_ref(payment))
            payment = services.get(payment.id)
        if not is_own(payment):  # pending with another provider (Stripe started it)
            raise NotOwnPromptPay()
        return Checkout(provider_ref=payment.provider_ref or provider_ref(payment),
                        qr_payload=qr_payload(payment, tenant))

    def refund(self, payment: Payment, amount: int, *, tenant, key: str) -> str:
        """Money sent back by hand from the bank; recorded under our own key."""
        return f"{NAME}_re_{key}"


GATEWAY = OwnPromptPayGateway()
gateway.register(NAME, GATEWAY)


def start(payment_id: int, *, tenant) -> Checkout:
    payment = services.get(payment_id, for_update=True)
    if payment.method != "promptpay" or gateway.stripe_configured(tenant):
        raise NotOwnPromptPay()
    if not gateway.own_promptpay_configured(tenant):
        raise OwnPromptPayNotConfigured()
    return GATEWAY.start(payment, tenant=tenant)


def confirm_by_staff(payment_id: int, bank_reference: str | None, *, actor_id: int | None) -> bool:
    """Staff saw the money in the bank app: the payment succeeds (once; the
    ledger entry is posted by the transition). True when this call did it."""
    payment = services.get(payment_id, for_update=True)
    if payment.method != "promptpay" or payment.provider != "manual":
        raise NotOwnPromptPay()
    reference = " ".join((bank_reference or "").split())
    if not reference or len(reference) > BANK_REFERENCE_LONGEST:
        raise BankReferenceRequired(field="bank_reference")
    changed = services.transition(payment.id, "succeeded", source="staff", actor_id=actor_id,
                                  detail={"bank_reference": reference})
    if not changed:
        return False
    payment = services.get(payment.id)
    if not payment.reference:
        payment.reference = reference
    db.session.flush()
    audit.record("payments.promptpay.confirm", actor_id=actor_id, target_type="payment", target_id=payment.id,
                 before={"status": "pending"}, after={"status": "succeeded", "bank_reference": reference})
    return True


def cancel_by_staff(payment_id: int, *, actor_id: int | None) -> bool:
    """Cancel a payment nobody paid; True when this call did it."""
    payment = services.get(payment_id, for_update=True)
    if payment.method != "promptpay" or payment.provider != "manual":
        raise NotOwnPromptPay()
    before = payment.status
    if not services.transition(payment.id, "cancelled", source="staff", actor_id=actor_id):
        return False
    audit.record("payments.promptpay.cancel", actor_id=actor_id, target_type="payment", target_id=payment.id,
                 before={"status": before}, after={"status": "cancelled"})
    return True
