"""Order verbs: place (within limits, prices snapshotted, stock reserved, all
or nothing), pay (coupons first, then cash at pickup, PromptPay or card through
core payments), move through placed → packed → ready → collected | delivered,
and cancel (stock, coupon value and the ledger given back).

Every state change is one conditional UPDATE; a refused one says why.
Services flush and never commit; the actor is an argument."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from core.audit.services import record
from core.db import db, utcnow
from core.errors import N_, Conflict, DomainError, NotFound, ValidationError
from core.ledger.services import get_or_create_account
from core.money import Money
from core.payments.models import Payment
from core.payments.receipts import services as receipts
from core.registry.models import Household
from market.models.orders import (
    FULFILMENTS,
    REST_METHODS,
    Delivery,
    Order,
    OrderCoupon,
    OrderLine,
    OrderQuota,
)
from market.orders import policies

SALES_ACCOUNT = ("general", "4110", "รายได้จากการจำหน่ายสินค้าราคาถูก", "Low-cost goods sales", "income")
RECEIPT_BOOK = "general"
ONLINE_REST_METHODS = ("promptpay", "card")


class OrderNotFound(NotFound):
    code = "order_not_found"
    message = N_("Order not found")


class RoundNotOpen(Conflict):
    code = "order_round_not_open"
    message = N_("This round is not taking orders (it is %(status)s)")


class RoundNotFound(ValidationError):
    code = "order_round_not_found"
    message = N_("Choose a distribution round")


class HouseholdNotFound(ValidationError):
    code = "order_household_not_found"
    message = N_("Choose a household from the registry")


class UnknownFulfilment(ValidationError):
    code = "order_unknown_fulfilment"
    message = N_("Choose pickup at the centre or delivery")


class UnknownRestMethod(ValidationError):
    code = "order_unknown_payment_method"
    message = N_("Choose how the rest is paid: cash at pickup, PromptPay or card")


class NothingDue(Conflict):
    code = "order_nothing_due"
    message = N_("Order %(order)s has nothing left to pay")


class NoUsableCoupon(Conflict):
    code = "order_no_usable_coupon"
    message = N_("No coupon of this household can pay for this order now")


class CancelNeedsReason(ValidationError):
    code = "order_cancel_needs_reason"
    message = N_("Give the reason for cancelling")


def _stock():
    from market.stock import services

    return services


def _coupons():
    from market.coupons import services

    return services


def _models():
    from market.models import catalog, rounds

    return catalog, rounds


# -- reading ------------------------------------------------------------------------


def _one(model, row_id):
    """A row of the tenant in context by id (a query, so the tenant filter
    applies even to rows already in the session), else None."""
    if isinstance(row_id, bool) or not isinstance(row_id, int):
        return None
    return db.session.scalar(sa.select(model).where(model.id == row_id))


@lru_cache(maxsize=4)
def _get_statement(for_update: bool, with_lines: bool) -> sa.Select:
    """Built once per kind (the id a bound parameter): building it costs more
    than running it."""
    stmt = sa.select(Order).where(Order.id == sa.bindparam("order_id"))
    if for_update:
        stmt = stmt.with_for_update()
    if with_lines:
        stmt = stmt.options(joinedload(Order.lines))
    return stmt.execution_options(populate_existing=True)


def get(order_id: int, *, for_update: bool = False, with_lines: bool = False) -> Order:
    """The order, read afresh; ``with_lines``: its lines in the same statement."""
    order = db.session.scalars(_get_statement(for_update, with_lines), {"order_id": order_id}).unique().first()
    if order is None:
        raise OrderNotFound()
    return order




def offers(round_id: int) -> dict[int, policies.Offer]:
    """What a round offers, with the price and the tighter limit per household."""
    catalog, rounds = _models()
    rows = db.session.execute(
        sa.select(rounds.RoundOffer, catalog.Item)
        .join(catalog.Item, catalog.Item.id == rounds.RoundOffer.item_id)
        .where(rounds.RoundOffer.round_id == round_id)
        .order_by(catalog.Item.name_th)
    ).all()
    return {
        item.id: policies.Offer(
            item.id, item.name_th, offer.price_satang,
            policies.effective_limit(offer.limit_per_household, item.limit_per_household),
        )
        for offer, item in rows
    }


def ordered_in_round(household_id: int, round_id: int) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(OrderQuota.item_id, OrderQuota.ordered)
        .where(OrderQuota.household_id == household_id, OrderQuota.round_id == round_id)
    ).all()
    return {item_id: ordered for item_id, ordered in rows}


# -- placing ------------------------------------------------------------------------


def place(
    *,
    household_id: int,
    round_id: int,
    items: Mapping[int, object],
    actor_id: int | None,
    on_behalf: bool = False,
    fulfilment: str = "pickup",
    rest_method: str = "cash",
    note: str | None = None,
) -> Order:
    """Place an order: every line within its limit and reserved in stock, or
    nothing at all (one savepoint)."""
    if fulfilment not in FULFILMENTS:
        raise UnknownFulfilment(field="fulfilment")
    if rest_method not in REST_METHODS:
        raise UnknownRestMethod(field="rest_method")
    if rest_method in ONLINE_REST_METHODS:
        from core.payments import gateway

        try:
            gateway.require_offered(rest_method)
        except gateway.MethodNotOffered as exc:
            exc.field = "rest_method"
            raise
    if db.session.get_bind().dialect.name == "postgresql":  # the common case in two statements
        from market.orders import placing_at_once

        placed = placing_at_once.place(
            household_id=household_id, round_id=round_id, wanted=items, actor_id=actor_id,
            on_behalf=on_behalf, fulfilment=fulfilment, rest_method=rest_method, note=note,
        )
        if placed is not None:
            return placed
    # the rules one by one: what refuses an order is named here
    household = _one(Household, household_id)
    if household is None:
        raise HouseholdNotFound(field="household_id")
    _, rounds = _models()
    rnd = _one(rounds.Round, round_id)
    if rnd is None:
        raise RoundNotFound(field="round_id")
    if rnd.status != "open":
        raise RoundNotOpen(status=rnd.status)
    round_offers = offers(round_id)
    lines = policies.price(items, round_offers, ordered_in_round(household_id, round_id))
    with db.session.begin_nested():
        order = Order(
            round_id=round_id, centre_id=rnd.centre_id, household_id=household_id,
            slot_id=_booked_slot(household_id, round_id), fulfilment=fulfilment,
            rest_method=rest_method, total=policies.total(lines), placed_by_user_id=actor_id,
            on_behalf=on_behalf, note=(note or "").strip()[:2000] or None,
        )
        db.session.add(order)
        db.session.flush()
        catalog, _ = _models()
        for line in lines:
            offer = round_offers[line.item_id]
            _take_quota(household_id, round_id, line.item_id, line.quantity, offer)
            _stock().reserve(rnd.centre_id, line.item_id, line.quantity, ref=order.purpose)
            item = _one(catalog.Item, line.item_id)
            db.session.add(OrderLine(
                order_id=order.id, item_id=line.item_id, item_name_th=item.name_th,
                item_name_en=item.name_en or "", unit=item.unit or "", quantity=line.quantity,
                unit_price=line.unit_price, amount=line.amount,
            ))
        if fulfilment == "delivery":
            db.session.add(Delivery(order_id=order.id, village_id=household.village_id))
        db.session.flush()
    record("market.order.place", actor_id=actor_id, target_type="market_order", target_id=order.id,
           after={"household_id": household_id, "round_id": round_id, "total": order.total,
                  "lines": [[x.item_id, x.quantity, x.unit_price] for x in lines],
                  "on_behalf": on_behalf, "fulfilment": fulfilment})
    return order


def _booked_slot(household_id: int, round_id: int) -> int | None:
    _, rounds = _models()
    return db.session.scalar(
        sa.select(rounds.Booking.slot_id).where(
            rounds.Booking.household_id == household_id, rounds.Booking.round_id == round_id,
            rounds.Booking.status.in_(rounds.ACTIVE_BOOKING_STATUSES),
        ).limit(1)
    )


def _take_quota(household_id: int, round_id: int, item_id: int, quantity: int, offer: policies.Offer) -> None:
    """Grow the household's counter for the item with one conditional UPDATE:
    two orders placed at once cannot pass the limit together."""
    from core.tenancy.context import require_tenant_id

    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(OrderQuota)
        .values(tenant_id=require_tenant_id(), household_id=household_id, round_id=round_id,
                item_id=item_id, ordered=0)
        .on_conflict_do_nothing(index_elements=["tenant_id", "household_id", "round_id", "item_id"])
    )
    stmt = sa.update(OrderQuota).where(
        OrderQuota.household_id == household_id, OrderQuota.round_id == round_id, OrderQuota.item_id == item_id
    )
    if offer.limit is not None:
        stmt = stmt.where(OrderQuota.ordered + quantity <= offer.limit)
    grown = db.session.execute(
        stmt.values(ordered=OrderQuota.ordered + quantity).returning(OrderQuota.ordered)
        .execution_options(synchronize_session=False)
    ).first()
    if grown is None:
        already = ordered_in_round(household_id, round_id).get(item_id, 0)
        raise policies.OverLimit(item=offer.name, limit=offer.limit, ordered=already, field="quantity")


def _give_quota_back(order: Order) -> None:
    for line in order.lines:
        db.session.execute(
            sa.update(OrderQuota)
            .where(OrderQuota.household_id == order.household_id, OrderQuota.round_id == order.round_id,
                   OrderQuota.item_id == line.item_id)
            .values(ordered=OrderQuota.ordered - line.quantity)
            .execution_options(synchronize_session=False)
        )


# -- paying ---------------------------------------------------------------------------


def pay_with_coupons(
    order_id: int,
    *,
    actor_id: int | None,
    coupon_ids: Sequence[int] | None = None,
    service_point_id: int | None = None,
) -> list[OrderCoupon]:
    """Use the household's coupons (all usable ones, or those chosen) for what
    is still due, coupons first. Idempotency keys come from the order, so a
    retried request redeems nothing twice."""
    if db.session.get_bind().dialect.name == "postgresql":  # the common case in three statements
        from market.orders import paying_at_once

        paid = paying_at_once.pay(order_id, actor_id=actor_id, coupon_ids=coupon_ids,
                                  service_point_id=service_point_id)
        if paid is not None:
            return paid
    # the rules one by one: what refuses a payment is named here
    order = get(order_id, for_update=True)
    if order.status not in policies.OPEN:
        raise policies.OrderClosed(order=order.id, status=order.status)
    if order.due <= 0:
        raise NothingDue(order=order.id)
    item_ids = [line.item_id for line in order.lines]
    usable = _coupons().usable_for(order.household_id, item_ids)
    if coupon_ids is not None:
        wanted = set(coupon_ids)
        usable = [c for c in usable if c.id in wanted]
    left = _unpaid_by_line(order)
    used = []
    for coupon in usable:
        allowed = _lines_allowed(coupon, left)
        redemption = _redeem(order, coupon, allowed, left, order.due - sum(x.amount for x in used),
                             actor_id=actor_id, service_point_id=service_point_id)
        if redemption is None:
            continue
        amount = redemption.amount_satang
        _spend_lines(left, allowed, amount)
        link = OrderCoupon(order_id=order.id, coupon_id=coupon.id, redemption_id=redemption.id, amount=amount)
        db.session.add(link)
        db.session.flush()
        grown = db.session.execute(
            sa.update(Order)
            .where(Order.id == order.id, Order.coupon_paid + Order.cash_paid + Order.credit_paid + amount <= Order.total)
            .values(coupon_paid=Order.coupon_paid + amount, updated_at=utcnow())
            .returning(Order.id).execution_options(synchronize_session=False)
        ).first()
        if grown is None:  # pragma: no cover - the order row lock above serialises payers
            raise NothingDue(order=order.id)
        used.append(link)
    if not used:
        raise NoUsableCoupon()
    if used:
        record("market.order.pay_coupons", actor_id=actor_id, target_type="market_order", target_id=order.id,
               after={"coupons": [[x.coupon_id, x.amount] for x in used]})
    db.session.refresh(order)
    return used


def _redeem(order: Order, coupon, allowed: list[int], left: dict[int, int], due: int, *, actor_id, service_point_id):
    """Spend what the coupon can pay; if another order spent part of it in the
    meantime, try once more with the balance it has now."""
    from market.coupons.errors import InsufficientBalance

    for attempt in (1, 2):
        amount = min(coupon.balance_satang, sum(left[i] for i in allowed), due)
        if amount <= 0:
            return None
        n = db.session.scalar(
            sa.select(sa.func.count()).select_from(OrderCoupon)
            .where(OrderCoupon.order_id == order.id, OrderCoupon.coupon_id == coupon.id)
        ) or 0
        try:
            return _coupons().redeem(
                coupon.id, amount, idempotency_key=f"{order.purpose}:coupon:{coupon.id}:{n + 1}:{attempt}",
                service_point_id=service_point_id, operator_id=actor_id, ref=order.purpose, item_ids=allowed,
            )
        except InsufficientBalance:
            if attempt == 2:
                raise
            db.session.refresh(coupon)
    return None  # pragma: no cover


def _unpaid_by_line(order: Order) -> dict[int, int]:
    """What each line still owes, earlier payments taken from the lines in order."""
    paid = order.paid
    left = {}
    for line in order.lines:
        taken = min(paid, line.amount)
        paid -= taken
        left[line.item_id] = line.amount - taken
    return left


def _lines_allowed(coupon, left: dict[int, int]) -> list[int]:
    """The order's items this coupon may pay for (all, unless it is restricted)."""
    allowed = []
    for item_id, amount in left.items():
        if amount <= 0:
            continue
        try:
            _coupons().check_items(coupon, [item_id])
        except DomainError:
            continue
        allowed.append(item_id)
    return allowed


