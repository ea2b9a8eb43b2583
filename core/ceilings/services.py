"""Ceilings with a second person.

A service about to do something above its tenant's ceiling (a cash receipt,
a donation, a waste-bank deposit, a stock movement) calls :func:`guard`,
which refuses with :class:`NeedsSecondPerson` before anything is written;
the caller's transaction rolls back, so nothing is half-written. The page
that asked then records the request (:func:`hold`, in a fresh transaction)
with what to run again: an action name registered by its area
(:func:`register`) and a JSON payload. Another person holding
``ceilings.confirm`` confirms it (:func:`confirm`): the action runs again in
the confirmer's transaction with the ceiling lifted for it alone, as the
person who asked; or rejects it. The person who asked can do neither.

Flush, never commit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import sqlalchemy as sa

from core.audit.services import record
from core.ceilings.models import HeldAction
from core.ceilings.policies import KINDS, LARGEST, above
from core.db import db, utcnow
from core.errors import N_, Conflict, Forbidden, NotFound, ValidationError
from core.i18n.formatting import format_thb
from core.tenancy.context import require_tenant_id

SETTINGS_KEY = "ceilings"
Replay = Callable[[dict, int], str | None]  # (payload, requested_by) -> a reference to what it made
_REPLAYS: dict[str, Replay] = {}
_lifted: ContextVar[int | None] = ContextVar("ceiling_lifted_for", default=None)


class NeedsSecondPerson(Conflict):
    code = "ceiling_needs_second_person"
    message = N_("%(amount)s is above this organisation's ceiling of %(ceiling)s: "
                 "a second authorised person must confirm it")

    def __init__(self, kind: str, amount: int, ceiling: int):
        super().__init__(field="amount", amount=shown(kind, amount), ceiling=shown(kind, ceiling))
        self.kind, self.amount, self.ceiling = kind, amount, ceiling


class HeldNotFound(NotFound):
    code = "ceiling_held_not_found"
    message = N_("This request is not waiting for anyone")


class AlreadyDecided(Conflict):
    code = "ceiling_already_decided"
    message = N_("This request was already confirmed or refused")


class SamePerson(Forbidden):
    code = "ceiling_same_person"
    message = N_("You asked for this yourself: another authorised person must confirm it")


class NotAuthorised(Forbidden):
    code = "ceiling_not_authorised"
    message = N_("Only an authorised person of this organisation may confirm this")


class CannotReplay(Conflict):
    code = "ceiling_cannot_replay"
    message = N_("This kind of request cannot be confirmed here")


class InvalidCeiling(ValidationError):
    code = "ceiling_invalid"
    message = N_("Enter a ceiling above zero")


class ReasonRequired(ValidationError):
    code = "ceiling_reason_required"
    message = N_("Give the reason for refusing")


def shown(kind: str, amount: int) -> str:
    return format_thb(amount) if KINDS[kind].money else f"{amount:,}"


# --- the ceilings of the tenant in context ---------------------------------------


def _tenant():
    from core.tenancy.models import Tenant

    return db.session.get(Tenant, require_tenant_id())


def ceilings(tenant=None) -> dict[str, int]:
    stored = ((tenant or _tenant()).settings or {}).get(SETTINGS_KEY) or {}
    return {name: int(stored.get(name) or kind.default) for name, kind in KINDS.items()}


def ceiling(kind: str) -> int:
    return ceilings()[kind]


def update(tenant, values: dict[str, int], *, actor_id: int | None) -> bool:
    """Set ceilings (satang, or units for stock); all or none."""
    for name, value in values.items():
        if name not in KINDS:
            raise ValueError(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < LARGEST:
            raise InvalidCeiling(field=name)
    before = ceilings(tenant)
    after = {**before, **values}
    if after == before:
        return False
    tenant.settings = {**(tenant.settings or {}), SETTINGS_KEY: after}
    db.session.flush()
    record("ceilings.update", actor_id=actor_id, target_type="tenant", target_id=tenant.id, before=before,
           after=after)
    return True


# --- guarding, holding, confirming -------------------------------------------------


def guard(kind: str, amount: int) -> None:
    """Refuse ``amount`` above the ceiling of ``kind`` unless a second person
    is confirming this very request."""
    limit = ceiling(kind)
    if above(amount, limit) and _lifted.get() is None:
        raise NeedsSecondPerson(kind, amount, limit)


@contextmanager
def lifted(held_id: int) -> Iterator[None]:
    token = _lifted.set(held_id)
    try:
        yield
    finally:
        _lifted.reset(token)


def register(action: str, replay: Replay) -> None:
    _REPLAYS[action] = replay


def hold(exc: NeedsSecondPerson, *, action: str, payload: dict, summary: str, actor_id: int) -> HeldAction:
    """Record a refused request for a second person to confirm."""
    if action not in _REPLAYS:
        raise CannotReplay()
    row = HeldAction(kind=exc.kind, action=action, amount=exc.amount, ceiling=exc.ceiling, payload=payload,
                     summary=(summary or "")[:300], requested_by_user_id=actor_id)
    db.session.add(row)
    db.session.flush()
    record("ceilings.hold", actor_id=actor_id, target_type="ceiling_held_action", target_id=row.id,
           after={"kind": row.kind, "action": action, "amount": row.amount, "ceiling": row.ceiling})
    return row


def get(held_id: int, *, for_update: bool = False) -> HeldAction:
    stmt = sa.select(HeldAction).where(HeldAction.id == held_id)
    if for_update:
        stmt = stmt.with_for_update()
    row = db.session.scalar(stmt.execution_options(populate_existing=True))
    if row is None:
        raise HeldNotFound()
    return row


def waiting(limit: int = 200) -> list[HeldAction]:
    return list(db.session.scalars(
        sa.select(HeldAction).where(HeldAction.status == "held").order_by(HeldAction.id).limit(limit)))


def _decidable(held_id: int, actor_id: int | None) -> HeldAction:
    from core.auth.models import User
    from core.auth.policies import can

    row = get(held_id, for_update=True)
    if row.status != "held":
        raise AlreadyDecided()
    if actor_id is None or actor_id == row.requested_by_user_id:
        raise SamePerson()
    if not can(db.session.get(User, actor_id), "ceilings.confirm", row.tenant_id):
        raise NotAuthorised()
    return row


def confirm(held_id: int, *, actor_id: int | None) -> HeldAction:
    """The second person confirms: the action runs now, as the person who asked."""
    row = _decidable(held_id, actor_id)
    replay = _REPLAYS.get(row.action)
    if replay is None:
        raise CannotReplay()
    with lifted(row.id):
        result = replay(dict(row.payload or {}), row.requested_by_user_id)
    row.status, row.decided_by_user_id, row.decided_at = "confirmed", actor_id, utcnow()
    row.result_ref = (str(result) if result is not None else None)
    db.session.flush()
    record("ceilings.confirm", actor_id=actor_id, target_type="ceiling_held_action", target_id=row.id,
           after={"kind": row.kind, "amount": row.amount, "requested_by": row.requested_by_user_id,
                  "result": row.result_ref})
    return row


def reject(held_id: int, *, actor_id: int | None, reason: str) -> HeldAction:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(field="reason")
    row = _decidable(held_id, actor_id)
    row.status, row.decided_by_user_id, row.decided_at = "rejected", actor_id, utcnow()
    row.reject_reason = reason[:2000]
    db.session.flush()
    record("ceilings.reject", actor_id=actor_id, target_type="ceiling_held_action", target_id=row.id,
           after={"kind": row.kind, "amount": row.amount, "reason": reason})
    return row
