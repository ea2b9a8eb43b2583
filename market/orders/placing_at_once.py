"""An order placed in few statements, for PostgreSQL under a crowd.

:func:`market.orders.services.place` states the rules: the household and the
round known, the round open, every line offered and within the household's
limit (:func:`market.orders.policies.price`), each line's quota grown under
its limit and its stock reserved, all or nothing. Here the reads are one
statement and the writes another: one ``WITH`` statement grows every quota
and reserves every line's stock with the same conditional updates, and inserts
the order, its lines (and its delivery) and its audit row only when every one
of them took. When it places nothing, the savepoint is rolled back and the
service runs the rules one by one, which names the refusal (or places the
order, if stock came back meanwhile); so the rules keep one meaning and this
path only spares the round trips of the common case. The database's own
guards stay: the CHECK constraints of stock levels and the quota's unique
index."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.models import AuditEvent
from core.db import db, utcnow
from core.registry.models import Household
from core.statements import insert_from, literal_row, param, table, values
from core.tenancy.context import require_tenant_id
from market.models.catalog import Item
from market.models.orders import Delivery, Order, OrderLine, OrderQuota
from market.models.rounds import ACTIVE_BOOKING_STATUSES, Booking, Round, RoundOffer
from market.models.stock import StockLevel
from market.orders import policies


@lru_cache(maxsize=1)
def _read_statement() -> sa.Select[Any]:
    """The round, the household and its booked slot, with one row per offer
    of the round (its item and the household's quota of it); built once."""
    tenant_id = param("tenant_id", Order, "tenant_id")
    household_id = param("household_id", Order, "household_id")
    round_id = param("round_id", Order, "round_id")
    r, h, b = table(Round), table(Household), table(Booking)
    o, i, q = table(RoundOffer), table(Item), table(OrderQuota)
    slot = (
        sa.select(b.c.slot_id)
        .where(
            b.c.tenant_id == tenant_id,
            b.c.household_id == household_id,
            b.c.round_id == round_id,
            b.c.status.in_(ACTIVE_BOOKING_STATUSES),
        )
        .limit(1)
        .scalar_subquery()
    )
    offered = (
        o.join(i, sa.and_(i.c.tenant_id == o.c.tenant_id, i.c.id == o.c.item_id)).outerjoin(
            q,
            sa.and_(
                q.c.tenant_id == o.c.tenant_id, q.c.household_id == household_id,
                q.c.round_id == o.c.round_id, q.c.item_id == o.c.item_id,
            ),
        )
    )
    return (
        sa.select(
            r.c.status, r.c.centre_id, h.c.village_id, slot.label("slot_id"),
            o.c.item_id, o.c.price_satang, o.c.limit_per_household.label("offer_limit"),
            i.c.limit_per_household.label("item_limit"), i.c.name_th, i.c.name_en, i.c.unit,
            i.c.low_stock_threshold, q.c.ordered,
        )
        .select_from(
            r.join(h, sa.and_(h.c.tenant_id == tenant_id, h.c.id == household_id)).outerjoin(
                offered, sa.and_(o.c.tenant_id == tenant_id, o.c.round_id == r.c.id)
            )
        )
        .where(r.c.tenant_id == tenant_id, r.c.id == round_id)
    )


def read(household_id: int, round_id: int) -> tuple[Any, dict[int, policies.Offer], dict[int, Any], dict[int, int]] | None:
    """The household, the round and the booked slot, the round's offers with
    their items and the household's quota, in one statement; None when the
    household or the round is unknown or the round is not open (the service
    names that)."""
    rows = db.session.connection().execute(
        _read_statement(), values(tenant_id=require_tenant_id(), household_id=household_id, round_id=round_id)
    ).all()
    if not rows or rows[0].status != "open":
        return None
    head = rows[0]
    rows = [row for row in rows if row.item_id is not None]
    offers = {
        row.item_id: policies.Offer(
            row.item_id, row.name_th, row.price_satang,
            policies.effective_limit(row.offer_limit, row.item_limit),
        )
        for row in rows
    }
    items = {row.item_id: row for row in rows}
    ordered = {row.item_id: row.ordered for row in rows if row.ordered is not None}
    return head, offers, items, ordered


@dataclass(frozen=True)
class _Shape:
    """What changes the text of the statement: per line whether the round
    limits it, and whether the order is delivered. Everything else is a
    parameter, so each shape is built and compiled once per worker and
    PostgreSQL reuses its plan."""

    limited: tuple[bool, ...]
    delivery: bool


@lru_cache(maxsize=64)
def _statement(shape: _Shape) -> sa.Select[Any]:
    """The one statement placing an order of ``shape``. For each line, in
    item order and each only if the line before took: the household's quota
    grown under the limit (an UPDATE of its row, or an INSERT when it has
    none: a plain INSERT … ON CONFLICT cannot be cached by SQLAlchemy), then
    the stock reserved if enough is free. The order, its lines, its delivery
    and its audit row are inserted only if every one of them took."""
    tenant_id = param("tenant_id", Order, "tenant_id")
    household_id = param("household_id", Order, "household_id")
    round_id = param("round_id", Order, "round_id")
    centre_id = param("centre_id", Order, "centre_id")
    now = param("now", Order, "placed_at")
    quota, stock = table(OrderQuota), table(StockLevel)
    ctes: list[sa.CTE] = []
    took = []
    levels = []
    before: Any = sa.true()  # each line after the one before took: the service's lock order, no deadlock
    for n, limited in enumerate(shape.limited):
        item_id = param(f"item_{n}", OrderLine, "item_id")
        quantity = param(f"quantity_{n}", OrderLine, "quantity")
        limit = param(f"limit_{n}", OrderLine, "quantity")
        key = sa.and_(quota.c.tenant_id == tenant_id, quota.c.household_id == household_id,
                      quota.c.round_id == round_id, quota.c.item_id == item_id)
        grown = (
            sa.update(quota)
            .where(key, before, quota.c.ordered + quantity <= limit if limited else sa.true())
            .values(ordered=quota.c.ordered + quantity)
            .returning(quota.c.id)
            .cte(f"quota_grown_{n}")
        )
        opened = (
            sa.insert(quota)
            .from_select(
                ["tenant_id", "household_id", "round_id", "item_id", "ordered"],
                sa.select(tenant_id, household_id, round_id, item_id, quantity).where(
                    before, quantity <= limit if limited else sa.true(),
                    ~sa.exists(sa.select(quota.c.id).where(key)),
                ),
            )
            .returning(quota.c.id)
            .cte(f"quota_opened_{n}")
        )
        reserve = (
            sa.update(stock)
            .where(
                stock.c.tenant_id == tenant_id,
                stock.c.centre_id == centre_id,
                stock.c.item_id == item_id,
                stock.c.on_hand - stock.c.reserved >= quantity,
                sa.or_(sa.exists(sa.select(grown.c.id)), sa.exists(sa.select(opened.c.id))),
            )
            .values(reserved=stock.c.reserved + quantity)
            .returning(stock.c.id, stock.c.item_id, stock.c.on_hand, stock.c.reserved, stock.c.low_alerted)
            .cte(f"stock_{n}")
        )
        ctes += [grown, opened, reserve]
        levels.append(reserve)
        before = sa.exists(sa.select(reserve.c.id))
        took.append(
            sa.select(sa.func.count()).select_from(grown).scalar_subquery()
            + sa.select(sa.func.count()).select_from(opened).scalar_subquery()
        )
        took.append(sa.select(sa.func.count()).select_from(reserve).scalar_subquery())
    every = sa.and_(*(count == 1 for count in took))
    o = table(Order)
    order_row = literal_row(Order, {
        "tenant_id": tenant_id, "round_id": round_id, "centre_id": centre_id,
        "household_id": household_id, "slot_id": param("slot_id", Order, "slot_id"), "status": "placed",
        "fulfilment": param("fulfilment", Order, "fulfilment"),
        "rest_method": param("rest_method", Order, "rest_method"), "total": param("total", Order, "total"),
        "coupon_paid": 0, "cash_paid": 0, "placed_by_user_id": param("actor_id", Order, "placed_by_user_id"),
        "on_behalf": param("on_behalf", Order, "on_behalf"), "placed_at": now,
        "note": param("note", Order, "note"),
    }, now)
    inserted = (
        sa.insert(o)
        .from_select(list(order_row), sa.select(*(v.label(k) for k, v in order_row.items())).where(every))
        .returning(*o.c)
        .cte("placed")
    )
    line_rows = []
    for n in range(len(shape.limited)):  # one INSERT, in the lines' order (item ids ascending), as the service adds them
        values = literal_row(OrderLine, {
            "tenant_id": tenant_id, "order_id": inserted.c.id, "item_id": param(f"item_{n}", OrderLine, "item_id"),
            "item_name_th": param(f"name_th_{n}", OrderLine, "item_name_th"),
            "item_name_en": param(f"name_en_{n}", OrderLine, "item_name_en"),
            "unit": param(f"unit_{n}", OrderLine, "unit"),
            "quantity": param(f"quantity_{n}", OrderLine, "quantity"),
            "unit_price": param(f"unit_price_{n}", OrderLine, "unit_price"),
            "amount": param(f"amount_{n}", OrderLine, "amount"),
        }, now)
        line_rows.append(sa.select(*(v.label(k) for k, v in values.items())).select_from(inserted))
    ctes.append(
        sa.insert(table(OrderLine)).from_select(list(values), sa.union_all(*line_rows))
        .returning(table(OrderLine).c.id).cte("lines")
    )
    if shape.delivery:
        ctes.append(insert_from(Delivery, inserted, {
            "tenant_id": tenant_id, "order_id": inserted.c.id,
            "village_id": param("village_id", Delivery, "village_id"),
        }, now).returning(table(Delivery).c.id).cte("delivery"))
    ctes.append(insert_from(AuditEvent, inserted, {
        "tenant_id": tenant_id, "at": now, "actor_user_id": param("actor_id", AuditEvent, "actor_user_id"),
        "action": "market.order.place", "target_type": "market_order", "target_id": inserted.c.id,
        "after": param("after", AuditEvent, "after"),
    }, now).returning(table(AuditEvent).c.id).cte("audited"))
    taken = sa.union_all(*(
        sa.select(c.c.id, c.c.item_id, c.c.on_hand, c.c.reserved, c.c.low_alerted) for c in levels
    )).subquery("levels")
    statement = (
        sa.select(inserted.c.id.label("order_id"), taken.c.id, taken.c.item_id, taken.c.on_hand,
                  taken.c.reserved, taken.c.low_alerted)
        .select_from(taken.outerjoin(inserted, sa.true()))
    )
    for cte in ctes:
        statement = statement.add_cte(cte)
    return statement


def place(
    *,
    household_id: int,
    round_id: int,
    wanted: Mapping[int, object],
    actor_id: int | None,
    on_behalf: bool,
    fulfilment: str,
    rest_method: str,
    note: str | None,
) -> Order | None:
    """The order placed, or None when the service must decide (nothing
    written). A line refused by the rules of :mod:`policies` raises here as
    it would there."""
    found = read(household_id, round_id)
    if found is None:
        return None
    head, offers, items, ordered = found
    lines = policies.price(cast(Mapping[int, int], wanted), offers, ordered)
    total = policies.total(lines)
    shape = _Shape(tuple(offers[line.item_id].limit is not None for line in lines), fulfilment == "delivery")
    params = values(
        tenant_id=require_tenant_id(), household_id=household_id, round_id=round_id,
        centre_id=head.centre_id, slot_id=head.slot_id, village_id=head.village_id,
        fulfilment=fulfilment, rest_method=rest_method, total=total, actor_id=actor_id,
        on_behalf=on_behalf, now=utcnow(), note=(note or "").strip()[:2000] or None,
        after={"household_id": household_id, "round_id": round_id, "total": total,
               "lines": [[x.item_id, x.quantity, x.unit_price] for x in lines],
               "on_behalf": on_behalf, "fulfilment": fulfilment},
    )
    for n, line in enumerate(lines):
        item = items[line.item_id]
        params.update(values(**{
            f"item_{n}": line.item_id, f"quantity_{n}": line.quantity, f"limit_{n}": offers[line.item_id].limit,
            f"name_th_{n}": item.name_th, f"name_en_{n}": item.name_en or "", f"unit_{n}": item.unit or "",
            f"unit_price_{n}": line.unit_price, f"amount_{n}": line.amount,
        }))
    savepoint = db.session.begin_nested()
    try:
        # on the session's connection: a Core statement needs none of the ORM's
        # execution (every table in it is filtered by the tenant explicitly)
        rows = db.session.connection().execute(_statement(shape), params).all()
        if not rows or rows[0].order_id is None:  # a line did not take: undo the others
            savepoint.rollback()
            return None
        savepoint.commit()
    except IntegrityError:  # the same household's first order of an item at once elsewhere
        savepoint.rollback()
        return None
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    from market.stock import alerts

    for row in rows:
        item = items[row.item_id]
        alerts.check_low(
            head.centre_id,
            SimpleNamespace(name_th=item.name_th, unit=item.unit, low_stock_threshold=item.low_stock_threshold),
            level_id=row.id, available=row.on_hand - row.reserved, alerted=row.low_alerted,
        )
    from market.orders import services

    return services.get(rows[0].order_id, with_lines=True)  # the order to show, with its lines
