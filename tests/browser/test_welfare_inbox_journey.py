"""The fund manager and two signatories in headless Chromium, on a laptop, in
Thai: the borrower is found by typing among 25 namesakes (the list changes
as one types), the loan goes to the signatories, each sees it waiting on the
welfare home, approves, and sees the request leave their inbox and the
button go; the manager records a transfer repayment, imports the bank
statement with ISO dates, reconciles it with the repayment, and prints the
member statement, whose PDF holds the member, the loan agreement and
Buddhist-Era dates."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from core import clock
from core.db import db
from core.tenancy.context import tenant_context
from tests.browser.phone import assert_fits, phone_context
from tests.welfare.loans.conftest import make_world, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PASSWORD = "correct horse 1"  # the factories' default
LAPTOP = {"width": 1280, "height": 800}


def _open(browser, live_server, user):
    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok", viewport=LAPTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return context, page


def _submit(page, form):
    form.locator("button[type=submit]").first.click()
    page.wait_for_load_state()


def _setup(world, make_person):  # noqa: F811
    from core.payments.accounts import landing_account
    from core.payments.statements import services as statements
    from core.registry.models import Household, Village
    from tests.welfare.loans.conftest import fund_cash
    from welfare.members import services as members

    for n in range(25):
        make_person(world.tenant, first_name_th="กนกวรรณ", last_name_th=f"สกุล{n:02d}")
    with tenant_context(world.tenant.id):
        village = Village(moo=4, name_th="บ้านนาดี")
        db.session.add(village)
        db.session.flush()
        house = Household(code="99/9", village_id=village.id)
        db.session.add(house)
        db.session.commit()
        house_id = house.id
    borrower = make_person(world.tenant, first_name_th="กนกวรรณ", last_name_th="นาดี", household_id=house_id)
    with tenant_context(world.tenant.id):
        fund_cash(db.session.merge(world.fund), 5_000_000)
        member = members.enroll(fund_id=world.fund.id, joined_on=clock.today(), person_id=borrower.id,
                                member_no="ส-0099")
        bank = statements.create_bank_account(name="ธ.ก.ส. ออมทรัพย์", bank="BAAC", number="020-1-23456-7",
                                              ledger_account_id=landing_account("transfer").id, actor_id=None)
        db.session.commit()
        return borrower, member.id, bank.id


def _plain(text: str) -> str:
    """Text as a PDF gives it back, compared without spaces and without Thai
    vowel and tone marks (Thai fonts draw raised marks from private-use
    glyphs, U+F700 on, which text extraction returns as they are)."""
    return re.sub(r"[\s\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\uf700-\uf71f]", "", text)


def _inbox_count(page, base) -> int:
    page.goto(f"{base}/")
    return int(page.locator("[data-box=approve]").get_attribute("data-count"))


def test_pick_approve_repay_import_reconcile_and_print(live_server, browser, world, make_person):  # noqa: F811
    from core.payments.statements.models import StatementLine
    from welfare.models.loans import Loan

    borrower, member_id, bank_id = _setup(world, make_person)
    base = f"{live_server}/t/{world.tenant.slug}/welfare"
    context, page = _open(browser, live_server, world.manager)
    try:
        page.goto(f"{base}/loans/apply")
        borrowers = page.locator("[data-picker-list=borrower_person_id] input[type=radio]")
        assert borrowers.count() == 20  # one page of 27 people
        page.locator("#q-borrower_person_id").press_sequentially("กนกวรรณ นาดี", delay=20)
        expect(borrowers).to_have_count(1)  # the list changed as the name was typed, no page load
        choice = page.locator("[data-picker=borrower_person_id] li").first
        assert "99/9" in choice.inner_text() and "บ้านนาดี" in choice.inner_text()
        choice.locator("input").check()
        form = page.locator("[data-test=apply]")
        form.locator("input[name=amount]").fill("6,000")
        form.locator("textarea[name=purpose]").fill("ซื้อพันธุ์ไก่ไข่")
        _submit(page, form)
        assert re.search(r"/loans/\d+$", page.url), page.url
        loan_url = page.url
        assert page.locator("h1").inner_text().startswith("สัญญาเงินกู้ เลขที่ L")
        form = page.locator("[data-test=request-disbursement]")
        form.locator("select[name=pay_from]").select_option("cash")
        _submit(page, form)
    finally:
        context.close()

    with tenant_context(world.tenant.id):
        loan = db.session.scalar(sa.select(Loan))
        assert (loan.borrower_person_id, loan.status) == (borrower.id, "pending")
        disbursement_id = loan.disbursement_id

    for signer in world.signatories[:2]:
        context, page = _open(browser, live_server, signer)
        try:
            assert _inbox_count(page, base) == 1
            page.locator(f"[data-box=approve] a[href$='/disbursements/{disbursement_id}']").click()
            page.wait_for_load_state()
            page.locator("[data-test=approve]").click()
            page.wait_for_load_state()
            assert page.locator("[data-test=approve]").count() == 0
            assert page.locator("[data-test=my-decision]").count() == 1
            assert _inbox_count(page, base) == 0
        finally:
            context.close()

    context, page = _open(browser, live_server, world.manager)
    try:
        page.goto(loan_url)
        form = page.locator("[data-test=repay]")
        assert form.locator("input[name=amount]").input_value() == ""  # nothing is due yet: never the whole debt
        amount = "500.00"
        form.locator("input[name=amount]").fill(amount)
        form.locator("select[name=method]").select_option("transfer")
        form.locator("input[name=reference]").fill("SLIP-77")
        assert str(clock.today().year + 543) in form.locator("input[name=paid_on]").input_value()
        _submit(page, form)
        # the welfare home leads to the bank pages; the statement says its formats before the upload
        page.goto(f"{base}/")
        page.locator("[data-test=bank-link] a").click()
        page.wait_for_load_state()
        page.goto(f"{live_server}/t/{world.tenant.slug}/payments/bank/{bank_id}/statements")
        assert "2026-12-06" in page.locator("[data-test=accepted-formats]").inner_text()
        satang = round(float(amount.replace(",", "")) * 100)
        csv = (f"date,description,amount,reference\n{clock.today().isoformat()},รับโอน สัญญาเงินกู้,"
               f"\"{satang / 100:,.2f}\",\n").encode()
        page.locator("input[name=file]").set_input_files(
            files=[{"name": "baac.csv", "mimeType": "text/csv", "buffer": csv}])
        page.locator("form[enctype] button[type=submit]").click()
        page.wait_for_load_state()
        expect(page.locator("[data-test=status]")).to_have_attribute("data-status", "done")
        # reconcile: the transfer repayment and the bank line are the one pair
        page.goto(f"{live_server}/t/{world.tenant.slug}/payments/bank/{bank_id}/statements")
        page.locator("form[action$='/reconcile'] button").click()
        page.wait_for_load_state()
        with tenant_context(world.tenant.id):
            line = db.session.scalar(sa.select(StatementLine))
            assert (line.amount, line.status) == (satang, "matched")
        # the member statement on A4, as a PDF
        page.goto(f"{base}/members/{member_id}")
        page.locator("[data-test=print-statement]").click()
        page.wait_for_load_state()
        pdf = page.pdf(prefer_css_page_size=True)  # the page's own @page size
    finally:
        context.close()

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(p.extract_text() for p in reader.pages)
    squeezed = _plain(text)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2  # A4 in points
    for expected in ("ส-0099", "กนกวรรณ", "นาดี", loan.number, world.tenant.name_th, "99/9",
                     str(clock.today().year + 543)):
        assert _plain(expected) in squeezed, (expected, text[:500])
    assert borrower.national_id not in squeezed
    assert _plain("กลับไปหน้าสมาชิก") not in squeezed  # the screen-only links are not printed


def test_a_member_reads_their_statement_on_a_phone_in_thai(live_server, browser, world, make_member):  # noqa: F811
    from core.registry.models import Person
    from welfare.members import services as members
    from welfare.sources import services as sources

    user = make_member(world.tenant, "household")
    today = clock.today()
    with tenant_context(world.tenant.id):
        person = db.session.get(Person, world.borrower.id)
        person.user_id = user.id
        member = members.enroll(fund_id=world.fund.id, joined_on=today, person_id=person.id, member_no="ส-0100")
        sources.record_contribution(member_id=member.id, amount_satang=3_000, paid_on=today)
        db.session.commit()
    context = phone_context(browser, timeout_ms=15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/login")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(f"{live_server}/t/{world.tenant.slug}/welfare/my/statement")
        body = page.locator("main").inner_text()
        assert "ส-0100" in body and "฿30.00" in body and str(today.year + 543) in body
        assert str(today.year) not in page.locator("input[name=to]").input_value()  # the year asked in BE
        assert_fits(page)
        assert page.locator("[data-test=print-statement]").count() == 0  # the staff print page is not theirs
        assert world.borrower.national_id not in page.content()
    finally:
        context.close()
