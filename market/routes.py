"""market landing page: what the goods centre does and, for a signed-in
member, links to the parts of it their roles may use."""

from __future__ import annotations

from flask import current_app, g, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from core.auth.policies import PERMISSIONS, can
from market import bp, queries

# (endpoint, permission, label): shown when the page exists and the user may use it.
LINKS = (
    ("market.household_mine", "market.household.own", _l("My household")),
    ("market.household_find", "market.household.act_for", _l("A household's page, on its behalf")),
    ("market.stock", "market.stock.view", _l("Stock")),
    ("market.items", "market.catalog.view", _l("Goods")),
    ("market.centres", "market.catalog.view", _l("Centres")),
    ("market.coupons_index", "market.coupons.view", _l("Coupons")),
    ("market.rounds_index", "market.rounds.book", _l("Distribution rounds")),
    ("market.orders_index", "market.orders.view", _l("Orders")),
    ("market.orders_mine", "market.orders.own", _l("My orders")),
    ("market.deliveries_index", "market.deliveries.manage", _l("Deliveries")),
    ("market.deliveries_mine", "market.deliveries.volunteer", _l("My deliveries")),
    ("market.wallet_index", "market.wallet.operate", _l("Waste bank")),
    ("market.wallet_mine", "market.wallet.own", _l("My wallet")),
    ("market.donations", "market.donations.view", _l("Donations")),
    ("market.exchange", "market.exchange.manage", _l("Exchange and loans")),
    ("market.network", "market.network.trade", _l("Between councils")),
    ("market.stock_reports", "market.stock_reports.view", _l("Stock and donation reports")),
    ("market.reports_index", "market.reports.view", _l("Reports")),
)


def _reach() -> dict[str, int]:
    """Villages and households this organisation serves (its own registry)."""
    return queries.reach()


def _links() -> list[tuple[str, str]]:
    found = []
    for endpoint, permission, label in LINKS:
        if endpoint not in current_app.view_functions or permission not in PERMISSIONS:
            continue
        if can(current_user, permission, g.tenant.id):
            found.append((url_for(endpoint), str(label)))
    return found


@bp.get("/")
def index():
    return render_template(
        "market/index.html", reach=_reach(), is_network=g.tenant.kind == "network", links=_links()
    )
