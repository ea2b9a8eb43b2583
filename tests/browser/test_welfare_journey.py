"""The fund manager's journey in headless Chromium, from grant to repayment,
through the funds pages and the loan pages: a revolving fund is opened with
three signatories, a grant tranche arrives in cash, a meeting passes a loan
resolution, a loan product is set up, a member applies, the request goes to
the signatories and two of three approve it (the money goes out), the
schedule appears and the borrower's first installment is repaid at the desk."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core.db import db
from core.tenancy.context import tenant_context

pytestmark = pytest.mark.browser

PASSWORD = "correct horse 1"  # the factories' default


def _login(page, live_server, email):
    page.goto(f"{live_server}/login")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _submit(page, form):
    form.locator("button[type=submit]").first.click()
    page.wait_for_load_state()


def test_fund_manager_from_grant_to_repayment(
    live_server, browser, ctx, make_tenant, make_member, make_person
):
    from welfare.funds import accounts
    from welfare.models.funds import Fund
    from welfare.models.loans import Loan

    tenant = make_tenant(kind="council")
    manager = make_member(tenant, "fund_manager", display_name="ผู้จัดการกองทุน")
    signers = [make_member(tenant, "signatory", display_name=f"ผู้ลงนาม {n}") for n in range(3)]
    borrower = make_person(tenant, first_name_th="มาลี", last_name_th="ใจงาม")
    base = f"{live_server}/t/{tenant.slug}/welfare"

    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _login(page, live_server, manager.email)
        # a revolving fund that may lend
        page.goto(f"{base}/funds")
        form = page.locator("form[action$='/funds']")
        form.locator("input[name=name]").fill("กองทุนหมุนเวียนทดสอบ")
        form.locator("select[name=kind]").select_option("revolving")
        _submit(page, form)
        assert re.search(r"/funds/\d+$", page.url), page.url
        fund_url = page.url
        fund_id = int(fund_url.rsplit("/", 1)[1])
        # three signatories (2 of 3 by default)
        for user in signers:
            form = page.locator("form[action$='/signatories']")
            form.locator("select[name=user_id]").select_option(str(user.id))
            _submit(page, form)
        # a grant whose first tranche of 27,000 baht arrives in cash
        page.goto(f"{base}/funds/{fund_id}/sources")
        page.locator("details:has(form[action$='/grants']) > summary").click()
        form = page.locator("form[action$='/grants']")
        form.locator("input[name=grantor_name]").fill("สถาบันพัฒนาองค์กรชุมชน")
        form.locator("input[name=total]").fill("700,000")
        form.locator("input[name=restricted]").uncheck()
        _submit(page, form)
        form = page.locator("form[action$='/tranches']").first
        form.locator("input[name=amount]").fill("27,000")
        _submit(page, form)
        form = page.locator("form[action$='/receive']").first
        form.locator("select[name=into]").select_option("cash")
        _submit(page, form)
        with tenant_context(tenant.id):
            db.session.expire_all()
            fund = db.session.get(Fund, fund_id)
            assert accounts.balance(fund, "cash") == 27_000_00
        # a meeting with a loan resolution of 20,000 baht
        page.goto(f"{base}/funds/{fund_id}/meetings")
        form = page.locator("form[action$='/meetings']")
        form.locator("input[name=title]").fill("ประชุมพิจารณาเงินกู้")
        form.locator("input[name=attendee_count]").fill("9")
        form.locator("input[name=eligible_count]").fill("12")
        _submit(page, form)
        form = page.locator("form[action$='/resolutions']")
        form.locator("input[name=number]").fill("3/2569")
        form.locator("select[name=kind]").select_option("loan")
        form.locator("input[name=amount_cap]").fill("20,000")
        form.locator("textarea[name=purpose]").fill("เงินกู้ทุนประกอบอาชีพ")
        _submit(page, form)
        # a loan product: flat 6 % a year, 6 months, 20-baht fee
        page.goto(f"{base}/loans/products")
        form = page.locator("[data-test=new-product]")
        form.locator("select[name=fund_id]").select_option(str(fund_id))
        form.locator("input[name=name]").fill("ทุนอาชีพ 6 เดือน")
        form.locator("select[name=method]").select_option("flat")
        form.locator("input[name=rate]").fill("6")
        form.locator("input[name=fee]").fill("20")
        form.locator("input[name=term]").fill("6")
        _submit(page, form)
        assert "ทุนอาชีพ 6 เดือน" in page.locator("[data-test=products]").inner_text()
        # the member applies for 6,000 baht
        page.goto(f"{base}/loans/apply")
        page.locator("#q-borrower_person_id").fill("มาลี")
        page.locator("[data-test=picker-search-borrower_person_id] button[type=submit]").click()
        page.wait_for_load_state()
        form = page.locator("[data-test=apply]")
        form.locator(f"input[name=borrower_person_id][value='{borrower.id}']").check()
        form.locator("input[name=amount]").fill("6,000")
        form.locator("textarea[name=purpose]").fill("ซื้อพันธุ์ไก่ไข่")
        _submit(page, form)
        loan_url = page.url
        assert re.search(r"/loans/\d+$", loan_url), loan_url
        # to the signatories under the loan resolution, paid from cash
        form = page.locator("[data-test=request-disbursement]")
        form.locator("select[name=pay_from]").select_option("cash")
        _submit(page, form)
        assert page.locator("[data-test=disbursement]").count() == 1
    finally:
        context.close()

    with tenant_context(tenant.id):
        db.session.expire_all()
        loan = db.session.scalar(sa.select(Loan))
        assert loan.status == "pending"
        disbursement_id = loan.disbursement_id

    for signer in signers[:2]:
        context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            _login(page, live_server, signer.email)
            page.goto(f"{base}/disbursements/{disbursement_id}")
            page.locator("[data-test=approve]").click()
            page.wait_for_load_state()
        finally:
            context.close()

    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _login(page, live_server, manager.email)
        page.goto(loan_url)
        assert page.locator("[data-test=schedule] tbody tr").count() == 6
        # first installment: 1,000 principal + 30 interest + 20 fee
        form = page.locator("[data-test=repay]")
        form.locator("input[name=amount]").fill("1,050")
        _submit(page, form)
        assert "5,000.00" in page.locator("[data-test=outstanding]").inner_text()
        # the arrears and PAR page and the fund's numbers
        page.goto(f"{base}/loans/par?fund={fund_id}")
        assert "6,000.00" in page.locator("[data-test=metrics]").inner_text()
    finally:
        context.close()

    with tenant_context(tenant.id):
        db.session.expire_all()
        loan = db.session.get(Loan, loan.id)
        fund = db.session.get(Fund, fund_id)
        assert loan.status == "active" and loan.outstanding_satang == 5_000_00
        assert accounts.balance(fund, "loans_receivable") == 5_000_00
        assert accounts.balance(fund, "cash") == 27_000_00 - 6_000_00 + 1_050_00
