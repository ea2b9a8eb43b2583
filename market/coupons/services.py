"""Spending coupons: redeem, reverse, find by code, usable coupons.

A coupon's balance changes only through one conditional
``UPDATE … WHERE balance_satang >= :amount AND state IN (spendable) AND
valid_from <= now < valid_until RETURNING``, so parallel redemptions never
exceed its value. Redemptions are append-only rows keyed by the client's
idempotency key: the same key twice returns the first result.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.auth.models import User
from core.db import db, utcnow
from core.errors import N_
from core.i18n.formatting import format_date, format_datetime, format_thb
from core.tenancy import crossing
from core.tenancy.context import require_tenant_id
from market.coupons import errors
from market.coupons import ledger as coupon_ledger
from market.models.catalog import Item, ServicePoint
from market.models.coupons import SPENDABLE_STATES, CodeAttempt, Coupon, Redemption

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
MAX_FAILURES = 5  # wrong codes per window before a lock
FAILURE_WINDOW = timedelta(minutes=10)
LOCK_FOR = timedelta(minutes=15)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:20]


def get(coupon_id: int) -> Coupon:
    """A coupon of this tenant by id. Ids are internal: another tenant's id is
    simply not found here (codes and QR tokens say "not this tenant")."""
    coupon = db.session.get(Coupon, coupon_id)
    if coupon is None or coupon.tenant_id != require_tenant_id():
        raise errors.CouponNotFound(code=str(coupon_id))
    return coupon


def find_by_code(code: str, *, actor: str, now: datetime | None = None) -> Coupon:
    """A coupon typed at the desk. Wrong codes are counted per ``actor`` (an
    operator or a client address): after a few, look-ups are locked for a while."""
    now = now or utcnow()
    attempt = _attempt(actor)
    if attempt is not None and attempt.locked_until is not None and attempt.locked_until > now:
        raise errors.TooManyAttempts(time=format_datetime(attempt.locked_until))
    normal = normalise_code(code)
    coupon = db.session.scalar(sa.select(Coupon).where(Coupon.code == normal)) if normal else None
    if coupon is not None:
        return coupon
    other = crossing.tenants_of(Coupon.code, normal) if normal else []
    _count_failure(actor, now)
    if other:
        raise errors.NotThisTenant()
    raise errors.CouponNotFound(code=code.strip()[:20])


def _attempt(actor: str) -> CodeAttempt | None:
    return db.session.scalar(sa.select(CodeAttempt).where(CodeAttempt.actor == actor[:100]))


def _count_failure(actor: str, now: datetime) -> None:
    """One more wrong code for ``actor``: the row is made race-safely and the
    count is a single locked read-modify-write, so parallel guesses from one
    operator are all counted. The caller commits it before showing the error."""
    actor = actor[:100]
    if _attempt(actor) is None:
        try:
            with db.session.begin_nested():
                db.session.add(CodeAttempt(actor=actor, failures=0, window_started_at=now))
                db.session.flush()
        except IntegrityError:
            pass  # a parallel guess made it first
    attempt = db.session.scalar(
        sa.select(CodeAttempt)
        .where(CodeAttempt.actor == actor)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if _aware(attempt.window_started_at) + FAILURE_WINDOW < now:
        attempt.failures = 0
        attempt.window_started_at = now
    attempt.failures += 1
    if attempt.failures >= MAX_FAILURES:
        attempt.locked_until = now + LOCK_FOR
        attempt.failures = 0
        attempt.window_started_at = now
    db.session.flush()


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def check_usable(
    coupon: Coupon,
    *,
    now: datetime | None = None,
    item_ids: Sequence[int] = (),
    category_ids: Sequence[int] = (),
) -> None:
    """Raise the specific reason this coupon cannot be spent now (for these items)."""
    now = now or utcnow()
    if coupon.state == "cancelled":
        raise errors.Cancelled(date=format_date(coupon.cancelled_at or coupon.updated_at))
    if coupon.state == "replaced":
        new = db.session.scalar(sa.select(Coupon).where(Coupon.replaces_id == coupon.id))
        raise errors.Replaced(code=new.code if new else "-")
    if coupon.state == "used" or coupon.balance_satang <= 0:
        raise already_used(coupon)
    if coupon.state == "expired" or now >= _aware(coupon.valid_until):
        raise errors.Expired(date=format_date(last_valid_day(coupon)))
    if now < _aware(coupon.valid_from):
        raise errors.NotYetValid(date=format_datetime(coupon.valid_from))
    check_items(coupon, item_ids, category_ids)


def last_valid_day(coupon: Coupon):
    """The Bangkok calendar day the coupon is valid through (valid_until is the
    exclusive midnight that ends it)."""
    from core.i18n.formatting import local

    return local(_aware(coupon.valid_until) - timedelta(microseconds=1)).date()


def already_used(coupon: Coupon) -> errors.AlreadyUsed:
    last = db.session.scalar(
        sa.select(Redemption)
        .where(Redemption.coupon_id == coupon.id, Redemption.amount_satang > 0)
        .order_by(Redemption.id.desc())
        .limit(1)
    )
    if last is None:
        return errors.AlreadyUsed(date="-", point="-", staff="-")
    point = db.session.get(ServicePoint, last.service_point_id) if last.service_point_id else None
    staff = db.session.get(User, last.operator_id) if last.operator_id else None
    return errors.AlreadyUsed(
        date=format_datetime(last.created_at),
        point=point.name if point else "-",
        staff=(staff.display_name or "-") if staff else "-",
    )


def check_items(coupon: Coupon, item_ids: Sequence[int], category_ids: Sequence[int] = ()) -> None:
    if not (coupon.allowed_item_ids or coupon.allowed_category_ids):
        return
    allowed_items = set(coupon.allowed_item_ids or ())
    allowed_categories = set(coupon.allowed_category_ids or ())
    for category_id in category_ids:
        if category_id not in allowed_categories:
            raise errors.NotForThisItem(item=str(category_id))
    if not item_ids:
        return
    items = db.session.scalars(sa.select(Item).where(Item.id.in_(list(item_ids)))).all()
    for item in items:
        if item.id not in allowed_items and item.category_id not in allowed_categories:
            raise errors.NotForThisItem(item=item.name_th)
    if len(items) != len(set(item_ids)):
        raise errors.NotForThisItem(
            item=", ".join(str(i) for i in set(item_ids) - {i.id for i in items})
        )


def allows_any(coupon: Coupon, item_ids: Sequence[int]) -> bool:
    if not (coupon.allowed_item_ids or coupon.allowed_category_ids):
        return True
    for item_id in item_ids:
        try:
            check_items(coupon, [item_id])
            return True
        except errors.NotForThisItem:
            continue
    return False


def redeem(
    coupon_id: int,
    amount_satang: int,
    *,
    idempotency_key: str,
    service_point_id: int | None,
    operator_id: int | None,
    ref: str,
    item_ids: Sequence[int] = (),
    category_ids: Sequence[int] = (),
    now: datetime | None = None,
) -> Redemption:
    """Spend ``amount_satang`` of a coupon, or return the redemption already
    made under ``idempotency_key``. Raises a specific :mod:`errors` class."""
    if not isinstance(amount_satang, int) or isinstance(amount_satang, bool) or amount_satang <= 0:
        raise errors.InvalidAmount(field="amount")
    key = (idempotency_key or "").strip()
    if not key or len(key) > 100:
        raise errors.InvalidAmount(
            N_("Each redemption needs a request key of at most 100 characters"),
            field="idempotency_key",
        )
    first = _by_key(key)
    if first is not None:
        return _replay(first, coupon_id, amount_satang)
    now = now or utcnow()
    coupon = get(coupon_id)
    check_usable(coupon, now=now, item_ids=item_ids, category_ids=category_ids)
    savepoint = db.session.begin_nested()
    try:
        left = _spend(coupon.id, amount_satang, now)
        if left is None:
            savepoint.rollback()
            first = _by_key(key)
            if first is not None:  # a parallel request with this key won
                return _replay(first, coupon_id, amount_satang)
            raise _why_not(coupon_id, amount_satang, now)
        redemption = Redemption(
            coupon_id=coupon.id,
            amount_satang=amount_satang,
            idempotency_key=key,
            service_point_id=service_point_id,
            operator_id=operator_id,
            ref=(ref or "")[:100],
            created_at=now,
        )
        db.session.add(redemption)
        db.session.flush()
        coupon_ledger.post(
            key=f"market.redemption:{redemption.id}",
            memo=ledger_memo(coupon.code, ref),
            debit=coupon_ledger.outstanding(),
            credit=coupon_ledger.coupon_sales(),
            amount=amount_satang,
            source=f"market.redemption:{redemption.id}",
            actor_id=operator_id,
        )
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        first = _by_key(key)
        if first is None:
            raise
        return _replay(first, coupon_id, amount_satang)
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    db.session.expire(coupon)
    return redemption


def _spend(coupon_id: int, amount: int, now: datetime) -> int | None:
    return db.session.execute(spend_statement(coupon_id, amount, now)).scalar()


def spend_statement(
    coupon_id: int | sa.ColumnElement[int],
    amount: int | sa.ColumnElement[int],
    now: datetime | sa.ColumnElement[datetime],
) -> sa.Update:
    """The one conditional update that spends a coupon (returning the balance
    left, no row when it cannot be spent): also the first step of an order
    paid at once (:mod:`market.orders.paying_at_once`), which gives it
    parameters in place of the values."""
    new_balance = Coupon.balance_satang - amount
    return (
        sa.update(Coupon)
        .where(
            Coupon.id == coupon_id,
            Coupon.balance_satang >= amount,
            Coupon.state.in_(SPENDABLE_STATES),
            Coupon.valid_from <= now,
            Coupon.valid_until > now,
        )
        .values(
            balance_satang=new_balance,
            state=sa.case((new_balance == 0, "used"), else_="partly_used"),
            updated_at=now,
        )
        .returning(Coupon.balance_satang)
        .execution_options(synchronize_session=False)
    )


def ledger_memo(code: str, ref: str | None) -> str:
    """The memo of a redemption's ledger entry."""
    return f"Coupon {code} {ref or ''}".strip()[:200]


