"""A producer acts only on their own farm's plots; network staff on all."""

from __future__ import annotations

import sqlalchemy as sa

from core.auth.policies import roles_in
from core.db import db
from core.errors import Forbidden
from core.registry.models import Person
from producers.lots.permissions import NETWORK_WIDE
from producers.models.pgs import Farm, Plot


def network_wide(user, tenant_id: int) -> bool:
    return bool(roles_in(user, tenant_id) & NETWORK_WIDE)


def own_plot_ids(user) -> sa.Select:
    """Ids of the plots of the farms whose farmer is ``user``."""
    return (
        sa.select(Plot.id)
        .join(Farm, Farm.id == Plot.farm_id)
        .join(Person, Person.id == Farm.person_id)
        .where(Person.user_id == user.id)
    )


def check_plot(user, tenant_id: int, plot_id: int) -> None:
    if network_wide(user, tenant_id):
        return
    if db.session.scalar(own_plot_ids(user).where(Plot.id == plot_id)) is None:
        raise Forbidden()


def visible_plots(user, tenant_id: int, stmt: sa.Select, plot_column) -> sa.Select:
    """Narrow a statement to the plots ``user`` may act on."""
    if network_wide(user, tenant_id):
        return stmt
    return stmt.where(plot_column.in_(own_plot_ids(user)))
