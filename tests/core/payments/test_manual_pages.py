"""The manual payment form, the receipt list, the printable receipt and voiding:
who may use them, what a receipt shows, and a double submit."""

from __future__ import annotations

import re

import sqlalchemy as sa

from core.db import db
from core.i18n.formatting import format_date
from core.ledger import queries
from core.ledger.services import get_or_create_account
from core.payments.accounts import landing_account
from core.payments.models import Payment
from core.payments.receipts import services as receipts
from core.payments.receipts.models import Receipt
from core.tenancy.context import tenant_context


def form_token(html: str) -> str:
    match = re.search(r'<input[^>]*name="token"[^>]*>', html)
    assert match, "no form token"
    return re.search(r'value="([^"]+)"', match.group(0)).group(1)


def sales_id(tenant) -> int:
    with tenant_context(tenant.id):
        return get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income").id


def submit(client, tenant, **data):
    page = client.get(f"/t/{tenant.slug}/payments/manual/new")
    assert page.status_code == 200
    fields = {"token": form_token(page.get_data(as_text=True)), "method": "cash", "amount": "1,234.50",
              "payer_name": "นางสมศรี มีสุข", "description": "ค่าหุ้นสหกรณ์", "credit_account": str(sales_id(tenant))}
    fields.update(data)
    return client.post(f"/t/{tenant.slug}/payments/manual/new", data=fields)


def only_receipt(tenant) -> Receipt:
    with tenant_context(tenant.id):
        [receipt] = db.session.scalars(sa.select(Receipt))
        db.session.expunge(receipt)
        return receipt


def test_staff_record_a_payment_and_print_a_thai_receipt(client, shop, make_member):
    with tenant_context(shop.id):
        shop.address = "99 หมู่ 3 ต.บ้านใหม่ อ.เมือง จ.น่าน"
        db.session.commit()
    client.login(make_member(shop, "staff"))
    response = submit(client, shop)
    assert response.status_code == 302
    receipt = only_receipt(shop)
    assert response.headers["Location"].endswith(f"/t/shop/payments/receipts/{receipt.id}")
    html = client.get(f"/t/shop/payments/receipts/{receipt.id}").get_data(as_text=True)
    assert "ใบเสร็จรับเงิน" in html and "99 หมู่ 3" in html
    assert receipt.display_number in html and "฿1,234.50" in html
    assert "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์" in html
    assert format_date(receipt.issued_at, "long", "th") in html
    assert str(receipt.issued_at.year + 543) in format_date(receipt.issued_at, "long", "th")
    assert "นางสมศรี มีสุข" in html and "@media print" in html
    listing = client.get("/t/shop/payments/receipts/").get_data(as_text=True)
    assert receipt.display_number in listing


def test_field_errors_in_thai_and_nothing_written(client, shop, make_member):
    client.login(make_member(shop, "staff"))
    response = submit(client, shop, method="transfer", reference="")
    assert response.status_code == 422
    assert "การโอนผ่านธนาคารต้องระบุเลขที่สลิปหรือเลขที่รายการ" in response.get_data(as_text=True)
    response = submit(client, shop, amount="สิบบาท")
    assert response.status_code == 422
    response = submit(client, shop, payer_name="")
    assert response.status_code == 422 and "เลือกบุคคลจากทะเบียน" in response.get_data(as_text=True)
    with tenant_context(shop.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Receipt)) == 0


def test_a_double_submit_records_one_payment(client, shop, make_member):
    client.login(make_member(shop, "staff"))
    page = client.get("/t/shop/payments/manual/new").get_data(as_text=True)
    data = {"token": form_token(page), "method": "transfer", "amount": "฿500", "reference": "KBANK-77",
            "payer_name": "นายดำ", "description": "ค่าน้ำ", "credit_account": str(sales_id(shop))}
    first = client.post("/t/shop/payments/manual/new", data=data)
    second = client.post("/t/shop/payments/manual/new", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    with tenant_context(shop.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 1
        assert landing_account("transfer").balance == 50000


def test_households_are_refused_other_tenants_see_nothing(client, shop, make_member, make_tenant):
    client.login(make_member(shop, "staff"))
    submit(client, shop)
    receipt = only_receipt(shop)
    client.login(make_member(shop, "household"))
    for url in ("/t/shop/payments/manual/new", "/t/shop/payments/receipts/", f"/t/shop/payments/receipts/{receipt.id}"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/t/shop/payments/receipts/{receipt.id}/void", data={"reason": "x"}).status_code == 403
    other = make_tenant(slug="other")
    client.login(make_member(other, "admin", "fund_manager", "staff"))
    assert client.get(f"/t/other/payments/receipts/{receipt.id}").status_code == 404
    assert client.post(f"/t/other/payments/receipts/{receipt.id}/void", data={"reason": "x"}).status_code == 404
    assert not only_receipt(shop).voided


def test_voiding_from_the_page(client, shop, make_member):
    client.login(make_member(shop, "staff"))
    submit(client, shop)
    receipt = only_receipt(shop)
    url = f"/t/shop/payments/receipts/{receipt.id}"
    assert client.post(f"{url}/void", data={"reason": "ผิด"}).status_code == 403  # staff may not void
    client.login(make_member(shop, "fund_manager"))
    page = client.post(f"{url}/void", data={"reason": "  "}, follow_redirects=True).get_data(as_text=True)
    assert "กรุณาระบุเหตุผลในการยกเลิกใบเสร็จนี้" in page and not only_receipt(shop).voided
    client.post(f"{url}/void", data={"reason": "รับเงินซ้ำ"})
    html = client.get(url).get_data(as_text=True)
    assert 'data-test="void-stamp"' in html and "รับเงินซ้ำ" in html and receipt.display_number in html
    again = client.post(f"{url}/void", data={"reason": "อีกครั้ง"}, follow_redirects=True).get_data(as_text=True)
    assert "ถูกยกเลิกไปแล้ว" in again
    with tenant_context(shop.id):
        assert receipts.get(receipt.id).void_reason == "รับเงินซ้ำ"
        assert landing_account("cash").balance == 0
        assert queries.verify_balances() == []


def test_the_slip_is_uploaded_with_the_form_and_listed_on_the_receipt(client, shop, make_member):
    import io

    from PIL import Image

    from core.documents.services import documents_for

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 200, 10)).save(out, "PNG")
    client.login(make_member(shop, "staff"))
    response = submit(client, shop, method="transfer", reference="SCB-1", file=(io.BytesIO(out.getvalue()), "slip.png"))
    assert response.status_code == 302
    receipt = only_receipt(shop)
    with tenant_context(shop.id):
        [doc] = documents_for("payment", receipt.payment_id)
        doc_id = doc.id
    html = client.get(f"/t/shop/payments/receipts/{receipt.id}").get_data(as_text=True)
    assert f"/documents/{doc_id}" in html and "slip.png" in html
    # a file that is not a photo or PDF: a field error, nothing recorded
    response = submit(client, shop, file=(io.BytesIO(b"MZ not a slip"), "slip.exe"))
    assert response.status_code == 422
    with tenant_context(shop.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Payment)) == 1
