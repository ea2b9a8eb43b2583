"""The market, welfare and producers landing pages on the demo organisations:
listed on the right kinds of tenant, translated, and showing live counts."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.auth.models import User
from core.db import db
from core.demo.load import load
from core.ledger import queries
from core.tenancy.context import tenant_context
from core.tenancy.models import Membership, Tenant

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
    assert "Producers: 1" in html and "Inspectors: 2" in html  # a team of two for Khok Sai's inspection
    network = client.get("/t/songkhla-pgs/producers/").get_data(as_text=True)
    assert "ผู้ผลิต: 6 ราย" in network and "ผู้ตรวจแปลง: 4 คน" in network  # the PGS demo's log-ins


def test_module_pages_of_an_unknown_tenant_are_404(client):
    for key in ("market", "welfare", "producers"):
        assert client.get(f"/t/nowhere/{key}/").status_code == 404


def test_every_book_of_every_demo_organisation_balances(client, demo, ctx):
    """The demo posts donations (cash in the general book, income in the
    market book), loans and repayments (general and fund books), sales,
    coupons and stock: each book balances on its own, on the page too."""
    checked = 0
    for tenant in db.session.scalars(sa.select(Tenant)).all():
        with tenant_context(tenant.id):
            for book in queries.books():
                trial = queries.trial_balance(book)
                assert trial.balanced and trial.unlinked_entries == 0, (tenant.slug, book)
                checked += 1
            assert queries.verify_balances() == []
    assert checked >= 3
    khok_sai = db.session.scalar(sa.select(Tenant).where(Tenant.slug == "khok-sai"))
    with tenant_context(khok_sai.id):  # memberships are read bound to their organisation
        auditor = next(
            db.session.get(User, m.user_id)
            for m in db.session.scalars(sa.select(Membership).where(Membership.tenant_id == khok_sai.id))
            if m.has_role("auditor")
        )
    client.login(auditor)
    html = client.get("/t/khok-sai/ledger/").get_data(as_text=True)
    assert 'data-test="book-general"' in html and 'data-test="book-market"' in html
    assert "ไม่สมดุล" not in html
