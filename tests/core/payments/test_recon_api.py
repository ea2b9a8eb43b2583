"""The bank statement and reconciliation JSON API: upload a CSV as a job,
follow it, reconcile, list what is left and the reconciliation statement."""

from __future__ import annotations

import io
import itertools
from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.ledger.services import get_or_create_account, today
from core.payments import services
from core.payments.accounts import landing_account
from core.payments.statements import services as statements
from core.payments.statements.importer import ParsedLine, insert_lines
from core.payments.statements.models import StatementLine
from core.tenancy.context import tenant_context
from tests.factories.core import bearer as api_bearer
from tests.factories.payments import make_bank_account

API = "/api/v1/t/shop"
CSV = (
    "date,description,amount,reference\n"
    "05/01/2568,โอนเงินเข้า,\"1,234.50\",REF001\n"
    "06/01/2568,ค่าธรรมเนียม,(15.00),\n"
)


@pytest.fixture
def bank(shop):
    return make_bank_account(shop, name="ออมสิน", bank="GSB", number="0201-2345-6789").id


def bearer(user, tenant) -> dict:
    return api_bearer(user, tenant, "bank feed")


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
                 "/api/v1/t/{slug}/bank-accounts/{bank_account_id}/reconciliation-statement",
                 "/api/v1/t/{slug}/bank-accounts/{bank_account_id}/mapping",
                 "/api/v1/t/{slug}/statement-imports/{statement_import_id}/good-rows",
                 "/api/v1/t/{slug}/statement-lines/{statement_line_id}/link",
                 "/api/v1/t/{slug}/statement-lines/{statement_line_id}/accept-difference",
                 "/api/v1/t/{slug}/statement-lines/{statement_line_id}/create-entry",
                 "/api/v1/t/{slug}/statement-lines/{statement_line_id}/ignore",
                 "/api/v1/t/{slug}/bank-accounts/{bank_account_id}/payments/{payment_id}/ignore"):
        assert path in paths, path
    assert "post" in paths["/api/v1/t/{slug}/bank-accounts"]
    assert "put" in paths["/api/v1/t/{slug}/bank-accounts/{bank_account_id}/mapping"]


# --- writing: bank accounts, mapping, good rows, resolving exceptions ----------

_numbers = itertools.count(1)


@pytest.fixture
def line(shop, bank):
    def add(amount: int, ref: str | None = None, days: int = 0):
        with tenant_context(shop.id):
            parsed = ParsedLine(next(_numbers), today() + timedelta(days=days), amount, f"line {amount}", ref, None)
            insert_lines(bank, None, [parsed])
            db.session.commit()
            return db.session.scalar(sa.select(StatementLine.id).order_by(StatementLine.id.desc()).limit(1))

    return add


@pytest.fixture
def paid(shop, make_payment):
    keys = itertools.count(1)

    def pay(amount: str, ref1: str | None = None):
        payment = make_payment(amount, method="transfer", key=f"api-{next(keys)}", ref1=ref1)
        with tenant_context(shop.id):
            services.transition(payment.id, "succeeded", source="test")
            db.session.commit()
        return payment.id

    return pay


def audited(tenant, action: str) -> list[AuditEvent]:
    with tenant_context(tenant.id):
        return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def line_status(tenant, line_id: int) -> str:
    with tenant_context(tenant.id):
        db.session.expire_all()
        return statements.get_line(line_id).status


def put(client, url, json, headers=None):
    headers = {"X-CSRFToken": client.csrf_token(), **(headers or {})}  # as client.post sends with json
    return client.put(url, json=json, headers=headers)


