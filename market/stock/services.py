"""Stock verbs: reserve, release, issue, receive, adjust, transfer.

Every change of a ``StockLevel`` is one conditional ``UPDATE … WHERE …
RETURNING``: when the condition fails nothing changes and a clear error is
raised, so two clerks racing for the last unit cannot both win. CHECK
constraints on the table are the second wall. Each physical change writes a
``StockMovement`` and a ledger entry (see :mod:`market.stock.valuation`).

Services ``flush()`` and never commit; the actor is an argument.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.db import db
from core.tenancy.context import require_tenant_id
from market.models.catalog import Centre, Item
from market.models.stock import ISSUE_KINDS, RECEIPT_KINDS, StockLevel, StockMovement
from market.stock import alerts, valuation
from market.stock.errors import (
    CentreNotFound,
    InvalidQuantity,
    ItemNotFound,
    NotEnoughReserved,
    NotEnoughStock,
    ReasonRequired,
    UnknownKind,
)

MAX_QUANTITY = 1_000_000


# --- reading ------------------------------------------------------------------


def level(centre_id: int, item_id: int) -> StockLevel | None:
    return db.session.scalar(
        sa.select(StockLevel)
        .where(StockLevel.centre_id == centre_id, StockLevel.item_id == item_id)
        .execution_options(populate_existing=True)
    )


def available(centre_id: int, item_id: int) -> int:
    row = db.session.execute(
        sa.select(StockLevel.on_hand - StockLevel.reserved).where(
            StockLevel.centre_id == centre_id, StockLevel.item_id == item_id
        )
    ).scalar_one_or_none()
    return row or 0


# --- reservations (no movement: the goods are still on the shelf) -------------


def reserve(centre_id: int, item_id: int, quantity: int, *, ref: str) -> None:
    """Hold ``quantity`` for an order; refused when fewer are available."""
    quantity = check_quantity(quantity)
    item = _item(item_id)
    _centre(centre_id)
    row = _update(
        centre_id,
        item_id,
        {"reserved": StockLevel.reserved + quantity},
        StockLevel.on_hand - StockLevel.reserved >= quantity,
    )
    if row is None:
        raise _not_enough(item, centre_id, quantity)
    _after_decrease(centre_id, item, row)


def release(centre_id: int, item_id: int, quantity: int, *, ref: str) -> None:
    """Undo a reservation (an order cancelled or changed)."""
    quantity = check_quantity(quantity)
    item = _item(item_id)
    row = _update(
        centre_id,
        item_id,
        {"reserved": StockLevel.reserved - quantity},
        StockLevel.reserved >= quantity,
    )
    if row is None:
        raise _not_reserved(item, centre_id, quantity)
    _after_increase(centre_id, item, row)


def issue_reserved(
    centre_id: int,
    item_id: int,
    quantity: int,
    *,
    kind: str,
    ref: str,
    actor_id: int | None,
    unit_value_satang: int | None = None,
) -> StockMovement:
    """Reserved goods leave the stock (collected or delivered), valued at cost
    (or, for a sale to another council, at ``unit_value_satang``)."""
    quantity = check_quantity(quantity)
    _check_kind(kind, ISSUE_KINDS)
    item = _item(item_id)
    row = _update(
        centre_id,
        item_id,
        {"on_hand": StockLevel.on_hand - quantity, "reserved": StockLevel.reserved - quantity},
        StockLevel.reserved >= quantity,
    )
    if row is None:
        raise _not_reserved(item, centre_id, quantity)
    unit = None if unit_value_satang is None else _check_unit(unit_value_satang)
    return _record(centre_id, item, -quantity, kind=kind, ref=ref, actor_id=actor_id, unit=unit)


# --- physical movements ----------------------------------------------------------


def receive(
    centre_id: int,
    item_id: int,
    quantity: int,
    *,
    kind: str,
    ref: str | None,
    unit_cost_satang: int | None,
    actor_id: int | None,
    party: str | None = None,
    reason: str | None = None,
    funded_by_donations: bool = False,
    **details,
) -> StockMovement:
    """Goods come in: a purchase (``party`` the supplier, ``unit_cost_satang``
    what was paid), a donation in kind (``party`` the donor or None for
    anonymous, the declared value), a transfer or exchange in, a return."""
    quantity = check_quantity(quantity)
    _check_kind(kind, RECEIPT_KINDS)
    item = _item(item_id)
    _centre(centre_id)
    unit = item.cost_satang if unit_cost_satang is None else _check_unit(unit_cost_satang)
    _ensure_level(centre_id, item_id)
    row = _update(centre_id, item_id, {"on_hand": StockLevel.on_hand + quantity}, sa.true())
    movement = _record(
        centre_id,
        item,
        quantity,
        kind=kind,
        ref=ref,
        actor_id=actor_id,
        unit=unit,
        party=party,
        reason=reason,
        details=details,
    )
    movement.funded_by_donations = bool(funded_by_donations) and kind == "purchase"
    _after_increase(centre_id, item, row)
    return movement


def issue(
    centre_id: int,
    item_id: int,
    quantity: int,
    *,
    kind: str,
    ref: str | None,
    actor_id: int | None,
    unit_value_satang: int | None = None,
    party: str | None = None,
    reason: str | None = None,
    **details,
) -> StockMovement:
    """Unreserved goods leave: a distribution, a transfer or exchange out, a
    loss, a loan. Refused when fewer than ``quantity`` are available."""
    quantity = check_quantity(quantity)
    _check_kind(kind, ISSUE_KINDS)
    if kind == "loss" and not (reason or "").strip():
        raise ReasonRequired(field="reason")
    item = _item(item_id)
    _centre(centre_id)
    row = _update(
        centre_id,
        item_id,
        {"on_hand": StockLevel.on_hand - quantity},
        StockLevel.on_hand - StockLevel.reserved >= quantity,
    )
    if row is None:
        raise _not_enough(item, centre_id, quantity)
    unit = item.cost_satang if unit_value_satang is None else _check_unit(unit_value_satang)
    movement = _record(
        centre_id,
        item,
        -quantity,
        kind=kind,
        ref=ref,
        actor_id=actor_id,
        unit=unit,
        party=party,
        reason=reason,
        details=details,
    )
    _after_decrease(centre_id, item, row)
    return movement


def adjust(
    centre_id: int,
    item_id: int,
    delta: int,
    *,
    reason: str,
    actor_id: int | None,
    ref: str | None = None,
) -> StockMovement:
    """Correct on hand by ``delta`` (either sign) with a reason; never below
    what is reserved."""
    if not (reason or "").strip():
        raise ReasonRequired(field="reason")
    if (
        isinstance(delta, bool)
        or not isinstance(delta, int)
        or delta == 0
        or abs(delta) > MAX_QUANTITY
    ):
        raise InvalidQuantity(field="quantity")
    item = _item(item_id)
    _centre(centre_id)
    _ensure_level(centre_id, item_id)
    if delta > 0:
        row = _update(centre_id, item_id, {"on_hand": StockLevel.on_hand + delta}, sa.true())
    else:
        row = _update(
            centre_id,
            item_id,
            {"on_hand": StockLevel.on_hand + delta},
            StockLevel.on_hand - StockLevel.reserved >= -delta,
        )
        if row is None:
            raise _not_enough(item, centre_id, -delta)
    movement = _record(
        centre_id,
        item,
        delta,
        kind="adjustment",
        ref=ref,
        actor_id=actor_id,
        unit=item.cost_satang,
        reason=reason.strip(),
    )
    (_after_increase if delta > 0 else _after_decrease)(centre_id, item, row)
    return movement


def transfer(
    from_centre_id: int, to_centre_id: int, item_id: int, quantity: int, *, actor_id: int | None
) -> tuple[StockMovement, StockMovement]:
    """Move goods between two centres of the organisation (out, then in)."""
    if from_centre_id == to_centre_id:
        raise CentreNotFound(field="to_centre_id")
    _centre(to_centre_id)
    out = issue(from_centre_id, item_id, quantity, kind="transfer_out", ref=None, actor_id=actor_id)
    inn = receive(
        to_centre_id,
        item_id,
        quantity,
        kind="transfer_in",
        ref=f"market.stock:{out.id}",
        unit_cost_satang=None,
        actor_id=actor_id,
    )
    out.ref = f"market.stock:{inn.id}"
    db.session.flush()
    return out, inn


# --- checks ---------------------------------------------------------------------


def check_quantity(quantity, field: str = "quantity") -> int:
    if (
        isinstance(quantity, bool)
        or not isinstance(quantity, int)
        or quantity <= 0
        or quantity > MAX_QUANTITY
    ):
        raise InvalidQuantity(field=field)
    return quantity


def _check_unit(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidQuantity(field="unit_cost")
    return value


def _check_kind(kind: str, allowed: tuple[str, ...]) -> None:
    if kind not in allowed:
        raise UnknownKind(kind=kind)


def _item(item_id) -> Item:
    item = db.session.get(Item, item_id) if isinstance(item_id, int) else None
    if item is None or item.tenant_id != require_tenant_id():
        raise ItemNotFound(field="item_id")
    return item


def _centre(centre_id) -> Centre:
    centre = db.session.get(Centre, centre_id) if isinstance(centre_id, int) else None
    if centre is None or centre.tenant_id != require_tenant_id():
        raise CentreNotFound(field="centre_id")
    return centre


# --- the conditional update and the log ------------------------------------------


def _update(centre_id: int, item_id: int, values: dict, condition):
    stmt = (
        sa.update(StockLevel)
        .where(
            StockLevel.tenant_id == require_tenant_id(),
            StockLevel.centre_id == centre_id,
            StockLevel.item_id == item_id,
            condition,
        )
        .values(**values)
        .returning(StockLevel.id, StockLevel.on_hand, StockLevel.reserved, StockLevel.low_alerted)
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(stmt).one_or_none()


def _ensure_level(centre_id: int, item_id: int) -> None:
    exists = db.session.scalar(
        sa.select(StockLevel.id).where(
            StockLevel.centre_id == centre_id, StockLevel.item_id == item_id
        )
    )
    if exists is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(StockLevel(centre_id=centre_id, item_id=item_id, on_hand=0, reserved=0))
            db.session.flush()
    except IntegrityError:
        pass  # another transaction created it first


def _record(
    centre_id: int,
    item: Item,
    quantity: int,
    *,
    kind: str,
    ref: str | None,
    actor_id: int | None,
    unit: int | None = None,
    party: str | None = None,
    reason: str | None = None,
    details: dict | None = None,
) -> StockMovement:
    unit = item.cost_satang if unit is None else unit
    movement = StockMovement(
        centre_id=centre_id,
        item_id=item.id,
        kind=kind,
        quantity=quantity,
        unit_value_satang=unit,
        value_satang=unit * abs(quantity),
        standard_value_satang=item.cost_satang * abs(quantity),
        ref=ref,
        party=(party or "").strip() or None,
        reason=reason,
        details=details or {},
        actor_id=actor_id,
    )
    db.session.add(movement)
    db.session.flush()
    entry = valuation.post_movement(movement, item.name_th, actor_id)
    if entry is not None:
        movement.journal_entry_id = entry.id
        db.session.flush()
    return movement


def _after_decrease(centre_id: int, item: Item, row) -> None:
    alerts.check_low(
        centre_id,
        item,
        level_id=row.id,
        available=row.on_hand - row.reserved,
        alerted=row.low_alerted,
    )


def _after_increase(centre_id: int, item: Item, row) -> None:
    if (
        row is not None
        and row.low_alerted
        and row.on_hand - row.reserved > item.low_stock_threshold
    ):
        alerts.clear_low(row.id)


def _not_enough(item: Item, centre_id: int, needed: int) -> NotEnoughStock:
    return NotEnoughStock(item=item.name_th, available=available(centre_id, item.id), needed=needed)


def _not_reserved(item: Item, centre_id: int, needed: int) -> NotEnoughReserved:
    current = level(centre_id, item.id)
    return NotEnoughReserved(
        item=item.name_th, reserved=current.reserved if current else 0, needed=needed
    )
