"""Ledger pages: who may see and do what, field errors in the form, and that
nothing is posted when the form is wrong."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.ledger.models import JournalEntry
from core.tenancy.context import set_tenant
from tests.core.ledger.conftest import fund


def entry_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(JournalEntry.id)))


def login(client, user, books):
    """Log in; the session round trip ends a request, which clears the tenant
    context, so the test's own context is restored afterwards."""
    client.login(user)
    set_tenant(books.tenant.id)
    return client


def form(books, **overrides):
    data = {
        "entry_date": "2569-11-23", "memo": "buy rice", "key": "manual:test-1",
        "line-0-account": str(books.supplies.id), "line-0-debit": "12.50",
        "line-1-account": str(books.cash.id), "line-1-credit": "12.50",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role, status", [("auditor", 200), ("committee", 200), ("staff", 403), ("household", 403)])
def test_who_sees_the_ledger(client, books, make_member, role, status):
    fund(books, 1_000)
    user = make_member(books.tenant, role)
    response = login(client, user, books).get(f"/t/{books.tenant.slug}/ledger/")
    assert response.status_code == status
    if status == 200:
        html = response.get_data(as_text=True)
        assert "฿10.00" in html and "เงินสด" in html


def test_an_auditor_cannot_post_reverse_or_close(client, books, make_member):
    entry = fund(books, 1_000)
    auditor = make_member(books.tenant, "auditor")
    login(client, auditor, books)
    slug = books.tenant.slug
    assert client.post(f"/t/{slug}/ledger/entries/new", data=form(books)).status_code == 403
    assert client.post(f"/t/{slug}/ledger/entries/{entry.id}/reverse", data={"reason": "x"}).status_code == 403
    assert client.post(f"/t/{slug}/ledger/periods", data={"book": "general", "through": "2026-01-01"}).status_code == 403
    db.session.expire_all()
    assert entry_count() == 1


def test_a_fund_manager_posts_a_manual_entry_once(client, books, make_member):
    fund(books, 5_000)
    manager = make_member(books.tenant, "fund_manager")
    login(client, manager, books)
    response = client.post(f"/t/{books.tenant.slug}/ledger/entries/new", data=form(books))
    assert response.status_code == 302
    again = client.post(f"/t/{books.tenant.slug}/ledger/entries/new", data=form(books))  # double submit
    assert again.status_code == 302 and again.location == response.location
    db.session.expire_all()
    assert entry_count() == 2
    assert (books.cash.balance, books.supplies.balance) == (3_750, 1_250)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "ledger.entry.post"))
    assert event.actor_user_id == manager.id
    html = client.get(response.location).get_data(as_text=True)
    assert html.count('data-test="line"') == 2 and "฿12.50" in html


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"line-0-debit": "12.345"}, "line-0-debit"),
        ({"line-1-credit": "abc"}, "line-1-credit"),
        ({"line-0-debit": "0"}, "line-0-debit"),
        ({"line-0-credit": "1.00"}, "line-0-credit"),  # both sides on one line
        ({"line-1-account": "999999"}, "line-1-account"),
        ({"entry_date": "2569-02-30"}, "entry_date"),
        ({"memo": ""}, "memo"),
        ({"line-1-credit": "12.49"}, "lines"),  # unbalanced, refused by the service
        ({"line-1-account": "", "line-1-credit": ""}, "lines"),  # one line only
        ({"line-0-debit": "99.00", "line-1-credit": "99.00"}, "lines"),  # more than the cash holds
    ],
)
def test_bad_input_is_explained_and_nothing_is_posted(client, books, make_member, overrides, field):
    fund(books, 5_000)
    login(client, make_member(books.tenant, "admin"), books)
    response = client.post(f"/t/{books.tenant.slug}/ledger/entries/new", data=form(books, **overrides))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    if field == "lines":
        assert 'data-test="lines-error"' in html
    else:
        assert f'id="{field}"' in html and 'aria-invalid="true"' in html
    db.session.expire_all()
    assert entry_count() == 1
    assert books.cash.balance == 5_000


def test_another_tenants_account_cannot_be_chosen(client, books, make_member, make_tenant):
    from tests.core.ledger.conftest import open_books

    other = open_books(make_tenant())
    fund(books, 5_000)
    login(client, make_member(books.tenant, "admin"), books)
    data = form(books, **{"line-0-account": str(other.supplies.id)})
    assert client.post(f"/t/{books.tenant.slug}/ledger/entries/new", data=data).status_code == 422
    assert entry_count() == 1


def test_reverse_needs_a_reason_and_happens_once(client, books, make_member):
    entry = fund(books, 5_000)
    login(client, make_member(books.tenant, "admin"), books)
    url = f"/t/{books.tenant.slug}/ledger/entries/{entry.id}/reverse"
    assert client.post(url, data={"reason": "  "}).status_code == 422
    assert client.post(url, data={"reason": "typed twice"}).status_code == 302
    assert client.post(url, data={"reason": "again"}).status_code == 409
    db.session.expire_all()
    assert entry_count() == 2 and books.cash.balance == 0
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "ledger.entry.reverse")
    ) == 1


def test_close_a_period_then_a_backdated_entry_is_refused(client, books, make_member):
    fund(books, 5_000)
    login(client, make_member(books.tenant, "fund_manager"), books)
    slug = books.tenant.slug
    assert client.post(f"/t/{slug}/ledger/periods", data={"book": "general", "through": "2569-11-23"}).status_code == 302
    back = client.post(f"/t/{slug}/ledger/periods", data={"book": "general", "through": "2569-11-01"})
    assert back.status_code == 422 and 'aria-invalid="true"' in back.get_data(as_text=True)
    assert client.post(f"/t/{slug}/ledger/periods", data={"book": "", "through": "x"}).status_code == 422
    assert client.post(f"/t/{slug}/ledger/entries/new", data=form(books)).status_code == 422
    db.session.expire_all()
    assert entry_count() == 1


def test_statement_and_foreign_pages(client, books, make_member, make_tenant):
    from tests.core.ledger.conftest import open_books

    entry = fund(books, 5_000)
    other = open_books(make_tenant())
    login(client, make_member(books.tenant, "auditor"), books)
    slug = books.tenant.slug
    html = client.get(f"/t/{slug}/ledger/accounts/{books.cash.id}").get_data(as_text=True)
    assert html.count('data-test="line"') == 1 and "฿50.00" in html
    assert client.get(f"/t/{slug}/ledger/accounts/{other.cash.id}").status_code == 404
    assert client.get(f"/t/{slug}/ledger/entries/{entry.id}").status_code == 200
    assert client.get(f"/t/{slug}/ledger/entries/{entry.id + 1000}").status_code == 404
