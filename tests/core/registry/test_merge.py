"""Merges of confirmed duplicate people and villages: everything attached
moves (found from the models' metadata), the counts follow, a merge is audited
and an undo restores exactly what was there; refusals leave nothing
half-written."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from core.audit.models import AuditEvent
from core.db import db
from core.errors import Forbidden, NotFound
from core.registry import merging, queries
from core.registry.models import DuplicateFlag, Household, MergeRecord, Person, Village
from core.tenancy.context import tenant_context
from market.coupons import issuing
from market.models.coupons import Programme
from producers.models.pgs import Farm, ProducerGroup
from tests.factories.welfare import make_fund
from welfare.members import services as members
from welfare.models.members import Member


@pytest.fixture
def two(registry_tenant, admin, make_village, make_household, make_person):
    """A person registered twice in one village: Somchai in household 1 (his
    own), the duplicate heading household 2 and holding a fund membership, a
    farm and a duplicate flag."""
    village = make_village(registry_tenant, moo=3, name_th="บ้านโคกทราย")
    h1 = make_household(registry_tenant, members=1, village_id=village.id)
    h2 = make_household(registry_tenant, members=0, village_id=village.id)
    with tenant_context(registry_tenant.id):
        kept = db.session.get(Household, h1.id).head
        kept.phone = None
        db.session.commit()
    dup = make_person(registry_tenant, household_id=h2.id, first_name_th=kept.first_name_th,
                      national_id=kept.national_id, phone="+66812345678", disabled=True)
    with tenant_context(registry_tenant.id):
        db.session.get(Household, h2.id).head_person_id = dup.id
        fund = make_fund(name="กองทุนสวัสดิการ", kind="welfare")
        membership = members.enroll(fund_id=fund.id, joined_on=date(2025, 1, 1), person_id=dup.id)
        farm = Farm(person_id=dup.id, name="ไร่ซ้ำ", village_id=village.id)
        flag = DuplicateFlag(person_id=min(kept.id, dup.id), other_person_id=max(kept.id, dup.id),
                             reason="national_id")
        db.session.add_all([farm, flag])
        db.session.commit()
        return dict(tenant=registry_tenant, admin=admin, village=village, h1=h1.id, h2=h2.id,
                    kept=kept.id, dup=dup.id, fund=fund.id, membership=membership.id, farm=farm.id)


def _counts(tenant_id):
    with tenant_context(tenant_id):
        db.session.expire_all()
        stats = queries.overview()
        db.session.rollback()
        return stats.villages, stats.households, stats.people


def test_every_foreign_key_to_a_person_is_found_from_the_metadata(app):
    found = {(t.name, c.name) for t, c in merging.references("person")}
    for expected in [("household", "head_person_id"), ("welfare_member", "person_id"),
                     ("welfare_loan", "borrower_person_id"), ("welfare_guarantor", "person_id"),
                     ("producer_farm", "person_id"), ("producer_inspection_inspector", "person_id"),
                     ("payment", "payer_person_id"), ("receipt", "payer_person_id")]:
        assert expected in found
    # every column anywhere that is a foreign key to person.id
    declared = {
        (table.name, fk.parent.name)
        for table in db.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "person" and fk.column.name == "id"
    }
    assert declared == found


def test_merging_moves_everything_fixes_counts_and_undo_restores(two, ctx):
    t = two["tenant"]
    before = _counts(t.id)
    with tenant_context(t.id):
        entry = merging.merge(two["admin"], t, "person", two["kept"], two["dup"], reason="same ID card")
        db.session.commit()
        assert db.session.get(Person, two["dup"]) is None
        assert db.session.get(Member, two["membership"]).person_id == two["kept"]
        assert db.session.get(Farm, two["farm"]).person_id == two["kept"]
        # the duplicate headed household 2 alone: it has no head now, not a stranger
        assert db.session.get(Household, two["h2"]).head_person_id is None
        kept = db.session.get(Person, two["kept"])
        assert kept.phone == "+66812345678" and kept.disabled  # blanks filled
        assert db.session.scalars(sa.select(DuplicateFlag)).all() == []
        event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "registry.person.merge")).one()
        assert event.target_id == two["kept"] and event.before["removed_id"] == two["dup"]
        assert "6812345678" not in str(event.before)  # the phone is masked in the log
        merge_id = entry.id
        db.session.rollback()
    assert _counts(t.id) == (before[0], before[1], before[2] - 1)

    with tenant_context(t.id):
        later = Farm(person_id=two["kept"], name="ไร่ใหม่")  # added after the merge: stays
        db.session.add(later)
        db.session.commit()
        merging.undo(two["admin"], t, db.session.get(MergeRecord, merge_id))
        db.session.commit()
        db.session.expire_all()
        dup = db.session.get(Person, two["dup"])
        assert dup is not None and dup.household_id == two["h2"] and dup.disabled
        assert db.session.get(Member, two["membership"]).person_id == two["dup"]
        assert db.session.get(Farm, two["farm"]).person_id == two["dup"]
        assert db.session.get(Farm, later.id).person_id == two["kept"]
        assert db.session.get(Household, two["h2"]).head_person_id == two["dup"]
        kept = db.session.get(Person, two["kept"])
        assert kept.phone is None and not kept.disabled
        assert len(db.session.scalars(sa.select(DuplicateFlag)).all()) == 1
        assert db.session.get(MergeRecord, merge_id).status == "undone"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action == "registry.person.unmerge")) == 1
        with pytest.raises(merging.NotUndoable):
            merging.undo(two["admin"], t, db.session.get(MergeRecord, merge_id))
        db.session.rollback()
    assert _counts(t.id) == before


def test_a_row_both_hold_refuses_the_whole_merge(two, ctx):
    t = two["tenant"]
    with tenant_context(t.id):
        members.enroll(fund_id=two["fund"], joined_on=date(2025, 1, 1), person_id=two["kept"])
        db.session.commit()
        with pytest.raises(merging.CannotCombine, match="welfare_member"):
            merging.merge(two["admin"], t, "person", two["kept"], two["dup"])
        db.session.rollback()
        assert db.session.get(Person, two["dup"]) is not None
        assert db.session.get(Farm, two["farm"]).person_id == two["dup"]
        assert db.session.get(Household, two["h2"]).head_person_id == two["dup"]
        assert db.session.scalars(sa.select(MergeRecord)).all() == []


def test_people_from_two_villages_need_an_explicit_confirmation(two, ctx, make_village):
    t = two["tenant"]
    other = make_village(t, moo=7, name_th="บ้านนาใต้")
    with tenant_context(t.id):
        db.session.get(Household, two["h2"]).village_id = other.id
        db.session.commit()
        with pytest.raises(merging.DifferentVillages) as refused:
            merging.merge(two["admin"], t, "person", two["kept"], two["dup"])
        assert refused.value.field == "confirm_villages"
        assert "หมู่ 7" in str(refused.value) and "หมู่ 3" in str(refused.value)
        db.session.rollback()
        assert db.session.get(Person, two["dup"]) is not None
        merging.merge(two["admin"], t, "person", two["kept"], two["dup"], confirm_villages=True)
        db.session.commit()
        assert db.session.get(Person, two["dup"]) is None


def test_only_the_right_role_merges_and_only_within_the_tenant(two, ctx, make_member, make_tenant,
                                                                make_person):
    t = two["tenant"]
    staff = make_member(t, "staff")
    with tenant_context(t.id):
        with pytest.raises(Forbidden):
            merging.merge(staff, t, "person", two["kept"], two["dup"])
        db.session.rollback()
    stranger = make_person(make_tenant(slug="elsewhere"))
    with tenant_context(t.id):
        with pytest.raises(NotFound):
            merging.merge(two["admin"], t, "person", two["kept"], stranger.id)
        with pytest.raises(merging.SameRecord):
            merging.merge(two["admin"], t, "person", two["kept"], two["kept"])
        db.session.rollback()


def test_merging_a_duplicate_village_moves_its_households_and_groups(registry_tenant, admin, ctx,
                                                                      make_village, make_household):
    t = registry_tenant
    real = make_village(t, moo=3, name_th="บ้านโคกทราย")
    twin = make_village(t, moo=None, name_th="หมู่ 3", kind="community")
    homes = [make_household(t, members=2, village_id=twin.id) for _ in range(2)]
    far = make_village(t, moo=9, name_th="บ้านไกล")
    with tenant_context(t.id):
        group = ProducerGroup(name="กลุ่มผัก", village_id=twin.id)
        db.session.add(group)
        # a coupon programme for the twin and another village: a list of ids, not a foreign key
        programme = issuing.save_programme(
            {"name": "ช่วยหมู่ 3", "kind": "value", "value_satang": 1000, "village_ids": [twin.id, far.id]},
            actor_id=None,
        )
        both = issuing.save_programme(
            {"name": "ทั้งสอง", "kind": "value", "value_satang": 1000, "village_ids": [real.id, twin.id]},
            actor_id=None,
        )
        db.session.commit()
        eligible = len(issuing.eligible_households(programme))
        db.session.rollback()
    before = _counts(t.id)
    with tenant_context(t.id):
        entry = merging.merge(admin, t, "village", real.id, twin.id)
        db.session.commit()
        assert {db.session.get(Household, h.id).village_id for h in homes} == {real.id}
        assert db.session.get(ProducerGroup, group.id).village_id == real.id
        assert db.session.get(Programme, programme.id).village_ids == [real.id, far.id]
        assert db.session.get(Programme, both.id).village_ids == [real.id]
        assert len(issuing.eligible_households(db.session.get(Programme, programme.id))) == eligible
        assert entry.moved_count == 5
        entry_id = entry.id
    assert _counts(t.id) == (before[0] - 1, before[1], before[2])
    with tenant_context(t.id):
        merging.undo(admin, t, db.session.get(MergeRecord, entry_id))
        db.session.commit()
        db.session.expire_all()
        assert {db.session.get(Household, h.id).village_id for h in homes} == {twin.id}
        assert db.session.get(Village, twin.id).name_th == "หมู่ 3"
        assert db.session.get(Programme, programme.id).village_ids == [twin.id, far.id]
        assert db.session.get(Programme, both.id).village_ids == [real.id, twin.id]
    assert _counts(t.id) == before


def test_an_undo_waits_for_a_later_merge_of_the_kept_record(two, ctx, make_person):
    t = two["tenant"]
    third = make_person(t)
    with tenant_context(t.id):
        first = merging.merge(two["admin"], t, "person", two["kept"], two["dup"])
        merging.merge(two["admin"], t, "person", third.id, two["kept"])
        db.session.commit()
        with pytest.raises(merging.NotUndoable, match="undo that merge first"):
            merging.undo(two["admin"], t, db.session.get(MergeRecord, first.id))
        db.session.rollback()


def test_a_kept_person_without_household_takes_the_duplicates_place(two, ctx, make_person):
    t = two["tenant"]
    with tenant_context(t.id):
        dup = db.session.get(Person, two["dup"])
        loose = make_person(t, first_name_th=dup.first_name_th, national_id=None)
    with tenant_context(t.id):
        merging.merge(two["admin"], t, "person", loose.id, two["dup"])
        db.session.commit()
        kept = db.session.get(Person, loose.id)
        assert kept.household_id == two["h2"]
        assert db.session.get(Household, two["h2"]).head_person_id == loose.id
        db.session.rollback()
