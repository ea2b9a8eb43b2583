"""Guessing passwords: one address guessing is locked, many addresses guessing
one account are slowed, and nobody can lock the owner out from elsewhere."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.auth import rules
from core.auth.models import AuthFailure
from core.db import utcnow
from core.tenancy.context import tenant_context

WRONG = "wrong password"
LOCKED = "ถูกระงับ"  # "suspended": the lock message, with until when
INVALID = "เบอร์โทรศัพท์ อีเมล หรือรหัสผ่านไม่ถูกต้อง"
WAIT = "กรุณารอ"  # "please wait": the account's growing delay


def at(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


@pytest.fixture
def attempt(make_client, log_in):
    """One log-in from ``address`` by a fresh browser (no cookies kept)."""

    def go(login, password, address):
        response = log_in(make_client(), login, password, **at(address))
        return response.status_code, response.get_data(as_text=True)

    return go


def rows(ctx, kind):
    ctx.expire_all()
    return ctx.scalars(sa.select(AuthFailure).where(AuthFailure.kind == kind)).all()


def account_row(ctx) -> AuthFailure:
    (row,) = rows(ctx, "login_account")
    return row


def test_one_address_guessing_is_locked_there_and_only_there(make_user, attempt, ctx):
    make_user(email="owner@example.org")
    for _ in range(4):
        status, html = attempt("owner@example.org", WRONG, "203.0.113.1")
        assert status == 422 and INVALID in html
    status, html = attempt("owner@example.org", WRONG, "203.0.113.1")
    assert status == 429 and LOCKED in html
    # from the guessing address even the right password is refused, unchecked
    status, html = attempt("owner@example.org", "correct horse 1", "203.0.113.1")
    assert status == 429 and LOCKED in html
    # the owner at their own address is not locked out
    status, _html = attempt("owner@example.org", "correct horse 1", "198.51.100.5")
    assert status == 302


def test_the_lock_message_shows_bangkok_time(make_user, attempt, ctx):
    from core.i18n.formatting import local

    make_user(email="t@example.org")
    for _ in range(5):
        _status, html = attempt("t@example.org", WRONG, "203.0.113.1")
    (pair,) = rows(ctx, "login")
    assert f"{local(pair.locked_until):%H:%M}" in html


def test_a_lock_runs_out_and_a_failure_after_it_starts_a_new_count(make_user, attempt, ctx):
    make_user(email="c@example.org")
    for _ in range(5):
        attempt("c@example.org", WRONG, "203.0.113.1")
    (pair,) = rows(ctx, "login")
    pair.locked_until = utcnow() - timedelta(seconds=1)  # the lock's time is up
    ctx.commit()
    status, _html = attempt("c@example.org", WRONG, "203.0.113.1")
    assert status == 422
    (pair,) = rows(ctx, "login")
    assert pair.failures == 1 and pair.locked_until is None
    # and the right password from there now works, clearing the count
    assert attempt("c@example.org", "correct horse 1", "203.0.113.1")[0] == 302
    assert rows(ctx, "login") == []


def test_attackers_at_ten_addresses_cannot_lock_out_the_owner(
    make_client, make_user, log_in, attempt, ctx
):
    make_user(email="signatory@example.org")
    home = "198.51.100.5"
    assert attempt("signatory@example.org", "correct horse 1", home)[0] == 302  # an earlier day
    for n in range(10):
        for _ in range(5):
            attempt("signatory@example.org", WRONG, f"203.0.113.{n + 1}")
    assert any(rules.is_locked(r.locked_until, utcnow()) for r in rows(ctx, "login"))
    row = account_row(ctx)
    assert row.locked_until is not None  # the account is being slowed down
    row.locked_until = utcnow() + timedelta(minutes=5)  # and the attack goes on
    ctx.commit()
    # payout day: the owner at home logs in at once
    owner = make_client()
    response = log_in(owner, "signatory@example.org", **at(home))
    assert response.status_code == 302
    assert owner.get("/me/tenants", **at(home)).status_code == 200


def test_the_owner_at_a_new_address_waits_at_most_the_delay_never_a_lock(
    make_user, attempt, ctx, app
):
    make_user(email="away@example.org")
    for n in range(12):
        attempt("away@example.org", WRONG, f"203.0.113.{n + 1}")
    row = account_row(ctx)
    cap = timedelta(seconds=app.config["LOGIN_THROTTLE_MAX_SECONDS"])
    assert timedelta(0) < row.locked_until - row.last_failed_at <= cap
    row.locked_until = utcnow() + timedelta(seconds=30)  # the owner comes during a wait
    ctx.commit()
    status, html = attempt("away@example.org", "correct horse 1", "192.0.2.50")
    assert status == 429 and WAIT in html
    row = account_row(ctx)
    row.locked_until = utcnow() - timedelta(seconds=1)  # the wait is over
    ctx.commit()
    assert attempt("away@example.org", "correct horse 1", "192.0.2.50")[0] == 302


def test_many_addresses_guessing_one_account_are_slowed_more_and_more(
    make_user, attempt, ctx, app
):
    make_user(email="target@example.org")
    after = app.config["LOGIN_THROTTLE_AFTER"]
    for n in range(after):  # one guess from each of many addresses: no lock anywhere
        status, html = attempt("target@example.org", WRONG, f"203.0.113.{n + 1}")
        assert status == 422 and INVALID in html
    assert account_row(ctx).locked_until is None
    delays = []
    for n in range(4):
        status, _html = attempt("target@example.org", WRONG, f"198.51.100.{n + 1}")
        assert status == 422  # checked, wrong, and the account now waits
        row = account_row(ctx)
        delays.append(row.locked_until - row.last_failed_at)
        row.locked_until = utcnow() - timedelta(seconds=1)  # let the wait pass
        ctx.commit()
    assert delays == [timedelta(seconds=s) for s in (2, 4, 8, 16)]
    row = account_row(ctx)
    row.locked_until = utcnow() + timedelta(seconds=30)  # a wait, caught in the middle
    ctx.commit()
    for n in range(5):  # guesses from yet more addresses are not even checked
        status, html = attempt("target@example.org", "correct horse 1", f"192.0.2.{n + 1}")
        assert status == 429 and WAIT in html
    assert account_row(ctx).failures == after + 4  # nor counted


def test_the_delay_grows_to_its_cap_and_no_further():
    assert rules.throttle_delay(10, 10, 300) is None
    assert rules.throttle_delay(11, 10, 300) == timedelta(seconds=2)
    assert rules.throttle_delay(18, 10, 300) == timedelta(seconds=256)
    assert rules.throttle_delay(19, 10, 300) == timedelta(seconds=300)
    assert rules.throttle_delay(10_000, 10, 300) == timedelta(seconds=300)


def test_an_unknown_account_is_locked_and_slowed_like_a_real_one(make_user, attempt):
    make_user(email="real@example.org")
    answers = {}
    for login in ("real@example.org", "ghost@example.org"):
        answers[login] = [attempt(login, WRONG, "203.0.113.1")[0] for _ in range(6)]
    assert answers["real@example.org"] == answers["ghost@example.org"] == [422] * 4 + [429] * 2


def test_a_flood_from_one_address_never_fails(make_user, attempt):
    make_user(email="flood@example.org")
    statuses = {attempt("flood@example.org", WRONG * 50, "203.0.113.9")[0] for _ in range(20)}
    assert statuses <= {422, 429}


def test_failed_log_ins_are_audited_in_the_persons_organisations_masked(
    make_tenant, make_member, attempt, ctx
):
    one, two = make_tenant(slug="one"), make_tenant(slug="two")
    user = make_member(one, "staff", email="somsri@example.org")
    make_member(two, "household", user=user)
    attempt("Somsri@Example.org", "secret guess 1", "203.0.113.1")
    for tenant in (one, two):
        with tenant_context(tenant.id):
            events = ctx.scalars(
                sa.select(AuditEvent).where(AuditEvent.action == "auth.login.failed")
            ).all()
        assert len(events) == 1, tenant.slug
        (event,) = events
        assert event.target_id == user.id and event.actor_user_id is None
        assert event.ip == "203.0.113.1"
        assert event.after == {"login": "s•••@example.org"}
        assert "secret guess" not in str(event.after)


def test_the_refusals_speak_the_visitors_language(make_client, make_user, log_in, ctx):
    make_user(email="en@example.org")
    browser = make_client()
    browser.post("/lang/en", data={"next": "/login"})
    for _ in range(5):
        html = log_in(browser, "en@example.org", WRONG).get_data(as_text=True)
    assert "Log-in to this account from this device is suspended until" in html
    for n in range(12):
        log_in(make_client(), "en@example.org", WRONG, environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
    row = account_row(ctx)
    row.locked_until = utcnow() + timedelta(seconds=30)  # caught during a wait
    ctx.commit()
    response = log_in(browser, "en@example.org", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 429
    assert "Please wait" in response.get_data(as_text=True)
