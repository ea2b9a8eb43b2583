"""Races on PostgreSQL: the same household code from two browsers, the same
import job run by two workers; and progress visible while a job runs."""


import sqlalchemy as sa

from core.db import db
from core.imports import runner
from core.registry import services
from core.registry.models import Household, ImportJob, Person
from core.tenancy.context import tenant_context
from tests.core.registry.test_import import GOOD, to_csv
from tests.race import browsers, together

BASE = "/t/khok-sai/registry"


def test_same_household_code_from_two_browsers(postgres_only, make_client, registry_tenant, make_member):
    clients = browsers(make_client, users=[make_member(registry_tenant, "staff") for _ in range(4)])
    statuses = together([lambda c=c: c.post(f"{BASE}/households/new", data={"code": "99/1"}).status_code for c in clients])
    assert sorted(statuses) == [302, 422, 422, 422]
    with tenant_context(registry_tenant.id):
        assert db.session.scalar(sa.select(sa.func.count(Household.id))) == 1


def test_one_job_run_by_two_workers_imports_once(postgres_only, app, ctx, registry_tenant, staff):
    from core.registry.tasks import import_households

    with tenant_context(registry_tenant.id):
        job = services.start_import(staff, registry_tenant, "a.csv", to_csv(GOOD * 20))
        db.session.commit()
        job_id = job.id

    def worker():
        with app.app_context():  # each worker has its own session and connection
            return import_households.run(job_id, registry_tenant.id)

    results = together([worker, worker])
    assert sorted(results) == ["claimed", "done"]
    db.session.expire_all()
    with tenant_context(registry_tenant.id):
        assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 3  # 60 rows, 3 distinct people


def test_progress_is_visible_before_the_job_commits(postgres_only, ctx, registry_tenant, staff):
    """PostgreSQL: a writer does not block another connection (SQLite has one writer at a time)."""
    with tenant_context(registry_tenant.id):
        job = services.start_import(staff, registry_tenant, "a.csv", to_csv(GOOD))
        db.session.commit()
        from core.registry.models import Village

        db.session.add(Village(moo=77, name_th="ยังไม่บันทึก"))  # the session holds an open transaction
        db.session.flush()
        runner._write(job.id, registry_tenant.id, processed_rows=2, total_rows=3)
        with db.engine.connect() as other:
            seen = other.execute(
                sa.select(ImportJob.__table__.c.processed_rows).where(ImportJob.__table__.c.id == job.id)
            ).scalar()
        assert seen == 2
        db.session.rollback()
        assert db.session.get(ImportJob, job.id).processed_rows == 2
