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
from datetime import datetime
from types import SimpleNamespace
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError

from core.audit.models import AuditEvent
from core.db import db, utcnow
from core.registry.models import Household
from core.tenancy.context import require_tenant_id
from market.models.catalog import Item
from market.models.orders import Delivery, Order, OrderLine, OrderQuota
from market.models.rounds import ACTIVE_BOOKING_STATUSES, Booking, Round, RoundOffer
from market.models.stock import StockLevel
from market.orders import policies


def _table(model) -> sa.Table:
    return cast(sa.Table, model.__table__)


def literal_row(model, values: Mapping[str, Any], now: datetime) -> dict[str, sa.ColumnElement[Any]]:
    """Every column of ``model`` as a typed literal for ``INSERT … SELECT``:
    the values given, else the column's scalar default, ``now`` for a
    timestamp default; the id and columns with a server default are left to
    the database. A column with another Python default must be given."""
    table = _table(model)
    row: dict[str, sa.ColumnElement[Any]] = {}
    for column in table.c:
        if column.key in values:
            value = values[column.key]
            row[column.key] = value if isinstance(value, sa.ColumnElement) else sa.literal(value, column.type)
            continue
        default = column.default
        if column.primary_key:
            continue
        if getattr(default, "is_scalar", False):
            row[column.key] = sa.literal(cast(Any, default).arg, column.type)
        elif getattr(default, "is_callable", False) and isinstance(column.type, sa.DateTime | sa.TypeDecorator):
            row[column.key] = sa.literal(now, column.type)
        elif default is not None or (column.server_default is None and not column.nullable):
            raise ValueError(f"{table.name}.{column.key} needs a value")
    return row


def insert_from(model, source, values: Mapping[str, Any], now: datetime) -> sa.Insert:
    """``INSERT INTO model SELECT … FROM source``: one row per row of ``source``."""
    row = literal_row(model, values, now)
    select = sa.select(*(v.label(k) for k, v in row.items()))
    if source is not None:
        select = select.select_from(source)
    return sa.insert(_table(model)).from_select(list(row), select)


