"""The welfare funds JSON API: same rules and permissions as the pages."""

from __future__ import annotations

from datetime import timedelta

from core.ledger import services as ledger
from tests.welfare.funds.support import setup_fund


def test_request_approve_and_refusals_over_the_api(client, make_client, ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_00)
    api = f"/api/v1/t/{s.tenant.slug}/welfare"
    client.login(s.manager)
    funds = client.get(f"{api}/funds").json
    assert [f["id"] for f in funds] == [s.fund_id]
    detail = client.get(f"{api}/funds/{s.fund_id}").json
    assert detail["balances"]["cash"] == 100_000_00 and detail["required_approvals"] == 2

    r = client.post(f"{api}/funds/{s.fund_id}/disbursements",
                    json={"resolution_id": s.resolution_id, "amount": 1_000_01, "purpose": "เกิน"})
    assert r.status_code == 409 and r.json["error"]["code"] == "welfare_resolution_exhausted"
    r = client.post(f"{api}/funds/{s.fund_id}/disbursements",
                    json={"resolution_id": s.resolution_id, "amount": 0, "purpose": "ศูนย์"})
    assert r.status_code == 422
    r = client.post(f"{api}/funds/{s.fund_id}/disbursements",
                    json={"resolution_id": s.resolution_id, "amount": 600_00, "purpose": "ถุงยังชีพ"})
    assert r.status_code == 201, r.json
    dis_id = r.json["id"]
    assert client.post(f"{api}/disbursements/{dis_id}/approve", json={}).status_code == 403

    first = make_client().login(s.signatories[0])
    assert [x["id"] for x in first.get(f"{api}/approvals").json] == [dis_id]
    assert first.post(f"{api}/disbursements/{dis_id}/approve", json={}).json["status"] == "pending"
    r = first.post(f"{api}/disbursements/{dis_id}/approve", json={})
    assert r.status_code == 409 and r.json["error"]["code"] == "welfare_already_decided"
    second = make_client().login(s.signatories[1])
    paid = second.post(f"{api}/disbursements/{dis_id}/approve", json={}).json
    assert paid["status"] == "paid" and paid["journal_entry_id"]
    assert client.get(f"{api}/funds/{s.fund_id}").json["balances"]["cash"] == 99_400_00

    r = client.post(f"{api}/funds/{s.fund_id}/disbursements",
                    json={"resolution_id": s.resolution_id, "amount": 400_00, "purpose": "ที่เหลือ"})
    third = make_client().login(s.signatories[2])
    assert third.post(f"{api}/disbursements/{r.json['id']}/reject", json={"reason": ""}).status_code == 422
    rejected = third.post(f"{api}/disbursements/{r.json['id']}/reject", json={"reason": "ซ้ำ"}).json
    assert rejected["status"] == "rejected"


def test_sources_budgets_members_and_claims_over_the_api(client, ctx, make_tenant, make_member, make_person):
    s = setup_fund(make_tenant, make_member, kind="benefit", cash_satang=0)
    person = make_person(s.tenant)
    api = f"/api/v1/t/{s.tenant.slug}/welfare"
    client.login(s.manager)
    today = ledger.today().isoformat()
    grant = client.post(f"{api}/funds/{s.fund_id}/grants", json={
        "grantor_name": "พอช.", "grantor_kind": "codi", "total": 700_000_00, "restricted": False}).json
    tranche = client.post(f"{api}/grants/{grant['id']}/tranches", json={"amount": 27_000_00}).json
    assert client.post(f"{api}/tranches/{tranche['id']}/receive",
                       json={"received_on": today, "into": "cash"}).json["status"] == "received"
    future = (ledger.today() + timedelta(days=3)).isoformat()
    assert client.post(f"{api}/funds/{s.fund_id}/donations",
                       json={"amount": 100, "received_on": future}).status_code == 422
    budget = client.post(f"{api}/funds/{s.fund_id}/budgets", json={
        "name": "ปีงบ", "period_start": "2026-01-01", "period_end": "2026-12-31"}).json
    client.post(f"{api}/budgets/{budget['id']}/lines",
                json={"category": "area_support", "name": "พื้นที่", "amount": 553_000_00})
    r = client.post(f"{api}/budgets/{budget['id']}/lines", json={
        "category": "administration", "name": "บริหาร", "amount": 147_000_00, "cap_percent": 20})
    assert r.status_code == 409 and r.json["error"]["code"] == "welfare_budget_cap_exceeded"
    member = client.post(f"{api}/funds/{s.fund_id}/members",
                         json={"person_id": person.id, "joined_on": "2025-01-01"}).json
    assert client.post(f"{api}/members/{member['id']}/contributions",
                       json={"amount": 30_00, "paid_on": today}).status_code == 201
    kind = client.post(f"{api}/funds/{s.fund_id}/benefit-types", json={
        "code": "sickness", "name": "เจ็บป่วย", "per_event_cap": 500_00}).json
    claim = client.post(f"{api}/funds/{s.fund_id}/claims", json={
        "member_id": member["id"], "benefit_type_id": kind["id"], "event_date": today, "amount": 800_00}).json
    assert client.post(f"{api}/claims/{claim['id']}/check", json={}).json["amount_satang"] == 500_00
    dis = client.post(f"{api}/claims/{claim['id']}/pay", json={"resolution_id": s.resolution_id})
    assert dis.status_code == 201 and dis.json["target_type"] == "welfare.benefit_claim"
    statement = client.get(f"{api}/members/{member['id']}/statement").json
    assert statement["paid_in_period"] == 30_00


def test_api_permissions(client, ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    api = f"/api/v1/t/{s.tenant.slug}/welfare"
    assert client.get(f"{api}/funds").status_code == 401
    client.login(make_member(s.tenant, "household"))
    assert client.get(f"{api}/funds").status_code == 403
    client.login(s.signatories[0])
    assert client.get(f"{api}/funds").status_code == 200
    assert client.post(f"{api}/funds", json={"name": "x", "kind": "welfare"}).status_code == 403
