"""Assisted use: one-time codes to claim an account."""

import re
from datetime import timedelta

import sqlalchemy as sa

from core.auth.models import ClaimInvite, User
from core.db import utcnow
from core.registry.models import Person
from core.tenancy.context import tenant_context
from core.tenancy.models import Membership
from tests.race import browsers, together

CODE = re.compile(r'data-test="claim-code">([A-Z0-9]{4}-[A-Z0-9]{4})<')


def create_code(client, person) -> str:
    response = client.post(f"/t/{client.slug}/members/invite/{person.id}")
    assert response.status_code == 200, response.status_code
    return CODE.search(response.get_data(as_text=True)).group(1)


def staff_client(client, make_tenant, make_member, slug="t1"):
    tenant = make_tenant(slug=slug)
    client.login(make_member(tenant, "staff"))
    client.slug = slug
    return tenant


def claim(client, code, login="0899999999", password="claimed pw 1", **kw):
    return client.post(
        "/claim",
        data={
            "code": code,
            "login": login,
            "password": password,
            "confirm": password,
            "display_name": "",
        },
        **kw,
    )


def test_staff_create_a_code_and_the_person_claims_it(
    client, make_client, make_tenant, make_member, make_person, ctx, owner_rows):
    tenant = staff_client(client, make_tenant, make_member)
    person = make_person(tenant, first_name_th="มาลี", last_name_th="ดีใจ")
    page = client.post(f"/t/t1/members/invite/{person.id}").get_data(as_text=True)
    code = CODE.search(page).group(1)
    assert "มาลี" in page and "/claim" in page
    assert person.national_id not in page  # the printed page has no ID number
    (invite,) = owner_rows(sa.select(ClaimInvite))
    assert code.replace("-", "") not in invite.code_hash  # stored hashed only
    visitor = make_client()
    response = claim(visitor, code.lower())  # typed in lower case, dash kept
    assert response.status_code == 302
    user = ctx.scalar(sa.select(User).where(User.phone == "+66899999999"))
    assert user.display_name == "มาลี ดีใจ"
    with tenant_context(tenant.id):
        ctx.expire_all()
        assert ctx.get(Person, person.id).user_id == user.id
    with tenant_context(tenant.id):
        roles = ctx.scalar(sa.select(Membership.roles).filter_by(user_id=user.id, tenant_id=tenant.id))
    assert roles == ["household"]
    assert visitor.get("/me/tenants").status_code == 200  # logged in


def test_a_code_works_once(client, make_client, make_tenant, make_member, make_person, ctx):
    tenant = staff_client(client, make_tenant, make_member)
    code = create_code(client, make_person(tenant))
    assert claim(make_client(), code).status_code == 302
    response = claim(make_client(), code, login="0811111111")
    assert response.status_code == 422
    assert "รหัสนี้ถูกใช้ไปแล้ว" in response.get_data(as_text=True)
    assert (
        ctx.scalar(sa.select(sa.func.count()).select_from(User).where(User.phone == "+66811111111"))
        == 0
    )


def test_an_expired_code_is_refused(
    client, make_client, make_tenant, make_member, make_person, ctx
):
    tenant = staff_client(client, make_tenant, make_member)
    code = create_code(client, make_person(tenant))
    with tenant_context(tenant.id):
        ctx.execute(sa.update(ClaimInvite).values(expires_at=utcnow() - timedelta(minutes=1)))
        ctx.commit()
    response = claim(make_client(), code)
    assert response.status_code == 422
    assert "รหัสนี้หมดอายุแล้ว" in response.get_data(as_text=True)
    assert ctx.scalar(sa.select(sa.func.count()).select_from(User)) == 1  # only the staff member


def test_a_new_code_cancels_the_earlier_one(
    client, make_client, make_tenant, make_member, make_person
):
    tenant = staff_client(client, make_tenant, make_member)
    person = make_person(tenant)
    first = create_code(client, person)
    second = create_code(client, person)
    assert "รหัสนี้หมดอายุแล้ว" in claim(make_client(), first).get_data(as_text=True)
    assert claim(make_client(), second).status_code == 302


