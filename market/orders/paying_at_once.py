"""An order paid with coupons in few statements, for PostgreSQL under a crowd.

:func:`market.orders.services.pay_with_coupons` states the rules: the order
open with something due, the household's usable coupons soonest to expire
first, each paying what it can of the lines it may pay for; each redemption
spends its coupon with one conditional update
(:func:`market.coupons.services.spend_statement`), is posted in the ledger
(coupons outstanding to sales paid by coupon) and grows the order's
``coupon_paid`` within its total. Here the order is locked and read with its
lines, coupons, the two ledger accounts and the book's close in one
statement; the amounts are worked out by the service's own helpers; then one
``WITH`` statement spends every coupon, inserts the redemptions, the order's
links, the journal entries and lines, updates the two account balances (ids
ascending, as the ledger does, and with its never-negative rule), the order
and its audit row, and returns the links only when every part took. Otherwise
the savepoint is rolled back and the service runs the rules one by one, which
names the refusal (or pays, if it can). Only coupons without an item or
category restriction are paid here; any other case goes to the service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.util import identity_key

from core.audit.models import AuditEvent
from core.clock import today
from core.db import db, utcnow
from core.ledger import policies as ledger_policies
from core.ledger.models import DEBIT_NORMAL, Account, JournalEntry, JournalLine, PeriodClose
from core.statements import insert_from, param, table, values
from core.tenancy.context import require_tenant_id
from market.coupons import ledger as coupon_ledger
from market.coupons import services as coupons
from market.models.coupons import SPENDABLE_STATES, Coupon, Redemption
from market.models.orders import Order, OrderCoupon, OrderLine
from market.orders import policies

OUTSTANDING, SALES = "coupons_outstanding", "coupon_sales"


def _closed_through(tenant_id: Any):
    p = table(PeriodClose)
    return (
        sa.select(sa.func.max(p.c.closed_through))
        .where(p.c.tenant_id == tenant_id, p.c.book == coupon_ledger.BOOK)
        .scalar_subquery()
    )


@lru_cache(maxsize=1)
def _close_statement() -> sa.Select[Any]:
    """The book's close, read again after the write; built once."""
    return sa.select(_closed_through(param("tenant_id", PeriodClose, "tenant_id")))


@lru_cache(maxsize=1)
def _read_statement() -> sa.Select[Any]:
    """The order (locked) with its lines, its household's usable coupons, the
    two accounts and the book's close; built once."""
    tenant_id = param("tenant_id", Order, "tenant_id")
    now = param("now", Coupon, "valid_until")
    o, line, c, oc, a = (table(m) for m in (Order, OrderLine, Coupon, OrderCoupon, Account))
    lines = (
        sa.select(sa.func.json_agg(aggregate_order_by(sa.func.json_build_array(line.c.item_id, line.c.amount),
                                                      line.c.id)))
        .where(line.c.tenant_id == tenant_id, line.c.order_id == o.c.id)
        .scalar_subquery()
    )
    taken = (
        sa.select(sa.func.count())
        .where(oc.c.tenant_id == tenant_id, oc.c.order_id == o.c.id, oc.c.coupon_id == c.c.id)
        .scalar_subquery()
    )
    usable = (
        sa.select(sa.func.json_agg(aggregate_order_by(
            sa.func.json_build_array(
                c.c.id, c.c.code, c.c.balance_satang, c.c.allowed_item_ids, c.c.allowed_category_ids, taken
            ),
            c.c.valid_until, c.c.id,
        )))
        .where(
            c.c.tenant_id == tenant_id,
            c.c.household_id == o.c.household_id,
            c.c.state.in_(SPENDABLE_STATES),
            c.c.balance_satang > 0,
            c.c.valid_from <= now,
            c.c.valid_until > now,
        )
        .scalar_subquery()
    )
    accounts = (
        sa.select(sa.func.json_agg(sa.func.json_build_array(a.c.id, a.c.code, a.c.type)))
        .where(a.c.tenant_id == tenant_id, a.c.book == coupon_ledger.BOOK, a.c.code.in_((OUTSTANDING, SALES)))
        .scalar_subquery()
    )
    return (
        sa.select(
            o.c.id, o.c.status, o.c.total, o.c.coupon_paid, o.c.cash_paid, o.c.credit_paid,
            lines.label("lines"), usable.label("coupons"), accounts.label("accounts"),
            _closed_through(tenant_id).label("closed_through"),
        )
        .where(o.c.tenant_id == tenant_id, o.c.id == param("order_id", Order, "id"))
        .with_for_update(of=o)
    )


def read(order_id: int, now) -> Any:
    """The order (locked, as the service locks it) with its lines, its
    household's usable coupons, the two accounts and the book's close."""
    return db.session.connection().execute(
        _read_statement(), values(tenant_id=require_tenant_id(), order_id=order_id, now=now)
    ).first()


