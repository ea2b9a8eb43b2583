"""Demo log-ins: one per role in Khok Sai, plus the network and Songkhla admins.
All share one password, printed in the README."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from core.auth.models import User
from core.db import db
from core.tenancy.context import tenant_context
from core.tenancy.models import ALL_ROLES, Membership, Tenant

DEMO_PASSWORD = "pansuk-demo-2569"


@dataclass(frozen=True)
class DemoUser:
    email: str
    tenant: str
    roles: tuple[str, ...]
    display_name: str
    phone: str | None = None


_KHOK_SAI_NAMES = {
    "admin": "สดาภรณ์ ทองคำ",
    "staff": "อำไพ ศรีสุข",
    "volunteer": "ละเอียด ชูแก้ว",
    "household": "บุญมา แก้วมณี",
    "producer": "ประยูร หนูแก้ว",
    "inspector": "สุชาติ เพชรรัตน์",
    "committee": "เฉลิม ขาวผ่อง",
    "fund_manager": "วันเพ็ญ จันทร์แก้ว",
    "signatory": "สมพงษ์ ด้วงนุ้ย",
    "auditor": "กัลยา แสงทอง",
}

# The household member logs in with a phone number as well as an email.
HOUSEHOLD_PHONE = "+66812345678"


def demo_users() -> list[DemoUser]:
    users = [
        DemoUser(
            email=f"{role.replace('_', '-')}@khoksai.demo",
            tenant="khok-sai",
            roles=(role,),
            display_name=_KHOK_SAI_NAMES[role],
            phone=HOUSEHOLD_PHONE if role == "household" else None,
        )
        for role in ALL_ROLES
    ]
    users += [
        DemoUser("admin@phatthalung.demo", "phatthalung-network", ("admin",), "อภิชิต จันทร์เดช"),
        DemoUser("admin@songkhlapgs.demo", "songkhla-pgs", ("admin",), "พิศิฎ นิลเอก"),
        DemoUser("admin@songkhlacity.demo", "songkhla-city", ("admin",), "ดวงใจ บัวทอง"),
    ]
    return users


def ensure_users(tenants: dict[str, Tenant]) -> tuple[list[User], int]:
    """Users by email and their memberships; returns the users and how many were new."""
    wanted = demo_users()
    found = {
        u.email: u
        for u in db.session.scalars(sa.select(User).where(User.email.in_([w.email for w in wanted])))
    }
    created = 0
    users = []
    # One hash for all: the password is public, so a shared salt reveals nothing.
    password_hash = None
    for spec in wanted:
        user = found.get(spec.email)
        if user is None:
            password_hash = password_hash or generate_password_hash(DEMO_PASSWORD)
            user = User(
                email=spec.email,
                phone=spec.phone,
                display_name=spec.display_name,
                password_hash=password_hash,
                lang="th",
            )
            db.session.add(user)
            db.session.flush()
            created += 1
        tenant = tenants[spec.tenant]
        with tenant_context(tenant.id):  # a membership is read and written bound to its tenant
            membership = db.session.scalar(
                sa.select(Membership).where(Membership.user_id == user.id, Membership.tenant_id == tenant.id)
            )
            if membership is None:
                db.session.add(Membership(user_id=user.id, tenant_id=tenant.id, roles=list(spec.roles)))
                db.session.flush()
        users.append(user)
    db.session.flush()
    return users, created
