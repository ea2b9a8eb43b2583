"""Ledger fixtures: a tenant in context with a small chart of accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from core.db import db
from core.ledger import services
from core.ledger.models import Account
from core.tenancy.context import set_tenant, tenant_context

OPENING = date(2026, 1, 1)


@dataclass
class Books:
    tenant: object
    cash: Account  # asset, never negative
    bank: Account  # asset, never negative
    capital: Account  # equity, may go negative (the source of test money)
    sales: Account  # income
    supplies: Account  # expense


def open_books(tenant) -> Books:
    with tenant_context(tenant.id):
        books = Books(
            tenant=tenant,
            cash=services.get_or_create_account("general", "1000", "เงินสด", "Cash", "asset"),
            bank=services.get_or_create_account("general", "1100", "เงินฝากธนาคาร", "Bank", "asset"),
            capital=services.get_or_create_account(
                "general", "3000", "ทุน", "Capital", "equity", may_go_negative=True
            ),
            sales=services.get_or_create_account("general", "4000", "รายได้", "Sales", "income"),
            supplies=services.get_or_create_account("general", "5000", "วัสดุ", "Supplies", "expense"),
        )
        db.session.commit()
    return books


def fund(books: Books, satang: int, account=None, key: str | None = None):
    """Put money into ``account`` (cash by default) from capital, committed."""
    account = account or books.cash
    entry = services.post(
        entry_date=OPENING,
        memo="opening",
        lines=[(account, satang), (books.capital, -satang)],
        idempotency_key=key or f"fund:{account.id}:{satang}:{account.balance}",
    )
    db.session.commit()
    return entry


@pytest.fixture
def books(ctx, make_tenant) -> Books:
    tenant = make_tenant()
    result = open_books(tenant)
    set_tenant(tenant.id)  # the rest of the test acts for this tenant
    return result
