"""Read side of rounds for the pages: the rows a booking's page and calendar
file show next to the booking (its slot, round, centre and household)."""

from __future__ import annotations

from core.db import db
from core.registry.models import Household
from market.models.catalog import Centre
from market.models.rounds import Round, Slot


def slot(slot_id: int) -> Slot | None:
    return db.session.get(Slot, slot_id)


def round_(round_id: int) -> Round | None:
    return db.session.get(Round, round_id)


def centre(centre_id: int | None) -> Centre | None:
    return db.session.get(Centre, centre_id)


def household(household_id: int | None) -> Household | None:
    return db.session.get(Household, household_id)
