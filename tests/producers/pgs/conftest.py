"""A PGS network to test against: an active standard, farmers, inspectors
(users with the inspector role, linked to people) and committee members."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from core import clock
from core.db import db
from tests.factories.producers import make_farm, make_plot


@pytest.fixture
def pgs(ctx, make_tenant, make_member, make_person, make_household):
    from core.tenancy.context import set_tenant
    from producers.pgs import services
    from producers.pgs.workflow import deciding, inspecting, pledging, screening

    tenant = make_tenant(kind="pgs_network", slug="test-pgs")
    admin = make_member(tenant, "admin")
    staff = make_member(tenant, "staff")
    set_tenant(tenant.id)
    standard = services.create_standard(
        code="GS", title_th="มาตรฐานเกษตรสุขภาพ", title_en="Health farming", actor_id=admin.id
    )
    criteria = [
        services.add_criterion(
            standard,
            code=f"C{i}",
            text_th=f"ข้อ {i}",
            text_en=f"Rule {i}",
            severity=sev,
            actor_id=admin.id,
        )
        for i, sev in enumerate(("minor", "major", "critical"), start=1)
    ]
    services.activate_standard(standard, actor_id=admin.id)
    db.session.commit()

    def farmer(household=None, *, pledge: bool = True, conversion_days: int = 400, plots: int = 1):
        if household is None:
            household = make_household(tenant, members=1)
        set_tenant(tenant.id)
        person = (
            db.session.get(type(household.head), household.head_person_id)
            if household.head_person_id
            else None
        )
        if person is None:
            person = make_person(tenant, household_id=household.id)
            set_tenant(tenant.id)
        farm = make_farm(person, actor_id=admin.id)
        for n in range(plots):
            make_plot(farm, actor_id=admin.id, code=f"P{farm.id}-{n}", name=f"แปลง {n}", lat="7.0", lon="100.5")
        if pledge:
            last = clock.today() - timedelta(days=conversion_days)
            pledging.sign_pledge(
                farm,
                standard_id=standard.id,
                signed_on=clock.today(),
                last_prohibited_input_on=last,
                actor_id=admin.id,
            )
        db.session.commit()
        return farm

    def inspector(household=None):
        user = make_member(tenant, "inspector")
        kw = {"user_id": user.id}
        if household is not None:
            kw["household_id"] = household.id
        person = make_person(tenant, **kw)
        set_tenant(tenant.id)
        return SimpleNamespace(user=user, person=person)

    def committee(n: int = 1):
        users = [make_member(tenant, "committee") for _ in range(n)]
        set_tenant(tenant.id)
        return users

    def submitted(farm, *, verdict: str = "pass", team=None, answer: str = "pass"):
        """A farm's inspection taken to 'submitted' by a fresh team of two."""
        team = team or [inspector(), inspector()]
        insp = inspecting.plan_inspection(farm, actor_id=staff.id)
        for t in team:
            inspecting.add_inspector(insp, t.person.id, actor_id=staff.id)
        for c in criteria:
            inspecting.answer(
                insp,
                criterion_id=c.id,
                result=answer,
                note="seen" if answer == "fail" else None,
                actor_id=team[0].user.id,
            )
        for t in team:
            inspecting.sign_verdict(insp, verdict=verdict, actor_id=t.user.id)
        db.session.commit()
        return insp

    def screened(farm, **kw):
        insp = submitted(farm, **kw)
        screening.complete_screening(insp, actor_id=staff.id)
        db.session.commit()
        return insp

    def meeting(members: int = 3, quorum: int = 3):
        users = committee(members)
        m = deciding.open_meeting(held_on=clock.today(), quorum=quorum, actor_id=users[0].id)
        for u in users:
            deciding.add_attendee(m, u.id, actor_id=users[0].id)
        db.session.commit()
        return m, users

    def certified(farm=None, level: str = "organic"):
        farm = farm or farmer()
        insp = screened(farm)
        m, users = meeting()
        decision = deciding.decide(m, insp, outcome=level, actor_id=users[0].id)
        db.session.commit()
        from producers.models.pgs import Certificate

        cert = db.session.scalars(
            db.select(Certificate).where(Certificate.decision_id == decision.id)
        ).one()
        return SimpleNamespace(
            farm=farm, inspection=insp, meeting=m, committee=users, certificate=cert
        )

    return SimpleNamespace(
        tenant=tenant,
        admin=admin,
        staff=staff,
        standard=standard,
        criteria=criteria,
        farmer=farmer,
        inspector=inspector,
        committee=committee,
        submitted=submitted,
        screened=screened,
        meeting=meeting,
        certified=certified,
    )
