"""Every waste-bank wallet entry leaves a trace in the audit log: a large
credit, a spend, a reversal, a rate change; a replayed request or a refused
spend adds none."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.tenancy.context import tenant_context
from market.wallet import errors, services


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def test_a_400000_baht_credit_is_audited_once_with_who_and_how_much(market):
    with tenant_context(market.tenant.id):
        from core.ceilings import services as ceilings
        from core.tenancy.models import Tenant

        # above the default ceiling: this organisation's admin raised it for a scrap-metal collection
        ceilings.update(db.session.get(Tenant, market.tenant.id), {"waste_deposit": 50_000_000}, actor_id=None)
        rate = services.set_rate("ทองแดง", 800, actor_id=market.staff.id)
        kwargs = dict(idempotency_key="big-1", service_point_id=market.point.id, operator_id=market.staff.id)
        entry = services.deposit(market.household.id, rate.id, 50_000_000, **kwargs)  # 50 tonnes
        services.deposit(market.household.id, rate.id, 50_000_000, **kwargs)  # the same request again
        db.session.commit()
        [event] = _events("market.wallet.deposit")
        assert (event.actor_user_id, event.target_type, event.target_id) == (
            market.staff.id, "market_wallet_entry", entry.id)
        assert event.after["amount"] == 40_000_000 and event.after["household_id"] == market.household.id
        assert event.after["balance"] == 40_000_000 and event.after["weight_grams"] == 50_000_000
        [changed] = _events("market.wallet.rate")
        assert changed.after == {"material": "ทองแดง", "satang_per_kg": 800, "active": True}


def test_spend_and_reversal_are_audited_and_a_refused_spend_is_not(market):
    h = market.household.id
    with tenant_context(market.tenant.id):
        rate = services.set_rate("ขวดพลาสติก", 800)
        services.deposit(h, rate.id, 2500, idempotency_key="d", service_point_id=None, operator_id=None)
        spent = services.spend(h, 1500, idempotency_key="s", service_point_id=None,
                               operator_id=market.staff.id, ref="order:1")
        db.session.commit()
        with pytest.raises(errors.NotEnoughCredit):
            services.spend(h, 999_999, idempotency_key="s2", service_point_id=None, operator_id=None, ref="x")
        db.session.rollback()
        services.reverse_spend(spent.id, reason="returned", actor_id=market.staff.id)
        db.session.commit()
        [spend] = _events("market.wallet.spend")
        assert (spend.target_id, spend.after["amount"], spend.after["balance"]) == (spent.id, -1500, 500)
        [back] = _events("market.wallet.reversal")
        assert back.after["reversal_of"] == spent.id and back.after["balance"] == 2000
        assert back.actor_user_id == market.staff.id
