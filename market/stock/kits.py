"""Kits (the survival bag): assembling n kits consumes n × each component
and puts n kits in stock, valued at the components' standard cost."""

from __future__ import annotations

from core.errors import N_, ValidationError
from market.catalog import services as catalog
from market.stock import services


class NotAKit(ValidationError):
    code = "market_not_a_kit"
    message = N_("Only a kit has components")


class EmptyKit(ValidationError):
    code = "market_empty_kit"
    message = N_("This kit has no components yet")


def assemble(centre_id: int, kit_id: int, quantity: int, *, actor_id: int | None):
    """All or nothing: a missing component refuses the whole assembly
    (the caller's transaction is rolled back)."""
    quantity = services.check_quantity(quantity)
    kit = catalog.get_item(kit_id)
    if not kit.is_kit:
        raise NotAKit(field="item_id")
    lines = sorted(catalog.components(kit), key=lambda line: line.component_id)  # fixed lock order
    if not lines:
        raise EmptyKit(field="item_id")
    ref = f"market.kit:{kit.id}"
    unit_cost = 0
    for line in lines:
        services.issue(
            centre_id,
            line.component_id,
            line.quantity * quantity,
            kind="kit_out",
            ref=ref,
            actor_id=actor_id,
        )
        unit_cost += line.component.cost_satang * line.quantity
    return services.receive(
        centre_id,
        kit.id,
        quantity,
        kind="kit_in",
        ref=ref,
        unit_cost_satang=unit_cost,
        actor_id=actor_id,
    )


def buildable(centre_id: int, kit) -> int:
    """How many kits the available components allow."""
    lines = catalog.components(kit)
    if not lines:
        return 0
    return min(services.available(centre_id, line.component_id) // line.quantity for line in lines)
