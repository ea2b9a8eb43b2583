"""The PGS workflow, each step a recorded, permissioned, audited state change:

pledge -> inspection (team of >= 2 peers, conflicts refused) -> checklist and
joint verdict -> screening (grades non-compliances, cannot decide) -> committee
decision at a meeting with quorum -> certificate; then sanctions and appeals.

Every refused step raises :class:`InvalidTransition` (409) or a validation
error naming the reason. Services flush, never commit.

One module per step: :mod:`.pledging`, :mod:`.inspecting`, :mod:`.screening`,
:mod:`.deciding` (the committee and the certificate), :mod:`.sanctioning`
(sanctions and appeals) and :mod:`.expiring`; this package holds what they
share (the constants, auditing, row locks, the actor's roles and person).
"""

from __future__ import annotations

import sqlalchemy as sa

from core.audit.services import record, snapshot
from core.db import db, is_postgres
from core.registry.models import Person
from core.tenancy.context import require_tenant_id
from core.tenancy.models import Membership

MIN_TEAM = 2
CONVERSION_DAYS = 365  # organic only after a full year in conversion
VALIDITY_DAYS = 365
APPEAL_DAYS = 30


def _audit(action: str, obj, actor_id: int | None, before: dict | None = None, **extra) -> None:
    after = snapshot(obj, exclude=("content",))
    after.update(extra)
    record(
        f"producers.{action}",
        actor_id=actor_id,
        target_type=obj.__tablename__,
        target_id=obj.id,
        before=before,
        after=after,
    )


def _lock(obj):
    """Re-read ``obj`` under ``SELECT … FOR UPDATE``: concurrent steps on the
    same row run one after the other, each seeing the state the other left."""
    if is_postgres():
        db.session.refresh(obj, with_for_update=True)
    return obj


def _roles(user_id: int | None) -> set[str]:
    if user_id is None:
        return set()
    m = db.session.scalars(
        sa.select(Membership).where(
            Membership.tenant_id == require_tenant_id(),
            Membership.user_id == user_id,
            Membership.active,
        )
    ).first()
    return set(m.roles) if m else set()


def person_of_user(user_id: int | None) -> Person | None:
    if user_id is None:
        return None
    return db.session.scalars(sa.select(Person).where(Person.user_id == user_id).limit(1)).first()
