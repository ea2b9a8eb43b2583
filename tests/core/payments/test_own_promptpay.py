"""Paying with the organisation's own PromptPay QR: settings, the gateway that
names each payment by Ref1, the payer's pages and staff confirming by hand."""

from __future__ import annotations

import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.ledger.models import JournalEntry
from core.money import Money
from core.payments import gateway, services
from core.payments.accounts import landing_account
from core.payments.promptpay import gateway as promptpay_gateway
from core.payments.promptpay import payload
from core.payments.promptpay.crc import checksum
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

TAX_ID = "0105536000313"
BILLER_ID = TAX_ID + "01"
SETTINGS_URL = "/t/shop/payments/settings/promptpay"


def configure(tenant, **settings) -> Tenant:
    settings = settings or {"kind": "mobile", "account": "0812345678", "payee_name": "กองทุนหมู่บ้าน"}
    with tenant_context(tenant.id):
        row = db.session.get(Tenant, tenant.id)
        row.settings = {**(row.settings or {}), "promptpay": settings}
        db.session.commit()
        return row


def start(tenant, payment):
    with tenant_context(tenant.id):
        checkout = promptpay_gateway.start(payment.id, tenant=db.session.get(Tenant, tenant.id))
        db.session.commit()
        return checkout, services.get(payment.id)


def qr_url(payment, suffix=""):
    return f"/t/shop/payments/{payment.id}/promptpay-qr{suffix}"


# --- settings ----------------------------------------------------------------------

def test_settings_are_validated_next_to_the_field_and_nothing_is_saved(client, shop, make_member):
    client.login(make_member(shop, "admin"))
    cases = [
        ({"kind": "mobile", "phone": "02-123-4567"}, "phone"),  # a landline
        ({"kind": "mobile", "phone": "12345"}, "phone"),
        ({"kind": "tax_id", "tax_id": TAX_ID[:-1] + "4"}, "tax_id"),  # wrong check digit
        ({"kind": "biller", "biller_id": "01055360003"}, "biller_id"),  # too short
        ({"kind": "biller", "biller_id": TAX_ID[:-1] + "401"}, "biller_id"),  # its tax ID is wrong
        ({"kind": "bitcoin"}, "kind"),
    ]
    for data, field in cases:
        response = client.post(SETTINGS_URL, data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, data
        assert f'data-test="error-{field}"' in html or field == "kind", data
    with tenant_context(shop.id):
        assert "promptpay" not in (db.session.get(Tenant, shop.id).settings or {})
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action.like("payments.promptpay_settings.%"))) == 0


def test_settings_are_stored_shown_masked_and_audited(client, shop, make_member):
    client.login(make_member(shop, "admin"))
    response = client.post(SETTINGS_URL, data={"kind": "mobile", "phone": "089-876-5432",
                                                "payee_name": "กองทุนหมู่บ้านดอนแก้ว"})
    assert response.status_code == 302
    html = client.get(SETTINGS_URL).get_data(as_text=True)
    assert "xxx-xxx-5432" in html and "0898765432" not in html and "089-876" not in html
    with tenant_context(shop.id):
        stored = db.session.get(Tenant, shop.id).settings["promptpay"]
        assert stored == {"kind": "mobile", "account": "0898765432", "payee_name": "กองทุนหมู่บ้านดอนแก้ว"}
        audit = db.session.scalars(sa.select(AuditEvent).where(
            AuditEvent.action == "payments.promptpay_settings.update")).one()
        assert audit.after["account"] == "xxx-xxx-5432" and "0898765432" not in str(audit.after)
    # the same again changes nothing and audits nothing more
    client.post(SETTINGS_URL, data={"kind": "mobile", "phone": "0898765432", "payee_name": "กองทุนหมู่บ้านดอนแก้ว"})
    assert client.post(SETTINGS_URL, data={"kind": "biller", "biller_id": BILLER_ID}).status_code == 302
    db.session.expire_all()
    with tenant_context(shop.id):
        assert db.session.get(Tenant, shop.id).settings["promptpay"]["account"] == BILLER_ID
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "payments.promptpay_settings.update")) == 2


def test_settings_need_the_settings_permission(client, shop, make_member):
    client.login(make_member(shop, "staff"))
    assert client.get(SETTINGS_URL).status_code == 403
    assert client.post(SETTINGS_URL, data={"kind": "mobile", "phone": "0812345678"}).status_code == 403


# --- the gateway -----------------------------------------------------------------

def test_for_tenant_picks_own_promptpay_unless_stripe_keys_are_set(shop):
    with tenant_context(shop.id):
        assert gateway.for_tenant(shop, method="promptpay").name == "fake"
    row = configure(shop)
    with tenant_context(shop.id):
        assert gateway.for_tenant(row, method="promptpay").name == "promptpay_own"
        assert gateway.for_tenant(row, method="card").name == "fake"
        row.settings = {**row.settings, "stripe": {"secret_key": "sk_test_51StubSecretKeyWXYZ"}}
        db.session.commit()
        assert gateway.for_tenant(db.session.get(Tenant, shop.id), method="promptpay").name == "stripe"


