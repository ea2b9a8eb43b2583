"""The JSON API of lots, labels, QR codes, listings and reservations, with
the same permissions as the pages."""

from __future__ import annotations

from datetime import timedelta


def _base(net, part):
    return f"/api/v1/t/{net.tenant.slug}/producers/{part}"


def test_lots_api(net, client):
    client.login(net.producer)
    created = client.post(
        _base(net, "lots"),
        json={
            "plot_id": net.mine.plot.id,
            "crop": "ผักบุ้ง",
            "quantity_kg": "12.5",
            "harvested_on": net.today.isoformat(),
        },
    )
    assert created.status_code == 201, created.get_json()
    lot = created.get_json()
    assert (
        lot["quantity_kg"] == 12.5
        and lot["cert_number_at_harvest"] == "SK-A01"
        and "/q/" in lot["qr_url"]
    )
    assert client.get(_base(net, f"lots/{lot['id']}")).get_json()["number"] == lot["number"]
    assert [x["id"] for x in client.get(_base(net, "lots")).get_json()["items"]] == [lot["id"]]
    ok = client.post(_base(net, f"lots/{lot['id']}/labels"), json={"count": 12, "pack_kg": "1"})
    assert ok.status_code == 201 and ok.get_json()["count"] == 12
    capped = client.post(_base(net, f"lots/{lot['id']}/labels"), json={"count": 1, "pack_kg": "1"})
    assert capped.status_code == 409 and capped.get_json()["error"]["code"] == "label_cap_exceeded"
    before = client.post(
        _base(net, "lots"),
        json={
            "plot_id": net.mine.plot.id,
            "crop": "ผักบุ้ง",
            "quantity_kg": "1",
            "harvested_on": (net.mine.planting.planted_on - timedelta(days=1)).isoformat(),
        },
    )
    assert (
        before.status_code == 422
        and before.get_json()["error"]["code"] == "harvest_before_planting"
    )
    qr = client.get(_base(net, f"lots/plots/{net.mine.plot.id}/qr")).get_json()
    assert qr["url"].endswith("/q/" + qr["token"])
    assert client.get(_base(net, f"lots/plots/{net.theirs.plot.id}/qr")).status_code == 403


def test_lots_api_permissions(net, client, make_member):
    assert client.get(_base(net, "lots")).status_code == 401
    household = make_member(net.tenant, "household")
    client.login(household)
    assert client.get(_base(net, "lots")).status_code == 403
    assert (
        client.post(
            _base(net, "lots"),
            json={
                "plot_id": net.mine.plot.id,
                "quantity_kg": "1",
                "harvested_on": net.today.isoformat(),
            },
        ).status_code
        == 403
    )


def test_listings_and_reservations_api(net, client, make_member, make_client):
    producer = client.login(net.producer)
    created = producer.post(
        _base(net, "market/listings"),
        json={
            "plot_id": net.mine.plot.id,
            "crop": "ผักบุ้ง",
            "title": "ผักบุ้ง API",
            "price": 3500,
            "quantity": 4,
        },
    )
    assert created.status_code == 201, created.get_json()
    listing = created.get_json()
    assert listing["shown"] and listing["quantity_available"] == 4
    refused = producer.post(
        _base(net, "market/listings"),
        json={"plot_id": net.theirs.plot.id, "crop": "x", "price": 100, "quantity": 1},
    )
    assert refused.status_code == 403

    consumer = make_client().login(make_member(net.tenant, "household"))
    offers = consumer.get(_base(net, "market/catalogue")).get_json()["items"]
    assert [o["listing_id"] for o in offers] == [listing["id"]]
    reserved = consumer.post(
        _base(net, f"market/listings/{listing['id']}/reservations"),
        json={"quantity": 3, "pickup_on": (net.today + timedelta(days=1)).isoformat()},
    )
    assert reserved.status_code == 201, reserved.get_json()
    reservation = reserved.get_json()
    assert reservation["amount"] == 10500 and reservation["status"] == "pending"
    over = consumer.post(
        _base(net, f"market/listings/{listing['id']}/reservations"),
        json={"quantity": 2, "pickup_on": net.today.isoformat()},
    )
    assert over.status_code == 409
    assert (
        consumer.post(
            _base(net, f"market/reservations/{reservation['id']}/confirm"), json={}
        ).status_code
        == 403
    )

    mine = producer.get(_base(net, "market/reservations")).get_json()["items"]
    assert [r["id"] for r in mine] == [reservation["id"]]
    confirmed = producer.post(
        _base(net, f"market/reservations/{reservation['id']}/confirm"), json={}
    )
    assert confirmed.status_code == 200 and confirmed.get_json()["status"] == "confirmed"
    cancelled = producer.post(
        _base(net, f"market/reservations/{reservation['id']}/cancel"), json={"reason": "ฝนตก"}
    )
    assert cancelled.get_json()["status"] == "cancelled"
    assert (
        producer.get(_base(net, "market/listings")).get_json()["items"][0]["quantity_available"]
        == 4
    )


def test_openapi_lists_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    assert "/api/v1/t/{slug}/producers/lots" in paths
    assert "/api/v1/t/{slug}/producers/market/catalogue" in paths