def _spend_lines(left: dict[int, int], item_ids: list[int], amount: int) -> None:
    for item_id in item_ids:
        taken = min(left[item_id], amount)
        left[item_id] -= taken
        amount -= taken


def sales_account():
    book, code, th, en, kind = SALES_ACCOUNT
    return get_or_create_account(book, code, th, en, kind)


def _payer_person_id(order: Order) -> int | None:
    return db.session.scalar(sa.select(Household.head_person_id).where(Household.id == order.household_id))


def online_methods(tenant) -> tuple[str, ...]:
    """The online ways to pay the rest that the organisation has set up."""
    from core.payments import gateway

    return gateway.offered(tenant)


def start_payment(order_id: int, method: str, *, actor_id: int | None) -> Payment:
    """A payment for what is still due by PromptPay QR or card (Stripe); the
    payer finishes it on the payment pages. At most one online payment of an
    order is open: asking again for the same method and amount returns the
    open one; another method (or a changed amount) cancels the open one first.
    The order's row lock serialises two starts at once. Money that still
    arrives for a cancelled one is caught by the hook as an overpayment."""
    if method not in ("promptpay", "card"):
        raise UnknownRestMethod(field="method")
    from core.payments import gateway
    from core.payments import services as payments

    gateway.require_offered(method)  # a method the organisation has not set up: refused, nothing written
    from core.payments.promptpay.payload import ref_for

    order = get(order_id, for_update=True)
    if order.status not in policies.OPEN:
        raise policies.OrderClosed(order=order.id, status=order.status)
    if order.due <= 0:
        raise NothingDue(order=order.id)
    open_payment = None
    for other in db.session.scalars(
        sa.select(Payment).where(Payment.purpose == order.purpose, Payment.status.in_(("created", "pending")))
        .order_by(Payment.id).with_for_update()
    ):
        if open_payment is None and (other.method, other.amount) == (method, order.due):
            open_payment = other
        else:
            payments.transition(other.id, "cancelled", source="market.order.restart", actor_id=actor_id)
    if open_payment is not None:
        return open_payment
    n = db.session.scalar(sa.select(sa.func.count()).select_from(Payment).where(Payment.purpose == order.purpose)) or 0
    payment = payments.create_payment(
        purpose=order.purpose, amount=Money(order.due), method=method, credit_account=sales_account(),
        idempotency_key=f"{order.purpose}:{method}:{n + 1}", description=f"Order {order.id}",
        payer_person_id=_payer_person_id(order), ref1=ref_for("order", order.id), actor_id=actor_id,
    )
    order.rest_method = method
    db.session.flush()
    return payment


