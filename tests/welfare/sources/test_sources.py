"""Sources: tranches expected → received once, restricted money, donations,
one baht a day with arrears, matching contributions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.db import db
from core.ledger import queries
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.welfare.funds.support import setup_fund
from welfare.funds import accounts
from welfare.governance import services as governance
from welfare.members import services as members
from welfare.models.funds import Fund
from welfare.sources import services as sources


def test_grant_tranche_received_once_into_restricted_money(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cash_satang=0)
    with tenant_context(s.tenant_id):
        grant = sources.create_grant(
            fund_id=s.fund_id,
            grantor_name="พอช.",
            grantor_kind="codi",
            total_satang=700_000_00,
            permitted_uses="สวัสดิการชุมชน",
            restricted=True,
            uses=["benefits"],
        )
        tranche = sources.add_tranche(
            grant_id=grant.id, amount_satang=27_000_00, conditions="เปิดบัญชีและลงนาม MOU"
        )
        with pytest.raises(sources.TranchesExceedGrant):
            sources.add_tranche(grant_id=grant.id, amount_satang=673_000_01)
        db.session.commit()
        sources.receive_tranche(tranche.id, received_on=ledger.today(), into="bank")
        db.session.commit()
        with pytest.raises(sources.TrancheNotExpected):
            sources.receive_tranche(tranche.id, received_on=ledger.today(), into="bank")
        db.session.rollback()
        fund = db.session.get(Fund, s.fund_id)
        assert accounts.balance(fund, "bank") == 27_000_00
        assert accounts.balance(fund, "restricted_grants") == 27_000_00
        assert grant.restricted_balance_satang == 27_000_00
        release = governance.create_resolution(
            meeting_id=s.meeting_id, kind="release", amount_cap_satang=50_000_00, purpose="ปลดเงื่อนไข"
        )
        db.session.commit()
        with pytest.raises(sources.RestrictedInsufficient):
            sources.release_restricted(grant.id, 27_000_01, resolution_id=release.id, purpose="เกินไป")
        db.session.rollback()
        sources.release_restricted(grant.id, 10_000_00, resolution_id=release.id, purpose="สวัสดิการคลอดบุตร")
        db.session.commit()
        assert accounts.balance(fund, "restricted_grants") == 17_000_00
        assert accounts.balance(fund, "grant_income") == 10_000_00
        assert queries.verify_balances() == []


def test_future_dates_and_junk_are_refused(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        with pytest.raises(Exception) as exc:
            sources.record_donation(
                fund_id=s.fund_id,
                amount_satang=100_00,
                received_on=ledger.today() + timedelta(days=2),
            )
        assert exc.value.status == 422
        with pytest.raises(Exception) as exc:
            sources.record_donation(fund_id=s.fund_id, amount_satang=-1, received_on=ledger.today())
        assert exc.value.status == 422


def test_one_baht_a_day_arrears(ctx, make_tenant, make_member, make_person):
    s = setup_fund(make_tenant, make_member)
    person = make_person(s.tenant)
    with tenant_context(s.tenant_id):
        member = members.enroll(fund_id=s.fund_id, person_id=person.id, joined_on=date(2026, 1, 1))
        sources.set_schedule(
            member_id=member.id, amount_satang=100, period="daily", starts_on=date(2026, 1, 1)
        )
        sources.record_contribution(
            member_id=member.id, amount_satang=20_00, paid_on=date(2026, 1, 20)
        )
        db.session.commit()
        row = sources.arrears(s.fund_id, date(2026, 1, 31))[0]
        assert (row["expected"], row["paid"], row["owed"]) == (31_00, 20_00, 11_00)
        with pytest.raises(members.AlreadyMember):
            members.enroll(fund_id=s.fund_id, person_id=person.id, joined_on=date(2026, 1, 1))
        db.session.rollback()
        matching = sources.create_matching(
            fund_id=s.fund_id, matcher_name="อบต.", year=2026, ratio_percent=100
        )
        assert matching.amount_satang == 20_00
        sources.receive_matching(matching.id, received_on=ledger.today())
        db.session.commit()
        statement = members.statement(member.id, start=date(2026, 1, 1), end=date(2026, 1, 31))
        assert statement["paid_in_period"] == 20_00 and statement["owed"] == 11_00


def test_monthly_and_yearly_periods():
    from types import SimpleNamespace

    monthly = SimpleNamespace(
        starts_on=date(2026, 1, 15), ends_on=None, period="monthly", amount_satang=30_00
    )
    assert sources.periods_due(monthly, date(2026, 3, 1)) == 3
    yearly = SimpleNamespace(
        starts_on=date(2025, 6, 1), ends_on=date(2026, 1, 1), period="yearly", amount_satang=365_00
    )
    assert sources.periods_due(yearly, date(2030, 1, 1)) == 2
    assert sources.periods_due(monthly, date(2026, 1, 1)) == 0
