"""Store credit: money the centre owes a household (a refund, an overpayment,
an adjustment), spendable on its orders — the third instrument of the
household wallet beside coupons and waste-bank credit.

Other parts credit it through :func:`credit` (an overpayment that arrived for a
settled order, a refund given as credit instead of cash). The balance changes
only through one conditional ``UPDATE … WHERE balance >= :n``; every movement
is an append-only entry keyed by an idempotency key, and a ledger entry.

Ledger (book ``market``): a credit debits the account the caller names (where
the money sits: the sales it reverses, the overpayment received) and credits
"store credit owed"; a spend debits the credit owed and credits "sales paid by
store credit"; a reversal undoes a spend.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.services import record
from core.db import db, utcnow
from core.errors import N_, NotFound, ValidationError
from core.i18n.formatting import format_thb
from core.ledger import services as ledger
from core.ledger.models import Account
from core.registry.models import Household
from market.models.wallet import STORE_CREDIT_SOURCES, StoreCredit, StoreCreditEntry
from market.wallet import errors

BOOK = "market"
MAX_CREDIT_SATANG = 10_000_000_00  # ten million baht: a typing slip, not a refund


def owed_account() -> Account:
    return ledger.get_or_create_account(
        BOOK, "store_credit_owed", "เครดิตร้านค้าค้างจ่าย", "Store credit owed", "liability"
    )


def sales_account() -> Account:
    return ledger.get_or_create_account(
        BOOK,
        "store_credit_sales",
        "รายได้รับเป็นเครดิตร้านค้า",
        "Sales paid by store credit",
        "income",
    )


def refunds_account() -> Account:
    """Where a refund given as store credit is charged when the caller has no
    better account: sales given back."""
    return ledger.get_or_create_account(
        BOOK, "sales_refunded", "คืนเงินค่าสินค้าเป็นเครดิต", "Sales refunded as store credit", "income",
        may_go_negative=True,
    )


def _post(key: str, memo: str, debit, credit, amount: int, actor_id: int | None) -> None:
    ledger.post(
        entry_date=ledger.today(),
        memo=memo[:200],
        lines=[(debit, amount), (credit, -amount)],
        idempotency_key=key,
        source=key,
        actor_id=actor_id,
    )


def _amount(value, field: str = "amount") -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise errors.InvalidCreditAmount(field=field)
    return value


def _key(value: str) -> str:
    key = (value or "").strip()
    if not key or len(key) > 100:
        raise ValidationError(
            N_("Each request needs a key of at most 100 characters"), field="idempotency_key"
        )
    return key


def account_for(household_id: int) -> StoreCredit:
    """The household's store credit, opened on first use (race-safe)."""
    if db.session.scalar(sa.select(Household.id).where(Household.id == household_id)) is None:
        raise ValidationError(N_("Choose a household"), field="household_id")
    found = db.session.scalar(sa.select(StoreCredit).where(StoreCredit.household_id == household_id))
    if found is not None:
        return found
    try:
        with db.session.begin_nested():
            found = StoreCredit(household_id=household_id, balance_satang=0)
            db.session.add(found)
            db.session.flush()
    except IntegrityError:
        # A concurrent request opened it first: it exists now.
        found = db.session.scalars(
            sa.select(StoreCredit).where(StoreCredit.household_id == household_id)
        ).one()
    return found


def balance(household_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(StoreCredit.balance_satang).where(StoreCredit.household_id == household_id)
        )
        or 0
    )


def _by_key(key: str) -> StoreCreditEntry | None:
    return db.session.scalar(
        sa.select(StoreCreditEntry).where(StoreCreditEntry.idempotency_key == key)
    )


def _change(account_id: int, delta: int) -> int | None:
    stmt = (
        sa.update(StoreCredit)
        .where(StoreCredit.id == account_id)
        .values(balance_satang=StoreCredit.balance_satang + delta, updated_at=utcnow())
        .returning(StoreCredit.balance_satang)
        .execution_options(synchronize_session=False)
    )
    if delta < 0:
        stmt = stmt.where(StoreCredit.balance_satang >= -delta)
    left = db.session.execute(stmt).scalar()
    cached = db.session.get(StoreCredit, account_id)
    if cached is not None:
        db.session.expire(cached)
    return left


def credit(
    household_id: int,
    amount_satang: int,
    *,
    source: str,
    idempotency_key: str,
    debit_account: Account | int | None = None,
    ref: str = "",
    note: str | None = None,
    actor_id: int | None = None,
) -> StoreCreditEntry:
    """Give a household ``amount_satang`` of store credit, or return the entry
    already made under ``idempotency_key`` (the same key with another body is
    refused). ``source`` is ``refund``, ``overpayment`` or ``adjustment``;
    ``debit_account`` is where the money sits now (default: sales refunded)."""
    amount = _amount(amount_satang)
    if amount > MAX_CREDIT_SATANG:
        raise errors.InvalidCreditAmount(field="amount")
    if source not in STORE_CREDIT_SOURCES:
        raise ValidationError(N_("Choose why the household is given credit"), field="source")
    key = _key(idempotency_key)
    first = _by_key(key)
    if first is not None:
        return _same_credit(first, household_id, amount, source)
    account = account_for(household_id)
    try:
        with db.session.begin_nested():
            entry = StoreCreditEntry(
                store_credit_id=account.id, kind="credit", source=source, amount_satang=amount,
                idempotency_key=key, operator_id=actor_id, ref=(ref or "")[:100],
                note=(note or "").strip()[:200] or None, created_at=utcnow(),
            )
            db.session.add(entry)
            db.session.flush()
            _change(account.id, amount)
            _post(f"market.store_credit.credit:{entry.id}", f"Store credit ({source}) {ref}".strip(),
                  debit_account or refunds_account(), owed_account(), amount, actor_id)
            _audit(entry, household_id, {"source": source, "note": entry.note})
    except IntegrityError:
        first = _by_key(key)
        if first is None:
            raise
        return _same_credit(first, household_id, amount, source)
    return entry


