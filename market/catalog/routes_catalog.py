"""Catalogue pages: centres with service points, categories, items and kits."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

import market.catalog.permissions  # noqa: F401  (declares the permissions first)
from core.auth.policies import can, require
from core.boundary import refusal, writes
from market import bp
from market.catalog import extensions, queries, services, wallet_order
from market.catalog.web import errors_of, int_arg, posted

CHECKBOXES = ("active", "is_kit", "lendable")


def _villages():
    return queries.villages()


def _form_data() -> dict:
    data = posted()
    for name in CHECKBOXES:
        data[name] = name in request.form
    return data


# --- centres ----------------------------------------------------------------------


@bp.get("/centres")
@require("market.catalog.view")
def centres():
    return render_template(
        "market/catalog/centres.html",
        centres=services.centres(),
        can_manage=can(current_user, "market.catalog.manage", g.tenant.id),
    )


def _centre_form(centre=None):
    data = (
        {
            "name": centre.name,
            "address": centre.address,
            "village_id": centre.village_id,
            "active": centre.active,
            "checkin_before_minutes": centre.checkin_before_minutes,
            "checkin_after_minutes": centre.checkin_after_minutes,
            "wallet_order": centre.wallet_order,
        }
        if centre
        else {"active": True}
    )
    errors: dict = {}
    if request.method == "POST":
        data = _form_data()
        with refusal() as refused:
            centre = services.save_centre(data, centre=centre, actor_id=current_user.id)
            flash(_("Saved"), "success")
            return redirect(url_for("market.centre", centre_id=centre.id))
        if exc := refused.error:
            errors = errors_of(exc)
    return render_template(
        "market/catalog/centre_form.html",
        centre=centre,
        data=data,
        errors=errors,
        villages=_villages(),
        wallet_orders=_wallet_orders(),
    ), (422 if errors else 200)


def _wallet_orders() -> list[tuple[str, str]]:
    return wallet_order.choices()


@bp.route("/centres/new", methods=["GET", "POST"])
@require("market.catalog.manage")
@writes
def new_centre():
    return _centre_form()


@bp.route("/centres/<int:centre_id>/edit", methods=["GET", "POST"])
@require("market.catalog.manage")
@writes
def edit_centre(centre_id: int):
    return _centre_form(services.get_centre(centre_id))


@bp.get("/centres/<int:centre_id>")
@require("market.catalog.view")
def centre(centre_id: int):
    centre = services.get_centre(centre_id)
    return render_template(
        "market/catalog/centre.html",
        centre=centre,
        wallet_order_label=dict(_wallet_orders()).get(centre.wallet_order, centre.wallet_order),
        errors={},
        data={},
        can_manage=can(current_user, "market.catalog.manage", g.tenant.id),
    )


@bp.post("/centres/<int:centre_id>/points")
@require("market.catalog.manage")
@writes
def add_service_point(centre_id: int):
    centre = services.get_centre(centre_id)
    data = posted()
    with refusal() as refused:
        services.add_service_point(centre, data, actor_id=current_user.id)
        return redirect(url_for("market.centre", centre_id=centre.id))
    if exc := refused.error:
        centre = services.get_centre(centre_id)
        return render_template(
            "market/catalog/centre.html",
            centre=centre,
            wallet_order_label=dict(_wallet_orders()).get(centre.wallet_order, centre.wallet_order),
            errors=errors_of(exc),
            data=data,
            can_manage=True,
        ), 422


# --- categories -----------------------------------------------------------------------


@bp.route("/categories", methods=["GET", "POST"])
@require("market.catalog.view")
@writes
def categories():
    errors: dict = {}
    data: dict = {}
    manage = can(current_user, "market.catalog.manage", g.tenant.id)
    if request.method == "POST":
        if not manage:
            from core.errors import Forbidden

            raise Forbidden()
        data = posted()
        with refusal() as refused:
            services.save_category(data, actor_id=current_user.id)
            return redirect(url_for("market.categories"))
        if exc := refused.error:
            errors = errors_of(exc)
    return render_template(
        "market/catalog/categories.html",
        categories=services.categories(),
        data=data,
        errors=errors,
        can_manage=manage,
    ), (422 if errors else 200)


# --- items and kits ------------------------------------------------------------------


@bp.get("/items")
@require("market.catalog.view")
def items():
    category_id = int_arg("category")
    q = request.args.get("q", "")[:100]
    return render_template(
        "market/catalog/items.html",
        items=services.items(category_id=category_id, q=q),
        categories=services.categories(),
        category_id=category_id,
        q=q,
        can_manage=can(current_user, "market.catalog.manage", g.tenant.id),
    )


def _item_form(item=None):
    if item:
        data = {
            "name_th": item.name_th,
            "name_en": item.name_en,
            "unit": item.unit,
            "category_id": item.category_id,
            "price": f"{item.price_satang / 100:.2f}",
            "cost": f"{item.cost_satang / 100:.2f}",
            "limit_per_household": item.limit_per_household,
            "low_stock_threshold": item.low_stock_threshold,
            "is_kit": item.is_kit,
            "lendable": item.lendable,
            "active": item.active,
        }
    else:
        data = {"active": True}
    errors: dict = {}
    if request.method == "POST":
        data = _form_data()
        with refusal() as refused:
            item = services.save_item(data, item=item, actor_id=current_user.id)
            flash(_("Saved"), "success")
            return redirect(url_for("market.item", item_id=item.id))
        if exc := refused.error:
            errors = errors_of(exc)
    return render_template(
        "market/catalog/item_form.html",
        item=item,
        data=data,
        errors=errors,
        categories=services.categories(),
    ), (422 if errors else 200)


@bp.route("/items/new", methods=["GET", "POST"])
@require("market.catalog.manage")
@writes
def new_item():
    return _item_form()


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@require("market.catalog.manage")
@writes
def edit_item(item_id: int):
    return _item_form(services.get_item(item_id))


def _item_page(item, errors=None, data=None, status=200):
    panels = {"stock_rows": [], **extensions.item_panels(item)}  # the stock per centre, from the stock area
    return render_template(
        "market/catalog/item.html",
        item=item,
        components=services.components(item) if item.is_kit else [],
        errors=errors or {},
        data=data or {},
        candidates=[
            i for i in services.items(active_only=True) if not i.is_kit and i.id != item.id
        ],
        can_manage=can(current_user, "market.catalog.manage", g.tenant.id),
        **panels,
    ), status


@bp.get("/items/<int:item_id>")
@require("market.catalog.view")
def item(item_id: int):
    return _item_page(services.get_item(item_id))


@bp.post("/items/<int:item_id>/components")
@require("market.catalog.manage")
@writes
def set_component(item_id: int):
    kit = services.get_item(item_id)
    data = posted()
    with refusal() as refused:
        services.set_component(kit, data, actor_id=current_user.id)
        return redirect(url_for("market.item", item_id=kit.id))
    if exc := refused.error:
        return _item_page(services.get_item(item_id), errors_of(exc), data, 422)
