"""Programmes and coupon issue: eligibility, value (with a household-size
multiplier and cap, or an item basket), codes from ``secrets``, re-issue,
cancellation and expiry — each balanced in the ledger."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core import clock
from core.audit.services import record
from core.db import db, utcnow
from core.errors import N_, NotFound, ValidationError
from core.i18n.formatting import BANGKOK
from core.registry.models import VULNERABILITY_FLAGS, Household, Person
from market.coupons import errors
from market.coupons import ledger as coupon_ledger
from market.coupons.services import CODE_ALPHABET, get
from market.models.catalog import Item
from market.models.coupons import SPENDABLE_STATES, Coupon, Programme
from market.models.rounds import Round, RoundOffer

CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def day_start(day: date) -> datetime:
    """The first instant of a Bangkok calendar day."""
    return datetime.combine(day, time.min, BANGKOK)


def day_end(day: date) -> datetime:
    """The exclusive end of a Bangkok calendar day: valid through 23:59:59.999…"""
    return day_start(day + timedelta(days=1))


# --- programmes ---------------------------------------------------------------

PROGRAMME_FIELDS = (
    "name",
    "funder",
    "purpose",
    "budget_account_id",
    "kind",
    "eligibility_flags",
    "village_ids",
    "min_household_size",
    "max_household_size",
    "value_satang",
    "per_member",
    "size_cap",
    "basket",
    "allowed_item_ids",
    "allowed_category_ids",
    "active",
)


def save_programme(
    data: dict, *, actor_id: int | None, programme: Programme | None = None
) -> Programme:
    _validate_programme(data)
    creating = programme is None
    programme = programme or Programme()
    for name in PROGRAMME_FIELDS:
        if name in data:
            setattr(programme, name, data[name])
    if creating:
        db.session.add(programme)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise ValidationError(
            N_("A programme with this name already exists"), field="name"
        ) from None
    record(
        "market.programme.save",
        actor_id=actor_id,
        target_type="market_programme",
        target_id=programme.id,
        after={k: data.get(k) for k in PROGRAMME_FIELDS if k in data},
    )
    return programme


def _validate_programme(data: dict) -> None:
    if not (data.get("name") or "").strip():
        raise ValidationError(N_("Enter a name"), field="name")
    kind = data.get("kind", "value")
    if kind not in ("value", "basket"):
        raise ValidationError(N_("Choose value or item basket"), field="kind")
    if kind == "value" and (data.get("value_satang") or 0) <= 0:
        raise ValidationError(N_("Enter a value greater than zero"), field="value_satang")
    if kind == "basket":
        basket = data.get("basket") or []
        if not basket or any(int(b.get("quantity", 0)) <= 0 for b in basket):
            raise ValidationError(
                N_("A basket needs items with quantities greater than zero"), field="basket"
            )
    unknown = set(data.get("eligibility_flags") or ()) - set(VULNERABILITY_FLAGS)
    if unknown:
        raise ValidationError(N_("Unknown vulnerability flag"), field="eligibility_flags")
    low, high = data.get("min_household_size"), data.get("max_household_size")
    if (
        (low is not None and low < 1)
        or (high is not None and high < 1)
        or (low and high and low > high)
    ):
        raise ValidationError(
            N_("Household sizes must be at least 1, smallest first"), field="min_household_size"
        )
    if data.get("size_cap") is not None and data["size_cap"] < 1:
        raise ValidationError(N_("The cap must be at least 1"), field="size_cap")


def get_programme(programme_id: int) -> Programme:
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        raise NotFound()
    return programme


# --- eligibility and value ------------------------------------------------------


def household_size(household_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Person)
            .where(Person.household_id == household_id)
        )
        or 0
    )


def eligible(programme: Programme, household: Household, today: date | None = None) -> bool:
    if programme.village_ids and household.village_id not in set(programme.village_ids):
        return False
    size = household_size(household.id)
    if programme.min_household_size and size < programme.min_household_size:
        return False
    if programme.max_household_size and size > programme.max_household_size:
        return False
    if programme.eligibility_flags and not (
        household.vulnerability(today) & set(programme.eligibility_flags)
    ):
        return False
    return True


def eligible_households(programme: Programme, today: date | None = None) -> list[Household]:
    query = sa.select(Household).order_by(Household.id)
    if programme.village_ids:
        query = query.where(Household.village_id.in_(list(programme.village_ids)))
    return [h for h in db.session.scalars(query) if eligible(programme, h, today)]


def multiplier(programme: Programme, size: int) -> int:
    if not programme.per_member:
        return 1
    size = max(size, 1)
    return min(size, programme.size_cap) if programme.size_cap else size


def _basket_lines(programme: Programme, round_id: int | None, times: int) -> tuple[list[dict], int]:
    offers = {}
    if round_id:
        offers = {
            o.item_id: o.price_satang
            for o in db.session.scalars(
                sa.select(RoundOffer).where(RoundOffer.round_id == round_id)
            )
        }
    lines, total = [], 0
    for entry in programme.basket:
        item = db.session.get(Item, int(entry["item_id"]))
        if item is None:
            raise ValidationError(N_("A basket item no longer exists"), field="basket")
        quantity = int(entry["quantity"]) * times
        price = offers.get(item.id, item.price_satang)
        lines.append({"item_id": item.id, "quantity": quantity, "price_satang": price})
        total += quantity * price
    return lines, total


# --- issue ----------------------------------------------------------------------


@dataclass
class IssueResult:
    issued: list[int] = field(default_factory=list)
    already: int = 0
    not_eligible: list[int] = field(default_factory=list)


def issue_round(
    programme_id: int,
    *,
    round_id: int | None,
    valid_from: date,
    valid_until: date,
    actor_id: int | None,
    household_ids: list[int] | None = None,
) -> IssueResult:
    """One coupon per eligible household (or per listed household, each
    checked); a household that already has a live coupon of this programme and
    round is skipped, so issuing twice issues nothing more."""
    if valid_until < valid_from:
        raise ValidationError(
            N_("The last valid day must not be before the first"), field="valid_until"
        )
    if valid_until < clock.today():
        raise errors.ValidityPassed(field="valid_until", date=valid_until.isoformat())
    programme = get_programme(programme_id)
    if not programme.active:
        raise ValidationError(N_("This programme is closed"), field="programme_id")
    if round_id is not None and db.session.get(Round, round_id) is None:
        raise NotFound()
    if household_ids is None:
        households = eligible_households(programme)
    else:
        households = listed_households(household_ids)
    result = IssueResult()
    issued_value = 0
    existing = set(
        db.session.scalars(
            sa.select(Coupon.household_id).where(
                Coupon.programme_id == programme.id,
                Coupon.round_id.is_(None) if round_id is None else Coupon.round_id == round_id,
                Coupon.state.notin_(("cancelled", "replaced")),
            )
        )
    )
    for household in households:
        if household.id in existing:
            result.already += 1
            continue
        if household_ids is not None and not eligible(programme, household):
            result.not_eligible.append(household.id)
            continue
        coupon = _issue_one(programme, household, round_id, valid_from, valid_until, actor_id)
        result.issued.append(coupon.id)
        issued_value += coupon.value_satang
    if result.issued:
        # One entry for the batch: a round's 2,000 coupons are one decision of
        # the programme, and 2,000 entries would make issuing take minutes.
        coupon_ledger.post(
            key=f"market.coupon.issue-batch:{result.issued[0]}-{result.issued[-1]}",
            memo=f"{len(result.issued)} coupons issued ({programme.name})"[:200],
            debit=coupon_ledger.budget(programme),
            credit=coupon_ledger.outstanding(),
            amount=issued_value,
            source=f"market.programme:{programme.id}",
            actor_id=actor_id,
        )
    if household_ids is not None and len(household_ids) == 1 and result.not_eligible:
        raise errors.NotEligible(household=households[0].code)
    record(
        "market.coupons.issue",
        actor_id=actor_id,
        target_type="market_programme",
        target_id=programme.id,
        after={"round_id": round_id, "issued": len(result.issued), "already": result.already},
    )
    return result


def listed_households(household_ids: list[int]) -> list[Household]:
    """The listed households in the order given (each once), or
    :class:`errors.UnknownHouseholds` naming every id that is not one of this
    organisation's households: all or nothing."""
    wanted = list(dict.fromkeys(household_ids))
    found = {
        h.id: h
        for h in db.session.scalars(sa.select(Household).where(Household.id.in_(wanted)))
    } if wanted else {}
    unknown = [i for i in wanted if i not in found]
    if unknown:
        raise errors.UnknownHouseholds(sorted(unknown))
    return [found[i] for i in wanted]


