"""Loan pages and the loans API: the journey through the forms, bad input
answered clearly (never a 5xx), permissions the same on both."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.tenancy.context import tenant_context
from tests.factories.welfare import make_loan
from tests.welfare.loans.conftest import resolution
from welfare.models.loans import Loan, Repayment


def base(world) -> str:
    return f"/t/{world.tenant.slug}/welfare/loans"


def api(world) -> str:
    return f"/api/v1/t/{world.tenant.slug}/welfare/loans"


def test_pages_render_for_the_fund_manager(world, client):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        db.session.commit()
    client.login(world.manager)
    for path in (
        "/",
        "/apply",
        "/products",
        "/groups",
        "/par",
        f"/{loan.id}",
        f"/par?fund={world.fund.id}",
    ):
        response = client.get(base(world) + path)
        assert response.status_code == 200, path
    page = client.get(f"{base(world)}/{loan.id}").get_data(as_text=True)
    assert 'data-test="schedule"' in page and loan.number in page
    assert world.borrower.national_id not in page


def test_apply_request_and_repay_through_the_forms(world, client):
    client.login(world.manager)
    response = client.post(
        f"{base(world)}/apply",
        data={
            "product_id": world.product.id,
            "borrower_person_id": world.borrower.id,
            "amount": "6,000",
            "purpose": "ซื้อพันธุ์ปลา",
            "guarantor_person_id": world.guarantor.id,
        },
    )
    assert response.status_code == 302
    with tenant_context(world.tenant.id):
        loan = db.session.scalar(sa.select(Loan))
        assert loan.principal_satang == 600_000 and loan.status == "applied"
    response = client.post(
        f"{base(world)}/{loan.id}/disburse", data={"resolution_id": world.resolution.id}
    )
    assert response.status_code == 302
    from welfare.governance import disbursements

    with tenant_context(world.tenant.id):
        db.session.expire_all()
        loan = db.session.get(Loan, loan.id)
        for user in world.signatories[:2]:
            disbursements.approve(loan.disbursement_id, user_id=user.id)
        db.session.commit()
    response = client.post(
        f"{base(world)}/{loan.id}/repay",
        data={"amount": "1,050.00", "method": "cash", "token": "tok-" + "a" * 20},
    )
    assert response.status_code == 302
    with tenant_context(world.tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Repayment)) == 1
    too_much = client.post(
        f"{base(world)}/{loan.id}/repay",
        data={"amount": "999,999", "method": "cash", "token": "tok-" + "b" * 20},
    )
    assert too_much.status_code == 422
    assert "999,999" in too_much.get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"product_id": "abc", "borrower_person_id": "1", "amount": "100"},
        {"product_id": "1", "borrower_person_id": "x", "amount": "-5"},
        {"product_id": "99999999", "borrower_person_id": "1", "amount": "0"},
        {"product_id": "1", "borrower_person_id": "1", "amount": "1e9"},
    ],
)
def test_bad_applications_are_4xx(world, client, data):
    client.login(world.manager)
    response = client.post(f"{base(world)}/apply", data=data)
    assert 400 <= response.status_code < 500


def test_bad_repayment_and_lifecycle_posts_are_4xx(world, client):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        db.session.commit()
    client.login(world.manager)
    for path, data in [
        ("repay", {"amount": "0", "method": "cash", "token": "t" * 20}),
        ("repay", {"amount": "abc", "method": "cash", "token": "t" * 20}),
        ("repay", {"amount": "10", "method": "gold", "token": "t" * 20}),
        ("repay", {"amount": "10", "method": "cash", "token": "t" * 20, "paid_on": "1999-01-01"}),
        ("reschedule", {"resolution_id": "x"}),
        (
            "reschedule",
            {"resolution_id": world.resolution.id, "term": "6", "starts_on": "2026-13-01"},
        ),
        ("write-off", {"resolution_id": world.resolution.id, "reason": ""}),
        ("disburse", {"resolution_id": world.resolution.id}),
        ("cancel", {"reason": "x"}),
    ]:
        response = client.post(f"{base(world)}/{loan.id}/{path}", data=data)
        assert 400 <= response.status_code < 500, (path, data, response.status_code)
    with tenant_context(world.tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Repayment)) == 0


def test_collection_sheet_and_group(world, client):
    from welfare.loans import services

    with tenant_context(world.tenant.id):
        group = services.create_group(fund_id=world.fund.id, name="กลุ่มแม่บ้าน", meeting_place="ศาลา")
        services.apply(
            fund_id=world.fund.id,
            product_id=world.product.id,
            borrower_person_id=world.borrower.id,
            principal_satang=300_000,
            group_id=group.id,
        )
        services.apply(
            fund_id=world.fund.id,
            product_id=world.product.id,
            borrower_person_id=world.guarantor.id,
            principal_satang=300_000,
            group_id=group.id,
        )
        db.session.commit()
    client.login(world.manager)
    response = client.post(
        f"{base(world)}/groups/{group.id}/disburse", data={"resolution_id": world.resolution.id}
    )
    assert response.status_code == 302
    with tenant_context(world.tenant.id):
        db.session.expire_all()
        assert {loan.status for loan in services.group_loans(group.id)} == {"pending"}
        assert {loan.resolution_id for loan in services.group_loans(group.id)} == {
            world.resolution.id
        }
    sheet = client.get(f"{base(world)}/groups/{group.id}/sheet")
    assert sheet.status_code == 200 and 'data-test="sheet"' in sheet.get_data(as_text=True)


def test_household_cannot_see_loans(world, client, make_member):
    household = make_member(world.tenant, "household")
    client.login(household)
    assert client.get(base(world) + "/").status_code == 403
    assert client.get(api(world) + "/").status_code == 403


def test_api_journey(world, client):
    client.login(world.manager)
    response = client.post(
        api(world) + "/",
        json={
            "product_id": world.product.id,
            "borrower_person_id": world.borrower.id,
            "principal_satang": 600_000,
        },
    )
    assert response.status_code == 201, response.get_json()
    loan_id = response.get_json()["id"]
    assert (
        client.post(
            f"{api(world)}/{loan_id}/disbursement", json={"resolution_id": world.resolution.id}
        ).status_code
        == 201
    )
    from welfare.governance import disbursements

    with tenant_context(world.tenant.id):
        db.session.expire_all()
        loan = db.session.get(Loan, loan_id)
        for user in world.signatories[:2]:
            disbursements.approve(loan.disbursement_id, user_id=user.id)
        db.session.commit()
    detail = client.get(f"{api(world)}/{loan_id}").get_json()
    assert detail["status"] == "active" and len(detail["installments"]) == 6
    key = "k" * 20
    first = client.post(
        f"{api(world)}/{loan_id}/repayments",
        json={"amount_satang": 50_000, "method": "cash", "idempotency_key": key},
    )
    again = client.post(
        f"{api(world)}/{loan_id}/repayments",
        json={"amount_satang": 50_000, "method": "cash", "idempotency_key": key},
    )
    assert (
        first.status_code == again.status_code == 201
        and first.get_json()["id"] == again.get_json()["id"]
    )
    too_much = client.post(
        f"{api(world)}/{loan_id}/repayments", json={"amount_satang": 10**9, "method": "cash"}
    )
    assert (
        too_much.status_code == 422
        and too_much.get_json()["error"]["code"] == "welfare_loan_repayment_too_large"
    )
    assert (
        client.post(f"{api(world)}/{loan_id}/repayments", json={"amount_satang": "x"}).status_code
        == 422
    )
    par = client.get(api(world) + "/par").get_json()
    assert (
        par["outstanding"] == detail["principal_satang"] - 50_000 + 5_000 + 6_000
        or par["outstanding"] > 0
    )
    metrics = client.get(f"{api(world)}/funds/{world.fund.id}/metrics").get_json()
    assert metrics["lent"] == 600_000 and metrics["loans"] == 1
    with tenant_context(world.tenant.id):
        res = resolution(world, "write_off", 10**7)
        db.session.commit()
    off = client.post(
        f"{api(world)}/{loan_id}/write-off", json={"resolution_id": res.id, "reason": "ย้ายถิ่น"}
    )
    assert off.status_code == 201 and off.get_json()["status"] == "written_off"


def test_api_other_tenant_loan_is_404(world, make_world, client):
    other = make_world()
    with tenant_context(other.tenant.id):
        loan = make_loan(other)
        db.session.commit()
    client.login(world.manager)
    assert client.get(f"{api(world)}/{loan.id}").status_code == 404
    assert (
        client.post(
            f"{api(world)}/{loan.id}/repayments", json={"amount_satang": 100, "method": "cash"}
        ).status_code
        == 404
    )


def test_api_starts_an_online_payment_for_an_installment(world, client):
    from core.tenancy.models import Tenant

    with tenant_context(world.tenant.id):
        row = db.session.get(Tenant, world.tenant.id)
        row.settings = {
            **(row.settings or {}),
            "promptpay": {"kind": "mobile", "account": "0812345678", "payee_name": "กองทุน"},
        }
        loan = make_loan(world)
        db.session.commit()
        first_id = services_installments(loan.id)[0].id
    client.login(world.manager)
    response = client.post(
        f"{api(world)}/installments/{first_id}/payments", json={"method": "promptpay"}
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["ref1"] == f"INS{first_id}" and body["qr_payload"] and body["status"] == "pending"
    assert (
        client.post(
            f"{api(world)}/installments/{first_id}/payments", json={"method": "gold"}
        ).status_code
        == 422
    )


def services_installments(loan_id):
    from welfare.loans import services

    return services.installments(loan_id)


def test_the_repayment_form_offers_what_is_due_now_never_the_whole_debt_by_default(world, client):
    """Right after disbursement nothing is due: the form is empty (one press
    used to record the whole debt, principal, every month's interest and the
    fee, and close the loan on money never received); the whole debt is
    offered only when chosen."""
    import re

    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        db.session.commit()
    client.login(world.manager)
    page = client.get(f"{base(world)}/{loan.id}").get_data(as_text=True)
    amount = re.search(r'name="amount"[^>]*value="([^"]*)"', page)
    assert amount is not None and amount.group(1) == "", amount and amount.group(1)
    assert 'data-test="pay-all"' in page
    chosen = client.get(f"{base(world)}/{loan.id}?pay=all").get_data(as_text=True)
    owed = re.search(r'data-test="owed">([^<]+)<', chosen).group(1)
    value = re.search(r'name="amount"[^>]*value="([^"]*)"', chosen).group(1)
    assert value and float(value) > 0 and value.split(".")[0] in owed.replace(",", "")
    pressed = client.post(f"{base(world)}/{loan.id}/repay",
                          data={"amount": "", "method": "cash", "token": "t" * 20})
    assert 400 <= pressed.status_code < 500
    with tenant_context(world.tenant.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Repayment)) == 0
        assert db.session.get(Loan, loan.id).status == "active"
