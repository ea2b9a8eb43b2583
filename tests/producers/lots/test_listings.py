"""Listings: only from currently certified plots or lots, in-conversion
labelled, hidden as soon as the certificate is suspended, revoked or expired;
the public catalogue searched by product, village and level."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.db import db
from core.errors import Forbidden, ValidationError
from core.tenancy.context import tenant_context
from tests.fields import error_at, no_error_at


def _catalogue(client, net, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return client.get(f"/t/{net.tenant.slug}/producers/catalogue?{query}").get_data(as_text=True)


def test_listing_from_a_certified_plot_is_on_the_catalogue(net, listing, client):
    row = listing(price="45.50", quantity=12, pickup_note="ศาลาหมู่บ้าน")
    assert (row.price, row.quantity_listed, row.quantity_available, row.unit) == (
        4550,
        12,
        12,
        "kg",
    )
    html = _catalogue(client, net)
    assert "ผักบุ้งอินทรีย์" in html and "฿45.50" in html and "ศาลาหมู่บ้าน" in html and "อินทรีย์" in html


def test_in_conversion_goods_are_labelled(net, listing, client):
    listing(plot=net.theirs.plot, title="มะเขือเปราะ", crop="มะเขือเปราะ")
    html = _catalogue(client, net)
    assert "มะเขือเปราะ" in html and "ระยะปรับเปลี่ยน" in html


@pytest.mark.parametrize("status", ["suspended", "revoked", "expired"])
def test_uncertified_plot_cannot_list(net, listing, status):
    from producers.listings.services import NotCertified

    extra = {"suspended_until": net.today + timedelta(days=9)} if status == "suspended" else {}
    net.set_status(net.mine.cert, status, **extra)
    with pytest.raises(NotCertified):
        listing()
    db.session.rollback()


@pytest.mark.parametrize("status", ["suspended", "revoked", "expired"])
def test_listing_disappears_when_the_certificate_stops(net, listing, client, status):
    listing()
    assert "ผักบุ้งอินทรีย์" in _catalogue(client, net)
    extra = {"suspended_until": net.today + timedelta(days=9)} if status == "suspended" else {}
    if status == "expired":  # by the dates alone, before any job marks it
        status, extra = (
            "active",
            {
                "valid_from": net.today - timedelta(days=400),
                "valid_until": net.today - timedelta(days=1),
            },
        )
    net.set_status(net.mine.cert, status, **extra)
    assert "ผักบุ้งอินทรีย์" not in _catalogue(client, net)
    api = client.get(f"/api/v1/t/{net.tenant.slug}/producers/market/catalogue").get_json()
    assert api["items"] == []


def test_catalogue_search_by_product_village_and_level(net, listing, client, make_village):
    listing()
    listing(plot=net.theirs.plot, title="มะเขือเปราะ", crop="มะเขือเปราะ")
    other_village = make_village(net.tenant, moo=9, name_th="บ้านอื่น")
    assert "มะเขือเปราะ" not in _catalogue(client, net, q="ผักบุ้ง")
    assert "ผักบุ้งอินทรีย์" in _catalogue(client, net, q="ผักบุ้ง")
    organic = _catalogue(client, net, level="organic")
    assert "ผักบุ้งอินทรีย์" in organic and "มะเขือเปราะ" not in organic
    conversion = _catalogue(client, net, level="in_conversion")
    assert "ผักบุ้งอินทรีย์" not in conversion and "มะเขือเปราะ" in conversion
    assert "ผักบุ้งอินทรีย์" in _catalogue(client, net, village=net.village.id)
    assert 'data-test="offer"' not in _catalogue(client, net, village=other_village.id)
    api = client.get(
        f"/api/v1/t/{net.tenant.slug}/producers/market/catalogue?level=in_conversion"
    ).get_json()
    assert [o["title"] for o in api["items"]] == ["มะเขือเปราะ"]
    assert api["items"][0]["level"] == "in_conversion"


def test_listing_bad_input(net, listing):
    for kw, field in (
        (dict(price="0"), "price"),
        (dict(price="abc"), "price"),
        (dict(quantity=0), "quantity"),
        (dict(quantity="x"), "quantity"),
        (dict(unit="ton"), "unit"),
        (dict(pickup=False, delivery=False), "pickup"),
    ):
        with pytest.raises(ValidationError) as exc:
            listing(**kw)
        assert exc.value.field == field
        db.session.rollback()


def test_a_producer_lists_only_their_own_plots(net, listing, client):
    with pytest.raises(Forbidden):
        listing(plot=net.theirs.plot, actor=net.producer)
    db.session.rollback()
    client.login(net.producer)
    response = client.post(
        f"/t/{net.tenant.slug}/producers/listings/new",
        data={
            "plot_id": net.mine.plot.id,
            "crop": "ผักบุ้ง",
            "title": "ผักบุ้งสด",
            "unit": "bunch",
            "price": "20",
            "quantity": "30",
            "pickup": "1",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/t/{net.tenant.slug}/producers/listings").get_data(as_text=True)
    assert "ผักบุ้งสด" in page
    refused = client.post(
        f"/t/{net.tenant.slug}/producers/listings/new",
        data={"plot_id": net.mine.plot.id, "crop": "ผักบุ้ง", "title": "ผักบุ้งสด", "unit": "bunch",
              "price": "ยี่สิบ", "quantity": "30", "pickup": "1"},
    )
    assert refused.status_code == 422
    assert error_at(refused.get_data(as_text=True), "price")  # said at the price box, aria-invalid
    no_error_at(refused.get_data(as_text=True), "quantity")
    assert (
        client.post(
            f"/t/{net.tenant.slug}/producers/listings/new",
            data={
                "plot_id": net.theirs.plot.id,
                "crop": "x",
                "price": "20",
                "quantity": "3",
                "pickup": "1",
            },
        ).status_code
        == 403
    )


def test_listing_from_a_lot_is_capped_by_the_lot(net, harvest, listing):
    lot = harvest(8)
    with pytest.raises(ValidationError):
        listing(lot_id=lot.id, quantity=9)
    db.session.rollback()
    row = listing(lot_id=lot.id, quantity=8)
    assert row.lot_id == lot.id and row.plot_id == net.mine.plot.id


def test_closed_listing_leaves_the_catalogue(net, listing, client):
    row = listing()
    client.login(net.admin)
    assert client.post(f"/t/{net.tenant.slug}/producers/listings/{row.id}/close").status_code == 302
    assert "ผักบุ้งอินทรีย์" not in _catalogue(client, net)
    with tenant_context(net.tenant.id):
        from producers.models.listings import Listing

        db.session.expire_all()
        assert db.session.get(Listing, row.id).status == "closed"
