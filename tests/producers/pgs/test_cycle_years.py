"""A PGS cycle is a year: typed in the Buddhist Era (as a Thai page asks) or
the Common Era it is the same cycle, and a Thai page shows it in the Buddhist Era."""

from __future__ import annotations

import pytest

from core.db import db
from core.errors import ValidationError
from producers.pgs.services import InvalidTransition
from producers.pgs.workflow import inspecting


def test_a_cycle_typed_in_the_buddhist_era_is_the_same_cycle(pgs):
    farm = pgs.farmer()
    inspection = inspecting.plan_inspection(farm, cycle="2569", actor_id=pgs.staff.id)
    assert inspection.cycle == 2026
    with pytest.raises(InvalidTransition, match="already has an open inspection"):
        inspecting.plan_inspection(farm, cycle="2026", actor_id=pgs.staff.id)


@pytest.mark.parametrize("typed", ["ปีนี้", "1999", "3000"])
def test_a_cycle_that_is_no_year_is_refused(pgs, typed):
    with pytest.raises(ValidationError):
        inspecting.plan_inspection(pgs.farmer(), cycle=typed, actor_id=pgs.staff.id)


def test_the_farm_page_shows_the_cycle_in_the_buddhist_era(pgs, client):
    farm = pgs.farmer()
    inspecting.plan_inspection(farm, cycle=2026, actor_id=pgs.staff.id)
    db.session.commit()
    client.login(pgs.admin)
    html = client.get(f"/t/{pgs.tenant.slug}/producers/pgs/farms/{farm.id}").get_data(as_text=True)
    assert "รอบปี 2569" in html and "รอบปี 2026" not in html
