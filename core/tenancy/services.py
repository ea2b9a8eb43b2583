"""Verbs on tenants: create one, change its settings. Flush, never commit."""

from __future__ import annotations

import re
from zoneinfo import available_timezones

import sqlalchemy as sa

from core import microcache
from core.audit.services import record
from core.db import after_commit, db
from core.errors import N_, Conflict, ValidationError
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant, TenantKind

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


class InvalidSlug(ValidationError):
    code = "invalid_slug"
    message = N_("Use 1–64 lower-case letters, digits and dashes for the short name")


class SlugTaken(Conflict):
    code = "slug_taken"
    message = N_("Another organisation already uses this short name")


class InvalidTimezone(ValidationError):
    code = "invalid_timezone"
    message = N_("Choose a time zone from the list")


class InvalidParent(ValidationError):
    code = "invalid_parent"
    message = N_("An organisation cannot be placed under itself or one of its members")


SETTINGS_FIELDS = ("name_th", "name_en", "contact_phone", "contact_email", "address", "timezone")


def create_tenant(
    *, slug: str, name_th: str, kind: str, name_en: str = "", parent: Tenant | None = None
) -> Tenant:
    slug = (slug or "").strip().lower()
    if not SLUG.match(slug):
        raise InvalidSlug(field="slug")
    if kind not in TenantKind.__members__:
        raise ValidationError(N_("Unknown kind of organisation"), field="kind")
    if not (name_th or "").strip():
        raise ValidationError(N_("Enter the Thai name"), field="name_th")
    if db.session.scalar(sa.select(Tenant.id).where(Tenant.slug == slug)):
        raise SlugTaken(field="slug")
    tenant = Tenant(slug=slug, name_th=name_th.strip(), name_en=(name_en or "").strip(), kind=kind,
                    parent_id=parent.id if parent else None, settings={})
    db.session.add(tenant)
    db.session.flush()
    return tenant


def update_settings(tenant: Tenant, *, actor_id: int | None, **values) -> Tenant:
    """Change names, contact details and time zone; audited."""
    if "timezone" in values and values["timezone"] not in available_timezones():
        raise InvalidTimezone(field="timezone")
    if "name_th" in values and not (values["name_th"] or "").strip():
        raise ValidationError(N_("Enter the Thai name"), field="name_th")
    before = {f: getattr(tenant, f) for f in SETTINGS_FIELDS}
    for field in SETTINGS_FIELDS:
        if field in values:
            value = values[field]
            setattr(tenant, field, value.strip() if isinstance(value, str) else value)
    after = {f: getattr(tenant, f) for f in SETTINGS_FIELDS}
    changed = {k for k in after if after[k] != before[k]}
    if changed:
        with tenant_context(tenant.id):
            record(
                "tenancy.settings.update",
                actor_id=actor_id,
                target_type="tenant",
                target_id=tenant.id,
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
    db.session.flush()
    slug = tenant.slug
    after_commit(lambda: microcache.clear(f"/t/{slug}/"))  # this process; others within seconds
    return tenant


def set_parent(tenant: Tenant, parent: Tenant | None) -> None:
    node = parent
    while node is not None:
        if node.id == tenant.id:
            raise InvalidParent(field="parent")
        node = node.parent
    tenant.parent_id = parent.id if parent else None
    db.session.flush()