def _why_not(coupon_id: int, amount: int, now: datetime) -> errors.DomainError:
    coupon = get(coupon_id)
    db.session.refresh(coupon)
    try:
        check_usable(coupon, now=now)
    except errors.DomainError as exc:
        return exc
    return errors.InsufficientBalance(balance=format_thb(coupon.balance_satang))


def _by_key(key: str) -> Redemption | None:
    return db.session.scalar(sa.select(Redemption).where(Redemption.idempotency_key == key))


def _replay(first: Redemption, coupon_id: int, amount: int) -> Redemption:
    if (
        first.coupon_id != coupon_id
        or first.amount_satang != amount
        or first.reversal_of_id is not None
    ):
        raise errors.KeyReused()
    return first


def reverse(redemption_id: int, *, reason: str, actor_id: int | None) -> None:
    """Give a redemption's value back (a cancelled order). Once only: a second
    reversal is refused by a UNIQUE constraint even under races. The value goes
    back to the coupon, or to its replacement if it was re-issued meanwhile."""
    original = db.session.get(Redemption, redemption_id)
    if original is None or original.tenant_id != require_tenant_id():
        raise errors.NotFound()
    if original.reversal_of_id is not None:
        raise errors.NotReversible()
    if db.session.scalar(sa.select(Redemption.id).where(Redemption.reversal_of_id == original.id)):
        raise errors.AlreadyReversed()
    amount = original.amount_satang
    target_id = _live_successor(original.coupon_id)
    savepoint = db.session.begin_nested()
    try:
        reversal = Redemption(
            coupon_id=original.coupon_id,
            amount_satang=-amount,
            idempotency_key=f"reversal:{original.id}",
            reversal_of_id=original.id,
            operator_id=actor_id,
            ref=original.ref,
            reason=(reason or "")[:200],
            created_at=utcnow(),
            service_point_id=original.service_point_id,
        )
        db.session.add(reversal)
        db.session.flush()
        _give_back(target_id, amount, grows=target_id != original.coupon_id)
        coupon_ledger.post(
            key=f"market.redemption.reversal:{original.id}",
            memo=f"Reversal: {reason}"[:200],
            debit=coupon_ledger.coupon_sales(),
            credit=coupon_ledger.outstanding(),
            amount=amount,
            source=f"market.redemption:{original.id}",
            actor_id=actor_id,
        )
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        raise errors.AlreadyReversed() from None