def test_an_account_that_exists_is_refused_and_the_code_stays_usable(
    client, make_client, make_tenant, make_member, make_person, make_user
):
    tenant = staff_client(client, make_tenant, make_member)
    make_user(phone="+66899999999", email=None)
    code = create_code(client, make_person(tenant))
    response = claim(make_client(), code)
    assert response.status_code == 422
    assert "มีบัญชีที่ใช้เบอร์โทรศัพท์หรืออีเมลนี้อยู่แล้ว" in response.get_data(as_text=True)
    assert claim(make_client(), code, login="0822222222").status_code == 302  # rolled back


def test_wrong_codes_are_counted_per_address_on_the_server(
    client, make_client, make_tenant, make_member, make_person, ctx
):
    """A guesser who drops cookies (a new client for every try) is counted all
    the same: the count is kept per address on the server."""
    tenant = staff_client(client, make_tenant, make_member)
    code = create_code(client, make_person(tenant))
    guesser = {"REMOTE_ADDR": "203.0.113.7"}
    for _ in range(9):
        response = claim(make_client(), "ZZZZ-ZZZZ", environ_base=guesser)
        assert "รหัสไม่ถูกต้อง" in response.get_data(as_text=True)
    assert claim(make_client(), "ZZZZ-ZZZZ", environ_base=guesser).status_code == 422  # the tenth
    blocked = claim(make_client(), code, environ_base=guesser)  # even the right code, for a while
    assert blocked.status_code == 429
    assert "กรอกรหัสผิดหลายครั้งเกินไป" in blocked.get_data(as_text=True)
    assert ctx.scalar(sa.select(sa.func.count()).select_from(User).where(User.phone == "+66899999999")) == 0
    # another address is not blocked: the person the code belongs to gets in
    other = {"REMOTE_ADDR": "198.51.100.20"}
    assert claim(make_client(), code, environ_base=other).status_code == 302


def test_a_claim_block_ends_when_its_time_is_up(
    client, make_client, make_tenant, make_member, make_person, ctx
):
    from core.auth.models import AuthFailure

    tenant = staff_client(client, make_tenant, make_member)
    code = create_code(client, make_person(tenant))
    for _ in range(10):
        claim(make_client(), "ZZZZ-ZZZZ")
    assert claim(make_client(), code).status_code == 429
    row = ctx.scalar(sa.select(AuthFailure).where(AuthFailure.kind == "claim"))
    row.locked_until = utcnow() - timedelta(seconds=1)  # the clock moves past the block
    ctx.commit()
    assert claim(make_client(), code).status_code == 302


def test_invite_needs_permission_and_the_tenants_own_person(
    client, make_tenant, make_member, make_person
):
    tenant = make_tenant(slug="t1")
    other = make_tenant(slug="t2")
    client.login(make_member(tenant, "household"))
    person = make_person(tenant)
    assert client.post(f"/t/t1/members/invite/{person.id}").status_code == 403
    client.login(make_member(tenant, "staff"))
    foreign = make_person(other)
    assert client.get(f"/t/t1/members/invite/{foreign.id}").status_code == 404
    assert client.post(f"/t/t1/members/invite/{foreign.id}").status_code == 404


def test_two_parallel_claims_of_one_code_one_wins(
    postgres_only, client, make_client, make_tenant, make_member, make_person, ctx, owner_rows):
    tenant = staff_client(client, make_tenant, make_member)
    person = make_person(tenant)
    code = create_code(client, person)
    visitors = browsers(make_client, 2)
    statuses = together([
        lambda v=v, p=p: claim(v, code, login=p).status_code
        for v, p in zip(visitors, ["0811111111", "0822222222"], strict=True)
    ])
    assert sorted(statuses) == [302, 422]
    assert (
        ctx.scalar(sa.select(sa.func.count()).select_from(User).where(User.phone.is_not(None))) == 1
    )
    households = [m for m in owner_rows(sa.select(Membership)) if m.roles == ["household"]]
    assert len(households) == 1
