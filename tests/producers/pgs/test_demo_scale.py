"""The producers' demo at the documents' scale and in Khok Sai, each seed on
its own (the full demo load runs them all): about 3,000 plots in 20 groups
with valid drawn shapes, producers who log in to a farm of their own, Khok
Sai's producer certified and an inspection waiting for its inspectors;
running again adds nothing."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import db
from core.tenancy.context import tenant_context


def test_the_songkhla_network_holds_about_three_thousand_plots(ctx, make_tenant):
    from core.auth.models import User
    from core.registry.models import Person
    from producers import demo_network, demo_pgs
    from producers.models.pgs import Farm, Plot, ProducerGroup
    from producers.pgs import shape

    tenant = make_tenant(slug="songkhla-pgs", kind="pgs_network")
    demo_pgs.seed()
    summary = demo_network.seed()
    db.session.commit()
    assert "2970 more plots" in summary
    assert demo_network.seed() == ""
    db.session.commit()
    with tenant_context(tenant.id):
        assert db.session.scalar(sa.select(sa.func.count(Plot.id))) == 3000
        assert db.session.scalar(sa.select(sa.func.count(ProducerGroup.id))) == 20
        drawn = db.session.scalars(sa.select(Plot).where(Plot.shape.is_not(None))).all()
        assert len(drawn) == 297
        for plot in drawn[:20]:
            assert shape.parse(plot.shape) == plot.shape and plot.area_sqm == shape.area_sqm(plot.shape)
        farmer = db.session.scalars(
            sa.select(Person).join(User, User.id == Person.user_id).where(User.email == "producer2@songkhlapgs.demo")
        ).one()
        assert db.session.scalar(sa.select(sa.func.count(Farm.id)).where(Farm.person_id == farmer.id)) == 1


def test_khok_sai_producers_have_farms(ctx, make_tenant, make_member, make_household, make_village):
    from core.registry.models import Household
    from producers import demo_khoksai
    from producers.models.pgs import Certificate, Farm, Inspection, InspectionInspector, Plot
    from producers.pgs import inbox, mine

    tenant = make_tenant(slug="khok-sai", kind="council")
    users = {
        role: make_member(tenant, role, email=f"{role}@khoksai.demo")
        for role in ("producer", "inspector", "committee")
    }
    village = make_village(tenant, moo=2)
    for code in ("M02-001", "M02-002", "M02-003", "M03-001", "M04-001", "M05-001", "M06-001", "M07-001"):
        make_household(tenant, code=code, village_id=village.id)
    assert "6 farms" in demo_khoksai.seed()
    db.session.commit()
    assert demo_khoksai.seed() == ""
    db.session.commit()
    with tenant_context(tenant.id):
        assert db.session.scalar(sa.select(sa.func.count(Farm.id))) == 6
        assert db.session.scalar(sa.select(sa.func.count(Plot.id))) == 8
        farms = mine.farms_of(users["producer"].id)
        assert [f.name for f in farms] == ["สวนผักลุงประยูร"]
        cert = db.session.scalars(sa.select(Certificate).where(Certificate.farm_id == farms[0].id)).one()
        assert cert.status == "active" and cert.level == "organic"
        waiting = inbox.to_inspect(users["inspector"].id)
        assert len(waiting) == 1 and db.session.get(Inspection, waiting[0]).status == "planned"
        assert db.session.scalar(
            sa.select(sa.func.count(InspectionInspector.id)).where(InspectionInspector.inspection_id == waiting[0])
        ) == 2
        assert db.session.scalar(sa.select(sa.func.count(Household.id))) == 8  # no household was added


def test_without_the_kernel_log_ins_khok_sai_is_left_alone(ctx, make_tenant):
    from producers import demo_khoksai

    make_tenant(slug="khok-sai", kind="council")
    assert demo_khoksai.seed() == ""