def record_cash(order_id: int, *, actor_id: int | None, token: str) -> Order:
    """Cash counted at the desk for what is still due: a payment with a Thai
    receipt (core manual payments), settled in the ledger."""
    from core.payments.manual import services as manual

    order = get(order_id, for_update=True)
    if order.status not in policies.OPEN:
        raise policies.OrderClosed(order=order.id, status=order.status)
    if order.due <= 0:
        raise NothingDue(order=order.id)
    payer = _payer_person_id(order)
    manual.record_payment(
        method="cash", amount=Money(order.due), credit_account=sales_account(),
        description=f"ค่าสินค้าราคาถูก คำสั่งซื้อ {order.id}", token=token, actor_id=actor_id,
        payer_person_id=payer, payer_name=None if payer else f"Household {order.household_id}",
        purpose=order.purpose, book=RECEIPT_BOOK,
    )
    return get(order.id)


def payments_of(order: Order) -> list[Payment]:
    return list(db.session.scalars(sa.select(Payment).where(Payment.purpose == order.purpose).order_by(Payment.id)))


def receipts_of(order: Order) -> list:
    from core.payments.receipts.models import Receipt

    ids = [p.id for p in payments_of(order)]
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Receipt).where(Receipt.payment_id.in_(ids)).order_by(Receipt.id)))


