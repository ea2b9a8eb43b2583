"""The waste-bank credit: households deposit recyclables and earn credit
spendable at the centre — a second instrument beside coupons, with the same
safety: append-only entries keyed by the client's idempotency key, and a
balance changed only by a conditional ``UPDATE … WHERE balance >= :n``.

Ledger (book ``market``): a deposit debits "recyclables received" and credits
"waste-bank credit owed"; a spend debits the credit owed and credits "sales
paid by waste-bank credit".
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit.services import record
from core.ceilings import services as ceilings
from core.db import db, utcnow
from core.errors import N_, NotFound, ValidationError
from core.i18n.formatting import format_thb
from core.ledger import services as ledger
from core.registry.models import Household
from market.models.coupons import Wallet, WalletEntry, WasteRate
from market.wallet import errors

BOOK = "market"


def _recyclables():
    return ledger.get_or_create_account(
        BOOK, "recyclables", "วัสดุรีไซเคิลรับฝาก", "Recyclables received", "asset"
    )


def _owed():
    return ledger.get_or_create_account(
        BOOK, "waste_credit_owed", "เครดิตธนาคารขยะค้างจ่าย", "Waste-bank credit owed", "liability"
    )


def _sales():
    return ledger.get_or_create_account(
        BOOK,
        "waste_credit_sales",
        "รายได้รับเป็นเครดิตธนาคารขยะ",
        "Sales paid by waste-bank credit",
        "income",
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


def set_rate(material: str, satang_per_kg: int, *, actor_id: int | None = None) -> WasteRate:
    material = (material or "").strip()[:100]
    if not material:
        raise ValidationError(N_("Enter a material"), field="material")
    if satang_per_kg <= 0:
        raise ValidationError(N_("The rate must be greater than zero"), field="satang_per_kg")
    rate = db.session.scalar(sa.select(WasteRate).where(WasteRate.material == material))
    before = {"satang_per_kg": rate.satang_per_kg, "active": rate.active} if rate is not None else None
    if rate is None:
        rate = WasteRate(material=material)
        db.session.add(rate)
    rate.satang_per_kg = satang_per_kg
    rate.active = True
    db.session.flush()
    after = {"material": material, "satang_per_kg": satang_per_kg, "active": True}
    if before != {k: after[k] for k in ("satang_per_kg", "active")}:
        record("market.wallet.rate", actor_id=actor_id, target_type="market_waste_rate", target_id=rate.id,
               before=before, after=after)
    return rate


def rates() -> list[WasteRate]:
    return list(
        db.session.scalars(
            sa.select(WasteRate).where(WasteRate.active).order_by(WasteRate.material)
        )
    )


def wallet_for(household_id: int) -> Wallet:
    """The household's wallet, opened on first use (race-safe)."""
    if db.session.get(Household, household_id) is None:
        raise ValidationError(N_("Choose a household"), field="household_id")
    wallet = db.session.scalar(sa.select(Wallet).where(Wallet.household_id == household_id))
    if wallet is not None:
        return wallet
    try:
        with db.session.begin_nested():
            wallet = Wallet(household_id=household_id, balance_satang=0)
            db.session.add(wallet)
            db.session.flush()
    except IntegrityError:
        wallet = db.session.scalar(sa.select(Wallet).where(Wallet.household_id == household_id))
    return wallet


def balance(household_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(Wallet.balance_satang).where(Wallet.household_id == household_id)
        )
        or 0
    )


def credit_for(rate: WasteRate, weight_grams: int) -> int:
    """Satang earned, rounded down to the whole satang (never paid for weight not brought)."""
    return rate.satang_per_kg * weight_grams // 1000


def _by_key(key: str) -> WalletEntry | None:
    return db.session.scalar(sa.select(WalletEntry).where(WalletEntry.idempotency_key == key))


def _key(value: str) -> str:
    key = (value or "").strip()
    if not key or len(key) > 100:
        raise ValidationError(
            N_("Each request needs a key of at most 100 characters"), field="idempotency_key"
        )
    return key


def deposit(
    household_id: int,
    rate_id: int,
    weight_grams: int,
    *,
    idempotency_key: str,
    service_point_id: int | None,
    operator_id: int | None,
) -> WalletEntry:
    if not isinstance(weight_grams, int) or isinstance(weight_grams, bool) or weight_grams <= 0:
        raise errors.InvalidWeight(field="weight_grams")
    key = _key(idempotency_key)
    first = _by_key(key)
    if first is not None:
        if (
            first.kind != "deposit"
            or first.weight_grams != weight_grams
            or first.rate_id != rate_id
        ):
            raise errors.WalletKeyReused()
        return first
    rate = db.session.get(WasteRate, rate_id)
    if rate is None or not rate.active:
        raise ValidationError(N_("Choose a material"), field="rate_id")
    amount = credit_for(rate, weight_grams)
    if amount <= 0:
        raise errors.InvalidWeight(N_("Too little to earn any credit"), field="weight_grams")
    ceilings.guard("waste_deposit", amount)
    wallet = wallet_for(household_id)
    with db.session.begin_nested():
        entry = WalletEntry(
            wallet_id=wallet.id,
            kind="deposit",
            amount_satang=amount,
            idempotency_key=key,
            rate_id=rate.id,
            weight_grams=weight_grams,
            service_point_id=service_point_id,
            operator_id=operator_id,
            ref=f"waste:{rate.material}"[:100],
            created_at=utcnow(),
        )
        db.session.add(entry)
        db.session.flush()
        _change(wallet.id, amount)
        _post(
            f"market.wallet.deposit:{entry.id}",
            f"Waste bank {rate.material} {weight_grams} g",
            _recyclables(),
            _owed(),
            amount,
            operator_id,
        )
        _audit(entry, household_id, {"material": rate.material, "weight_grams": weight_grams,
                                      "rate_satang_per_kg": rate.satang_per_kg})
    return entry


