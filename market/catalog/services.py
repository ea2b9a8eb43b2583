"""Catalogue verbs: centres, service points, categories, items and kits.

Input is a dict (a form's data or an API body); errors name their field.
Services flush, never commit.
"""

from __future__ import annotations

import sqlalchemy as sa

from core.audit.services import record, snapshot
from core.db import db
from core.errors import N_, Conflict, NotFound, ValidationError
from core.registry.models import Village
from core.tenancy.context import require_tenant_id
from market.catalog import extensions, parsing, wallet_order
from market.models.catalog import Category, Centre, Item, KitComponent, ServicePoint
from market.models.stock import StockLevel


class DuplicateName(Conflict):
    code = "market_duplicate_name"
    message = N_("This name is already used")


class NotAKit(ValidationError):
    code = "market_not_a_kit"
    message = N_("Only a kit has components")


class KitInKit(ValidationError):
    code = "market_kit_in_kit"
    message = N_("A kit cannot be a component of a kit")


class InvalidChoice(ValidationError):
    code = "invalid_choice"
    message = N_("Choose one of the options")


# --- lookups ----------------------------------------------------------------------


def _get(model, row_id, message: str):
    row = (
        db.session.get(model, row_id)
        if isinstance(row_id, int) and not isinstance(row_id, bool)
        else None
    )
    if row is None or row.tenant_id != require_tenant_id():
        raise NotFound(message)
    return row


def get_centre(centre_id) -> Centre:
    return _get(Centre, centre_id, N_("This centre does not exist in this organisation"))


def get_item(item_id) -> Item:
    return _get(Item, item_id, N_("This item does not exist in this organisation"))


def get_category(category_id) -> Category:
    return _get(Category, category_id, N_("This category does not exist in this organisation"))


def get_service_point(point_id) -> ServicePoint:
    return _get(
        ServicePoint, point_id, N_("This service point does not exist in this organisation")
    )


def centres(active_only: bool = False) -> list[Centre]:
    stmt = sa.select(Centre).order_by(Centre.name)
    if active_only:
        stmt = stmt.where(Centre.active.is_(True))
    return list(db.session.scalars(stmt))


def categories() -> list[Category]:
    return list(db.session.scalars(sa.select(Category).order_by(Category.name_th)))


def items(*, active_only: bool = False, category_id: int | None = None, q: str = "") -> list[Item]:
    stmt = sa.select(Item).order_by(Item.name_th)
    if active_only:
        stmt = stmt.where(Item.active.is_(True))
    if category_id:
        stmt = stmt.where(Item.category_id == category_id)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(sa.or_(Item.name_th.ilike(like), Item.name_en.ilike(like)))
    return list(db.session.scalars(stmt))


# --- centres and service points ------------------------------------------------------


def _choice_id(data: dict, name: str, model, message: str) -> int | None:
    raw = data.get(name)
    if raw in (None, "", 0, "0"):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise InvalidChoice(field=name) from None
    row = db.session.get(model, value)
    if row is None or row.tenant_id != require_tenant_id():
        raise InvalidChoice(field=name)
    return value


def _flag(data: dict, name: str, default: bool) -> bool:
    value = data.get(name, default)
    if isinstance(value, str):
        return value.lower() in ("1", "y", "yes", "true", "on")
    return bool(value)


def save_centre(data: dict, *, centre: Centre | None = None, actor_id: int | None) -> Centre:
    values = {
        "name": parsing.text(data, "name", required=True),
        "address": parsing.text(data, "address", length=1000),
        "village_id": _choice_id(data, "village_id", Village, ""),
        "active": _flag(data, "active", True),
        **_queue_and_wallet_settings(data, centre),
    }
    before = snapshot(centre) if centre else None
    if centre is None:
        centre = Centre(**values)
        db.session.add(centre)
    else:
        for key, value in values.items():
            setattr(centre, key, value)
    _flush_unique("name")
    record(
        "market.centre.save",
        actor_id=actor_id,
        target_type="market_centre",
        target_id=centre.id,
        before=before,
        after=snapshot(centre),
    )
    return centre


def _queue_and_wallet_settings(data: dict, centre: Centre | None) -> dict:
    """The check-in window (minutes around a slot) and the order in which the
    household wallet pays; a field left out keeps what the centre has."""
    from market.rounds import policies

    values = {}
    for name, default in (
        ("checkin_before_minutes", policies.DEFAULT_BEFORE_MINUTES),
        ("checkin_after_minutes", policies.DEFAULT_AFTER_MINUTES),
    ):
        try:
            typed = parsing.whole(data, name, maximum=policies.MAX_WINDOW_MINUTES)
        except parsing.InvalidNumber:
            raise ValidationError(N_("Between 0 and 720 minutes"), field=name) from None
        kept = getattr(centre, name, None)
        values[name] = typed if typed is not None else (kept if kept is not None else default)
    if data.get("wallet_order") not in (None, ""):
        values["wallet_order"] = ",".join(wallet_order.parse_order(data["wallet_order"]))
    elif centre is None:
        values["wallet_order"] = ",".join(wallet_order.DEFAULT_ORDER)
    return values


