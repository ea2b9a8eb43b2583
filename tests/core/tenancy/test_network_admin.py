"""A network's administrator sees its member organisations, adds one, names
its administrator; a member leaves. Each test also tries it as someone who
must be refused: a council's administrator, another network's."""

import re

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.auth.models import PasswordCode, User
from core.tenancy.models import Membership, Tenant

CODE = re.compile(r'data-test="code">([A-Z0-9]{4}-[A-Z0-9]{4})<')


@pytest.fixture
def network(make_tenant, make_member):
    """A network with one council; the network's admin and the council's."""
    net = make_tenant(slug="net", kind="network")
    council = make_tenant(slug="c1", kind="council", parent_id=net.id)
    net_admin = make_member(net, "admin", email="net@example.org")
    council_admin = make_member(council, "admin", email="c1@example.org")
    return net, council, net_admin, council_admin


def admins_of(owner_rows, tenant):
    rows = owner_rows(sa.select(Membership.user_id, Membership.roles).where(
        Membership.tenant_id == tenant.id, Membership.active.is_(True)))
    return sorted(r.user_id for r in rows if "admin" in r.roles)


def test_the_network_admin_sees_its_councils_and_their_admins(client, network):
    net, council, net_admin, council_admin = network
    client.login(net_admin)
    html = client.get("/t/net/network/members").get_data(as_text=True)
    assert council.name_th in html and council_admin.display_name in html
    assert "/t/net/network/members" in client.get("/t/net/").get_data(as_text=True)  # a card on the landing page


def test_the_network_admin_adds_a_council_with_a_new_administrator(client, make_client, network, owner_rows):
    net, _council, net_admin, _ = network
    client.login(net_admin)
    response = client.post("/t/net/network/members", data={
        "slug": "c2", "name_th": "สภาองค์กรชุมชนตำบลสอง", "name_en": "", "kind": "council",
        "admin_login": "0812223333", "admin_name": "สมศรี",
    })
    assert response.status_code == 200
    code = CODE.search(response.get_data(as_text=True)).group(1)
    (c2,) = owner_rows(sa.select(Tenant).where(Tenant.slug == "c2"))
    assert c2.parent_id == net.id
    (new_admin,) = owner_rows(sa.select(User).where(User.phone == "+66812223333"))
    assert admins_of(owner_rows, c2) == [new_admin.id] and new_admin.password_hash is None
    person = make_client()
    assert person.post("/password/reset", data={"login": "0812223333", "code": code,
                                                 "password": "council pw 1", "confirm": "council pw 1"}).status_code == 302
    assert person.post("/login", data={"login": "0812223333", "password": "council pw 1"}).status_code == 302
    assert person.get("/t/c2/members").status_code == 200
    actions = {(e.tenant_id, e.action) for e in owner_rows(sa.select(AuditEvent))}
    assert {(net.id, "tenancy.network.member_add"), (c2.id, "tenancy.network.member_add"),
            (c2.id, "tenancy.network.admin_named"), (c2.id, "membership.grant")} <= actions


def test_the_network_admin_names_an_existing_account_admin_of_a_council(client, network, make_user, owner_rows):
    net, council, net_admin, council_admin = network
    someone = make_user(email="someone@example.org")
    client.login(net_admin)
    response = client.post("/t/net/network/members/c1/admin",
                           data={f"o{council.id}-admin_login": "someone@example.org"})
    assert response.status_code == 302
    assert admins_of(owner_rows, council) == sorted([council_admin.id, someone.id])
    assert owner_rows(sa.select(PasswordCode)) == []  # an existing account keeps its password


def test_the_network_admin_manages_members_of_a_council_it_contains(client, network, make_user, owner_rows):
    net, council, net_admin, _ = network
    make_user(email="staff@example.org")
    client.login(net_admin)
    assert client.get("/t/c1/members").status_code == 200  # was 403
    response = client.post("/t/c1/members", data={"login": "staff@example.org", "roles": ["admin"]})
    assert response.status_code == 302
    assert len(admins_of(owner_rows, council)) == 2
    assert client.get("/t/c1/ledger/").status_code == 403  # the council's money stays its own