def _issue_one(programme, household, round_id, valid_from, valid_until, actor_id) -> Coupon:
    times = multiplier(programme, household_size(household.id))
    basket: list[dict] = []
    allowed_items = list(programme.allowed_item_ids or [])
    if programme.kind == "basket":
        basket, value = _basket_lines(programme, round_id, times)
        allowed_items = [line["item_id"] for line in basket]
    else:
        value = programme.value_satang * times
    coupon = Coupon(
        code=new_code(),
        household_id=household.id,
        programme_id=programme.id,
        round_id=round_id,
        value_satang=value,
        balance_satang=value,
        state="issued",
        valid_from=day_start(valid_from),
        valid_until=day_end(valid_until),
        basket=basket,
        allowed_item_ids=allowed_items,
        allowed_category_ids=list(programme.allowed_category_ids or []),
        issued_by_user_id=actor_id,
    )
    db.session.add(coupon)
    db.session.flush()
    return coupon


def post_issue(coupon: Coupon, programme: Programme, actor_id: int | None) -> None:
    """The budget pays for the coupon's value: it is owed to its holder until spent."""
    coupon_ledger.post(
        key=f"market.coupon.issue:{coupon.id}",
        memo=f"Coupon {coupon.code} issued ({programme.name})"[:200],
        debit=coupon_ledger.budget(programme),
        credit=coupon_ledger.outstanding(),
        amount=coupon.value_satang,
        source=f"market.coupon:{coupon.id}",
        actor_id=actor_id,
    )


