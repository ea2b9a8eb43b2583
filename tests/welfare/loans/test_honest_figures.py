"""Honest figures: a write-off lowers the repayment rate and shows on the
public page; days past due are counted as of today in pages and API, whether
or not the nightly job has run."""

from __future__ import annotations

from datetime import timedelta

from core.db import db
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.factories.welfare import make_loan
from tests.welfare.loans.conftest import resolution
from welfare.loans import lifecycle, metrics, services
from welfare.models.funds import Fund


def test_a_write_off_lowers_the_repayment_rate_and_is_shown(world, make_client):
    with tenant_context(world.tenant.id):
        paid_up = make_loan(world, principal=600_000)
        lost = make_loan(world, principal=300_000)
        assert metrics.fund_totals(world.fund.id)["repayment_rate"] == 1.0  # nothing due yet
        lifecycle.write_off(
            lost.id, resolution_id=resolution(world, "write_off", 10**8).id, reason="ย้ายถิ่น"
        )
        totals = metrics.fund_totals(world.fund.id)
        assert totals["written_off"] == 300_000
        assert totals["repayment_rate"] == 0.0  # 3,000 baht due, none of it paid
        db.session.get(Fund, world.fund.id).public = True
        db.session.commit()
        assert paid_up.status == "active"
    page = make_client().get(f"/funds/{world.tenant.slug}/{world.fund.id}").get_data(as_text=True)
    assert 'data-test="written-off"' in page and "3,000" in page
    assert "100.0%" not in page


def test_days_past_due_are_counted_today_without_the_nightly_job(world, client):
    with tenant_context(world.tenant.id):
        loan = make_loan(world)
        first = services.installments(loan.id)[0]
        first.due_on = ledger.today() - timedelta(days=12)
        db.session.commit()
        assert loan.days_past_due == 0 and loan.aged_on is None  # the cache never ran
    client.login(world.manager)
    api = f"/api/v1/t/{world.tenant.slug}/welfare/loans"
    assert client.get(f"{api}/{loan.id}").get_json()["days_past_due"] == 12
    listed = {row["id"]: row for row in client.get(f"{api}/").get_json()}
    assert listed[loan.id]["days_past_due"] == 12
    page = client.get(f"/t/{world.tenant.slug}/welfare/loans/").get_data(as_text=True)
    assert "<td>12</td>" in page
