"""Registry services: duplicates flagged (never merged), audit without full
IDs, vulnerability derived from members."""

from datetime import date

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.registry import services
from core.registry.models import DuplicateFlag, Household, Person
from core.registry.policies import FieldErrors, InvalidChoice
from core.tenancy.context import tenant_context
from tests.factories import valid_national_id

TODAY = date(2026, 11, 23)


def _person(**kw):
    data = {"first_name_th": "สมชาย", "last_name_th": "ใจดี"}
    data.update(kw)
    return data


def test_same_national_id_is_flagged_not_merged(ctx, registry_tenant, staff):
    nid = valid_national_id(777)
    with tenant_context(registry_tenant.id):
        h1 = services.create_household(staff, registry_tenant, {"code": "1/1"})
        h2 = services.create_household(staff, registry_tenant, {"code": "2/2"})
        a = services.add_person(staff, registry_tenant, h1, _person(national_id=nid), today=TODAY)
        b = services.add_person(staff, registry_tenant, h2, _person(national_id=nid, first_name_th="สมหญิง"),
                                today=TODAY)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 2
        flags = db.session.scalars(sa.select(DuplicateFlag)).all()
        assert [(f.person_id, f.other_person_id, f.reason, f.status) for f in flags] == [
            (a.id, b.id, "national_id", "open")
        ]
        # updating again does not flag the pair twice
        services.update_person(staff, registry_tenant, b, _person(national_id=nid, phone="0812345678"),
                               today=TODAY)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(DuplicateFlag.id))) == 1


def test_same_phone_is_flagged(ctx, registry_tenant, staff):
    with tenant_context(registry_tenant.id):
        h = services.create_household(staff, registry_tenant, {"code": "1"})
        services.add_person(staff, registry_tenant, h, _person(phone="081-234-5678", national_id=None), today=TODAY)
        services.add_person(staff, registry_tenant, h, _person(phone="+66812345678", first_name_th="ก"), today=TODAY)
        db.session.commit()
        assert db.session.scalars(sa.select(DuplicateFlag.reason)).all() == ["phone"]


def test_duplicates_are_per_tenant(ctx, make_tenant, registry_tenant, staff):
    other = make_tenant()
    nid = valid_national_id(555)
    with tenant_context(other.id):
        h = services.create_household(None, other, {"code": "x"})
        services.add_person(None, other, h, _person(national_id=nid), today=TODAY)
        db.session.commit()
    with tenant_context(registry_tenant.id):
        h = services.create_household(staff, registry_tenant, {"code": "x"})
        services.add_person(staff, registry_tenant, h, _person(national_id=nid), today=TODAY)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(DuplicateFlag.id))) == 0


def test_resolving_a_flag_keeps_both_people(ctx, registry_tenant, staff):
    nid = valid_national_id(778)
    with tenant_context(registry_tenant.id):
        h = services.create_household(staff, registry_tenant, {"code": "1"})
        services.add_person(staff, registry_tenant, h, _person(national_id=nid), today=TODAY)
        services.add_person(staff, registry_tenant, h, _person(national_id=nid), today=TODAY)
        flag = db.session.scalar(sa.select(DuplicateFlag))
        services.resolve_flag(staff, registry_tenant, flag, "distinct", "twins typed wrong")
        db.session.commit()
        assert flag.status == "distinct" and flag.resolved_by_user_id == staff.id
        assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 2
        with pytest.raises(InvalidChoice):
            services.resolve_flag(staff, registry_tenant, flag, "merge", None)


def test_audit_never_holds_a_full_national_id_or_phone(ctx, registry_tenant, staff):
    nid = valid_national_id(9001)
    with tenant_context(registry_tenant.id):
        h = services.create_household(staff, registry_tenant, {"code": "1", "address": "9 ถนนสุข"})
        p = services.add_person(staff, registry_tenant, h, _person(national_id=nid, phone="0812345678"),
                                today=TODAY)
        services.update_person(staff, registry_tenant, p, _person(national_id=valid_national_id(9002)),
                               today=TODAY)
        services.reveal_national_id(staff, registry_tenant, p)
        db.session.commit()
        events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    actions = [e.action for e in events]
    assert actions == ["registry.household.create", "registry.person.create", "registry.person.update",
                       "registry.person.view_full_id"]
    dumped = repr([(e.before, e.after) for e in events])
    assert nid not in dumped and valid_national_id(9002) not in dumped
    assert "812345678" not in dumped and "ถนนสุข" not in dumped
    assert events[1].after["national_id"] == "x-xxxx-xxxxx-" + nid[10:12] + "-" + nid[12]
    assert all(e.actor_user_id == staff.id for e in events)


def test_vulnerability_is_derived_from_members(ctx, registry_tenant, staff):
    with tenant_context(registry_tenant.id):
        h = services.create_household(staff, registry_tenant, {"code": "1"})
        services.add_person(staff, registry_tenant, h, _person(birth_date="1966-11-23"), today=TODAY)
        assert db.session.get(Household, h.id).vulnerability(TODAY) == {"elderly"}  # exactly 60 today
        services.add_person(staff, registry_tenant, h, _person(birth_date="1966-11-24", disabled=True),
                            today=TODAY)
        db.session.commit()
        db.session.expire_all()
        household = db.session.get(Household, h.id)
        assert household.vulnerability(TODAY) == {"elderly", "disabled"}
        assert household.members[1].flags(TODAY) == {"disabled"}  # 59: not elderly


def test_bad_input_writes_nothing(ctx, registry_tenant, staff):
    with tenant_context(registry_tenant.id):
        h = services.create_household(staff, registry_tenant, {"code": "1"})
        db.session.commit()
        with pytest.raises(FieldErrors) as err:
            services.add_person(staff, registry_tenant, h, _person(national_id="1101700230709"), today=TODAY)
        db.session.rollback()
        assert err.value.by_field()["national_id"].code == "invalid_national_id"
        assert db.session.scalar(sa.select(sa.func.count(Person.id))) == 0


def test_household_code_is_unique_per_tenant(ctx, make_tenant, registry_tenant, staff):
    with tenant_context(registry_tenant.id):
        services.create_household(staff, registry_tenant, {"code": "1"})
        with pytest.raises(services.DuplicateCode):
            services.create_household(staff, registry_tenant, {"code": "1"})
        db.session.commit()
    other = make_tenant()
    with tenant_context(other.id):
        services.create_household(None, other, {"code": "1"})  # another tenant may use it
        db.session.commit()


def test_village_of_another_tenant_is_refused(ctx, make_tenant, make_village, registry_tenant, staff):
    foreign = make_village(make_tenant())
    with tenant_context(registry_tenant.id):
        with pytest.raises(FieldErrors) as err:
            services.create_household(staff, registry_tenant, {"code": "1", "village_id": foreign.id})
        assert "village_id" in err.value.by_field()


def test_head_must_be_a_member(ctx, registry_tenant, staff):
    with tenant_context(registry_tenant.id):
        h1 = services.create_household(staff, registry_tenant, {"code": "1"})
        h2 = services.create_household(staff, registry_tenant, {"code": "2"})
        p = services.add_person(staff, registry_tenant, h2, _person(), today=TODAY)
        assert h2.head_person_id == p.id  # the first member becomes head
        with pytest.raises(services.NotAMember):
            services.set_head(staff, registry_tenant, h1, p)
