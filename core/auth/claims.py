"""Assisted use: staff register a person without an account and hand them a
one-time code; the person claims an account with it later.

Only the code's sha256 is stored. The code is spent with one conditional
``UPDATE … WHERE used_at IS NULL``, so it works once even when two people type
it at the same moment."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from core.audit.services import record
from core.auth import rules
from core.auth.models import ClaimInvite
from core.auth.services import create_user
from core.db import db, utcnow
from core.errors import N_, Conflict, DomainError, NotFound
from core.registry.models import Person
from core.tenancy import crossing
from core.tenancy.context import tenant_context
from core.tenancy.models import Membership


class UnknownCode(DomainError):
    code = "claim_unknown"
    message = N_("This code is not correct. Please check it and try again.")


class UsedCode(Conflict):
    code = "claim_used"
    message = N_("This code has already been used. Please ask the staff for a new one.")


class ExpiredCode(DomainError):
    code = "claim_expired"
    status = 410
    message = N_("This code has expired. Please ask the staff for a new one.")


class AlreadyHasAccount(Conflict):
    code = "person_has_account"
    message = N_("This person already has an account")


def create_invite(
    actor, tenant, person_id: int, now: datetime | None = None
) -> tuple[ClaimInvite, str]:
    """A new code for a person of ``tenant`` (in context); earlier unused codes
    for the same person stop working. Returns the invite and the plain code,
    which is shown once and never stored."""
    now = now or utcnow()
    person = db.session.get(Person, person_id)
    if person is None or person.tenant_id != tenant.id:
        raise NotFound()
    if person.user_id is not None:
        raise AlreadyHasAccount()
    db.session.execute(
        sa.update(ClaimInvite)
        .where(
            ClaimInvite.person_id == person.id,
            ClaimInvite.used_at.is_(None),
            ClaimInvite.expires_at > now,
        )
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
    code = rules.new_claim_code()
    invite = ClaimInvite(
        person_id=person.id,
        code_hash=rules.sha256(code),
        created_by_user_id=actor.id,
        expires_at=rules.claim_expiry(now),
    )
    db.session.add(invite)
    db.session.flush()
    record(
        "claim_invite.create",
        actor_id=actor.id,
        target_type="person",
        target_id=person.id,
        after={"invite_id": invite.id},
    )
    return invite, code


def find_invite(code: str) -> ClaimInvite | None:
    """The invite for a code typed on the public claim page. The page has no
    tenant yet: the hash names its tenant (:func:`core.tenancy.crossing.tenant_of`),
    and the invite is read there."""
    digest = rules.sha256(rules.clean_claim_code(code))
    tenant_id = crossing.tenant_of(ClaimInvite.code_hash, digest)
    if tenant_id is None:
        return None
    with tenant_context(tenant_id):
        return db.session.scalar(sa.select(ClaimInvite).where(ClaimInvite.code_hash == digest))


def claim(
    code: str, login_text: str, password: str, display_name: str = "", now: datetime | None = None
):
    """Spend the code and create the account: the person is linked to it and
    becomes a household member of the invite's tenant. Returns the user."""
    now = now or utcnow()
    invite = find_invite(code)
    if invite is None:
        raise UnknownCode(field="code")
    with tenant_context(invite.tenant_id):
        _check_usable(invite, now)
        login = rules.parse_login(login_text)
        _spend(invite, now)
        person = db.session.get(Person, invite.person_id)
        if person.user_id is not None:
            raise AlreadyHasAccount()
        user = create_user(login, password, display_name.strip() or person.name_th)
        person.user_id = user.id
        invite.used_by_user_id = user.id
        db.session.add(Membership(user_id=user.id, tenant_id=invite.tenant_id, roles=["household"]))
        db.session.flush()
        record(
            "claim_invite.claim",
            actor_id=user.id,
            target_type="person",
            target_id=person.id,
            after={"invite_id": invite.id, "user_id": user.id},
        )
    return user


def _check_usable(invite: ClaimInvite, now: datetime) -> None:
    if invite.used_at is not None:
        raise UsedCode(field="code")
    if rules.is_expired(invite.expires_at, now):
        raise ExpiredCode(field="code")


def _spend(invite: ClaimInvite, now: datetime) -> None:
    result = db.session.execute(
        sa.update(ClaimInvite)
        .where(
            ClaimInvite.id == invite.id, ClaimInvite.used_at.is_(None), ClaimInvite.expires_at > now
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise UsedCode(field="code")
    db.session.refresh(invite)
