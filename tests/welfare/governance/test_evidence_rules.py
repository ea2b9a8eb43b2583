"""Evidence that cannot be reused: a document whose bytes are attached to
another record is flagged wherever it is attached (disbursements, meetings,
claims), a payment relying on it is approved only once someone other than
its requester accepts it with a reason, a fund may pay only once the
documents are complete, and certificates and ID cards are kinds of
document benefit rules can require."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.documents import services as documents
from core.errors import DomainError
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.welfare.benefits.test_benefits import PDF, _member
from tests.welfare.funds.support import setup_fund
from welfare.benefits import services as benefits
from welfare.funds.services import get_fund, update_fund
from welfare.governance import disbursements as d
from welfare.governance import evidence
from welfare.models.funds import Fund
from welfare.models.governance import Approval, Disbursement


def _request(s, purpose="ค่าวัสดุ"):
    return d.request(fund_id=s.fund_id, resolution_id=s.resolution_id, amount_satang=1_000_00, purpose=purpose,
                     target_type="welfare.expense", target_id=None, requested_by=s.manager.id,
                     debit_key="program_expense")


def _attach(target_type, target_id, data=PDF, name="receipt.pdf", kind="receipt"):
    return documents.store(data, name, kind, actor_id=None, target_type=target_type, target_id=target_id)


def _status(dis_id) -> str:
    return db.session.scalar(sa.select(Disbursement.status).where(Disbursement.id == dis_id)
                             .execution_options(populate_existing=True))


def test_one_receipt_under_two_payments_needs_a_second_person(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        first, second = _request(s), _request(s, "ค่าวัสดุ (ซ้ำ)")
        _attach(evidence.DISBURSEMENT, first.id, name="receipt.pdf")
        _attach(evidence.DISBURSEMENT, second.id, name="scan-2.pdf")  # the same bytes under another name
        db.session.commit()
        # flagged on both records, the first as much as the second
        assert [o.target_id for _, o in evidence.reused_for(first)] == [second.id]
        assert [o.target_id for _, o in evidence.reused_for(second)] == [first.id]
        for dis in (first, second):
            with pytest.raises(evidence.DocumentReused) as info:
                d.approve(dis.id, user_id=s.signatories[0].id)
            assert "scan-2.pdf" in str(info.value) or "receipt.pdf" in str(info.value)
            db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count(Approval.id))) == 0
        for actor, reason, error in [
            (s.manager.id, "ใบเสร็จรวม", evidence.SameActor),  # who asked for the payment
            (s.signatories[0].id, "   ", DomainError),  # no reason
        ]:
            with pytest.raises(error) as info:
                d.accept_reused_documents(second.id, reason=reason, user_id=actor)
            assert info.value.field == "reason"
            db.session.rollback()
        assert db.session.get(Disbursement, second.id).reuse_accepted_by is None
        d.accept_reused_documents(second.id, reason="ใบเสร็จเดียวรวมสองรายการ", user_id=s.signatories[2].id)
        db.session.commit()
        d.approve(second.id, user_id=s.signatories[0].id)
        d.approve(second.id, user_id=s.signatories[1].id)
        db.session.commit()
        assert _status(second.id) == "paid" and _status(first.id) == "pending"
        with pytest.raises(evidence.DocumentReused):  # the first still needs its own acceptance
            d.approve(first.id, user_id=s.signatories[0].id)
        db.session.rollback()


def test_a_claim_document_reused_after_the_request_stops_its_payment(
    ctx, make_tenant, make_member, make_person
):
    s = setup_fund(make_tenant, make_member, kind="benefit")
    with tenant_context(s.tenant_id):
        kind = benefits.create_type(fund_id=s.fund_id, code="death", name="เสียชีวิต", per_event_cap_satang=3_000_00,
                                    required_documents=["death_certificate", "id_card"])
        member = _member(s, make_person)
        claim = benefits.submit_claim(member_id=member.id, benefit_type_id=kind.id,
                                      event_date=ledger.today() - timedelta(days=2),
                                      amount_requested_satang=3_000_00, actor_id=s.manager.id)
        _attach(benefits.TARGET, claim.id, PDF + b"1", "death.pdf", "death_certificate")
        db.session.commit()
        with pytest.raises(benefits.DocumentsMissing):  # the rule asks for the ID card too
            benefits.check_claim(claim.id)
        db.session.rollback()
        _attach(benefits.TARGET, claim.id, PDF + b"2", "id.pdf", "id_card")
        benefits.check_claim(claim.id)
        dis = benefits.request_payment(claim.id, resolution_id=s.resolution_id, requested_by=s.manager.id)
        # the same death certificate turns up on another record
        meeting_doc = _attach(evidence.MEETING, s.meeting_id, PDF + b"1", "copy.pdf", "other")
        db.session.commit()
        with pytest.raises(evidence.DocumentReused):
            d.approve(dis.id, user_id=s.signatories[0].id)
        db.session.rollback()
        assert documents.also_attached([meeting_doc])[meeting_doc.id][0].target_id == claim.id


def test_a_fund_that_requires_documents_pays_only_once_they_are_complete(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        update_fund(get_fund(s.fund_id), requires_documents=True)
        dis = _request(s)
        db.session.commit()
        d.approve(dis.id, user_id=s.signatories[0].id)  # the first signature is not a payment
        db.session.commit()
        with pytest.raises(evidence.DocumentsIncomplete) as info:
            d.approve(dis.id, user_id=s.signatories[1].id)
        # the missing kind is named, in the language of whatever context reads it
        from welfare.governance.evidence import kind_names

        assert str(kind_names(["receipt"])) in str(info.value)
        db.session.rollback()
        assert _status(dis.id) == "pending"
        assert db.session.scalar(sa.select(sa.func.count(Approval.id))) == 1
        assert db.session.get(Disbursement, dis.id).journal_entry_id is None
        _attach(evidence.DISBURSEMENT, dis.id, PDF + b"own")
        db.session.commit()
        d.approve(dis.id, user_id=s.signatories[1].id)
        db.session.commit()
        assert _status(dis.id) == "paid"


def test_a_fund_that_does_not_require_documents_pays_without_them(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        assert db.session.get(Fund, s.fund_id).requires_documents is False
        dis = _request(s)
        d.approve(dis.id, user_id=s.signatories[0].id)
        d.approve(dis.id, user_id=s.signatories[1].id)
        db.session.commit()
        assert _status(dis.id) == "paid"


@pytest.mark.parametrize("kind", ["birth_certificate", "death_certificate", "medical_certificate", "id_card"])
def test_certificates_and_id_cards_are_kinds_of_document(ctx, make_tenant, make_member, kind):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        doc = _attach(evidence.MEETING, s.meeting_id, PDF + kind.encode(), f"{kind}.pdf", kind)
        db.session.commit()
        assert doc.kind == kind
        benefit = benefits.create_type(fund_id=s.fund_id, code="birth", name="คลอดบุตร", per_event_cap_satang=1_00,
                                       required_documents=[kind])
        assert benefit.required_kinds == [kind]


def test_the_pages_flag_the_document_and_take_a_second_persons_reason(
    ctx, make_tenant, make_member, make_client
):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        update_fund(get_fund(s.fund_id), requires_documents=True)
        dis = _request(s)
        _attach(evidence.DISBURSEMENT, dis.id, name="receipt.pdf")
        _attach(evidence.MEETING, s.meeting_id, name="same.pdf")
        db.session.commit()
    base = f"/t/{s.tenant.slug}/welfare"
    maker, checker = make_client(), make_client()
    maker.login(s.manager)
    checker.login(s.signatories[0])
    for path in (f"/disbursements/{dis.id}", f"/meetings/{s.meeting_id}"):
        html = checker.get(base + path).get_data(as_text=True)
        assert 'data-test="reused-doc"' in html, path
    html = checker.get(f"{base}/disbursements/{dis.id}").get_data(as_text=True)
    assert 'data-test="reused"' in html and "accept-reused" in html
    assert "accept-reused" not in maker.get(f"{base}/disbursements/{dis.id}").get_data(as_text=True)
    r = checker.post(f"{base}/disbursements/{dis.id}/approve")
    assert r.status_code == 409
    r = maker.post(f"{base}/disbursements/{dis.id}/accept-reused", data={"reason": "ของฉันเอง"})
    assert r.status_code in (403, 409)
    r = checker.post(f"{base}/disbursements/{dis.id}/accept-reused", data={"reason": ""})
    assert r.status_code == 422 and 'data-field-error="reason"' in r.get_data(as_text=True)
    with tenant_context(s.tenant_id):
        assert db.session.get(Disbursement, dis.id).reuse_accepted_by is None
    r = checker.post(f"{base}/disbursements/{dis.id}/accept-reused", data={"reason": "ใบเสร็จสำเนาแนบรายงานประชุม"})
    assert r.status_code == 302
    assert checker.post(f"{base}/disbursements/{dis.id}/approve").status_code == 302
    api = f"/api/v1/t/{s.tenant.slug}/welfare"
    second = make_client()
    second.login(s.signatories[1])
    with tenant_context(s.tenant_id):
        db.session.expire_all()
        assert db.session.get(Disbursement, dis.id).reuse_accepted_by == s.signatories[0].id
    r = second.post(f"{api}/disbursements/{dis.id}/approve", json={})
    assert r.status_code == 200, r.json
    with tenant_context(s.tenant_id):
        assert _status(dis.id) == "paid"
