"""Coupon QR tokens signed with a per-tenant HMAC key.

A token is ``<code>.<kid>.<signature>``: the key id says which of the tenant's
keys signed it, so keys can be rotated while printed cards stay valid (retired
keys still verify; revoked keys do not). The signature covers the tenant id and
the code, so a token cannot be moved to another organisation or another code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import sqlalchemy as sa

from core.audit.services import record
from core.db import db, utcnow
from core.tenancy import crossing
from core.tenancy.context import require_tenant_id
from market.coupons import errors
from market.models.coupons import Coupon, CouponKey

SIGNATURE_CHARS = 22  # 132 bits of HMAC-SHA256


def _sign(secret: str, tenant_id: int, code: str) -> str:
    digest = hmac.new(secret.encode(), f"{tenant_id}|{code}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:SIGNATURE_CHARS]


def current_key() -> CouponKey:
    """The tenant's current signing key, made on first use."""
    key = db.session.scalar(sa.select(CouponKey).where(CouponKey.status == "current"))
    if key is None:
        key = _new_key()
    return key


def _new_key() -> CouponKey:
    key = CouponKey(kid=secrets.token_hex(4), secret=secrets.token_urlsafe(32), status="current")
    db.session.add(key)
    db.session.flush()
    return key


def rotate_key(*, actor_id: int | None) -> CouponKey:
    """Retire the current key (it still verifies) and start signing with a new one."""
    old = db.session.scalar(
        sa.select(CouponKey).where(CouponKey.status == "current").with_for_update()
    )
    if old is not None:
        old.status = "retired"
        old.retired_at = utcnow()
        db.session.flush()
    key = _new_key()
    record(
        "market.coupon_key.rotate",
        actor_id=actor_id,
        target_type="market_coupon_key",
        target_id=key.id,
        after={"kid": key.kid, "retired": old.kid if old else None},
    )
    return key


def revoke_key(kid: str, *, actor_id: int | None) -> None:
    """A revoked key no longer verifies (a leaked key): cards it signed must be re-issued."""
    key = db.session.scalar(sa.select(CouponKey).where(CouponKey.kid == kid))
    if key is None:
        raise errors.CouponError()
    if key.status == "current":
        rotate_key(actor_id=actor_id)
    key.status = "revoked"
    key.retired_at = key.retired_at or utcnow()
    db.session.flush()
    record(
        "market.coupon_key.revoke",
        actor_id=actor_id,
        target_type="market_coupon_key",
        target_id=key.id,
        after={"kid": kid},
    )


def token_for(coupon: Coupon) -> str:
    return token_with(current_key(), coupon)


def token_with(key: CouponKey, coupon: Coupon) -> str:
    """The token of ``coupon`` signed with ``key`` (many cards, one key read)."""
    return f"{coupon.code}.{key.kid}.{_sign(key.secret, coupon.tenant_id, coupon.code)}"


def verify(token: str) -> Coupon:
    """The coupon a QR token names, in the tenant in context; a specific error
    for a tampered token, a withdrawn key or a coupon of another tenant."""
    parts = (token or "").strip().split(".")
    if len(parts) != 3 or not all(parts):
        raise errors.BadSignature()
    code, kid, signature = parts
    tenant_id = require_tenant_id()
    key = db.session.scalar(sa.select(CouponKey).where(CouponKey.kid == kid))
    if key is None and any(t != tenant_id for t in crossing.tenants_of(CouponKey.kid, kid)):
        raise errors.NotThisTenant()
    if key is None:
        _raise_if_other_tenant(code)
        raise errors.BadSignature()
    if not hmac.compare_digest(_sign(key.secret, tenant_id, code), signature):
        raise errors.BadSignature()
    if key.status == "revoked":
        raise errors.RevokedKey()
    coupon = db.session.scalar(sa.select(Coupon).where(Coupon.code == code))
    if coupon is None:
        raise errors.CouponNotFound(code=code)
    return coupon


def _raise_if_other_tenant(code: str) -> None:
    tenant_id = require_tenant_id()
    if any(owner != tenant_id for owner in crossing.tenants_of(Coupon.code, code)):
        raise errors.NotThisTenant()
