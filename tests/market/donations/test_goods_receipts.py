"""Goods given in kind get a goods receipt: numbered without gaps per year
(apart from money receipts), printable, with the donor, the items and their
value; a refused donation gives its number back. Cash and goods donations
leave every book balanced."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import queries as ledger_queries
from core.payments.receipts.models import Receipt
from market.catalog.parsing import InvalidNumber
from market.donations import services
from market.models.donations import GoodsDonation

NUMBER = re.compile(r"^GOODS-25\d\d/(\d{6})$")


def give(shop, staff, quantity="10", donor="คุณสมศรี ใจดี"):
    return services.record_in_kind(
        {"centre_id": str(shop.centre.id), "donor_name": donor},
        [{"item_id": str(shop.rice.id), "quantity": quantity, "unit_value": "140"},
         {"item_id": str(shop.eggs.id), "quantity": "2", "unit_value": ""}],
        actor_id=staff.id,
    )


def number_of(donation) -> int:
    match = NUMBER.match(donation.goods_receipt_number or "")
    assert match, donation.goods_receipt_number
    return int(match.group(1))


def test_goods_receipts_are_numbered_in_sequence_and_a_refusal_burns_none(shop, staff):
    first = give(shop, staff)
    db.session.commit()
    with pytest.raises(InvalidNumber):
        give(shop, staff, quantity="-1")
    db.session.rollback()
    second = give(shop, staff, quantity="3")
    db.session.commit()
    assert (number_of(first), number_of(second)) == (1, 2)
    # Money receipts keep their own numbers: none was taken by goods.
    assert db.session.scalar(sa.select(sa.func.count(Receipt.id))) == 0
    cash = services.record_cash({"amount": "500", "method": "cash"}, token="c" * 20, actor_id=staff.id)
    db.session.commit()
    receipt = db.session.get(Receipt, cash.receipt_id)
    assert receipt.display_number.endswith("/000001") and not receipt.display_number.startswith("GOODS")
    assert cash.goods_receipt_number is None


def test_the_goods_receipt_page_shows_number_donor_items_and_value(client, shop, staff):
    donation = give(shop, staff)
    db.session.commit()
    client.login(staff)
    html = client.get(f"/t/{shop.tenant.slug}/market/donations/{donation.id}").get_data(as_text=True)
    assert "ใบรับสิ่งของบริจาค" in html and donation.goods_receipt_number in html
    assert "คุณสมศรี ใจดี" in html and "ข้าวสาร 5 กก." in html and "ไข่ไก่ 30 ฟอง" in html
    # 10 × 140 baht + 2 × the eggs' standard cost of 100 baht
    assert "฿1,600.00" in html and "data-print" in html
    listing = client.get(f"/t/{shop.tenant.slug}/market/donations").get_data(as_text=True)
    assert donation.goods_receipt_number in listing


def test_cash_and_goods_donations_leave_every_book_balanced(shop, staff):
    give(shop, staff)
    services.record_cash({"amount": "1,500", "method": "cash"}, token="d" * 20, actor_id=staff.id)
    db.session.commit()
    assert {"general", "market"} <= set(ledger_queries.books())
    for book in ledger_queries.books():
        trial = ledger_queries.trial_balance(book)
        assert trial.balanced and trial.unlinked_entries == 0, book
    assert ledger_queries.verify_balances() == []


def test_goods_receipt_numbers_are_unique_per_organisation(shop, staff):
    give(shop, staff)
    db.session.commit()
    numbers = db.session.scalars(sa.select(GoodsDonation.goods_receipt_number)).all()
    assert len(numbers) == len(set(numbers)) == 1
