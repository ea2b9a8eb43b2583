"""Order pages: a household's own orders and the order form; staff lists,
placing on a household's behalf, payment (coupons, cash, PromptPay, card),
packing, collection, cancellation, packing lists per slot and Thai receipts."""

from __future__ import annotations

import secrets

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.auth.policies import can, require
from core.boundary import abandon, refusal, writes
from core.ceilings.services import NeedsSecondPerson
from core.ceilings.web import hold
from core.errors import DomainError, Forbidden, NotFound
from core.forms import parse
from core.payments.thai_words import baht_text
from core.registry.queries import household_of_user
from market import bp
from market.catalog import units  # noqa: F401  (the unit filter)
from market.models.orders import Order
from market.orders import (
    held_cash,
    permissions,  # noqa: F401  (declares the permissions)
    policies,
    queries,
    services,
)


def _staff() -> bool:
    return can(current_user, "market.orders.manage", g.tenant.id)


def _viewer() -> bool:
    return can(current_user, "market.orders.view", g.tenant.id)


def _own_household() -> int | None:
    if not can(current_user, "market.orders.own", g.tenant.id):
        return None
    return household_of_user(current_user.id)


def _visible_order(order_id: int) -> Order:
    """Staff see every order of the tenant; a household only its own (any
    other order is simply not found)."""
    order = services.get(order_id)
    if _viewer():
        return order
    if order.household_id is not None and order.household_id == _own_household():
        return order
    raise NotFound()


_int = parse.id_or_none


def _fail(exc: DomainError, back: str):
    abandon()
    flash(exc.translated(), "error")
    return redirect(back)


@bp.get("/orders/")
@require("market.orders.view")
def orders_index():
    status = request.args.get("status") if request.args.get("status") in policies.STATUS_LABELS else None
    round_id = _int(request.args.get("round"))
    page = max(_int(request.args.get("page")) or 1, 1)
    rows, more = queries.orders(status=status, round_id=round_id, page=page)
    return render_template("market/orders/index.html", rows=rows, more=more, page=page, status=status,
                           round_id=round_id, rounds=queries.rounds(), labels=policies.STATUS_LABELS)


@bp.get("/orders/export.csv")
@require("market.orders.view")
def orders_csv():
    """The orders list as CSV with the page's filters and columns."""
    from core import csv_export
    from market.models.orders import Order

    status = request.args.get("status") if request.args.get("status") in policies.STATUS_LABELS else None
    stmt = queries.orders_query(status=status, round_id=_int(request.args.get("round")))

    def rows():
        for order, code in csv_export.batched(stmt, Order.id, scalars=False, key=lambda row: row[0].id):
            yield [order.id, code, _(policies.STATUS_LABELS[order.status]), csv_export.Satang(order.total),
                   csv_export.Satang(order.due), csv_export.local_time(order.placed_at)]

    return csv_export.response("orders", [_("Order"), _("Household"), _("Status"), _("Total"), _("Still to pay"),
                                          _("Placed")], rows, stream=True)


@bp.get("/orders/mine")
@require("market.orders.own")
def orders_mine():
    household_id = _own_household()
    rows = queries.household_orders(household_id) if household_id else []
    return render_template("market/orders/mine.html", rows=rows, household_id=household_id,
                           labels=policies.STATUS_LABELS, rounds=queries.open_rounds())


@bp.route("/orders/new", methods=["GET", "POST"])
@login_required
@writes
def orders_new():
    staff = _staff()
    own = _own_household()
    if not staff and own is None:
        raise Forbidden()
    rounds = queries.open_rounds()
    round_id = _int(request.values.get("round")) or (rounds[0].id if len(rounds) == 1 else None)
    chosen = next((r for r in rounds if r.id == round_id), None)
    offers = services.offers(chosen.id) if chosen else {}
    household_code = (request.values.get("household") or "").strip()[:40]
    error = None
    if request.method == "POST" and chosen is not None:
        with refusal() as refused:
            household_id = own if not staff or not household_code else queries.household_by_code(household_code)
            if household_id is None:
                raise services.HouseholdNotFound(field="household")
            items = {}
            for item_id in offers:
                raw = (request.form.get(f"qty_{item_id}") or "").strip()
                if raw and raw != "0":
                    items[item_id] = raw
            order = services.place(
                household_id=household_id, round_id=chosen.id, items=items, actor_id=current_user.id,
                on_behalf=staff and household_id != own, fulfilment=request.form.get("fulfilment", "pickup"),
                rest_method=request.form.get("rest_method", "cash"), note=request.form.get("note"),
            )
        if exc := refused.error:
            error = exc
        else:
            flash(_("Order %(id)s placed. The goods are set aside for you.", id=order.id), "success")
            return redirect(url_for("market.orders_detail", order_id=order.id))
    ordered = services.ordered_in_round(own, chosen.id) if chosen and own and not staff else {}
    status = 422 if error else 200
    return render_template(
        "market/orders/new.html", rounds=rounds, chosen=chosen, offers=offers, ordered=ordered, staff=staff,
        error=error, form=request.form, household_code=household_code, methods=_rest_methods(),
    ), status