def read(household_id: int, round_id: int) -> tuple[Any, dict[int, policies.Offer], dict[int, Any], dict[int, int]] | None:
    """The household, the round and the booked slot in one statement, the
    round's offers with their items and the household's quota in another;
    None when the household or the round is unknown or the round is not
    open (the service names that)."""
    tenant_id = require_tenant_id()
    r, h, b = _table(Round), _table(Household), _table(Booking)
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
    head = db.session.execute(
        sa.select(r.c.status, r.c.centre_id, h.c.village_id, slot.label("slot_id"))
        .select_from(r.join(h, sa.and_(h.c.tenant_id == tenant_id, h.c.id == household_id)))
        .where(r.c.tenant_id == tenant_id, r.c.id == round_id)
    ).first()
    if head is None or head.status != "open":
        return None
    o, i, q = _table(RoundOffer), _table(Item), _table(OrderQuota)
    rows = db.session.execute(
        sa.select(
            o.c.item_id, o.c.price_satang, o.c.limit_per_household.label("offer_limit"),
            i.c.limit_per_household.label("item_limit"), i.c.name_th, i.c.name_en, i.c.unit,
            i.c.low_stock_threshold, q.c.ordered,
        )
        .select_from(
            o.join(i, sa.and_(i.c.tenant_id == o.c.tenant_id, i.c.id == o.c.item_id)).outerjoin(
                q,
                sa.and_(
                    q.c.tenant_id == o.c.tenant_id, q.c.household_id == household_id,
                    q.c.round_id == o.c.round_id, q.c.item_id == o.c.item_id,
                ),
            )
        )
        .where(o.c.tenant_id == tenant_id, o.c.round_id == round_id)
    ).all()
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
    tenant_id = require_tenant_id()
    now = utcnow()
    quota, stock = _table(OrderQuota), _table(StockLevel)
    ctes = []
    took = []
    before: Any = sa.true()  # each line after the one before took: the service's lock order, no deadlock
    for n, line in enumerate(lines):
        limit = offers[line.item_id].limit
        upsert = postgresql.insert(quota).from_select(
            ["tenant_id", "household_id", "round_id", "item_id", "ordered"],
            sa.select(
                sa.literal(tenant_id, sa.BigInteger), sa.literal(household_id, sa.BigInteger),
                sa.literal(round_id, sa.BigInteger), sa.literal(line.item_id, sa.BigInteger),
                sa.literal(line.quantity, sa.Integer),
            ).where(before, sa.true() if limit is None else sa.literal(line.quantity) <= limit),
        )
        grow = upsert.on_conflict_do_update(
            index_elements=["tenant_id", "household_id", "round_id", "item_id"],
            set_={"ordered": quota.c.ordered + upsert.excluded.ordered},
            where=None if limit is None else quota.c.ordered + upsert.excluded.ordered <= limit,
        ).returning(quota.c.id)
        quota_cte = grow.cte(f"quota_{n}")
        reserve = (
            sa.update(stock)
            .where(
                stock.c.tenant_id == tenant_id,
                stock.c.centre_id == head.centre_id,
                stock.c.item_id == line.item_id,
                stock.c.on_hand - stock.c.reserved >= line.quantity,
                sa.exists(sa.select(quota_cte.c.id)),
            )
            .values(reserved=stock.c.reserved + line.quantity)
            .returning(stock.c.id, stock.c.item_id, stock.c.on_hand, stock.c.reserved, stock.c.low_alerted)
            .cte(f"stock_{n}")
        )
        ctes += [quota_cte, reserve]
        before = sa.exists(sa.select(reserve.c.id))
        took += [sa.select(sa.func.count()).select_from(quota_cte).scalar_subquery(),
                 sa.select(sa.func.count()).select_from(reserve).scalar_subquery()]
    every = sa.and_(*(count == 1 for count in took))
    total = policies.total(lines)
    o = _table(Order)
    order_values = {
        "tenant_id": tenant_id, "round_id": round_id, "centre_id": head.centre_id,
        "household_id": household_id, "slot_id": head.slot_id, "status": "placed",
        "fulfilment": fulfilment, "rest_method": rest_method, "total": total,
        "coupon_paid": 0, "cash_paid": 0, "placed_by_user_id": actor_id, "on_behalf": on_behalf,
        "placed_at": now, "note": (note or "").strip()[:2000] or None,
    }
    order_row = literal_row(Order, order_values, now)
    inserted = (
        sa.insert(o)
        .from_select(list(order_row), sa.select(*(v.label(k) for k, v in order_row.items())).where(every))
        .returning(*o.c)
        .cte("placed")
    )
    line_rows = []
    for line in lines:  # one INSERT, in the lines' order (item ids ascending), as the service adds them
        item = items[line.item_id]
        values = literal_row(OrderLine, {
            "tenant_id": tenant_id, "order_id": inserted.c.id, "item_id": line.item_id,
            "item_name_th": item.name_th, "item_name_en": item.name_en or "", "unit": item.unit or "",
            "quantity": line.quantity, "unit_price": line.unit_price, "amount": line.amount,
        }, now)
        line_rows.append(sa.select(*(v.label(k) for k, v in values.items())).select_from(inserted))
    ctes.append(
        sa.insert(_table(OrderLine)).from_select(list(values), sa.union_all(*line_rows))
        .returning(_table(OrderLine).c.id).cte("lines")
    )
    if fulfilment == "delivery":
        ctes.append(insert_from(Delivery, inserted, {
            "tenant_id": tenant_id, "order_id": inserted.c.id, "village_id": head.village_id,
        }, now).returning(_table(Delivery).c.id).cte("delivery"))
    after = {"household_id": household_id, "round_id": round_id, "total": total,
             "lines": [[x.item_id, x.quantity, x.unit_price] for x in lines],
             "on_behalf": on_behalf, "fulfilment": fulfilment}
    ctes.append(insert_from(AuditEvent, inserted, {
        "tenant_id": tenant_id, "at": now, "actor_user_id": actor_id, "action": "market.order.place",
        "target_type": "market_order", "target_id": inserted.c.id, "after": after,
    }, now).returning(_table(AuditEvent).c.id).cte("audited"))
    levels = sa.union_all(*(
        sa.select(c.c.id, c.c.item_id, c.c.on_hand, c.c.reserved, c.c.low_alerted)
        for c in ctes if c.name.startswith("stock_")
    )).subquery("levels")
    statement = (
        sa.select(inserted.c.id.label("order_id"), levels.c.id, levels.c.item_id, levels.c.on_hand,
                  levels.c.reserved, levels.c.low_alerted)
        .select_from(levels.outerjoin(inserted, sa.true()))
    )
    for cte in ctes:
        statement = statement.add_cte(cte)
    savepoint = db.session.begin_nested()
    try:
        rows = db.session.execute(statement).all()
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
    return db.session.get(Order, rows[0].order_id)
