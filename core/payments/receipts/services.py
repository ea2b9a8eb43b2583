"""Receipts: numbered without gaps per tenant, book and Buddhist-Era year, and
voided by reversal, never deleted.

The number comes from one ``UPDATE receipt_counter SET last_number =
last_number + 1 … RETURNING`` in the caller's transaction: the row lock it takes
serialises concurrent issuers, and a rollback undoes the increment with the
receipt, so no number is burnt. Flush, never commit."""

from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from core.audit.services import record, snapshot
from core.db import db, utcnow
from core.errors import N_, Conflict, NotFound, ValidationError
from core.i18n.formatting import BE_OFFSET, local
from core.ledger import services as ledger
from core.money import Money
from core.payments import hooks
from core.payments import services as payments
from core.payments.models import Payment, PaymentEvent, Refund
from core.payments.receipts.models import Receipt, ReceiptCounter
from core.tenancy.context import require_tenant_id

DEFAULT_BOOK = "general"
BOOK = re.compile(r"^[a-z][a-z0-9_.:-]{0,39}$")
PAGE = 50


class ReceiptNotFound(NotFound):
    code = "receipt_not_found"
    message = N_("Receipt not found")


class InvalidBook(ValidationError):
    code = "invalid_receipt_book"
    message = N_("Unknown receipt book")


class VoidNeedsReason(ValidationError):
    code = "void_needs_reason"
    message = N_("Give the reason for voiding this receipt")


class AlreadyVoided(Conflict):
    code = "receipt_already_voided"
    message = N_("Receipt %(number)s was already voided")


class PaymentNotVoidable(Conflict):
    code = "payment_not_voidable"
    message = N_("This payment has already been refunded in part or in full; it cannot be voided")


def be_year(when: datetime) -> int:
    """The Buddhist-Era year of a moment in Bangkok (1 January local time starts a year)."""
    return local(when).year + BE_OFFSET


def book_prefix(book: str) -> str:
    """``""`` for the general book, ``FUND12-`` for ``fund:12``."""
    if book == DEFAULT_BOOK:
        return ""
    return re.sub(r"[^A-Z0-9]", "", book.upper()) + "-"


def display_number(book: str, year: int, number: int) -> str:
    return f"{book_prefix(book)}{year}/{number:06d}"


def next_number(book: str, year: int) -> int:
    """Take the next number of ``book`` for ``year``; held until the caller's
    transaction ends (its rollback gives the number back)."""
    tenant_id = require_tenant_id()
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(ReceiptCounter)
        .values(tenant_id=tenant_id, book=book, year=year, last_number=0)
        .on_conflict_do_nothing(index_elements=["tenant_id", "book", "year"])
    )
    return db.session.execute(
        sa.update(ReceiptCounter)
        .where(ReceiptCounter.tenant_id == tenant_id, ReceiptCounter.book == book, ReceiptCounter.year == year)
        .values(last_number=ReceiptCounter.last_number + 1)
        .returning(ReceiptCounter.last_number)
        .execution_options(synchronize_session=False)
    ).scalar_one()


def issue(
    *,
    amount: Money,
    payer_name: str,
    description: str,
    actor_id: int | None,
    book: str = DEFAULT_BOOK,
    payment_id: int | None = None,
    payer_person_id: int | None = None,
    method: str | None = None,
    reference: str | None = None,
    issued_at: datetime | None = None,
) -> Receipt:
    """A receipt with the next number of its book."""
    if not BOOK.match(book or ""):
        raise InvalidBook(field="book")
    if amount.satang <= 0:
        raise payments.InvalidPaymentAmount(field="amount")
    issued_at = issued_at or utcnow()
    year = be_year(issued_at)
    number = next_number(book, year)
    receipt = Receipt(
        book=book, year=year, number=number, display_number=display_number(book, year, number),
        issued_at=issued_at, payment_id=payment_id, payer_person_id=payer_person_id,
        payer_name=payer_name, amount=amount.satang, description=description, method=method,
        reference=reference, issued_by_user_id=actor_id,
    )
    db.session.add(receipt)
    db.session.flush()
    record("payments.receipt.issue", actor_id=actor_id, target_type="receipt", target_id=receipt.id,
           after=snapshot(receipt))
    return receipt


