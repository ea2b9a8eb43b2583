"""The bank statement and reconciliation JSON API: upload a CSV as a job,
follow it, reconcile, list what is left and the reconciliation statement."""

from __future__ import annotations

import io

import pytest

from core.auth.tokens import create_token
from core.db import db
from core.payments import services, statements
from core.payments.accounts import landing_account
from core.tenancy.context import tenant_context

API = "/api/v1/t/shop"
CSV = (
    "date,description,amount,reference\n"
    "05/01/2568,โอนเงินเข้า,\"1,234.50\",REF001\n"
    "06/01/2568,ค่าธรรมเนียม,(15.00),\n"
)


@pytest.fixture
def bank(shop):
    with tenant_context(shop.id):
        account = statements.create_bank_account(name="ออมสิน", bank="GSB", number="0201-2345-6789",
                                                 ledger_account_id=landing_account("transfer").id, actor_id=None)
        db.session.commit()
        return account.id


def bearer(user, tenant) -> dict:
    with tenant_context(tenant.id):
        _row, plain = create_token(user, tenant, "bank feed")
        db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def send(client, bank_id, content: bytes, headers=None, slug="shop", **form):
    data = {"file": (io.BytesIO(content), "statement.csv"), **form}
    return client.post(f"/api/v1/t/{slug}/bank-accounts/{bank_id}/statements", data=data,
                       content_type="multipart/form-data", headers=headers, csrf=headers is None)


def test_upload_follow_reconcile_and_report_with_a_session(client, shop, bank, make_member, make_payment):
    payment = make_payment("1234.50", method="transfer", ref1="REF001")
    with tenant_context(shop.id):
        services.transition(payment.id, "succeeded", source="test")
        db.session.commit()
    client.login(make_member(shop, "fund_manager"))
    accounts = client.get(f"{API}/bank-accounts").json["items"]
    assert [(a["id"], a["number_masked"]) for a in accounts] == [(bank, "xxxxxxxx6789")]
    assert "0201-2345-6789" not in repr(accounts)

    job = send(client, bank, CSV.encode())
    assert job.status_code == 202, job.json
    assert job.json["status_url"] == f"{API}/statement-imports/{job.json['id']}"
    status = client.get(job.json["status_url"]).json
    assert (status["status"], status["lines_added"], status["percent"], status["finished"]) == ("done", 2, 100, True)

    run = client.post(f"{API}/reconcile", json={"bank_account_id": bank})
    assert run.status_code == 200, run.json
    assert run.json["status"] == "done" and run.json["accounts"][str(bank)]["ref1"] == 1
    assert client.post(f"{API}/reconcile", json={}).json["status"] == "done"

    left = client.get(f"{API}/reconciliation/exceptions").json["items"]
    assert [b["bank_account"]["id"] for b in left] == [bank]
    assert [(line["amount"], line["amount_formatted"]) for line in left[0]["unmatched"]] == [(-1500, "-฿15.00")]
    assert left[0]["counts"] == {"matched": 1, "unmatched": 1}
    one = client.get(f"{API}/reconciliation/exceptions?bank_account_id={bank}").json["items"]
    assert one[0]["bank_account"]["id"] == bank

    report = client.get(f"{API}/bank-accounts/{bank}/reconciliation-statement?as_of=2025-01-31")
    assert report.status_code == 200, report.json
    assert report.json["as_of"] == "2025-01-31" and report.json["bank_closing"] == 121950
    assert report.json["bank_closing_formatted"] == "฿1,219.50"
    assert isinstance(report.json["balances"], bool)
    assert client.get(f"{API}/bank-accounts/{bank}/reconciliation-statement").status_code == 200


