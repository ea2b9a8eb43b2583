"""Recording cash and transfers: the payment, its ledger entry, the receipt,
the attached scan, the rules about payer and reference, and a double submit."""

from __future__ import annotations

import io
import secrets

import pytest
import sqlalchemy as sa
from PIL import Image

from core.audit.models import AuditEvent
from core.db import db
from core.documents.services import documents_for
from core.ledger import queries
from core.ledger.services import get_or_create_account
from core.money import Money
from core.payments import services as payments
from core.payments.accounts import landing_account
from core.payments.manual import services as manual
from core.payments.models import Payment
from core.payments.receipts import services as receipts
from core.tenancy.context import tenant_context


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()


def call(tenant, **kw):
    with tenant_context(tenant.id):
        sales = get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income")
        args = {"method": "transfer", "amount": Money.parse("1 234.50 บาท"), "credit_account": sales,
                "description": "ค่าปุ๋ย", "token": secrets.token_urlsafe(16), "actor_id": None,
                "payer_name": "นางสมศรี", "reference": "SLIP-001"} | kw
        try:
            r = manual.record_payment(**args)
            db.session.commit()
            return r.id, r.payment_id
        except Exception:
            db.session.rollback()
            raise


def test_a_transfer_is_settled_receipted_attached_and_audited(shop):
    receipt_id, payment_id = call(shop, document=png(), document_filename="slip.png")
    with tenant_context(shop.id):
        payment = payments.get(payment_id)
        assert (payment.status, payment.method, payment.provider, payment.amount) == ("succeeded", "transfer", "manual", 123450)
        assert payment.reference == "SLIP-001" and payment.journal_entry_id is not None
        assert landing_account("transfer").balance == 123450
        assert queries.verify_balances() == []
        receipt = receipts.get(receipt_id)
        assert (receipt.number, receipt.payer_name, receipt.reference) == (1, "นางสมศรี", "SLIP-001")
        [doc] = documents_for("payment", payment_id)
        assert doc.kind == "receipt" and doc.content_type == "image/png"
        actions = set(db.session.scalars(sa.select(AuditEvent.action)))
        assert {"payments.manual.record", "payments.receipt.issue"} <= actions


def test_a_transfer_needs_a_reference_cash_does_not(shop):
    with pytest.raises(manual.ReferenceRequired):
        call(shop, reference="  ")
    receipt_id, _ = call(shop, method="cash", reference=None)
    with tenant_context(shop.id):
        assert receipts.get(receipt_id).number == 1  # the refused one burnt nothing
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 1


def test_the_payer_is_a_registry_person_or_a_typed_name(shop, make_person, make_tenant):
    person = make_person(shop, first_name_th="บุญมี", last_name_th="มีสุข", national_id="1101700230708")
    receipt_id, _ = call(shop, payer_person_id=person.id, payer_name=None)
    with tenant_context(shop.id):
        receipt = receipts.get(receipt_id)
        assert "บุญมี" in receipt.payer_name and "1101700230708" not in receipt.payer_name
        assert receipt.payer_person_id == person.id
    with pytest.raises(manual.PayerRequired):
        call(shop, payer_name="  ")
    stranger = make_person(make_tenant(slug="other"))
    with pytest.raises(manual.PayerNotFound):
        call(shop, payer_person_id=stranger.id)


def test_bad_input_is_refused_field_by_field(shop):
    for kw, field in [({"method": "card"}, "method"), ({"description": " "}, "description"),
                      ({"amount": Money(0)}, "amount"), ({"token": "short"}, None)]:
        with pytest.raises(Exception) as caught:
            call(shop, **kw)
        assert getattr(caught.value, "field", "missing") == field, kw
    with tenant_context(shop.id):
        cash = landing_account("cash")
        db.session.commit()
    with pytest.raises(manual.InvalidCreditAccount):
        call(shop, credit_account=cash)
    with tenant_context(shop.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 0


def test_the_same_form_token_records_one_payment(shop):
    token = secrets.token_urlsafe(16)
    first = call(shop, token=token, document=png(), document_filename="slip.png")
    assert call(shop, token=token, document=png(), document_filename="slip.png") == first
    with tenant_context(shop.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 1
        assert landing_account("transfer").balance == 123450
        assert len(documents_for("payment", first[1])) == 1
    # the same token with another amount is a conflict, not a second payment
    with pytest.raises(payments.IdempotencyConflict):
        call(shop, token=token, amount=Money(999))
    with tenant_context(shop.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 1