def get(receipt_id: int, *, for_update: bool = False) -> Receipt:
    stmt = sa.select(Receipt).where(Receipt.id == receipt_id)
    if for_update:
        stmt = stmt.with_for_update()
    receipt = db.session.scalar(stmt.execution_options(populate_existing=True))
    if receipt is None:
        raise ReceiptNotFound()
    return receipt


def for_payment(payment_id: int) -> Receipt | None:
    return db.session.scalar(sa.select(Receipt).where(Receipt.payment_id == payment_id))


def receipts_query(book: str | None = None) -> sa.Select:
    """Newest first, optionally of one book."""
    stmt = sa.select(Receipt).order_by(Receipt.issued_at.desc(), Receipt.id.desc())
    if book:
        stmt = stmt.where(Receipt.book == book)
    return stmt


def recent(page: int = 1, book: str | None = None) -> tuple[list[Receipt], bool]:
    """Newest first, one page, and whether there is another."""
    stmt = receipts_query(book)
    rows = list(db.session.scalars(stmt.offset((max(page, 1) - 1) * PAGE).limit(PAGE + 1)))
    return rows[:PAGE], len(rows) > PAGE


def books() -> list[str]:
    return list(db.session.scalars(sa.select(Receipt.book).distinct().order_by(Receipt.book)))


def void(receipt_id: int, *, reason: str, actor_id: int | None, ip: str | None = None) -> Receipt:
    """Void a receipt: it stays, with its number, marked void with the reason;
    its payment's journal entry is reversed and the payment becomes refunded."""
    reason = (reason or "").strip()
    if not reason:
        raise VoidNeedsReason(field="reason")
    receipt = get(receipt_id, for_update=True)
    if receipt.voided:
        raise AlreadyVoided(number=receipt.display_number)
    before = snapshot(receipt)
    if receipt.payment_id is not None:
        receipt.void_entry_id = _reverse_payment(receipt, reason, actor_id, ip)
    receipt.voided_at = utcnow()
    receipt.void_reason = reason[:2000]
    receipt.voided_by_user_id = actor_id
    db.session.flush()
    record("payments.receipt.void", actor_id=actor_id, target_type="receipt", target_id=receipt.id,
           before=before, after=snapshot(receipt), ip=ip)
    return receipt


def _reverse_payment(receipt: Receipt, reason: str, actor_id: int | None, ip: str | None) -> int:
    """Reverse the payment's entry (a true reversal pointing at it, not a second
    refund entry) and move the payment to ``refunded`` with a refund row that
    names the void. Refused when the payment was refunded in any part already."""
    payment = payments.get(receipt.payment_id, for_update=True)
    if payment.status != "succeeded" or payment.refunded or payment.journal_entry_id is None:
        raise PaymentNotVoidable()
    reversal = ledger.reverse(payment.journal_entry_id, reason=reason, actor_id=actor_id, ip=ip)
    changed = db.session.execute(
        sa.update(Payment)
        .where(Payment.id == payment.id, Payment.status == "succeeded", Payment.refunded == 0)
        .values(status="refunded", refunded=Payment.amount, updated_at=utcnow())
        .returning(Payment.id)
        .execution_options(synchronize_session=False)
    ).first()
    if changed is None:  # pragma: no cover - the row lock above makes this unreachable
        raise PaymentNotVoidable()
    refund = Refund(payment_id=payment.id, amount=payment.amount, provider_ref=f"void:{receipt.id}",
                    reason=reason, journal_entry_id=reversal.id, actor_user_id=actor_id)
    db.session.add(refund)
    db.session.flush()
    db.session.add(PaymentEvent(payment_id=payment.id, from_status="succeeded", to_status="refunded",
                                source="receipt.void", actor_user_id=actor_id,
                                detail={"receipt_id": receipt.id, "refund_id": refund.id}))
    db.session.flush()
    payment = payments.get(payment.id)
    hooks.fire(payment, "refunded")
    return reversal.id
