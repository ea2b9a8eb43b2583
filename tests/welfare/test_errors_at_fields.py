"""A refused welfare form is shown again with the refusal at its field: the
field says it is in error (``aria-invalid``) and names the message next to it
(``aria-describedby``), in the form that was posted and no other."""

from __future__ import annotations

from datetime import timedelta

from core.db import db
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.fields import error_at, no_error_at
from tests.welfare.funds.support import setup_fund
from welfare.budgets import services as budgets


def test_a_new_fund_without_a_name_is_refused_at_the_name(client, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    client.login(s.manager)
    r = client.post(f"/t/{s.tenant.slug}/welfare/funds", data={"name": "", "kind": "welfare"})
    assert r.status_code == 422
    assert error_at(r.get_data(as_text=True), "name")


def test_a_budget_with_a_date_that_is_no_date_is_refused_at_that_date(client, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    client.login(s.manager)
    r = client.post(f"/t/{s.tenant.slug}/welfare/funds/{s.fund_id}/budgets",
                    data={"name": "งบปี 2570", "period_start": "31/02/2570", "period_end": "31/12/2570"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert error_at(page, "period_start") == "กรอกวันที่"
    no_error_at(page, "period_end")
    assert "<details open>" in page  # the folded form is unfolded, its error in sight


def test_a_budget_line_with_no_amount_is_refused_at_its_amount_in_its_own_form(client, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        today = ledger.today()
        budget = budgets.create_budget(fund_id=s.fund_id, name="งบปี", period_start=today,
                                       period_end=today + timedelta(days=300), actor_id=s.manager.id)
        other = budgets.create_budget(fund_id=s.fund_id, name="งบอื่น", period_start=today,
                                      period_end=today + timedelta(days=300), actor_id=s.manager.id)
        budget_id, other_id = budget.id, other.id
        db.session.commit()
    client.login(s.manager)
    r = client.post(f"/t/{s.tenant.slug}/welfare/budgets/{budget_id}/lines",
                    data={"category": "area_support", "name": "พื้นที่", "amount": "สามพัน"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert error_at(page, "amount")
    # the other budget's form, with a field of the same name, is not in error
    other_form = page[page.index(f"/budgets/{other_id}/lines"):]
    assert 'aria-invalid="true"' not in other_form[: other_form.index("</form>")]