def test_create_a_bank_account_and_save_its_mapping(client, shop, bank, make_member):
    with tenant_context(shop.id):
        savings = get_or_create_account("general", "1120", "ธนาคารกรุงไทย", "KTB savings", "asset").id
        income = get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income").id
        db.session.commit()
    client.login(make_member(shop, "fund_manager"))
    made = client.post(f"{API}/bank-accounts", json={"name": "กรุงไทย", "bank": "KTB", "number": "123-4-56789-0",
                                                      "ledger_account_id": savings})
    assert made.status_code == 201, made.json
    assert (made.json["name"], made.json["number_masked"], made.json["ledger_account_id"]) == (
        "กรุงไทย", "xxxxxx7890", savings)
    assert "123-4-56789-0" not in repr(made.json)
    [event] = audited(shop, "payments.bank_account.create")[-1:]
    assert event.target_id == made.json["id"]

    taken = client.post(f"{API}/bank-accounts", json={"name": "อีกบัญชี", "ledger_account_id": savings})
    assert taken.status_code == 409 and taken.json["error"]["code"] == "bank_ledger_account_taken"
    not_asset = client.post(f"{API}/bank-accounts", json={"name": "อีกบัญชี", "ledger_account_id": income})
    assert not_asset.status_code == 422 and not_asset.json["error"]["field"] == "ledger_account_id"
    blank = client.post(f"{API}/bank-accounts", json={"name": "  ", "ledger_account_id": savings + 1000})
    assert blank.status_code == 422 and blank.json["error"]["field"] == "name"
    assert client.post(f"{API}/bank-accounts", json={"ledger_account_id": "x"}).status_code == 422

    url = f"{API}/bank-accounts/{made.json['id']}/mapping"
    assert client.get(url).json["date_column"] == "date"  # the defaults until saved
    saved = put(client, url, {"date_column": "วันที่", "debit_column": "ถอน", "credit_column": "ฝาก",
                              "date_format": "DD-MM-YYYY", "year_era": "be", "skip_rows": 2})
    assert saved.status_code == 200, saved.json
    assert (saved.json["date_column"], saved.json["credit_column"], saved.json["year_era"], saved.json["skip_rows"],
            saved.json["has_header"]) == ("วันที่", "ฝาก", "be", 2, True)
    assert client.get(url).json["debit_column"] == "ถอน"
    assert audited(shop, "payments.statement_mapping.save")[-1].target_id == made.json["id"]

    for body, field in (({"date_column": "d"}, "amount_column"),
                        ({"date_column": "d", "amount_column": "a", "date_format": "DD.MM"}, "date_format"),
                        ({"date_column": "d", "amount_column": "a", "skip_rows": 99}, "skip_rows")):
        response = put(client, url, body)
        assert response.status_code == 422 and response.json["error"]["field"] == field, body
    assert put(client, url, {"amount_column": "a"}).status_code == 422  # no date column
    assert client.get(url).json["date_column"] == "วันที่"


def test_import_the_good_rows_of_a_failed_upload(client, shop, bank, make_member):
    client.login(make_member(shop, "admin"))
    job = send(client, bank, (CSV + "32/01/2568,วันผิด,5.00,\n").encode()).json
    assert client.get(job["status_url"]).json["status"] == "invalid"
    good = client.post(f"{API}/statement-imports/{job['id']}/good-rows", json={})
    assert good.status_code == 202, good.json
    assert good.json["id"] == job["id"] and good.json["mode"] == "good_only"
    done = client.get(job["status_url"]).json
    assert (done["status"], done["lines_added"], done["rows_skipped"]) == ("done", 2, 1)
    assert [e.target_id for e in audited(shop, "payments.statement.good_only")] == [job["id"]]
    again = client.post(f"{API}/statement-imports/{job['id']}/good-rows", json={})
    assert again.status_code == 409 and again.json["error"]["code"] == "statement_import_not_retryable"


