"""Demo data for the fund manager's journey in Khok Sai: a welfare fund with
three signatories, a CODI grant whose first tranche of 27,000 baht has
arrived, a budget of 553,000 area support / 147,000 administration, a meeting
with a resolution, and one request waiting for 2 of 3 approvals.
Idempotent: everything is looked up by its natural key first."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from core import modules
from core.auth.models import User
from core.db import db
from core.ledger import services as ledger
from core.tenancy.context import tenant_context
from core.tenancy.models import Membership, Tenant

TENANT = "khok-sai"
FUND_NAME = "กองทุนสวัสดิการชุมชนตำบลโคกทราย"
EXTRA_SIGNATORIES = (
    ("signatory-2@khoksai.demo", "ประไพ ทองแท้"),
    ("signatory-3@khoksai.demo", "สมศักดิ์ คงแก้ว"),
)
START = date(2026, 1, 1)


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _signatory_users(tenant: Tenant) -> list[User]:
    from core.demo.users import DEMO_PASSWORD

    users = []
    first = _user("signatory@khoksai.demo")
    if first is not None:
        users.append(first)
    for email, name in EXTRA_SIGNATORIES:
        user = _user(email)
        if user is None:
            user = User(email=email, display_name=name, lang="th",
                        password_hash=generate_password_hash(DEMO_PASSWORD))
            db.session.add(user)
            db.session.flush()
        with tenant_context(tenant.id):  # a membership is read and written bound to its tenant
            if db.session.scalar(sa.select(Membership.id).where(Membership.user_id == user.id,
                                                                Membership.tenant_id == tenant.id)) is None:
                db.session.add(Membership(user_id=user.id, tenant_id=tenant.id, roles=["signatory"]))
                db.session.flush()
        users.append(user)
    db.session.flush()
    return users


def seed() -> str:
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == TENANT))
    if tenant is None:
        return ""
    signers = _signatory_users(tenant)
    manager = _user("fund-manager@khoksai.demo")
    with tenant_context(tenant.id):
        return _seed_fund(tenant, signers, manager)


# A one-page PDF standing for the scanned minutes of a demo meeting.
MINUTES_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach_minutes(meeting_id: int, filename: str, actor_id: int | None) -> None:
    """The demo fund uses resolutions only once the minutes are attached."""
    from core.documents import services as documents
    from welfare.governance import evidence

    documents.store(MINUTES_PDF + filename.encode(), filename, "minutes", actor_id=actor_id,
                    target_type=evidence.MEETING, target_id=meeting_id)


def _seed_fund(tenant, signers, manager) -> str:
    from welfare.budgets import services as budgets
    from welfare.funds.services import create_fund
    from welfare.governance import disbursements
    from welfare.governance import services as governance
    from welfare.models.funds import Budget, Fund
    from welfare.models.governance import Disbursement, Meeting, Resolution, Signatory
    from welfare.models.sources import Grant
    from welfare.sources import services as sources

    fund = db.session.scalar(sa.select(Fund).where(Fund.name == FUND_NAME))
    if fund is not None:
        return ""
    actor = manager.id if manager else None
    fund = create_fund(name=FUND_NAME, kind="welfare", allows_lending=True, public=True, actor_id=actor,
                       requires_minutes=True,
                       description="กองทุนสวัสดิการชุมชน เงินหมุนเวียนเพื่อสมาชิก โปร่งใส ตรวจสอบได้")
    for user in signers:
        if db.session.scalar(sa.select(Signatory.id).where(Signatory.fund_id == fund.id,
                                                           Signatory.user_id == user.id)) is None:
            governance.add_signatory(fund_id=fund.id, user_id=user.id, valid_from=START, tenant_id=tenant.id)
    grant = db.session.scalar(sa.select(Grant).where(Grant.fund_id == fund.id))
    if grant is None:
        grant = sources.create_grant(
            fund_id=fund.id, grantor_name="สถาบันพัฒนาองค์กรชุมชน (พอช.)", grantor_kind="codi",
            total_satang=700_000_00, agreement_ref="MOU พอช. 2569/018", signed_on=date(2026, 1, 5),
            permitted_uses="สวัสดิการชุมชนและสนับสนุนพื้นที่", restricted=False, actor_id=actor)
        tranche = sources.add_tranche(grant_id=grant.id, amount_satang=27_000_00, expected_on=date(2026, 1, 15),
                                      conditions="เปิดบัญชีธนาคารและลงนาม MOU", actor_id=actor)
        sources.receive_tranche(tranche.id, received_on=date(2026, 1, 20), into="bank", actor_id=actor)
    if db.session.scalar(sa.select(Budget.id).where(Budget.fund_id == fund.id)) is None:
        budget = budgets.create_budget(fund_id=fund.id, name="งบประมาณปี 2569", period_start=START,
                                       period_end=date(2026, 12, 31), actor_id=actor)
        budgets.add_line(budget_id=budget.id, category="area_support", name="สนับสนุนพื้นที่ 18 พื้นที่",
                         amount_satang=553_000_00, actor_id=actor)
        budgets.add_line(budget_id=budget.id, category="administration", name="บริหารจัดการ",
                         amount_satang=147_000_00, cap_percent=25, actor_id=actor)
    meeting = db.session.scalar(sa.select(Meeting).where(Meeting.fund_id == fund.id))
    if meeting is None:
        meeting = governance.create_meeting(
            fund_id=fund.id, held_on=date(2026, 1, 25), kind="committee", title="ประชุมคณะกรรมการกองทุน ครั้งที่ 1/2569",
            attendees="\n".join(s.display_name for s in signers), attendee_count=11, eligible_count=15,
            quorum_percent=50, minutes="ที่ประชุมมีมติให้เบิกจ่ายเงินช่วยเหลือผู้ได้รับผลกระทบ วงเงินไม่เกิน 27,000 บาท",
            actor_id=actor)
        attach_minutes(meeting.id, "minutes-1-2569.pdf", actor)
    resolution = db.session.scalar(sa.select(Resolution).where(Resolution.meeting_id == meeting.id))
    if resolution is None:
        resolution = governance.create_resolution(
            meeting_id=meeting.id, kind="disbursement", amount_cap_satang=27_000_00, number="1/2569",
            purpose="ช่วยเหลือครัวเรือนกลุ่มเปราะบางที่ได้รับผลกระทบ", valid_until=max(date(2026, 12, 31), ledger.today() + timedelta(days=365)),
            actor_id=actor)
    if actor and db.session.scalar(sa.select(Disbursement.id).where(Disbursement.fund_id == fund.id)) is None:
        disbursements.request(
            fund_id=fund.id, resolution_id=resolution.id, amount_satang=5_000_00,
            purpose="ถุงยังชีพสำหรับครัวเรือนกักตัว หมู่ 3", target_type="welfare.expense", target_id=None,
            requested_by=actor, debit_key="program_expense", credit_key="bank")
    db.session.flush()
    return f"welfare: fund {fund.name}, tranche 27,000 baht, budget 553,000/147,000, resolution 1/2569"


modules.register_demo("welfare.funds", seed)
