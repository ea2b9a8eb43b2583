"""One-time password codes for people without email: staff issue one, the
person types it. Each test tries to break a rule: a second use, an expired
code, guessing, another person's code, staff of another organisation."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from core.audit.models import AuditEvent
from core.auth.models import PasswordCode, User, UserSession
from core.auth.rules import RESET_MAX_WRONG, RESET_MAX_WRONG_ADDRESS
from core.db import utcnow
from tests.race import browsers, together

CODE = re.compile(r'data-test="code">([A-Z0-9]{4}-[A-Z0-9]{4})<')
NEW = "brand new pw 9"


def issue(client, login, channel="print", slug="t1"):
    response = client.post(f"/t/{slug}/members/password-code", data={"login": login, "channel": channel})
    return response, (CODE.search(response.get_data(as_text=True)) or [None, None])[1]


def redeem(client, login, code, password=NEW, **kw):
    return client.post(
        "/password/reset",
        data={"login": login, "code": code, "password": password, "confirm": password},
        **kw,
    )


@pytest.fixture
def village(make_tenant, make_member):
    """An organisation with a staff member and a household member (phone only)."""
    tenant = make_tenant(slug="t1")
    staff = make_member(tenant, "staff")
    household = make_member(tenant, "household", phone="+66812345678", email=None)
    return tenant, staff, household


def password_of(ctx, user):
    ctx.expire_all()
    return ctx.get(User, user.id).password_hash


def test_staff_issue_a_code_and_the_member_sets_a_password_and_other_sessions_end(
        client, make_client, village, ctx, owner_rows, log_in):
    tenant, staff, household = village
    phone = make_client().login(household)  # logged in on their old phone
    assert phone.get("/me/tenants").status_code == 200
    client.login(staff)
    response, code = issue(client, "081-234-5678")
    assert response.status_code == 200 and code
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert household.display_name in html and "/password/reset" in html
    (row,) = owner_rows(sa.select(PasswordCode))
    assert code.replace("-", "") not in row.code_hash and row.issued_by_user_id == staff.id  # stored hashed

    visitor = make_client()
    assert redeem(visitor, "0812345678", code.lower()).status_code == 302  # typed in lower case
    assert check_password_hash(password_of(ctx, household), NEW)
    assert phone.get("/me/tenants").status_code == 302  # the old session has ended
    assert all(s.revoked_at is not None for s in owner_rows(sa.select(UserSession).where(
        UserSession.user_id == household.id)))
    assert log_in(visitor, "0812345678", NEW).status_code == 302
    actions = [e.action for e in owner_rows(sa.select(AuditEvent).where(AuditEvent.tenant_id == tenant.id))]
    assert "auth.password_code.issue" in actions and "auth.password.reset" in actions


def test_a_code_works_once(client, make_client, village, ctx):
    _tenant, staff, household = village
    client.login(staff)
    _, code = issue(client, "0812345678")
    visitor = make_client()
    assert redeem(visitor, "0812345678", code).status_code == 302
    again = redeem(visitor, "0812345678", code, password="another pw 77")
    assert again.status_code == 422 and "ถูกใช้ไปแล้ว" in again.get_data(as_text=True)
    assert check_password_hash(password_of(ctx, household), NEW)


def test_an_expired_code_is_refused(client, make_client, village, ctx, owner_engine):
    _tenant, staff, household = village
    before = password_of(ctx, household)
    client.login(staff)
    _, code = issue(client, "0812345678")
    with owner_engine.begin() as conn:
        conn.execute(sa.update(PasswordCode).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = redeem(make_client(), "0812345678", code)
    assert response.status_code == 422 and "หมดอายุ" in response.get_data(as_text=True)
    assert password_of(ctx, household) == before


def test_a_code_is_for_its_own_account_only(client, make_client, village, make_member, ctx):
    tenant, staff, household = village
    other = make_member(tenant, "household", phone="+66898765432", email=None)
    before = password_of(ctx, other)
    client.login(staff)
    _, code = issue(client, "0812345678")
    response = redeem(make_client(), "0898765432", code)  # someone else's account
    assert response.status_code == 422
    assert password_of(ctx, other) == before
    assert redeem(make_client(), "0812345678", code).status_code == 302  # still good for its owner


def test_guessing_withdraws_the_code_after_a_few_wrong_ones(client, make_client, village, ctx):
    _tenant, staff, household = village
    before = password_of(ctx, household)
    client.login(staff)
    _, code = issue(client, "0812345678")
    for n in range(RESET_MAX_WRONG):
        guesser = make_client()  # a new browser each time: counted on the server
        assert redeem(guesser, "0812345678", f"AAAA-{n:04d}").status_code == 422
    response = redeem(make_client(), "0812345678", code)  # the right code, too late
    assert response.status_code == 422
    assert password_of(ctx, household) == before


def test_guessing_from_one_address_is_blocked_for_every_account(client, make_client, village, ctx):
    _tenant, staff, household = village
    client.login(staff)
    _, code = issue(client, "0812345678")
    guesser = make_client()
    for n in range(RESET_MAX_WRONG_ADDRESS):
        login = f"08{n:08d}"  # a different account each time
        redeem(guesser, login, "ZZZZ-ZZZZ")
    response = redeem(guesser, "0812345678", code)
    assert response.status_code == 429
    assert not check_password_hash(password_of(ctx, household), NEW)


def test_the_page_is_rate_limited(make_client, village, limits_on):
    guesser = make_client()
    statuses = [redeem(guesser, "0812345678", "ZZZZ-ZZZZ").status_code for _ in range(6)]
    assert statuses[-1] == 429 and 429 not in statuses[:5]


def test_two_people_typing_the_code_at_once_use_it_once(
        postgres_only, client, make_client, village, ctx, owner_rows):
    _tenant, staff, household = village
    client.login(staff)
    _, code = issue(client, "0812345678")
    people = browsers(make_client, 2)
    results = together([
        lambda c=c, n=n: redeem(c, "0812345678", code, password=f"racing pw {n}1").status_code
        for n, c in enumerate(people)
    ])
    assert sorted(results) == [302, 422]
    (row,) = owner_rows(sa.select(PasswordCode))
    assert row.used_at is not None


def test_a_new_code_withdraws_the_earlier_one(client, make_client, village):
    _tenant, staff, _household = village
    client.login(staff)
    _, first = issue(client, "0812345678")
    _, second = issue(client, "0812345678")
    assert redeem(make_client(), "0812345678", first).status_code == 422
    assert redeem(make_client(), "0812345678", second).status_code == 302


def test_staff_of_another_organisation_cannot_issue_a_code(client, village, make_tenant, make_member, owner_rows):
    other = make_tenant(slug="t2")
    client.login(make_member(other, "staff"))
    response, code = issue(client, "0812345678", slug="t2")  # in their own organisation
    assert response.status_code == 422 and code is None
    assert client.post("/t/t1/members/password-code",
                       data={"login": "0812345678", "channel": "print"}).status_code == 403
    assert owner_rows(sa.select(PasswordCode)) == []


def test_a_household_cannot_issue_codes(client, village, make_member, owner_rows):
    tenant, _staff, household = village
    client.login(make_member(tenant, "household"))
    response, _ = issue(client, "0812345678")
    assert response.status_code == 403 and owner_rows(sa.select(PasswordCode)) == []


def test_staff_cannot_issue_a_code_for_an_administrator(client, village, make_member, owner_rows):
    tenant, staff, _household = village
    make_member(tenant, "admin", email="boss@example.org")
    client.login(staff)
    response, code = issue(client, "boss@example.org")
    assert response.status_code == 422 or response.status_code == 403
    assert code is None and "ผู้ดูแลระบบเท่านั้น" in response.get_data(as_text=True)
    assert owner_rows(sa.select(PasswordCode)) == []


def test_no_code_for_a_member_who_also_works_elsewhere(client, village, make_tenant, make_member, owner_rows):
    tenant, staff, household = village
    elsewhere = make_tenant(slug="t2")
    admin = make_member(tenant, "admin")
    make_member(elsewhere, "household", user=household)
    client.login(admin)  # even an administrator of one of the two
    response, code = issue(client, "0812345678")
    assert code is None and "องค์กรอื่น" in response.get_data(as_text=True)
    assert owner_rows(sa.select(PasswordCode)) == []


def test_no_code_for_oneself(client, village, owner_rows):
    _tenant, staff, _household = village
    client.login(staff)
    response, code = issue(client, staff.email)
    assert response.status_code == 422 and code is None


def test_a_bad_new_password_spends_nothing(client, make_client, village, ctx):
    _tenant, staff, household = village
    client.login(staff)
    _, code = issue(client, "0812345678")
    visitor = make_client()
    response = redeem(visitor, "0812345678", code, password="short")
    assert response.status_code == 422 and "has-error" in response.get_data(as_text=True)
    assert redeem(visitor, "0812345678", code).status_code == 302


def test_the_reset_page_prefills_the_code_from_a_link(client):
    html = client.get("/password/reset?code=ABCD-2345").get_data(as_text=True)
    assert 'value="ABCD-2345"' in html


def test_sms_is_refused_where_no_gateway_is_set_up(client, village, owner_rows):
    _tenant, staff, _household = village
    client.login(staff)
    response, code = issue(client, "0812345678", channel="sms")
    assert response.status_code == 422 and code is None
    assert owner_rows(sa.select(PasswordCode)) == []