def test_resolve_lines_and_payments_by_hand(client, shop, bank, make_member, line, paid):
    headers = bearer(make_member(shop, "fund_manager"), shop)
    with tenant_context(shop.id):
        charges = get_or_create_account("general", "5200", "ค่าธรรมเนียมธนาคาร", "Bank charges", "expense").id
        db.session.commit()
    loose, fee, noise = line(70000, days=20), line(-1500), line(999)
    payment = paid("700.00")
    mismatched = line(50500, ref="INV9")
    paid("500.00", ref1="INV9")
    assert client.post(f"{API}/reconcile", json={"bank_account_id": bank}, headers=headers).status_code == 200
    assert line_status(shop, mismatched) == "mismatch"

    linked = client.post(f"{API}/statement-lines/{loose}/link", json={"payment_id": payment}, headers=headers)
    assert linked.status_code == 200, linked.json
    assert (linked.json["line"]["status"], linked.json["payment_id"], linked.json["kind"],
            linked.json["difference"]) == ("matched", payment, "manual", 0)
    again = client.post(f"{API}/statement-lines/{loose}/link", json={"payment_id": payment}, headers=headers)
    assert again.status_code == 409 and again.json["error"]["code"] == "recon_not_open"

    url = f"{API}/statement-lines/{mismatched}/accept-difference"
    no_reason = client.post(url, json={"reason": "  "}, headers=headers)
    assert no_reason.status_code == 422 and no_reason.json["error"]["code"] == "recon_reason_required"
    assert no_reason.json["error"]["field"] == "reason"
    accepted = client.post(url, json={"reason": "ลูกค้าโอนเกิน"}, headers=headers)
    assert accepted.status_code == 200 and accepted.json["status"] == "matched"

    entry_url = f"{API}/statement-lines/{fee}/create-entry"
    assert client.post(entry_url, json={"memo": "x"}, headers=headers).status_code == 422
    own = client.post(entry_url, json={"counter_account_id": landing_account_id(shop)}, headers=headers)
    assert own.status_code == 422 and own.json["error"]["field"] == "counter_account_id"
    entered = client.post(entry_url, json={"counter_account_id": charges, "memo": "ค่าธรรมเนียมโอน"}, headers=headers)
    assert entered.status_code == 200 and entered.json["status"] == "entered"

    ignore_url = f"{API}/statement-lines/{noise}/ignore"
    assert client.post(ignore_url, json={}, headers=headers).json["error"]["code"] == "recon_reason_required"
    ignored = client.post(ignore_url, json={"reason": "รายการทดสอบของธนาคาร"}, headers=headers)
    assert ignored.status_code == 200 and ignored.json["status"] == "ignored"

    stray = paid("42.00")
    pay_url = f"{API}/bank-accounts/{bank}/payments/{stray}/ignore"
    missing = client.post(pay_url, json={"reason": ""}, headers=headers)
    assert missing.status_code == 422 and missing.json["error"]["field"] == "reason"
    gone = client.post(pay_url, json={"reason": "เงินสดฝากรวม"}, headers=headers)
    assert gone.status_code == 200, gone.json
    assert gone.json == {"payment_id": stray, "bank_account_id": bank, "action": "ignored", "reason": "เงินสดฝากรวม"}
    assert client.post(pay_url, json={"reason": "อีกครั้ง"}, headers=headers).status_code == 409

    for action, target in (("payments.recon.link", loose), ("payments.recon.accept", mismatched),
                           ("payments.recon.entry", fee), ("payments.recon.ignore_line", noise),
                           ("payments.recon.ignore_payment", stray)):
        [event] = audited(shop, action)
        assert event.target_id == target and event.actor_user_id is not None, action
    left = client.get(f"{API}/reconciliation/exceptions?bank_account_id={bank}", headers=headers).json["items"][0]
    assert (left["unmatched"], left["mismatches"]) == ([], [])
    assert stray not in [p["id"] for p in left["payments"]]


def landing_account_id(tenant) -> int:
    with tenant_context(tenant.id):
        return landing_account("transfer").id


