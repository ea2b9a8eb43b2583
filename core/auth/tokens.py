"""API tokens: one per purpose, per membership. Only the sha256 is stored; the
token is shown once when created. A request with ``Authorization: Bearer
<token>`` acts as the token's user within the token's tenant only (see
``core.api_auth``), and carries no session."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import g, session

from core.audit.services import record
from core.auth import rules
from core.auth.models import ApiToken, User
from core.db import db, utcnow
from core.errors import N_, NotFound, ValidationError
from core.extensions import login_manager
from core.tenancy import crossing
from core.tenancy.context import set_user, tenant_context

LAST_USED_RESOLUTION = timedelta(minutes=1)
API_PREFIX = "/api/"


def create_token(actor, tenant, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor's membership in ``tenant`` (in context).
    Returns the row and the plain token, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(N_("Please give the token a name"), field="name")
    if len(name) > 100:
        raise ValidationError(N_("The name is too long"), field="name")
    plain = rules.new_api_token()
    token = ApiToken(
        user_id=actor.id,
        name=name,
        token_hash=rules.sha256(plain),
        prefix=plain[:8],
    )
    db.session.add(token)
    db.session.flush()
    record(
        "api_token.create",
        actor_id=actor.id,
        target_type="api_token",
        target_id=token.id,
        after={"name": name, "prefix": token.prefix},
    )
    return token, plain


def revoke_token(actor, tenant, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens in ``tenant`` (in context)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.tenant_id != tenant.id or token.user_id != actor.id:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        record(
            "api_token.revoke",
            actor_id=actor.id,
            target_type="api_token",
            target_id=token.id,
            before={"revoked": False},
            after={"revoked": True},
        )
    return token


def token_from_header(header: str | None) -> ApiToken | None:
    """The live token named by an ``Authorization`` header, if any. Looked up
    by hash before the tenant is known: the hash names its tenant
    (:func:`core.tenancy.crossing.tenant_of`), then the token is read there."""
    if not header or not header.startswith("Bearer "):
        return None
    plain = header[len("Bearer ") :].strip()
    if not plain.startswith(rules.TOKEN_PREFIX):
        return None
    digest = rules.sha256(plain)
    tenant_id = crossing.tenant_of(ApiToken.token_hash, digest)
    if tenant_id is None:
        return None
    with tenant_context(tenant_id):
        return db.session.scalar(
            sa.select(ApiToken).where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
        )


def _touch(token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute, in its own
    short transaction (a GET request never commits)."""
    now = utcnow()
    last = rules.aware(token.last_used_at)
    if last is not None and now - last < LAST_USED_RESOLUTION:
        return
    with tenant_context(token.tenant_id), db.engine.begin() as conn:
        conn.execute(
            sa.update(ApiToken.__table__)
            .where(ApiToken.__table__.c.id == token.id)
            .values(last_used_at=now)
        )


@login_manager.request_loader
def load_user_from_request(request):
    """Tokens are for the JSON API only: pages are for people with sessions
    (and page permissions do not know about a token's tenant)."""
    if not request.path.startswith(API_PREFIX):
        return None
    token = token_from_header(request.headers.get("Authorization"))
    if token is None:
        return None
    set_user(token.user_id)  # binds the user's own memberships before they load
    user = db.session.get(User, token.user_id)
    if user is None or not user.active or user.membership_in(token.tenant_id) is None:
        return None
    g.api_token = token
    _touch(token)
    return user


def no_session_for_tokens(response):
    """A token request never gets a session cookie."""
    if g.get("api_token") is not None:
        session.modified = False
    return response
