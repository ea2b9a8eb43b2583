"""Users, log-in, permissions."""

from flask import Blueprint

from core import modules
from core.errors import N_

bp = Blueprint("auth", __name__)

_ALL_KINDS = frozenset({"network", "council", "community", "pgs_network", "foundation"})

modules.register(
    modules.ModuleCard(
        key="members",
        endpoint="auth.members_page",
        title=N_("Members"),
        description=N_("Who works here, and with which roles"),
        kinds=_ALL_KINDS,
        permission="members.manage",
    )
)
modules.register(
    modules.ModuleCard(
        key="password_codes",
        endpoint="auth.issue_reset_code",
        title=N_("Password codes"),
        description=N_("A one-time code for a member who forgot their password"),
        kinds=_ALL_KINDS,
        permission="members.reset_password",
    )
)
modules.register(
    modules.ModuleCard(
        key="api_tokens",
        endpoint="auth.api_tokens",
        title=N_("API tokens"),
        description=N_("Connect other systems to this organisation's data"),
        kinds=_ALL_KINDS,
        permission="api_tokens.manage",
    )
)

from core.auth import routes  # noqa: E402,F401
