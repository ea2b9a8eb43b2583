"""Provider secrets (LINE and SMS tokens, Stripe keys) encrypted at rest.

A secret a tenant stores in ``Tenant.settings`` is kept as ``fernet:<token>``,
encrypted with the keys in ``SECRETS_KEYS`` (comma-separated Fernet keys,
from the environment): the first encrypts, every one decrypts
(``cryptography``'s MultiFernet), so keys rotate without downtime:

1. put a new key first, keep the old ones after it, restart;
2. ``pansuk secrets rotate`` re-encrypts every stored secret with the new key;
3. drop the old keys.

The embedded default generates one key into ``instance/secrets_keys``; a
production deployment sets ``SECRETS_KEYS`` (the same on every web and worker
process), since a secret sealed with a key nobody has is lost.

A value written before encryption existed (no ``fernet:`` prefix) is read as it
is and encrypted the next time its settings are saved, or by ``pansuk secrets
rotate``; no migration is needed for it.

Which settings are secrets is declared by the modules that own them
(:func:`declare`), so the rotation finds every one.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

log = logging.getLogger(__name__)

PREFIX = "fernet:"

# settings section -> the keys in it holding secrets (filled by declare()).
SECRET_FIELDS: dict[str, tuple[str, ...]] = {}

_boxes: dict[str, MultiFernet] = {}


class SecretUnreadable(Exception):
    """A stored secret none of ``SECRETS_KEYS`` opens (its key was dropped)."""


class NoSecretsKeys(RuntimeError):
    """``SECRETS_KEYS`` is missing or holds a value that is not a Fernet key."""


def declare(section: str, *fields: str) -> None:
    """``declare("sms", "token")``: ``Tenant.settings["sms"]["token"]`` is a secret."""
    SECRET_FIELDS[section] = tuple(dict.fromkeys(SECRET_FIELDS.get(section, ()) + fields))


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _box(config: Mapping | None) -> MultiFernet:
    config = current_app.config if config is None else config
    keys = config.get("SECRETS_KEYS") or ""
    box = _boxes.get(keys)
    if box is None:
        parts = [k.strip() for k in keys.split(",") if k.strip()]
        if not parts:
            raise NoSecretsKeys("SECRETS_KEYS is not set")
        try:
            box = MultiFernet([Fernet(k) for k in parts])
        except ValueError:
            raise NoSecretsKeys("SECRETS_KEYS holds a value that is not a Fernet key") from None
        _boxes[keys] = box
    return box


def is_sealed(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def seal(secret: str, config: Mapping | None = None) -> str:
    """The stored form of ``secret``, encrypted with the first key."""
    return PREFIX + _box(config).encrypt(secret.encode("utf-8")).decode("ascii")


def unseal(value: str | None, config: Mapping | None = None) -> str | None:
    """The secret behind a stored value (a plaintext value from before
    encryption is returned as it is). SecretUnreadable when no key opens it."""
    if not is_sealed(value):
        return value
    try:
        return _box(config).decrypt(value[len(PREFIX):].encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise SecretUnreadable() from None


def reseal(value: str, config: Mapping | None = None) -> str:
    """``value`` encrypted with the first key (a plaintext one is encrypted)."""
    if not is_sealed(value):
        return seal(value, config)
    try:
        return PREFIX + _box(config).rotate(value[len(PREFIX):].encode("ascii")).decode("ascii")
    except InvalidToken:
        raise SecretUnreadable() from None


def seal_section(section: str, values: Mapping, stored: Mapping | None = None,
                 config: Mapping | None = None) -> dict:
    """A settings section as it is to be stored: each secret sealed. A secret
    equal to the one already ``stored`` (sealed) keeps that stored value, so
    saving unchanged settings writes nothing new."""
    sealed = dict(values)
    stored = stored or {}
    for field in SECRET_FIELDS.get(section, ()):
        value = sealed.get(field)
        if not value or is_sealed(value):
            continue
        before = stored.get(field)
        if is_sealed(before) and _opens_to(before, value, config):
            sealed[field] = before
        else:
            sealed[field] = seal(value, config)
    return sealed


def _opens_to(stored: str, value: str, config: Mapping | None) -> bool:
    try:
        return unseal(stored, config) == value
    except SecretUnreadable:
        return False


def unseal_section(section: str, values: Mapping, config: Mapping | None = None) -> dict:
    """A settings section with its secrets readable. One that no key opens is
    left out, as if unset (logged by the caller's use, never its value)."""
    opened = dict(values)
    for field in SECRET_FIELDS.get(section, ()):
        if opened.get(field):
            try:
                opened[field] = unseal(opened[field], config)
            except SecretUnreadable:
                log.warning("the stored secret %s.%s cannot be decrypted with SECRETS_KEYS", section, field)
                opened.pop(field)
    return opened


def mask(secret: str | None) -> str:
    """Only the last four characters: ``••••ab12`` (short ones show nothing)."""
    if not secret:
        return ""
    return "••••" + secret[-4:] if len(secret) > 8 else "••••"


def reseal_settings(settings: Mapping, config: Mapping | None = None) -> tuple[dict, list[str]]:
    """Every declared secret in a tenant's settings encrypted with the first
    key. Returns the new settings and the ``section.field`` names rewritten;
    SecretUnreadable names the first one no key opens."""
    new = dict(settings)
    rewritten = []
    for section, fields in SECRET_FIELDS.items():
        values = settings.get(section)
        if not isinstance(values, Mapping):
            continue
        updated = dict(values)
        for field in fields:
            if updated.get(field):
                try:
                    updated[field] = reseal(updated[field], config)
                except SecretUnreadable:
                    raise SecretUnreadable(f"{section}.{field}") from None
                rewritten.append(f"{section}.{field}")
        new[section] = updated
    return new, rewritten
