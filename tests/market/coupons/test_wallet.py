"""Waste-bank credit: deposits earn credit; spends never exceed it."""

from __future__ import annotations

import pytest

from core.db import db
from core.ledger import queries as ledger_queries
from core.tenancy.context import tenant_context
from market.wallet import errors, services
from tests.race import race_results


def _setup(market, credit_grams=2500):
    with tenant_context(market.tenant.id):
        rate = services.set_rate("ขวดพลาสติก", 800)  # ฿8 a kilo
        services.deposit(
            market.household.id,
            rate.id,
            credit_grams,
            idempotency_key="dep-1",
            service_point_id=market.point.id,
            operator_id=market.staff.id,
        )
        db.session.commit()
        return rate.id


def test_deposit_earns_credit_rounded_down_and_replays(market):
    rate_id = _setup(market, 2501)
    with tenant_context(market.tenant.id):
        assert services.balance(market.household.id) == 2000  # 2.501 kg × 800 = 2000.8 satang
        services.deposit(
            market.household.id,
            rate_id,
            2501,
            idempotency_key="dep-1",
            service_point_id=None,
            operator_id=None,
        )
        assert services.balance(market.household.id) == 2000
        with pytest.raises(errors.InvalidWeight):
            services.deposit(
                market.household.id,
                rate_id,
                0,
                idempotency_key="dep-2",
                service_point_id=None,
                operator_id=None,
            )


def test_spend_reverse_and_specific_error(market):
    _setup(market)
    h = market.household.id
    with tenant_context(market.tenant.id):
        e = services.spend(
            h, 1500, idempotency_key="s1", service_point_id=None, operator_id=None, ref="o:1"
        )
        assert (
            services.spend(
                h, 1500, idempotency_key="s1", service_point_id=None, operator_id=None, ref="o:1"
            ).id
            == e.id
        )
        with pytest.raises(errors.NotEnoughCredit) as caught:
            services.spend(
                h, 1000, idempotency_key="s2", service_point_id=None, operator_id=None, ref="o:2"
            )
        assert "5.00" in str(caught.value)
        with pytest.raises(errors.WalletKeyReused):
            services.spend(
                h, 100, idempotency_key="s1", service_point_id=None, operator_id=None, ref="o:1"
            )
        services.reverse_spend(e.id, reason="cancelled", actor_id=None)
        with pytest.raises(errors.AlreadyReversed):
            services.reverse_spend(e.id, reason="again", actor_id=None)
        db.session.commit()
        assert services.balance(h) == 2000
        assert ledger_queries.verify_balances() == []


def test_parallel_spends_never_exceed_the_credit(app, market, postgres_only):
    _setup(market)  # 2000 satang
    h, tenant_id = market.household.id, market.tenant.id
    outcome, _ = race_results(
        app,
        tenant_id,
        10,
        lambda i: (
            services.spend(
                h, 700, idempotency_key=f"p{i}", service_point_id=None, operator_id=None, ref="race"
            ).id
        ),
    )
    assert outcome == {"ok": 2, "NotEnoughCredit": 8}
    with tenant_context(tenant_id):
        db.session.expire_all()
        assert services.balance(h) == 600
