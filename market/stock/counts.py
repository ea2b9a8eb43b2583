"""Stock counts: start (snapshot of on hand) → enter counts → confirm →
finalise into adjustments (counted − expected), or cancel."""

from __future__ import annotations

import sqlalchemy as sa

from core.audit.services import record
from core.db import db, utcnow
from core.errors import N_, Conflict, NotFound, ValidationError
from core.tenancy.context import require_tenant_id
from market.catalog import parsing
from market.catalog import services as catalog
from market.models.catalog import Item
from market.models.stock import StockCount, StockCountLine, StockLevel
from market.stock import services


class WrongState(Conflict):
    code = "market_count_wrong_state"
    message = N_("This count is %(status)s; it cannot be changed that way")


class Uncounted(ValidationError):
    code = "market_count_uncounted"
    message = N_("%(count)s items have not been counted yet")


class CountOpen(Conflict):
    code = "market_count_open"
    message = N_("A count of this centre is already open")


def get(count_id) -> StockCount:
    row = db.session.get(StockCount, count_id) if isinstance(count_id, int) else None
    if row is None or row.tenant_id != require_tenant_id():
        raise NotFound(N_("This stock count does not exist"))
    return row


def counts(centre_id: int | None = None) -> list[StockCount]:
    stmt = sa.select(StockCount).order_by(StockCount.id.desc())
    if centre_id:
        stmt = stmt.where(StockCount.centre_id == centre_id)
    return list(db.session.scalars(stmt.limit(100)))


def start(centre_id: int, *, actor_id: int | None, note: str | None = None) -> StockCount:
    centre = catalog.get_centre(centre_id)
    open_count = db.session.scalar(
        sa.select(StockCount.id).where(
            StockCount.centre_id == centre.id, StockCount.status.in_(("counting", "confirmed"))
        )
    )
    if open_count is not None:
        raise CountOpen()
    count = StockCount(
        centre_id=centre.id,
        status="counting",
        note=(note or "").strip()[:500] or None,
        created_by_id=actor_id,
    )
    db.session.add(count)
    db.session.flush()
    on_hand = dict(
        db.session.execute(
            sa.select(StockLevel.item_id, StockLevel.on_hand).where(
                StockLevel.centre_id == centre.id
            )
        ).all()
    )
    item_ids = db.session.scalars(
        sa.select(Item.id).where(Item.active.is_(True)).order_by(Item.name_th)
    )
    for item_id in item_ids:
        db.session.add(
            StockCountLine(count_id=count.id, item_id=item_id, expected=on_hand.get(item_id, 0))
        )
    db.session.flush()
    record(
        "market.count.start",
        actor_id=actor_id,
        target_type="market_stock_count",
        target_id=count.id,
    )
    return count


def enter(count: StockCount, data: dict, *, actor_id: int | None) -> None:
    """``data`` maps ``line-<id>`` (or line ids) to the counted quantity; blanks are skipped."""
    _require(count, "counting")
    for line in count.lines:
        key = f"line-{line.id}"
        if key not in data and line.id not in data and str(line.id) not in data:
            continue
        raw = {key: data.get(key, data.get(line.id, data.get(str(line.id))))}
        value = parsing.whole(raw, key, minimum=0)
        if value is not None:
            line.counted = value
    db.session.flush()


def confirm(count: StockCount, *, actor_id: int | None) -> None:
    _require(count, "counting")
    missing = sum(1 for line in count.lines if line.counted is None)
    if missing:
        raise Uncounted(count=missing)
    count.status = "confirmed"
    count.confirmed_by_id = actor_id
    db.session.flush()
    record(
        "market.count.confirm",
        actor_id=actor_id,
        target_type="market_stock_count",
        target_id=count.id,
    )


def finalise(count: StockCount, *, actor_id: int | None) -> int:
    """Turn the differences into adjustments; returns how many were made."""
    _require(count, "confirmed")
    # Claim the count first, so two clicks cannot finalise it twice.
    claimed = db.session.execute(
        sa.update(StockCount)
        .where(StockCount.id == count.id, StockCount.status == "confirmed")
        .values(status="finalised", finalised_by_id=actor_id, finalised_at=utcnow())
        .returning(StockCount.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if claimed is None:
        raise WrongState(status="finalised")
    made = 0
    for line in count.lines:
        if line.difference:
            services.adjust(
                count.centre_id,
                line.item_id,
                line.difference,
                reason=f"stock count #{count.id}",
                actor_id=actor_id,
                ref=f"market.count:{count.id}",
            )
            made += 1
    db.session.refresh(count)
    record(
        "market.count.finalise",
        actor_id=actor_id,
        target_type="market_stock_count",
        target_id=count.id,
        after={"adjustments": made},
    )
    return made


def cancel(count: StockCount, *, actor_id: int | None) -> None:
    if count.status not in ("counting", "confirmed"):
        raise WrongState(status=count.status)
    count.status = "cancelled"
    db.session.flush()


def _require(count: StockCount, status: str) -> None:
    if count.status != status:
        raise WrongState(status=count.status)