def _audit(entry: WalletEntry, household_id: int, detail: dict | None = None) -> None:
    """One audit event per wallet entry: who moved how much for which household."""
    record(
        f"market.wallet.{entry.kind}",
        actor_id=entry.operator_id,
        target_type="market_wallet_entry",
        target_id=entry.id,
        after={
            "household_id": household_id,
            "amount": entry.amount_satang,
            "balance": balance(household_id),
            "key": entry.idempotency_key,
            "service_point_id": entry.service_point_id,
            "ref": entry.ref,
            **(detail or {}),
        },
    )


def _change(wallet_id: int, delta: int) -> int | None:
    stmt = (
        sa.update(Wallet)
        .where(Wallet.id == wallet_id)
        .values(balance_satang=Wallet.balance_satang + delta, updated_at=utcnow())
        .returning(Wallet.balance_satang)
        .execution_options(synchronize_session=False)
    )
    if delta < 0:
        stmt = stmt.where(Wallet.balance_satang >= -delta)
    left = db.session.execute(stmt).scalar()
    wallet = db.session.get(Wallet, wallet_id)
    if wallet is not None:
        db.session.expire(wallet)
    return left


def spend(
    household_id: int,
    amount_satang: int,
    *,
    idempotency_key: str,
    service_point_id: int | None,
    operator_id: int | None,
    ref: str,
    now: datetime | None = None,
) -> WalletEntry:
    """Pay ``amount_satang`` from the household's credit, or return the entry
    already made under the same key."""
    from market.coupons.errors import InvalidAmount

    if not isinstance(amount_satang, int) or isinstance(amount_satang, bool) or amount_satang <= 0:
        raise InvalidAmount(field="amount")
    key = _key(idempotency_key)
    first = _by_key(key)
    if first is not None:
        return _replay(first, household_id, amount_satang)
    wallet = wallet_for(household_id)
    savepoint = db.session.begin_nested()
    try:
        if _change(wallet.id, -amount_satang) is None:
            savepoint.rollback()
            first = _by_key(key)
            if first is not None:
                return _replay(first, household_id, amount_satang)
            raise errors.NotEnoughCredit(balance=format_thb(balance(household_id)))
        entry = WalletEntry(
            wallet_id=wallet.id,
            kind="spend",
            amount_satang=-amount_satang,
            idempotency_key=key,
            service_point_id=service_point_id,
            operator_id=operator_id,
            ref=(ref or "")[:100],
            created_at=now or utcnow(),
        )
        db.session.add(entry)
        db.session.flush()
        _post(
            f"market.wallet.spend:{entry.id}",
            f"Waste-bank credit {ref}",
            _owed(),
            _sales(),
            amount_satang,
            operator_id,
        )
        _audit(entry, household_id)
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        first = _by_key(key)
        if first is None:
            raise
        return _replay(first, household_id, amount_satang)
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    return entry


def _replay(first: WalletEntry, household_id: int, amount: int) -> WalletEntry:
    wallet = db.session.get(Wallet, first.wallet_id)
    if (
        first.kind != "spend"
        or first.amount_satang != -amount
        or wallet.household_id != household_id
    ):
        raise errors.WalletKeyReused()
    return first


def reverse_spend(entry_id: int, *, reason: str, actor_id: int | None) -> WalletEntry:
    original = db.session.get(WalletEntry, entry_id)
    if original is None or original.kind != "spend":
        raise NotFound()
    try:
        with db.session.begin_nested():
            back = WalletEntry(
                wallet_id=original.wallet_id,
                kind="reversal",
                amount_satang=-original.amount_satang,
                idempotency_key=f"reversal:{original.id}",
                reversal_of_id=original.id,
                operator_id=actor_id,
                ref=(reason or "")[:100],
                created_at=utcnow(),
            )
            db.session.add(back)
            db.session.flush()
            _change(original.wallet_id, -original.amount_satang)
            _post(
                f"market.wallet.reversal:{original.id}",
                f"Reversal: {reason}",
                _sales(),
                _owed(),
                -original.amount_satang,
                actor_id,
            )
            household_id = db.session.scalar(
                sa.select(Wallet.household_id).where(Wallet.id == original.wallet_id)
            )
            _audit(back, household_id, {"reversal_of": original.id})
    except IntegrityError:
        raise errors.AlreadyReversed() from None
    return back


def entries(household_id: int, limit: int = 50) -> list[WalletEntry]:
    wallet = db.session.scalar(sa.select(Wallet).where(Wallet.household_id == household_id))
    if wallet is None:
        return []
    return list(
        db.session.scalars(
            sa.select(WalletEntry)
            .where(WalletEntry.wallet_id == wallet.id)
            .order_by(WalletEntry.id.desc())
            .limit(limit)
        )
    )
