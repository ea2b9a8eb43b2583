"""Test factories, one module a domain: ``core`` (tenants, users, members,
villages, people, households: pytest fixtures, ``make_x(**overrides)``),
``market`` (centres, items, rounds, coupon programmes, orders), ``welfare``
(funds, their cash, loans), ``producers`` (farms, plots) and ``payments``
(bank accounts). Each builds a valid row through the domain's own services
where it has one, with sensible defaults and keyword overrides."""

from tests.factories.core import (
    make_household,
    make_member,
    make_person,
    make_tenant,
    make_user,
    make_village,
    seq,
    valid_national_id,
)

__all__ = [
    "make_household",
    "make_member",
    "make_person",
    "make_tenant",
    "make_user",
    "make_village",
    "seq",
    "valid_national_id",
]