def _close(coupon_id: int, state: str, reason: str | None) -> int | None:
    """Move a spendable coupon to a final state; its balance at that instant
    (no redemption can slip in between), or None if it was not spendable."""
    now = utcnow()
    return db.session.execute(
        sa.update(Coupon)
        .where(Coupon.id == coupon_id, Coupon.state.in_(SPENDABLE_STATES))
        .values(
            state=state,
            cancelled_at=now if state != "expired" else None,
            cancel_reason=(reason or "")[:200] or None,
            updated_at=now,
        )
        .returning(Coupon.balance_satang)
        .execution_options(synchronize_session=False)
    ).scalar()


def reissue(coupon_id: int, *, reason: str, actor_id: int | None) -> Coupon:
    """A lost or damaged card: the old code stops working and a new coupon
    carries its balance, validity and restrictions."""
    old = get(coupon_id)
    balance = _close(old.id, "replaced", reason)
    if balance is None:
        raise errors.CannotCancel()
    db.session.refresh(old)
    new = Coupon(
        code=new_code(),
        household_id=old.household_id,
        programme_id=old.programme_id,
        round_id=old.round_id,
        value_satang=balance,
        balance_satang=balance,
        state="active" if balance else "used",
        valid_from=old.valid_from,
        valid_until=old.valid_until,
        basket=old.basket,
        allowed_item_ids=old.allowed_item_ids,
        allowed_category_ids=old.allowed_category_ids,
        replaces_id=old.id,
        issued_by_user_id=actor_id,
    )
    db.session.add(new)
    db.session.flush()
    record(
        "market.coupon.reissue",
        actor_id=actor_id,
        target_type="market_coupon",
        target_id=old.id,
        after={"new_coupon_id": new.id, "balance_satang": balance, "reason": reason},
    )
    return new


def cancel(coupon_id: int, *, reason: str, actor_id: int | None) -> Coupon:
    coupon = get(coupon_id)
    balance = _close(coupon.id, "cancelled", reason)
    if balance is None:
        raise errors.CannotCancel()
    db.session.refresh(coupon)
    programme = db.session.get(Programme, coupon.programme_id)
    coupon_ledger.post(
        key=f"market.coupon.cancel:{coupon.id}",
        memo=f"Coupon {coupon.code} cancelled"[:200],
        debit=coupon_ledger.outstanding(),
        credit=coupon_ledger.budget(programme),
        amount=balance,
        source=f"market.coupon:{coupon.id}",
        actor_id=actor_id,
    )
    record(
        "market.coupon.cancel",
        actor_id=actor_id,
        target_type="market_coupon",
        target_id=coupon.id,
        after={"balance_satang": balance, "reason": reason},
    )
    return coupon


def refresh_states(now: datetime | None = None) -> dict[str, int]:
    """Periodic: issued coupons whose first day has come become active;
    coupons past their last day expire and their unspent balance returns to
    the programme's budget."""
    now = now or utcnow()
    activated = db.session.execute(
        sa.update(Coupon)
        .where(Coupon.state == "issued", Coupon.valid_from <= now, Coupon.valid_until > now)
        .values(state="active", updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    due = list(
        db.session.scalars(
            sa.select(Coupon.id)
            .where(Coupon.state.in_(SPENDABLE_STATES), Coupon.valid_until <= now)
            .order_by(Coupon.id)
        )
    )
    expired = 0
    for coupon_id in due:
        balance = _close(coupon_id, "expired", None)
        if balance is None:
            continue
        expired += 1
        coupon = db.session.get(Coupon, coupon_id)
        programme = db.session.get(Programme, coupon.programme_id)
        coupon_ledger.post(
            key=f"market.coupon.expire:{coupon_id}",
            memo=f"Coupon {coupon.code} expired"[:200],
            debit=coupon_ledger.outstanding(),
            credit=coupon_ledger.budget(programme),
            amount=balance,
            source=f"market.coupon:{coupon_id}",
            actor_id=None,
        )
    return {"activated": activated, "expired": expired}