def on_payment(payment: Payment, status: str) -> None:
    """Payment hook: the order's cash part is what its payments hold now."""
    try:
        order_id = int(payment.purpose.split(":", 1)[1])
    except (IndexError, ValueError):
        return
    order = db.session.scalar(sa.select(Order).where(Order.id == order_id).with_for_update()
                              .execution_options(populate_existing=True))
    if order is None:
        return
    if status == "succeeded" and receipts.for_payment(payment.id) is None and payment.method not in ("cash", "transfer"):
        receipts.issue(amount=Money(payment.amount), payer_name=payment.payer_name or _payer_name(order),
                       payer_person_id=payment.payer_person_id, description=f"ค่าสินค้าราคาถูก คำสั่งซื้อ {order.id}",
                       actor_id=None, book=RECEIPT_BOOK, payment_id=payment.id, method=payment.method)
    held = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Payment.amount - Payment.refunded), 0))
        .where(Payment.purpose == order.purpose, Payment.status.in_(("succeeded", "partly_refunded")))
    ) or 0
    cash = max(0, min(int(held), order.total - order.coupon_paid - order.credit_paid))
    if order.status == "cancelled" and status == "succeeded":
        record("market.order.paid_after_cancel", actor_id=None, target_type="market_order", target_id=order.id,
               after={"payment_id": payment.id, "amount": payment.amount})
    from market.orders import overpaid

    if status == "succeeded":
        overpaid.flag(order, payment, int(held))
    elif status in ("partly_refunded", "refunded"):
        overpaid.on_refund(payment)
    if cash != order.cash_paid:
        order.cash_paid = cash
        db.session.flush()