def _writes(bank: int, line_id: int, payment_id: int, job_id: int, base: str = API):
    return [
        ("post", f"{base}/bank-accounts", {"name": "x", "ledger_account_id": 1}),
        ("put", f"{base}/bank-accounts/{bank}/mapping", {"date_column": "d", "amount_column": "a"}),
        ("get", f"{base}/bank-accounts/{bank}/mapping", None),
        ("post", f"{base}/statement-imports/{job_id}/good-rows", {}),
        ("post", f"{base}/statement-lines/{line_id}/link", {"payment_id": payment_id}),
        ("post", f"{base}/statement-lines/{line_id}/accept-difference", {"reason": "r"}),
        ("post", f"{base}/statement-lines/{line_id}/create-entry", {"counter_account_id": 1}),
        ("post", f"{base}/statement-lines/{line_id}/ignore", {"reason": "r"}),
        ("post", f"{base}/bank-accounts/{bank}/payments/{payment_id}/ignore", {"reason": "r"}),
    ]


def _call(client, method, url, body, headers=None):
    if method == "put":
        return put(client, url, body, headers)
    if method == "get":
        return client.get(url, headers=headers)
    return client.post(url, json=body, headers=headers)


def test_writing_needs_the_reconcile_permission(client, make_client, shop, bank, make_member, line, paid):
    calls = _writes(bank, line(100), paid("1.00"), 1)
    anonymous = make_client()
    for method, url, body in calls:
        response = _call(anonymous, method, url, body, headers={"Authorization": "Bearer nope"})
        assert response.status_code == 401, (method, url)
        assert _call(anonymous, method, url, body).status_code == 401, (method, url)
    client.login(make_member(shop, "staff"))
    auditor = bearer(make_member(shop, "auditor"), shop)
    for method, url, body in calls:
        response = _call(client, method, url, body)
        assert response.status_code == 403 and response.json["error"]["code"] == "forbidden", (method, url)
        assert _call(make_client(), method, url, body, headers=auditor).status_code == 403, (method, url)


def test_writing_to_another_tenants_ids_is_404(client, make_tenant, shop, bank, make_member, line, paid):
    line_id, payment_id = line(100), paid("1.00")
    client.login(make_member(shop, "admin"))
    job_id = send(client, bank, (CSV + "32/01/2568,วันผิด,5.00,\n").encode()).json["id"]
    other = make_tenant(slug="other")
    client.login(make_member(other, "admin"))
    codes = {"bank-accounts": "bank_account_not_found", "statement-imports": "statement_import_not_found",
             "statement-lines": "statement_line_not_found"}
    for method, url, body in _writes(bank, line_id, payment_id, job_id, base="/api/v1/t/other")[1:]:
        for sent in (body, {"reason": 5, "payment_id": "x", "counter_account_id": None}):  # 404 before 422
            response = _call(client, method, url, sent)
            assert response.status_code == 404, (method, url, response.json)
            assert response.json["error"]["code"] == codes[url.split("/")[5]], url
    with tenant_context(other.id):
        ledger = get_or_create_account("general", "1130", "ธนาคาร", "Bank", "asset").id
        other_bank = statements.create_bank_account(name="b", bank="", number="", ledger_account_id=ledger,
                                                    actor_id=None).id
        insert_lines(other_bank, None, [ParsedLine(1, today(), 100, "x", None, None)])
        db.session.commit()
        other_line = db.session.scalar(sa.select(StatementLine.id))
    base = "/api/v1/t/other"
    foreign_payment = client.post(f"{base}/statement-lines/{other_line}/link", json={"payment_id": payment_id})
    assert foreign_payment.status_code == 404 and foreign_payment.json["error"]["code"] == "payment_not_found"
    foreign_pay = client.post(f"{base}/bank-accounts/{other_bank}/payments/{payment_id}/ignore", json={"reason": "r"})
    assert foreign_pay.status_code == 404 and foreign_pay.json["error"]["code"] == "payment_not_found"
    assert line_status(shop, line_id) == "unmatched"
    with tenant_context(shop.id):
        assert statements.get_import(job_id).status == "invalid"
        assert statements.current_mapping(bank).date_column == "date"
