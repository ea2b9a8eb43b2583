"""Stock verbs: reserve, release, issue, receive, adjust, transfer, valued in
the ledger, never below zero."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.db import db
from core.ledger import queries as ledger_queries
from core.ledger.models import Account, JournalEntry
from core.notifications.models import Notification
from market.models.catalog import Centre
from market.models.stock import StockLevel, StockMovement
from market.stock import errors, services
from market.stock.valuation import BOOK


def inventory_balance() -> int:
    account = db.session.scalar(
        sa.select(Account).where(Account.book == BOOK, Account.code == "1310")
    )
    return account.balance if account else 0


def test_receive_then_reserve_then_issue(shop):
    m = services.receive(
        shop.centre.id,
        shop.rice.id,
        10,
        kind="purchase",
        ref="po:1",
        unit_cost_satang=15000,
        actor_id=None,
        party="ร้านสหกรณ์",
    )
    assert m.quantity == 10 and m.value_satang == 150000 and m.party == "ร้านสหกรณ์"
    assert services.available(shop.centre.id, shop.rice.id) == 10
    services.reserve(shop.centre.id, shop.rice.id, 4, ref="market.order:1")
    assert services.available(shop.centre.id, shop.rice.id) == 6
    level = services.level(shop.centre.id, shop.rice.id)
    assert (level.on_hand, level.reserved) == (10, 4)
    out = services.issue_reserved(
        shop.centre.id, shop.rice.id, 3, kind="order", ref="market.order:1", actor_id=None
    )
    assert out.quantity == -3 and out.journal_entry_id is not None
    level = services.level(shop.centre.id, shop.rice.id)
    assert (level.on_hand, level.reserved) == (7, 1)
    services.release(shop.centre.id, shop.rice.id, 1, ref="market.order:1")
    assert services.available(shop.centre.id, shop.rice.id) == 7
    assert inventory_balance() == 7 * 15000
    assert ledger_queries.verify_balances() == []


def test_reserve_more_than_available_is_refused_with_item_and_count(shop):
    services.receive(
        shop.centre.id,
        shop.rice.id,
        2,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
    )
    with pytest.raises(errors.NotEnoughStock) as info:
        services.reserve(shop.centre.id, shop.rice.id, 3, ref="market.order:9")
    assert info.value.params == {"item": "ข้าวสาร 5 กก.", "available": 2, "needed": 3}
    assert services.available(shop.centre.id, shop.rice.id) == 2


def test_reserve_of_item_never_stocked_is_not_enough_stock(shop):
    with pytest.raises(errors.NotEnoughStock):
        services.reserve(shop.centre.id, shop.rice.id, 1, ref="x")


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "3", True, None, 10**9])
def test_bad_quantities_are_refused(shop, quantity):
    with pytest.raises(errors.InvalidQuantity):
        services.receive(
            shop.centre.id,
            shop.rice.id,
            quantity,
            kind="purchase",
            ref=None,
            unit_cost_satang=1,
            actor_id=None,
        )
    with pytest.raises(errors.InvalidQuantity):
        services.reserve(shop.centre.id, shop.rice.id, quantity, ref="x")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StockMovement)) == 0


def test_release_or_issue_more_than_reserved_is_refused(shop):
    services.receive(
        shop.centre.id,
        shop.rice.id,
        5,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
    )
    services.reserve(shop.centre.id, shop.rice.id, 2, ref="o")
    with pytest.raises(errors.NotEnoughReserved):
        services.release(shop.centre.id, shop.rice.id, 3, ref="o")
    with pytest.raises(errors.NotEnoughReserved):
        services.issue_reserved(
            shop.centre.id, shop.rice.id, 3, kind="order", ref="o", actor_id=None
        )


def test_direct_issue_cannot_take_reserved_goods(shop):
    services.receive(
        shop.centre.id,
        shop.rice.id,
        5,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
    )
    services.reserve(shop.centre.id, shop.rice.id, 4, ref="o")
    with pytest.raises(errors.NotEnoughStock):
        services.issue(
            shop.centre.id, shop.rice.id, 2, kind="loss", ref=None, actor_id=None, reason="rats"
        )
    services.issue(
        shop.centre.id, shop.rice.id, 1, kind="loss", ref=None, actor_id=None, reason="rats"
    )
    assert services.available(shop.centre.id, shop.rice.id) == 0


def test_loss_needs_a_reason_and_adjustment_needs_a_reason(shop):
    services.receive(
        shop.centre.id,
        shop.rice.id,
        5,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
    )
    with pytest.raises(errors.ReasonRequired):
        services.issue(shop.centre.id, shop.rice.id, 1, kind="loss", ref=None, actor_id=None)
    with pytest.raises(errors.ReasonRequired):
        services.adjust(shop.centre.id, shop.rice.id, -1, reason=" ", actor_id=None)


def test_adjust_both_ways_never_below_reserved(shop):
    services.receive(
        shop.centre.id,
        shop.rice.id,
        5,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
    )
    services.reserve(shop.centre.id, shop.rice.id, 3, ref="o")
    services.adjust(shop.centre.id, shop.rice.id, 2, reason="found a sack", actor_id=None)
    with pytest.raises(errors.NotEnoughStock):
        services.adjust(shop.centre.id, shop.rice.id, -5, reason="miscount", actor_id=None)
    services.adjust(shop.centre.id, shop.rice.id, -4, reason="miscount", actor_id=None)
    level = services.level(shop.centre.id, shop.rice.id)
    assert (level.on_hand, level.reserved) == (3, 3)
    assert inventory_balance() == 3 * 15000
    assert ledger_queries.verify_balances() == []


def test_database_refuses_negative_stock_even_without_the_service(shop):
    services.receive(
        shop.centre.id,
        shop.rice.id,
        1,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
    )
    db.session.commit()
    for values in ({"on_hand": -1}, {"reserved": -1}, {"reserved": 2}):
        with pytest.raises(IntegrityError):
            db.session.execute(sa.update(StockLevel).values(**values))
        db.session.rollback()


def test_donation_in_kind_valued_at_declared_value_with_variance(shop):
    services.receive(
        shop.centre.id,
        shop.rice.id,
        2,
        kind="donation",
        ref=None,
        unit_cost_satang=20000,
        actor_id=None,
        party=None,
    )
    entry = db.session.scalar(sa.select(JournalEntry))
    amounts = sorted(line.amount for line in entry.lines)
    assert sum(amounts) == 0
    assert inventory_balance() == 30000  # at standard cost
    donations = db.session.scalar(
        sa.select(Account).where(Account.book == BOOK, Account.code == "4210")
    )
    assert donations.balance == 40000  # at the donor's value


def test_transfer_between_centres(shop):
    other = Centre(name="ศูนย์ย่อย")
    db.session.add(other)
    db.session.flush()
    services.receive(
        shop.centre.id,
        shop.rice.id,
        5,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
    )
    out, inn = services.transfer(shop.centre.id, other.id, shop.rice.id, 2, actor_id=None)
    assert (out.kind, out.quantity, inn.kind, inn.quantity) == (
        "transfer_out",
        -2,
        "transfer_in",
        2,
    )
    assert services.available(shop.centre.id, shop.rice.id) == 3
    assert services.available(other.id, shop.rice.id) == 2
    assert inventory_balance() == 5 * 15000
    assert ledger_queries.verify_balances() == []


def test_unknown_kind_and_foreign_item_refused(shop, make_tenant):
    with pytest.raises(errors.UnknownKind):
        services.receive(
            shop.centre.id,
            shop.rice.id,
            1,
            kind="gift",
            ref=None,
            unit_cost_satang=0,
            actor_id=None,
        )
    from tests.factories.market import make_shop

    theirs = make_shop(make_tenant())  # switches the context to the other tenant
    from core.tenancy.context import set_tenant

    set_tenant(shop.tenant.id)
    with pytest.raises(errors.ItemNotFound):
        services.receive(
            shop.centre.id,
            theirs.rice.id,
            1,
            kind="purchase",
            ref=None,
            unit_cost_satang=0,
            actor_id=None,
        )
    with pytest.raises(errors.CentreNotFound):
        services.receive(
            theirs.centre.id,
            shop.rice.id,
            1,
            kind="purchase",
            ref=None,
            unit_cost_satang=0,
            actor_id=None,
        )


def test_low_stock_alert_once_through_the_outbox(shop, make_member):
    staff = make_member(shop.tenant, "staff")
    make_member(shop.tenant, "household")
    from core.tenancy.context import set_tenant

    set_tenant(shop.tenant.id)
    services.receive(
        shop.centre.id,
        shop.eggs.id,
        10,
        kind="purchase",
        ref=None,
        unit_cost_satang=10000,
        actor_id=None,
    )
    services.reserve(shop.centre.id, shop.eggs.id, 4, ref="o1")  # 6 left: above 5
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0
    services.reserve(shop.centre.id, shop.eggs.id, 1, ref="o2")  # 5 left: alert
    services.reserve(shop.centre.id, shop.eggs.id, 1, ref="o3")  # 4 left: already alerted
    notes = db.session.scalars(sa.select(Notification)).all()
    assert [n.template for n in notes] == ["market.low_stock"]
    assert notes[0].to_user_id == staff.id
    services.receive(
        shop.centre.id,
        shop.eggs.id,
        10,
        kind="purchase",
        ref=None,
        unit_cost_satang=10000,
        actor_id=None,
    )
    services.reserve(shop.centre.id, shop.eggs.id, 10, ref="o4")  # low again: a second alert
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 2
