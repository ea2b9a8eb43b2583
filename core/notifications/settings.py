"""Messaging settings: the tenant's own (LINE channel token, SMS gateway) kept
in ``Tenant.settings["line"]`` and ``Tenant.settings["sms"]``, app-wide
fallbacks in the config (or the environment, so a worker started with only
``DATABASE_URL`` and ``REDIS_URL`` can still be pointed elsewhere).

Secrets are written here, encrypted (:mod:`core.secret_encryption`), and read
by the channels; pages only ever get them masked, and the audit log only learns
that one was set, changed or removed. The SMS gateway URL must pass
:mod:`core.outbound` when it is saved (and again before every call).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import timedelta

from flask import current_app

from core import outbound, secret_encryption
from core.audit.services import record
from core.db import db
from core.errors import N_, ValidationError
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

SECRET_KEYS = {"line": ("channel_token",), "sms": ("token",)}
for _section, _fields in SECRET_KEYS.items():
    secret_encryption.declare(_section, *_fields)
FIELDS = {
    "line": ("channel_token",),
    "sms": ("url", "token", "auth_header", "auth_scheme", "sender", "content_type", "body_template"),
}
# The longest value each field may hold (the forms say the same).
LONGEST = {"channel_token": 500, "url": outbound.URL_LONGEST, "token": 500, "auth_header": 100,
           "auth_scheme": 40, "sender": 40, "content_type": 100, "body_template": 2000}
MULTILINE = frozenset({"body_template"})
CONTENT_TYPES = ("application/json", "application/x-www-form-urlencoded")
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an HTTP token (RFC 9110)
DEFAULT_STALE_AFTER = timedelta(minutes=10)
DEFAULT_IDLE_AFTER = timedelta(minutes=5)


class SettingTooLong(ValidationError):
    code = "setting_too_long"
    message = N_("This value is too long: at most %(longest)s characters")


class SettingNotText(ValidationError):
    code = "setting_not_text"
    message = N_("This value contains characters that are not allowed (control or binary characters)")


class InvalidHeaderName(ValidationError):
    code = "invalid_header_name"
    message = N_("A header name has only letters, digits and dashes, like Authorization or X-Api-Key")


class InvalidContentType(ValidationError):
    code = "invalid_content_type"
    message = N_("Choose JSON or Form")


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


def stored_settings(tenant: Tenant | None, channel: str) -> dict:
    """The channel's settings as stored (secrets sealed)."""
    settings = (tenant.settings or {}) if tenant is not None else {}
    value = settings.get(channel)
    return dict(value) if isinstance(value, Mapping) else {}


def channel_settings(tenant: Tenant | None, channel: str) -> dict:
    """The channel's settings with its secrets readable, for sending."""
    return secret_encryption.unseal_section(channel, stored_settings(tenant, channel))


def mask_secret(secret: str | None) -> str:
    """Only the last four characters: ``••••ab12``."""
    return secret_encryption.mask(secret)


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


def clean_value(channel: str, field: str, value) -> str:
    """A submitted value, stripped and checked: not too long, no control or
    binary characters (a template may hold line breaks), a header name that is
    one, a body format we know. Errors name the form field."""
    form_field = f"{channel}_{field}"
    value = (value or "").strip() if isinstance(value, str) else ""
    if len(value) > LONGEST[field]:
        raise SettingTooLong(field=form_field, longest=LONGEST[field])
    text = value.replace("\r", "").replace("\n", "").replace("\t", "") if field in MULTILINE else value
    if not text.isprintable():
        raise SettingNotText(field=form_field)
    if field == "auth_header" and value and not HEADER_NAME.match(value):
        raise InvalidHeaderName(field=form_field)
    if field == "content_type" and value and value not in CONTENT_TYPES:
        raise InvalidContentType(field=form_field)
    return value


def check_gateway_url(url: str, config: Mapping) -> None:
    """The SMS gateway URL may be called (see :mod:`core.outbound`); the
    error names the form field."""
    try:
        outbound.check(url, outbound.Policy.from_config(config))
    except outbound.BlockedUrl as exc:
        raise type(exc)(field="sms_url") from None


def update_messaging_settings(
    tenant: Tenant, *, actor_id: int | None, line: Mapping, sms: Mapping, clear: tuple[str, ...] = (),
    config: Mapping | None = None,
) -> dict[str, list[str]]:
    """Store LINE and SMS settings. A blank secret keeps the stored one; a
    secret named in ``clear`` (``"line.channel_token"``) is removed. Secrets
    are stored encrypted (a plaintext one from before is encrypted now).
    Audited with field names only for secrets. Returns what changed, per
    channel. Nothing is stored when a value is refused."""
    config = current_app.config if config is None else config
    submitted = {
        channel: {field: clean_value(channel, field, values.get(field)) for field in FIELDS[channel]}
        for channel, values in (("line", line), ("sms", sms))
    }
    if submitted["sms"]["url"]:
        check_gateway_url(submitted["sms"]["url"], config)
    settings = dict(tenant.settings or {})
    changed: dict[str, list[str]] = {}
    for channel, values in submitted.items():
        current = channel_settings(tenant, channel)
        new = dict(current)
        for field in FIELDS[channel]:
            value = values[field]
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
        stored = stored_settings(tenant, channel)
        if diff:
            changed[channel] = diff
            settings[channel] = secret_encryption.seal_section(channel, new, stored, config)
        elif channel in settings:  # unchanged: only a secret stored in clear before is sealed now
            settings[channel] = secret_encryption.seal_section(channel, stored, config=config)
    if settings != (tenant.settings or {}):
        tenant.settings = settings  # a new dict, so the JSON column is written
    if changed:
        from core.notifications.services import wake_waiting

        with tenant_context(tenant.id):
            for channel in changed:
                wake_waiting(channel)
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


def channel_configured(channel: str, config: Mapping, tenant: Tenant | None = None) -> bool:
    """Whether a provider is set up for the channel (for the tenant, or
    app-wide): an SMTP server for email, a gateway for SMS, the
    organisation's token for LINE. The console channel needs nothing."""
    if channel == "email":
        return config_value(config, "NOTIFY_EMAIL_BACKEND") == "memory" or bool(
            config_value(config, "MAIL_SERVER")
        )
    if channel == "sms":
        return bool(stored_settings(tenant, "sms").get("url") or config_value(config, "SMS_GATEWAY_URL"))
    if channel == "line":
        return bool(stored_settings(tenant, "line").get("channel_token"))
    return True
