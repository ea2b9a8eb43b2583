"""Redeeming coupons: balances, idempotency, specific errors, races."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from core.db import db
from core.i18n.formatting import BANGKOK
from core.ledger import queries as ledger_queries
from core.tenancy.context import tenant_context
from market.coupons import errors, services
from market.models.coupons import Coupon, Redemption
from tests.factories.market import today
from tests.race import race_results


def _redeem(m, coupon, amount, key="k1", **kw):
    kw.setdefault("service_point_id", m.point.id)
    kw.setdefault("operator_id", m.staff.id)
    kw.setdefault("ref", "test")
    return services.redeem(coupon.id, amount, idempotency_key=key, **kw)


def test_partial_then_full_redemption_moves_state_and_ledger(market):
    c = market.coupon(10000)
    with tenant_context(market.tenant.id):
        _redeem(market, c, 4000, "a")
        db.session.commit()
        db.session.refresh(c)
        assert (c.balance_satang, c.state) == (6000, "partly_used")
        _redeem(market, c, 6000, "b")
        db.session.commit()
        db.session.refresh(c)
        assert (c.balance_satang, c.state) == (0, "used")
        assert ledger_queries.verify_balances() == []


def test_same_key_twice_returns_the_first_result(market):
    c = market.coupon(10000)
    with tenant_context(market.tenant.id):
        first = _redeem(market, c, 3000, "same")
        db.session.commit()
        again = _redeem(market, c, 3000, "same")
        db.session.commit()
        assert again.id == first.id
        db.session.refresh(c)
        assert c.balance_satang == 7000
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Redemption)) == 1


def test_same_key_for_another_amount_is_refused(market):
    c = market.coupon(10000)
    with tenant_context(market.tenant.id):
        _redeem(market, c, 3000, "same")
        db.session.commit()
        with pytest.raises(errors.KeyReused):
            _redeem(market, c, 4000, "same")


def test_already_used_names_date_point_and_staff(market):
    c = market.coupon(5000)
    with tenant_context(market.tenant.id):
        _redeem(market, c, 5000, "a")
        db.session.commit()
        with pytest.raises(errors.AlreadyUsed) as caught:
            _redeem(market, c, 100, "b")
        text = str(caught.value)
        assert "Counter 1" in text and "Somsri Staff" in text and str(today().year + 543) in text


def test_more_than_the_balance_says_what_is_left(market):
    c = market.coupon(5000)
    with tenant_context(market.tenant.id):
        with pytest.raises(errors.InsufficientBalance) as caught:
            _redeem(market, c, 5001, "a")
        assert "50.00" in str(caught.value)


@pytest.mark.parametrize("amount", [0, -100, 10.5, True])
def test_amounts_that_are_not_positive_integers_are_refused(market, amount):
    c = market.coupon(5000)
    with tenant_context(market.tenant.id):
        with pytest.raises(errors.InvalidAmount):
            _redeem(market, c, amount, "a")


def test_expiry_at_the_end_of_the_bangkok_day(market):
    last_day = today() + timedelta(days=2)
    c = market.coupon(5000, valid_until=last_day)
    just_before = datetime.combine(last_day, datetime.max.time(), BANGKOK).replace(microsecond=0)
    midnight = just_before + timedelta(seconds=1)
    with tenant_context(market.tenant.id):
        _redeem(market, c, 100, "before", now=just_before)  # 23:59:59 still valid
        db.session.commit()
        with pytest.raises(errors.Expired) as caught:
            _redeem(market, c, 100, "after", now=midnight)
        assert str(last_day.day) in str(caught.value)


def test_not_yet_valid(market):
    c = market.coupon(
        5000, valid_from=today() + timedelta(days=3), valid_until=today() + timedelta(days=9)
    )
    with tenant_context(market.tenant.id):
        with pytest.raises(errors.NotYetValid):
            _redeem(market, c, 100, "a")


def test_not_for_this_item(market):
    c = market.coupon(5000, allowed_category_ids=[market.food.id])
    with tenant_context(market.tenant.id):
        _redeem(market, c, 100, "rice", item_ids=[market.rice.id])
        with pytest.raises(errors.NotForThisItem) as caught:
            _redeem(market, c, 100, "hoe", item_ids=[market.hoe.id])
        assert "จอบ" in str(caught.value)


def test_cancelled_and_replaced_are_named(market):
    from market.coupons import issuing

    c1, c2 = market.coupon(5000), market.coupon(5000, household_id=None, round_id=None)
    with tenant_context(market.tenant.id):
        issuing.cancel(c1.id, reason="lost", actor_id=market.staff.id)
        new = issuing.reissue(c2.id, reason="torn", actor_id=market.staff.id)
        db.session.commit()
        with pytest.raises(errors.Cancelled):
            _redeem(market, c1, 100, "a")
        with pytest.raises(errors.Replaced) as caught:
            _redeem(market, c2, 100, "b")
        assert new.code in str(caught.value)


def test_a_coupon_of_another_tenant_is_not_this_tenant(market, make_tenant):
    c = market.coupon(5000)
    other = make_tenant()
    with tenant_context(other.id):
        with pytest.raises(errors.CouponNotFound):
            services.redeem(
                c.id, 100, idempotency_key="x", service_point_id=None, operator_id=None, ref=""
            )
        with pytest.raises(errors.NotThisTenant):
            services.find_by_code(c.code, actor="user:1")
    with tenant_context(market.tenant.id):
        db.session.refresh(c)
        assert c.balance_satang == 5000


def test_reverse_gives_the_value_back_once(market):
    c = market.coupon(5000)
    with tenant_context(market.tenant.id):
        r = _redeem(market, c, 5000, "a")
        db.session.commit()
        services.reverse(r.id, reason="order cancelled", actor_id=market.staff.id)
        db.session.commit()
        db.session.refresh(c)
        assert (c.balance_satang, c.state) == (5000, "active")
        with pytest.raises(errors.AlreadyReversed):
            services.reverse(r.id, reason="again", actor_id=None)
        assert ledger_queries.verify_balances() == []


def test_reverse_after_reissue_credits_the_replacement(market):
    from market.coupons import issuing

    c = market.coupon(5000)
    with tenant_context(market.tenant.id):
        r = _redeem(market, c, 2000, "a")
        new = issuing.reissue(c.id, reason="lost", actor_id=None)
        db.session.commit()
        assert new.balance_satang == 3000
        services.reverse(r.id, reason="cancel", actor_id=None)
        db.session.commit()
        db.session.refresh(new)
        assert new.balance_satang == 5000


def test_usable_for_filters_by_item_state_and_dates(market):
    ok = market.coupon(5000)
    food_only = market.coupon(5000, allowed_category_ids=[market.food.id], round_id=None)
    market.coupon(
        5000, valid_from=today() + timedelta(days=2), valid_until=today() + timedelta(days=5)
    )
    with tenant_context(market.tenant.id):
        ids = {c.id for c in services.usable_for(market.household.id, [market.hoe.id])}
        assert ids == {ok.id}
        ids = {c.id for c in services.usable_for(market.household.id, [market.rice.id])}
        assert ids == {ok.id, food_only.id}


def test_guessing_codes_is_locked_after_a_few_failures(market):
    market.coupon(5000)
    with tenant_context(market.tenant.id):
        for _ in range(services.MAX_FAILURES):
            with pytest.raises(errors.CouponNotFound):
                services.find_by_code("WRONG00000", actor="user:9")
        db.session.commit()
        with pytest.raises(errors.TooManyAttempts):
            services.find_by_code("WRONG00001", actor="user:9")


# --- races on PostgreSQL ---------------------------------------------------------


def test_parallel_redemptions_never_exceed_the_value(app, market, postgres_only):
    c = market.coupon(10000)
    coupon_id, tenant_id, point_id = c.id, market.tenant.id, market.point.id

    def work(i):
        return services.redeem(
            coupon_id,
            3000,
            idempotency_key=f"k{i}",
            service_point_id=point_id,
            operator_id=None,
            ref="race",
        ).id

    outcome, _ = race_results(app, tenant_id, 12, work)
    assert outcome["ok"] == 3
    assert outcome["InsufficientBalance"] == 9
    with tenant_context(tenant_id):
        db.session.expire_all()
        c = db.session.get(Coupon, coupon_id)
        assert c.balance_satang == 1000
        spent = db.session.scalar(sa.select(sa.func.sum(Redemption.amount_satang)))
        assert spent == 9000
        assert ledger_queries.verify_balances() == []


def test_parallel_full_redemptions_one_wins_others_already_used(app, market, postgres_only):
    c = market.coupon(5000)
    coupon_id, tenant_id = c.id, market.tenant.id

    def work(i):
        return services.redeem(
            coupon_id,
            5000,
            idempotency_key=f"k{i}",
            service_point_id=None,
            operator_id=None,
            ref="race",
        ).id

    outcome, _ = race_results(app, tenant_id, 10, work)
    assert outcome == {"ok": 1, "AlreadyUsed": 9}


def test_parallel_replays_of_one_key_redeem_once(app, market, postgres_only):
    c = market.coupon(10000)
    coupon_id, tenant_id = c.id, market.tenant.id

    def work(i):
        return services.redeem(
            coupon_id,
            4000,
            idempotency_key="one-key",
            service_point_id=None,
            operator_id=None,
            ref="race",
        ).id

    outcome, results = race_results(app, tenant_id, 10, work)
    assert outcome == {"ok": 10}
    assert len(set(results)) == 1
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert db.session.get(Coupon, coupon_id).balance_satang == 6000


def test_parallel_reversals_give_back_once(app, market, postgres_only):
    c = market.coupon(5000)
    with tenant_context(market.tenant.id):
        r = _redeem(market, c, 5000, "a")
        db.session.commit()
        redemption_id = r.id
    coupon_id, tenant_id = c.id, market.tenant.id
    outcome, _ = race_results(
        app, tenant_id, 6, lambda i: services.reverse(redemption_id, reason="x", actor_id=None)
    )
    assert outcome == {"ok": 1, "AlreadyReversed": 5}
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert db.session.get(Coupon, coupon_id).balance_satang == 5000


def test_parallel_wrong_codes_are_all_counted_then_locked(app, market, postgres_only):
    tenant_id = market.tenant.id

    def work(i):
        try:
            services.find_by_code(f"WRONG{i:05d}", actor="user:77")
        except errors.CouponNotFound:
            db.session.commit()  # as the routes do: the failure is kept
            raise

    outcome, _ = race_results(app, tenant_id, services.MAX_FAILURES, work)
    assert outcome == {"CouponNotFound": services.MAX_FAILURES}
    with tenant_context(tenant_id):
        db.session.expire_all()
        with pytest.raises(errors.TooManyAttempts):
            services.find_by_code("WRONG99999", actor="user:77")
