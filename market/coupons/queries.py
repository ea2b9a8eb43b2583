"""Read side of coupons: the pages' lists (paged, a fixed number of
statements however many coupons a programme has), redemption rows for a
coupon, programme statistics and the coupons-issued/redeemed report per
programme and round."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core import clock
from core.auth.models import User
from core.db import db
from core.paging import Page, paginate
from core.registry.models import Household, Person, Village
from core.registry.queries import person_has_flag
from market.models.catalog import Category, Item, ServicePoint
from market.models.coupons import Coupon, CouponKey, Programme, Redemption
from market.models.rounds import Round

PAGE_SIZE = 50  # coupons on a page of the programme
CARDS_PER_PAGE = 48  # six A4 sheets of eight cards
USABLE = ("issued", "active", "partly_used")


def paged(stmt: sa.Select, page: int, per_page: int) -> Page:
    """Two statements: the count, then the page (a page past the end shows the last)."""
    return paginate(stmt, page, per_page)


def programmes() -> list[Programme]:
    return list(db.session.scalars(sa.select(Programme).order_by(Programme.id.desc())))


def programmes_oldest_first() -> list[Programme]:
    """The API's list of programmes, by id."""
    return list(db.session.scalars(sa.select(Programme).order_by(Programme.id)))


def coupons_filtered(
    household_id: int | None = None, programme_id: int | None = None, round_id: int | None = None
) -> sa.Select:
    """Coupons, newest first, narrowed by whichever of the ids are given (the
    statement, for the API's paging)."""
    stmt = sa.select(Coupon).order_by(Coupon.id.desc())
    for column, value in (
        (Coupon.household_id, household_id),
        (Coupon.programme_id, programme_id),
        (Coupon.round_id, round_id),
    ):
        if value:
            stmt = stmt.where(column == value)
    return stmt


def form_choices() -> dict:
    """What the programme and issue forms offer: villages, items, categories, rounds."""
    return {
        "villages": list(db.session.scalars(sa.select(Village).order_by(Village.moo, Village.id))),
        "items": active_items(),
        "categories": list(db.session.scalars(sa.select(Category).order_by(Category.name_th))),
        "rounds": list(db.session.scalars(sa.select(Round).order_by(Round.starts_on.desc()))),
    }


def active_items() -> list[Item]:
    return list(db.session.scalars(sa.select(Item).where(Item.active).order_by(Item.name_th)))


def active_points() -> list[ServicePoint]:
    return list(
        db.session.scalars(sa.select(ServicePoint).where(ServicePoint.active).order_by(ServicePoint.id))
    )


def programme_coupons(programme_id: int, page: int = 1, per_page: int = PAGE_SIZE) -> Page:
    """A programme's coupons, newest first."""
    stmt = sa.select(Coupon).where(Coupon.programme_id == programme_id).order_by(Coupon.id.desc())
    return paged(stmt, page, per_page)


def card_rows(
    programme_id: int, round_id: int | None = None, page: int = 1, per_page: int = CARDS_PER_PAGE
) -> Page:
    """The usable coupons of a programme (of one round if given) to print, each
    as ``(coupon, household code)``, oldest first."""
    stmt = (
        sa.select(Coupon, Household.code)
        .outerjoin(
            Household,
            sa.and_(Household.id == Coupon.household_id, Household.tenant_id == Coupon.tenant_id),
        )
        .where(Coupon.programme_id == programme_id, Coupon.state.in_(USABLE))
        .order_by(Coupon.id)
    )
    if round_id:
        stmt = stmt.where(Coupon.round_id == round_id)
    return paged(stmt, page, per_page)


def signing_keys() -> list[CouponKey]:
    return list(db.session.scalars(sa.select(CouponKey).order_by(CouponKey.id.desc())))


def eligible_count(programme: Programme, today: date | None = None) -> int:
    """How many households the programme's rules admit today, in one statement:
    the same rules as :func:`market.coupons.issuing.eligible` (village, household
    size counted over its people, at least one member with a wanted flag)."""
    today = today or clock.today()
    size = (
        sa.select(sa.func.count())
        .select_from(Person)
        .where(Person.household_id == Household.id)
        .correlate(Household)
        .scalar_subquery()
    )
    stmt = sa.select(sa.func.count()).select_from(Household)
    if programme.village_ids:
        stmt = stmt.where(Household.village_id.in_(list(programme.village_ids)))
    if programme.min_household_size:
        stmt = stmt.where(size >= programme.min_household_size)
    if programme.max_household_size:
        stmt = stmt.where(size <= programme.max_household_size)
    if programme.eligibility_flags:
        stmt = stmt.where(
            sa.exists().where(
                Person.household_id == Household.id,
                sa.or_(*(person_has_flag(f, today) for f in programme.eligibility_flags)),
            )
        )
    return db.session.scalar(stmt) or 0


def service_point(point_id: int) -> ServicePoint | None:
    return db.session.get(ServicePoint, point_id)


def household(household_id: int) -> Household | None:
    return db.session.get(Household, household_id)


