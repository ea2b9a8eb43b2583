"""The manual payment and receipt JSON API: the same services and permissions
as the pages, money as satang plus a formatted string, idempotent recording."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger.services import get_or_create_account
from core.payments.models import Payment
from core.payments.receipts.models import Receipt
from core.tenancy.context import tenant_context
from tests.factories.core import bearer as api_bearer

API = "/api/v1/t/shop"
KEY = "pay-desk-0001-abcdef"


@pytest.fixture
def sales(shop) -> int:
    with tenant_context(shop.id):
        return get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income").id


def bearer(user, tenant) -> dict:
    return api_bearer(user, tenant, "ระบบบัญชี")


def body(sales, **kw):
    return {"amount": "1,234.50", "method": "cash", "payer_name": "นางสมศรี ใจดี", "credit_account_id": sales,
            "description": "ค่าบำรุงกองทุน", **kw}


def count(tenant, model) -> int:
    with tenant_context(tenant.id):
        return db.session.scalar(sa.select(sa.func.count(model.id)))


def test_record_with_a_session_then_list_get_and_void(client, shop, sales, make_member):
    client.login(make_member(shop, "admin"))
    created = client.post(f"{API}/payments/manual", json=body(sales, idempotency_key=KEY))
    assert created.status_code == 201, created.json
    receipt = created.json
    assert (receipt["amount"], receipt["amount_formatted"]) == (123450, "฿1,234.50")
    assert receipt["payer_name"] == "นางสมศรี ใจดี" and receipt["method"] == "cash" and not receipt["voided"]
    assert receipt["display_number"].endswith("/000001") and "T" in receipt["issued_at"]

    listing = client.get(f"{API}/receipts").json
    assert [r["id"] for r in listing["items"]] == [receipt["id"]] and listing["more"] is False
    assert client.get(f"{API}/receipts?book=fund:1").json["items"] == []
    assert client.get(f"{API}/receipts/{receipt['id']}").json["display_number"] == receipt["display_number"]

    voided = client.post(f"{API}/receipts/{receipt['id']}/void", json={"reason": "บันทึกซ้ำ"})
    assert voided.status_code == 200, voided.json
    assert voided.json["voided"] and voided.json["void_reason"] == "บันทึกซ้ำ"
    again = client.post(f"{API}/receipts/{receipt['id']}/void", json={"reason": "อีกครั้ง"})
    assert again.status_code == 409 and again.json["error"]["code"] == "receipt_already_voided"
    with tenant_context(shop.id):
        assert db.session.scalar(sa.select(Payment.status)) == "refunded"


def test_the_same_idempotency_key_returns_the_first_receipt(client, shop, sales, make_member):
    client.login(make_member(shop, "staff"))
    first = client.post(f"{API}/payments/manual", json=body(sales), headers={"Idempotency-Key": KEY})
    assert first.status_code == 201, first.json
    second = client.post(f"{API}/payments/manual", json=body(sales), headers={"Idempotency-Key": KEY})
    assert second.status_code == 200 and second.json["id"] == first.json["id"]
    in_body = client.post(f"{API}/payments/manual", json=body(sales, idempotency_key=KEY))
    assert in_body.status_code == 200 and in_body.json["id"] == first.json["id"]
    assert count(shop, Receipt) == 1 and count(shop, Payment) == 1
    other = client.post(f"{API}/payments/manual", json=body(sales, amount="5.00"), headers={"Idempotency-Key": KEY})
    assert other.status_code == 409 and count(shop, Payment) == 1
    bad = client.post(f"{API}/payments/manual", json=body(sales), headers={"Idempotency-Key": "short"})
    assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid_idempotency_key"
    assert client.post(f"{API}/payments/manual", json=body(sales, idempotency_key="no good")).status_code == 422


def test_a_bearer_token_of_the_tenant_records_and_reads(client, shop, sales, make_member):
    headers = bearer(make_member(shop, "fund_manager"), shop)
    created = client.post(f"{API}/payments/manual", json=body(sales, method="transfer", reference="SLIP-77"),
                          headers=headers)
    assert created.status_code == 201, created.json
    assert created.json["reference"] == "SLIP-77"
    rid = created.json["id"]
    assert client.get(f"{API}/receipts", headers=headers).json["items"][0]["id"] == rid
    assert client.get(f"{API}/receipts/{rid}", headers=headers).status_code == 200
    voided = client.post(f"{API}/receipts/{rid}/void", json={"reason": "ผิดบัญชี"}, headers=headers)
    assert voided.status_code == 200 and voided.json["voided"]


def test_bad_input_is_422_with_field_codes_in_thai_and_nothing_saved(client, shop, sales, make_member):
    client.login(make_member(shop, "admin"))
    response = client.post(f"{API}/payments/manual", json=body(sales, amount="12.345"))
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "invalid_amount" and error["codes"] == {"amount": "invalid_amount"}
    assert error["fields"]["amount"][0] != "Enter an amount in baht, such as 1,234.50"  # Thai by default
    transfer = client.post(f"{API}/payments/manual", json=body(sales, method="transfer"))
    assert transfer.json["error"]["codes"] == {"reference": "manual_reference_required"}
    unknown = client.post(f"{API}/payments/manual", json=body(sales, method="cheque"))
    assert unknown.json["error"]["code"] == "manual_unknown_method"
    typed = client.post(f"{API}/payments/manual", json={"amount": 12, "credit_account_id": "x"})
    assert typed.status_code == 422 and typed.json["error"]["code"] == "invalid"
    assert set(typed.json["error"]["fields"]["json"]) == {"amount", "method", "credit_account_id"}
    assert count(shop, Payment) == 0

    rid = client.post(f"{API}/payments/manual", json=body(sales)).json["id"]
    missing = client.post(f"{API}/receipts/{rid}/void", json={})
    assert missing.status_code == 422 and missing.json["error"]["codes"] == {"reason": "void_needs_reason"}
    assert client.get(f"{API}/receipts?page=0").status_code == 422


def test_permissions(client, make_client, shop, sales, make_member):
    rid = client.login(make_member(shop, "admin")).post(f"{API}/payments/manual", json=body(sales)).json["id"]
    anonymous = make_client()
    for url in (f"{API}/receipts", f"{API}/receipts/{rid}"):
        assert anonymous.get(url).status_code == 401
    response = anonymous.post(f"{API}/payments/manual", json=body(sales))
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorised"
    assert anonymous.post(f"{API}/receipts/{rid}/void", json={"reason": "x"}).status_code == 401
    client.login(make_member(shop, "household"))
    for url in (f"{API}/receipts", f"{API}/receipts/{rid}"):
        assert client.get(url).status_code == 403
    assert client.post(f"{API}/payments/manual", json=body(sales)).status_code == 403
    client.login(make_member(shop, "auditor"))
    assert client.get(f"{API}/receipts/{rid}").status_code == 200
    assert client.post(f"{API}/payments/manual", json=body(sales)).status_code == 403
    client.login(make_member(shop, "staff"))  # may record, may not void
    response = client.post(f"{API}/receipts/{rid}/void", json={"reason": "x"})
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    headers = bearer(make_member(shop, "household"), shop)
    assert anonymous.get(f"{API}/receipts", headers=headers).status_code == 403


def test_another_tenants_receipt_is_404_before_the_body_is_read(client, make_client, shop, sales, make_member,
                                                                make_tenant):
    rid = client.login(make_member(shop, "admin")).post(f"{API}/payments/manual", json=body(sales)).json["id"]
    other = make_tenant(slug="other")
    client.login(make_member(other, "admin"))
    for response in (client.get(f"/api/v1/t/other/receipts/{rid}"),
                     client.post(f"/api/v1/t/other/receipts/{rid}/void", json={}),
                     client.post(f"/api/v1/t/other/receipts/{rid}/void", json={"reason": 5})):
        assert response.status_code == 404 and response.json["error"]["code"] == "receipt_not_found"
    # a token of the other tenant cannot reach this one
    headers = bearer(make_member(other, "admin"), other)
    assert make_client().get(f"{API}/receipts/{rid}", headers=headers).status_code == 403
    assert make_client().get(f"/api/v1/t/other/receipts/{rid}", headers=headers).status_code == 404


def test_the_openapi_document_lists_the_paths(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/api/v1/t/{slug}/payments/manual", "/api/v1/t/{slug}/receipts",
                 "/api/v1/t/{slug}/receipts/{receipt_id}", "/api/v1/t/{slug}/receipts/{receipt_id}/void"):
        assert path in paths, path
    assert "200" in paths["/api/v1/t/{slug}/payments/manual"]["post"]["responses"]