def test_per_line_errors_and_a_bearer_token(make_client, shop, bank, make_member):
    headers = bearer(make_member(shop, "admin"), shop)
    client = make_client()
    assert client.get(f"{API}/bank-accounts", headers=headers).status_code == 200
    job = send(client, bank, (CSV + "32/01/2568,วันผิด,5.00,\n").encode(), headers=headers)
    assert job.status_code == 202, job.json
    status = client.get(job.json["status_url"], headers=headers).json
    assert status["status"] == "invalid" and status["lines_added"] == 0
    [error] = status["errors"]
    assert (error["row"], error["field"]) == (4, "date") and error["message"]
    good = send(client, bank, (CSV + "32/01/2568,วันผิด,5.00,\n").encode(), headers=headers, mode="good_only")
    assert client.get(good.json["status_url"], headers=headers).json["lines_added"] == 2
    assert client.post(f"{API}/reconcile", json={}, headers=headers).status_code == 200
    assert client.get(f"{API}/reconciliation/exceptions", headers=headers).status_code == 200
    assert client.get(f"{API}/bank-accounts/{bank}/reconciliation-statement", headers=headers).status_code == 200


def test_bad_input_is_422(client, shop, bank, make_member):
    client.login(make_member(shop, "admin"))
    for content in (b"PK\x03\x04rest", b"date,description\n05/01/2568,x\n", b"date,amount\n\"05/01/2568,1\n"):
        response = send(client, bank, content)
        assert response.status_code == 422, (content, response.json)
        assert response.json["error"]["code"] == "import_file" and "file" in response.json["error"]["codes"]
    empty = send(client, bank, b"")
    assert empty.status_code == 422 and empty.json["error"]["field"] == "file"
    assert send(client, bank, CSV.encode(), mode="all").status_code == 422
    with tenant_context(shop.id):
        assert statements.imports(bank) == []
    bad_date = client.get(f"{API}/bank-accounts/{bank}/reconciliation-statement?as_of=31/01/2568")
    assert bad_date.status_code == 422 and "as_of" in bad_date.json["error"]["fields"]["query"]
    assert client.post(f"{API}/reconcile", json={"bank_account_id": "x"}).status_code == 422


def test_permissions(client, make_client, shop, bank, make_member):
    anonymous = make_client()
    urls = [f"{API}/bank-accounts", f"{API}/reconciliation/exceptions",
            f"{API}/bank-accounts/{bank}/reconciliation-statement"]
    for url in urls:
        assert anonymous.get(url).status_code == 401
    assert anonymous.post(f"{API}/reconcile", json={}).status_code == 401
    assert send(anonymous, bank, CSV.encode()).status_code == 401
    client.login(make_member(shop, "staff"))  # may record payments, not reconcile
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    assert client.post(f"{API}/reconcile", json={}).status_code == 403
    assert send(client, bank, CSV.encode()).status_code == 403
    assert anonymous.get(f"{API}/bank-accounts", headers=bearer(make_member(shop, "auditor"), shop)).status_code == 403


def test_another_tenants_ids_are_404(client, make_tenant, shop, bank, make_member):
    client.login(make_member(shop, "admin"))
    job_id = send(client, bank, CSV.encode()).json["id"]
    other = make_tenant(slug="other")
    client.login(make_member(other, "admin"))
    base = "/api/v1/t/other"
    cases = [
        (client.get(f"{base}/statement-imports/{job_id}"), "statement_import_not_found"),
        (client.get(f"{base}/bank-accounts/{bank}/reconciliation-statement?as_of=bad"), "bank_account_not_found"),
        (send(client, bank, b"", slug="other", mode="nope"), "bank_account_not_found"),
        (client.post(f"{base}/reconcile", json={"bank_account_id": bank}), "bank_account_not_found"),
        (client.get(f"{base}/reconciliation/exceptions?bank_account_id={bank}"), "bank_account_not_found"),
    ]
    for response, code in cases:
        assert response.status_code == 404 and response.json["error"]["code"] == code
    assert client.get(f"{base}/bank-accounts").json["items"] == []


def test_the_openapi_document_lists_the_paths(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/api/v1/t/{slug}/bank-accounts", "/api/v1/t/{slug}/bank-accounts/{bank_account_id}/statements",
                 "/api/v1/t/{slug}/statement-imports/{statement_import_id}", "/api/v1/t/{slug}/reconcile",
                 "/api/v1/t/{slug}/reconciliation/exceptions",
                 "/api/v1/t/{slug}/bank-accounts/{bank_account_id}/reconciliation-statement"):
        assert path in paths, path
