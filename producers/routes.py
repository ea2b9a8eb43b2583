"""producers pages."""

from __future__ import annotations

from flask import current_app, g, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.auth.policies import can
from core.tenancy.queries import active_memberships
from producers import bp
from producers.pgs import permissions  # noqa: F401


def _members_with(role: str) -> int:
    return sum(1 for m in active_memberships(g.tenant.id) if role in m.roles)


@bp.get("/")
def index():
    return render_template(
        "producers/index.html",
        producers=_members_with("producer"),
        inspectors=_members_with("inspector"),
        can_dashboard=can(current_user, "producers.dashboard", g.tenant.id),
        can_own=can(current_user, "producers.own", g.tenant.id),
        can_wait=any(
            can(current_user, p, g.tenant.id)
            for p in ("producers.inspect", "producers.decide", "producers.screen")
        ),
        sales_links=_sales_links(),
    )


def _sales_links() -> list[tuple[str, str]]:
    """Links to the harvest, listing and reservation pages, where they exist."""
    pages = (
        ("producers.lots", _("Harvest lots")),
        ("producers.listings", _("My listings")),
        ("producers.reservations_page", _("Reservations")),
        ("producers.catalogue", _("Catalogue")),
    )
    return [
        (url_for(endpoint), label)
        for endpoint, label in pages
        if endpoint in current_app.view_functions
    ]
