"""Real concurrent clients on PostgreSQL racing for the last units: each
thread has its own app context (its own connection) and they start together."""

from __future__ import annotations

from collections import Counter

import pytest

from core.db import db
from core.ledger import queries as ledger_queries
from core.tenancy.context import set_tenant
from market.stock import services
from tests.race import race

pytestmark = pytest.mark.postgres


def stock(shop, quantity: int) -> None:
    services.receive(
        shop.centre.id,
        shop.rice.id,
        quantity,
        kind="purchase",
        ref=None,
        unit_cost_satang=15000,
        actor_id=None,
    )
    db.session.commit()


def test_ten_clients_reserving_the_last_three_units(app, postgres_only, shop):
    stock(shop, 3)
    centre_id, item_id = shop.centre.id, shop.rice.id
    outcome = race(
        app, shop.tenant.id, 10, lambda i: services.reserve(centre_id, item_id, 1, ref=f"o:{i}")
    )
    assert outcome == Counter({"ok": 3, "NotEnoughStock": 7})
    set_tenant(shop.tenant.id)
    level = services.level(centre_id, item_id)
    assert (level.on_hand, level.reserved) == (3, 3)


def test_mixed_reservations_and_direct_issues_never_oversell(app, postgres_only, shop):
    stock(shop, 10)
    centre_id, item_id = shop.centre.id, shop.rice.id

    def work(i: int) -> None:
        if i % 2:
            services.reserve(centre_id, item_id, 3, ref=f"o:{i}")
        else:
            services.issue(centre_id, item_id, 2, kind="distribution", ref=f"d:{i}", actor_id=None)

    outcome = race(app, shop.tenant.id, 12, work)
    assert set(outcome) <= {"ok", "NotEnoughStock"}
    set_tenant(shop.tenant.id)
    db.session.expire_all()
    level = services.level(centre_id, item_id)
    assert 0 <= level.reserved <= level.on_hand
    # what left plus what is held never exceeds what came in
    issued = 10 - level.on_hand
    assert issued + level.reserved <= 10
    assert ledger_queries.verify_balances() == []


def test_parallel_issue_of_reserved_goods_cannot_issue_twice(app, postgres_only, shop):
    stock(shop, 5)
    centre_id, item_id = shop.centre.id, shop.rice.id
    set_tenant(shop.tenant.id)
    services.reserve(centre_id, item_id, 2, ref="o:1")
    db.session.commit()
    outcome = race(
        app,
        shop.tenant.id,
        4,
        lambda i: services.issue_reserved(
            centre_id, item_id, 2, kind="order", ref="o:1", actor_id=None
        ),
    )
    assert outcome == Counter({"ok": 1, "NotEnoughReserved": 3})
    set_tenant(shop.tenant.id)
    db.session.expire_all()
    level = services.level(centre_id, item_id)
    assert (level.on_hand, level.reserved) == (3, 0)
    assert ledger_queries.verify_balances() == []


def test_kit_assembly_racing_reservations_never_oversells_components(app, postgres_only, shop):
    from market.catalog import services as catalog
    from market.models.catalog import Item
    from market.stock import kits

    set_tenant(shop.tenant.id)
    bag = Item(name_th="ถุงยังชีพ", unit="ถุง", is_kit=True)
    db.session.add(bag)
    db.session.flush()
    catalog.set_component(bag, {"component_id": shop.rice.id, "quantity": "2"}, actor_id=None)
    db.session.commit()
    stock(shop, 6)
    centre_id, item_id, kit_id = shop.centre.id, shop.rice.id, bag.id

    def work(i: int) -> None:
        if i % 2:
            kits.assemble(centre_id, kit_id, 1, actor_id=None)  # takes 2 rice
        else:
            services.reserve(centre_id, item_id, 2, ref=f"o:{i}")

    outcome = race(app, shop.tenant.id, 8, work)
    assert outcome["ok"] == 3 and set(outcome) <= {"ok", "NotEnoughStock"}
    set_tenant(shop.tenant.id)
    db.session.expire_all()
    level = services.level(centre_id, item_id)
    kits_made = services.available(centre_id, kit_id)
    assert 0 <= level.reserved <= level.on_hand
    assert level.on_hand + 2 * kits_made == 6
    assert ledger_queries.verify_balances() == []
