"""Signed coupon QR (tampering, rotation, revocation, another tenant) and
issue by eligibility with a household-size multiplier."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.ledger import queries as ledger_queries
from core.tenancy.context import tenant_context
from market.coupons import errors, issuing, signing
from market.models.coupons import Coupon
from tests.factories.market import today


def test_token_verifies_and_tampering_is_refused(market):
    c = market.coupon(5000)
    with tenant_context(market.tenant.id):
        token = signing.token_for(c)
        assert signing.verify(token).id == c.id
        code, kid, sig = token.split(".")
        other = market.coupon(5000, round_id=None)
        for bad in (
            f"{other.code}.{kid}.{sig}",
            f"{code}.{kid}.{sig[:-1]}{'A' if sig[-1] != 'A' else 'B'}",
            f"{code}.{kid}",
            "nonsense",
            f"{code}.ffffffff.{sig}",
        ):
            with pytest.raises(errors.BadSignature):
                signing.verify(bad)


def test_rotation_keeps_old_cards_and_revocation_stops_them(market):
    c = market.coupon(5000)
    with tenant_context(market.tenant.id):
        old_token = signing.token_for(c)
        old_kid = old_token.split(".")[1]
        signing.rotate_key(actor_id=None)
        new_token = signing.token_for(c)
        assert new_token.split(".")[1] != old_kid
        assert signing.verify(old_token).id == c.id  # printed cards still work
        signing.revoke_key(old_kid, actor_id=None)
        db.session.commit()
        with pytest.raises(errors.RevokedKey):
            signing.verify(old_token)
        assert signing.verify(new_token).id == c.id


def test_a_token_of_another_tenant_is_not_this_tenant(market, make_tenant):
    c = market.coupon(5000)
    with tenant_context(market.tenant.id):
        token = signing.token_for(c)
        db.session.commit()
    other = make_tenant()
    with tenant_context(other.id):
        with pytest.raises(errors.NotThisTenant):
            signing.verify(token)


def test_issue_by_eligibility_with_multiplier_cap_and_idempotent(market, make_household, ctx):
    from core.registry.models import Person

    big = make_household(market.tenant, members=6)
    small = make_household(market.tenant, members=1)
    make_household(market.tenant, members=2)  # no flags: not eligible
    with tenant_context(market.tenant.id):
        for h in (big, small):
            person = db.session.scalar(sa.select(Person).where(Person.household_id == h.id))
            person.hardship = True
        programme = issuing.save_programme(
            {
                "name": "Hardship",
                "kind": "value",
                "value_satang": 10000,
                "per_member": True,
                "size_cap": 4,
                "eligibility_flags": ["hardship"],
            },
            actor_id=None,
        )
        result = issuing.issue_round(
            programme.id,
            round_id=None,
            valid_from=today(),
            valid_until=today() + timedelta(days=30),
            actor_id=None,
        )
        db.session.commit()
        assert len(result.issued) == 2
        values = {
            c.household_id: c.value_satang
            for c in db.session.scalars(
                sa.select(Coupon).where(Coupon.programme_id == programme.id)
            )
        }
        assert values == {big.id: 40000, small.id: 10000}
        again = issuing.issue_round(
            programme.id,
            round_id=None,
            valid_from=today(),
            valid_until=today() + timedelta(days=30),
            actor_id=None,
        )
        assert again.issued == [] and again.already == 2
        with pytest.raises(errors.NotEligible):
            issuing.issue_round(
                programme.id,
                round_id=None,
                valid_from=today(),
                valid_until=today(),
                actor_id=None,
                household_ids=[market.household.id],
            )
        assert ledger_queries.verify_balances() == []


def test_basket_programme_values_items_and_restricts_to_them(market):
    with tenant_context(market.tenant.id):
        programme = issuing.save_programme(
            {
                "name": "Rice basket",
                "kind": "basket",
                "basket": [{"item_id": market.rice.id, "quantity": 5}],
            },
            actor_id=None,
        )
        result = issuing.issue_round(
            programme.id,
            round_id=None,
            valid_from=today(),
            valid_until=today(),
            actor_id=None,
            household_ids=[market.household.id],
        )
        c = db.session.get(Coupon, result.issued[0])
        assert c.value_satang == 5 * 3000 and c.allowed_item_ids == [market.rice.id]


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "kind": "value", "value_satang": 100},
        {"name": "x", "kind": "value", "value_satang": 0},
        {"name": "x", "kind": "basket", "basket": []},
        {"name": "x", "kind": "value", "value_satang": 100, "eligibility_flags": ["rich"]},
        {
            "name": "x",
            "kind": "value",
            "value_satang": 100,
            "min_household_size": 5,
            "max_household_size": 2,
        },
    ],
)
def test_bad_programmes_are_refused(market, data):
    from core.errors import ValidationError

    with tenant_context(market.tenant.id):
        with pytest.raises(ValidationError):
            issuing.save_programme(data, actor_id=None)


def test_expiry_task_returns_unspent_value_to_the_budget(market):
    c = market.coupon(
        5000, valid_from=today() - timedelta(days=5), valid_until=today() - timedelta(days=1)
    )
    with tenant_context(market.tenant.id):
        assert issuing.refresh_states()["expired"] == 1
        db.session.commit()
        db.session.refresh(c)
        assert c.state == "expired"
        assert ledger_queries.verify_balances() == []
