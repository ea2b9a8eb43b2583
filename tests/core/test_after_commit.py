"""Work queued for after the commit (the outbox's delivery tasks) waits for the
outermost commit: releasing a savepoint commits nothing other connections can
see, so a worker handed a row id then would find no row."""

from core.db import after_commit, db
from core.registry.models import Village
from core.tenancy.context import tenant_context


def test_a_released_savepoint_runs_nothing_until_the_outer_commit(ctx, make_tenant):
    tenant = make_tenant()
    ran = []
    with tenant_context(tenant.id):
        with db.session.begin_nested():
            db.session.add(Village(moo=1, name_th="หนึ่ง"))
            after_commit(lambda: ran.append("inner"))
        assert ran == []
        after_commit(lambda: ran.append("outer"))
        db.session.commit()
    assert ran == ["inner", "outer"]


def test_a_rolled_back_savepoint_drops_only_its_own_callbacks(ctx, make_tenant):
    tenant = make_tenant()
    ran = []
    with tenant_context(tenant.id):
        after_commit(lambda: ran.append("before"))
        savepoint = db.session.begin_nested()
        db.session.add(Village(moo=2, name_th="สอง"))
        after_commit(lambda: ran.append("undone"))
        savepoint.rollback()
        db.session.commit()
    assert ran == ["before"]


def test_an_outer_rollback_drops_everything(ctx, make_tenant):
    tenant = make_tenant()
    ran = []
    with tenant_context(tenant.id):
        with db.session.begin_nested():
            db.session.add(Village(moo=3, name_th="สาม"))
            after_commit(lambda: ran.append("inner"))
        db.session.rollback()
        db.session.commit()
    assert ran == []
