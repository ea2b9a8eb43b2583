"""welfare members: persons or households enrolled in a fund."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from core.db import BigId, Model, TenantScoped, UtcDateTime, tenant_relationship, utcnow
from core.errors import N_

MEMBER_STATUSES: dict[str, str] = {
    "active": N_("Active"),
    "suspended": N_("Suspended"),
    "left": N_("Left"),
    "deceased": N_("Deceased"),
}


class Member(TenantScoped, Model):
    __tablename__ = "welfare_member"
    __crossing_fanout__ = "status = 'active'"  # periodic tasks find the tenants with work (core.tenancy.crossing)
    __tenant_refs__ = {
        "fund_id": "welfare_fund:RESTRICT",
        "person_id": "person:RESTRICT",
        "household_id": "household:RESTRICT",
    }

    fund_id: Mapped[int] = mapped_column(BigId, nullable=False, index=True)
    person_id: Mapped[int | None] = mapped_column(BigId, index=True)
    household_id: Mapped[int | None] = mapped_column(BigId, index=True)
    member_no: Mapped[str | None] = mapped_column(sa.String(40))
    joined_on: Mapped[date] = mapped_column(sa.Date, nullable=False)
    status: Mapped[str] = mapped_column(sa.String(12), nullable=False, default="active")
    left_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), nullable=False, default=utcnow)

    person = tenant_relationship("Member", "person_id", "Person", viewonly=True)
    household = tenant_relationship("Member", "household_id", "Household", viewonly=True)

    __extra_table_args__ = (
        sa.CheckConstraint("(person_id IS NULL) <> (household_id IS NULL)", name="person_or_household"),
        sa.CheckConstraint("status IN ('active', 'suspended', 'left', 'deceased')", name="status_known"),
        sa.UniqueConstraint("tenant_id", "fund_id", "person_id", name="uq_welfare_member_person"),
        sa.UniqueConstraint("tenant_id", "fund_id", "household_id", name="uq_welfare_member_household"),
    )

    @property
    def status_label(self) -> str:
        return MEMBER_STATUSES.get(self.status, self.status)
