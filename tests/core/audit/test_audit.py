"""The audit log: recording, snapshots, and the page for admins and auditors."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from core.audit import services
from core.audit.forms import AuditFilters, FieldError, parse_typed_date
from core.audit.models import AuditEvent
from core.db import db
from core.tenancy.context import tenant_context


def add_event(tenant, action, actor=None, at=None, **kw):
    """An event as ``record`` writes it, dated ``at`` from the start (the log
    is append-only: it cannot be re-dated afterwards)."""
    from core.audit.models import AuditEvent

    with tenant_context(tenant.id):
        if at is None:
            event = services.record(action, actor_id=actor.id if actor else None, **kw)
        else:
            event = AuditEvent(action=action, actor_user_id=actor.id if actor else None, at=at, **kw)
            db.session.add(event)
        db.session.commit()
        return event.id


def test_snapshot_and_changes(make_tenant):
    tenant = make_tenant(name_en="Before")
    snap = services.snapshot(tenant, exclude=("address",))
    assert snap["slug"] == tenant.slug and snap["name_en"] == "Before"
    assert "created_at" not in snap and "address" not in snap
    assert isinstance(snap["settings"], dict)
    before = dict(snap)
    tenant.name_en = "After"
    before_part, after_part = services.changes(before, services.snapshot(tenant, exclude=("address",)))
    assert (before_part, after_part) == ({"name_en": "Before"}, {"name_en": "After"})
    db.session.rollback()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-23", date(2026, 11, 23)),
        ("2569-11-23", date(2026, 11, 23)),
        (" 2569/1/5 ", date(2026, 1, 5)),
        ("", None),
    ],
)
def test_typed_dates_in_either_era(text, expected):
    assert parse_typed_date(text) == expected


@pytest.mark.parametrize("text", ["23/11/2569x", "2026-02-30", "yesterday", "2026-11"])
def test_bad_typed_dates_are_refused(text):
    with pytest.raises(FieldError):
        parse_typed_date(text)


@pytest.fixture
def audited(make_tenant, make_member):
    tenant, other = make_tenant(), make_tenant()
    admin = make_member(tenant, "admin")
    auditor = make_member(tenant, "auditor")
    staff = make_member(tenant, "staff")
    stranger = make_member(other, "admin")
    add_event(tenant, "registry.household.update", admin, target_type="household", target_id=7,
              before={"code": "A", "notes": "x"}, after={"code": "B", "notes": "x"},
              at=datetime(2026, 11, 1, 3, 0, tzinfo=UTC))
    add_event(tenant, "ledger.entry.post", admin, target_type="journal_entry", target_id=1,
              after={"memo": "opening"}, at=datetime(2026, 11, 20, 3, 0, tzinfo=UTC))
    add_event(tenant, "ledger.period.close", auditor, target_type="ledger_period_close", target_id=1,
              at=datetime(2026, 11, 22, 3, 0, tzinfo=UTC))
    add_event(other, "ledger.secret.other-tenant", stranger, target_type="household", target_id=7)
    return tenant, other, admin, auditor, staff, stranger


def listing(client, tenant, **args):
    response = client.get(f"/t/{tenant.slug}/audit/", query_string=args)
    return response, response.get_data(as_text=True)


def test_admins_and_auditors_see_the_log_newest_first(client, audited):
    tenant, _other, _admin, auditor, *_ = audited
    response, html = listing(client.login(auditor), tenant)
    assert response.status_code == 200
    assert html.count('data-test="event"') == 3
    assert html.index("ledger.period.close") < html.index("ledger.entry.post") < html.index("registry.household.update")
    assert "ledger.secret.other-tenant" not in html
    assert 'data-test="changed"' in html  # the code changed A -> B


def test_staff_get_403_and_anonymous_are_sent_to_log_in(client, audited):
    tenant, _other, _admin, _auditor, staff, _stranger = audited
    assert client.get(f"/t/{tenant.slug}/audit/").status_code in (302, 401)
    assert client.login(staff).get(f"/t/{tenant.slug}/audit/").status_code == 403


def test_an_admin_of_another_tenant_gets_403(client, audited):
    tenant, _other, _admin, _auditor, _staff, stranger = audited
    assert client.login(stranger).get(f"/t/{tenant.slug}/audit/").status_code == 403


@pytest.mark.parametrize(
    "args, expected",
    [
        ({"action": "ledger."}, {"ledger.entry.post", "ledger.period.close"}),
        ({"action": "ledger.entry"}, {"ledger.entry.post"}),
        ({"action": "ledger_"}, set()),  # "_" is not a wildcard
        ({"target_type": "household", "target_id": "7"}, {"registry.household.update"}),
        ({"date_from": "2569-11-20"}, {"ledger.entry.post", "ledger.period.close"}),
        ({"date_from": "2026-11-01", "date_to": "2569-11-20"}, {"registry.household.update", "ledger.entry.post"}),
        ({"date_to": "2026-10-31"}, set()),
    ],
)
def test_filters(client, audited, args, expected):
    tenant, _other, admin, *_ = audited
    _response, html = listing(client.login(admin), tenant, **args)
    shown = {a for a in ("registry.household.update", "ledger.entry.post", "ledger.period.close") if a in html}
    assert shown == expected
    assert "ledger.secret.other-tenant" not in html


def test_filter_by_actor(client, audited):
    tenant, _other, admin, auditor, *_ = audited
    _response, html = listing(client.login(admin), tenant, actor_id=str(auditor.id))
    assert html.count('data-test="event"') == 1 and "ledger.period.close" in html


def test_a_bad_filter_is_explained_next_to_its_field(client, audited):
    tenant, _other, admin, *_ = audited
    response, html = listing(client.login(admin), tenant, date_from="31-31-2569", target_id="abc")
    assert response.status_code == 200
    assert html.count('class="error"') == 2
    assert html.count('data-test="event"') == 3  # the unreadable filters are ignored


def test_the_log_is_paginated_by_fifty(client, make_tenant, make_member):
    tenant = make_tenant()
    admin = make_member(tenant, "admin")
    with tenant_context(tenant.id):
        for i in range(55):
            services.record(f"test.event.{i:02d}", actor_id=admin.id)
        db.session.commit()
    _r, first = listing(client.login(admin), tenant)
    assert first.count('data-test="event"') == 50
    _r, second = listing(client, tenant, page="2")
    assert second.count('data-test="event"') == 5


def test_event_detail_and_no_peeking_at_another_tenant(client, audited):
    tenant, other, admin, *_ = audited
    with tenant_context(tenant.id):
        event_id = db.session.scalar(
            sa.select(AuditEvent.id).where(AuditEvent.action == "registry.household.update")
        )
    with tenant_context(other.id):
        foreign_id = db.session.scalar(sa.select(AuditEvent.id))
    client.login(admin)
    response = client.get(f"/t/{tenant.slug}/audit/{event_id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "registry.household.update" in html
    assert 'data-test="changed"' in html
    assert client.get(f"/t/{tenant.slug}/audit/{foreign_id}").status_code == 404


def test_filters_round_trip_for_page_links():
    filters = AuditFilters.from_args({"action": "ledger.", "date_from": "2569-11-01", "target_id": ""})
    assert filters.as_args() == {"action": "ledger.", "date_from": "2026-11-01"}
    assert filters.errors == {}


def test_thai_text_reads_as_thai_and_markup_stays_text(client, make_tenant, make_member):
    tenant = make_tenant()
    auditor = make_member(tenant, "auditor")
    event_id = add_event(tenant, "registry.person.update", auditor, target_type="person", target_id=1,
                         before={"name": "สมชาย ใจดี"}, after={"name": "สมหญิง <b>ใจดี</b>", "note": "ข้าว 5 กก."})
    client.login(auditor)
    for url in (f"/t/{tenant.slug}/audit/", f"/t/{tenant.slug}/audit/{event_id}"):
        html = client.get(url).get_data(as_text=True)
        assert "&#34;สมชาย ใจดี&#34;" in html or '"สมชาย ใจดี"' in html, url
        assert "ข้าว 5 กก." in html and "\\u0e" not in html, url
        assert "<b>ใจดี</b>" not in html and "&lt;b&gt;ใจดี&lt;/b&gt;" in html, url
