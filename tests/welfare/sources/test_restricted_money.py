"""Restricted money stays restricted: a fund holding only a restricted grant
cannot pay anything its grant does not permit (the issue's 20,000-baht
administration payment out of a 350,000-baht restricted grant), spending on a
permitted use lowers the restricted balance, a release needs a resolution of
the fund's meeting, and the statement and public page show both kinds of
money."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import queries
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.factories.welfare import fund_cash
from tests.race import race_all as _race
from tests.welfare.funds.support import setup_fund
from welfare.funds import accounts
from welfare.governance import disbursements as d
from welfare.governance import errors
from welfare.governance import services as governance
from welfare.models.funds import Fund
from welfare.models.governance import Disbursement, Resolution
from welfare.models.sources import Grant, RestrictedDraw
from welfare.sources import restricted
from welfare.sources import services as sources


def _grant(s, amount, uses, into="cash", name="พอช."):
    grant = sources.create_grant(fund_id=s.fund_id, grantor_name=name, grantor_kind="codi",
                                 total_satang=amount, restricted=True, uses=uses)
    tranche = sources.add_tranche(grant_id=grant.id, amount_satang=amount)
    sources.receive_tranche(tranche.id, received_on=ledger.today(), into=into)
    db.session.commit()
    return grant.id


def _request(s, amount, debit_key, **kw):
    kw.setdefault("purpose", "จ่าย")
    kw.setdefault("target_type", "test.thing")
    kw.setdefault("target_id", 1)
    kw.setdefault("requested_by", s.manager.id)
    kw.setdefault("resolution_id", s.resolution_id)
    return d.request(fund_id=s.fund_id, amount_satang=amount, debit_key=debit_key, **kw)


def _pay(s, dis_id):
    d.approve(dis_id, user_id=s.signatories[0].id)
    d.approve(dis_id, user_id=s.signatories[1].id)
    db.session.commit()


def _left(grant_id) -> int:
    return db.session.scalar(
        sa.select(Grant.restricted_balance_satang).where(Grant.id == grant_id)
        .execution_options(populate_existing=True))


def _used(resolution_id) -> int:
    return db.session.scalar(sa.select(Resolution.used_satang).where(Resolution.id == resolution_id))


def _ledger_holds(fund_id) -> None:
    """The ledger's restricted money = the grants' balances + pending draws."""
    db.session.expire_all()
    fund = db.session.get(Fund, fund_id)
    grants = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Grant.restricted_balance_satang), 0))
                               .where(Grant.fund_id == fund_id))
    pending = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(RestrictedDraw.amount_satang), 0))
                                .where(RestrictedDraw.status == "pending"))
    assert accounts.balance(fund, "restricted_grants") == grants + pending
    assert queries.verify_balances() == []


def test_a_fund_holding_only_a_restricted_grant_refuses_an_administration_payment(
    ctx, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_000_00, cash_satang=0)
    with tenant_context(s.tenant_id):
        grant_id = _grant(s, 350_000_00, ["benefits"])
        with pytest.raises(restricted.RestrictedMoneyOnly) as info:
            _request(s, 20_000_00, "admin_expense", purpose="ค่าบริหารจัดการ")
        assert info.value.field == "amount"
        assert info.value.params["available"] == "฿0.00"
        assert info.value.params["for_use"] == "฿0.00"
        # the use is named, in the language of whatever context reads it
        from welfare.sources.restricted import use_label

        assert str(use_label("administration")) in str(info.value)
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count(Disbursement.id))) == 0
        assert _used(s.resolution_id) == 0 and _left(grant_id) == 350_000_00
        # nor on a use the grant does not name: a loan, area support
        for key in ("loans_receivable", "program_expense"):
            with pytest.raises(restricted.RestrictedMoneyOnly):
                _request(s, 1_00, key)
            db.session.rollback()
        _ledger_holds(s.fund_id)


def test_spending_on_a_permitted_use_lowers_the_restricted_balance(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_000_00, cash_satang=0)
    with tenant_context(s.tenant_id):
        grant_id = _grant(s, 350_000_00, ["benefits"])
        dis = _request(s, 50_000_00, "benefit_expense", purpose="ค่ารักษาพยาบาล")
        db.session.commit()
        assert _left(grant_id) == 300_000_00  # drawn at once, so nobody else counts it
        _ledger_holds(s.fund_id)
        _pay(s, dis.id)
        assert _left(grant_id) == 300_000_00
        fund = db.session.get(Fund, s.fund_id)
        assert accounts.balance(fund, "restricted_grants") == 300_000_00
        assert accounts.balance(fund, "grant_income") == 50_000_00
        assert accounts.balance(fund, "cash") == 300_000_00
        assert [x.status for x in restricted.draws_of(dis.id)] == ["spent"]
        _ledger_holds(s.fund_id)
        summary = restricted.summary(fund)
        assert (summary["restricted"], summary["unrestricted"]) == (300_000_00, 0)
        assert summary["by_uses"] == [{"uses": ["benefits"], "labels": ["Benefits"], "amount": 300_000_00}]


def test_a_rejected_request_gives_its_restricted_money_back(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_000_00, cash_satang=0)
    with tenant_context(s.tenant_id):
        grant_id = _grant(s, 350_000_00, ["loans", "benefits"])
        dis = _request(s, 350_000_00, "benefit_expense")
        db.session.commit()
        assert _left(grant_id) == 0
        d.reject(dis.id, user_id=s.signatories[0].id, reason="ซ้ำ")
        db.session.commit()
        assert _left(grant_id) == 350_000_00
        assert [x.status for x in restricted.draws_of(dis.id)] == ["returned"]
        _ledger_holds(s.fund_id)
        loan = _request(s, 100_000_00, "loans_receivable")
        db.session.commit()
        assert loan.status == "pending" and _left(grant_id) == 250_000_00


def test_restricted_money_is_drawn_first_and_the_rest_is_unrestricted(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_000_00, cash_satang=30_000_00)
    with tenant_context(s.tenant_id):
        grant_id = _grant(s, 350_000_00, ["benefits"])
        _request(s, 20_000_00, "admin_expense")
        db.session.commit()
        with pytest.raises(restricted.RestrictedMoneyOnly) as info:
            _request(s, 20_000_00, "admin_expense")
        assert info.value.params["available"] == "฿10,000.00"
        db.session.rollback()
        big = _request(s, 355_000_00, "benefit_expense")
        db.session.commit()
        assert _left(grant_id) == 0
        assert sum(x.amount_satang for x in restricted.draws_of(big.id)) == 350_000_00
        with pytest.raises((restricted.RestrictedMoneyOnly, errors.NotEnoughAvailable)):
            _request(s, 5_000_01, "benefit_expense")
        db.session.rollback()
        _pay(s, big.id)
        fund = db.session.get(Fund, s.fund_id)
        assert accounts.balance(fund, "restricted_grants") == 0
        _ledger_holds(s.fund_id)


def test_a_release_needs_a_release_resolution_of_the_fund(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_000_00, cash_satang=0)
    other = setup_fund(make_tenant, make_member, tenant=s.tenant, name="อื่น", kind="release", cash_satang=0)
    with tenant_context(s.tenant_id):
        grant_id = _grant(s, 350_000_00, ["benefits"])
        release = governance.create_resolution(
            meeting_id=s.meeting_id, kind="release", amount_cap_satang=100_000_00, purpose="ปลดเงื่อนไข")
        db.session.commit()
        for resolution_id, error in ((s.resolution_id, errors.ResolutionWrongKind),
                                     (other.resolution_id, errors.ResolutionOfAnotherFund)):
            with pytest.raises(error) as info:
                sources.release_restricted(grant_id, 50_000_00, resolution_id=resolution_id, purpose="บริหาร")
            assert info.value.field == "resolution_id"
            db.session.rollback()
            assert _left(grant_id) == 350_000_00
        with pytest.raises(errors.ResolutionExhausted):
            sources.release_restricted(grant_id, 100_000_01, resolution_id=release.id, purpose="บริหาร")
        db.session.rollback()
        assert _left(grant_id) == 350_000_00 and _used(release.id) == 0
        sources.release_restricted(grant_id, 100_000_00, resolution_id=release.id, purpose="ค่าบริหาร")
        db.session.commit()
        assert _left(grant_id) == 250_000_00
        _request(s, 20_000_00, "admin_expense")  # now there is unrestricted money
        db.session.commit()
        fund = db.session.get(Fund, s.fund_id)
        assert restricted.unrestricted_available(fund) == 80_000_00
        _ledger_holds(s.fund_id)


def test_a_restricted_grant_names_its_uses(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cash_satang=0)
    with tenant_context(s.tenant_id):
        with pytest.raises(restricted.UsesRequired) as info:
            sources.create_grant(fund_id=s.fund_id, grantor_name="พอช.", grantor_kind="codi",
                                 total_satang=1_00, restricted=True, uses=[])
        assert info.value.field == "uses"
        db.session.rollback()
        with pytest.raises(Exception) as info:
            sources.create_grant(fund_id=s.fund_id, grantor_name="พอช.", grantor_kind="codi",
                                 total_satang=1_00, restricted=True, uses=["parties"])
        assert getattr(info.value, "field", None) == "uses"
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count(Grant.id))) == 0


def test_the_pages_show_restricted_and_unrestricted_money(client, ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_000_00, cash_satang=30_000_00)
    base = f"/t/{s.tenant.slug}/welfare"
    client.login(s.manager)
    # no use chosen: refused next to the field, nothing written
    r = client.post(f"{base}/funds/{s.fund_id}/grants", data={
        "grantor_name": "พอช.", "grantor_kind": "codi", "total": "350,000", "restricted": "1"})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    shown = html[html.index('data-field-error="uses"'):]
    assert "การใช้เงินที่อนุญาต" in shown[: shown.index("</p>")]  # next to the boxes, in Thai
    assert "</fieldset>" in shown
    r = client.post(f"{base}/funds/{s.fund_id}/grants", data={
        "grantor_name": "พอช.", "grantor_kind": "codi", "total": "350,000", "restricted": "1",
        "uses": ["loans", "benefits"]})
    assert r.status_code == 302
    with tenant_context(s.tenant_id):
        grant = db.session.scalar(sa.select(Grant))
        assert restricted.uses_of([grant.id])[grant.id] == ["benefits", "loans"]
        tranche = sources.add_tranche(grant_id=grant.id, amount_satang=350_000_00)
        sources.receive_tranche(tranche.id, received_on=ledger.today(), into="bank")
        fund = db.session.get(Fund, s.fund_id)
        fund.public = True
        db.session.commit()
    # an administration payment beyond the unrestricted money, through the page
    r = client.post(f"{base}/funds/{s.fund_id}/disbursements", data={
        "resolution_id": s.resolution_id, "amount": "40,000", "purpose": "ค่าบริหาร",
        "debit_key": "admin_expense", "from": "bank"})
    assert r.status_code == 409
    html = r.get_data(as_text=True)
    shown = html[html.index('data-field-error="amount"'):]
    assert "30,000.00" in shown[: shown.index("</p>")]  # the unrestricted money, next to the amount
    with tenant_context(s.tenant_id):
        assert db.session.scalar(sa.select(sa.func.count(Disbursement.id))) == 0
    html = client.get(f"{base}/funds/{s.fund_id}/statement").get_data(as_text=True)
    section = html[html.index('data-test="restricted"'):]
    assert "30,000.00" in section[:section.index("</table>")]
    assert "350,000.00" in section[:section.index("</table>")]
    public = client.get(f"/funds/{s.tenant.slug}/{s.fund_id}", headers={"Accept": "application/json"}).json
    assert public["money"]["restricted"] == 350_000_00 and public["money"]["unrestricted"] == 30_000_00
    assert "by_grant" not in public["money"]


@pytest.mark.postgres
def test_two_loans_racing_for_the_last_restricted_money(app, ctx, postgres_only, make_tenant, make_member):
    """350,000 baht restricted to loans sits in cash, 350,000 restricted to
    benefits in the bank: either account alone could pay a 300,000-baht loan,
    but only one such loan may be paid."""
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_000_00, cash_satang=0)
    with tenant_context(s.tenant_id):
        loans_grant = _grant(s, 350_000_00, ["loans"], into="cash")
        _grant(s, 350_000_00, ["benefits"], into="bank", name="อบต.")
    fund_id, resolution_id, maker = s.fund_id, s.resolution_id, s.manager.id

    def loan(credit_key):
        def work():
            d.request(fund_id=fund_id, resolution_id=resolution_id, amount_satang=300_000_00, purpose="เงินกู้",
                      target_type="test.thing", target_id=1, requested_by=maker,
                      debit_key="loans_receivable", credit_key=credit_key)
        return work

    outcome = _race(app, s.tenant_id, [loan("cash"), loan("bank")])
    assert outcome == Counter({"ok": 1, "RestrictedMoneyOnly": 1})
    with tenant_context(s.tenant_id):
        assert _left(loans_grant) == 50_000_00
        assert db.session.scalar(sa.select(sa.func.count(Disbursement.id))) == 1
        _ledger_holds(s.fund_id)


@pytest.mark.postgres
def test_two_administration_payments_racing_for_the_unrestricted_money(
    app, ctx, postgres_only, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_000_00, cash_satang=0)
    with tenant_context(s.tenant_id):
        _grant(s, 350_000_00, ["benefits"], into="cash")
        fund_cash(db.session.get(Fund, s.fund_id), 30_000_00)
        db.session.commit()
    fund_id, resolution_id, maker = s.fund_id, s.resolution_id, s.manager.id

    def admin():
        d.request(fund_id=fund_id, resolution_id=resolution_id, amount_satang=20_000_00, purpose="ค่าบริหาร",
                  target_type="test.thing", target_id=1, requested_by=maker, debit_key="admin_expense")

    outcome = _race(app, s.tenant_id, [admin, admin, admin])
    assert outcome == Counter({"ok": 1, "RestrictedMoneyOnly": 2})


def test_a_payment_shows_the_restricted_money_it_draws_and_the_api_releases(
    client, ctx, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_000_00, cash_satang=30_000_00)
    with tenant_context(s.tenant_id):
        grant_id = _grant(s, 350_000_00, ["benefits"], name="สปสช.")
        release = governance.create_resolution(
            meeting_id=s.meeting_id, kind="release", amount_cap_satang=50_000_00, purpose="ปลดเงื่อนไข")
        db.session.commit()
        release_id = release.id
    base = f"/t/{s.tenant.slug}/welfare"
    client.login(s.manager)
    assert "30,000.00" in client.get(f"{base}/funds/{s.fund_id}").get_data(as_text=True).split(
        'data-test="unrestricted"')[1][:200]
    r = client.post(f"{base}/funds/{s.fund_id}/disbursements", data={
        "resolution_id": s.resolution_id, "amount": "1,000", "purpose": "ค่ารักษา", "debit_key": "benefit_expense"})
    assert r.status_code == 302
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert 'data-test="draw"' in html and "สปสช." in html
    api = f"/api/v1/t/{s.tenant.slug}/welfare/grants/{grant_id}/release"
    r = client.post(api, json={"resolution_id": s.resolution_id, "amount": 10_000_00, "purpose": "บริหาร"})
    assert r.status_code in (409, 422) and r.json["error"]["code"] == "welfare_resolution_kind"
    r = client.post(api, json={"resolution_id": release_id, "amount": 10_000_00, "purpose": "บริหาร"})
    assert r.status_code == 200, r.json
    assert r.json["restricted_balance_satang"] == 349_000_00 - 10_000_00 and r.json["uses"] == ["benefits"]
    with tenant_context(s.tenant_id):
        _ledger_holds(s.fund_id)
