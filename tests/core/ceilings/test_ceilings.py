"""Ceilings with a second person: one satang above the ceiling is caught
with nothing written; the request waits for another authorised person (not
the one who asked), who confirms it once; the tenant admin sets the ceilings;
money received by hand settles only accounts of the right kind and book."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core.ceilings import services as ceilings
from core.ceilings.models import HeldAction
from core.db import db
from core.ledger.services import get_or_create_account
from core.money import Money
from core.payments.manual import services as manual
from core.payments.models import Payment
from core.payments.receipts.models import Receipt, ReceiptCounter
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant


@pytest.fixture
def org(make_tenant, make_member):
    tenant = make_tenant(slug="ceil")
    first = make_member(tenant, "staff", display_name="Somchai First")
    second = make_member(tenant, "staff", display_name="Suda Second")
    admin = make_member(tenant, "admin")
    volunteer = make_member(tenant, "volunteer")
    with tenant_context(tenant.id):
        sales = get_or_create_account("general", "4100", "รายได้จากการขาย", "Sales", "income")
        ceilings.update(db.session.get(Tenant, tenant.id), {"cash_receipt": 100_000}, actor_id=admin.id)  # ฿1,000
        db.session.commit()
        sales_id = sales.id
    return type("Org", (), dict(tenant=tenant, first=first, second=second, admin=admin, volunteer=volunteer,
                                sales_id=sales_id))


def _cash(org, amount: str, token: str, actor=None):
    from core.ledger.models import Account

    return manual.record_payment(method="cash", amount=Money.parse(amount),
                                 credit_account=db.session.get(Account, org.sales_id), description="ค่าน้ำ",
                                 token=token, actor_id=(actor or org.first).id, payer_name="นางสมศรี")


def _counts():
    return (db.session.scalar(sa.select(sa.func.count()).select_from(Payment)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Receipt)),
            db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(ReceiptCounter.last_number), 0))))


def test_the_ceiling_passes_and_one_satang_more_is_held_with_nothing_written(org):
    with tenant_context(org.tenant.id):
        _cash(org, "1000.00", "ceiling-token-000001")
        db.session.commit()
        assert _counts() == (1, 1, 1)
        with pytest.raises(ceilings.NeedsSecondPerson) as caught:
            _cash(org, "1000.01", "ceiling-token-000002")
        db.session.rollback()
        assert (caught.value.amount, caught.value.ceiling) == (100_001, 100_000)
        assert _counts() == (1, 1, 1)  # no payment, no receipt, no number burnt
        # a transfer is not cash in hand: the cash ceiling does not apply
        from core.ledger.models import Account

        manual.record_payment(method="transfer", amount=Money.parse("5000"), reference="KTB 1",
                              credit_account=db.session.get(Account, org.sales_id), description="ค่าหุ้น",
                              token="ceiling-token-000003", actor_id=org.first.id, payer_name="นายดำ")
        db.session.commit()


def test_pages_hold_the_request_and_another_authorised_person_confirms_it_once(org, client, make_client):
    client.login(org.first)
    form = client.get("/t/ceil/payments/manual/new").text
    token = re.search(r'name="token"[^>]*value="([^"]+)"', form).group(1)
    data = {"token": token, "method": "cash", "amount": "1,500", "payer_name": "นางสมศรี มีสุข",
            "description": "ค่าหุ้น", "credit_account": str(org.sales_id)}
    r = client.post("/t/ceil/payments/manual/new", data=data)
    assert r.status_code == 302 and r.headers["Location"].endswith("/t/ceil/ceilings/")
    with tenant_context(org.tenant.id):
        [held] = db.session.scalars(sa.select(HeldAction)).all()
        assert (held.kind, held.amount, held.ceiling, held.status) == ("cash_receipt", 150_000, 100_000, "held")
        assert _counts() == (0, 0, 0)
    page = client.get("/t/ceil/ceilings/")
    assert f'data-held="{held.id}"' in page.text
    client.post(f"/t/ceil/ceilings/held/{held.id}/confirm")  # the one who asked cannot confirm it
    volunteer = make_client().login(org.volunteer)
    assert volunteer.post(f"/t/ceil/ceilings/held/{held.id}/confirm").status_code == 403
    with tenant_context(org.tenant.id):
        assert ceilings.get(held.id).status == "held" and _counts() == (0, 0, 0)
    second = make_client().login(org.second)
    assert second.post(f"/t/ceil/ceilings/held/{held.id}/confirm").status_code == 302
    assert second.post(f"/t/ceil/ceilings/held/{held.id}/confirm").status_code == 302  # already decided
    with tenant_context(org.tenant.id):
        held = ceilings.get(held.id)
        assert (held.status, held.decided_by_user_id) == ("confirmed", org.second.id)
        [receipt] = db.session.scalars(sa.select(Receipt)).all()
        assert receipt.amount == 150_000 and receipt.issued_by_user_id == org.first.id  # who took the money
        assert held.result_ref == f"receipt:{receipt.id}" and _counts() == (1, 1, 1)


def test_the_asker_cannot_confirm_nor_can_someone_without_the_right(org):
    with tenant_context(org.tenant.id):
        try:
            _cash(org, "2000", "ceiling-token-000010")
        except ceilings.NeedsSecondPerson as exc:
            db.session.rollback()
            held = ceilings.hold(exc, action="payments.manual", summary="x", actor_id=org.first.id, payload={
                "method": "cash", "amount": "2000", "credit_account": org.sales_id, "description": "ค่าน้ำ",
                "token": "ceiling-token-000010", "payer_name": "นางสมศรี"})
            db.session.commit()
        with pytest.raises(ceilings.SamePerson):
            ceilings.confirm(held.id, actor_id=org.first.id)
        with pytest.raises(ceilings.NotAuthorised):
            ceilings.confirm(held.id, actor_id=org.volunteer.id)
        with pytest.raises(ceilings.ReasonRequired):
            ceilings.reject(held.id, actor_id=org.second.id, reason=" ")
        db.session.rollback()
        ceilings.reject(held.id, actor_id=org.second.id, reason="ยอดไม่ตรง")
        db.session.commit()
        with pytest.raises(ceilings.AlreadyDecided):
            ceilings.confirm(held.id, actor_id=org.admin.id)
        db.session.rollback()
        assert _counts() == (0, 0, 0)


def test_two_confirmers_at_once_record_the_payment_once(app, org, postgres_only):
    from tests.race import race

    with tenant_context(org.tenant.id):
        try:
            _cash(org, "3000", "ceiling-token-000020")
        except ceilings.NeedsSecondPerson as exc:
            db.session.rollback()
            held = ceilings.hold(exc, action="payments.manual", summary="x", actor_id=org.first.id, payload={
                "method": "cash", "amount": "3000", "credit_account": org.sales_id, "description": "ค่าน้ำ",
                "token": "ceiling-token-000020", "payer_name": "นางสมศรี"})
            db.session.commit()
    confirmers = [org.second.id, org.admin.id, org.second.id, org.admin.id]
    outcomes = race(app, org.tenant.id, 4, lambda i: ceilings.confirm(held.id, actor_id=confirmers[i]))
    assert outcomes["ok"] == 1 and outcomes["AlreadyDecided"] == 3, outcomes
    with tenant_context(org.tenant.id):
        assert _counts() == (1, 1, 1)


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1e9", ""])
def test_the_admin_sets_ceilings_and_bad_input_is_refused_next_to_the_field(org, client, value):
    client.login(org.admin)
    r = client.post("/t/ceil/ceilings/", data={"cash_receipt": value, "donation": "100000", "waste_deposit": "2000",
                                               "stock_movement": "5000"})
    assert r.status_code == 422 and 'aria-invalid="true"' in r.text
    with tenant_context(org.tenant.id):
        assert ceilings.ceilings()["cash_receipt"] == 100_000


def test_the_admin_saves_ceilings_and_staff_cannot(org, client, make_client):
    client.login(org.admin)
    r = client.post("/t/ceil/ceilings/", data={"cash_receipt": "2,500.50", "donation": "100000",
                                               "waste_deposit": "2000", "stock_movement": "700"})
    assert r.status_code == 302
    with tenant_context(org.tenant.id):
        assert ceilings.ceilings() == {"cash_receipt": 250_050, "donation": 10_000_000, "waste_deposit": 200_000,
                                       "stock_movement": 700}
    staff = make_client().login(org.first)
    assert staff.post("/t/ceil/ceilings/", data={"cash_receipt": "1"}).status_code == 403


def test_manual_payments_settle_only_accounts_of_the_right_kind_and_book(org):
    with tenant_context(org.tenant.id):
        inventory = get_or_create_account("market", "1310", "สินค้าคงคลัง", "Inventory", "asset")
        general_stock = get_or_create_account("general", "1300", "วัสดุคงเหลือ", "Supplies", "asset")
        expense = get_or_create_account("general", "5100", "ค่าใช้จ่าย", "Expenses", "expense")
        receivable = get_or_create_account("general", "1200", "ลูกหนี้สมาชิก", "", "asset")
        market_income = get_or_create_account("market", "4220", "รับบริจาคเงินสด", "Cash donations", "income")
        from core.ledger import services as ledger

        ledger.post(entry_date=ledger.today(), memo="ค้างชำระ", lines=[(receivable.id, 1000), (org.sales_id, -1000)],
                    idempotency_key="owed-1", source="test", actor_id=None)  # a member owes 10 baht
        db.session.commit()
        chosen = {a.id for a in manual.credit_accounts()}
        assert receivable.id in chosen and org.sales_id in chosen
        assert not chosen & {inventory.id, general_stock.id, expense.id, market_income.id}
        for wrong in (inventory, general_stock, expense):
            with pytest.raises(manual.InvalidCreditAccount):
                manual.credit_account(wrong.id)
            with pytest.raises(manual.InvalidCreditAccount):
                manual.record_payment(method="transfer", amount=Money(1000), credit_account=wrong,
                                      description="x", token=f"kind-token-{wrong.id:010d}", actor_id=org.first.id,
                                      payer_name="x", reference="r")
            db.session.rollback()
        manual.record_payment(method="transfer", amount=Money(1000), credit_account=receivable, description="คืนหนี้",
                              token="kind-token-receivable", actor_id=org.first.id, payer_name="x", reference="r")
        db.session.commit()
        assert _counts()[0] == 1


def test_the_api_refuses_one_satang_above_the_ceiling_in_thai_with_nothing_written(org, client):
    client.login(org.first)
    body = {"amount": "1,000.01", "method": "cash", "payer_name": "นางสมศรี ใจดี", "credit_account_id": org.sales_id,
            "description": "ค่าบำรุงกองทุน", "idempotency_key": "api-ceiling-000000001"}
    r = client.post("/api/v1/t/ceil/payments/manual", json=body, headers={"Accept-Language": "th"})
    assert r.status_code == 409, r.json
    assert r.json["error"]["code"] == "ceiling_needs_second_person"
    assert "เกินเพดาน" in r.json["error"]["message"] and "฿1,000.01" in r.json["error"]["message"]
    with tenant_context(org.tenant.id):
        assert _counts() == (0, 0, 0)
    ok = client.post("/api/v1/t/ceil/payments/manual", json={**body, "amount": "1,000.00"})
    assert ok.status_code == 201, ok.json