def _payer_name(order: Order) -> str:
    household = _one(Household, order.household_id)
    head = household.head if household else None
    return head.display_name("th") if head else f"Household {order.household_id}"


# -- moving -----------------------------------------------------------------------------

_STAMP = {"packed": "packed_at", "ready": "ready_at", "collected": "collected_at",
          "delivered": "delivered_at", "cancelled": "cancelled_at"}


def move(order_id: int, target: str, *, actor_id: int | None, extra: dict | None = None) -> Order:
    """One conditional UPDATE from an allowed state; refused with the reason."""
    if target not in policies.ALLOWED_FROM:
        raise ValueError(target)
    values = {"status": target, _STAMP[target]: utcnow(), "updated_at": utcnow(), **(extra or {})}
    stmt = sa.update(Order).where(Order.id == order_id, Order.status.in_(policies.ALLOWED_FROM[target]))
    if target in policies.DONE:
        stmt = stmt.where(Order.coupon_paid + Order.cash_paid + Order.credit_paid >= Order.total)
    row = db.session.execute(stmt.values(**values).returning(Order.id, Order.status)
                             .execution_options(synchronize_session=False)).first()
    order = get(order_id)
    if row is None:
        if target in policies.DONE and policies.can_move(order.status, target):
            raise policies.NotPaid(order=order.id, due=str(Money(order.due)))
        policies.check_move(order.id, order.status, target)
        raise policies.InvalidTransition(order=order.id, status=order.status, target=target)  # pragma: no cover
    record(f"market.order.{target}", actor_id=actor_id, target_type="market_order", target_id=order.id,
           after={"status": target})
    return order


