"""Stock actions from a form or an API body: parse, check, call one service."""

from __future__ import annotations

from core.ceilings import services as ceilings
from core.errors import N_, ValidationError
from market.catalog import parsing
from market.catalog import services as catalog
from market.stock import kits, services

RECEIPT_CHOICES = ("purchase", "donation", "return")
ISSUE_CHOICES = ("distribution", "loss")


class InvalidKind(ValidationError):
    code = "invalid_choice"
    message = N_("Choose one of the options")


def _ids(data: dict) -> tuple[int, int]:
    centre = catalog.get_centre(_int(data, "centre_id"))
    item = catalog.get_item(_int(data, "item_id"))
    return centre.id, item.id


def _int(data: dict, name: str) -> int:
    return parsing.whole(data, name, minimum=1, required=True, maximum=2**62)


def receipt(data: dict, *, actor_id: int | None):
    kind = data.get("kind") or "purchase"
    if kind not in RECEIPT_CHOICES:
        raise InvalidKind(field="kind")
    centre_id, item_id = _ids(data)
    quantity = parsing.whole(data, "quantity", minimum=1, required=True)
    ceilings.guard("stock_movement", quantity)
    unit_cost = parsing.satang(data, "unit_cost")
    party = parsing.text(data, "party")
    if kind == "purchase" and not party:
        raise parsing.Required(field="party")
    return services.receive(
        centre_id,
        item_id,
        quantity,
        kind=kind,
        ref=parsing.text(data, "ref", length=120),
        unit_cost_satang=unit_cost,
        actor_id=actor_id,
        party=party,
        reason=parsing.text(data, "reason", length=500),
        funded_by_donations=data.get("funded_by_donations") in (True, "y", "on", "1", "true"),
    )


def issue(data: dict, *, actor_id: int | None):
    kind = data.get("kind") or "distribution"
    if kind not in ISSUE_CHOICES:
        raise InvalidKind(field="kind")
    centre_id, item_id = _ids(data)
    quantity = parsing.whole(data, "quantity", minimum=1, required=True)
    ceilings.guard("stock_movement", quantity)
    return services.issue(
        centre_id,
        item_id,
        quantity,
        kind=kind,
        ref=parsing.text(data, "ref", length=120),
        actor_id=actor_id,
        reason=parsing.text(data, "reason", length=500),
    )


def adjustment(data: dict, *, actor_id: int | None):
    centre_id, item_id = _ids(data)
    delta = parsing.whole(data, "delta", minimum=-1_000_000, required=True)
    ceilings.guard("stock_movement", abs(delta))
    return services.adjust(
        centre_id,
        item_id,
        delta,
        reason=parsing.text(data, "reason", length=500) or "",
        actor_id=actor_id,
    )


def transfer(data: dict, *, actor_id: int | None):
    centre_id, item_id = _ids(data)
    to = catalog.get_centre(_int(data, "to_centre_id"))
    quantity = parsing.whole(data, "quantity", minimum=1, required=True)
    ceilings.guard("stock_movement", quantity)
    return services.transfer(centre_id, to.id, item_id, quantity, actor_id=actor_id)


def assemble(data: dict, *, actor_id: int | None):
    centre_id, item_id = _ids(data)
    quantity = parsing.whole(data, "quantity", minimum=1, required=True)
    return kits.assemble(centre_id, item_id, quantity, actor_id=actor_id)


def replay(action: str):
    """For a held stock movement confirmed by a second person: the same form
    data again, as the person who asked."""
    verb = {"receive": receipt, "issue": issue, "adjust": adjustment, "transfer": transfer}[action]

    def run(payload: dict, requested_by: int) -> str:
        movement = verb(payload, actor_id=requested_by)
        first = movement[0] if isinstance(movement, tuple) else movement
        return f"market.stock:{first.id}"

    return run


for _action in ("receive", "issue", "adjust", "transfer"):
    ceilings.register(f"market.stock.{_action}", replay(_action))
