"""Stock pages: levels per centre, receipts, issues, adjustments, transfers,
kit assembly, the movement log and stock counts."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

import market.catalog.permissions  # noqa: F401  (declares the permissions first)
from core.auth.policies import can, require
from core.boundary import refusal, writes
from core.ceilings import services as ceilings
from core.ceilings.web import hold
from core.forms import parse
from market import bp
from market.catalog import services as catalog
from market.catalog.web import errors_of, int_arg, posted
from market.stock import commands, counts, queries

ACTIONS = {
    "receive": (_l("Receive goods"), commands.receipt),
    "issue": (_l("Issue goods"), commands.issue),
    "adjust": (_l("Adjust stock"), commands.adjustment),
    "transfer": (_l("Transfer between centres"), commands.transfer),
    "assemble": (_l("Assemble kits"), commands.assemble),
}


def _plain(data) -> dict:
    """Form data as JSON to keep with a held request."""
    return {k: v for k, v in dict(data).items() if k != "csrf_token" and isinstance(v, str | int | bool)}


def _centre_or_first():
    centres = catalog.centres()
    wanted = int_arg("centre")
    chosen = next((c for c in centres if c.id == wanted), centres[0] if centres else None)
    return centres, chosen


@bp.get("/stock")
@require("market.stock.view")
def stock():
    centres, chosen = _centre_or_first()
    return render_template(
        "market/stock/levels.html",
        centres=centres,
        centre=chosen,
        rows=queries.levels(chosen.id) if chosen else [],
        can_manage=can(current_user, "market.stock.manage", g.tenant.id),
        can_count=can(current_user, "market.stock.count", g.tenant.id),
    )


@bp.route(
    "/stock/<any(receive, issue, adjust, transfer, assemble):action>", methods=["GET", "POST"]
)
@require("market.stock.manage")
@writes
def stock_action(action: str):
    title, command = ACTIONS[action]
    data = {"centre_id": int_arg("centre"), "item_id": int_arg("item")}
    errors: dict = {}
    if request.method == "POST":
        data = posted()
        with refusal() as refused:
            command(data, actor_id=current_user.id)
            flash(_("Saved"), "success")
            centre_id = data.get("centre_id")
            return redirect(
                url_for("market.stock", centre=centre_id if str(centre_id).isdigit() else None)
            )
        if isinstance(exc := refused.error, ceilings.NeedsSecondPerson):
            hold(exc, action=f"market.stock.{action}", payload=_plain(data), summary=str(title))
            return redirect(url_for("ceilings.index"))
        if exc:
            errors = errors_of(exc)
    items = catalog.items(active_only=True)
    if action == "assemble":
        items = [i for i in items if i.is_kit]
    return render_template(
        "market/stock/action.html",
        action=action,
        title=title,
        data=data,
        errors=errors,
        centres=catalog.centres(),
        items=items,
    ), (422 if errors else 200)


@bp.get("/stock/movements")
@require("market.stock.view")
def movements():
    centre_id, item_id = int_arg("centre"), int_arg("item")
    page = int_arg("page") or 1
    return render_template(
        "market/stock/movements.html",
        movements=queries.movements(centre_id=centre_id, item_id=item_id, page=page),
        centres=catalog.centres(),
        centre_id=centre_id,
        item_id=item_id,
        page=page,
    )


# --- counts ---------------------------------------------------------------------------


@bp.route("/stock/counts", methods=["GET", "POST"])
@require("market.stock.view")
@writes
def stock_counts():
    errors: dict = {}
    if request.method == "POST":
        if not can(current_user, "market.stock.count", g.tenant.id):
            abort(403)
        centre_id = parse.id_or_none(request.form.get("centre_id"))
        with refusal() as refused:
            count = counts.start(centre_id, actor_id=current_user.id, note=request.form.get("note"))
            return redirect(url_for("market.stock_count", stock_count_id=count.id))
        if exc := refused.error:
            errors = errors_of(exc)
    return render_template(
        "market/stock/counts.html",
        counts=counts.counts(),
        centres=catalog.centres(),
        errors=errors,
        can_count=can(current_user, "market.stock.count", g.tenant.id),
    ), (422 if errors else 200)


@bp.route("/stock/counts/<int:stock_count_id>", methods=["GET", "POST"])
@require("market.stock.view")
@writes
def stock_count(stock_count_id: int):
    count = counts.get(stock_count_id)
    errors: dict = {}
    if request.method == "POST":
        step = request.form.get("step", "enter")
        needed = "market.stock.finalise" if step == "finalise" else "market.stock.count"
        if not can(current_user, needed, g.tenant.id):
            abort(403)
        with refusal() as refused:
            if step == "enter":
                counts.enter(count, posted(), actor_id=current_user.id)
            elif step == "confirm":
                counts.enter(count, posted(), actor_id=current_user.id)
                counts.confirm(count, actor_id=current_user.id)
            elif step == "finalise":
                made = counts.finalise(count, actor_id=current_user.id)
                flash(_("Count finalised: %(n)s adjustments", n=made), "success")
            elif step == "cancel":
                counts.cancel(count, actor_id=current_user.id)
            else:
                abort(400)
            return redirect(url_for("market.stock_count", stock_count_id=count.id))
        if exc := refused.error:
            errors = errors_of(exc)
            count = counts.get(stock_count_id)
    return render_template(
        "market/stock/count.html",
        count=count,
        errors=errors,
        can_count=can(current_user, "market.stock.count", g.tenant.id),
        can_finalise=can(current_user, "market.stock.finalise", g.tenant.id),
    ), (422 if errors else 200)


@bp.context_processor
def _stock_labels() -> dict:
    from market.stock import labels

    return {
        "count_status_labels": labels.COUNT_STATUS,
        "movement_kind_labels": labels.MOVEMENT_KIND,
        "network_status_labels": labels.NETWORK_STATUS,
    }