def _live_successor(coupon_id: int) -> int:
    """Follow re-issues to the coupon that holds the value now."""
    seen = {coupon_id}
    current = coupon_id
    while True:
        nxt = db.session.scalar(sa.select(Coupon.id).where(Coupon.replaces_id == current))
        if nxt is None or nxt in seen:
            return current
        seen.add(nxt)
        current = nxt


def _give_back(coupon_id: int, amount: int, *, grows: bool) -> None:
    new_balance = Coupon.balance_satang + amount
    new_value = Coupon.value_satang + amount if grows else Coupon.value_satang
    db.session.execute(
        sa.update(Coupon)
        .where(Coupon.id == coupon_id)
        .values(
            balance_satang=new_balance,
            value_satang=new_value,
            state=sa.case(
                (Coupon.state.in_(("cancelled", "replaced", "expired")), Coupon.state),
                (new_balance == new_value, "active"),
                else_="partly_used",
            ),
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    stale = db.session.get(Coupon, coupon_id)
    if stale is not None:
        db.session.expire(stale)


def usable_for(household_id: int, item_ids, *, now: datetime | None = None) -> list[Coupon]:
    """Active coupons of a household valid now that can pay for at least one of
    ``item_ids`` (all of them when no items are given), soonest to expire first.
    Use :func:`check_items` to pick the lines a restricted coupon may pay."""
    now = now or utcnow()
    coupons = db.session.scalars(
        sa.select(Coupon)
        .where(
            Coupon.household_id == household_id,
            Coupon.state.in_(SPENDABLE_STATES),
            Coupon.balance_satang > 0,
            Coupon.valid_from <= now,
            Coupon.valid_until > now,
        )
        .order_by(Coupon.valid_until, Coupon.id)
    ).all()
    item_ids = list(item_ids or ())
    return [c for c in coupons if not item_ids or allows_any(c, item_ids)]


def redemptions_of(coupon_id: int) -> list[Redemption]:
    return list(
        db.session.scalars(
            sa.select(Redemption).where(Redemption.coupon_id == coupon_id).order_by(Redemption.id)
        )
    )
