"""API tokens: one per purpose, per membership. Only the sha256 is stored; the
token is shown once when created. A request with ``Authorization: Bearer
<token>`` acts as the token's user within the token's tenant only (see
``core.api_auth``), and carries no session."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import g, session
from sqlalchemy.orm import joinedload

from core import identity_cache
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


# The tenant and user a token hash names, per worker: a token's hash, tenant
# and user never change, so this cannot go stale. Whether the token is still
# live, its user active and its membership current is read on every request.
_OWNERS: dict[str, tuple[int, int]] = {}
_OWNERS_MAX = 10_000
# When this worker last noted a token's use (by hash).
_TOUCHED: dict[str, datetime] = {}


def token_from_header(header: str | None) -> tuple[ApiToken, User] | None:
    """The live token named by an ``Authorization`` header, if any. Looked up
    by hash before the tenant is known: the hash names its tenant
    (:func:`core.tenancy.crossing.tenant_of`, asked once per worker), then the
    token is read there in one statement with its user and the user's
    memberships, the transaction bound to both from the start, and kept by
    the worker until any of them changes (:mod:`core.identity_cache`).
    Returns the token and its user (whose memberships are loaded)."""
    if not header or not header.startswith("Bearer "):
        return None
    plain = header[len("Bearer ") :].strip()
    if not plain.startswith(rules.TOKEN_PREFIX):
        return None
    digest = rules.sha256(plain)
    owner = _OWNERS.get(digest)
    if owner is None:
        tenant_id = crossing.tenant_of(ApiToken.token_hash, digest)
        if tenant_id is None:
            return None
        with tenant_context(tenant_id):
            user_id = db.session.scalar(sa.select(ApiToken.user_id).where(ApiToken.token_hash == digest))
        if user_id is None:
            return None
        owner = (tenant_id, user_id)
        if len(_OWNERS) >= _OWNERS_MAX:
            _OWNERS.clear()
        _OWNERS[digest] = owner
    tenant_id, user_id = owner
    set_user(user_id)  # binds the user's own memberships, read with the token
    held = identity_cache.get(("token", digest))
    if held is not None:  # unchanged since this worker read it (see core.identity_cache)
        return held[0], held[1]
    with tenant_context(tenant_id):
        row = (
            db.session.execute(
                sa.select(ApiToken, User)
                .join(User, User.id == ApiToken.user_id)
                .where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
                .options(joinedload(User.memberships))
            )
            .unique()
            .first()
        )
    if row is None:
        set_user(None)
        return None
    identity_cache.put(("token", digest), (row[0], row[1]))
    return row[0], row[1]


def _touch(token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute, in its own
    short transaction (a GET request never commits)."""
    now = utcnow()
    last = max(filter(None, (rules.aware(token.last_used_at), _TOUCHED.get(token.token_hash))), default=None)
    if last is not None and now - last < LAST_USED_RESOLUTION:
        return
    if len(_TOUCHED) >= _OWNERS_MAX:
        _TOUCHED.clear()
    _TOUCHED[token.token_hash] = now  # a kept copy of the token still shows the time before
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
    found = token_from_header(request.headers.get("Authorization"))
    if found is None:
        return None
    token, user = found
    if not user.active or user.membership_in(token.tenant_id) is None:
        set_user(None)
        return None
    g.api_token = token
    _touch(token)
    return user


def no_session_for_tokens(response):
    """A token request never gets a session cookie."""
    if g.get("api_token") is not None:
        session.modified = False
    return response
