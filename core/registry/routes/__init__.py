"""Registry pages: overview, villages, households, people, duplicates, imports, merges."""

from core.registry import bp, policies
from core.registry.routes import households, imports, merges, people, pick  # noqa: F401


@bp.app_template_filter("mask_national_id")
def _mask_national_id(value):
    return policies.mask_national_id(value)


@bp.app_template_filter("national_id_category")
def _national_id_category(value):
    """The translated category of a national ID (its first digit's meaning)."""
    from flask_babel import gettext

    label = policies.national_id_category(value)
    return gettext(label) if label else ""


@bp.app_template_filter("mask_phone")
def _mask_phone(value):
    return policies.mask_phone(value)


@bp.app_template_filter("thai_phone")
def _thai_phone(value):
    return policies.format_phone(value)
