"""The fund manager's pages end to end: grant tranche, budget, meeting and
resolution, a request approved by 2 of 3 signatories through the pages, the
inbox, evidence, statements and the public transparency page."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from core.db import db
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.welfare.funds.support import setup_fund
from welfare.models.governance import Disbursement
from welfare.models.sources import GrantTranche


def _ok(response, status=200):
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def test_fund_manager_journey_through_the_pages(
    client, make_client, ctx, make_tenant, make_member, make_person
):
    s = setup_fund(make_tenant, make_member, cash_satang=0)
    slug = s.tenant.slug
    base = f"/t/{slug}/welfare"
    client.login(s.manager)
    today = ledger.today().isoformat()

    html = _ok(client.get(f"{base}/"))
    assert 'data-test="funds-link"' in html
    _ok(client.get(f"{base}/funds"))
    r = client.post(
        f"{base}/funds", data={"name": "กองทุนใหม่", "kind": "revolving", "allows_lending": "1"}
    )
    assert r.status_code == 302
    r = client.post(f"{base}/funds", data={"name": "", "kind": "nope"})
    assert r.status_code == 422

    fund_url = f"{base}/funds/{s.fund_id}"
    assert "2 ใน 3" in _ok(client.get(fund_url)) or "2 of 3" in _ok(client.get(fund_url))

    # a grant with a 27,000-baht tranche, received into the bank
    assert (
        client.post(
            f"{fund_url}/grants",
            data={
                "grantor_name": "พอช.",
                "grantor_kind": "codi",
                "total": "700,000",
                "restricted": "",
            },
        ).status_code
        == 302
    )
    with tenant_context(s.tenant_id):
        from welfare.sources.services import list_grants

        grant_id = list_grants(s.fund_id)[0].id
    assert (
        client.post(f"{base}/grants/{grant_id}/tranches", data={"amount": "27,000"}).status_code
        == 302
    )
    with tenant_context(s.tenant_id):
        tranche_id = db.session.scalar(sa.select(GrantTranche.id))
    assert (
        client.post(
            f"{base}/tranches/{tranche_id}/receive", data={"received_on": today, "into": "cash"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"{base}/tranches/{tranche_id}/receive", data={"received_on": today, "into": "cash"}
        ).status_code
        == 409
    )
    assert "27,000.00" in _ok(client.get(f"{fund_url}/sources"))

    # budget 553,000 / 147,000
    assert (
        client.post(
            f"{fund_url}/budgets",
            data={"name": "ปีงบ", "period_start": "2026-01-01", "period_end": "2026-12-31"},
        ).status_code
        == 302
    )
    html = _ok(client.get(f"{fund_url}/budgets"))
    budget_id = int(re.search(r"/budgets/(\d+)/lines", html).group(1))
    assert (
        client.post(
            f"{base}/budgets/{budget_id}/lines",
            data={"category": "area_support", "name": "สนับสนุนพื้นที่", "amount": "553,000"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"{base}/budgets/{budget_id}/lines",
            data={
                "category": "administration",
                "name": "บริหาร",
                "amount": "147,000",
                "cap_percent": "20",
            },
        ).status_code
        == 409
    )
    assert (
        client.post(
            f"{base}/budgets/{budget_id}/lines",
            data={"category": "administration", "name": "บริหาร", "amount": "147,000"},
        ).status_code
        == 302
    )

    # a meeting, a resolution, a request
    assert (
        client.post(
            f"{fund_url}/meetings",
            data={
                "title": "ประชุมครั้งที่ 1",
                "held_on": today,
                "kind": "committee",
                "attendees": "ก\nข\nค",
                "eligible_count": "5",
                "quorum_percent": "50",
            },
        ).status_code
        == 302
    )
    html = _ok(client.get(f"{fund_url}/meetings"))
    meeting_id = int(re.findall(r"/meetings/(\d+)\"", html)[0])
    assert (
        client.post(
            f"{base}/meetings/{meeting_id}/resolutions",
            data={
                "kind": "disbursement",
                "amount_cap": "5,000",
                "purpose": "ช่วยน้ำท่วม",
                "number": "1/2569",
            },
        ).status_code
        == 302
    )
    html = _ok(client.get(f"{fund_url}/disbursements"))
    resolution_id = int(re.search(r'<option value="(\d+)">1/2569', html).group(1))
    assert (
        client.post(
            f"{fund_url}/disbursements",
            data={"resolution_id": resolution_id, "amount": "5,000.01", "purpose": "ถุงยังชีพ"},
        ).status_code
        == 409
    )
    assert (
        client.post(
            f"{fund_url}/disbursements",
            data={"resolution_id": resolution_id, "amount": "0", "purpose": "ถุงยังชีพ"},
        ).status_code
        == 422
    )
    r = client.post(
        f"{fund_url}/disbursements",
        data={"resolution_id": resolution_id, "amount": "3,000", "purpose": "ถุงยังชีพ"},
    )
    assert r.status_code == 302
    with tenant_context(s.tenant_id):
        dis_id = db.session.scalar(sa.select(Disbursement.id))

    # the maker cannot approve; two signatories do
    assert client.post(f"{base}/disbursements/{dis_id}/approve").status_code == 403
    first, second = make_client().login(s.signatories[0]), make_client().login(s.signatories[1])
    assert "ถุงยังชีพ" in _ok(first.get(f"{base}/approvals"))
    assert first.post(f"{base}/disbursements/{dis_id}/approve").status_code == 302
    assert first.post(f"{base}/disbursements/{dis_id}/approve").status_code == 409
    assert second.post(f"{base}/disbursements/{dis_id}/approve").status_code == 302
    _ok(client.get(f"{base}/disbursements/{dis_id}"))
    with tenant_context(s.tenant_id):
        assert db.session.get(Disbursement, dis_id).status == "paid"

    # evidence: the paid disbursement lacks a receipt
    html = _ok(client.get(f"{base}/evidence"))
    assert 'data-test="missing-disbursements"' in html and f"/disbursements/{dis_id}" in html

    # statement and public page
    html = _ok(
        client.get(f"{fund_url}/statement", query_string={"from": "2026-01-01", "to": today})
    )
    assert "3,000.00" in html and "1/2569" in html
    with tenant_context(s.tenant_id):
        from welfare.models.funds import Fund

        db.session.get(Fund, s.fund_id).public = True
        db.session.commit()
    public = make_client()
    html = _ok(public.get(f"/funds/{slug}/{s.fund_id}"))
    assert "<svg" in html and "24,000.00" in html
    assert (
        public.get(f"/funds/{slug}/{s.fund_id}", headers={"Accept": "application/json"}).json[
            "balance"
        ]
        == 24_000_00
    )


def test_members_and_benefits_pages(client, ctx, make_tenant, make_member, make_person):
    s = setup_fund(make_tenant, make_member, kind="benefit")
    person = make_person(s.tenant)
    base = f"/t/{s.tenant.slug}/welfare"
    client.login(s.manager)
    fund_url = f"{base}/funds/{s.fund_id}"
    _ok(client.get(f"{fund_url}/members"))
    r = client.post(
        f"{fund_url}/members", data={"who": f"person:{person.id}", "joined_on": "2025-01-01"}
    )
    assert r.status_code == 302
    member_url = r.headers["Location"]
    member_id = int(member_url.rstrip("/").split("/")[-1])
    assert (
        client.post(
            f"{base}/members/{member_id}/schedule",
            data={"amount": "1", "period": "daily", "starts_on": "2026-01-01"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"{base}/members/{member_id}/contributions",
            data={"amount": "30", "paid_on": "2026-01-31"},
        ).status_code
        == 302
    )
    html = _ok(
        client.get(
            f"{base}/members/{member_id}", query_string={"from": "2026-01-01", "to": "2026-01-31"}
        )
    )
    assert "30.00" in html
    assert (
        client.post(
            f"{fund_url}/benefit-types",
            data={
                "code": "birth",
                "name": "คลอดบุตร",
                "per_event_cap": "1,000",
                "min_membership_days": "90",
            },
        ).status_code
        == 302
    )
    html = _ok(client.get(f"{fund_url}/benefits"))
    type_id = int(re.search(r'name="benefit_type_id"><option value="(\d+)"', html).group(1))
    r = client.post(
        f"{fund_url}/claims",
        data={
            "member_id": member_id,
            "benefit_type_id": type_id,
            "event_date": ledger.today().isoformat(),
            "amount": "2,000",
        },
    )
    assert r.status_code == 302
    claim_url = r.headers["Location"]
    claim_id = int(claim_url.rstrip("/").split("/")[-1])
    assert client.post(f"{base}/claims/{claim_id}/check").status_code == 302
    assert "1,000.00" in _ok(client.get(f"{base}/claims/{claim_id}"))
    r = client.post(f"{base}/claims/{claim_id}/pay", data={"resolution_id": s.resolution_id})
    assert r.status_code == 302
    with tenant_context(s.tenant_id):
        assert db.session.scalar(sa.select(Disbursement.target_id)) == claim_id


def test_public_page_has_no_personal_data(client, ctx, make_tenant, make_member, make_person):
    from welfare.members import services as members
    from welfare.sources import services as sources

    s = setup_fund(make_tenant, make_member)
    person = make_person(s.tenant, first_name_th="ลับเฉพาะ", phone="+66819999999")
    with tenant_context(s.tenant_id):
        from welfare.models.funds import Fund

        db.session.get(Fund, s.fund_id).public = True
        members.enroll(fund_id=s.fund_id, person_id=person.id, joined_on=date(2026, 1, 1))
        sources.record_donation(fund_id=s.fund_id, amount_satang=500_00, received_on=ledger.today(),
                                donor_name="ผู้บริจาคนิรนาม", anonymous=False)
        db.session.commit()
    html = _ok(client.get(f"/funds/{s.tenant.slug}/{s.fund_id}"))
    assert "500.00" in html
    for secret in ("ลับเฉพาะ", "0819999999", "819999999", person.national_id, "ผู้บริจาคนิรนาม"):
        assert secret not in html
    body = client.get(f"/funds/{s.tenant.slug}/{s.fund_id}", headers={"Accept": "application/json"}).get_data(
        as_text=True)
    assert "ลับเฉพาะ" not in body and person.national_id not in body
    # a fund that is not public has no public page
    with tenant_context(s.tenant_id):
        db.session.get(Fund, s.fund_id).public = False
        db.session.commit()
    assert client.get(f"/funds/{s.tenant.slug}/{s.fund_id}").status_code == 404


def test_attaching_a_receipt_completes_the_evidence(client, ctx, make_tenant, make_member):
    import io

    from welfare.governance import disbursements as d
    from welfare.governance import evidence

    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        dis = d.request(fund_id=s.fund_id, resolution_id=s.resolution_id, amount_satang=100_00, purpose="x",
                        target_type="test.thing", target_id=1, requested_by=s.manager.id)
        db.session.commit()
        dis_id = dis.id
        assert len(evidence.completeness()["disbursements"]) == 1
        assert len(evidence.completeness()["meetings"]) == 1
    base = f"/t/{s.tenant.slug}/welfare"
    client.login(s.manager)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert client.post(f"{base}/disbursements/{dis_id}/documents", data={"kind": "receipt"}).status_code == 422
    r = client.post(f"{base}/disbursements/{dis_id}/documents",
                    data={"kind": "receipt", "file": (io.BytesIO(pdf), "receipt.pdf")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    with tenant_context(s.tenant_id):
        assert evidence.completeness()["disbursements"] == []
    assert "receipt.pdf" in _ok(client.get(f"{base}/disbursements/{dis_id}"))
