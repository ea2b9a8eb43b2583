"""The farmer's pledge to the standard, the first step of the PGS workflow."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core import clock
from core.audit.services import snapshot
from core.db import db
from core.errors import N_, ValidationError
from producers.models.pgs import (
    Farm,
    Pledge,
    Standard,
)
from producers.pgs.services import InvalidTransition, _date, _text, get
from producers.pgs.workflow import (
    _audit,
    _lock,
)

# --- pledge ----------------------------------------------------------------------


def sign_pledge(
    farm: Farm,
    *,
    standard_id,
    signed_on,
    last_prohibited_input_on=None,
    history: str | None = None,
    actor_id: int | None,
) -> Pledge:
    _lock(farm)
    standard = get(Standard, standard_id, N_("Unknown standard"))
    if standard.status != "active":
        raise InvalidTransition(
            N_("A pledge is signed to the standard in force, not a draft or retired one")
        )
    signed = _date(signed_on, "signed_on")
    if signed is None:
        raise ValidationError(N_("This field is required"), field="signed_on")
    if signed > clock.today():
        raise ValidationError(N_("The date cannot be in the future"), field="signed_on")
    last_input = _date(last_prohibited_input_on, "last_prohibited_input_on")
    if last_input and last_input > signed:
        raise ValidationError(
            N_("The last use of prohibited inputs cannot be after the pledge"),
            field="last_prohibited_input_on",
        )
    if db.session.scalar(
        sa.select(Pledge.id).where(Pledge.farm_id == farm.id, Pledge.standard_id == standard.id)
    ):
        raise InvalidTransition(N_("This farm has already signed the pledge to this standard"))
    pledge = Pledge(
        farm_id=farm.id,
        standard_id=standard.id,
        signed_on=signed,
        last_prohibited_input_on=last_input,
        history=_text(history, "history", required=False, max_len=4000),
        recorded_by_user_id=actor_id,
    )
    db.session.add(pledge)
    before = snapshot(farm)
    start = last_input + timedelta(days=1) if last_input else signed
    if farm.conversion_start is None or start > farm.conversion_start:
        farm.conversion_start = start
    db.session.flush()
    _audit("pledge.sign", pledge, actor_id)
    _audit("farm.conversion_start", farm, actor_id, before)
    return pledge


def has_pledge(farm_id: int) -> bool:
    return bool(db.session.scalar(sa.select(Pledge.id).where(Pledge.farm_id == farm_id).limit(1)))
