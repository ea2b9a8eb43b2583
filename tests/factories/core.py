"""Factory fixtures: ``make_x(**overrides)`` builds a valid row, commits it and
returns it (attached to the test's session from ``ctx``)."""

from __future__ import annotations

import functools
import itertools

import pytest

from core.db import db
from core.tenancy.context import tenant_context, user_context

_seq = itertools.count(1)


def seq() -> int:
    return next(_seq)


def valid_national_id(n: int) -> str:
    """A 13-digit Thai ID with a correct check digit, from a number."""
    body = f"1{n:011d}"[-12:]
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


@pytest.fixture
def make_tenant(ctx):
    from core.tenancy.models import Tenant

    def make(**kw) -> Tenant:
        n = seq()
        kw.setdefault("slug", f"tenant-{n}")
        kw.setdefault("name_th", f"องค์กร {n}")
        kw.setdefault("name_en", f"Organisation {n}")
        kw.setdefault("kind", "council")
        tenant = Tenant(**kw)
        db.session.add(tenant)
        db.session.commit()
        return tenant

    return make


@functools.cache
def password_hash(password: str) -> str:
    """One scrypt hash per password for the whole run, shared by the users
    made with it: each costs about 0.2 s of CPU, and the suite makes
    thousands of users. A log-in still checks it as production does."""
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password)


@pytest.fixture
def make_user(ctx):
    from core.auth.models import User

    def make(password: str = "correct horse 1", **kw) -> User:
        n = seq()
        kw.setdefault("email", f"user{n}@example.org")
        kw.setdefault("display_name", f"User {n}")
        user = User(password_hash=password_hash(password), **kw)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_member(ctx, make_user):
    """A user with a membership (roles) in a tenant."""
    from core.tenancy.models import Membership

    def make(tenant, *roles: str, user=None, **kw):
        user = user or make_user(**kw)
        with tenant_context(tenant.id):
            db.session.add(Membership(user_id=user.id, tenant_id=tenant.id, roles=list(roles or ("staff",))))
            db.session.commit()
        with user_context(user.id):  # row-level security shows a user their own memberships
            db.session.refresh(user)
        return user

    return make


@pytest.fixture
def make_village(ctx):
    from core.registry.models import Village

    def make(tenant, **kw) -> Village:
        n = seq()
        kw.setdefault("moo", n % 200 + 1)
        kw.setdefault("name_th", f"บ้านทดสอบ {n}")
        with tenant_context(tenant.id):
            village = Village(**kw)
            db.session.add(village)
            db.session.commit()
        return village

    return make


@pytest.fixture
def make_person(ctx):
    from core.registry.models import Person

    def make(tenant, **kw) -> Person:
        n = seq()
        kw.setdefault("first_name_th", f"สมชาย{n}")
        kw.setdefault("last_name_th", "ใจดี")
        kw.setdefault("national_id", valid_national_id(n))
        with tenant_context(tenant.id):
            person = Person(**kw)
            db.session.add(person)
            db.session.commit()
        return person

    return make


@pytest.fixture
def make_household(ctx, make_village, make_person):
    from core.registry.models import Household

    def make(tenant, members: int = 1, **kw) -> Household:
        n = seq()
        kw.setdefault("code", f"HH-{n}")
        if "village_id" not in kw:
            kw["village_id"] = make_village(tenant).id
        with tenant_context(tenant.id):
            household = Household(**kw)
            db.session.add(household)
            db.session.commit()
        people = [make_person(tenant, household_id=household.id) for _ in range(members)]
        if people:
            with tenant_context(tenant.id):
                household.head_person_id = people[0].id
                db.session.commit()
        return household

    return make


def bearer(user, tenant, name: str = "test client") -> dict:
    """The Authorization header of a fresh API token of ``user`` in ``tenant``
    (made through the token service, named ``name``)."""
    from core.auth.tokens import create_token

    with tenant_context(tenant.id):
        _row, plain = create_token(user, tenant, name)
        db.session.commit()
    return {"Authorization": f"Bearer {plain}"}
