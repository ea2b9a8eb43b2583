"""Translatable names of tenant kinds and roles."""

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "network": _l("Network"),
    "council": _l("Community organisation council"),
    "community": _l("Community"),
    "pgs_network": _l("PGS network"),
    "foundation": _l("Foundation"),
}

ROLE_LABELS = {
    "admin": _l("Administrator"),
    "staff": _l("Staff"),
    "volunteer": _l("Village volunteer"),
    "household": _l("Household"),
    "producer": _l("Producer"),
    "inspector": _l("Inspector"),
    "committee": _l("Committee member"),
    "fund_manager": _l("Fund manager"),
    "signatory": _l("Signatory"),
    "auditor": _l("Auditor"),
}


def tenant_kind(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))