def pack(order_id: int, *, actor_id: int | None) -> Order:
    return move(order_id, "packed", actor_id=actor_id)


def mark_ready(order_id: int, *, actor_id: int | None) -> Order:
    return move(order_id, "ready", actor_id=actor_id)


def _issue(order: Order, actor_id: int | None) -> None:
    for line in order.lines:
        _stock().issue_reserved(order.centre_id, line.item_id, line.quantity, kind="order",
                                ref=order.purpose, actor_id=actor_id)


def collect(order_id: int, *, actor_id: int | None, collected_by_name: str | None = None) -> Order:
    """The household (or a family member, named) takes the goods: the reserved
    stock leaves the centre. Refused while anything is unpaid."""
    name = (collected_by_name or "").strip()[:200] or None
    order = move(order_id, "collected", actor_id=actor_id, extra={"collected_by_name": name})
    _issue(order, actor_id)
    return order


def deliver(order_id: int, *, actor_id: int | None) -> Order:
    order = move(order_id, "delivered", actor_id=actor_id)
    _issue(order, actor_id)
    return order


def cancel(order_id: int, *, reason: str, actor_id: int | None) -> Order:
    """Cancel an open order: its stock reservation, its quota and its coupon
    value are given back, paid money is reversed in the ledger (the receipt is
    voided) and open payments are cancelled."""
    reason = (reason or "").strip()
    if not reason:
        raise CancelNeedsReason(field="reason")
    order = move(order_id, "cancelled", actor_id=actor_id, extra={"cancel_reason": reason[:2000]})
    for line in order.lines:
        _stock().release(order.centre_id, line.item_id, line.quantity, ref=order.purpose)
    _give_quota_back(order)
    for link in order.coupons:
        if link.reversed_at is None:
            _coupons().reverse(link.redemption_id, reason=reason[:200], actor_id=actor_id)
            link.reversed_at = utcnow()
    from market.orders import wallet_payment

    wallet_payment.give_back(order, reason=reason[:200], actor_id=actor_id)
    _return_payments(order, reason, actor_id)
    db.session.execute(
        sa.update(Order).where(Order.id == order.id).values(coupon_paid=0)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.execute(
        sa.update(Delivery).where(Delivery.order_id == order.id, Delivery.status.in_(("waiting", "assigned")))
        .values(status="cancelled", updated_at=utcnow()).execution_options(synchronize_session=False)
    )
    return get(order.id)


def _return_payments(order: Order, reason: str, actor_id: int | None) -> None:
    """Open payments are cancelled. Money the organisation took itself (cash,
    its own PromptPay) is given back by voiding the receipt, which reverses
    the ledger entry. A card or Stripe payment is left for a refund through
    Stripe (the payments page), recorded here as needed: money that went back
    through the provider is only booked once the provider confirms it."""
    from core.payments import services as payments

    for payment in payments_of(order):
        if payment.status in ("created", "pending"):
            payments.transition(payment.id, "cancelled", source="market.order.cancel", actor_id=actor_id)
        elif payment.status == "succeeded" and not payment.refunded:
            if payment.provider == "stripe":
                record("market.order.refund_needed", actor_id=actor_id, target_type="payment",
                       target_id=payment.id, after={"order_id": order.id, "amount": payment.amount})
                continue
            receipt = receipts.for_payment(payment.id)
            if receipt is not None and not receipt.voided:
                receipts.void(receipt.id, reason=reason, actor_id=actor_id)
            else:
                payments.refund(payment.id, Money(payment.amount), provider_ref=f"{order.purpose}:cancel:{payment.id}",
                                source="market.order.cancel", reason=reason, actor_id=actor_id)