def add_service_point(centre: Centre, data: dict, *, actor_id: int | None) -> ServicePoint:
    point = ServicePoint(
        centre_id=centre.id, name=parsing.text(data, "name", required=True, length=120)
    )
    db.session.add(point)
    _flush_unique("name")
    record(
        "market.service_point.add",
        actor_id=actor_id,
        target_type="market_service_point",
        target_id=point.id,
        after=snapshot(point),
    )
    return point


def save_category(
    data: dict, *, category: Category | None = None, actor_id: int | None
) -> Category:
    values = {
        "name_th": parsing.text(data, "name_th", required=True, length=120),
        "name_en": parsing.text(data, "name_en", length=120) or "",
    }
    if category is None:
        category = Category(**values)
        db.session.add(category)
    else:
        for key, value in values.items():
            setattr(category, key, value)
    _flush_unique("name_th")
    return category


# --- items and kits ---------------------------------------------------------------


def save_item(data: dict, *, item: Item | None = None, actor_id: int | None) -> Item:
    values = {
        "name_th": parsing.text(data, "name_th", required=True),
        "name_en": parsing.text(data, "name_en") or "",
        "unit": parsing.text(data, "unit", required=True, length=40),
        "category_id": _choice_id(data, "category_id", Category, ""),
        "price_satang": parsing.satang(data, "price", required=True),
        "cost_satang": parsing.satang(data, "cost", required=True),
        "limit_per_household": parsing.whole(data, "limit_per_household", minimum=1),
        "low_stock_threshold": parsing.whole(data, "low_stock_threshold", minimum=0) or 0,
        "is_kit": _flag(data, "is_kit", item.is_kit if item else False),
        "lendable": _flag(data, "lendable", item.lendable if item else False),
        "active": _flag(data, "active", True),
    }
    if item is not None and item.is_kit and not values["is_kit"] and item.components:
        raise NotAKit(field="is_kit")
    before = snapshot(item) if item else None
    if item is None:
        item = Item(**values)
        db.session.add(item)
    else:
        if values["cost_satang"] != item.cost_satang:
            extensions.cost_changing(item, values["cost_satang"], actor_id=actor_id)
        for key, value in values.items():
            setattr(item, key, value)
    _flush_unique("name_th")
    record(
        "market.item.save",
        actor_id=actor_id,
        target_type="market_item",
        target_id=item.id,
        before=before,
        after=snapshot(item),
    )
    return item


def set_component(kit: Item, data: dict, *, actor_id: int | None) -> KitComponent | None:
    """Put ``quantity`` of a component into the kit's bill of materials (0 removes it)."""
    if not kit.is_kit:
        raise NotAKit()
    component_id = _choice_id(data, "component_id", Item, "")
    if component_id is None:
        raise parsing.Required(field="component_id")
    component = get_item(component_id)
    if component.is_kit or component.id == kit.id:
        raise KitInKit(field="component_id")
    quantity = parsing.whole(data, "quantity", minimum=0, required=True)
    line = db.session.scalar(
        sa.select(KitComponent).where(
            KitComponent.kit_id == kit.id, KitComponent.component_id == component.id
        )
    )
    if quantity == 0:
        if line is not None:
            db.session.delete(line)
            db.session.flush()
        return None
    if line is None:
        line = KitComponent(kit_id=kit.id, component_id=component.id, quantity=quantity)
        db.session.add(line)
    else:
        line.quantity = quantity
    db.session.flush()
    record(
        "market.kit.component",
        actor_id=actor_id,
        target_type="market_item",
        target_id=kit.id,
        after={"component_id": component.id, "quantity": quantity},
    )
    return line


def components(kit: Item) -> list[KitComponent]:
    return list(
        db.session.scalars(
            sa.select(KitComponent).where(KitComponent.kit_id == kit.id).order_by(KitComponent.id)
        )
    )


def has_stock(item: Item) -> bool:
    return bool(
        db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(StockLevel.on_hand), 0)).where(
                StockLevel.item_id == item.id
            )
        )
    )


def _flush_unique(field: str) -> None:
    from sqlalchemy.exc import IntegrityError

    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise DuplicateName(field=field) from None
