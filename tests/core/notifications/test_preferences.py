"""Per-person contact preferences: the preferred channel goes first, an
opted-out channel is never used (the row says so and nothing is sent)."""

from __future__ import annotations

import pytest

from core.audit.models import AuditEvent
from core.db import db
from core.notifications.models import ContactPreference, Notification, NotificationDelivery
from core.notifications.preferences import InvalidLineUserId, UnknownChannel, set_preference
from core.notifications.services import queue_notification
from core.notifications.tasks import deliver
from core.tenancy.context import tenant_context

LINE_USER = "U" + "0123456789abcdef" * 2


@pytest.fixture
def channels_up(app, ctx, tenant, provider):
    """LINE and SMS both pointed at the fake provider; email into memory."""
    tenant.settings = {"line": {"channel_token": "tok-line-0001"}, "sms": {"url": provider.url + "/sms"}}
    db.session.commit()
    app.config["LINE_API_BASE"] = provider.url + "/line"
    yield provider
    app.config.pop("LINE_API_BASE")


@pytest.fixture
def person(tenant, make_person, make_user):
    user = make_user(email="somchai@example.org")
    return make_person(tenant, phone="+66812345678", user_id=user.id)


def prefer(tenant, person, **kw):
    kw.setdefault("channel_order", [])
    kw.setdefault("opted_out_channels", [])
    kw.setdefault("opted_out_all", False)
    kw.setdefault("line_user_id", LINE_USER)
    kw.setdefault("email", None)
    with tenant_context(tenant.id):
        set_preference(person.id, actor_id=None, **kw)
        db.session.commit()


def notify(tenant, person, key="n-1", **kw):
    with tenant_context(tenant.id):
        n = queue_notification(template="test.hello", params={"name": "S"}, idempotency_key=key,
                               to_person_id=person.id, **kw)
        result = (n.id, n.channel, n.address)
        db.session.commit()
    return result


def paths(provider):
    return [r.path.split("/")[1] for r in provider.requests]


def test_line_first_by_default_when_there_is_a_line_id(tenant, person, channels_up, reload):
    prefer(tenant, person)
    _, channel, address = notify(tenant, person)
    assert (channel, address) == ("line", LINE_USER)
    assert paths(channels_up) == ["line"]
    assert reload(Notification, tenant.id)[0].status == "sent"


def test_without_a_line_id_sms_then_email(tenant, person, channels_up):
    assert notify(tenant, person)[1:] == ("sms", "+66812345678")
    prefer(tenant, person, line_user_id=None, opted_out_channels=["sms"])
    assert notify(tenant, person, "n-2")[1:] == ("email", "somchai@example.org")


def test_the_preferred_order_is_honoured(tenant, person, channels_up, memory_outbox):
    prefer(tenant, person, channel_order=["email", "sms", "line"], email="other@example.org")
    assert notify(tenant, person)[1:] == ("email", "other@example.org")
    assert [m.address for m in memory_outbox.sent] == ["other@example.org"]
    prefer(tenant, person, channel_order=["sms", "line"])
    assert notify(tenant, person, "n-2")[1] == "sms"


def test_an_opted_out_channel_is_skipped_in_the_order(tenant, person, channels_up):
    prefer(tenant, person, opted_out_channels=["line"])
    assert notify(tenant, person)[1] == "sms"
    assert paths(channels_up) == ["sms"]


def test_opted_out_of_everything_sends_nothing_and_says_so(tenant, person, channels_up, memory_outbox, reload):
    prefer(tenant, person, opted_out_all=True)
    notify(tenant, person)
    notify(tenant, person, "n-2", channel="sms")  # an explicit channel too
    assert channels_up.requests == [] and memory_outbox.sent == []
    rows = reload(Notification, tenant.id)
    assert [(r.status, r.last_error, r.attempts) for r in rows] == [("failed", "opted out", 0)] * 2
    assert [(d.status, d.error) for d in reload(NotificationDelivery, tenant.id)] == [("skipped", "opted out")] * 2


def test_an_explicit_opted_out_channel_is_not_used(tenant, person, channels_up, reload):
    prefer(tenant, person, opted_out_channels=["sms"])
    notify(tenant, person, channel="sms")
    assert channels_up.requests == []
    assert reload(Notification, tenant.id)[0].last_error == "opted out"


def test_opting_out_after_queueing_stops_delivery(tenant, person, channels_up, reload):
    with tenant_context(tenant.id):
        db.session.add(Notification(template="test.hello", params={"name": "S"}, channel="sms",
                                    address="+66812345678", to_person_id=person.id, idempotency_key="late"))
        db.session.commit()
        n_id = db.session.scalar(db.select(Notification.id))
    prefer(tenant, person, opted_out_channels=["sms"])
    with tenant_context(tenant.id):
        assert deliver(n_id) == "skipped"
    assert channels_up.requests == []
    [row] = reload(Notification, tenant.id)
    assert (row.status, row.last_error) == ("failed", "opted out")


def test_one_preference_per_person_and_bad_values_refused(ctx, tenant, person):
    prefer(tenant, person)
    prefer(tenant, person, channel_order=["sms"])
    with tenant_context(tenant.id):
        assert db.session.scalar(db.select(db.func.count()).select_from(ContactPreference)) == 1
        with pytest.raises(InvalidLineUserId):
            set_preference(person.id, actor_id=None, channel_order=[], opted_out_channels=[],
                           opted_out_all=False, line_user_id="somchai", email=None)
        with pytest.raises(UnknownChannel):
            set_preference(person.id, actor_id=None, channel_order=["pigeon"], opted_out_channels=[],
                           opted_out_all=False, line_user_id=None, email=None)
        db.session.rollback()


def test_the_audit_keeps_addresses_masked(ctx, tenant, person):
    prefer(tenant, person, email="somchai.private@example.org")
    with tenant_context(tenant.id):
        [event] = db.session.scalars(db.select(AuditEvent)).all()
        assert event.action == "notifications.contact_preference.update"
        text = str(event.after)
        db.session.rollback()
    assert "somchai.private" not in text and LINE_USER not in text
    assert "so***@example.org" in text


def test_contact_page_sets_the_preference(client, tenant, person, make_member, reload):
    staff = make_member(tenant, "staff", lang="en")
    url = f"/t/{tenant.slug}/notifications/people/{person.id}/contact"
    client.login(staff)
    assert client.get(url).status_code == 200
    response = client.post(url, data={"first_channel": "sms", "opted_out_channels": ["email"],
                                      "line_user_id": LINE_USER, "email": ""})
    assert response.status_code == 302
    [pref] = reload(ContactPreference, tenant.id)
    assert pref.channel_order[0] == "sms" and pref.opted_out_channels == ["email"]
    assert pref.line_user_id == LINE_USER and not pref.opted_out_all
    bad = client.post(url, data={"first_channel": "sms", "line_user_id": "nope"})
    assert bad.status_code == 200 and "U followed by 32" in bad.get_data(as_text=True)


def test_contact_page_needs_registry_edit(client, tenant, person, make_member, make_tenant):
    url = f"/t/{tenant.slug}/notifications/people/{person.id}/contact"
    assert client.login(make_member(tenant, "volunteer")).get(url).status_code == 403
    other = make_tenant()
    staff_elsewhere = make_member(other, "staff")
    assert client.login(staff_elsewhere).get(f"/t/{other.slug}/notifications/people/{person.id}/contact").status_code == 404
