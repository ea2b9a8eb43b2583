"""Reconciliation: matching bank lines to payments exactly once, staff
resolving the rest, and the reconciliation statement."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger.services import get_or_create_account, today
from core.payments import services
from core.payments.accounts import landing_account
from core.payments.reconciliation import matching as reconciliation
from core.payments.reconciliation.tasks import reconcile as reconcile_task
from core.payments.statements import services as statements
from core.payments.statements.importer import ParsedLine, insert_lines
from core.payments.statements.models import ReconException, ReconMatch, StatementLine
from core.tenancy.context import tenant_context
from tests.factories.payments import make_bank_account

_keys = itertools.count(1)


@pytest.fixture
def bank(shop):
    return make_bank_account(shop, name="ออมสิน", bank="GSB", number="0201-2345-6789")


@pytest.fixture
def paid(make_payment, shop):
    def pay(amount: str, ref1: str | None = None):
        payment = make_payment(amount, method="transfer", key=f"k{next(_keys)}", ref1=ref1)
        with tenant_context(shop.id):
            services.transition(payment.id, "succeeded", source="test")
            db.session.commit()
        return payment.id

    return pay


@pytest.fixture
def line(shop, bank):
    numbers = itertools.count(1)

    def add(amount: int, days: int = 0, ref: str | None = None, description: str = "โอนเข้า", balance=None):
        with tenant_context(shop.id):
            parsed = ParsedLine(next(numbers), today() + timedelta(days=days), amount, description, ref, balance)
            insert_lines(bank.id, None, [parsed])
            db.session.commit()
            return db.session.scalar(sa.select(StatementLine.id).order_by(StatementLine.id.desc()).limit(1))

    return add


def run(shop, bank):
    with tenant_context(shop.id):
        outcome = reconciliation.reconcile_account(bank.id)
        db.session.commit()
        return outcome


def state(shop):
    with tenant_context(shop.id):
        db.session.expire_all()
        lines = {row.id: row.status for row in db.session.scalars(sa.select(StatementLine))}
        matches = {m.statement_line_id: (m.payment_id, m.kind, m.difference)
                   for m in db.session.scalars(sa.select(ReconMatch))}
        return lines, matches


def test_exact_ref1_match(shop, bank, paid, line):
    payment = paid("500.00", ref1="INV001")
    line_id = line(50000, days=10, ref="INV001")  # Ref1 needs no date window
    outcome = run(shop, bank)
    assert (outcome.by_ref1, outcome.by_amount_date) == (1, 0)
    lines, matches = state(shop)
    assert lines[line_id] == "matched" and matches[line_id] == (payment, "ref1", 0)


def test_ref1_with_another_amount_is_a_mismatch(shop, bank, paid, line):
    payment = paid("500.00", ref1="INV002")
    line_id = line(49000, ref="INV002")
    run(shop, bank)
    lines, matches = state(shop)
    assert lines[line_id] == "mismatch" and matches[line_id] == (payment, "ref1", -1000)


def test_unique_amount_within_the_window_matches(shop, bank, paid, line):
    payment = paid("321.00")
    near, far = line(32100, days=-2), line(32100, days=-9)
    outcome = run(shop, bank)
    assert outcome.by_amount_date == 1
    lines, matches = state(shop)
    assert matches[near][0] == payment and lines[far] == "unmatched"


def test_two_payments_of_the_same_amount_and_day_stay_ambiguous(shop, bank, paid, line):
    first, second = paid("250.00"), paid("250.00")
    line_id = line(25000)
    outcome = run(shop, bank)
    assert (outcome.matched, outcome.ambiguous) == (0, 1)
    lines, matches = state(shop)
    assert lines[line_id] == "ambiguous" and matches == {}
    with tenant_context(shop.id):
        found = statements.exceptions(statements.get_bank_account(bank.id))
        assert {p.id for p in found["candidates"][line_id]} == {first, second}
    # staff link one; the other payment stays open
    with tenant_context(shop.id):
        reconciliation.link(line_id, second, actor_id=None)
        db.session.commit()
    lines, matches = state(shop)
    assert lines[line_id] == "matched" and matches[line_id] == (second, "manual", 0)


def test_duplicate_bank_lines_never_match_one_payment_twice(shop, bank, paid, line):
    payment = paid("100.00", ref1="DUP")
    a = line(10000, ref="DUP", description="โอนเข้า 1")
    b = line(10000, ref="DUP", description="โอนเข้า 2")
    c = line(10000, description="โอนเข้า 3")
    run(shop, bank)
    lines, matches = state(shop)
    assert [m[0] for m in matches.values()] == [payment]
    assert sorted(lines[i] for i in (a, b, c)).count("matched") == 1


def test_running_twice_changes_nothing(shop, bank, paid, line):
    paid("10.00", ref1="R1"), paid("20.00"), paid("30.00"), paid("30.00")
    line(1000, ref="R1"), line(2000), line(3000), line(-500)
    run(shop, bank)
    first = state(shop)
    again = run(shop, bank)
    assert again.matched == 0 and state(shop) == first


def test_lines_match_only_payments_that_landed_in_their_account(shop, bank, make_payment, line):
    payment = make_payment("70.00", method="cash", key="cash-1", ref1="CASH")
    with tenant_context(shop.id):
        services.transition(payment.id, "succeeded", source="test")
        db.session.commit()
    line(7000, ref="CASH")
    assert run(shop, bank).matched == 0


def test_the_task_reconciles_and_is_idempotent(shop, bank, paid, line):
    paid("42.00", ref1="T1")
    line(4200, ref="T1")
    assert reconcile_task.delay(shop.id).get() == {str(bank.id): {"ref1": 1, "amount_date": 0, "ambiguous": 0}}
    assert reconcile_task.delay(shop.id, bank.id).get() == {str(bank.id): {"ref1": 0, "amount_date": 0, "ambiguous": 0}}


def test_the_nightly_task_is_scheduled(app):
    from core.celery_app import beat_schedule

    assert beat_schedule()["payments.reconcile.nightly"]["task"] == "core.payments.reconcile_all"


def test_the_nightly_fan_out_queues_one_task_per_tenant_with_a_bank_account(shop, bank, make_tenant, app):
    from core.payments.statements.models import BankAccount
    from core.tenancy import crossing

    other = make_tenant(slug="other-shop")
    make_tenant(slug="no-bank")  # nothing to reconcile: no task
    make_bank_account(other, name="กรุงไทย", bank="KTB", number="0201-0000-2222")

    class Task:
        queued: list[int] = []
        given: list[tuple] = []

        def delay(self, tenant_id: int, *args) -> None:
            self.queued.append(tenant_id)
            self.given.append(args)

    task = Task()
    with app.app_context():
        assert crossing.fan_out(BankAccount, task) == 2
    assert sorted(task.queued) == sorted([shop.id, other.id])
    assert task.given == [(), ()]
    with app.app_context():  # a task that takes more than the tenant (the day, say) gets it for each
        assert crossing.fan_out(BankAccount, task, "2026-12-01") == 2
    assert task.given[2:] == [("2026-12-01",), ("2026-12-01",)]


def test_the_reconciliation_statement_balances_on_a_worked_example(shop, bank, paid, line):
    with tenant_context(shop.id):
        charges = get_or_create_account("general", "5200", "ค่าธรรมเนียมธนาคาร", "Bank charges", "expense")
        db.session.commit()
    paid("100.00", ref1="A")           # on the statement by Ref1
    paid("250.00")                     # on the statement by amount and date
    in_transit = paid("400.00", ref1="C")  # not on the statement yet
    line(10000, ref="A")
    line(25000)
    fee = line(-3000, description="ค่าธรรมเนียม")
    line(7500, description="ดอกเบี้ย", balance=39500)  # interest, not in the ledger; closing balance 395.00
    run(shop, bank)
    with tenant_context(shop.id):
        reconciliation.create_entry(fee, charges.id, "ค่าธรรมเนียมโอน", actor_id=None)
        db.session.commit()
        report = statements.recon_statement(statements.get_bank_account(bank.id), today())
    # ledger 100 + 250 + 400 − 30 = 720; 720 − 400 (in transit) + 75 (interest) = 395 = bank
    assert (report["ledger_balance"], report["ledger_only_total"], report["bank_only_total"]) == (72000, 40000, 7500)
    assert report["bank_closing"] == 39500 and report["balances"]
    assert [p.id for p in report["in_transit"]] == [in_transit]


def test_an_unexplained_difference_is_shown(shop, bank, line):
    line(5000, balance=9000)  # an opening balance the ledger never had
    with tenant_context(shop.id):
        report = statements.recon_statement(statements.get_bank_account(bank.id), today())
    assert not report["balances"] and report["difference"] == 4000


# --- the pages ----------------------------------------------------------------


def test_only_people_who_may_reconcile_see_the_bank_pages(client, shop, bank, make_member):
    client.login(make_member(shop, "staff"))
    assert client.get("/t/shop/payments/bank/").status_code == 403
    assert client.get(f"/t/shop/payments/bank/{bank.id}/exceptions").status_code == 403
    client.login(make_member(shop, "fund_manager"))
    for path in ("/", f"/{bank.id}/exceptions", f"/{bank.id}/statement", f"/{bank.id}/mapping",
                 f"/{bank.id}/statements", f"/{bank.id}/statement?as_of=bad"):
        assert client.get("/t/shop/payments/bank" + path).status_code == 200, path


def test_staff_link_create_entries_and_ignore_from_the_exceptions_page(client, shop, bank, paid, line, make_member):
    with tenant_context(shop.id):
        income = get_or_create_account("general", "4300", "ดอกเบี้ยรับ", "Interest", "income")
        db.session.commit()
    ambiguous_a, ambiguous_b = paid("60.00"), paid("60.00")
    mismatch_payment = paid("80.00", ref1="M1")
    lonely = paid("90.00")
    amb = line(6000)
    mis = line(7900, ref="M1")
    interest = line(1234, description="ดอกเบี้ย")
    junk = line(500, days=-20, description="ไม่ทราบ")
    run(shop, bank)

    client.login(make_member(shop, "staff"))
    assert client.post(f"/t/shop/payments/bank/lines/{amb}/link", data={"payment_id": ambiguous_a}).status_code == 403

    client.login(make_member(shop, "fund_manager"))
    page = client.get(f"/t/shop/payments/bank/{bank.id}/exceptions").get_data(as_text=True)
    assert f'data-line="{amb}"' in page and f'data-payment="{lonely}"' in page
    client.post(f"/t/shop/payments/bank/lines/{amb}/link", data={"payment_id": ambiguous_b})
    client.post(f"/t/shop/payments/bank/lines/{mis}/accept", data={"reason": ""})  # a reason is required
    client.post(f"/t/shop/payments/bank/lines/{mis}/accept", data={"reason": "ลูกค้าโอนขาด 1 บาท"})
    client.post(f"/t/shop/payments/bank/lines/{interest}/entry",
                data={"counter_account_id": str(income.id), "memo": "ดอกเบี้ยเงินฝาก"})
    client.post(f"/t/shop/payments/bank/lines/{junk}/ignore", data={"reason": ""})
    response = client.post(f"/t/shop/payments/bank/lines/{junk}/ignore", data={"reason": "โอนผิดบัญชี คืนแล้ว"})
    assert response.status_code == 302
    client.post(f"/t/shop/payments/bank/{bank.id}/payments/{ambiguous_a}/ignore", data={"reason": "เงินสดฝากรวม"})
    # a resolved line cannot be resolved again
    page = client.post(f"/t/shop/payments/bank/lines/{junk}/ignore", data={"reason": "x"}, follow_redirects=True)
    assert page.status_code == 200

    lines, matches = state(shop)
    assert lines[amb] == "matched" and matches[amb][0] == ambiguous_b
    assert lines[mis] == "matched" and matches[mis] == (mismatch_payment, "ref1", -100)
    assert lines[interest] == "entered" and lines[junk] == "ignored"
    with tenant_context(shop.id):
        resolved = {(x.statement_line_id, x.payment_id): (x.action, x.reason) for x in db.session.scalars(sa.select(ReconException))}
        from core.audit.models import AuditEvent

        actions = set(db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.action.like("payments.recon.%"))))
    assert resolved[(junk, None)] == ("ignored", "โอนผิดบัญชี คืนแล้ว")
    assert resolved[(None, ambiguous_a)][0] == "ignored"
    assert resolved[(interest, None)][0] == "entry"
    assert {"payments.recon.link", "payments.recon.accept", "payments.recon.entry", "payments.recon.ignore_line",
            "payments.recon.ignore_payment"} <= actions
    with tenant_context(shop.id):
        assert db.session.get(type(income), income.id).balance == 1234


def test_upload_page_runs_the_import_and_shows_the_error_report(client, shop, bank, make_member):
    import io

    client.login(make_member(shop, "fund_manager"))
    content = "date,description,amount,reference\n05/01/2568,โอนเข้า,\"1,000.00\",X1\n06/01/2568,ผิด,abc,\n"
    response = client.post(f"/t/shop/payments/bank/{bank.id}/statements",
                           data={"file": (io.BytesIO(content.encode()), "s.csv"), "mode": "strict"},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    job_url = response.headers["Location"]
    page = client.get(job_url).get_data(as_text=True)
    assert 'data-status="invalid"' in page and 'data-row="3"' in page
    assert client.get(job_url + "/status").get_json()["error_count"] == 1
    report = client.get(job_url + "/errors.csv")
    assert report.status_code == 200 and "3,amount" in report.get_data(as_text=True)
    client.post(job_url + "/good-only")
    assert 'data-status="done"' in client.get(job_url).get_data(as_text=True)
    empty = client.post(f"/t/shop/payments/bank/{bank.id}/statements", data={"mode": "strict"},
                        content_type="multipart/form-data")
    assert empty.status_code == 422


def test_bank_accounts_and_mapping_from_the_pages(client, shop, make_member):
    client.login(make_member(shop, "fund_manager"))
    with tenant_context(shop.id):
        ledger_id = landing_account("transfer").id
        db.session.commit()
    response = client.post("/t/shop/payments/bank/", data={"name": "กสิกร", "bank": "KBANK", "number": "123-4-56789-0",
                                                           "ledger_account_id": str(ledger_id)})
    assert response.status_code == 302
    again = client.post("/t/shop/payments/bank/", data={"name": "อีกบัญชี", "ledger_account_id": str(ledger_id)})
    assert again.status_code == 422
    with tenant_context(shop.id):
        account = statements.bank_accounts()[0]
    assert account.number_masked == "xxxxxx7890"
    data = {"date_column": "วันที่", "debit_column": "ถอน", "credit_column": "ฝาก", "date_format": "DD/MM/YYYY",
            "year_era": "be", "decimal_style": "dot", "skip_rows": "1", "has_header": "y"}
    assert client.post(f"/t/shop/payments/bank/{account.id}/mapping", data=data).status_code == 302
    bad = client.post(f"/t/shop/payments/bank/{account.id}/mapping", data={**data, "credit_column": ""})
    assert bad.status_code == 422
    with tenant_context(shop.id):
        saved = statements.current_mapping(account.id)
        assert (saved.debit_column, saved.year_era, saved.skip_rows, saved.amount_column) == ("ถอน", "be", 1, None)


def test_reconcile_button_runs_the_task(client, shop, bank, paid, line, make_member):
    paid("55.00", ref1="BTN")
    line_id = line(5500, ref="BTN")
    client.login(make_member(shop, "fund_manager"))
    assert client.post(f"/t/shop/payments/bank/{bank.id}/reconcile").status_code == 302
    assert state(shop)[0][line_id] == "matched"