def test_ref1_names_what_the_payment_is_for(shop, make_payment):
    cases = {"market.order:12": "ORD12", "welfare.installment:5": "INS5", "welfare.contribution:7": "CON7"}
    for purpose, ref in cases.items():
        payment = make_payment("10.00", method="promptpay", purpose=purpose)
        with tenant_context(shop.id):
            assert promptpay_gateway.ref1_for(payment) == ref
    odd = make_payment("10.00", method="promptpay", purpose="test.thing:abc")
    zero = make_payment("10.00", method="promptpay", purpose="market.order:0")
    assert promptpay_gateway.ref1_for(odd) == f"PAY{odd.id}"
    assert promptpay_gateway.ref1_for(zero) == f"PAY{zero.id}"


def test_start_names_the_payment_moves_it_to_pending_and_the_payload_parses(shop, make_payment):
    configure(shop)
    payment = make_payment("250.50", method="promptpay", purpose="market.order:12")
    checkout, after = start(shop, payment)
    assert (after.status, after.provider, after.method, after.ref1, after.ref2) == (
        "pending", "manual", "promptpay", "ORD12", f"PAY{payment.id}")
    with tenant_context(shop.id):
        assert after.debit_account_id == landing_account("transfer").id
    decoded = payload.parse(checkout.qr_payload)
    assert decoded.amount == Money.parse("250.50")
    assert decoded.payee == payload.mobile("0812345678")
    assert decoded.reference == "ORD12" and decoded.fields["01"] == payload.DYNAMIC
    assert checkout.qr_payload[-4:] == checksum(checkout.qr_payload[:-4])
    # starting again gives the same QR and changes nothing
    again, still = start(shop, payment)
    assert again.qr_payload == checkout.qr_payload and still.status == "pending"


def test_an_existing_ref1_is_kept(shop, make_payment):
    configure(shop)
    payment = make_payment("10.00", method="promptpay", purpose="market.order:3", ref1="ORD3X")
    _, after = start(shop, payment)
    assert after.ref1 == "ORD3X"


def test_bill_payment_carries_ref1_and_ref2(shop, make_payment):
    configure(shop, kind="biller", account=BILLER_ID, payee_name="")
    payment = make_payment("99.00", method="promptpay", purpose="welfare.installment:5")
    checkout, _ = start(shop, payment)
    decoded = payload.parse(checkout.qr_payload)
    assert "30" in decoded.fields and "29" not in decoded.fields
    assert (decoded.payee.account, decoded.payee.ref1, decoded.payee.ref2) == (BILLER_ID, "INS5", f"PAY{payment.id}")
    assert decoded.amount == Money.parse("99.00")


def test_a_tax_id_target(shop, make_payment):
    configure(shop, kind="tax_id", account=TAX_ID, payee_name="")
    payment = make_payment("5.00", method="promptpay")
    checkout, _ = start(shop, payment)
    assert payload.parse(checkout.qr_payload).payee == payload.tax_id(TAX_ID)


def test_a_payment_without_settings_or_of_another_method_is_not_started(shop, make_payment):
    payment = make_payment("10.00", method="promptpay")
    cash = make_payment("10.00", method="cash")
    for p in (payment, cash):
        with tenant_context(shop.id):
            try:
                promptpay_gateway.start(p.id, tenant=shop)
            except (promptpay_gateway.NotOwnPromptPay, promptpay_gateway.OwnPromptPayNotConfigured):
                db.session.rollback()
            else:
                raise AssertionError("started")
    configure(shop)
    with tenant_context(shop.id):
        try:
            promptpay_gateway.start(cash.id, tenant=db.session.get(Tenant, shop.id))
        except promptpay_gateway.NotOwnPromptPay:
            db.session.rollback()
        else:
            raise AssertionError("a cash payment was started")
        assert services.get(payment.id).status == "created"


# --- the payer's pages -------------------------------------------------------------

def test_the_payer_sees_the_qr_with_a_masked_payee_and_can_save_and_print_it(
        client, shop, make_payment, make_member, make_person):
    configure(shop)
    member = make_member(shop, "household")
    person = make_person(shop, user_id=member.id)
    payment = make_payment("250.50", method="promptpay", purpose="market.order:12", payer_person_id=person.id)
    client.login(member)
    first = client.get(qr_url(payment)).get_data(as_text=True)
    assert 'data-test="start"' in first and "<svg" not in first
    assert client.post(qr_url(payment)).status_code == 302
    html = client.get(qr_url(payment)).get_data(as_text=True)
    assert "<svg" in html and "฿250.50" in html and "ORD12" in html
    assert "xxx-xxx-5678" in html and "0812345678" not in html and "กองทุนหมู่บ้าน" in html
    assert f"/t/shop/payments/{payment.id}/status" in html and 'data-test="staff"' not in html
    png = client.get(qr_url(payment, ".png"))
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert "attachment" in png.headers["Content-Disposition"]
    printed = client.get(qr_url(payment, "/print")).get_data(as_text=True)
    assert "<svg" in printed and 'data-test="ref1">ORD12<' in printed and "0812345678" not in printed
    assert client.get(f"/t/shop/payments/{payment.id}/status").get_json()["status"] == "pending"


