"""Kits consume their components; counts become adjustments."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import queries as ledger_queries
from market.catalog import services as catalog
from market.models.catalog import Item
from market.models.stock import StockMovement
from market.stock import counts, errors, kits, services


@pytest.fixture
def bag(shop):
    kit = Item(
        name_th="ถุงยังชีพ",
        name_en="Survival bag",
        unit="ถุง",
        price_satang=30000,
        cost_satang=0,
        is_kit=True,
    )
    db.session.add(kit)
    db.session.flush()
    catalog.set_component(kit, {"component_id": shop.rice.id, "quantity": "1"}, actor_id=None)
    catalog.set_component(kit, {"component_id": shop.eggs.id, "quantity": "2"}, actor_id=None)
    for item, n in ((shop.rice, 5), (shop.eggs, 7)):
        services.receive(
            shop.centre.id,
            item.id,
            n,
            kind="purchase",
            ref=None,
            unit_cost_satang=item.cost_satang,
            actor_id=None,
        )
    db.session.commit()
    return kit


def test_assembling_kits_consumes_components(shop, bag):
    assert kits.buildable(shop.centre.id, bag) == 3
    movement = kits.assemble(shop.centre.id, bag.id, 3, actor_id=None)
    assert movement.kind == "kit_in" and movement.quantity == 3
    assert movement.value_satang == 3 * (15000 + 2 * 10000)
    assert services.available(shop.centre.id, shop.rice.id) == 2
    assert services.available(shop.centre.id, shop.eggs.id) == 1
    assert services.available(shop.centre.id, bag.id) == 3
    assert ledger_queries.verify_balances() == []


def test_assembly_with_a_missing_component_changes_nothing(shop, bag):
    with pytest.raises(errors.NotEnoughStock):
        kits.assemble(shop.centre.id, bag.id, 4, actor_id=None)  # 8 eggs needed, 7 on hand
    db.session.rollback()
    assert services.available(shop.centre.id, shop.rice.id) == 5
    assert services.available(shop.centre.id, bag.id) == 0


def test_kit_cannot_contain_a_kit_or_be_assembled_when_not_a_kit(shop, bag):
    with pytest.raises(catalog.KitInKit):
        catalog.set_component(bag, {"component_id": bag.id, "quantity": "1"}, actor_id=None)
    with pytest.raises(kits.NotAKit):
        kits.assemble(shop.centre.id, shop.rice.id, 1, actor_id=None)


def test_count_confirm_finalise_into_adjustments(shop, bag, make_member):
    count = counts.start(shop.centre.id, actor_id=None)
    lines = {line.item_id: line for line in count.lines}
    assert lines[shop.rice.id].expected == 5 and lines[shop.eggs.id].expected == 7
    with pytest.raises(counts.WrongState):
        counts.finalise(count, actor_id=None)
    counts.enter(count, {f"line-{lines[shop.rice.id].id}": "4"}, actor_id=None)
    with pytest.raises(counts.Uncounted):
        counts.confirm(count, actor_id=None)
    counts.enter(
        count,
        {f"line-{line.id}": str(line.expected) for line in count.lines if line.counted is None},
        actor_id=None,
    )
    counts.enter(count, {f"line-{lines[shop.eggs.id].id}": "9"}, actor_id=None)
    with pytest.raises(counts.CountOpen):
        counts.start(shop.centre.id, actor_id=None)
    counts.confirm(count, actor_id=None)
    assert counts.finalise(count, actor_id=None) == 2
    assert services.available(shop.centre.id, shop.rice.id) == 4
    assert services.available(shop.centre.id, shop.eggs.id) == 9
    kinds = db.session.scalars(
        sa.select(StockMovement.reason).where(StockMovement.kind == "adjustment")
    ).all()
    assert kinds == [f"stock count #{count.id}"] * 2
    with pytest.raises(counts.WrongState):
        counts.finalise(count, actor_id=None)
    assert ledger_queries.verify_balances() == []


def test_count_rejects_negative_or_junk_numbers(shop, bag):
    count = counts.start(shop.centre.id, actor_id=None)
    line = count.lines[0]
    from market.catalog.parsing import InvalidNumber

    for junk in ("-1", "abc", "1.5"):
        with pytest.raises(InvalidNumber):
            counts.enter(count, {f"line-{line.id}": junk}, actor_id=None)


def test_changing_cost_revalues_stock_on_hand(shop, bag):
    data = {
        "name_th": shop.rice.name_th,
        "unit": "ถุง",
        "price": "120",
        "cost": "160",
        "active": True,
    }
    catalog.save_item(data, item=shop.rice, actor_id=None)
    from tests.market.stock.test_services import inventory_balance

    assert inventory_balance() == 5 * 16000 + 7 * 10000
    assert ledger_queries.verify_balances() == []


def test_a_cost_change_without_the_stock_hook_is_refused(monkeypatch):
    """A process that never loaded the stock area's hooks would change a cost
    without revaluing what is on hand: refused instead of passing silently."""
    from market.catalog import extensions

    monkeypatch.setattr(extensions, "_COST_CHANGE", {})
    with pytest.raises(RuntimeError, match="no cost-change hook"):
        extensions.cost_changing(object(), 100, actor_id=None)