def _rest_methods() -> dict:
    """Ways to pay the rest: online ones only when the organisation set them up."""
    online = services.online_methods(g.tenant)
    return {k: v for k, v in policies.METHOD_LABELS.items()
            if k not in services.ONLINE_REST_METHODS or k in online}


@bp.get("/orders/<int:order_id>")
@login_required
def orders_detail(order_id: int):
    order = _visible_order(order_id)
    coupons = queries.usable_coupons(order) if order.status in policies.OPEN and order.due else []
    wallet = _wallet(order)
    delivery = queries.delivery_of(order.id)
    return render_template(
        "market/orders/detail.html", order=order, staff=_staff(), viewer=_viewer(), labels=policies.STATUS_LABELS,
        methods=policies.METHOD_LABELS, payments=services.payments_of(order), receipts=services.receipts_of(order),
        coupons=coupons, delivery=delivery, delivery_labels=policies.DELIVERY_STATUS_LABELS, household=queries.household(order.household_id),
        can_move={t: policies.can_move(order.status, t) for t in policies.ALLOWED_FROM},
        cash_token=secrets.token_urlsafe(18), open=order.status in policies.OPEN,
        online=services.online_methods(g.tenant), overpaid=_overpaid(order), **wallet,
    )


def _wallet(order: Order) -> dict:
    """The household wallet's balances, for paying what is due from it."""
    from market.wallet import instruments

    if order.status not in policies.OPEN or not order.due:
        return {"wallet": None}
    centre = queries.centre(order.centre_id)
    return {
        "wallet": instruments.balances(order.household_id),
        "wallet_order": instruments.stored(centre.wallet_order if centre else None),
        "wallet_labels": instruments.LABELS,
    }


def _overpaid(order: Order) -> list:
    from core.payments.overpayments import services as overpayments

    return overpayments.of_purpose(order.purpose) if _staff() else []


@bp.post("/orders/<int:order_id>/coupons")
@login_required
@writes
def orders_pay_coupons(order_id: int):
    order = _visible_order(order_id)
    back = url_for("market.orders_detail", order_id=order.id)
    try:
        used = services.pay_with_coupons(order.id, actor_id=current_user.id)
    except DomainError as exc:
        return _fail(exc, back)
    flash(_("%(n)s coupon(s) used.", n=len(used)), "success")
    return redirect(back)


@bp.post("/orders/<int:order_id>/pay")
@login_required
@writes
def orders_pay(order_id: int):
    order = _visible_order(order_id)
    back = url_for("market.orders_detail", order_id=order.id)
    method = request.form.get("method")
    from core.payments import gateway
    from core.payments.promptpay import gateway as promptpay_gateway

    try:
        payment = services.start_payment(order.id, method if method in ("promptpay", "card") else "",
                                         actor_id=current_user.id)
        own_qr = payment.method == "promptpay" and not gateway.stripe_configured(g.tenant)
        if own_qr:  # the QR at once on the next page, not one more button to press
            promptpay_gateway.start(payment.id, tenant=g.tenant)
    except DomainError as exc:
        return _fail(exc, back)
    if own_qr:
        return redirect(url_for("payments.own_promptpay", payment_id=payment.id))
    return redirect(url_for("payments.pay", payment_id=payment.id))


