"""What the page sweep opens: who (the demo's log-ins, one per role, and a
visitor) and where (every GET page of the URL map, its parameters filled with
the demo's ids).

Ids are found from the parameter's name, as the cross-tenant leak tests do
(``order_id`` -> the ``market_order`` table, through their aliases): the
lowest id of that table in the person's organisation, or, for a household
member, of their own household where the table has a household column.
Tokens come from the table behind each page. A URL whose parameter finds no
row in the demo is listed as not covered rather than guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa

from core.db import db
from core.demo.users import demo_users
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant
from tests.core.tenancy.test_leaks import ALIASES, _fill, _slug_rules, _tenant_tables

# Not pages: machine answers, downloads and images (each has its own tests).
NOT_PAGES = re.compile(
    r"^/(api|static)/|\.(csv|json|png|ics|svg|pdf)$|/status$|/healthz$|/errors\.csv$"
)
# Endpoints that answer with a file or a redirect rather than a page.
NOT_PAGE_ENDPOINTS = {"documents.download"}


# Organisations of a kind already swept through another (the Songkhla city
# network is a network like Phatthalung's): their pages are the same pages.
SAME_KIND_AS_SWEPT = {"songkhla-city"}


@dataclass(frozen=True)
class Identity:
    name: str  # e.g. "khok-sai household", "visitor"
    tenant: str  # the organisation whose pages are swept
    email: str | None = None  # None: a visitor


@dataclass
class Target:
    url: str
    endpoint: str
    rule: str


@dataclass
class Plan:
    targets: list[Target] = field(default_factory=list)
    uncovered: dict[str, str] = field(default_factory=dict)  # rule -> why


def identities() -> list[Identity]:
    """Every demo log-in (a role each in Khok Sai, the admins of the
    networks), then visitors of a council and of the PGS network."""
    people = [
        Identity(f"{u.tenant} {'+'.join(u.roles)}", u.tenant, u.email)
        for u in demo_users()
        if u.tenant not in SAME_KIND_AS_SWEPT
    ]
    return people + [Identity("visitor khok-sai", "khok-sai"), Identity("visitor songkhla-pgs", "songkhla-pgs")]


def _is_page(rule) -> bool:
    return "GET" in rule.methods and not NOT_PAGES.search(rule.rule) and rule.endpoint not in NOT_PAGE_ENDPOINTS


class IdResolver:
    """Parameter name -> a demo id in one organisation (cached)."""

    def __init__(self, tenant: Tenant, household_id: int | None = None):
        self.tenant = tenant
        self.household_id = household_id
        self.tables = _tenant_tables()
        self._cache: dict[str, int | None] = {}

    def __call__(self, param: str) -> int | None:
        if param not in self._cache:
            self._cache[param] = self._find(param)
        return self._cache[param]

    def _find(self, param: str) -> int | None:
        model = self.tables.get(ALIASES.get(param, param[: -len("_id")]))
        if model is None:
            return None
        with tenant_context(self.tenant.id):
            query = sa.select(sa.func.min(model.id))
            if self.household_id is not None and "household_id" in model.__table__.c:
                own = db.session.scalar(query.where(model.__table__.c.household_id == self.household_id))
                if own is not None:
                    return own
            if model.__table__.name == "membership":
                query = query.where(model.tenant_id == self.tenant.id)
            return db.session.scalar(query)


def _token(endpoint: str, tenant: Tenant) -> str | None:
    """A real token for the pages that take one, from the demo's rows."""
    with tenant_context(tenant.id):
        if endpoint == "market.booking_page":
            from market.models.rounds import Booking

            return db.session.scalar(sa.select(Booking.token).order_by(Booking.id).limit(1))
        if endpoint == "producers.my_reservation":
            from producers.models.listings import Reservation

            return db.session.scalar(sa.select(Reservation.token).order_by(Reservation.id).limit(1))
        if endpoint == "market.coupon_qr":
            from market.coupons.signing import token_for
            from market.models.coupons import Coupon

            coupon = db.session.scalar(sa.select(Coupon).order_by(Coupon.id).limit(1))
            return token_for(coupon) if coupon is not None else None
        if endpoint == "producers_public.qr_page":
            from producers.models.lots import QrCode

            return db.session.scalar(sa.select(QrCode.token).order_by(QrCode.id).limit(1))
    return None


def plan(app, tenant: Tenant, household_id: int | None = None) -> Plan:
    """Every GET page of one organisation's URLs (and the pages outside any
    organisation), filled with its demo ids."""
    found = IdResolver(tenant, household_id)
    result = Plan()
    seen: set[str] = set()
    for rule, id_params, fixed in _slug_rules(app):
        if not _is_page(rule):
            continue
        values: dict[str, object] = dict(fixed)
        missing = [p for p in id_params if found(p) is None]
        if missing:
            result.uncovered[rule.rule] = f"no demo row for {', '.join(missing)}"
            continue
        values.update({p: found(p) for p in id_params})
        for name, value in fixed.items():
            if value == "not-a-real-token":
                token = _token(rule.endpoint, tenant)
                if token is None:
                    result.uncovered[rule.rule] = f"no demo row for its {name}"
                    break
                values[name] = token
        else:
            url = _fill(rule, tenant.slug, values)
            if url not in seen:
                seen.add(url)
                result.targets.append(Target(url, rule.endpoint, rule.rule))
    for rule in app.url_map.iter_rules():
        if "slug" in rule.arguments or not _is_page(rule):
            continue
        if not rule.arguments:
            result.targets.append(Target(rule.rule, rule.endpoint, rule.rule))
        elif rule.arguments == {"token"} and (token := _token(rule.endpoint, tenant)):
            result.targets.append(Target(rule.rule.replace("<token>", token), rule.endpoint, rule.rule))
    return result