def pay(
    order_id: int,
    *,
    actor_id: int | None,
    coupon_ids: Sequence[int] | None,
    service_point_id: int | None,
) -> list[OrderCoupon] | None:
    """The order's coupon payments made, or None when the service must decide
    (nothing written but the order's row lock, which the service takes too)."""
    from market.orders import services

    now = utcnow()
    row = read(order_id, now)
    if row is None or row.status not in policies.OPEN or not row.lines:
        return None
    order = SimpleNamespace(
        id=row.id, total=row.total, paid=row.coupon_paid + row.cash_paid + row.credit_paid,
        lines=[SimpleNamespace(item_id=i, amount=amount) for i, amount in row.lines],
    )
    due = max(order.total - order.paid, 0)
    usable = row.coupons or []
    accounts = {code: (account_id, kind) for account_id, code, kind in row.accounts or []}
    for code, opened in ((OUTSTANDING, coupon_ledger.outstanding), (SALES, coupon_ledger.coupon_sales)):
        if code not in accounts:  # the first redemption of the organisation: opened as the ledger does
            account = opened()
            accounts[code] = (account.id, account.type)
    entry_date = today()
    if (
        due <= 0
        or not usable
        or any(items or categories for _, _, _, items, categories, _ in usable)
        or (row.closed_through is not None and entry_date <= row.closed_through)
    ):
        return None
    if coupon_ids is not None:
        wanted = set(coupon_ids)
        usable = [c for c in usable if c[0] in wanted]
    purpose = f"market.order:{order.id}"
    left = services._unpaid_by_line(cast(Order, order))
    used: list[tuple[int, str, int, str]] = []
    for coupon_id, code, balance, _, _, taken in usable:
        allowed = [item_id for item_id, amount in left.items() if amount > 0]
        amount = min(balance, sum(left[i] for i in allowed), due - sum(x[2] for x in used))
        if amount <= 0:
            continue
        services._spend_lines(left, allowed, amount)
        used.append((coupon_id, code, amount, f"{purpose}:coupon:{coupon_id}:{taken + 1}:1"))
    if not used:
        return None
    return _write(order.id, used, accounts, entry_date, now, purpose, actor_id=actor_id,
                  service_point_id=service_point_id)


@lru_cache(maxsize=16)
def _statement(coupons_used: int, accounts_moved: int) -> sa.Select[Any]:
    """The payment statement for so many coupons and ledger accounts, built
    once (see :mod:`core.statements`)."""
    o, a, oc, jl = table(Order), table(Account), table(OrderCoupon), table(JournalLine)
    tenant_id = param("tenant_id", Order, "tenant_id")
    order_id = param("order_id", OrderCoupon, "order_id")
    actor_id = param("actor_id", Redemption, "operator_id")
    now = param("now", Order, "updated_at")
    entry_date = param("entry_date", JournalEntry, "entry_date")
    ctes: list[Any] = []
    spends, links = [], []
    for n in range(coupons_used):
        coupon_id = param(f"coupon_{n}", Redemption, "coupon_id")
        amount = param(f"amount_{n}", Redemption, "amount_satang")
        spend = coupons.spend_statement(coupon_id, amount, now).cte(f"spend_{n}")
        redeemed = insert_from(Redemption, spend, {
            "tenant_id": tenant_id, "coupon_id": coupon_id, "amount_satang": amount,
            "idempotency_key": param(f"key_{n}", Redemption, "idempotency_key"),
            "service_point_id": param("service_point_id", Redemption, "service_point_id"),
            "operator_id": actor_id, "ref": param("ref", Redemption, "ref"), "created_at": now,
        }, now).returning(table(Redemption).c.id).cte(f"redeemed_{n}")
        link = insert_from(OrderCoupon, redeemed, {
            "tenant_id": tenant_id, "order_id": order_id, "coupon_id": coupon_id,
            "redemption_id": redeemed.c.id, "amount": amount, "created_at": now,
        }, now).returning(*oc.c).cte(f"link_{n}")
        source = sa.func.concat("market.redemption:", redeemed.c.id)
        entry = insert_from(JournalEntry, redeemed, {
            "tenant_id": tenant_id, "entry_date": entry_date, "memo": param(f"memo_{n}", JournalEntry, "memo"),
            "source": source, "idempotency_key": source,
            "body_hash": param(f"body_hash_{n}", JournalEntry, "body_hash"),
            "created_by_user_id": actor_id, "created_at": now,
        }, now).returning(table(JournalEntry).c.id).cte(f"entry_{n}")
        posted = sa.insert(jl).from_select(
            ["tenant_id", "entry_id", "account_id", "amount"],
            sa.union_all(*(
                sa.select(tenant_id, entry.c.id, param(f"account_{n}_{side}", JournalLine, "account_id"),
                          param(f"satang_{n}_{side}", JournalLine, "amount")).select_from(entry)
                for side in (0, 1)
            )),
        ).returning(jl.c.id).cte(f"lines_{n}")
        spends.append(spend)
        links.append(link)
        ctes += [spend, redeemed, link, entry, posted]
    spent = sa.select(sa.func.count()).select_from(
        sa.union_all(*(sa.select(s.c.balance_satang) for s in spends)).subquery()
    ).scalar_subquery() == coupons_used
    before: Any = spent
    for n in range(accounts_moved):  # ids ascending, as the ledger takes them
        delta = param(f"delta_{n}", Account, "balance")
        applied = (
            sa.update(a)
            .where(a.c.id == param(f"moved_{n}", Account, "id"), a.c.tenant_id == tenant_id,
                   sa.or_(a.c.may_go_negative, a.c.balance + delta >= 0), before)
            .values(balance=a.c.balance + delta)
            .returning(a.c.id)
            .cte(f"account_{n}")
        )
        ctes.append(applied)
        before = sa.exists(sa.select(applied.c.id))
    total = param("total", Order, "coupon_paid")
    grown = (
        sa.update(o)
        .where(o.c.tenant_id == tenant_id, o.c.id == order_id, o.c.status.in_(policies.OPEN),
               o.c.coupon_paid + o.c.cash_paid + o.c.credit_paid + total <= o.c.total, before)
        .values(coupon_paid=o.c.coupon_paid + total, updated_at=now)
        .returning(o.c.id)
        .cte("grown")
    )
    ctes.append(grown)
    ctes.append(insert_from(AuditEvent, grown, {
        "tenant_id": tenant_id, "at": now, "actor_user_id": actor_id, "action": "market.order.pay_coupons",
        "target_type": "market_order", "target_id": grown.c.id, "after": param("after", AuditEvent, "after"),
    }, now).returning(table(AuditEvent).c.id).cte("audited"))
    made = sa.union_all(*(sa.select(link) for link in links)).subquery("made")
    statement = (
        sa.select(made)
        .where(sa.select(sa.func.count()).select_from(grown).scalar_subquery() == 1)
        .order_by(made.c.id)
    )
    for cte in ctes:
        statement = statement.add_cte(cte)
    return statement