def household_coupons(household_id: int) -> list[Coupon]:
    return list(
        db.session.scalars(
            sa.select(Coupon).where(Coupon.household_id == household_id).order_by(Coupon.id.desc())
        )
    )


def issued_batch(programme_id: int, first: int | None, last: int | None, shown: int) -> tuple[list, int]:
    """One press of "issue coupons" read back: the first ``shown`` coupons of
    ids ``first`` to ``last``, each as ``(coupon, household code, moo)``, and
    how many there are."""
    if first is None or last is None or first > last:
        return [], 0
    batch = sa.and_(Coupon.programme_id == programme_id, Coupon.id.between(first, last))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Coupon).where(batch)) or 0
    rows = list(db.session.execute(
        sa.select(Coupon, Household.code, Village.moo)
        .join(Household, Household.id == Coupon.household_id)
        .outerjoin(Village, Village.id == Household.village_id)
        .where(batch).order_by(Coupon.id).limit(shown)
    ))
    return rows, total


def household_codes(household_ids: list[int]) -> list[str]:
    if not household_ids:
        return []
    return list(db.session.scalars(sa.select(Household.code).where(Household.id.in_(household_ids))))


def wallet_coupons(household_id: int) -> list[Coupon]:
    """A household's coupons for its wallet (replaced ones left out), latest valid first."""
    return list(
        db.session.scalars(
            sa.select(Coupon)
            .where(Coupon.household_id == household_id, Coupon.state.notin_(("replaced",)))
            .order_by(Coupon.valid_until.desc())
        )
    )


def redemption_rows(coupon_id: int) -> list[dict]:
    rows = db.session.execute(
        sa.select(Redemption, ServicePoint.name, User.display_name)
        .outerjoin(
            ServicePoint,
            sa.and_(
                ServicePoint.id == Redemption.service_point_id,
                ServicePoint.tenant_id == Redemption.tenant_id,
            ),
        )
        .outerjoin(User, User.id == Redemption.operator_id)
        .where(Redemption.coupon_id == coupon_id)
        .order_by(Redemption.id)
    ).all()
    return [{"redemption": r, "point": p, "staff": s} for r, p, s in rows]


def replacement_of(coupon_id: int) -> Coupon | None:
    return db.session.scalar(sa.select(Coupon).where(Coupon.replaces_id == coupon_id))


def programme_stats() -> dict[int, dict]:
    rows = db.session.execute(
        sa.select(
            Coupon.programme_id,
            sa.func.count(),
            sa.func.sum(Coupon.value_satang),
            sa.func.sum(Coupon.balance_satang),
        )
        .where(Coupon.state.notin_(("replaced",)))
        .group_by(Coupon.programme_id)
    ).all()
    return {p: {"coupons": n, "value": v or 0, "balance": b or 0} for p, n, v, b in rows}


def issued_redeemed_report() -> list[dict]:
    """Coupons issued and value redeemed per programme and round."""
    redeemed = (
        sa.select(Redemption.coupon_id, sa.func.sum(Redemption.amount_satang).label("spent"))
        .group_by(Redemption.coupon_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            Programme.id,
            Programme.name,
            Round.id,
            Round.name,
            sa.func.count(Coupon.id),
            sa.func.count(sa.distinct(Coupon.household_id)),
            sa.func.coalesce(sa.func.sum(Coupon.value_satang), 0),
            sa.func.coalesce(sa.func.sum(redeemed.c.spent), 0),
            sa.func.sum(sa.case((Coupon.state == "used", 1), else_=0)),
        )
        .join(
            Coupon,
            sa.and_(Coupon.programme_id == Programme.id, Coupon.tenant_id == Programme.tenant_id),
        )
        .outerjoin(Round, sa.and_(Round.id == Coupon.round_id, Round.tenant_id == Coupon.tenant_id))
        .outerjoin(redeemed, redeemed.c.coupon_id == Coupon.id)
        .where(Coupon.replaces_id.is_(None))
        .group_by(Programme.id, Programme.name, Round.id, Round.name)
        .order_by(Programme.id, Round.id)
    ).all()
    return [
        {
            "programme_id": pid,
            "programme": pname,
            "round_id": rid,
            "round": rname or "",
            "coupons": n,
            "households": hh,
            "value_satang": int(value),
            "redeemed_satang": int(spent),
            "fully_used": int(used or 0),
        }
        for pid, pname, rid, rname, n, hh, value, spent, used in rows
    ]


def redemptions_by_day(days: int = 30) -> list[dict]:
    """Net value redeemed per Bangkok day over the last ``days`` days (reversals subtracted)."""
    from datetime import timedelta

    from core.i18n.formatting import local

    since = clock.now() - timedelta(days=days)
    totals: dict = {}
    for created_at, amount in db.session.execute(
        sa.select(Redemption.created_at, Redemption.amount_satang).where(
            Redemption.created_at >= since
        )
    ):
        day = local(created_at).date()
        totals[day] = totals.get(day, 0) + amount
    peak = max(totals.values(), default=0) or 1
    return [
        {"day": d, "satang": v, "percent": max(0, v) * 100 // peak}
        for d, v in sorted(totals.items())
    ]
