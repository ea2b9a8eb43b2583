"""The fund manager's and signatories' pages as they use them: the borrower
found by search among namesakes, what waits for each signatory, the approve
button gone once used (and refused if pressed again), the printable member
statement, and dates typed and shown in the Buddhist Era."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core import clock
from core.db import db
from core.registry.models import Household, Village
from core.tenancy.context import tenant_context
from welfare.models.loans import Loan


def home(world) -> str:
    return f"/t/{world.tenant.slug}/welfare/"


def _namesakes(world, make_person, count=25):
    with tenant_context(world.tenant.id):
        village = Village(moo=4, name_th="บ้านนาดี")
        db.session.add(village)
        db.session.flush()
        house = Household(code="99/9", village_id=village.id)
        db.session.add(house)
        db.session.commit()
        house_id = house.id
    people = [make_person(world.tenant, first_name_th="กนกวรรณ", last_name_th=f"สกุล{n:02d}") for n in range(count)]
    target = make_person(world.tenant, first_name_th="กนกวรรณ", last_name_th="นาดี", household_id=house_id)
    return people, target


def test_the_borrower_is_found_by_search_among_namesakes_and_the_loan_applied(world, client, make_person):
    _people, target = _namesakes(world, make_person)
    client.login(world.manager)
    url = f"/t/{world.tenant.slug}/welfare/loans/apply"
    first = client.get(url).get_data(as_text=True)
    assert first.count('name="borrower_person_id"') == 20  # a page, not everyone
    assert 'rel="next"' in first and "js/picker.js" in first and "<script>" not in first
    page = client.get(url, query_string={"q_borrower": "กนกวรรณ   นาดี"}).get_data(as_text=True)
    picked = page.split('data-test="picker-borrower_person_id"')[1].split("</fieldset>")[0]
    assert picked.count('name="borrower_person_id"') == 1
    assert f'value="{target.id}"' in picked and "99/9" in picked and "หมู่ 4 บ้านนาดี" in picked
    assert target.national_id not in page
    for odd in ("   ", "%", "กนกวรรณ" * 40):
        assert client.get(url, query_string={"q_borrower": odd, "p_borrower": "-3"}).status_code == 200
    response = client.post(url + "?q_borrower=นาดี", data={
        "product_id": world.product.id, "borrower_person_id": target.id, "amount": "5,000", "purpose": "ขายของ",
        "guarantor_person_id": ""})
    assert response.status_code == 302
    with tenant_context(world.tenant.id):
        assert db.session.scalar(sa.select(Loan.borrower_person_id)) == target.id
    refused = client.post(url + "?q_borrower=นาดี", data={"product_id": world.product.id, "amount": "5,000"})
    assert refused.status_code in (404, 422) and "data-test=\"picker-borrower_person_id\"" in refused.get_data(True)


def _pending_loan(world):
    from welfare.loans import services

    with tenant_context(world.tenant.id):
        loan = services.apply(fund_id=world.fund.id, product_id=world.product.id,
                              borrower_person_id=world.borrower.id, principal_satang=500_000, purpose="ค้าขาย",
                              actor_id=world.manager.id)
        services.request_disbursement(loan.id, resolution_id=world.resolution.id, requested_by=world.manager.id)
        db.session.commit()
        return loan.id, loan.disbursement_id, loan.number


def test_each_signatory_sees_what_waits_and_the_button_goes_once_used(world, client):
    loan_id, disbursement_id, number = _pending_loan(world)
    first, second, third = world.signatories
    client.login(first)
    page = client.get(home(world)).get_data(as_text=True)
    box = page.split('data-box="approve"')[1].split("</div>")[0]
    assert 'data-count="1"' in page.split('data-box="approve"')[1][:30]
    assert f"สัญญาเงินกู้ เลขที่ {number}" in box and "Loan " not in box
    url = f"/t/{world.tenant.slug}/welfare/disbursements/{disbursement_id}"
    assert 'data-test="approve"' in client.get(url).get_data(as_text=True)
    assert client.post(url + "/approve").status_code == 302
    after = client.get(url).get_data(as_text=True)
    assert 'data-test="approve"' not in after and 'data-test="my-decision"' in after
    assert "อนุมัติ" in after.split('data-test="my-decision"')[1][:200]
    awaited = after.split('data-test="awaited"')[1].split("</p>")[0]
    assert second.display_name in awaited and third.display_name in awaited and first.display_name not in awaited
    again = client.post(url + "/approve")  # the same signatory, pressing again (an old tab)
    assert again.status_code == 409 and "ให้ความเห็น" in again.get_data(as_text=True)
    assert 'data-count="0"' in client.get(home(world)).get_data(as_text=True).split('data-box="approve"')[1][:30]
    client.login(second)
    assert 'data-count="1"' in client.get(home(world)).get_data(as_text=True).split('data-box="approve"')[1][:30]
    assert client.post(url + "/approve").status_code == 302
    with tenant_context(world.tenant.id):
        assert db.session.get(Loan, loan_id).status == "active"
    client.login(third)
    done = client.get(url).get_data(as_text=True)
    assert 'data-test="approve"' not in done
    assert client.post(url + "/approve").status_code == 409


def test_a_committee_member_who_is_no_signatory_sees_no_button_and_is_refused(world, client, make_member):
    _loan_id, disbursement_id, _number = _pending_loan(world)
    client.login(make_member(world.tenant, "committee"))
    url = f"/t/{world.tenant.slug}/welfare/disbursements/{disbursement_id}"
    assert 'data-test="approve"' not in client.get(url).get_data(as_text=True)
    assert client.post(url + "/approve").status_code in (403, 409, 422)
    page = client.get(home(world)).get_data(as_text=True)
    assert 'data-count="0"' in page.split('data-box="approve"')[1][:30]


def test_the_manager_sees_loans_to_send_and_links_to_the_bank_and_public_pages(world, client):
    from welfare.loans import services

    with tenant_context(world.tenant.id):
        loan = services.apply(fund_id=world.fund.id, product_id=world.product.id,
                              borrower_person_id=world.borrower.id, principal_satang=100_000, purpose="",
                              actor_id=world.manager.id)
        world.fund.public = True
        db.session.merge(world.fund)
        db.session.commit()
    client.login(world.manager)
    page = client.get(home(world)).get_data(as_text=True)
    assert 'data-box="loans_applied" data-count="1"' in page and f"/welfare/loans/{loan.id}" in page
    assert 'data-test="bank-link"' in page and "/payments/bank/" in page
    assert f"/funds/{world.tenant.slug}/{world.fund.id}" in page  # the fund's public page
    fund_page = client.get(f"/t/{world.tenant.slug}/welfare/funds/{world.fund.id}").get_data(as_text=True)
    assert 'data-test="public-link"' in fund_page and 'data-test="bank-links"' in fund_page


def test_the_printable_member_statement(world, client):
    from tests.factories.welfare import make_loan
    from welfare.loans import repayments
    from welfare.members import services as members
    from welfare.sources import services as sources

    today = clock.today()
    with tenant_context(world.tenant.id):
        loan = make_loan(world, principal=600_000)
        member = members.enroll(fund_id=world.fund.id, joined_on=today - timedelta(days=40),
                                person_id=world.borrower.id, member_no="M-0042")
        sources.record_contribution(member_id=member.id, amount_satang=3_000, paid_on=today)
        repayments.record_repayment(loan_id=loan.id, amount_satang=50_000, method="cash", token="print-test-token-0001",
                                    actor_id=world.manager.id)
        db.session.commit()
        member_id = member.id
    client.login(world.manager)
    page = client.get(f"/t/{world.tenant.slug}/welfare/members/{member_id}").get_data(as_text=True)
    assert 'data-test="print-statement"' in page
    assert f"{today.year + 543}" in page.split('name="to"')[1][:80]  # the period is asked in the Buddhist Era
    sheet = client.get(f"/t/{world.tenant.slug}/welfare/members/{member_id}/statement/print").get_data(as_text=True)
    assert "@page { size: A4" in sheet and world.tenant.name_th in sheet and "M-0042" in sheet
    assert f"สัญญาเงินกู้ เลขที่ {loan.number}" in sheet and "฿500.00" in sheet and "฿30.00" in sheet
    assert str(today.year + 543) in sheet and world.borrower.national_id not in sheet


def test_a_contribution_dated_in_the_buddhist_era_is_read(world, client):
    from welfare.members import services as members
    from welfare.models.sources import ContributionPayment

    today = clock.today()
    with tenant_context(world.tenant.id):
        member = members.enroll(fund_id=world.fund.id, joined_on=today, person_id=world.borrower.id)
        db.session.commit()
        member_id = member.id
    client.login(world.manager)
    be = f"{today.day:02d}/{today.month:02d}/{today.year + 543}"
    response = client.post(f"/t/{world.tenant.slug}/welfare/members/{member_id}/contributions",
                           data={"amount": "30", "paid_on": be, "method": "cash"})
    assert response.status_code == 302
    bad = client.post(f"/t/{world.tenant.slug}/welfare/members/{member_id}/contributions",
                      data={"amount": "30", "paid_on": "31/02/2569", "method": "cash"})
    assert bad.status_code == 422
    with tenant_context(world.tenant.id):
        assert [p.paid_on for p in db.session.scalars(sa.select(ContributionPayment))] == [today]


def test_a_household_is_enrolled_through_the_search(world, client, make_person):
    from welfare.models.members import Member

    _people, target = _namesakes(world, make_person, count=3)
    client.login(world.manager)
    url = f"/t/{world.tenant.slug}/welfare/funds/{world.fund.id}/members"
    page = client.get(url, query_string={"q_household": "นาดี"}).get_data(as_text=True)
    households = page.split('data-test="picker-household"')[1].split("</fieldset>")[0]
    assert households.count('name="who"') == 1 and 'value="household:' in households and "99/9" in households
    assert "js/picker.js" in page
    with tenant_context(world.tenant.id):
        house_id = db.session.scalar(sa.select(Household.id).where(Household.code == "99/9"))
    today = clock.today()
    response = client.post(url + "?q_household=นาดี", data={
        "who": f"household:{house_id}", "joined_on": f"{today:%d/%m}/{today.year + 543}", "member_no": "H-1"})
    assert response.status_code == 302
    again = client.post(url + "?q_household=นาดี", data={"who": f"household:{house_id}", "joined_on": "1/1/2569"})
    assert again.status_code in (409, 422) and "99/9" in again.get_data(as_text=True)
    with tenant_context(world.tenant.id):
        assert [m.household_id for m in db.session.scalars(sa.select(Member))] == [house_id]


def test_what_waits_for_a_signatory_is_on_the_organisations_first_page(world, client):
    loan_id, disbursement_id, number = _pending_loan(world)
    first, second, third = world.signatories
    client.login(first)
    landing = client.get(f"/t/{world.tenant.slug}/").get_data(as_text=True)
    item = landing.split('data-test="waiting-welfare-approve"')[1].split("</li>")[0]
    assert "/welfare/approvals" in item and ": 1" in item
    url = f"/t/{world.tenant.slug}/welfare/disbursements/{disbursement_id}"
    assert client.post(url + "/approve").status_code == 302
    # once they have signed, it no longer waits for them (counts of nothing are not shown)
    assert 'data-test="waiting-welfare-approve"' not in client.get(f"/t/{world.tenant.slug}/").get_data(as_text=True)
