"""The household's own page, and the same page opened by staff on behalf of
a household with no phone (found by its code; each opening audited)."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from flask_login import current_user

from core.audit.services import record
from core.auth.policies import can, require
from core.boundary import writes
from core.registry.queries import household_by_code, household_of_user
from market import bp
from market.household import (
    permissions,  # noqa: F401  (declares the permissions)
    queries,
)
from market.orders import policies as order_policies
from market.orders import services as orders
from market.rounds import labels  # noqa: F401  (the status filters)
from market.rounds import services as round_services

TEMPLATE = "market/household/page.html"


def _render(household_id: int, *, on_behalf: bool):
    data = queries.page(household_id)
    return render_template(
        TEMPLATE, page=data, on_behalf=on_behalf, online=orders.online_methods(g.tenant),
        wallet_labels=queries.instruments.LABELS, order_labels=order_policies.STATUS_LABELS,
        can_book=can(current_user, "market.rounds.book", g.tenant.id),
        can_order=on_behalf or can(current_user, "market.orders.own", g.tenant.id),
        rounds=round_services.bookable_rounds(),
    ), 200, {"Cache-Control": "private, no-store"}


@bp.get("/household")
@require("market.household.own")
def household_mine():
    """The first thing a household member looks for: its coupons, its queue
    card and what it still has to pay."""
    household_id = household_of_user(current_user.id)
    if household_id is None:
        return render_template(TEMPLATE, page=None, on_behalf=False)
    return _render(household_id, on_behalf=False)


@bp.get("/households/")
@require("market.household.act_for")
def household_find():
    """Staff find a household by its code to open its page on its behalf."""
    code = (request.args.get("code") or "").strip()[:40]
    error = None
    if code:
        found = household_by_code(code)
        if found is not None:
            return redirect(url_for("market.household_for", household_id=found.id))
        error = queries.HouseholdNotFound(field="code")
    return render_template("market/household/find.html", code=code, error=error), (404 if error else 200)


@bp.get("/households/<int:household_id>")
@require("market.household.act_for")
@writes
def household_for(household_id: int):
    """The household's page as staff see it when acting for the household;
    another organisation's household is not found (404)."""
    queries.household(household_id)
    record("market.household.open_on_behalf", actor_id=current_user.id, target_type="household",
           target_id=household_id, ip=request.remote_addr)
    return _render(household_id, on_behalf=True)
