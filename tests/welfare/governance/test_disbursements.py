"""Disbursements: resolutions cap what is paid, M of N signatories approve,
the maker never approves, nobody twice; races on PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.ledger import queries
from core.ledger import services as ledger
from core.ledger.errors import InsufficientFunds
from core.notifications.models import Notification
from core.tenancy.context import tenant_context
from tests.race import race_all as _race
from tests.welfare.funds.support import setup_fund
from welfare.funds import accounts
from welfare.governance import disbursements as d
from welfare.governance import errors
from welfare.governance import services as governance
from welfare.models.funds import Fund
from welfare.models.governance import Approval, Disbursement, Resolution, Signatory


def _request(s, amount, **kw):
    kw.setdefault("purpose", "ค่ารักษาพยาบาล")
    kw.setdefault("target_type", "test.thing")
    kw.setdefault("target_id", 1)
    kw.setdefault("requested_by", s.manager.id)
    kw.setdefault("resolution_id", s.resolution_id)
    return d.request(fund_id=s.fund_id, amount_satang=amount, **kw)


def _used(resolution_id):
    return db.session.scalar(
        sa.select(Resolution.used_satang).where(Resolution.id == resolution_id)
    )


def test_request_reserves_and_two_of_three_pays(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=5_000_00)
    paid = []
    d.on_paid("test.thing", paid.append)
    with tenant_context(s.tenant_id):
        dis = _request(s, 3_000_00)
        db.session.commit()
        assert dis.status == "pending"
        assert _used(s.resolution_id) == 3_000_00
        fund = db.session.get(Fund, s.fund_id)
        cash_before = accounts.balance(fund, "cash")

        d.approve(dis.id, user_id=s.signatories[0].id)
        db.session.commit()
        assert dis.status == "pending"
        assert dis.journal_entry_id is None
        assert accounts.balance(fund, "cash") == cash_before
        assert paid == []

        d.approve(dis.id, user_id=s.signatories[1].id)
        db.session.commit()
        assert dis.status == "paid"
        assert dis.journal_entry_id is not None
        assert accounts.balance(fund, "cash") == cash_before - 3_000_00
        assert accounts.balance(fund, "benefit_expense") == 3_000_00
        assert [p.id for p in paid] == [dis.id]
        assert queries.verify_balances() == []

        with pytest.raises(errors.NotPending):
            d.approve(dis.id, user_id=s.signatories[2].id)
        db.session.rollback()
        actions = set(
            db.session.scalars(
                sa.select(AuditEvent.action).where(AuditEvent.action.like("welfare.disb%"))
            )
        )
        assert actions == {
            "welfare.disbursement.request",
            "welfare.disbursement.approve",
            "welfare.disbursement.paid",
        }
        notified = set(
            db.session.scalars(
                sa.select(Notification.to_user_id).where(
                    Notification.template == "welfare.approval_needed"
                )
            )
        )
        assert notified == {u.id for u in s.signatories}


def test_beyond_remaining_amount_is_refused_and_nothing_written(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_00)
    with tenant_context(s.tenant_id):
        _request(s, 600_00)
        db.session.commit()
        with pytest.raises(errors.ResolutionExhausted) as exc:
            _request(s, 400_01)
        assert "400.01" in str(exc.value.params["needed"])
        db.session.rollback()
        assert _used(s.resolution_id) == 600_00
        assert db.session.scalar(sa.select(sa.func.count(Disbursement.id))) == 1
        _request(s, 400_00)  # exactly the rest is fine
        db.session.commit()
        assert _used(s.resolution_id) == 1_000_00


@pytest.mark.parametrize("amount", [0, -100, 1.5, True, None, "100"])
def test_zero_negative_or_junk_amounts_are_refused(ctx, make_tenant, make_member, amount):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        with pytest.raises(errors.AmountNotPositive):
            _request(s, amount)


def test_resolution_of_another_fund_expired_revoked_or_wrong_kind(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    other = setup_fund(make_tenant, make_member, tenant=s.tenant, name="กองทุนอื่น")
    with tenant_context(s.tenant_id):
        with pytest.raises(errors.ResolutionOfAnotherFund):
            _request(s, 100_00, resolution_id=other.resolution_id)
        with pytest.raises(errors.ResolutionWrongKind):
            _request(s, 100_00, target_type="welfare.loan", debit_key="loans_receivable")
        resolution = db.session.get(Resolution, s.resolution_id)
        resolution.valid_until = ledger.today() - timedelta(days=1)
        db.session.commit()
        with pytest.raises(errors.ResolutionExpired):
            _request(s, 100_00)
        resolution.valid_until = None
        governance.revoke_resolution(s.resolution_id)
        db.session.commit()
        with pytest.raises(errors.ResolutionRevoked):
            _request(s, 100_00)
        with pytest.raises(errors.ResolutionNotFound):
            _request(s, 100_00, resolution_id=999_999)
        assert db.session.scalar(sa.select(sa.func.count(Disbursement.id))) == 0


def test_resolution_of_another_tenant_is_not_found(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    foreign = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        with pytest.raises(errors.ResolutionNotFound):
            _request(s, 100_00, resolution_id=foreign.resolution_id)


def test_maker_cannot_approve_and_nobody_approves_twice(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    maker = s.signatories[0]
    with tenant_context(s.tenant_id):
        dis = _request(s, 100_00, requested_by=maker.id)
        db.session.commit()
        with pytest.raises(errors.MakerCannotApprove):
            d.approve(dis.id, user_id=maker.id)
        db.session.rollback()
        d.approve(dis.id, user_id=s.signatories[1].id)
        db.session.commit()
        with pytest.raises(errors.AlreadyDecided):
            d.approve(dis.id, user_id=s.signatories[1].id)
        db.session.rollback()
        assert dis.status == "pending"
        assert db.session.scalar(sa.select(sa.func.count(Approval.id))) == 1
        with pytest.raises(errors.NotASignatory):
            d.approve(dis.id, user_id=s.manager.id)
        db.session.rollback()
        d.approve(dis.id, user_id=s.signatories[2].id)
        db.session.commit()
        assert dis.status == "paid"


def test_expired_signatory_cannot_approve_nor_count(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, signatories=4)
    with tenant_context(s.tenant_id):
        dis = _request(s, 100_00)
        db.session.commit()
        d.approve(dis.id, user_id=s.signatories[0].id)
        db.session.commit()
        # the first approver's authority ends: their approval no longer counts
        sig = db.session.scalar(
            sa.select(Signatory).where(Signatory.user_id == s.signatories[0].id)
        )
        sig.valid_until = ledger.today() - timedelta(days=1)
        db.session.commit()
        with pytest.raises(errors.SignatoryExpired):
            d.approve(dis.id, user_id=s.signatories[0].id)
        db.session.rollback()
        d.approve(dis.id, user_id=s.signatories[1].id)
        db.session.commit()
        assert dis.status == "pending"
        d.approve(dis.id, user_id=s.signatories[2].id)
        db.session.commit()
        assert dis.status == "paid"


def test_reject_needs_a_reason_and_releases_the_reservation(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=500_00)
    with tenant_context(s.tenant_id):
        dis = _request(s, 500_00)
        db.session.commit()
        with pytest.raises(errors.ReasonRequired):
            d.reject(dis.id, user_id=s.signatories[0].id, reason="  ")
        db.session.rollback()
        d.reject(dis.id, user_id=s.signatories[0].id, reason="เอกสารไม่ครบ")
        db.session.commit()
        assert dis.status == "rejected" and dis.reject_reason == "เอกสารไม่ครบ"
        assert _used(s.resolution_id) == 0
        with pytest.raises(errors.NotPending):
            d.approve(dis.id, user_id=s.signatories[1].id)
        db.session.rollback()
        again = _request(s, 500_00)
        db.session.commit()
        assert again.status == "pending"


def test_not_enough_cash_at_the_last_approval_leaves_nothing_half_written(
    ctx, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member, cap_satang=5_000_00, cash_satang=2_000_00)
    with tenant_context(s.tenant_id):
        dis = _request(s, 2_000_00)
        db.session.commit()
        d.approve(dis.id, user_id=s.signatories[0].id)
        db.session.commit()
        # the cash leaves by another path (deposited at the bank) before the last signature
        fund = db.session.get(Fund, s.fund_id)
        ledger.post(
            entry_date=ledger.today(),
            memo="deposit",
            idempotency_key=f"deposit:{fund.id}",
            lines=[(accounts.account(fund, "bank"), 1_500_00), (accounts.account(fund, "cash"), -1_500_00)],
        )
        db.session.commit()
        with pytest.raises(InsufficientFunds):
            d.approve(dis.id, user_id=s.signatories[1].id)
        db.session.commit()  # the caller may even commit: nothing of the failed approval stays
        assert dis.status == "pending"
        assert db.session.scalar(sa.select(sa.func.count(Approval.id))) == 1


def test_a_fund_that_forbids_lending_refuses_a_loan(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, kind="loan", allows_lending=False)
    with tenant_context(s.tenant_id):
        with pytest.raises(errors.LendingForbidden):
            _request(s, 100_00, target_type="welfare.loan", debit_key="loans_receivable")


def test_too_few_signatories_is_refused(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, signatories=2)
    with tenant_context(s.tenant_id):
        with pytest.raises(errors.TooFewSignatories):
            _request(s, 100_00, requested_by=s.signatories[0].id)
        _request(s, 100_00)  # the manager is not a signatory: both may approve


def test_pending_inbox_lists_only_what_waits_for_me(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        dis = _request(s, 100_00, requested_by=s.signatories[0].id)
        db.session.commit()
        assert d.pending_for(s.signatories[0].id) == []
        assert [x.id for x in d.pending_for(s.signatories[1].id)] == [dis.id]
        d.approve(dis.id, user_id=s.signatories[1].id)
        db.session.commit()
        assert d.pending_for(s.signatories[1].id) == []
        assert [x.id for x in d.pending_for(s.signatories[2].id)] == [dis.id]


@pytest.mark.postgres
def test_two_requests_racing_for_the_last_baht_exactly_one_wins(
    app, ctx, postgres_only, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member, cap_satang=1_000_00)
    with tenant_context(s.tenant_id):
        _request(s, 999_00)
        db.session.commit()
    fund_id, resolution_id, maker = s.fund_id, s.resolution_id, s.manager.id

    def work():
        d.request(
            fund_id=fund_id,
            resolution_id=resolution_id,
            amount_satang=1_00,
            purpose="บาทสุดท้าย",
            target_type="test.thing",
            target_id=1,
            requested_by=maker,
        )

    outcome = _race(app, s.tenant_id, [work, work])
    assert outcome == Counter({"ok": 1, "ResolutionExhausted": 1})
    with tenant_context(s.tenant_id):
        db.session.expire_all()
        assert _used(resolution_id) == 1_000_00
        assert db.session.scalar(sa.select(sa.func.count(Disbursement.id))) == 2


@pytest.mark.postgres
def test_eight_requests_racing_never_exceed_the_cap(
    app, ctx, postgres_only, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member, cap_satang=500_00)
    fund_id, resolution_id, maker = s.fund_id, s.resolution_id, s.manager.id

    def work():
        d.request(
            fund_id=fund_id,
            resolution_id=resolution_id,
            amount_satang=100_00,
            purpose="แข่งกัน",
            target_type="test.thing",
            target_id=1,
            requested_by=maker,
        )

    outcome = _race(app, s.tenant_id, [work] * 8)
    assert outcome == Counter({"ok": 5, "ResolutionExhausted": 3})
    with tenant_context(s.tenant_id):
        assert _used(resolution_id) == 500_00


@pytest.mark.postgres
def test_two_last_approvals_racing_pay_exactly_once(
    app, ctx, postgres_only, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        dis = _request(s, 1_000_00)
        db.session.commit()
        d.approve(dis.id, user_id=s.signatories[0].id)
        db.session.commit()
        dis_id = dis.id
    users = [s.signatories[1].id, s.signatories[2].id]
    outcome = _race(app, s.tenant_id, [lambda u=u: d.approve(dis_id, user_id=u) for u in users])
    assert outcome == Counter({"ok": 1, "NotPending": 1})
    with tenant_context(s.tenant_id):
        db.session.expire_all()
        fund = db.session.get(Fund, s.fund_id)
        assert accounts.balance(fund, "benefit_expense") == 1_000_00
        assert queries.verify_balances() == []


def test_no_disbursement_moves_without_the_restricted_money_source(monkeypatch):
    """A process that never loaded the sources area's hooks would pay without
    drawing restricted money: it is refused instead of passing silently."""
    from welfare.governance import disbursements

    assert disbursements._money_sources(), "the app registers welfare.sources"
    monkeypatch.setattr(disbursements, "_MONEY_SOURCES", {})
    with pytest.raises(RuntimeError, match="no money source"):
        disbursements._money_sources()
