"""Receipt numbers: sequential and gapless per tenant, book and Buddhist-Era
year; a rolled-back transaction gives its number back. Voiding reverses the
ledger and keeps the number."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import queries
from core.ledger.models import JournalEntry
from core.ledger.services import get_or_create_account
from core.money import Money
from core.payments import services as payments
from core.payments.accounts import landing_account
from core.payments.manual import services as manual
from core.payments.models import Refund
from core.payments.receipts import services as receipts
from core.payments.receipts.models import Receipt
from core.tenancy.context import tenant_context


def issue(tenant, book="general", issued_at=None) -> tuple[int, str]:
    with tenant_context(tenant.id):
        r = receipts.issue(amount=Money(500), payer_name="นางสมศรี", description="ค่าสมาชิก",
                           actor_id=None, book=book, issued_at=issued_at)
        db.session.commit()
        return r.number, r.display_number


def record(tenant, amount="100.00", method="cash", **kw) -> dict:
    with tenant_context(tenant.id):
        sales = get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income")
        kw.setdefault("token", secrets.token_urlsafe(16))
        kw.setdefault("payer_name", "นายสมชาย ใจดี")
        kw.setdefault("description", "ข้าวสาร 5 กก.")
        r = manual.record_payment(method=method, amount=Money.parse(amount), credit_account=sales,
                                  actor_id=None, **kw)
        db.session.commit()
        return {"id": r.id, "number": r.number, "payment_id": r.payment_id, "display": r.display_number}


def test_numbers_are_sequential_per_tenant_and_book(shop, make_tenant):
    other = make_tenant(slug="other")
    assert [issue(shop)[0] for _ in range(3)] == [1, 2, 3]
    assert [issue(shop, "fund:12")[0] for _ in range(2)] == [1, 2]
    assert issue(other)[0] == 1
    assert issue(shop)[0] == 4
    number, display = issue(shop, "fund:12")
    assert number == 3 and display.startswith("FUND12-") and display.endswith("/000003")


def test_year_rolls_over_at_new_year_in_bangkok(shop):
    # 23:59 on 31 December 2569 in Bangkok, then midnight: a new year, a new series
    late = datetime(2026, 12, 31, 16, 59, tzinfo=UTC)
    new_year = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    assert issue(shop, issued_at=late) == (1, "2569/000001")
    assert issue(shop, issued_at=late) == (2, "2569/000002")
    assert issue(shop, issued_at=new_year) == (1, "2570/000001")
    assert issue(shop, issued_at=late) == (3, "2569/000003")


def test_a_rolled_back_receipt_gives_its_number_back(shop):
    with tenant_context(shop.id):
        r = receipts.issue(amount=Money(100), payer_name="ก", description="x", actor_id=None)
        assert r.number == 1
        db.session.rollback()
    assert issue(shop)[0] == 1


def test_a_failed_recording_burns_no_number_and_leaves_nothing(shop):
    with tenant_context(shop.id):
        sales = get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income")
        with pytest.raises(Exception) as caught:  # the scan is not an image or PDF
            manual.record_payment(method="cash", amount=Money(10000), credit_account=sales, actor_id=None,
                                  token=secrets.token_urlsafe(16), payer_name="ก", description="x",
                                  document=b"not a picture", document_filename="x.jpg")
        assert getattr(caught.value, "field", None) == "file"
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 0
    assert record(shop)["number"] == 1
    with tenant_context(shop.id):
        assert queries.verify_balances() == []
        assert landing_account("cash").balance == 10000


def test_the_database_refuses_a_duplicate_number(shop):
    issue(shop)
    with tenant_context(shop.id):
        db.session.add(Receipt(book="general", year=receipts.be_year(datetime.now(UTC)), number=1,
                               display_number="dup", payer_name="ก", amount=1, description=""))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_void_reverses_the_ledger_and_keeps_the_number(shop):
    first = record(shop, "250.00")
    second = record(shop, "1,234.50")
    with tenant_context(shop.id):
        assert landing_account("cash").balance == 25000 + 123450
        receipts.void(first["id"], reason="บันทึกผิดรายการ", actor_id=None)
        db.session.commit()
    with tenant_context(shop.id):
        assert landing_account("cash").balance == 123450
        assert queries.verify_balances() == []
        voided = receipts.get(first["id"])
        assert voided.voided and voided.number == 1 and voided.void_reason == "บันทึกผิดรายการ"
        reversal = db.session.get(JournalEntry, voided.void_entry_id)
        payment = payments.get(first["payment_id"])
        assert reversal.reversal_of_id == payment.journal_entry_id
        assert (payment.status, payment.refunded) == ("refunded", 25000)
        refund = db.session.scalar(sa.select(Refund).where(Refund.payment_id == payment.id))
        assert refund.provider_ref == f"void:{first['id']}" and refund.journal_entry_id == reversal.id
        assert not receipts.get(second["id"]).voided
    # the voided number stays used
    assert record(shop)["number"] == 3


def test_void_needs_a_reason_and_happens_once(shop):
    first = record(shop)
    with tenant_context(shop.id):
        for reason in ("", "   "):
            with pytest.raises(receipts.VoidNeedsReason):
                receipts.void(first["id"], reason=reason, actor_id=None)
        assert not receipts.get(first["id"]).voided
        receipts.void(first["id"], reason="ซ้ำ", actor_id=None)
        db.session.commit()
        with pytest.raises(receipts.AlreadyVoided):
            receipts.void(first["id"], reason="อีกครั้ง", actor_id=None)
        db.session.rollback()
        assert landing_account("cash").balance == 0
        assert queries.verify_balances() == []


def test_a_partly_refunded_payment_cannot_be_voided(shop):
    first = record(shop, "100.00")
    with tenant_context(shop.id):
        payments.refund(first["payment_id"], Money(1000), provider_ref="r1", source="test")
        db.session.commit()
        with pytest.raises(receipts.PaymentNotVoidable):
            receipts.void(first["id"], reason="ผิด", actor_id=None)
        db.session.rollback()
        assert not receipts.get(first["id"]).voided
        assert landing_account("cash").balance == 9000


def test_another_tenants_receipt_is_not_found(shop, make_tenant):
    first = record(shop)
    other = make_tenant(slug="other")
    with tenant_context(other.id):
        with pytest.raises(receipts.ReceiptNotFound):
            receipts.get(first["id"])
        with pytest.raises(receipts.ReceiptNotFound):
            receipts.void(first["id"], reason="x", actor_id=None)
