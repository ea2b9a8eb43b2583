"""Evidence that cannot be reused unnoticed: the same receipt photo under two
claims stops the second until another person accepts it with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.documents import services as documents
from core.errors import DomainError
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.welfare.benefits.test_benefits import PDF, _hospital, _member
from tests.welfare.funds.support import setup_fund
from welfare.benefits import services as benefits
from welfare.governance import evidence
from welfare.models.benefits import BenefitClaim
from welfare.models.governance import Disbursement


def _claim(s, member, kind, actor_id=None):
    return benefits.submit_claim(
        member_id=member.id,
        benefit_type_id=kind.id,
        event_date=ledger.today() - timedelta(days=3),
        amount_requested_satang=1_000_00,
        nights=2,
        actor_id=actor_id,
    )


def _attach(claim, data, name):
    documents.store(
        data, name, "receipt", actor_id=None, target_type=benefits.TARGET, target_id=claim.id
    )


def test_one_receipt_under_two_claims_needs_a_second_person(
    ctx, make_tenant, make_member, make_person
):
    s = setup_fund(make_tenant, make_member, kind="benefit")
    clerk, checker = s.manager, s.signatories[0]
    first_member, second_member = _member(s, make_person), _member(s, make_person)
    with tenant_context(s.tenant_id):
        kind = _hospital(s)
        first = _claim(s, first_member, kind, actor_id=clerk.id)
        second = _claim(s, second_member, kind, actor_id=clerk.id)
        _attach(first, PDF, "receipt.pdf")
        db.session.commit()
        benefits.check_claim(first.id)  # the first use is fine...
        _attach(second, PDF, "photo-of-the-same-receipt.pdf")  # same bytes, another name
        db.session.commit()
        assert [
            (m.target_id, o.target_id) for m, o in evidence.reused(benefits.TARGET, first.id)
        ] == [(first.id, second.id)]
        with pytest.raises(benefits.DocumentReused):
            benefits.check_claim(second.id)
        db.session.rollback()
        assert db.session.get(BenefitClaim, second.id).status == "submitted"
        # ...and the first cannot be paid either now that its receipt backs another claim
        with pytest.raises(benefits.DocumentReused):
            benefits.request_payment(first.id, resolution_id=s.resolution_id, requested_by=clerk.id)
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Disbursement)) == 0
        for actor, reason, error in [
            (clerk.id, "ใบเสร็จเดียวกัน", benefits.SameActor),  # the submitter
            (checker.id, "  ", DomainError),  # no reason
        ]:
            with pytest.raises(error):
                benefits.accept_reused_documents(second.id, reason=reason, actor_id=actor)
            db.session.rollback()
        benefits.accept_reused_documents(
            second.id, reason="ใบเสร็จรวมสองคนในครอบครัวเดียวกัน", actor_id=checker.id
        )
        benefits.check_claim(second.id)
        db.session.commit()
        assert db.session.get(BenefitClaim, second.id).reuse_accepted_by == checker.id


def test_different_receipts_go_through(ctx, make_tenant, make_member, make_person):
    s = setup_fund(make_tenant, make_member, kind="benefit")
    with tenant_context(s.tenant_id):
        kind = _hospital(s)
        for n in range(2):
            claim = _claim(s, _member(s, make_person), kind)
            _attach(claim, PDF + str(n).encode(), "receipt.pdf")
            benefits.check_claim(claim.id)
        db.session.commit()


def test_the_claim_page_flags_the_reused_document(
    ctx, make_tenant, make_member, make_person, client
):
    s = setup_fund(make_tenant, make_member, kind="benefit")
    with tenant_context(s.tenant_id):
        kind = _hospital(s)
        a = _claim(s, _member(s, make_person), kind)
        b = _claim(s, _member(s, make_person), kind)
        _attach(a, PDF, "a.pdf")
        _attach(b, PDF, "b.pdf")
        db.session.commit()
    client.login(s.manager)
    page = client.get(f"/t/{s.tenant.slug}/welfare/claims/{b.id}").get_data(as_text=True)
    assert 'data-test="reused"' in page
    response = client.post(
        f"/t/{s.tenant.slug}/welfare/claims/{b.id}/accept-reused", data={"reason": ""}
    )
    assert 400 <= response.status_code < 500
