"""A resident sees their own member statement, and their household's, and
nobody else's."""

from __future__ import annotations

from datetime import timedelta

from core.db import db
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.welfare.funds.support import setup_fund
from welfare.members import services as members
from welfare.sources import services as sources


def _resident(s, make_member, make_person, make_household):
    user = make_member(s.tenant, "household")
    household = make_household(s.tenant)
    person = make_person(s.tenant, household_id=household.id, user_id=user.id)
    return user, person, household


def test_a_resident_sees_their_own_statements_only(
    ctx, make_tenant, make_member, make_person, make_household, client
):
    s = setup_fund(make_tenant, make_member)
    user, person, household = _resident(s, make_member, make_person, make_household)
    neighbour = make_person(s.tenant)
    with tenant_context(s.tenant_id):
        joined = ledger.today() - timedelta(days=30)
        own = members.enroll(
            fund_id=s.fund_id, person_id=person.id, joined_on=joined, member_no="M-1"
        )
        family = members.enroll(
            fund_id=s.fund_id, household_id=household.id, joined_on=joined, member_no="H-1"
        )
        other = members.enroll(
            fund_id=s.fund_id, person_id=neighbour.id, joined_on=joined, member_no="N-1"
        )
        sources.record_contribution(member_id=own.id, amount_satang=365_00, paid_on=ledger.today())
        db.session.commit()
    client.login(user)
    base = f"/t/{s.tenant.slug}/welfare"
    page = client.get(f"{base}/my/statement")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "M-1" in html and "365" in html
    assert 'data-test="mine"' in html and "H-1" in html and "N-1" not in html
    assert client.get(f"{base}/my/statement?member={family.id}").status_code == 200
    assert client.get(f"{base}/my/statement?member={other.id}").status_code == 404
    # the staff pages stay closed to a resident
    assert client.get(f"{base}/members/{other.id}").status_code == 403
    assert client.get(f"{base}/members/{own.id}").status_code == 403


def test_an_account_not_linked_to_a_member_is_told_so(ctx, make_tenant, make_member, client):
    s = setup_fund(make_tenant, make_member)
    user = make_member(s.tenant, "household")
    client.login(user)
    page = client.get(f"/t/{s.tenant.slug}/welfare/my/statement")
    assert page.status_code == 200 and 'data-test="not-a-member"' in page.get_data(as_text=True)
