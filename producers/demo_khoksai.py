"""Demo producers of Khok Sai (after the kernel's demo people): the council's
organic group under its own charter, six farms of villagers already in the
register, the demo producer's farm among them — certified through the
workflow, so "my certificates" has one — and a second farm's inspection
planned with two peer inspectors, waiting for inspector@khoksai.demo.
Idempotent: does nothing once the charter exists."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from core import clock, modules
from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import Tenant

TENANT = "khok-sai"
CODE = "KHOKSAI-ORGANIC"
GROUP = "กลุ่มเกษตรอินทรีย์ตำบลโคกทราย"
# (household of the farmer, farm name, plots: (name, crop, land type, rai))
FARMS = (
    ("M02-001", "สวนผักลุงประยูร", (("แปลงผักหลังบ้าน", "ผักกาดหอม", "vegetable", 1),
                                     ("นาข้าวริมคลอง", "ข้าวเล็บนก", "paddy", 4))),
    ("M02-002", "สวนสมรมบ้านโคกทราย", (("สวนผลไม้ผสม", "มังคุด", "orchard", 3),)),
    ("M02-003", "ไร่ผักปลอดสาร", (("แปลงผักบุ้ง", "ผักบุ้ง", "vegetable", 1),
                                  ("แปลงถั่วฝักยาว", "ถั่วฝักยาว", "vegetable", 1))),
    ("M05-001", "นาอินทรีย์บ้านควน", (("นาข้าวสังข์หยด", "ข้าวสังข์หยด", "paddy", 6),)),
    ("M06-001", "สวนยางยั่งยืนโคกทราย", (("สวนยางแปลงใหญ่", "ยางพารา", "rubber", 10),)),
    ("M07-001", "ธนาคารต้นไม้บ้านป่าบอน", (("แปลงไม้ยืนต้น", "ไม้ตะเคียน", "tree_bank", 2),)),
)  # fmt: skip
PRODUCER_HOUSEHOLD = "M02-001"  # producer@khoksai.demo
WAITING_HOUSEHOLD = "M02-003"  # its inspection waits for inspector@ and inspector2@
INSPECTOR_HOUSEHOLDS = {"inspector@khoksai.demo": "M03-001", "inspector2@khoksai.demo": "M04-001"}


def seed() -> str:
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == TENANT))
    if tenant is None:
        return ""
    with tenant_context(tenant.id):
        from producers.models.pgs import Standard

        if db.session.scalar(sa.select(Standard.id).where(Standard.code == CODE)):
            return ""
        return _seed(tenant)


def _head(code: str):
    from core.registry.models import Household, Person

    return db.session.scalar(
        sa.select(Person)
        .join(Household, Household.head_person_id == Person.id)
        .where(Household.code == code)
    )


def _users(tenant: Tenant) -> dict:
    """The Khok Sai log-ins this demo uses, adding a second inspector and a
    second committee member (a team and a quorum need two)."""
    from werkzeug.security import generate_password_hash

    from core.auth.models import User
    from core.demo.users import DEMO_PASSWORD
    from core.tenancy.models import Membership

    wanted = {
        "producer@khoksai.demo": ("producer", None),
        "inspector@khoksai.demo": ("inspector", None),
        "inspector2@khoksai.demo": ("inspector", "ปรีชา ทองนวล"),
        "committee@khoksai.demo": ("committee", None),
        "committee2@khoksai.demo": ("committee", "สายใจ บุญช่วย"),
    }
    password_hash = None
    users: dict = {}
    for email, (role, name) in wanted.items():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is None and name is None:
            return {}  # the kernel's demo log-ins are missing
        if user is None:
            password_hash = password_hash or generate_password_hash(DEMO_PASSWORD)
            user = User(email=email, display_name=name, password_hash=password_hash, lang="th")
            db.session.add(user)
            db.session.flush()
            db.session.add(Membership(user_id=user.id, tenant_id=tenant.id, roles=[role]))
            db.session.flush()
        users[email] = user
    return users


def _seed(tenant: Tenant) -> str:
    from producers.demo_pgs import CRITERIA
    from producers.pgs import services

    users = _users(tenant)
    heads = {code: _head(code) for code, _n, _p in FARMS}
    if not users or not all(heads.values()):
        return ""
    today = clock.today()
    standard = services.create_standard(
        code=CODE, title_th="ธรรมนูญเกษตรอินทรีย์ตำบลโคกทราย",
        title_en="Khok Sai organic farming charter", actor_id=None,
    )  # fmt: skip
    for code, th, en, severity in CRITERIA:
        services.add_criterion(
            standard, code=code, text_th=th, text_en=en, severity=severity, actor_id=None
        )
    services.activate_standard(standard, effective_from=today - timedelta(days=700), actor_id=None)
    producer = heads[PRODUCER_HOUSEHOLD]
    if producer.user_id is None:
        producer.user_id = users["producer@khoksai.demo"].id
    inspectors = []
    for email, code in INSPECTOR_HOUSEHOLDS.items():
        person = _head(code)
        if person.user_id is None:
            person.user_id = users[email].id
        inspectors.append(person)
    db.session.flush()
    group = services.create_group(name=GROUP, village_id=producer.household.village_id, actor_id=None)
    farms, plots = {}, 0
    for n, (code, name, plot_specs) in enumerate(FARMS):
        person = heads[code]
        farm = services.create_farm(
            person_id=person.id, name=name, group_id=group.id,
            village_id=person.household.village_id, actor_id=None,
        )  # fmt: skip
        for k, (plot_name, crop, land, rai) in enumerate(plot_specs):
            plot = services.create_plot(
                farm,
                {
                    "code": f"KS-{n + 1:02d}-{k + 1}", "name": plot_name, "area_rai": str(rai),
                    "lat": str(Decimal("7.4310") + Decimal(n) / 200 + Decimal(k) / 900),
                    "lon": str(Decimal("100.1680") + Decimal(n) / 250),
                    "land_type": land, "water_source": ("well", "pond", "canal")[(n + k) % 3],
                },
                actor_id=None,
            )  # fmt: skip
            services.add_planting(
                plot, {"crop": crop, "planted_on": (today - timedelta(days=20 + n)).isoformat()},
                actor_id=None,
            )  # fmt: skip
            plots += 1
        farms[code] = farm
    _certify(farms[PRODUCER_HOUSEHOLD], standard, inspectors, users, today)
    _waiting(farms[WAITING_HOUSEHOLD], standard, inspectors, today)
    return (
        f"Khok Sai producers: 1 charter, 1 group, {len(farms)} farms, {plots} plots, "
        "the demo producer certified, an inspection waiting for the inspectors"
    )


def _pledge(farm, standard, today) -> None:
    from producers.pgs.workflow import pledging

    pledging.sign_pledge(
        farm, standard_id=standard.id, signed_on=today - timedelta(days=400),
        last_prohibited_input_on=today - timedelta(days=1200),
        history="เลิกใช้ปุ๋ยเคมีตั้งแต่เข้าร่วมกลุ่ม ใช้ปุ๋ยหมักที่ทำเอง", actor_id=None,
    )  # fmt: skip


def _certify(farm, standard, inspectors, users, today) -> None:
    from producers.pgs import services
    from producers.pgs.workflow import deciding, inspecting, screening

    _pledge(farm, standard, today)
    inspection = inspecting.plan_inspection(
        farm, cycle=today.year, planned_on=today - timedelta(days=20), actor_id=None
    )
    for person in inspectors:
        inspecting.add_inspector(inspection, person.id, actor_id=None)
    for criterion in services.criteria_of(standard.id):
        inspecting.answer(
            inspection, criterion_id=criterion.id, result="pass", actor_id=inspectors[0].user_id
        )
    for person in inspectors:
        inspecting.sign_verdict(
            inspection, verdict="pass", inspected_on=today - timedelta(days=18),
            summary="แปลงสะอาด มีแนวกันชน จดบันทึกครบ", actor_id=person.user_id,
        )  # fmt: skip
    screening.complete_screening(inspection, note="ไม่พบข้อบกพร่อง", actor_id=None)
    chair = users["committee@khoksai.demo"]
    meeting = deciding.open_meeting(
        held_on=today - timedelta(days=10), quorum=2, place="ศาลาประชาคมตำบลโคกทราย",
        actor_id=chair.id,
    )  # fmt: skip
    for email in ("committee@khoksai.demo", "committee2@khoksai.demo"):
        deciding.add_attendee(meeting, users[email].id, actor_id=chair.id)
    deciding.decide(meeting, inspection, outcome="organic", actor_id=chair.id)
    deciding.close_meeting(meeting, minutes="รับรองแปลงเกษตรอินทรีย์ 1 ราย", actor_id=chair.id)


def _waiting(farm, standard, inspectors, today) -> None:
    from producers.pgs.workflow import inspecting

    _pledge(farm, standard, today)
    inspection = inspecting.plan_inspection(
        farm, cycle=today.year, planned_on=today + timedelta(days=3), actor_id=None
    )
    for person in inspectors:
        inspecting.add_inspector(inspection, person.id, actor_id=None)


modules.register_demo("producers.0c_khoksai", seed)  # after the kernel's people, before the lots