def _same_credit(
    first: StoreCreditEntry, household_id: int, amount: int, source: str
) -> StoreCreditEntry:
    account = db.session.get(StoreCredit, first.store_credit_id)
    if account is None:
        raise NotFound()
    if (
        first.kind != "credit"
        or first.amount_satang != amount
        or first.source != source
        or account.household_id != household_id
    ):
        raise errors.WalletKeyReused()
    return first


def spend(
    household_id: int,
    amount_satang: int,
    *,
    idempotency_key: str,
    service_point_id: int | None,
    operator_id: int | None,
    ref: str,
    now: datetime | None = None,
) -> StoreCreditEntry:
    """Pay ``amount_satang`` from the household's store credit, or return the
    entry already made under the same key. Never below zero, under any
    concurrency: :class:`errors.NotEnoughStoreCredit` says what is left."""
    amount = _amount(amount_satang)
    key = _key(idempotency_key)
    first = _by_key(key)
    if first is not None:
        return _same_spend(first, household_id, amount)
    account = account_for(household_id)
    savepoint = db.session.begin_nested()
    try:
        if _change(account.id, -amount) is None:
            savepoint.rollback()
            first = _by_key(key)
            if first is not None:
                return _same_spend(first, household_id, amount)
            raise errors.NotEnoughStoreCredit(balance=format_thb(balance(household_id)))
        entry = StoreCreditEntry(
            store_credit_id=account.id, kind="spend", amount_satang=-amount, idempotency_key=key,
            service_point_id=service_point_id, operator_id=operator_id, ref=(ref or "")[:100],
            created_at=now or utcnow(),
        )
        db.session.add(entry)
        db.session.flush()
        _post(f"market.store_credit.spend:{entry.id}", f"Store credit {ref}", owed_account(),
              sales_account(), amount, operator_id)
        _audit(entry, household_id)
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        first = _by_key(key)
        if first is None:
            raise
        return _same_spend(first, household_id, amount)
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    return entry


def _same_spend(first: StoreCreditEntry, household_id: int, amount: int) -> StoreCreditEntry:
    account = db.session.get(StoreCredit, first.store_credit_id)
    if account is None:
        raise NotFound()
    if first.kind != "spend" or first.amount_satang != -amount or account.household_id != household_id:
        raise errors.WalletKeyReused()
    return first


def reverse_spend(entry_id: int, *, reason: str, actor_id: int | None) -> StoreCreditEntry:
    """Give a spend back (a cancelled order). Once only, even under races."""
    original = db.session.get(StoreCreditEntry, entry_id)
    if original is None or original.kind != "spend":
        raise NotFound()
    try:
        with db.session.begin_nested():
            back = StoreCreditEntry(
                store_credit_id=original.store_credit_id, kind="reversal",
                amount_satang=-original.amount_satang, idempotency_key=f"reversal:{original.id}",
                reversal_of_id=original.id, operator_id=actor_id, ref=original.ref,
                note=(reason or "")[:200] or None, created_at=utcnow(),
            )
            db.session.add(back)
            db.session.flush()
            _change(original.store_credit_id, -original.amount_satang)
            _post(f"market.store_credit.reversal:{original.id}", f"Reversal: {reason}",
                  sales_account(), owed_account(), -original.amount_satang, actor_id)
            household_id = db.session.scalars(
                sa.select(StoreCredit.household_id).where(StoreCredit.id == original.store_credit_id)
            ).one()
            _audit(back, household_id, {"reversal_of": original.id})
    except IntegrityError:
        raise errors.AlreadyReversed() from None
    return back


def _audit(entry: StoreCreditEntry, household_id: int, detail: dict | None = None) -> None:
    record(
        f"market.store_credit.{entry.kind}",
        actor_id=entry.operator_id,
        target_type="market_store_credit_entry",
        target_id=entry.id,
        after={
            "household_id": household_id,
            "amount": entry.amount_satang,
            "balance": balance(household_id),
            "key": entry.idempotency_key,
            "ref": entry.ref,
            **(detail or {}),
        },
    )


def entries(household_id: int) -> list[StoreCreditEntry]:
    account = db.session.scalar(
        sa.select(StoreCredit).where(StoreCredit.household_id == household_id)
    )
    if account is None:
        return []
    return list(
        db.session.scalars(
            sa.select(StoreCreditEntry)
            .where(StoreCreditEntry.store_credit_id == account.id)
            .order_by(StoreCreditEntry.id)
        )
    )
