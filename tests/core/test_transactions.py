"""The unit of work holds on every database: what a savepoint wrote is undone
when the outer transaction rolls back (pysqlite would otherwise commit it)."""

import sqlalchemy as sa

from core.db import db
from core.registry.models import Household, Village
from core.tenancy.context import tenant_context


def test_outer_rollback_undoes_a_released_savepoint(ctx, make_tenant):
    tenant = make_tenant()
    with tenant_context(tenant.id):
        with db.session.begin_nested():
            db.session.add(Village(moo=1, name_th="ในจุดบันทึก"))
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Village)) == 0


def test_a_failed_savepoint_leaves_the_outer_work_intact(ctx, make_tenant):
    tenant = make_tenant()
    with tenant_context(tenant.id):
        db.session.add(Household(code="HH-1", notes="before"))
        db.session.flush()
        try:
            with db.session.begin_nested():
                db.session.add(Household(code="HH-1", notes="again"))  # same code: unique violation
                db.session.flush()
        except sa.exc.IntegrityError:
            pass
        db.session.commit()
        assert db.session.scalars(sa.select(Household.notes)).all() == ["before"]
