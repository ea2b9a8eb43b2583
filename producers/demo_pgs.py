"""Demo PGS data for the Songkhla PGS network (GreenSmile): the network's
charter with its criteria, three producer groups, twelve farms with about
thirty plots and their plantings, peer inspectors and committee members who
log in, and certificates in every state (organic, in conversion, suspended,
revoked, expired, none), all made through the workflow services so the
history and audit trail are real. Idempotent: does nothing once the charter
exists."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from core import clock, modules
from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

TENANT = "songkhla-pgs"
CODE = "GREENSMILE"

CRITERIA = (
    ("C1", "ไม่ใช้ปุ๋ยเคมีสังเคราะห์", "No synthetic chemical fertiliser", "critical"),
    ("C2", "ไม่ใช้สารเคมีกำจัดศัตรูพืชและวัชพืช", "No chemical pesticides or herbicides", "critical"),
    (
        "C3",
        "ไม่ใช้เมล็ดพันธุ์หรือพืชดัดแปลงพันธุกรรม (GMO)",
        "No genetically modified seed or plants",
        "critical",
    ),
    (
        "C4",
        "มีแนวกันชนป้องกันการปนเปื้อนจากแปลงข้างเคียง",
        "Buffer zones protect against drift from neighbours",
        "major",
    ),
    (
        "C5",
        "แหล่งน้ำสะอาด ไม่ปนเปื้อนสารเคมี",
        "Clean water source, free of chemical contamination",
        "major",
    ),
    ("C6", "จดบันทึกการผลิตและปัจจัยการผลิตที่ใช้", "Production records and inputs are kept", "minor"),
)
GROUPS = (("กลุ่มเกษตรอินทรีย์บ้านคลองแห", 1), ("กลุ่มผักปลอดภัยบ้านทุ่งลาน", 2), ("กลุ่มสวนยางยั่งยืนบ้านควนลัง", 3))
VILLAGES = ((1, "บ้านคลองแห"), (2, "บ้านทุ่งลาน"), (3, "บ้านควนลัง"))
FARMERS = (
    ("สมชาย", "ศรีสุข"),
    ("มาลี", "ทองดี"),
    ("ประเสริฐ", "แก้วมณี"),
    ("สุภาพร", "ชูช่วย"),
    ("บุญมี", "เพชรรัตน์"),
    ("วันดี", "หนูแก้ว"),
    ("อำนาจ", "สงวนศรี"),
    ("จันทร์เพ็ญ", "รักษ์ดี"),
    ("ธีระ", "มณีโชติ"),
    ("กัลยา", "บุญญา"),
    ("สมศักดิ์", "ขวัญแก้ว"),
    ("ลำดวน", "จิตรงาม"),
)
CROPS = (
    ("ผักบุ้ง", "vegetable", 45, 300),
    ("ข้าวสังข์หยด", "paddy", 120, 900),
    ("มังคุด", "orchard", 150, 500),
    ("ยางพารา", "rubber", 365, 1200),
    ("ผักกาดหอม", "vegetable", 40, 200),
    ("ทุเรียน", "orchard", 160, 800),
)


def seed() -> str:
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == TENANT))
    if tenant is None:
        return ""
    with tenant_context(tenant.id):
        from producers.models.pgs import Standard

        if db.session.scalar(sa.select(Standard.id).where(Standard.code == CODE)):
            return ""
        return _seed(tenant)


def _user(tenant: Tenant, email: str, name: str, roles: tuple[str, ...]):
    from werkzeug.security import generate_password_hash

    from core.auth.models import User
    from core.demo.users import DEMO_PASSWORD
    from core.tenancy.models import Membership

    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        user = User(
            email=email,
            display_name=name,
            password_hash=generate_password_hash(DEMO_PASSWORD),
            lang="th",
        )
        db.session.add(user)
        db.session.flush()
    if not db.session.scalar(
        sa.select(Membership.id).where(
            Membership.user_id == user.id, Membership.tenant_id == tenant.id
        )
    ):
        db.session.add(Membership(user_id=user.id, tenant_id=tenant.id, roles=list(roles)))
        db.session.flush()
    return user


def _person(
    first: str, last: str, household_code: str, village_id: int, user_id: int | None = None
):
    from core.registry.models import Household, Person

    household = Household(code=household_code, village_id=village_id)
    db.session.add(household)
    db.session.flush()
    person = Person(
        first_name_th=first, last_name_th=last, household_id=household.id, user_id=user_id
    )
    db.session.add(person)
    db.session.flush()
    household.head_person_id = person.id
    db.session.flush()
    return person


def _seed(tenant: Tenant) -> str:
    from core.registry import services as registry_services
    from producers.pgs import services
    from producers.pgs.workflow import (
        deciding,
        expiring,
        inspecting,
        pledging,
        sanctioning,
        screening,
    )

    today = clock.today()
    standard = services.create_standard(
        code=CODE,
        title_th="มาตรฐานเกษตรอินทรีย์กรีนสไมล์ สงขลา",
        title_en="GreenSmile Songkhla organic standard",
        actor_id=None,
    )
    for code, th, en, severity in CRITERIA:
        services.add_criterion(
            standard, code=code, text_th=th, text_en=en, severity=severity, actor_id=None
        )
    services.activate_standard(standard, effective_from=today - timedelta(days=900), actor_id=None)
    criteria = services.criteria_of(standard.id)

    villages = {}
    for moo, name in VILLAGES:
        villages[moo], _created = registry_services.village_for_import(moo, name)
    groups = [
        services.create_group(name=name, village_id=villages[moo].id, actor_id=None)
        for name, moo in GROUPS
    ]

    inspectors = []
    for n, (first, last) in enumerate(
        (("สุนทร", "ตรวจดี"), ("พรทิพย์", "ใจซื่อ"), ("วิชัย", "รู้ทัน"), ("นงลักษณ์", "เที่ยงตรง")), start=1
    ):
        user = _user(tenant, f"inspector{n}@songkhlapgs.demo", f"{first} {last}", ("inspector",))
        inspectors.append(_person(first, last, f"PGS-I{n}", villages[(n % 3) + 1].id, user.id))
    committee = [
        _user(tenant, f"committee{n}@songkhlapgs.demo", name, ("committee",))
        for n, name in enumerate(("ประยูร ศรีทอง", "สมหญิง วงศ์ดี", "เกรียงไกร ทองคำ"), start=1)
    ]
    producer_user = _user(tenant, "producer@songkhlapgs.demo", "สมชาย ศรีสุข", ("producer",))
    _user(tenant, "staff@songkhlapgs.demo", "อรุณี ประสานงาน", ("staff",))

    farms, plots = [], 0
    for i, (first, last) in enumerate(FARMERS):
        moo = i % 3 + 1
        person = _person(
            first, last, f"PGS-F{i + 1:02d}", villages[moo].id, producer_user.id if i == 0 else None
        )
        farm = services.create_farm(
            person_id=person.id,
            name=f"ไร่{first}",
            group_id=groups[i % 3].id,
            village_id=villages[moo].id,
            actor_id=None,
        )
        for k in range(2 + (i % 2)):
            crop, land, days, kg = CROPS[(i + k) % len(CROPS)]
            lat = Decimal("7.10") + Decimal(moo) * Decimal("0.07") + Decimal(i * 3 + k) / 500
            lon = Decimal("100.45") + Decimal(moo) * Decimal("0.05") + Decimal(k) / 300
            plot = services.create_plot(
                farm,
                {
                    "code": f"SK-{i + 1:02d}-{k + 1}",
                    "name": f"แปลง{crop}",
                    "area_rai": str(1 + (i + k) % 4),
                    "area_ngan": str((i + k) % 4),
                    "area_wa": str(10 * k),
                    "lat": str(lat),
                    "lon": str(lon),
                    "land_type": land,
                    "water_source": ("well", "pond", "rain", "canal")[(i + k) % 4],
                    "buffer_notes": "แนวไผ่และกล้วยกั้นด้านที่ติดแปลงข้างเคียง" if k == 0 else "",
                },
                actor_id=None,
            )
            planted = today - timedelta(days=(i * 11 + k * 7) % 60)
            services.add_planting(
                plot,
                {
                    "crop": crop,
                    "season": f"{today.year + 543}",
                    "planted_on": planted.isoformat(),
                    "expected_harvest_on": (planted + timedelta(days=days)).isoformat(),
                    "expected_quantity_kg": str(kg),
                },
                actor_id=None,
            )
            plots += 1
        farms.append(farm)

    meeting = deciding.open_meeting(
        held_on=today, quorum=3, place="ศาลาเอนกประสงค์บ้านคลองแห", actor_id=committee[0].id
    )
    for user in committee:
        deciding.add_attendee(meeting, user.id, actor_id=committee[0].id)

    def certify(farm, n, outcome, *, clean_days=1100, fail_first=False, close_nc=False):
        pledging.sign_pledge(
            farm,
            standard_id=standard.id,
            signed_on=today - timedelta(days=30),
            last_prohibited_input_on=today - timedelta(days=clean_days),
            history="ทำเกษตรเคมีมาก่อน เลิกใช้สารเคมีและเข้าร่วมกลุ่ม",
            actor_id=None,
        )
        insp = inspecting.plan_inspection(
            farm, cycle=today.year, planned_on=today - timedelta(days=10), actor_id=None
        )
        team = (inspectors[n % 4], inspectors[(n + 1) % 4])
        for person in team:
            inspecting.add_inspector(insp, person.id, actor_id=None)
        for j, c in enumerate(criteria):
            failed = fail_first and j == len(criteria) - 1
            inspecting.answer(
                insp,
                criterion_id=c.id,
                result="fail" if failed else "pass",
                note="สมุดบันทึกไม่ครบ" if failed else None,
                actor_id=team[0].user_id,
            )
        for person in team:
            inspecting.sign_verdict(
                insp,
                verdict="pass",
                inspected_on=today - timedelta(days=7),
                summary="แปลงสะอาด มีแนวกันชน ใช้ปุ๋ยหมักที่ทำเอง",
                actor_id=person.user_id,
            )
        if fail_first:
            nc = screening.grade(
                insp,
                criterion_id=criteria[-1].id,
                grade="minor",
                description="บันทึกการผลิตไม่ครบ",
                corrective_action="จดบันทึกการใช้ปัจจัยการผลิตทุกครั้ง",
                due_on=today + timedelta(days=30),
                actor_id=None,
            )
            if close_nc:
                screening.close_noncompliance(nc, note="ตรวจสมุดบันทึกแล้ว ครบถ้วน", actor_id=None)
        screening.complete_screening(insp, note="ไม่พบข้อบกพร่องร้ายแรง", actor_id=None)
        if outcome is None:  # screened, waiting for the committee
            return None
        reason = "รอผลตรวจดินและน้ำจากห้องปฏิบัติการ" if outcome == "deferred" else None
        decision = deciding.decide(
            meeting, insp, outcome=outcome, reason=reason, actor_id=committee[0].id
        )
        from producers.models.pgs import Certificate

        return db.session.scalar(
            sa.select(Certificate).where(Certificate.decision_id == decision.id)
        )

    certs = [certify(farms[n], n, "organic") for n in range(5)]
    certify(farms[5], 5, "in_conversion", clean_days=120, fail_first=True)
    certify(farms[6], 6, "in_conversion", clean_days=120, fail_first=True, close_nc=True)
    certify(farms[7], 7, "deferred")
    certify(farms[9], 9, None)  # committee1@ … committee3@ find it waiting for a decision
    pledging.sign_pledge(farms[8], standard_id=standard.id, signed_on=today, actor_id=None)
    waiting = inspecting.plan_inspection(
        farms[8], cycle=today.year, planned_on=today + timedelta(days=14), actor_id=None
    )
    for person in inspectors[:2]:  # inspector1@ and inspector2@ find it waiting for them
        inspecting.add_inspector(waiting, person.id, actor_id=None)

    sanctioning.warn(certs[1], reason="พบถุงปุ๋ยเคมีในโรงเก็บ ให้ย้ายออกจากฟาร์ม", actor_id=committee[1].id)
    sanctioning.suspend(
        certs[3],
        until=today + timedelta(days=45),
        reason="แนวกันชนไม่พอ ละอองยาจากแปลงข้างเคียง",
        actor_id=committee[0].id,
    )
    revocation = sanctioning.propose_revocation(
        certs[4], reason="ใช้ยาฆ่าหญ้าในแปลงยาง", actor_id=committee[0].id
    )
    sanctioning.confirm_revocation(revocation, actor_id=committee[1].id)
    expired = certs[2]
    expired.valid_from, expired.valid_until = (
        today - timedelta(days=400),
        today - timedelta(days=36),
    )
    db.session.flush()
    expiring.expire_due(today)
    db.session.flush()
    return (
        f"PGS: 1 standard, {len(groups)} groups, {len(farms)} farms, {plots} plots, "
        f"{len(inspectors)} inspectors, {len(committee)} committee members, certificates in every state"
    )


modules.register_demo("producers.0_pgs", seed)  # before the lots and listings demo