@bp.post("/orders/<int:order_id>/cash")
@require("market.orders.manage")
@writes
def orders_cash(order_id: int):
    order = services.get(order_id)
    back = url_for("market.orders_detail", order_id=order.id)
    try:
        services.record_cash(order.id, actor_id=current_user.id, token=request.form.get("token") or "")
    except NeedsSecondPerson as exc:
        hold(exc, action=held_cash.ACTION, payload=held_cash.payload(order.id, request.form.get("token") or ""),
             summary=f"#{order.id}")
        return redirect(back)
    except DomainError as exc:
        return _fail(exc, back)
    flash(_("Cash received; the receipt is ready to print."), "success")
    return redirect(back)


@bp.post("/orders/<int:order_id>/overpayments/<int:overpayment_id>/store-credit")
@require("market.orders.manage")
@writes
def orders_keep_overpayment(order_id: int, overpayment_id: int):
    """The household keeps money it overpaid as store credit in its wallet."""
    from market.orders import overpaid

    order = services.get(order_id)
    back = url_for("market.orders_detail", order_id=order.id)
    try:
        overpaid.keep_as_store_credit(order, overpayment_id, actor_id=current_user.id, ip=request.remote_addr)
    except DomainError as exc:
        return _fail(exc, back)
    flash(_("The overpaid money is now the household's store credit."), "success")
    return redirect(back)


@bp.post("/orders/<int:order_id>/move")
@require("market.orders.manage")
@writes
def orders_move(order_id: int):
    order = services.get(order_id)
    back = request.form.get("back") == "packing" and url_for("market.orders_packing", round=order.round_id) or \
        url_for("market.orders_detail", order_id=order.id)
    target = request.form.get("target")
    try:
        if target not in ("packed", "ready"):
            raise policies.InvalidTransition(order=order.id, status=order.status, target=target or "?")
        services.move(order.id, target, actor_id=current_user.id)
    except DomainError as exc:
        return _fail(exc, back)
    flash(_("Order %(id)s is now %(status)s.", id=order.id, status=_(policies.STATUS_LABELS[target])), "success")
    return redirect(back)


@bp.post("/orders/<int:order_id>/collect")
@require("market.orders.manage")
@writes
def orders_collect(order_id: int):
    order = services.get(order_id)
    back = url_for("market.orders_detail", order_id=order.id)
    try:
        services.collect(order.id, actor_id=current_user.id, collected_by_name=request.form.get("collected_by_name"))
    except DomainError as exc:
        return _fail(exc, back)
    flash(_("Order %(id)s collected.", id=order.id), "success")
    return redirect(back)


@bp.post("/orders/<int:order_id>/cancel")
@login_required
@writes
def orders_cancel(order_id: int):
    order = _visible_order(order_id)
    back = url_for("market.orders_detail", order_id=order.id)
    if not _staff() and order.status != "placed":
        return _fail(policies.InvalidTransition(order=order.id, status=order.status, target="cancelled"), back)
    try:
        services.cancel(order.id, reason=request.form.get("reason") or "", actor_id=current_user.id)
    except DomainError as exc:
        return _fail(exc, back)
    flash(_("Order %(id)s cancelled; the goods and the coupon value are back.", id=order.id), "success")
    return redirect(back)


@bp.get("/orders/<int:order_id>/receipt")
@login_required
def orders_receipt(order_id: int):
    return render_receipt(_visible_order(order_id))


def render_receipt(order: Order):
    """A receipt only for money received: while anything is due, the page says
    what to collect instead (409), and prints no receipt."""
    household = queries.household(order.household_id)
    if order.due:
        return render_template("market/orders/unpaid.html", order=order, household=household), 409
    receipts = [r for r in services.receipts_of(order) if not r.voided]
    received = sum(r.amount for r in receipts)
    return render_template("market/orders/receipt.html", order=order, receipts=receipts, household=household,
                           words=baht_text(received) if received else "", received=received,
                           labels=policies.STATUS_LABELS)


@bp.get("/orders/packing")
@require("market.orders.manage")
def orders_packing():
    rounds = queries.rounds()
    round_id = _int(request.args.get("round")) or (rounds[0].id if rounds else None)
    slots = queries.packing(round_id) if round_id else []
    return render_template("market/orders/packing.html", rounds=rounds, round_id=round_id, slots=slots,
                           labels=policies.STATUS_LABELS)
