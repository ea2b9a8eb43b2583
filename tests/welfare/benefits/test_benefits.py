"""Benefits: membership duration, per-event and per-year caps, required
documents, and payment through the fund's M-of-N approval."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.db import db
from core.documents import services as documents
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.welfare.funds.support import setup_fund
from welfare.benefits import services as benefits
from welfare.funds import accounts
from welfare.governance import disbursements as d
from welfare.members import services as members
from welfare.models.funds import Fund

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _member(s, make_person, days_ago=400):
    person = make_person(s.tenant)
    with tenant_context(s.tenant_id):
        member = members.enroll(
            fund_id=s.fund_id,
            person_id=person.id,
            joined_on=ledger.today() - timedelta(days=days_ago),
        )
        db.session.commit()
        return member


def _hospital(s, docs=("receipt",)):
    return benefits.create_type(
        fund_id=s.fund_id,
        code="hospital",
        name="นอนโรงพยาบาล",
        per_event_cap_satang=2_000_00,
        per_year_cap_satang=3_000_00,
        per_night_satang=300_00,
        min_membership_days=180,
        required_documents=list(docs),
    )


def test_claim_check_approve_pay(ctx, make_tenant, make_member, make_person):
    s = setup_fund(make_tenant, make_member, kind="benefit")
    member = _member(s, make_person)
    with tenant_context(s.tenant_id):
        kind = _hospital(s)
        claim = benefits.submit_claim(
            member_id=member.id,
            benefit_type_id=kind.id,
            event_date=ledger.today() - timedelta(days=3),
            amount_requested_satang=5_000_00,
            nights=4,
        )
        db.session.commit()
        with pytest.raises(benefits.DocumentsMissing):
            benefits.check_claim(claim.id)
        db.session.rollback()
        documents.store(
            PDF,
            "receipt.pdf",
            "receipt",
            actor_id=None,
            target_type=benefits.TARGET,
            target_id=claim.id,
        )
        benefits.check_claim(claim.id)
        db.session.commit()
        assert claim.amount_satang == 1_200_00  # 4 nights x 300, under the 2,000 cap
        dis = benefits.request_payment(
            claim.id, resolution_id=s.resolution_id, requested_by=s.manager.id
        )
        db.session.commit()
        assert claim.status == "pending_approval"
        d.approve(dis.id, user_id=s.signatories[0].id)
        d.approve(dis.id, user_id=s.signatories[2].id)
        db.session.commit()
        assert claim.status == "paid" and claim.paid_on == ledger.today()
        fund = db.session.get(Fund, s.fund_id)
        assert accounts.balance(fund, "benefit_expense") == 1_200_00
        assert benefits.paid_by_type(s.fund_id) == [
            {"code": "hospital", "label": "Hospital nights", "count": 1, "amount": 1_200_00}
        ]


def test_per_event_and_per_year_caps(ctx, make_tenant, make_member, make_person):
    s = setup_fund(make_tenant, make_member, kind="benefit")
    member = _member(s, make_person)
    with tenant_context(s.tenant_id):
        kind = _hospital(s, docs=())
        day = ledger.today() - timedelta(days=1)
        first = benefits.submit_claim(
            member_id=member.id,
            benefit_type_id=kind.id,
            event_date=day,
            amount_requested_satang=9_000_00,
            nights=30,
        )
        benefits.check_claim(first.id)
        assert first.amount_satang == 2_000_00  # per-event cap
        second = benefits.submit_claim(
            member_id=member.id,
            benefit_type_id=kind.id,
            event_date=day,
            amount_requested_satang=9_000_00,
            nights=30,
        )
        benefits.check_claim(second.id)
        assert second.amount_satang == 1_000_00  # what is left of the 3,000 a year
        third = benefits.submit_claim(
            member_id=member.id,
            benefit_type_id=kind.id,
            event_date=day,
            amount_requested_satang=100_00,
            nights=1,
        )
        db.session.commit()
        with pytest.raises(benefits.YearCapReached):
            benefits.check_claim(third.id)
        db.session.rollback()
        assert third.status == "submitted"


def test_membership_too_short_and_inactive_member(ctx, make_tenant, make_member, make_person):
    s = setup_fund(make_tenant, make_member, kind="benefit")
    member = _member(s, make_person, days_ago=30)
    with tenant_context(s.tenant_id):
        kind = _hospital(s, docs=())
        claim = benefits.submit_claim(
            member_id=member.id,
            benefit_type_id=kind.id,
            event_date=ledger.today(),
            amount_requested_satang=100_00,
            nights=1,
        )
        db.session.commit()
        with pytest.raises(benefits.MembershipTooShort):
            benefits.check_claim(claim.id)
        db.session.rollback()
        members.set_status(member.id, "left", on=ledger.today())
        db.session.commit()
        with pytest.raises(benefits.MemberNotActive):
            benefits.check_claim(claim.id)


def test_rejected_payment_marks_the_claim(ctx, make_tenant, make_member, make_person):
    s = setup_fund(make_tenant, make_member, kind="benefit")
    member = _member(s, make_person)
    with tenant_context(s.tenant_id):
        kind = benefits.create_type(
            fund_id=s.fund_id, code="death", name="เสียชีวิต", per_event_cap_satang=5_000_00
        )
        claim = benefits.submit_claim(
            member_id=member.id,
            benefit_type_id=kind.id,
            event_date=ledger.today(),
            amount_requested_satang=5_000_00,
        )
        benefits.check_claim(claim.id)
        dis = benefits.request_payment(
            claim.id, resolution_id=s.resolution_id, requested_by=s.manager.id
        )
        db.session.commit()
        d.reject(dis.id, user_id=s.signatories[1].id, reason="ซ้ำ")
        db.session.commit()
        assert claim.status == "rejected"


@pytest.mark.parametrize("bad", [0, -5, None])
def test_bad_claim_amounts(ctx, make_tenant, make_member, make_person, bad):
    s = setup_fund(make_tenant, make_member, kind="benefit")
    member = _member(s, make_person)
    with tenant_context(s.tenant_id):
        kind = benefits.create_type(
            fund_id=s.fund_id, code="birth", name="คลอดบุตร", per_event_cap_satang=1_000_00
        )
        with pytest.raises(Exception) as exc:
            benefits.submit_claim(
                member_id=member.id,
                benefit_type_id=kind.id,
                event_date=ledger.today(),
                amount_requested_satang=bad,
            )
        assert getattr(exc.value, "status", None) == 422
