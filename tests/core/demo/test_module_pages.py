"""The market, welfare and producers landing pages on the demo organisations:
listed on the right kinds of tenant, translated, and showing live counts."""

from __future__ import annotations

import pytest

from core.db import db
from core.demo.load import load

pytestmark = pytest.mark.shared_data  # the full demo loads once for the module (read-only tests)


@pytest.fixture(scope="module")
def demo(app, shared_rows):
    with app.app_context():
        load()
        db.session.commit()
        db.session.remove()


def test_council_landing_lists_all_three_modules(client, demo):
    html = client.get("/t/khok-sai/").get_data(as_text=True)
    for path in ("/t/khok-sai/market/", "/t/khok-sai/welfare/", "/t/khok-sai/producers/"):
        assert f'href="{path}"' in html or f'href="http://pansuk.test{path}"' in html
    assert "ศูนย์สินค้าราคาต่ำ" in html


@pytest.mark.parametrize(
    ("slug", "shown", "hidden"),
    [
        ("songkhla-pgs", ["producers"], ["market", "welfare"]),
        ("songkhla-foundation", ["welfare"], ["market", "producers"]),
        ("songkhla-kao-seng", ["market", "welfare"], ["producers"]),
        ("phatthalung-network", ["market", "welfare"], ["producers"]),
    ],
)
def test_modules_follow_the_kind_of_organisation(client, demo, slug, shown, hidden):
    html = client.get(f"/t/{slug}/").get_data(as_text=True)
    for key in shown:
        assert f"/t/{slug}/{key}/" in html
    for key in hidden:
        assert f"/t/{slug}/{key}/" not in html


def test_market_page_counts_the_council_households(client, demo):
    html = client.get("/t/khok-sai/market/").get_data(as_text=True)
    assert "650 ครัวเรือน ใน 13 หมู่บ้าน" in html
    english = client.get("/t/khok-sai/market/?lang=en").get_data(as_text=True)
    assert "650 households in 13 villages" in english
    assert "queue card" in english


def test_market_page_of_a_network_shows_no_registry_of_its_own(client, demo):
    html = client.get("/t/phatthalung-network/market/?lang=en").get_data(as_text=True)
    assert "Member councils" in html
    assert 'data-test="reach"' not in html


def test_welfare_page_counts_signatories(client, demo):
    html = client.get("/t/khok-sai/welfare/").get_data(as_text=True)
    assert "ผู้มีอำนาจลงนาม: 3 คน" in html  # the welfare demo appoints two more
    assert "2 ใน 3" in html
    english = client.get("/t/khok-sai/welfare/?lang=en").get_data(as_text=True)
    assert "Enough signatories for 2-of-3 approvals." in english


def test_producers_page_counts_producers_and_inspectors(client, demo):
    html = client.get("/t/khok-sai/producers/?lang=en").get_data(as_text=True)
    assert "Producers: 1" in html and "Inspectors: 1" in html
    network = client.get("/t/songkhla-pgs/producers/").get_data(as_text=True)
    assert "ผู้ผลิต: 1 ราย" in network and "ผู้ตรวจแปลง: 4 คน" in network  # the PGS demo's people


def test_module_pages_of_an_unknown_tenant_are_404(client):
    for key in ("market", "welfare", "producers"):
        assert client.get(f"/t/nowhere/{key}/").status_code == 404
