"""A network's admins see aggregate counts of their member tenants, never
their members' personal data."""

from __future__ import annotations


def test_network_admin_sees_counts_of_member_councils(client, make_tenant, make_member, make_household):
    network = make_tenant(slug="net", kind="network")
    council = make_tenant(slug="c1", kind="council", parent_id=network.id)
    other = make_tenant(slug="elsewhere", kind="council")
    for _ in range(3):
        make_household(council, members=2)
    make_household(other, members=5)
    admin = make_member(network, "admin")
    client.login(admin)

    page = client.get("/t/net/network")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert ">3<" in html and ">6<" in html  # households, people of c1
    assert ">5<" not in html  # a tenant outside the network is not counted
    assert "สมชาย" not in html  # no person's name on the aggregate page


def test_network_admin_cannot_open_a_member_councils_records(client, make_tenant, make_member, make_household):
    network = make_tenant(slug="net", kind="network")
    council = make_tenant(slug="c1", kind="council", parent_id=network.id)
    make_household(council)
    admin = make_member(network, "admin")
    client.login(admin)
    assert client.get("/t/c1/network").status_code == 403


def test_network_page_needs_a_role(client, make_tenant, make_member):
    network = make_tenant(slug="net", kind="network")
    volunteer = make_member(network, "volunteer")
    client.login(volunteer)
    assert client.get("/t/net/network").status_code == 403


def test_anonymous_is_sent_to_log_in(client, make_tenant):
    make_tenant(slug="net", kind="network")
    response = client.get("/t/net/network")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