@lru_cache(maxsize=16)
def _loading(coupons_used: int, accounts_moved: int) -> Any:
    """The statement loading the payments it makes, built once per shape too."""
    return sa.select(OrderCoupon).from_statement(_statement(coupons_used, accounts_moved))


def _write(
    order_id: int,
    used: list[tuple[int, str, int, str]],
    accounts: dict[str, tuple[int, str]],
    entry_date: date,
    now: datetime,
    purpose: str,
    *,
    actor_id: int | None,
    service_point_id: int | None,
) -> list[OrderCoupon] | None:
    tenant_id = require_tenant_id()
    outstanding_id, sales_id = accounts[OUTSTANDING][0], accounts[SALES][0]
    params = values(
        tenant_id=tenant_id, order_id=order_id, actor_id=actor_id, now=now, entry_date=entry_date,
        service_point_id=service_point_id, ref=purpose[:100],
        after={"coupons": [[coupon_id, amount] for coupon_id, _, amount, _ in used]},
    )
    for n, (coupon_id, code, amount, key) in enumerate(used):
        pairs = [(outstanding_id, amount), (sales_id, -amount)]
        ledger_policies.check_lines(pairs)
        memo = coupons.ledger_memo(code, purpose)
        params.update(values(**{
            f"coupon_{n}": coupon_id, f"amount_{n}": amount, f"key_{n}": key, f"memo_{n}": memo,
            f"body_hash_{n}": ledger_policies.body_hash(entry_date, memo, pairs),
            f"account_{n}_0": outstanding_id, f"satang_{n}_0": amount,
            f"account_{n}_1": sales_id, f"satang_{n}_1": -amount,
        }))
    total = sum(x[2] for x in used)
    net = ledger_policies.net_by_account([(outstanding_id, total), (sales_id, -total)])  # ids ascending
    for n, (account_id, amount) in enumerate(net.items()):
        kind = next(k for i, k in accounts.values() if i == account_id)
        params.update(values(**{f"moved_{n}": account_id,
                                f"delta_{n}": amount if kind in DEBIT_NORMAL else -amount}))
    params.update(values(total=total))
    savepoint = db.session.begin_nested()
    try:
        made_links = list(db.session.scalars(
            _loading(len(used), len(net)), params
        ).all())
        closed = (
            db.session.connection().execute(_close_statement(), values(tenant_id=tenant_id)).scalar()
            if made_links else None
        )
        if len(made_links) != len(used) or (closed is not None and entry_date <= closed):
            savepoint.rollback()  # a part did not take, or the book closed meanwhile: the service decides
            return None
        savepoint.commit()
    except IntegrityError:  # a redemption key taken at once elsewhere
        savepoint.rollback()
        return None
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    _expire([(Order, order_id), *((Coupon, x[0]) for x in used), (Account, outstanding_id), (Account, sales_id)])
    return made_links


def _expire(keys: list[tuple[Any, int]]) -> None:
    """Rows this statement changed that the session may hold stale."""
    for model, row_id in keys:
        held = db.session.identity_map.get(identity_key(model, row_id))
        if held is not None:
            db.session.expire(held)
