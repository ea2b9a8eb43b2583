"""The "forgot password" page: a code by email or SMS where the server has
that provider, the same answer whether or not the account exists, a few
sends an hour at most; and staff sending a member's code by SMS."""

import re

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from core.auth.models import PasswordCode, User
from core.auth.rules import RESET_SENDS_PER_HOUR, RESET_VALID_MINUTES_SENT
from core.notifications import channels
from tests.core.notifications.fake_provider import FakeProvider

SENT_CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")


@pytest.fixture(autouse=True)
def outbox():
    channels.memory.sent.clear()
    yield channels.memory
    channels.memory.sent.clear()


@pytest.fixture
def sms_gateway(app, monkeypatch):
    """The server's own SMS gateway: a fake provider on 127.0.0.1."""
    fake = FakeProvider().start()
    monkeypatch.setitem(app.config, "SMS_GATEWAY_URL", fake.url)
    yield fake
    fake.stop()


def ask(client, login):
    return client.post("/password/forgot", data={"login": login})


def set_password(client, login, code, password="remembered 42"):
    return client.post("/password/reset", data={"login": login, "code": code, "password": password,
                                                "confirm": password})


def test_a_code_by_email_sets_a_new_password(client, make_user, outbox, ctx, owner_rows):
    user = make_user(email="somchai@example.org", password="forgotten 1")
    response = ask(client, "Somchai@Example.org")
    assert response.status_code == 302 and "/password/reset" in response.headers["Location"]
    (sent,) = outbox.sent
    assert sent.address == "somchai@example.org" and "/password/reset" in sent.body
    code = SENT_CODE.search(sent.body).group(1)
    (row,) = owner_rows(sa.select(PasswordCode))
    assert row.channel == "email" and code.replace("-", "") not in row.code_hash
    assert (row.expires_at - row.created_at).total_seconds() == RESET_VALID_MINUTES_SENT * 60
    assert set_password(client, "somchai@example.org", code).status_code == 302
    ctx.expire_all()
    assert check_password_hash(ctx.get(User, user.id).password_hash, "remembered 42")


def test_the_answer_is_the_same_for_an_unknown_account(client, make_user, outbox, owner_rows):
    make_user(email="somchai@example.org")
    known = ask(client, "somchai@example.org")
    unknown = ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert len(outbox.sent) == 1 and len(owner_rows(sa.select(PasswordCode))) == 1


def test_a_few_codes_an_hour_at_most(make_client, make_user, outbox):
    make_user(email="somchai@example.org")
    for _ in range(RESET_SENDS_PER_HOUR + 2):
        assert ask(make_client(), "somchai@example.org").status_code == 302  # new browsers, same answer
    assert len(outbox.sent) == RESET_SENDS_PER_HOUR


def test_a_deactivated_account_gets_nothing(client, make_user, outbox):
    make_user(email="gone@example.org", active=False)
    assert ask(client, "gone@example.org").status_code == 302
    assert outbox.sent == []


def test_the_page_is_rate_limited(make_client, limits_on):
    guesser = make_client()
    statuses = [ask(guesser, f"n{n}@example.org").status_code for n in range(4)]
    assert statuses[:3] == [302, 302, 302] and statuses[3] == 429


def test_a_phone_without_an_sms_gateway_is_told_to_ask_staff(client, make_user, outbox, owner_rows):
    make_user(phone="+66812345678", email=None)
    response = ask(client, "0812345678")
    assert response.status_code == 422 and "เจ้าหน้าที่" in response.get_data(as_text=True)
    assert owner_rows(sa.select(PasswordCode)) == [] and outbox.sent == []


def test_a_code_by_sms_where_the_server_has_a_gateway(client, make_user, sms_gateway, ctx):
    user = make_user(phone="+66812345678", email=None)
    assert ask(client, "081-234-5678").status_code == 302
    (request,) = sms_gateway.requests
    assert request.json["to"] == "+66812345678"
    code = SENT_CODE.search(request.json["text"]).group(1)
    assert set_password(client, "0812345678", code).status_code == 302
    ctx.expire_all()
    assert check_password_hash(ctx.get(User, user.id).password_hash, "remembered 42")


def test_with_no_provider_the_page_only_sends_people_to_the_staff(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "NOTIFY_EMAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "MAIL_SERVER", None)
    html = client.get("/password/forgot").get_data(as_text=True)
    assert 'name="login"' not in html and 'data-test="ask-staff"' in html
    assert client.post("/password/forgot", data={"login": "a@example.org"}).status_code == 200


def test_staff_send_a_members_code_by_sms(client, make_tenant, make_member, sms_gateway, ctx):
    tenant = make_tenant(slug="t1")
    staff = make_member(tenant, "staff")
    household = make_member(tenant, "household", phone="+66812345678", email=None)
    client.login(staff)
    page = client.post("/t/t1/members/password-code", data={"login": "0812345678", "channel": "sms"})
    assert page.status_code == 200 and 'data-test="send-problem"' not in page.get_data(as_text=True)
    (request,) = sms_gateway.requests
    code = SENT_CODE.search(request.json["text"]).group(1)
    assert code in page.get_data(as_text=True)  # also shown, to read out if the SMS does not arrive
    assert set_password(client, "0812345678", code).status_code == 302
    ctx.expire_all()
    assert check_password_hash(ctx.get(User, household.id).password_hash, "remembered 42")


def test_a_gateway_that_fails_is_said_and_the_code_still_shown(client, make_tenant, make_member, sms_gateway):
    tenant = make_tenant(slug="t1")
    client.login(make_member(tenant, "staff"))
    make_member(tenant, "household", phone="+66812345678", email=None)
    sms_gateway.answers.append((500, "{}"))
    page = client.post("/t/t1/members/password-code", data={"login": "0812345678", "channel": "sms"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-test="send-problem"' in html and 'data-test="code"' in html


LINE_USER = "U" + "0123456789abcdef" * 2


def test_staff_send_a_members_code_by_line(app, client, make_tenant, make_member, make_person, ctx, monkeypatch):
    from core.db import db
    from core.notifications.models import ContactPreference
    from core.tenancy.context import tenant_context

    provider = FakeProvider().start()
    monkeypatch.setitem(app.config, "LINE_API_BASE", provider.url)
    try:
        tenant = make_tenant(slug="t1", settings={"line": {"channel_token": "line-token-abcd"}})
        staff = make_member(tenant, "staff")
        household = make_member(tenant, "household", phone="+66812345678", email=None)
        person = make_person(tenant, user_id=household.id)
        with tenant_context(tenant.id):
            db.session.add(ContactPreference(person_id=person.id, line_user_id=LINE_USER))
            db.session.commit()
        client.login(staff)
        page = client.post("/t/t1/members/password-code", data={"login": "0812345678", "channel": "line"})
        assert page.status_code == 200
        (request,) = provider.requests
        assert request.json["to"] == LINE_USER and request.headers["authorization"] == "Bearer line-token-abcd"
        code = SENT_CODE.search(request.json["messages"][0]["text"]).group(1)
        assert code in page.get_data(as_text=True)
    finally:
        provider.stop()


def test_line_is_refused_for_a_member_without_a_line_id(app, client, make_tenant, make_member, owner_rows):
    tenant = make_tenant(slug="t1", settings={"line": {"channel_token": "line-token-abcd"}})
    client.login(make_member(tenant, "staff"))
    make_member(tenant, "household", phone="+66812345678", email=None)
    page = client.post("/t/t1/members/password-code", data={"login": "0812345678", "channel": "line"})
    assert page.status_code == 422 and owner_rows(sa.select(PasswordCode)) == []
