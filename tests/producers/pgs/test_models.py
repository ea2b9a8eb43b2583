"""The PGS tables exist and hold their constraints."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db


def test_plot_area_must_be_positive(ctx, make_tenant):
    from core.registry.models import Person
    from core.tenancy.context import set_tenant
    from producers.models.pgs import Farm, Plot

    tenant = make_tenant(kind="pgs_network")
    set_tenant(tenant.id)
    person = Person(first_name_th="สมชาย", last_name_th="ใจดี")
    db.session.add(person)
    db.session.flush()
    farm = Farm(person_id=person.id, name="สวนสมชาย")
    db.session.add(farm)
    db.session.flush()
    db.session.add(Plot(farm_id=farm.id, code="P1", name="แปลง 1", area_sqm=0))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
