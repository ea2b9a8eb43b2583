"""A tenant with a centre and an open round whose slots start tomorrow."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest

from core.db import db
from core.i18n.formatting import BANGKOK
from core.tenancy.context import tenant_context
from market.rounds import services
from tests.factories.market import make_centre, make_item, make_round


@pytest.fixture
def rounds(ctx, make_tenant, make_member, make_household):
    tenant = make_tenant(slug="round-test")
    staff = make_member(tenant, "staff", display_name="Desk Staff")
    households = [make_household(tenant, members=2) for _ in range(3)]
    tomorrow = datetime.now(BANGKOK).date() + timedelta(days=1)
    centre = make_centre(tenant, name="ศูนย์บ้านโคก")
    rice = make_item(tenant, name_th="ข้าว", unit="kg", price_satang=2500)
    round_ = make_round(
        tenant, centre, actor_id=staff.id, name="รอบเดือนธันวาคม", grace_minutes=15,
        offers={rice: (2000, 5)},
        templates=[{"start_time": time(9), "end_time": time(10), "interval_minutes": 15, "capacity": 2}],
    )
    db.session.commit()
    with tenant_context(tenant.id):
        slot_ids = [s.id for s in services.slots(round_.id)]
    return SimpleNamespace(
        tenant=tenant,
        staff=staff,
        households=households,
        centre=centre,
        round=round_,
        slot_ids=slot_ids,
        rice=rice,
        day=tomorrow,
    )


def move_slot(tenant_id: int, slot_id: int, starts_at: datetime, minutes: int = 15) -> None:
    """Put a slot at another time (the booking in it stays), as if the round
    had been stamped for that day: check-in depends on the slot's day."""
    from market.models.rounds import Slot

    with tenant_context(tenant_id):
        slot = db.session.get(Slot, slot_id)
        slot.starts_at = starts_at
        slot.ends_at = starts_at + timedelta(minutes=minutes)
        db.session.commit()


def slot_now(rounds, slot_id: int) -> None:
    """The slot starts now (today in Thailand), so it can be checked in."""
    move_slot(rounds.tenant.id, slot_id, datetime.now(BANGKOK))