def test_who_may_see_the_payer_page(client, shop, make_payment, make_member, make_person, make_tenant):
    configure(shop)
    payer = make_member(shop, "household")
    person = make_person(shop, user_id=payer.id)
    payment = make_payment("10.00", method="promptpay", payer_person_id=person.id)
    start(shop, payment)
    client.login(payer)
    assert client.get(qr_url(payment)).status_code == 200
    client.login(make_member(shop, "staff"))
    assert client.get(qr_url(payment)).status_code == 200
    client.login(make_member(shop, "household"))  # another household
    for suffix in ("", ".png", "/print"):
        assert client.get(qr_url(payment, suffix)).status_code == 403
    assert client.post(qr_url(payment)).status_code == 403
    other = make_tenant(slug="other")
    client.login(make_member(other, "staff"))
    for suffix in ("", ".png", "/print"):
        assert client.get(f"/t/other/payments/{payment.id}/promptpay-qr{suffix}").status_code == 404
    assert client.post(f"/t/other/payments/{payment.id}/promptpay-qr/confirm",
                       data={"bank_reference": "X1"}).status_code == 404


def test_without_settings_the_page_says_so(client, shop, make_payment, make_member):
    payment = make_payment("10.00", method="promptpay")
    client.login(make_member(shop, "staff"))
    html = client.get(qr_url(payment)).get_data(as_text=True)
    assert 'data-test="not-configured"' in html
    assert client.post(qr_url(payment), follow_redirects=True).status_code == 200
    with tenant_context(shop.id):
        assert services.get(payment.id).status == "created"


# --- staff confirm and cancel ------------------------------------------------------

def _entries(tenant, payment) -> int:
    with tenant_context(tenant.id):
        return db.session.scalar(sa.select(sa.func.count()).select_from(JournalEntry).where(
            JournalEntry.source == f"payment:{payment.id}"))


def test_staff_confirm_once_with_one_ledger_entry(client, shop, make_payment, make_member):
    configure(shop)
    payment = make_payment("120.00", method="promptpay", purpose="market.order:9")
    start(shop, payment)
    client.login(make_member(shop, "staff"))
    assert client.post(qr_url(payment, "/confirm"), data={"bank_reference": ""}).status_code == 302
    with tenant_context(shop.id):
        assert services.get(payment.id).status == "pending"
    client.post(qr_url(payment, "/confirm"), data={"bank_reference": "BAY 20261123 0042"})
    client.post(qr_url(payment, "/confirm"), data={"bank_reference": "BAY 20261123 0042"})
    with tenant_context(shop.id):
        after = services.get(payment.id)
        assert after.status == "succeeded" and after.reference == "BAY 20261123 0042"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "payments.promptpay.confirm")) == 1
    assert _entries(shop, payment) == 1
    page = client.get(qr_url(payment)).get_data(as_text=True)
    assert 'data-test="paid"' in page


def test_confirm_and_cancel_need_the_record_permission(client, shop, make_payment, make_member, make_person):
    configure(shop)
    payer = make_member(shop, "household")
    person = make_person(shop, user_id=payer.id)
    payment = make_payment("10.00", method="promptpay", payer_person_id=person.id)
    start(shop, payment)
    client.login(payer)
    assert client.post(qr_url(payment, "/confirm"), data={"bank_reference": "X1"}).status_code == 403
    assert client.post(qr_url(payment, "/cancel")).status_code == 403
    with tenant_context(shop.id):
        assert services.get(payment.id).status == "pending"


def test_staff_cancel_a_pending_one(client, shop, make_payment, make_member):
    configure(shop)
    payment = make_payment("10.00", method="promptpay")
    start(shop, payment)
    client.login(make_member(shop, "staff"))
    client.post(qr_url(payment, "/cancel"))
    with tenant_context(shop.id):
        assert services.get(payment.id).status == "cancelled"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "payments.promptpay.cancel")) == 1
    assert "<svg" not in client.get(qr_url(payment)).get_data(as_text=True)
    assert client.get(qr_url(payment, ".png")).status_code == 302
    assert _entries(shop, payment) == 0


def test_a_cash_payment_cannot_be_confirmed_here(client, shop, make_payment, make_member):
    configure(shop)
    cash = make_payment("10.00", method="cash")
    client.login(make_member(shop, "staff"))
    client.post(qr_url(cash, "/confirm"), data={"bank_reference": "X1"})
    with tenant_context(shop.id):
        assert services.get(cash.id).status == "created"
    assert client.get(qr_url(cash)).status_code == 302
