"""Messaging settings: the tenant's own (LINE channel token, SMS gateway) kept
in ``Tenant.settings["line"]`` and ``Tenant.settings["sms"]``, app-wide
fallbacks in the config (or the environment, so a worker started with only
``DATABASE_URL`` and ``REDIS_URL`` can still be pointed elsewhere).

Secrets are written here and read by the channels; pages only ever get them
masked, and the audit log only learns that one was set, changed or removed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta

from core.audit.services import record
from core.db import db
from core.errors import N_, ValidationError
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

SECRET_KEYS = {"line": ("channel_token",), "sms": ("token",)}
FIELDS = {
    "line": ("channel_token",),
    "sms": ("url", "token", "auth_header", "auth_scheme", "sender", "content_type", "body_template"),
}
DEFAULT_STALE_AFTER = timedelta(minutes=10)
DEFAULT_IDLE_AFTER = timedelta(minutes=5)


class InvalidGatewayUrl(ValidationError):
    code = "invalid_gateway_url"
    message = N_("Enter an http:// or https:// address")


def config_value(config: Mapping, key: str, default=None):
    """``config[key]``, else the environment variable of that name, else ``default``."""
    value = config.get(key)
    if value in (None, ""):
        value = os.environ.get(key)
    return default if value in (None, "") else value


def stale_after(config: Mapping) -> timedelta:
    """How long a 'sending' row may sit before another worker may claim it
    (``NOTIFY_STALE_AFTER_SECONDS``; ten minutes by default)."""
    seconds = config_value(config, "NOTIFY_STALE_AFTER_SECONDS")
    return timedelta(seconds=float(seconds)) if seconds is not None else DEFAULT_STALE_AFTER


def idle_after(config: Mapping) -> timedelta:
    """How long a pending row may sit untouched before the redelivery sweep
    enqueues it again: its message may have died with a worker killed after
    taking it (``NOTIFY_IDLE_AFTER_SECONDS``; five minutes by default)."""
    seconds = config_value(config, "NOTIFY_IDLE_AFTER_SECONDS")
    return timedelta(seconds=float(seconds)) if seconds is not None else DEFAULT_IDLE_AFTER


def channel_settings(tenant: Tenant | None, channel: str) -> dict:
    settings = (tenant.settings or {}) if tenant is not None else {}
    value = settings.get(channel)
    return dict(value) if isinstance(value, Mapping) else {}


def mask_secret(secret: str | None) -> str:
    """Only the last four characters: ``••••ab12``."""
    if not secret:
        return ""
    return "••••" + secret[-4:] if len(secret) > 8 else "••••"


def masked(tenant: Tenant) -> dict[str, dict[str, str]]:
    """The tenant's messaging settings as a page may show them."""
    shown = {}
    for channel, fields in FIELDS.items():
        values = channel_settings(tenant, channel)
        shown[channel] = {
            f: mask_secret(values.get(f)) if f in SECRET_KEYS[channel] else (values.get(f) or "")
            for f in fields
        }
    return shown


def update_messaging_settings(
    tenant: Tenant, *, actor_id: int | None, line: Mapping, sms: Mapping, clear: tuple[str, ...] = ()
) -> dict[str, list[str]]:
    """Store LINE and SMS settings. A blank secret keeps the stored one; a
    secret named in ``clear`` (``"line.channel_token"``) is removed. Audited
    with field names only for secrets. Returns what changed, per channel."""
    url = (sms.get("url") or "").strip()
    if url and not url.startswith(("http://", "https://")):
        raise InvalidGatewayUrl(field="sms_url")
    settings = dict(tenant.settings or {})
    changed: dict[str, list[str]] = {}
    for channel, values in (("line", line), ("sms", sms)):
        current = channel_settings(tenant, channel)
        new = dict(current)
        for field in FIELDS[channel]:
            value = (values.get(field) or "").strip()
            if field in SECRET_KEYS[channel]:
                if f"{channel}.{field}" in clear:
                    new.pop(field, None)
                elif value:
                    new[field] = value
            elif value:
                new[field] = value
            else:
                new.pop(field, None)
        diff = sorted(f for f in set(current) | set(new) if current.get(f) != new.get(f))
        if diff:
            changed[channel] = diff
            settings[channel] = new
    if changed:
        tenant.settings = settings  # a new dict, so the JSON column is written
        with tenant_context(tenant.id):
            record(
                "notifications.settings.update", actor_id=actor_id, target_type="tenant", target_id=tenant.id,
                before=None, after={c: _audit_view(c, fields, settings[c]) for c, fields in changed.items()},
            )
    db.session.flush()
    return changed


def _audit_view(channel: str, fields: list[str], values: Mapping) -> dict:
    """Changed fields; a secret only as set/removed, never its value."""
    view = {}
    for f in fields:
        if f in SECRET_KEYS[channel]:
            view[f] = "set" if values.get(f) else "removed"
        else:
            view[f] = values.get(f)
    return view