def test_a_council_admin_cannot_add_councils_to_the_network(client, network, owner_rows):
    _net, _council, _net_admin, council_admin = network
    client.login(council_admin)
    assert client.get("/t/net/network/members").status_code == 403
    response = client.post("/t/net/network/members", data={"slug": "c9", "name_th": "เก้า", "kind": "council"})
    assert response.status_code == 403
    assert owner_rows(sa.select(Tenant).where(Tenant.slug == "c9")) == []


def test_another_networks_admin_cannot_touch_them(client, network, make_tenant, make_member, make_user, owner_rows):
    _net, council, _net_admin, council_admin = network
    other = make_tenant(slug="other-net", kind="network")
    intruder = make_member(other, "admin")
    make_user(email="mole@example.org")
    client.login(intruder)
    assert client.get("/t/net/network/members").status_code == 403
    assert client.get("/t/c1/members").status_code == 403
    # through their own network's page, naming a council that is not theirs
    response = client.post("/t/other-net/network/members/c1/admin",
                           data={f"o{council.id}-admin_login": "mole@example.org"})
    assert response.status_code == 404
    assert admins_of(owner_rows, council) == [council_admin.id]


def test_a_network_admin_whose_network_is_switched_off_has_no_say(client, network, owner_engine):
    net, _council, net_admin, _ = network
    with owner_engine.begin() as conn:
        conn.execute(sa.update(Tenant).where(Tenant.id == net.id).values(active=False))
    client.login(net_admin)
    assert client.get("/t/c1/members").status_code == 403


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_written(client, network, owner_rows):
    net, council, net_admin, council_admin = network
    client.login(net_admin)
    taken = client.post("/t/net/network/members", data={"slug": "c1", "name_th": "ซ้ำ", "kind": "council"})
    assert taken.status_code == 422 and "has-error" in taken.get_data(as_text=True)
    bad_login = client.post("/t/net/network/members", data={
        "slug": "c3", "name_th": "สาม", "kind": "council", "admin_login": "not a phone"})
    assert bad_login.status_code == 422
    assert owner_rows(sa.select(Tenant).where(Tenant.slug == "c3")) == []  # nothing half-made
    no_name = client.post("/t/net/network/members/c1/admin",
                          data={f"o{council.id}-admin_login": "new@example.org"})
    assert no_name.status_code == 422 and "ชื่อ" in no_name.get_data(as_text=True)
    assert owner_rows(sa.select(User).where(User.email == "new@example.org")) == []
    assert admins_of(owner_rows, council) == [council_admin.id]


def test_a_council_leaves_its_network_with_the_consequences_stated(client, make_client, network, owner_rows):
    net, council, net_admin, council_admin = network
    client.login(council_admin)
    page = client.get("/t/c1/settings/network").get_data(as_text=True)
    assert net.name_th in page and 'data-test="consequences"' in page
    unconfirmed = client.post("/t/c1/settings/network", data={})
    assert unconfirmed.status_code == 422
    assert owner_rows(sa.select(Tenant.parent_id).where(Tenant.id == council.id))[0].parent_id == net.id
    assert client.post("/t/c1/settings/network", data={"confirm": "y"}).status_code == 302
    assert owner_rows(sa.select(Tenant.parent_id).where(Tenant.id == council.id))[0].parent_id is None
    actions = {(e.tenant_id, e.action) for e in owner_rows(sa.select(AuditEvent))}
    assert {(net.id, "tenancy.network.leave"), (council.id, "tenancy.network.leave")} <= actions
    network_browser = make_client().login(net_admin)
    assert network_browser.get("/t/c1/members").status_code == 403  # no longer the network's to manage
    assert council.name_th not in network_browser.get("/t/net/network/members").get_data(as_text=True)


def test_only_the_councils_own_admin_may_take_it_out(client, network, owner_rows):
    net, council, net_admin, _ = network
    client.login(net_admin)  # the network's admin manages members, not the council's settings
    assert client.post("/t/c1/settings/network", data={"confirm": "y"}).status_code == 403
    assert owner_rows(sa.select(Tenant.parent_id).where(Tenant.id == council.id))[0].parent_id == net.id
