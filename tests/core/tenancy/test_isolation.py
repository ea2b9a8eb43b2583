"""A row can never reach another tenant: scoped queries, fail-closed context,
composite foreign keys refused by the database itself."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.db import db
from core.registry.models import Household, Person, Village
from core.tenancy.context import NoTenantContext, tenant_context
from core.tenancy.scoping import CrossTenantWrite


@pytest.fixture
def two_tenants(make_tenant, make_household):
    a, b = make_tenant(slug="a"), make_tenant(slug="b")
    ha, hb = make_household(a, members=2), make_household(b, members=3)
    return a, b, ha, hb


def test_queries_see_only_the_tenant_in_context(ctx, two_tenants):
    a, b, ha, hb = two_tenants
    with tenant_context(a.id):
        assert {h.id for h in db.session.scalars(sa.select(Household))} == {ha.id}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 2
    with tenant_context(b.id):
        assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 3


def test_get_by_id_of_another_tenant_finds_nothing(ctx, two_tenants):
    a_id, hb_id = two_tenants[0].id, two_tenants[3].id
    db.session.expunge_all()  # no identity-map shortcut
    with tenant_context(a_id):
        assert db.session.get(Household, hb_id) is None
        assert db.session.scalar(sa.select(Household).where(Household.id == hb_id)) is None


def test_joins_and_relationships_are_scoped(ctx, two_tenants):
    a_id, ha_id = two_tenants[0].id, two_tenants[2].id
    db.session.expunge_all()
    with tenant_context(a_id):
        rows = db.session.execute(sa.select(Person, Household).join(Household, Person.household_id == Household.id)).all()
        assert len(rows) == 2 and all(p.tenant_id == a_id and h.tenant_id == a_id for p, h in rows)
        household = db.session.get(Household, ha_id)
        assert [m.tenant_id for m in household.members] == [a_id, a_id]


def test_no_tenant_in_context_fails_closed(ctx, two_tenants):
    with pytest.raises(NoTenantContext):
        db.session.scalars(sa.select(Household)).all()
    with pytest.raises(NoTenantContext):
        db.session.execute(sa.update(Person).values(hardship=True))


def test_bulk_update_and_delete_are_scoped(ctx, two_tenants):
    a, b, ha, hb = two_tenants
    with tenant_context(a.id):
        db.session.execute(sa.update(Person).values(hardship=True))
        db.session.commit()
    with tenant_context(b.id):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.hardship)) == 0


def test_no_tenant_is_an_error_not_every_tenant(ctx, two_tenants):
    with pytest.raises(NoTenantContext):
        db.session.scalars(sa.select(Household)).all()


def test_new_rows_take_the_tenant_in_context(ctx, make_tenant):
    a = make_tenant()
    with tenant_context(a.id):
        village = Village(name_th="บ้านใหม่", moo=1)
        db.session.add(village)
        db.session.commit()
        assert village.tenant_id == a.id


def test_writing_a_row_for_another_tenant_is_refused(ctx, make_tenant):
    a, b = make_tenant(), make_tenant()
    with tenant_context(a.id):
        db.session.add(Village(tenant_id=b.id, name_th="ผิดที่", moo=2))
        with pytest.raises(CrossTenantWrite):
            db.session.flush()
        db.session.rollback()


def test_database_refuses_cross_tenant_reference(ctx, two_tenants):
    """Even a raw INSERT that bypasses the ORM cannot point a person of
    tenant A at a household of tenant B: the composite key refuses it."""
    a, b, ha, hb = two_tenants
    with pytest.raises(IntegrityError):
        with tenant_context(a.id), db.engine.begin() as conn:
            conn.execute(
                sa.insert(Person.__table__).values(
                    tenant_id=a.id, household_id=hb.id, first_name_th="ข้าม", last_name_th="เขต",
                    elderly=False, disabled=False, bedridden=False, chronic_illness=False, hardship=False,
                    created_at=sa.func.now(), updated_at=sa.func.now(),
                )
            )


def test_database_refuses_moving_a_row_to_a_foreign_parent(ctx, two_tenants):
    a, b, ha, hb = two_tenants
    with pytest.raises(IntegrityError):
        with tenant_context(a.id), db.engine.begin() as conn:
            conn.execute(sa.update(Household.__table__).where(Household.__table__.c.id == ha.id).values(village_id=hb.village_id))


def test_every_tenant_table_has_tenant_id_unique_key_and_composite_references(app):
    """Structural check over the whole metadata, so a new table cannot forget."""
    from core.db import TenantScoped

    tenant_tables = {m.__table__.name for m in _tenant_models()}
    assert tenant_tables, "no tenant-scoped models found"
    for model in _tenant_models():
        table = model.__table__
        assert not table.c.tenant_id.nullable, table.name
        uniques = [tuple(c.name for c in u.columns) for u in table.constraints if isinstance(u, sa.UniqueConstraint)]
        assert ("tenant_id", "id") in uniques, f"{table.name} lacks UNIQUE (tenant_id, id)"
        for fk in table.foreign_key_constraints:
            target = fk.referred_table.name
            if target in tenant_tables:
                cols = [c.name for c in fk.columns]
                assert cols[0] == "tenant_id" and len(cols) == 2, (
                    f"{table.name}.{cols} references tenant table {target} without the composite key"
                )
    assert issubclass(Household, TenantScoped)


def _tenant_models():
    from core.db import Base, TenantScoped

    return [m.class_ for m in Base.registry.mappers if issubclass(m.class_, TenantScoped)]


def test_a_statement_built_once_is_scoped_to_each_tenant_in_turn(ctx, two_tenants, monkeypatch):
    """The hot paths build a statement once and run it for every tenant: its
    scoped copy is kept per tenant, never one tenant's copy for another,
    however many tenants come and go."""
    from core.tenancy import scoping

    a, b, ha, hb = (row.id for row in two_tenants)
    monkeypatch.setattr(scoping, "TENANTS_KEPT", 2)
    once = sa.select(Household.id)
    for tenant_id, expected in [(a, [ha]), (b, [hb]), (a, [ha]), (10**9, []), (b, [hb])]:
        with tenant_context(tenant_id):
            assert db.session.scalars(once).all() == expected
    assert scoping._scoped(once, a) is scoping._scoped(once, a)  # kept, not built again
    assert scoping._scoped(once, a) is not scoping._scoped(once, b)
