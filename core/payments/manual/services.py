"""Payments recorded by staff: cash counted at the desk or a bank transfer
seen on a slip. One call creates the payment, settles it (the ledger entry is
posted), issues the numbered receipt, attaches the photo or scan and audits —
all in the caller's transaction. A form token makes a double submit record one
payment. Flush, never commit."""

from __future__ import annotations

import re

import sqlalchemy as sa

from core.audit.services import record
from core.ceilings import services as ceilings
from core.db import db
from core.errors import N_, ValidationError
from core.ledger.models import Account
from core.ledger.services import reserved_by
from core.money import Money
from core.payments import services as payments
from core.payments.accounts import LANDING
from core.payments.manual import credit_rules
from core.payments.models import Payment
from core.payments.receipts import services as receipts
from core.payments.receipts.models import Receipt

METHODS = ("cash", "transfer")
CREDIT_TYPES = ("income", "liability", "equity", "asset")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class UnknownMethod(ValidationError):
    code = "manual_unknown_method"
    message = N_("Choose cash or bank transfer")


class ReferenceRequired(ValidationError):
    code = "manual_reference_required"
    message = N_("A bank transfer needs the slip or transaction number")


class PayerRequired(ValidationError):
    code = "manual_payer_required"
    message = N_("Choose a person from the registry or type the payer's name")


class PayerNotFound(ValidationError):
    code = "manual_payer_not_found"
    message = N_("No person with this number in the registry")


class DescriptionRequired(ValidationError):
    code = "manual_description_required"
    message = N_("Say what the payment is for")


class InvalidCreditAccount(ValidationError):
    code = "manual_invalid_credit_account"
    message = N_("Choose the account this payment settles")


class InvalidFormToken(ValidationError):
    code = "manual_invalid_form_token"
    message = N_("This form has expired; open it again")


def _landing(account: Account) -> bool:
    return account.book == "general" and account.code in {code for code, _th, _en in LANDING.values()}


def credit_accounts() -> list[Account]:
    """Accounts staff may choose for a manual payment to settle: income,
    liabilities, funds (equity) and receivables, in the general book or a
    fund's book (core.payments.manual.credit_rules) — never where the money lands,
    nor those kept by their own process (a council's receivable from another
    is cleared only by settling the trade on both sides)."""
    stmt = sa.select(Account).where(Account.type.in_(CREDIT_TYPES)).order_by(Account.book, Account.code)
    return [a for a in db.session.scalars(stmt)
            if credit_rules.may_choose(a) and not _landing(a) and reserved_by(a) is None]


def credit_account(account_id: int | None) -> Account:
    for account in credit_accounts():
        if account.id == account_id:
            return account
    raise InvalidCreditAccount(field="credit_account")


def record_payment(
    *,
    method: str,
    amount: Money,
    credit_account: Account,
    description: str,
    token: str,
    actor_id: int | None,
    payer_person_id: int | None = None,
    payer_name: str | None = None,
    reference: str | None = None,
    purpose: str = "manual",
    book: str = receipts.DEFAULT_BOOK,
    document: bytes | None = None,
    document_filename: str | None = None,
    ip: str | None = None,
) -> Receipt:
    """Record a cash or transfer payment and return its receipt. The same
    ``token`` again returns the first receipt (a double submit)."""
    if not TOKEN.match(token or ""):
        raise InvalidFormToken()
    key = f"manual:{token}"
    existing = db.session.scalar(sa.select(Payment).where(Payment.idempotency_key == key))
    if existing is not None and (receipt := receipts.for_payment(existing.id)) is not None:
        if (existing.amount, existing.method) != (amount.satang, method):
            raise payments.IdempotencyConflict()
        return receipt
    method, reference, description, name = _check(method, reference, description, payer_person_id, payer_name)
    if amount.satang <= 0:
        raise payments.InvalidPaymentAmount(field="amount")
    if (not credit_rules.may_settle(credit_account) or _landing(credit_account)
            or reserved_by(credit_account) is not None):
        raise InvalidCreditAccount(field="credit_account")
    if method == "cash":
        ceilings.guard("cash_receipt", amount.satang)
    payment = payments.create_payment(
        purpose=purpose, amount=amount, method=method, credit_account=credit_account,
        idempotency_key=key, description=description[:200], payer_person_id=payer_person_id,
        payer_name=name, reference=reference, actor_id=actor_id,
    )
    payments.transition(payment.id, "succeeded", source="staff", actor_id=actor_id)
    receipt = receipts.for_payment(payment.id)
    if receipt is not None:  # a double submit that raced this one and won
        return receipt
    receipt = receipts.issue(
        amount=amount, payer_name=name, payer_person_id=payer_person_id, description=description,
        book=book, payment_id=payment.id, method=method, reference=reference, actor_id=actor_id,
    )
    if document:
        from core.documents.services import store

        store(document, document_filename, "receipt", actor_id=actor_id, target_type="payment",
              target_id=payment.id)
    record("payments.manual.record", actor_id=actor_id, target_type="payment", target_id=payment.id,
           after={"method": method, "amount": amount.satang, "reference": reference,
                  "credit_account_id": credit_account.id, "receipt": receipt.display_number,
                  "payer_person_id": payer_person_id, "payer_name": name}, ip=ip)
    return receipt


def _check(method, reference, description, payer_person_id, payer_name) -> tuple[str, str | None, str, str]:
    if method not in METHODS:
        raise UnknownMethod(field="method")
    reference = (reference or "").strip() or None
    if method == "transfer" and reference is None:
        raise ReferenceRequired(field="reference")
    description = (description or "").strip()
    if not description:
        raise DescriptionRequired(field="description")
    return method, reference, description, _payer_name(payer_person_id, payer_name)


def _payer_name(payer_person_id: int | None, payer_name: str | None) -> str:
    """The name on the receipt: the registry person's, else the typed one."""
    if payer_person_id is not None:
        from core.registry.models import Person

        person = db.session.scalar(sa.select(Person).where(Person.id == payer_person_id))
        if person is None:
            raise PayerNotFound(field="payer_person_id")
        return person.display_name("th")[:200]
    name = (payer_name or "").strip()
    if not name:
        raise PayerRequired(field="payer_name")
    return name[:200]
