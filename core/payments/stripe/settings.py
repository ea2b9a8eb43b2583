"""A tenant's Stripe keys: stored in ``Tenant.settings["stripe"]``, with the
app's ``STRIPE_SECRET_KEY`` / ``STRIPE_WEBHOOK_SECRET`` as fallbacks, and never
shown back in full (only the last four characters). The secret key and the
webhook secret are stored encrypted (:mod:`core.secret_encryption`); one stored
in clear before that is still read, and encrypted on the next save or by
``pansuk secrets rotate``. Stripe's endpoints are the SDK's own, never a
tenant's: nothing here is a URL."""

from __future__ import annotations

from flask import current_app

from core import secret_encryption
from core.audit import services as audit
from core.db import db
from core.errors import N_, ValidationError

FIELDS = ("secret_key", "publishable_key", "webhook_secret", "connect_account_id")
PREFIXES = {
    "secret_key": ("sk_", "rk_"),
    "publishable_key": ("pk_",),
    "webhook_secret": ("whsec_",),
    "connect_account_id": ("acct_",),
}
SECRET_FIELDS = frozenset({"secret_key", "webhook_secret"})
secret_encryption.declare("stripe", *sorted(SECRET_FIELDS))


class InvalidStripeKey(ValidationError):
    code = "invalid_stripe_key"
    message = N_("This does not look like the right kind of Stripe key")


def stored(tenant) -> dict:
    """The settings as stored (secrets sealed)."""
    return dict((tenant.settings or {}).get("stripe") or {})


def readable(tenant) -> dict:
    """The settings with the secrets readable, for calling Stripe."""
    return secret_encryption.unseal_section("stripe", stored(tenant))


def secret_key(tenant) -> str | None:
    return readable(tenant).get("secret_key") or current_app.config.get("STRIPE_SECRET_KEY") or None


def webhook_secrets(tenant) -> list[str]:
    """The secrets a webhook for ``tenant`` may be signed with: its own, then the app's."""
    found = [readable(tenant).get("webhook_secret")] if tenant is not None else []
    found.append(current_app.config.get("STRIPE_WEBHOOK_SECRET"))
    return [s for s in dict.fromkeys(found) if s]


def connect_account(tenant) -> str | None:
    return stored(tenant).get("connect_account_id") or None


def mask(value: str | None) -> str:
    """``sk_test_abcdef1234`` → ``••••1234``; short values show nothing."""
    return secret_encryption.mask(value)


def masked(tenant) -> dict[str, str]:
    settings = readable(tenant)
    return {field: mask(settings.get(field)) for field in FIELDS}


def update(tenant, data: dict[str, str | None], *, actor_id: int | None, clear: frozenset[str] = frozenset()) -> list[str]:
    """Change the given fields (a blank value keeps the stored one; ``clear``
    removes). Audited by field name and masked value, never the secret.
    Returns the names of the fields that changed."""
    settings = readable(tenant)
    changed: list[str] = []
    for field in FIELDS:
        if field in clear and settings.get(field):
            settings.pop(field)
            changed.append(field)
            continue
        value = (data.get(field) or "").strip()
        if not value:
            continue
        if (not value.startswith(PREFIXES[field]) or len(value) > 255 or not value.isprintable()
                or any(c.isspace() for c in value)):
            raise InvalidStripeKey(field=field)
        if settings.get(field) != value:
            settings[field] = value
            changed.append(field)
    sealed = secret_encryption.seal_section("stripe", settings, stored(tenant))
    if not changed:
        if sealed != stored(tenant):  # a secret stored in clear before: sealed now, nothing to audit
            tenant.settings = {**(tenant.settings or {}), "stripe": sealed}
            db.session.flush()
        return []
    tenant.settings = {**(tenant.settings or {}), "stripe": sealed}
    db.session.flush()
    audit.record(
        "payments.stripe_settings.update", actor_id=actor_id, target_type="tenant", target_id=tenant.id,
        after={field: mask(settings.get(field)) or None for field in changed},
    )
    return changed
