"""Governance that holds up to an audit: no meeting dated after today, no
resolution number twice in a fund and year (however it is typed), and a fund
that asks for minutes uses a resolution only once they are attached."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.db import db
from core.documents import services as documents
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from tests.race import race_all as _race
from tests.welfare.funds.support import setup_fund
from welfare.governance import disbursements as d
from welfare.governance import errors, evidence
from welfare.governance import services as governance
from welfare.models.funds import Fund
from welfare.models.governance import Disbursement, Meeting, Resolution

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _meeting(s, held_on=None, **kw):
    return governance.create_meeting(
        fund_id=s.fund_id, held_on=held_on or ledger.today(), kind="committee", title="ประชุม",
        attendee_count=9, eligible_count=15, **kw,
    )


def _resolution(meeting_id, number="", kind="disbursement", cap=1_000_00):
    return governance.create_resolution(
        meeting_id=meeting_id, kind=kind, amount_cap_satang=cap, purpose="ช่วยเหลือ", number=number
    )


def _request(s, resolution_id, amount=100_00):
    return d.request(
        fund_id=s.fund_id, resolution_id=resolution_id, amount_satang=amount, purpose="x",
        target_type="test.thing", target_id=1, requested_by=s.manager.id,
    )


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_meeting_cannot_be_dated_after_the_tenants_today(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        before = _count(Meeting)
        for held_on in (ledger.today() + timedelta(days=1), ledger.today().replace(year=2030)):
            with pytest.raises(errors.MeetingInFuture) as info:
                _meeting(s, held_on)
            assert info.value.field == "held_on"
            db.session.rollback()
        assert _count(Meeting) == before
        _meeting(s, ledger.today())  # today is fine


def test_a_resolution_of_a_meeting_dated_after_today_is_not_usable(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=5_000_00)
    with tenant_context(s.tenant_id):
        # a meeting row dated 2030 (written before the rule, or by hand)
        db.session.get(Meeting, s.meeting_id).held_on = ledger.today().replace(year=2030)
        db.session.commit()
        with pytest.raises(errors.ResolutionMeetingInFuture):
            _resolution(s.meeting_id)
        db.session.rollback()
        with pytest.raises(errors.ResolutionMeetingInFuture) as info:
            _request(s, s.resolution_id)
        assert info.value.field == "resolution_id"
        db.session.rollback()
        assert _count(Disbursement) == 0
        assert db.session.get(Resolution, s.resolution_id).used_satang == 0


@pytest.mark.parametrize("again", ["3/2569", " 3/2569 ", "๓/๒๕๖๙", "3 / 2569"])
def test_a_resolution_number_is_used_once_per_fund_and_year(ctx, make_tenant, make_member, again):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        meeting = _meeting(s)
        first = _resolution(meeting.id, "3/2569")
        db.session.commit()
        assert first.number == "3/2569" and first.year == ledger.today().year
        with pytest.raises(errors.ResolutionNumberTaken) as info:
            _resolution(meeting.id, again)
        assert info.value.field == "number"
        db.session.rollback()
        assert _count(Resolution) == 2  # the setup's and the first
        _resolution(meeting.id, "")  # unnumbered resolutions are not compared
        _resolution(meeting.id, "")
        last_year = _meeting(s, ledger.today() - timedelta(days=370))
        _resolution(last_year.id, "3/2569")  # another year
        other = setup_fund(make_tenant, make_member, tenant=s.tenant, name="อื่น")
        _resolution(_meeting(other).id, "3/2569")  # another fund
        db.session.commit()


def test_the_database_refuses_a_second_number_written_around_the_service(
    ctx, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        first = _resolution(s.meeting_id, "7/2569")
        db.session.commit()
        db.session.add(
            Resolution(
                fund_id=s.fund_id, meeting_id=s.meeting_id, kind="disbursement",
                amount_cap_satang=1, purpose="ซ้ำ", number="7/2569", year=first.year,
            )
        )
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


@pytest.mark.postgres
def test_two_clerks_racing_for_one_number_get_one_resolution(
    app, ctx, postgres_only, make_tenant, make_member
):
    s = setup_fund(make_tenant, make_member)
    meeting_id = s.meeting_id

    def work():
        _resolution(meeting_id, "9/2569", cap=10_000_00)

    assert _race(app, s.tenant_id, [work, work]) == Counter({"ok": 1, "ResolutionNumberTaken": 1})
    with tenant_context(s.tenant_id):
        assert db.session.scalar(
            sa.select(sa.func.count()).where(Resolution.number == "9/2569")
        ) == 1


def test_a_fund_that_asks_for_minutes_waits_for_them(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=5_000_00)
    with tenant_context(s.tenant_id):
        db.session.get(Fund, s.fund_id).requires_minutes = True
        db.session.get(Meeting, s.meeting_id).minutes = "มีมติอนุมัติ"  # typed text is not the minutes
        db.session.commit()
        with pytest.raises(errors.MinutesRequired) as info:
            _request(s, s.resolution_id)
        assert info.value.field == "resolution_id"
        db.session.rollback()
        documents.store(PDF, "other.pdf", "other", actor_id=None,
                        target_type=evidence.MEETING, target_id=s.meeting_id)
        db.session.commit()
        with pytest.raises(errors.MinutesRequired):
            _request(s, s.resolution_id)
        db.session.rollback()
        assert _count(Disbursement) == 0
        documents.store(PDF + b"minutes", "minutes.pdf", "minutes", actor_id=None,
                        target_type=evidence.MEETING, target_id=s.meeting_id)
        db.session.commit()
        assert _request(s, s.resolution_id).status == "pending"


def test_minutes_of_another_meeting_do_not_count(ctx, make_tenant, make_member):
    s = setup_fund(make_tenant, make_member, cap_satang=5_000_00)
    with tenant_context(s.tenant_id):
        db.session.get(Fund, s.fund_id).requires_minutes = True
        other = _meeting(s)
        documents.store(PDF, "minutes.pdf", "minutes", actor_id=None,
                        target_type=evidence.MEETING, target_id=other.id)
        db.session.commit()
        with pytest.raises(errors.MinutesRequired):
            _request(s, s.resolution_id)


def test_meeting_and_resolution_forms_refuse_the_future_and_doubles(
    ctx, make_tenant, make_member, client
):
    s = setup_fund(make_tenant, make_member)
    with tenant_context(s.tenant_id):
        _resolution(s.meeting_id, "3/2569")
        db.session.commit()
        meetings = _count(Meeting)
    client.login(s.manager)
    base = f"/t/{s.tenant.slug}/welfare"
    tomorrow = (ledger.today() + timedelta(days=1)).isoformat()
    response = client.post(
        f"{base}/funds/{s.fund_id}/meetings",
        data={"held_on": tomorrow, "kind": "committee", "title": "x", "attendee_count": "9",
              "eligible_count": "15"},
    )
    assert 400 <= response.status_code < 500
    response = client.post(
        f"{base}/meetings/{s.meeting_id}/resolutions",
        data={"kind": "disbursement", "amount_cap": "100", "purpose": "x", "number": "๓/๒๕๖๙"},
    )
    assert 400 <= response.status_code < 500
    with tenant_context(s.tenant_id):
        assert _count(Meeting) == meetings and _count(Resolution) == 2
